#!/usr/bin/env bash
# End-to-end check against an independent framework: record `bnlab run --trace`
# for several configurations and replay each in PyTorch (float64) with
# tests/reference/replay_torch.py, which compares every mini-batch loss and every
# final parameter and BN running statistic. Then proves the checker can fail by
# replaying deliberately perturbed copies of one trace.
#   usage: torch_replay.sh PATH/TO/bnlab
# Needs PyTorch for Debian's python (/usr/bin/python3, package python3-torch);
# without it this check FAILS rather than skipping.
# The configurations are ones where float32 rounding alone stays well inside the
# replay's 1e-4 tolerance (replay_torch.py prints a rounding check when a run
# disagrees, to tell an engine bug from a rounding-sensitive trajectory).
set -uo pipefail

bnlab=${1:?usage: torch_replay.sh PATH/TO/bnlab}
here=$(cd "$(dirname "$0")" && pwd)
replay=$here/../reference/replay_torch.py
py=/usr/bin/python3
steps=150

if [ ! -x "$bnlab" ]; then
  echo "torch_replay: FAIL: no bnlab binary at '$bnlab'"
  exit 1
fi
if [ ! -x "$py" ] || ! "$py" -c 'import torch' 2>/dev/null; then
  echo "torch_replay: FAIL: $py cannot import torch; install PyTorch for it: apt-get install python3-torch"
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=()

# record NAME BNLAB_ARGS...: trace one configuration and replay it.
record() {
  local name=$1
  shift
  echo "== $name: bnlab run $* --steps $steps"
  if ! "$bnlab" run "$@" --steps "$steps" --trace "$tmp/$name.json" >"$tmp/$name.out" 2>"$tmp/$name.err"; then
    echo "FAIL $name: bnlab run exited non-zero:"
    tail -n 5 "$tmp/$name.err"
    failed+=("$name")
    return
  fi
  if ! "$py" "$replay" "$tmp/$name.json"; then
    failed+=("$name")
  fi
}

# (a) The opening comparison (without and with batch norm), as shipped.
record default --preset default
# (b) tanh, Adam, L2 on dense weights, BN after the activation. Learning rates
# here are chosen so that float32 rounding alone stays well inside the
# tolerance (PyTorch's own float32 replay differs from float64 by ~1e-5); with
# Adam at 0.01 this network's trajectory amplifies rounding to ~1e-2, and then
# no float32 engine could match float64 to 1e-4.
record tanh_adam_l2_after --preset default --set model.activation=tanh --set train.optimizer=adam \
  --set train.learning_rate=0.003 --set train.l2=0.001 --set model.bn_placement=after
# (c) The other optimizers (RMSprop's alpha and eps, heavy-ball momentum).
record rmsprop --preset default --set train.optimizer=rmsprop --set train.learning_rate=0.003 \
  --set train.rms_alpha=0.95
record momentum --preset default --set train.optimizer=momentum --set train.learning_rate=0.02 \
  --set train.momentum=0.9
# (d) Three classes: softmax cross-entropy, with and without batch norm.
record blobs --preset default --set data.name=blobs --set data.noise=0.5
# (e) Leaky ReLU (slope in the trace), raw (unstandardized) shifted inputs, small batches.
record leaky_raw --preset default --set model.activation=leaky_relu --set model.leaky_slope=0.1 \
  --set data.name=moons --set data.standardize=false --set data.shift=[3,-1] --set train.batch_size=8 \
  --set train.learning_rate=0.02
