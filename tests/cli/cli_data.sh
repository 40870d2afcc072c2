#!/usr/bin/env bash
# bnlab run --data FILE: the learner's own points end to end (summary, CSV,
# trace, the config read back), bad files (exit 2, one line FILE:LINE: what is
# wrong, nothing trained or written), a BOM + CRLF file and an old-Mac CR file
# train exactly like the plain one, and --data with --preset, --config, --set,
# --seed and --steps.
# Usage: cli_data.sh /path/to/bnlab
set -u
bnlab="$1"
py=/usr/bin/python3
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# 3 classes, 240 rows, far from the origin and on different scales (so input
# normalization matters); numbers written with 17 significant digits.
$py - "$tmp/good.csv" <<'PY'
import random, sys
r = random.Random(7)
with open(sys.argv[1], "w", newline="") as f:
    f.write("height,weight,class\n")
    for i in range(240):
        k = i % 3
        f.write("%.17g,%.17g,%d\n" % (170 + 12 * k + r.gauss(0, 2), 0.02 * k + r.gauss(0, 0.004), k))
PY
# The same rows with a UTF-8 byte-order mark and Windows line ends, with old-Mac
# line ends and no final one, and with blank lines and spaces.
$py - "$tmp" <<'PY'
import sys, os
d = sys.argv[1]
text = open(os.path.join(d, "good.csv"), newline="", encoding="utf-8").read()
lines = text.rstrip("\n").split("\n")
open(os.path.join(d, "bom_crlf.csv"), "w", newline="", encoding="utf-8").write("\ufeff" + "\r\n".join(lines) + "\r\n")
open(os.path.join(d, "bom_no_header.csv"), "w", newline="", encoding="utf-8").write("\ufeff" + "\n".join(lines[1:]) + "\n")
open(os.path.join(d, "cr.csv"), "w", newline="", encoding="utf-8").write("\r".join(lines))
open(os.path.join(d, "spaced.csv"), "w", newline="", encoding="utf-8").write(
    "\n\n" + "\n\n".join(" , ".join(l.split(",")) + "  " for l in lines) + "\n\n")
PY

# ---------------------------------------------------------------- good file end to end
"$bnlab" run --data "$tmp/good.csv" --steps 200 --every 20 --csv "$tmp/good.out.csv" \
  --trace "$tmp/good.trace.json" > "$tmp/summary" 2> "$tmp/err" || fail "bnlab run --data exited $?: $(cat "$tmp/err")"
[[ -s "$tmp/err" ]] && fail "stderr not empty: $(cat "$tmp/err")"
grep -qF "preset default, data $tmp/good.csv: custom, 120 train / 120 test points, 200 steps, seed 1" "$tmp/summary" ||
  fail "summary first line: $(head -n1 "$tmp/summary")"
# Separable clusters: both runs reach 90% test accuracy.
grep -qE '^without BN +[0-9.]+ +[0-9.]+ +[0-9.]+% +[0-9.]+% +step [0-9]+' "$tmp/summary" ||
  fail "'without BN' did not reach 90%: $(cat "$tmp/summary")"
grep -qE '^with BN +[0-9.]+ +[0-9.]+ +[0-9.]+% +[0-9.]+% +step [0-9]+' "$tmp/summary" ||
  fail "'with BN' did not reach 90%: $(cat "$tmp/summary")"
[[ "$(head -n1 "$tmp/good.out.csv")" == "step,run,train_loss,test_loss,train_acc,test_acc" ]] ||
  fail "CSV header: $(head -n1 "$tmp/good.out.csv")"
$py - "$tmp/good.out.csv" "$tmp/good.trace.json" <<'PY' || fail "CSV or trace of a --data run is wrong"
import csv, json, math, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 2 * 11, len(rows)
for r in rows:
    assert math.isfinite(float(r["train_loss"])) and 0 <= float(r["test_acc"]) <= 1, r
first, last = rows[0], rows[-2]
assert float(last["train_loss"]) < 0.5 * float(first["train_loss"]), (first, last)
t = json.load(open(sys.argv[2]))
c = t["config"]["data"]
assert c["name"] == "custom" and c["points"] == 240, c
assert t["data"]["classes"] == 3
assert len(t["data"]["train_x"]) == 120 and len(t["data"]["train_y"]) == 120
# train_x is what the network sees: standardized, so mean ~0 and std ~1 per feature.
for f in range(2):
    v = [p[f] for p in t["data"]["train_x"]]
    m = sum(v) / len(v)
    s = math.sqrt(sum((x - m) ** 2 for x in v) / len(v))
    assert abs(m) < 1e-5 and abs(s - 1) < 1e-4, (f, m, s)
# The train labels are some of the file's labels (80 of each class), each class present.
counts = [0, 0, 0]
for y in t["data"]["train_y"]:
    counts[y] += 1
assert sum(counts) == 120 and min(counts) > 20 and max(counts) <= 80, counts
PY

