#!/usr/bin/env bash
# bnlab run: the summary table, the CSV (header, a row per run every K steps,
# quoted names), a trace that is valid JSON, determinism in the seed.
# Usage: cli_run_outputs.sh /path/to/bnlab
set -u
bnlab="$1"
py=/usr/bin/python3
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# 50 steps reported every 10: steps 0,10,...,50 = 6 rows per run, 2 runs.
"$bnlab" run --steps 50 --csv "$tmp/a.csv" --trace "$tmp/a.json" > "$tmp/summary" 2> "$tmp/err" ||
  fail "bnlab run exited $?: $(cat "$tmp/err")"
[[ -s "$tmp/err" ]] && fail "stderr not empty when it is not a terminal: $(cat "$tmp/err")"
[[ "$(head -n1 "$tmp/a.csv")" == "step,run,train_loss,test_loss,train_acc,test_acc" ]] ||
  fail "CSV header: $(head -n1 "$tmp/a.csv")"
[[ $(wc -l < "$tmp/a.csv") -eq 13 ]] || fail "CSV has $(wc -l < "$tmp/a.csv") lines, want 1 + 12"
grep -q '^0,without BN,' "$tmp/a.csv" || fail "no step-0 row for 'without BN'"
grep -q '^50,with BN,' "$tmp/a.csv" || fail "no step-50 row for 'with BN'"
# Every data row has six fields, losses >= 0 and accuracies in [0, 1].
$py - "$tmp/a.csv" <<'PY' || fail "CSV rows are not well-formed"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 12, len(rows)
for r in rows:
    assert len(r) == 6 and None not in r, r
    assert float(r["train_loss"]) >= 0 and float(r["test_loss"]) >= 0, r
    assert 0 <= float(r["train_acc"]) <= 1 and 0 <= float(r["test_acc"]) <= 1, r
assert [int(r["step"]) for r in rows[::2]] == [0, 10, 20, 30, 40, 50]
PY

# Summary: the header row and one row per run, columns aligned.
grep -q '^run  *train loss  *test loss  *train acc  *test acc  *test acc >= 90%' "$tmp/summary" ||
  fail "no summary header: $(cat "$tmp/summary")"
grep -qE '^without BN +[0-9.]+ +[0-9.]+ +[0-9.]+% +[0-9.]+% +(-|step [0-9]+)' "$tmp/summary" ||
  fail "no 'without BN' row: $(cat "$tmp/summary")"
grep -qE '^with BN +[0-9.]+ +[0-9.]+ +[0-9.]+% +[0-9.]+% +(-|step [0-9]+)' "$tmp/summary" ||
  fail "no 'with BN' row: $(cat "$tmp/summary")"
[[ $(grep -E '^(run|without BN|with BN) ' "$tmp/summary" | awk '{ print index($0, "%") }' | sort -u | wc -l) -le 2 ]] ||
  fail "summary columns not aligned"

# The trace is JSON in the documented format.
$py -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/a.json" || fail "trace is not valid JSON"
$py - "$tmp/a.json" <<'PY' || fail "trace lacks the documented fields"
import json, sys
t = json.load(open(sys.argv[1]))
assert t["format"] == "bnlab-trace" and t["version"] == 1
assert t["config"]["train"]["steps"] == 50
assert [r["name"] for r in t["runs"]] == ["without BN", "with BN"]
assert len(t["runs"][0]["steps"]) == 50
PY

# Same seed, same numbers; another seed, other numbers.
"$bnlab" run --steps 50 --csv "$tmp/b.csv" > /dev/null 2>&1 || fail "second run failed"
cmp -s "$tmp/a.csv" "$tmp/b.csv" || fail "same seed gave different CSVs"
"$bnlab" run --steps 50 --seed 2 --csv "$tmp/c.csv" > /dev/null 2>&1 || fail "--seed 2 run failed"
cmp -s "$tmp/a.csv" "$tmp/c.csv" && fail "--seed 2 gave the same CSV as seed 1"

# A config file with --set on top, --every not dividing --steps, names that need CSV quoting.
cat > "$tmp/cfg.json" <<'JSON'
{"data": {"name": "circle", "points": 200},
 "model": {"hidden": [8, 8]},
 "runs": [{"name": "a, \"quoted\"", "set": {"model.batchnorm": false}},
          {"name": "b", "set": {"model.batchnorm": true}},
          {"name": "c", "set": {"model.batchnorm": true, "train.learning_rate": 0.5}}]}
JSON
"$bnlab" run --config "$tmp/cfg.json" --set train.batch_size=16 --steps 25 --every 10 --csv "$tmp/d.csv" \
  > "$tmp/summary2" 2>&1 || fail "config-file run failed: $(cat "$tmp/summary2")"
$py - "$tmp/d.csv" <<'PY' || fail "quoted names or uneven chunks wrong in CSV"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert sorted({r["run"] for r in rows}) == ['a, "quoted"', "b", "c"], {r["run"] for r in rows}
assert sorted({int(r["step"]) for r in rows}) == [0, 10, 20, 25]
assert len(rows) == 12
PY
grep -q '^a, "quoted"  ' "$tmp/summary2" || fail "summary lacks the quoted run name: $(cat "$tmp/summary2")"
grep -q '200 points\|100 train / 100 test' "$tmp/summary2" || fail "summary does not reflect the config file"

if [[ $failures -ne 0 ]]; then echo "$failures failure(s)"; exit 1; fi
echo "run outputs ok"
