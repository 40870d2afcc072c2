#!/usr/bin/env bash
# Bad input to the bnlab CLI: exit status 2, exactly one line on stderr that
# starts "bnlab: " and names the problem, nothing on stdout, no output files.
# Usage: cli_errors.sh /path/to/bnlab
set -u
bnlab="$1"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failures=0

printf '{\n  "train": {"learning_rate": }\n}\n' > "$tmp/bad.json"
printf '{"train": {"learning_rate": 0.5}}\n' > "$tmp/good.json"
printf '{"train": {"learning_rate": -1}}\n' > "$tmp/bad_value.json"
mkdir "$tmp/dir"

# expect_error "<text the line must contain>" args...
expect_error() {
  local want="$1"; shift
  "$bnlab" "$@" > "$tmp/out" 2> "$tmp/err" < /dev/null
  local status=$?
  local lines
  lines=$(wc -l < "$tmp/err")
  if [[ $status -ne 2 || $lines -ne 1 || -s "$tmp/out" ]] ||
     ! head -n1 "$tmp/err" | grep -q '^bnlab: ' ||
     ! grep -qF -- "$want" "$tmp/err"; then
    echo "FAIL: bnlab $* -> status $status, $lines stderr lines, want one line containing: $want"
    sed 's/^/  stderr: /' "$tmp/err"; sed 's/^/  stdout: /' "$tmp/out" | head -5
    failures=$((failures + 1))
  fi
}

expect_error "missing command"
expect_error "unknown command 'train'" train
expect_error "unknown option '--bogus'" run --bogus
expect_error "unexpected argument 'extra'" run extra
expect_error "--steps: missing value" run --steps
expect_error "--csv: missing value" run --csv --steps 5
expect_error "--steps: 'abc' is not an integer" run --steps abc
expect_error "--steps: '1.5' is not an integer" run --steps 1.5
expect_error "--steps: '0' is not an integer" run --steps 0
expect_error "--steps: '-3' is not an integer" run --steps -3
expect_error "--steps: '99999999999999999999999' is not an integer" run --steps 99999999999999999999999
expect_error "--every: 'x' is not an integer" run --every x --steps 5
expect_error "--seed: '-1' is not an integer" run --seed -1
expect_error "--steps: given more than once" run --steps 5 --steps 6
expect_error "unknown preset 'nope' (allowed: default" run --preset nope
expect_error "unknown preset 'nope'" run --set preset=nope
expect_error "cannot be combined" run --preset default --config "$tmp/good.json"
expect_error "model.hidden: \"abc\"" run --set model.hidden=abc
expect_error "train.learning_rate: -1 is out of range" run --set train.learning_rate=-1
expect_error "data.name: \"spirals\" is not a known name" run --set data.name=spirals
expect_error "did you mean train.learning_rate" run --set learning_rate=0.1
expect_error "expected key=value" run --set noequals
expect_error "empty key" run --set =3
expect_error "train.batch_size: 1 is too small" run --set train.batch_size=1
expect_error "train.batch_size: 32 is larger than the train set" run --set data.points=20
expect_error "bad.json: invalid JSON at line 2" run --config "$tmp/bad.json"
expect_error "train.learning_rate: -1 is out of range" run --config "$tmp/bad_value.json"
expect_error "cannot read config file" run --config "$tmp/missing.json"
expect_error "not a regular file" run --config "$tmp/dir"
expect_error "cannot write --csv file" run --steps 5 --csv "$tmp/no/such/dir/out.csv"
expect_error "cannot write --trace file" run --steps 5 --trace "$tmp/dir"
expect_error "presets takes no arguments" presets extra

# Nothing was trained, so no output file appeared.
if [[ -e "$tmp/no" ]]; then echo "FAIL: an output directory was created"; failures=$((failures + 1)); fi

if [[ $failures -ne 0 ]]; then echo "$failures failure(s)"; exit 1; fi
echo "all CLI error cases gave exit 2 and one line"