# The config read back is one that --config accepts with --data, and gives the same losses.
$py -c 'import json,sys; json.dump(json.load(open(sys.argv[1]))["config"], open(sys.argv[2], "w"))' \
  "$tmp/good.trace.json" "$tmp/readback.json"
"$bnlab" run --config "$tmp/readback.json" --data "$tmp/good.csv" --every 20 --csv "$tmp/readback.out.csv" \
  > /dev/null 2> "$tmp/err" || fail "--config (read back) --data failed: $(cat "$tmp/err")"
cmp -s "$tmp/good.out.csv" "$tmp/readback.out.csv" || fail "the read-back config with --data gave other losses"

# ---------------------------------------------------------------- line ends, BOM, spaces
for f in bom_crlf bom_no_header cr spaced; do
  "$bnlab" run --data "$tmp/$f.csv" --steps 200 --every 20 --csv "$tmp/$f.out.csv" > /dev/null 2> "$tmp/err" ||
    fail "$f.csv did not load: $(cat "$tmp/err")"
  cmp -s "$tmp/good.out.csv" "$tmp/$f.out.csv" || fail "$f.csv trained differently from the plain file"
done

# ---------------------------------------------------------------- combinations
"$bnlab" run --data "$tmp/good.csv" --steps 200 --every 20 --seed 2 --csv "$tmp/seed2.csv" > /dev/null 2>&1 ||
  fail "--seed 2 --data failed"
cmp -s "$tmp/good.out.csv" "$tmp/seed2.csv" && fail "--seed 2 gave the same losses as seed 1"
"$bnlab" run --preset normalizing-inputs --data "$tmp/good.csv" --steps 30 > "$tmp/summary" 2> "$tmp/err" ||
  fail "--preset normalizing-inputs --data failed: $(cat "$tmp/err")"
grep -qF "preset normalizing-inputs, data $tmp/good.csv: custom, 120 train / 120 test points, 30 steps" "$tmp/summary" ||
  fail "--preset with --data: $(head -n1 "$tmp/summary")"
"$bnlab" run --data "$tmp/good.csv" --set data.test_fraction=0.25 --set model.hidden=4 --set data.name=custom \
  --set data.points=240 --steps 5 > "$tmp/summary" 2> "$tmp/err" || fail "--set with --data failed: $(cat "$tmp/err")"
grep -qF "custom, 180 train / 60 test points, 5 steps" "$tmp/summary" || fail "--set with --data: $(head -n1 "$tmp/summary")"
"$bnlab" --help | grep -q -- "--data FILE" || fail "--help does not document --data"

# ---------------------------------------------------------------- bad input
# expect_error "<exact stderr line>" args...: exit 2, that one line, no stdout, no output file.
expect_error() {
  local want="$1"; shift
  rm -f "$tmp/never.csv"
  "$bnlab" "$@" --csv "$tmp/never.csv" > "$tmp/out" 2> "$tmp/err" < /dev/null
  local status=$?
  if [[ $status -ne 2 || "$(cat "$tmp/err")" != "$want" || -s "$tmp/out" || -e "$tmp/never.csv" ]]; then
    echo "FAIL: bnlab $* -> status $status, want exit 2 and exactly: $want"
    sed 's/^/  stderr: /' "$tmp/err"; sed 's/^/  stdout: /' "$tmp/out" | head -5
    [[ -e "$tmp/never.csv" ]] && echo "  an output file was written"
    failures=$((failures + 1))
  fi
}
# bad NAME TEXT: a file made of the good file's first 20 lines with line 4 replaced.
bad() {
  head -n 20 "$tmp/good.csv" | awk -v row="$2" 'NR == 4 { print row; next } { print }' > "$tmp/$1.csv"
}
bad missing '1.5,2.5'
expect_error "bnlab: $tmp/missing.csv:4: 2 columns, a column is missing (expected 3: x1,x2,label)" run --data "$tmp/missing.csv"
bad extra '1.5,2.5,0,9'
expect_error "bnlab: $tmp/extra.csv:4: 4 columns, more than 3 (expected 3: x1,x2,label)" run --data "$tmp/extra.csv"
bad word '1.5,tall,0'
expect_error "bnlab: $tmp/word.csv:4: x2 'tall' is not a number (allowed: a decimal number such as -1.5, 0.25 or 3e-4)" run --data "$tmp/word.csv"
bad nan 'NaN,1,0'
expect_error "bnlab: $tmp/nan.csv:4: x1 'NaN' is not a finite number (allowed: a decimal number such as -1.5, 0.25 or 3e-4)" run --data "$tmp/nan.csv"
bad inf '1,-inf,0'
expect_error "bnlab: $tmp/inf.csv:4: x2 '-inf' is not a finite number (allowed: a decimal number such as -1.5, 0.25 or 3e-4)" run --data "$tmp/inf.csv"
bad hex '0x1p3,1,0'
expect_error "bnlab: $tmp/hex.csv:4: x1 '0x1p3' is not a number (allowed: a decimal number such as -1.5, 0.25 or 3e-4)" run --data "$tmp/hex.csv"
bad far '2e6,1,0'
expect_error "bnlab: $tmp/far.csv:4: x1 '2e6' is out of range (allowed: -1e6 <= x <= 1e6)" run --data "$tmp/far.csv"
bad label '1,1,8'
expect_error "bnlab: $tmp/label.csv:4: label '8' is out of range (allowed: an integer class 0..7)" run --data "$tmp/label.csv"
bad half '1,1,0.5'
expect_error "bnlab: $tmp/half.csv:4: label '0.5' is not an integer (allowed: an integer class 0..7)" run --data "$tmp/half.csv"
printf 'x1,x2,label\n' > "$tmp/one.csv"
for i in $(seq 1 12); do echo "$i,$i,1" >> "$tmp/one.csv"; done
expect_error "bnlab: $tmp/one.csv:13: every row has label 1: only one class (allowed: at least two classes among labels 0..7)" run --data "$tmp/one.csv"
$py -c '
import sys
with open(sys.argv[1], "w") as f:
    f.write("x1,x2,label\n")
    for i in range(20001): f.write("%d,1,%d\n" % (i % 50, i % 2))
