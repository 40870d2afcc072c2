#!/usr/bin/env bash
# bnlab run --data FILE against PyTorch: traces of runs on the learner's own
# points replay in PyTorch (tests/reference/replay_torch.py, the tolerance of
# tests/cli/torch_replay.sh), and the trace's data are the file's rows: with
# input normalization off, every train point is a distinct row of the file
# (as float32) with that row's label, and train + test = every row.
#   usage: data_torch_replay.sh PATH/TO/bnlab
# Needs PyTorch for Debian's python (python3-torch); without it this FAILS.
set -uo pipefail

bnlab=${1:?usage: data_torch_replay.sh PATH/TO/bnlab}
here=$(cd "$(dirname "$0")" && pwd)
replay=$here/../reference/replay_torch.py
py=/usr/bin/python3
steps=150

if [ ! -x "$bnlab" ]; then
  echo "data_torch_replay: FAIL: no bnlab binary at '$bnlab'"
  exit 1
fi
if [ ! -x "$py" ] || ! "$py" -c 'import torch' 2>/dev/null; then
  echo "data_torch_replay: FAIL: $py cannot import torch; install PyTorch for it: apt-get install python3-torch"
  exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=()

# Two files a learner might bring: three shifted, differently scaled clusters
# with a header and CRLF; two interleaved arcs (a drawn "moons"), LF, no header.
"$py" - "$tmp" <<'PY'
import math, random, sys, os
r = random.Random(3)
with open(os.path.join(sys.argv[1], "clusters.csv"), "w", newline="") as f:
    f.write("x1,x2,label\r\n")
    for i in range(300):
        k = i % 3
        f.write("%.17g,%.17g,%d\r\n" % (40 + 6 * math.cos(2 * k) + r.gauss(0, 2.5),
                                         -0.3 + 0.2 * math.sin(2 * k) + r.gauss(0, 0.08), k))
with open(os.path.join(sys.argv[1], "arcs.csv"), "w", newline="") as f:
    for i in range(200):
        k = i % 2
        t = r.uniform(0, math.pi)
        x = (math.cos(t) if k == 0 else 1 - math.cos(t)) + r.gauss(0, 0.1)
        y = (math.sin(t) if k == 0 else 0.5 - math.sin(t)) + r.gauss(0, 0.1)
        f.write("%.6f,%.6f,%d\n" % (3 * x, 3 * y, k))
PY

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

# 3 classes (softmax), standardized inputs, without and with BN.
record clusters --data "$tmp/clusters.csv"
# 2 classes (sigmoid), raw inputs, Adam, small batches, another seed.
record arcs_raw --data "$tmp/arcs.csv" --set data.standardize=false --set train.optimizer=adam \
  --set train.learning_rate=0.003 --set train.batch_size=8 --seed 4

# The trace's data are the file's rows (inputs raw in arcs_raw).
if [ -f "$tmp/arcs_raw.json" ]; then
  if "$py" - "$tmp/arcs_raw.json" "$tmp/arcs.csv" <<'PY'; then
import json, struct, sys
t = json.load(open(sys.argv[1]))
f32 = lambda v: struct.unpack("f", struct.pack("f", v))[0]
rows = [l.split(",") for l in open(sys.argv[2]).read().split("\n") if l]
by_point = {}
for i, (a, b, y) in enumerate(rows):
    by_point.setdefault((f32(float(a)), f32(float(b))), []).append((i, int(y)))
xs, ys = t["data"]["train_x"], t["data"]["train_y"]
n_train = len(xs)
assert t["config"]["data"]["name"] == "custom" and t["config"]["data"]["points"] == len(rows) == 200
assert n_train == 100 == len(ys), n_train
used = set()
for (a, b), y in zip(xs, ys):
    match = [(i, label) for i, label in by_point.get((a, b), []) if i not in used]
    assert match, "train point %r is not a row of the file" % ((a, b),)
    i, label = match[0]
    assert label == y, "train point %r has label %d, its row %d says %d" % ((a, b), y, i, label)
    used.add(i)
print("ok: the trace's %d train points are distinct rows of the file with their labels" % n_train)
PY
    :
  else
    failed+=("arcs_raw_data")
  fi
fi

if [ ${#failed[@]} -gt 0 ]; then
  echo "data_torch_replay: FAIL: ${failed[*]}"
  exit 1
fi
echo "data_torch_replay: PASS: traces of --data runs agree with PyTorch"
