#include "run.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <nlohmann/json.hpp>

#include "bnlab/nn/batchnorm_reference.hpp"
#include "bnlab/rng.hpp"

namespace bnlab {
namespace {

constexpr int kEvalChunk = 256;  // columns per evaluation/grid forward pass
constexpr int kProbe = 256;      // fixed probe batch: the first training examples
static_assert(kProbe <= kEvalChunk, "the probe batch is one evaluation forward");

Mat<Real> to_matrix(const PointSet& s, const FeatureStats& st) {
  Mat<Real> x(2, s.size());
  for (int j = 0; j < s.size(); ++j)
    for (int f = 0; f < 2; ++f) x(f, j) = Real((s.x[2 * j + f] - st.mean[f]) / st.std[f]);
  return x;
}

// Columns of the evaluation workspace: evaluation chunks, the probe batch,
// and a mini-batch (the inspector and batch noise recompute one).
int eval_capacity(const RunConfig& rc) { return std::max(rc.train.batch_size, kEvalChunk); }

Percentiles percentiles(std::vector<double> v) {
  Percentiles p;
  if (v.empty()) return p;
  auto at = [&](double q) {
    // Linear interpolation between order statistics (numpy's default).
    const double pos = q * double(v.size() - 1);
    const size_t lo = size_t(std::floor(pos));
    std::nth_element(v.begin(), v.begin() + lo, v.end());
    const double a = v[lo];
    if (lo + 1 >= v.size()) return a;
    const double b = *std::min_element(v.begin() + lo + 1, v.end());
    return a + (pos - double(lo)) * (b - a);
  };
  p.p15 = at(0.15);
  p.p50 = at(0.50);
  p.p85 = at(0.85);
  return p;
}

std::vector<double> to_std(const Vec<Real>& v) { return std::vector<double>(v.data(), v.data() + v.size()); }

}  // namespace

Run::Run(const RunConfig& rc, const Dataset& data, uint64_t seed, bool record_trace)
    : rc_(rc), seed_(seed),
      loss_(data.classes == 2 ? LossKind::bce : LossKind::softmax_ce),
      raw_stats_(feature_stats(data.train)),
      stats_(rc.standardize ? raw_stats_ : FeatureStats{}),
      xtrain_(to_matrix(data.train, stats_)), xtest_(to_matrix(data.test, stats_)),
      ytrain_(data.train.y), ytest_(data.test.y),
      net_(rc.model, 2, data.classes == 2 ? 1 : data.classes, seed, rc.train.batch_size, eval_capacity(rc)),
      opt_(rc.train, net_.decay_mask(rc.train.l2)),
      order_(data.train.size()), labels_(rc.train.batch_size), batch_idx_(rc.train.batch_size),
      record_trace_(record_trace) {
  std::iota(order_.begin(), order_.end(), 0);
  Rng(mix_seed(seed_, 0xBA7C, 0)).shuffle(order_.begin(), order_.end());
  // Before the first step, "the last batch" is the first one to come.
  for (int j = 0; j < rc.train.batch_size; ++j) batch_idx_[j] = order_[size_t(j) % order_.size()];
  for (Kept& k : kept_) {
    k.state = Vec<Real>::Zero(net_.state_size());
    k.batch = batch_idx_;
  }
  net_.save_state(kept_[good_].state.data());
  kept_[good_].step = 0;
  if (record_trace_) initial_layers_ = layers_json();
  initial_params_ = net_.params();
}

void Run::next_batch() {
  const int n = static_cast<int>(order_.size());
  const int d = static_cast<int>(xtrain_.rows());  // features per example
  const Real* x = xtrain_.data();
  Real* in = net_.input(Mode::train).data();  // column j at in + j * d
  for (int j = 0; j < rc_.train.batch_size; ++j) {
    if (cursor_ == n) {  // next epoch: a fresh permutation from (seed, epoch)
      ++epoch_;
      cursor_ = 0;
      std::iota(order_.begin(), order_.end(), 0);
      Rng(mix_seed(seed_, 0xBA7C, uint64_t(epoch_))).shuffle(order_.begin(), order_.end());
    }
    const int i = order_[size_t(cursor_++)];
    batch_idx_[size_t(j)] = i;
    // Plain copies: Eigen's column assignment costs more than the two floats it moves.
    for (int f = 0; f < d; ++f) in[j * d + f] = x[std::ptrdiff_t(i) * d + f];
    labels_[size_t(j)] = ytrain_[size_t(i)];
  }
}

void Run::train(int n) {
  for (int s = 0; s < n && !diverged(); ++s) {
    begin_step();
    end_step();
  }
}

void Run::begin_step() {
  next_batch();
  net_.forward(rc_.train.batch_size, Mode::train);
}

void Run::end_step() {
  const Real loss = net_.backward(loss_, rc_.train.batch_size, labels_.data());
  if (record_trace_) record_step(double(loss));
  ++step_;
  if (std::isfinite(loss)) {  // else: stop before updating
    opt_.step(net_.params().data(), net_.grads().data());
    if (keep(loss)) return;
  }
  diverge(step_);
}

void Run::record_step(double loss) {
  TraceStep t{batch_idx_, loss, {}};
  const int n = rc_.train.batch_size;
  for (const Dropout<Real>* d : net_.dropouts()) {
    std::vector<uint8_t> kept(size_t(n) * size_t(d->out()));
    for (int j = 0; j < n; ++j)
      for (int u = 0; u < d->out(); ++u) kept[size_t(j) * size_t(d->out()) + size_t(u)] = d->kept(u, j) ? 1 : 0;
    t.dropout.push_back(std::move(kept));
  }
  trace_.push_back(std::move(t));
}

bool Run::keep(double loss) {
  if (!net_.state_finite()) return false;
  Kept& k = kept_[1 - good_];  // the older slot
  net_.save_state(k.state.data());
  k.batch = batch_idx_;  // same size: no allocation
  k.loss = loss;
  k.step = step_;
  good_ = 1 - good_;
  last_loss_ = loss;
  return true;
}

void Run::diverge(int64_t bad) {
  diverged_step_ = bad;
  if (kept_[good_].step >= bad) drop_newest();
  restore();
  if (!evaluates_finite() && drop_newest()) {
    diverged_step_ = bad - 1;
    restore();
  }
  step_ = diverged_step_;
}

bool Run::drop_newest() {
  Kept &newest = kept_[good_], &before = kept_[1 - good_];
  if (before.step < 0 || before.step != newest.step - 1) return false;
  newest.step = -1;
  good_ = 1 - good_;
  return true;
}

void Run::restore() {
  const Kept& k = kept_[good_];
  net_.load_state(k.state.data());
  batch_idx_ = k.batch;
  last_loss_ = k.loss;
}

bool Run::evaluates_finite() {
  double loss[2], acc[2];
  evaluate(xtrain_, ytrain_, &loss[0], &acc[0]);
  evaluate(xtest_, ytest_, &loss[1], &acc[1]);
  return std::isfinite(loss[0]) && std::isfinite(loss[1]);
}

void Run::evaluate(const Mat<Real>& x, const std::vector<int>& y, double* loss, double* acc) {
  LossSum total;
  const int n = static_cast<int>(x.cols());
  const int chunk = net_.capacity(Mode::infer);
  for (int j0 = 0; j0 < n; j0 += chunk) {
    const int m = std::min(chunk, n - j0);
    net_.input(Mode::infer).leftCols(m) = x.middleCols(j0, m);
    auto z = net_.forward(m, Mode::infer);
    LossSum s = loss_sum<Real>(loss_, z, y.data() + j0);
    total.loss += s.loss;
    total.correct += s.correct;
  }
  *loss = n ? total.loss / n : 0;
  *acc = n ? double(total.correct) / n : 0;
}

RunReport Run::report() {
  RunReport r;
  if (!diverged()) {
    evaluate(xtrain_, ytrain_, &r.train_loss, &r.train_acc);
    evaluate(xtest_, ytest_, &r.test_loss, &r.test_acc);
    // Finite parameters and statistics that still overflow on some example.
    if (!std::isfinite(r.train_loss) || !std::isfinite(r.test_loss)) diverge(step_);
  }
  r.name = rc_.name;
  r.step = step_;
  r.epoch = double(step_) * rc_.train.batch_size / double(order_.size());
  r.diverged = diverged();
  r.diverged_step = diverged_step_;
  r.last_good_step = kept_[good_].step;
  const double nan = std::nan("");
  // A diverged run has no current losses; the rest of the report (statistics,
  // percentiles), its grids and the inspector show its last finite state.
  r.batch_loss = r.diverged ? nan : last_loss_;
  if (r.diverged) r.train_loss = r.test_loss = r.train_acc = r.test_acc = nan;

  // Pre-activation percentiles on the probe batch (BN with that batch's statistics).
  const int probe = std::min<int>(kProbe, static_cast<int>(xtrain_.cols()));
  net_.input(Mode::probe).leftCols(probe) = xtrain_.leftCols(probe);
  net_.forward(probe, Mode::probe);
  for (int h = 0; h < net_.num_hidden(); ++h) {
    auto a = net_.preactivation(h, probe);
    std::vector<double> v(a.data(), a.data() + a.size());
    r.preact.push_back(percentiles(std::move(v)));
    // z before BN: the BN layer's input when BN sits before g; otherwise the
    // activation's input is already the dense output. One BN per hidden layer.
    const bool bn_first = rc_.model.batchnorm && rc_.model.bn_placement == BnPlacement::before;
    auto z = bn_first ? net_.batchnorm_input(h, probe) : net_.preactivation(h, probe);
    std::vector<double> w(z.data(), z.data() + z.size());
    r.z_before_bn.push_back(percentiles(std::move(w)));
  }

  r.standardized = rc_.standardize;
  for (int f = 0; f < 2; ++f) {
    r.input_mean[f] = raw_stats_.mean[f];
    r.input_std[f] = raw_stats_.std[f];
  }

  const auto& bns = net_.batchnorms();
  for (size_t i = 0; i < bns.size(); ++i) {
    BnReport b;
    b.layer = static_cast<int>(i);  // one BN per hidden layer, in order
    b.batch_mean = to_std(bns[i]->batch_mean);
    b.batch_var = to_std(bns[i]->batch_var);
    b.running_mean = to_std(bns[i]->running_mean);
    b.running_var = to_std(bns[i]->running_var);
    b.gamma = to_std(bns[i]->gamma);
    b.beta = to_std(bns[i]->beta);
    r.bn.push_back(std::move(b));
  }
  return r;
}

void Run::grid(const Dataset& d, int w, int h, GridMode mode, float* out) {
  grid_rows(d, w, h, 0, h, mode, out);
}

// Every cell's prediction depends on that cell alone (inference and last-batch
// modes use fixed statistics, the single mode a batch of one), so any split
// into chunks or bands gives the same values.
void Run::grid_rows(const Dataset& d, int w, int h, int r0, int r1, GridMode mode, float* out) {
  const Mode m = mode == GridMode::inference ? Mode::infer
               : mode == GridMode::last_batch ? Mode::last_batch : Mode::probe;
  // A batch of one: batch norm subtracts the example's own value as the mean,
  // so every unit's z_norm is 0 and the prediction ignores the input.
  const int chunk = mode == GridMode::single ? 1 : net_.capacity(m);
  const int first = r0 * w, cells = r1 * w, k = net_.outputs();
  const double dx = (d.xmax - d.xmin) / w, dy = (d.ymax - d.ymin) / h;
  for (int c0 = first; c0 < cells; c0 += chunk) {
    const int n = std::min(chunk, cells - c0);
    Mat<Real>& in = net_.input(m);
    for (int j = 0; j < n; ++j) {
      const int cell = c0 + j, row = cell / w, col = cell % w;
      const double x1 = d.xmin + (col + 0.5) * dx, x2 = d.ymax - (row + 0.5) * dy;
      in(0, j) = Real((x1 - stats_.mean[0]) / stats_.std[0]);
      in(1, j) = Real((x2 - stats_.mean[1]) / stats_.std[1]);
    }
    auto z = net_.forward(n, m);
    probabilities<Real>(loss_, z);
    for (int j = 0; j < n; ++j)
      for (int c = 0; c < k; ++c) out[size_t(c0 - first + j) * k + c] = float(z(c, j));
  }
}

std::string Run::check_unit(int bn, int unit) {
  const auto& bns = net_.batchnorms();
  if (bns.empty()) return "bn: run '" + rc_.name + "' has no batch-norm layer";
  if (bn < 0 || bn >= int(bns.size()))
    return "bn: layer " + std::to_string(bn) + " does not exist (allowed: 0.." + std::to_string(bns.size() - 1) + ")";
  if (unit < 0 || unit >= bns[size_t(bn)]->in())
    return "unit: " + std::to_string(unit) + " does not exist in batch-norm layer " + std::to_string(bn) +
           " (allowed: 0.." + std::to_string(bns[size_t(bn)]->in() - 1) + ")";
  return "";
}

void Run::batch_z(int bn, int unit, int n, std::vector<double>* z) {
  net_.forward(n, Mode::probe);
  auto in = net_.batchnorm_input(bn, n);
  z->resize(size_t(n));
  for (int j = 0; j < n; ++j) (*z)[size_t(j)] = double(in(unit, j));
}

namespace {
// z_norm of one unit's z over a batch, with the batch's mu, biased sigma^2 and
// 1/sqrt(sigma^2 + eps): the reference batch norm (batchnorm_reference.hpp) in
// double, on one feature, with gamma = 1 and beta = 0.
void normalize(const std::vector<double>& z, double eps, bool notes, double* mu, double* var, double* rstd,
               std::vector<double>* zn) {
  const double one = 1, zero = 0;
  zn->resize(z.size());
  if (notes)
    batchnorm_forward_notes(zn->data(), mu, var, rstd, z.data(), &one, &zero, int(z.size()), 1);
  else
    batchnorm_forward(zn->data(), mu, var, rstd, z.data(), &one, &zero, eps, int(z.size()), 1);
}

// Standard deviation (biased) of v.
double spread(const std::vector<double>& v) {
  if (v.empty()) return 0;
  double sum = 0, squares = 0;
  for (double x : v) sum += x;
  const double mean = sum / double(v.size());
  for (double x : v) squares += (x - mean) * (x - mean);
  return std::sqrt(squares / double(v.size()));
}
}  // namespace

Result<BnInspect> Run::inspect(int bn, int unit) {
  Result<BnInspect> r;
  r.error = check_unit(bn, unit);
  if (!r.ok()) return r;
  BnInspect& b = r.value;
  b.layer = bn;
  b.unit = unit;
  const int n = rc_.train.batch_size;
  b.examples = batch_idx_;
  for (int j = 0; j < n; ++j) net_.input(Mode::probe).col(j) = xtrain_.col(batch_idx_[size_t(j)]);
  batch_z(bn, unit, n, &b.z);
  const BatchNorm<Real>* layer = net_.batchnorms()[size_t(bn)];
  b.eps = double(layer->eps());
  b.gamma = double(layer->gamma[unit]);
  b.beta = double(layer->beta[unit]);
  b.formula = to_string(rc_.model.bn_formula);
  b.affine = layer->affine();
  double rstd;
  normalize(b.z, b.eps, layer->notes(), &b.mu, &b.var, &rstd, &b.z_norm);
  b.z_tilde.resize(b.z.size());
  batchnorm_normalize(b.z_tilde.data(), b.z.data(), &b.mu, &rstd, &b.gamma, &b.beta, n, 1);
  // Does scale cancel? The same batch with every z scale_probe times as large.
  std::vector<double> scaled(b.z), zn;
  for (double& v : scaled) v *= b.scale_probe;
  double mu2, var2, rstd2;
  normalize(scaled, b.eps, layer->notes(), &mu2, &var2, &rstd2, &zn);
  b.z_norm_std = spread(b.z_norm);
  b.z_norm_std_scaled = spread(zn);
  // The dense layer feeding this batch norm, when it has a bias (bn_bias).
  const auto& layers = net_.layers();
  for (size_t k = 1; k < layers.size(); ++k) {
    if (layers[k].get() != layer) continue;
    const auto* d = dynamic_cast<const Dense<Real>*>(layers[k - 1].get());
    if (!d || !d->has_bias()) break;
    const Real* p0 = initial_params_.data() + (d->b.data() - net_.params().data());
    const Real* w0 = initial_params_.data() + (d->W.data() - net_.params().data());
    b.has_bias = true;
    b.bias = double(d->b[unit]);
    b.bias_grad = double(d->db[unit]);
    b.bias_moved = std::fabs(double(d->b[unit]) - double(p0[unit]));
    double moved = 0;
    for (int i = 0; i < d->in(); ++i) {  // W column-major (out x in): W(unit, i) at i * out + unit
      const double dw = double(d->W(unit, i)) - double(w0[std::ptrdiff_t(i) * d->out() + unit]);
      moved += dw * dw;
    }
    b.weights_moved = std::sqrt(moved);
    break;
  }
  return r;
}

Result<BnInspect> Run::make_identity(int bn, int unit) {
  Result<BnInspect> r = inspect(bn, unit);
  if (!r.ok()) return r;
  BatchNorm<Real>* layer = net_.batchnorms()[size_t(bn)];
  if (!layer->affine()) {
    r.error = "identity: run '" + rc_.name + "' has no gamma and beta (model.bn_affine is false)";
    return r;
  }
  if (diverged()) {
    r.error = "identity: run '" + rc_.name + "' has diverged";
    return r;
  }
  // z_tilde = gamma (z - mu) / s + beta = z when gamma = s and beta = mu,
  // s = sqrt(sigma^2 + eps), or the notes' sigma^2.
  const double s = layer->notes() ? r.value.var : std::sqrt(r.value.var + r.value.eps);
  layer->gamma[unit] = Real(s);
  layer->beta[unit] = Real(r.value.mu);
  // The kept state (what divergence restores) is this one now.
  net_.save_state(kept_[good_].state.data());
  return inspect(bn, unit);
}

Result<Smoothness> Run::smoothness() {
  Result<Smoothness> r;
  if (diverged()) {
    r.error = "run '" + rc_.name + "' has diverged: no gradient to follow";
    return r;
  }
  // Everything a train forward and backward touch that outlives them: the
  // state (parameters, running and batch statistics) and the gradients.
  Vec<Real> state(net_.state_size());
  net_.save_state(state.data());
  const Vec<Real> grads = net_.grads();
  const Vec<Real> p0 = net_.params();
  // With dropout, every loss of one measurement uses the same masks (the ones
  // the next step would draw), and the stream is put back afterwards, so the
  // run's trajectory does not depend on measuring.
  const Rng stream = net_.dropout_stream();
  const int n = rc_.train.batch_size, d = static_cast<int>(xtrain_.rows());
  Real* in = net_.input(Mode::train).data();
  std::vector<int> labels(size_t(n), 0);
  for (int j = 0; j < n; ++j) {
    const int i = batch_idx_[size_t(j)];
    for (int f = 0; f < d; ++f) in[j * d + f] = xtrain_(f, i);
    labels[size_t(j)] = ytrain_[size_t(i)];
  }
  auto loss_and_grad = [&](const Vec<Real>& params) {
    net_.params() = params;
    net_.dropout_stream() = stream;
    net_.forward(n, Mode::train);
    return double(net_.backward(loss_, n, labels.data()));
  };
  auto norm = [](const Vec<Real>& v) {  // in double, in a fixed order
    double s = 0;
    for (Eigen::Index i = 0; i < v.size(); ++i) s += double(v[i]) * double(v[i]);
    return std::sqrt(s);
  };
  Smoothness& s = r.value;
  s.loss = loss_and_grad(p0);
  const Vec<Real> g = net_.grads();
  s.grad_norm = norm(g);
  const double eta = rc_.train.learning_rate;
  Vec<Real> g1;
  for (double k : {0.5, 1.0, 2.0, 4.0}) {
    Vec<Real> p = p0;
    for (Eigen::Index i = 0; i < p.size(); ++i) p[i] = Real(double(p0[i]) - k * eta * double(g[i]));
    s.step_sizes.push_back(k * eta);
    s.losses.push_back(loss_and_grad(p));
    if (k == 1.0) g1 = net_.grads();
  }
  const auto [lo, hi] = std::minmax_element(s.losses.begin(), s.losses.end());
  s.loss_variation = *hi - *lo;
  Vec<Real> dg = g1;
  for (Eigen::Index i = 0; i < dg.size(); ++i) dg[i] = g1[i] - g[i];
  s.grad_change = norm(dg);
  s.beta = s.grad_norm > 0 ? s.grad_change / (eta * s.grad_norm) : 0;
  net_.load_state(state.data());
  net_.grads() = grads;
  net_.dropout_stream() = stream;
  return r;
}

Result<std::vector<double>> Run::batch_noise(int bn, int unit, int example, int samples) {
  Result<std::vector<double>> r;
  r.error = check_unit(bn, unit);
  const int n = static_cast<int>(order_.size()), b = rc_.train.batch_size;
  if (r.ok() && (example < 0 || example >= n))
    r.error = "example: " + std::to_string(example) + " is not a training example (allowed: 0.." + std::to_string(n - 1) + ")";
  if (r.ok() && (samples < 1 || samples > 1000))
    r.error = "samples: " + std::to_string(samples) + " is out of range (allowed: 1..1000)";
  if (!r.ok()) return r;
  std::vector<int> others(size_t(n - 1));
  for (int i = 0, k = 0; i < n; ++i)
    if (i != example) others[size_t(k++)] = i;
  Rng rng(mix_seed(seed_, 0x0015E, uint64_t(example)));
  const double eps = double(net_.batchnorms()[size_t(bn)]->eps());
  std::vector<double> z, zn;
  double mu, var, rstd;
  Mat<Real>& in = net_.input(Mode::probe);
  for (int s = 0; s < samples; ++s) {
    // The example plus b - 1 others drawn without replacement (partial Fisher-Yates).
    in.col(0) = xtrain_.col(example);
    for (int j = 1; j < b; ++j) {
      const int pick = j - 1 + int(rng.below(uint32_t(n - j)));
      std::swap(others[size_t(j - 1)], others[size_t(pick)]);
      in.col(j) = xtrain_.col(others[size_t(j - 1)]);
    }
    batch_z(bn, unit, b, &z);
    normalize(z, eps, net_.batchnorms()[size_t(bn)]->notes(), &mu, &var, &rstd, &zn);
    r.value.push_back(zn[0]);
  }
  return r;
}

std::string Run::layers_json() {
  using nlohmann::json;
  json layers = json::array();
  for (auto& L : net_.layers()) {
    if (auto* d = dynamic_cast<Dense<Real>*>(L.get())) {
      json w = json::array();
      for (int o = 0; o < d->out(); ++o) {
        json row = json::array();
        for (int i = 0; i < d->in(); ++i) row.push_back(double(d->W(o, i)));
        w.push_back(std::move(row));
      }
      json b = d->has_bias() ? json(to_std(d->b)) : json(nullptr);
      layers.push_back({{"type", "dense"}, {"in", d->in()}, {"out", d->out()}, {"weight", w}, {"bias", b}});
    } else if (auto* bn = dynamic_cast<BatchNorm<Real>*>(L.get())) {
      // affine false: gamma and beta are the fixed 1 and 0 (PyTorch affine=False).
      layers.push_back({{"type", "batchnorm"}, {"features", bn->in()}, {"eps", double(bn->eps())},
                        {"momentum", double(bn->momentum())}, {"gamma", to_std(bn->gamma)},
                        {"beta", to_std(bn->beta)}, {"running_mean", to_std(bn->running_mean)},
                        {"running_var", to_std(bn->running_var)}, {"affine", bn->affine()},
                        {"formula", bn->notes() ? "notes" : "standard"}});
    } else if (auto* a = dynamic_cast<ActivationLayer<Real>*>(L.get())) {
      json e = {{"type", "activation"}, {"fn", to_string(a->fn())}};
      if (a->fn() == Activation::leaky_relu) e["slope"] = double(a->slope());
      layers.push_back(std::move(e));
    }
  }
  return layers.dump();
}

}  // namespace bnlab