' "$tmp/many.csv"
expect_error "bnlab: $tmp/many.csv:20002: more than 20000 rows (allowed: at most 20000)" run --data "$tmp/many.csv"
head -c 50000000 /dev/zero | tr '\0' '1' > "$tmp/huge.csv"
expect_error "bnlab: $tmp/huge.csv: the data is 50000000 bytes (allowed: up to 4000000 bytes)" run --data "$tmp/huge.csv"
rm -f "$tmp/huge.csv"
printf 'x1,x2,label\n1,1,0\n1,\0\0\0,1\n' > "$tmp/nul.csv"
expect_error "bnlab: $tmp/nul.csv:3: binary data: byte 0x00 at column 3 (allowed: text, one example a line: x1,x2,label)" run --data "$tmp/nul.csv"
printf 'PK\003\004\024\000\006\000' > "$tmp/book.xlsx"
expect_error "bnlab: $tmp/book.xlsx:1: binary data: byte 0x03 at column 3 (allowed: text, one example a line: x1,x2,label)" run --data "$tmp/book.xlsx"
printf 'x1,x2,label\n1,\xe9,0\n' > "$tmp/latin1.csv"
expect_error "bnlab: $tmp/latin1.csv:2: invalid UTF-8 at column 3 (allowed: UTF-8 text)" run --data "$tmp/latin1.csv"
: > "$tmp/empty.csv"
expect_error "bnlab: $tmp/empty.csv:1: no data rows (expected one example a line: x1,x2,label)" run --data "$tmp/empty.csv"
expect_error "bnlab: cannot read --data file '$tmp/absent.csv': No such file or directory" run --data "$tmp/absent.csv"
expect_error "bnlab: cannot read --data file '$tmp': not a regular file" run --data "$tmp"
expect_error "bnlab: --data: missing value (see bnlab run --help)" run --steps 5 --data
expect_error "bnlab: --data: given more than once" run --data "$tmp/good.csv" --data "$tmp/good.csv"
expect_error "bnlab: --set data.points=100 conflicts with --data (the file decides: data.name=custom, data.points=240, its rows)" \
  run --set data.points=100 --data "$tmp/good.csv"
expect_error "bnlab: --set data.name=spiral conflicts with --data (the file decides: data.name=custom, data.points=240, its rows)" \
  run --data "$tmp/good.csv" --set data.name=spiral
expect_error "bnlab: train.batch_size: 200 is larger than the train set (allowed: 1 <= x <= 120, the train set size (data.points 240 minus test_fraction 0.5))" \
  run --data "$tmp/good.csv" --set train.batch_size=200
expect_error "bnlab: data.name: \"custom\" needs --data FILE (the learner's points, a CSV file x1,x2,label)" \
  run --set data.name=custom
expect_error "bnlab: data.name: \"custom\" needs --data FILE (the learner's points, a CSV file x1,x2,label)" \
  run --config "$tmp/readback.json"
# A preset whose run has a batch larger than this file's train set.
expect_error "bnlab: runs[1].set.train.batch_size: 128 is larger than the train set (allowed: 1 <= x <= 120, the train set size (data.points 240 minus test_fraction 0.5))" \
  run --preset mini-batches --data "$tmp/good.csv"
# The file is checked before the config: a bad file and a bad setting name the file.
expect_error "bnlab: $tmp/word.csv:4: x2 'tall' is not a number (allowed: a decimal number such as -1.5, 0.25 or 3e-4)" \
  run --data "$tmp/word.csv" --set train.learning_rate=-1

if [[ $failures -ne 0 ]]; then echo "$failures failure(s)"; exit 1; fi
echo "cli_data: all --data cases passed"
