#!/usr/bin/env bash
# bnlab run's output files (--csv, --json, --trace): every one is checked
# before any is opened, so a bad later argument or config leaves earlier files
# as they were; two outputs naming one file (however spelled), or an output
# naming the --config input, is an error; errors are exit 2 and one line.
# Also: the limit on --set items counts only what the user typed.
# Usage: cli_output_files.sh /path/to/bnlab
set -u
bnlab="$1"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
cd "$tmp" || exit 1

# expect_error "<text the line must contain>" args...: exit 2, one line, nothing on stdout.
expect_error() {
  local want="$1"; shift
  "$bnlab" "$@" > out 2> err < /dev/null
  local status=$?
  if [[ $status -ne 2 || $(wc -l < err) -ne 1 || -s out ]] || ! grep -qF -- "$want" err; then
    fail "bnlab $* -> status $status, want exit 2 and one line containing: $want"
    sed 's/^/  stderr: /' err | head -5
  fi
}
# keeps FILE: FILE still holds what it held before the failed run.
keeps() { cmp -s "$1" "$1.before" || fail "$1 was changed by a failed run: $(head -c 80 "$1")"; }
save() { printf 'precious %s\n' "$1" > "$1"; cp "$1" "$1.before"; }

mkdir dir sub
save k.csv
save k.jsonl
save cfg.json.out

# A bad later output: nothing earlier is opened, truncated or created.
expect_error "cannot write --trace file '/nonexistent/t.json'" run --steps 5 --csv k.csv --trace /nonexistent/t.json
keeps k.csv
expect_error "cannot write --json file 'dir': it is a directory" run --steps 5 --csv k.csv --json dir
keeps k.csv
expect_error "cannot write --trace file 'k.csv/t.json'" run --steps 5 --csv new.csv --trace k.csv/t.json
[[ -e new.csv ]] && fail "new.csv was created by a failed run"
expect_error "no such directory" run --steps 5 --csv new.csv --json missing/
[[ -e new.csv ]] && fail "new.csv was created by a failed run"
# A bad setting or config after the outputs: nothing is touched either.
expect_error "train.learning_rate: -1 is out of range" run --csv k.csv --json k.jsonl --set train.learning_rate=-1
keeps k.csv
keeps k.jsonl
expect_error "larger than the train set" run --csv k.csv --set data.points=20
keeps k.csv

# The same file twice, however spelled: an error, and the file is kept.
expect_error "--csv 'k.csv' and --json 'k.csv' are the same file" run --steps 5 --csv k.csv --json k.csv
keeps k.csv
expect_error "are the same file" run --steps 5 --csv k.csv --trace ./k.csv
expect_error "are the same file" run --steps 5 --csv "$tmp/k.csv" --json sub/../k.csv
ln -s k.csv link.csv
ln k.csv hard.csv
expect_error "are the same file" run --steps 5 --csv k.csv --trace link.csv
expect_error "are the same file" run --steps 5 --json hard.csv --csv k.csv
keeps k.csv
# ... also when the file does not exist yet (nothing is created then).
expect_error "are the same file" run --steps 5 --csv fresh.csv --json ./sub/../fresh.csv
ln -s fresh.csv dangling.csv
expect_error "are the same file" run --steps 5 --csv fresh.csv --trace dangling.csv
[[ -e fresh.csv ]] && fail "fresh.csv was created by a failed run"
# An output that is the --config input would destroy it.
printf '{"train": {"learning_rate": 0.2}}\n' > cfg.json
cp cfg.json cfg.json.before
expect_error "--trace 'cfg.json' is the --config file 'cfg.json'" run --config cfg.json --steps 5 --trace cfg.json
keeps cfg.json
# A device may take two outputs.
"$bnlab" run --steps 5 --csv /dev/null --json /dev/null > out 2> err || fail "/dev/null twice: exit $?: $(cat err)"

# A good run writes every output from the start: an old, longer file leaves no tail.
head -c 200000 /dev/zero | tr '\0' 'x' > k.csv
"$bnlab" run --steps 20 --csv k.csv --json k.jsonl --trace t.json > out 2> err || fail "good run: exit $?: $(cat err)"
[[ "$(head -n1 k.csv)" == "step,run,train_loss,test_loss,train_acc,test_acc" ]] || fail "CSV header: $(head -c 80 k.csv)"
[[ $(wc -l < k.csv) -eq 7 ]] || fail "CSV has $(wc -l < k.csv) lines, want 1 + 6"
grep -q x k.csv && fail "the old contents of k.csv were not truncated"
[[ $(wc -l < k.jsonl) -eq 3 ]] || fail "--json has $(wc -l < k.jsonl) lines, want 3"
/usr/bin/python3 -c 'import json,sys; json.load(open(sys.argv[1]))' t.json || fail "trace is not JSON"

# 200 --set items are allowed with --seed and --steps; 201 are counted as 201.
sets=()
for _ in $(seq 200); do sets+=(--set train.learning_rate=0.1); done
"$bnlab" run "${sets[@]}" --seed 3 --steps 2 > out 2> err || fail "200 --set items and --seed/--steps: exit $?: $(cat err)"
expect_error "settings: 201 are too many (allowed: up to 200)" run "${sets[@]}" --set seed=2 --steps 2

if [[ $failures -ne 0 ]]; then echo "$failures failure(s)"; exit 1; fi
echo "output files ok"
