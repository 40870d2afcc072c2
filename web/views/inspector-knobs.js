// The inspector's numbers beyond the worked example (issue 10, items 6-9):
//  - the implementing lesson's claim over the batch, for the selected unit:
//    z_norm has mean 0 and variance about 1, z_tilde mean beta and spread |gamma|;
//  - model.bn_bias: b of the dense layer before the unit, its gradient in the
//    last step, how far b and the unit's weights W moved since step 0;
//  - model.bn_formula: z_norm's spread, and what it would be if every z were
//    twice as large (the same with the corrected formulas, half as written);
//  - "make this unit the identity" (gamma = sqrt(sigma^2 + eps), beta = mu):
//    the engine sets them (worker makeIdentity) and z_tilde = z is shown.
// Every number is drawn from the snapshot the inspector shows (show(d)).
import { t } from '../i18n/index.js';
import { el, fmt } from './dom.js';

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs) => { const m = mean(xs); return xs.reduce((a, b) => a + (b - m) * (b - m), 0) / xs.length; };

export class KnobsPanel {
  // onResult(d): the inspector's numbers after the identity action.
  constructor(host, onResult) {
    this.host = host;
    this.onResult = onResult;
    this.stats = el('dl', 'inspector-stats');
    this.stats.setAttribute('aria-label', t('view.inspector.statsLabel'));
    this.root = el('div', 'inspector-knobs');
    this.bias = el('p', 'view-note inspector-bias');
    this.scale = el('p', 'view-note inspector-scale');
    this.identityButton = el('button', { type: 'button', className: 'small-button inspector-identity' }, t('view.inspector.identity'));
    this.identityButton.type = 'button';
    this.identityButton.addEventListener('click', () => this.makeIdentity());
    this.identityNote = el('p', 'view-note inspector-identity-note');
    this.identityNote.setAttribute('aria-live', 'polite');
    this.root.append(this.bias, this.scale, this.identityButton, this.identityNote);
    this.reset();
  }

  reset() {
    this.d = null;
    this.numbers = {};
    this.identity = null;  // {worst, error} of the last identity action
    this.identityNote.textContent = '';
    this.stats.replaceChildren();
    this.bias.hidden = true;
    this.scale.hidden = true;
    this.identityButton.hidden = true;
  }

  show(d) {
    this.d = d;
    const n = {
      zNormMean: mean(d.zNorm), zNormVar: variance(d.zNorm),
      zTildeMean: mean(d.zTilde), zTildeStd: Math.sqrt(variance(d.zTilde)),
      beta: d.beta, absGamma: Math.abs(d.gamma),
    };
    this.numbers = n;
    const item = (key, label, value, target) => {
      const dd = el('dd', '', t('view.inspector.statValue', { value: fmt(value), target }));
      dd.dataset.stat = key;
      dd.dataset.value = String(value);
      return [el('dt', '', label), dd];
    };
    this.stats.replaceChildren(
      ...item('zNormMean', t('view.inspector.zNormMean'), n.zNormMean, '0'),
      ...item('zNormVar', t('view.inspector.zNormVar'), n.zNormVar, t('view.inspector.aboutOne')),
      ...item('zTildeMean', t('view.inspector.zTildeMean'), n.zTildeMean, `β = ${fmt(d.beta)}`),
      ...item('zTildeStd', t('view.inspector.zTildeStd'), n.zTildeStd, `|γ| = ${fmt(Math.abs(d.gamma))}`),
    );
    this.bias.hidden = !d.hasBias;
    if (d.hasBias) {
      this.bias.textContent = t('view.inspector.bias', {
        b: fmt(d.bias), grad: fmt(d.biasGrad), moved: fmt(d.biasMoved), weights: fmt(d.weightsMoved),
      });
    }
    this.scale.hidden = false;
    this.scale.textContent = t(d.formula === 'notes' ? 'view.inspector.scaleNotes' : 'view.inspector.scaleStandard', {
      spread: fmt(d.zNormStd), factor: String(d.scaleProbe), scaled: fmt(d.zNormStdScaled),
    });
    this.identityButton.hidden = false;
    this.identityButton.disabled = !d.affine || !this.host.call;
    if (!d.affine) this.identityNote.textContent = t('view.inspector.identityNoAffine');
    else if (this.identity && this.identity.unit !== `${d.run}/${d.layer}/${d.unit}`) this.identityNote.textContent = '';
  }

  async makeIdentity() {
    const d = this.d;
    if (!d || !this.host.call) return;
    this.identityButton.disabled = true;
    let result;
    try {
      result = await this.host.call('makeIdentity', d.run, d.layer, d.unit);
    } catch (err) {
      result = { error: String(err && err.message ? err.message : err) };
    }
    this.identityButton.disabled = false;
    if (!result || result.error) {
      this.identity = { error: result ? result.error : '', unit: `${d.run}/${d.layer}/${d.unit}` };
      this.identityNote.textContent = this.identity.error;
      return;
    }
    // z_tilde = z for every example of the batch, up to float rounding.
    let worst = 0;
    result.z.forEach((z, j) => { worst = Math.max(worst, Math.abs(result.zTilde[j] - z) / (1 + Math.abs(z))); });
    this.identity = { worst, gamma: result.gamma, beta: result.beta, step: null, error: '', unit: `${d.run}/${d.layer}/${d.unit}` };
    this.identityNote.textContent = t('view.inspector.identityDone', { gamma: fmt(result.gamma), beta: fmt(result.beta), worst: worst.toExponential(1) });
    this.onResult(result);
  }

  data() {
    return { stats: { ...this.numbers }, identity: this.identity ? { ...this.identity } : null,
      hasBias: this.d ? Boolean(this.d.hasBias) : false,
      bias: this.d && this.d.hasBias ? { b: this.d.bias, grad: this.d.biasGrad, moved: this.d.biasMoved, weightsMoved: this.d.weightsMoved } : null,
      scale: this.d ? { probe: this.d.scaleProbe, spread: this.d.zNormStd, scaled: this.d.zNormStdScaled } : null,
      identityEnabled: !this.identityButton.hidden && !this.identityButton.disabled };
  }
}