# (f) Sigmoid. (Sigmoid with BN on xor or circle, or with Xavier init, is a
# trajectory where PyTorch's own float32 replay already differs from float64 by
# 1e-4 to 1e-1 within 150 steps: not usable for a 1e-4 comparison.)
record sigmoid --preset default --set model.activation=sigmoid
# (g) SGD with L2 (coupled, PyTorch's weight_decay), with and without BN: the
# decay must reach the dense weights only; on biases, gamma or beta the
# trajectories part within a few dozen steps.
record sgd_l2 --preset default --set train.l2=0.01
# (h) Dropout (model.dropout) with the trace's recorded masks: without and with
# BN, and with BN after the activation (dropout then follows the BN).
record dropout --preset default --set model.dropout=0.2
record dropout_after --preset default --set model.dropout=0.3 --set model.bn_placement=after \
  --set model.activation=tanh --set train.learning_rate=0.05

# (h) The notes' "what ifs" (model.bn_bias, bn_affine, bn_formula): a bias before
# batch norm (its preset), nn.BatchNorm1d(affine=False), and the notes' formulas
# as written, replayed with a hand-written torch module (NotesBatchNorm).
record bias_before_bn --preset bias-before-bn
record affine_off --preset default --set model.bn_affine=false
record notes_formula --preset default --set model.bn_formula=notes

# The checker must be able to fail: perturb one loss (1e-3 relative), one final
# weight, or the recorded learning rate of the default trace (when it passed),
# and expect a comparison failure (not a crash or a malformed-trace message).
if [[ " ${failed[*]} " != *" default "* ]] && [ -f "$tmp/default.json" ]; then
  for what in loss weight learning_rate; do
    "$py" - "$tmp/default.json" "$tmp/perturbed_$what.json" "$what" <<'EOF'
import json, sys
src, dst, what = sys.argv[1:]
t = json.load(open(src))
run = t["runs"][-1]
if what == "loss":
    run["steps"][60]["loss"] *= 1.001
elif what == "weight":
    dense = [l for l in run["final_layers"] if l["type"] == "dense"][1]
    dense["weight"][0][0] = dense["weight"][0][0] * 1.001 + 1e-4
else:
    run["optimizer"]["learning_rate"] *= 1.01
json.dump(t, open(dst, "w"))
EOF
    "$py" "$replay" "$tmp/perturbed_$what.json" >"$tmp/perturbed_$what.out" 2>&1
    rc=$?
    if [ $rc -eq 1 ] && grep -q '^FAIL run' "$tmp/perturbed_$what.out"; then
      echo "ok: a perturbed $what is detected ($(grep -m1 -o 'first differing loss: step [0-9]*\|[0-9]* final values differ' "$tmp/perturbed_$what.out"))"
    else
      echo "FAIL: replay_torch.py did not report a disagreement for a trace with a perturbed $what (exit $rc):"
      tail -n 5 "$tmp/perturbed_$what.out"
      failed+=("perturbed_$what")
    fi
  done
fi
# A dropout replay must use the masks: flipped mask values are detected.
if [[ " ${failed[*]} " != *" dropout "* ]] && [ -f "$tmp/dropout.json" ]; then
  "$py" - "$tmp/dropout.json" "$tmp/perturbed_mask.json" <<'EOF'
import json, sys
t = json.load(open(sys.argv[1]))
for row in t["runs"][-1]["steps"][40]["dropout"][0][:4]:  # four examples' first-layer masks
    row[:] = [1 - v for v in row]
json.dump(t, open(sys.argv[2], "w"))
EOF
  "$py" "$replay" "$tmp/perturbed_mask.json" >"$tmp/perturbed_mask.out" 2>&1
  rc=$?
  if [ $rc -eq 1 ] && grep -q '^FAIL run' "$tmp/perturbed_mask.out"; then
    echo "ok: flipped dropout mask values are detected"
  else
    echo "FAIL: replay_torch.py did not report a disagreement for a trace with flipped mask values (exit $rc):"
    tail -n 5 "$tmp/perturbed_mask.out"
    failed+=("perturbed_mask")
  fi
fi

if [ ${#failed[@]} -gt 0 ]; then
  echo "torch_replay: FAIL: ${failed[*]}"
  exit 1
fi
echo "torch_replay: PASS: every trace agrees with PyTorch"
