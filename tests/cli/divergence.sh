#!/usr/bin/env bash
# A diverged run is never missed and `nan` is never printed: the two commands
# that once printed nan (one with a NaN loss, one whose BN running variance
# overflowed while its batch loss stayed finite). The summary, the CSV (empty
# fields for a diverged run) and the JSON reports must agree on which run
# diverged and when.
# Usage: divergence.sh /path/to/bnlab
set -u
bnlab="$1"
py=/usr/bin/python3
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# check NAME EXPECTED_DIVERGED_RUNS ARGS...
check() {
  local name=$1 expected=$2
  shift 2
  if ! "$bnlab" run "$@" --csv "$tmp/$name.csv" --json "$tmp/$name.jsonl" >"$tmp/$name.out" 2>"$tmp/$name.err"; then
    fail "$name: bnlab run $* exited non-zero: $(cat "$tmp/$name.err")"
    return
  fi
  if grep -qiE 'nan|inf' "$tmp/$name.out" "$tmp/$name.csv"; then
    fail "$name: nan or inf printed: $(grep -iE 'nan|inf' "$tmp/$name.out" "$tmp/$name.csv" | head -3)"
  fi
  grep -qE 'NaN|Infinity' "$tmp/$name.jsonl" && fail "$name: NaN or Infinity in the JSON reports"
  $py - "$tmp/$name.csv" "$tmp/$name.jsonl" "$tmp/$name.out" "$expected" <<'PY' || fail "$name: outputs disagree (see above)"
import csv, json, math, re, sys
csv_path, jsonl_path, out_path, expected = sys.argv[1:]
expected = set(expected.split(",")) if expected else set()
rows = list(csv.DictReader(open(csv_path)))
reports = [json.loads(line) for line in open(jsonl_path)]
summary = open(out_path).read()
ok = True
def bad(msg):
    global ok
    ok = False
    print("  " + msg)
by_step = {r["step"]: {run["name"]: run for run in r["runs"]} for r in reports}
for row in rows:
    run = by_step[int(row["step"])][row["run"]]
    fields = [row[k] for k in ("train_loss", "test_loss", "train_acc", "test_acc")]
    if run["diverged"]:
        if any(fields):
            bad("step %s, %s: diverged but the CSV row has numbers %s" % (row["step"], row["run"], fields))
        if run["lastGoodStep"] != run["divergedStep"] - 1 or run["step"] != run["divergedStep"]:
            bad("step %s, %s: divergedStep %s, lastGoodStep %s, step %s" % (
                row["step"], row["run"], run["divergedStep"], run["lastGoodStep"], run["step"]))
        if run["divergedStep"] > int(row["step"]):
            bad("step %s, %s: diverged at a later step %s" % (row["step"], row["run"], run["divergedStep"]))
        for b in run["bn"]:  # the last finite state's statistics
            for key in ("runningMean", "runningVar", "batchMean", "batchVar", "gamma", "beta"):
                if not all(isinstance(v, (int, float)) and math.isfinite(v) for v in b[key]):
                    bad("step %s, %s: bn %s is not finite: %s" % (row["step"], row["run"], key, b[key][:4]))
    else:
        if not all(f and math.isfinite(float(f)) for f in fields):
            bad("step %s, %s: not diverged but the CSV row is %s" % (row["step"], row["run"], fields))
        if run["divergedStep"] != -1:
            bad("step %s, %s: not diverged but divergedStep %s" % (row["step"], row["run"], run["divergedStep"]))
final = reports[-1]["runs"]
diverged = {r["name"] for r in final if r["diverged"]}
if diverged != expected:
    bad("diverged runs %s, expected %s" % (sorted(diverged), sorted(expected)))
for r in final:
    line = [l for l in summary.splitlines() if l.startswith(r["name"] + " ")]
    mark = "diverged at step %d (last finite state: step %d)" % (r["divergedStep"], r["lastGoodStep"])
    if r["diverged"] and not (line and line[0].endswith(mark)):
        bad("summary row of %s does not end with '%s': %s" % (r["name"], mark, line))
    if not r["diverged"] and line and "diverged" in line[0]:
        bad("summary row of %s says diverged: %s" % (r["name"], line[0]))
sys.exit(0 if ok else 1)
PY
}

# A NaN loss within four steps (the run without BN; the BN run survives).
check lr10_linear "without BN" --steps 4 --set train.learning_rate=10 --set model.activation=linear
# The BN run's running variance overflows while its batch loss stays finite.
check l2_lr10 "without BN,with BN" --steps 30 --set train.l2=1 --set train.learning_rate=10
# Reports every step: the step of divergence is exact, not rounded to a report.
check l2_lr10_every1 "without BN,with BN" --steps 30 --every 1 --set train.l2=1 --set train.learning_rate=10
# A healthy run: nothing diverges (the checker accepts the ordinary case).
check healthy "" --steps 30

if [[ $failures -ne 0 ]]; then echo "$failures failure(s)"; exit 1; fi
echo "divergence ok"
