#!/usr/bin/env bash
# bnlab --help, bnlab run --help and bnlab presets: exit 0, to stdout, with
# the usage, every config key group and the default preset.
# Usage: cli_help_presets.sh /path/to/bnlab
set -u
bnlab="$1"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

for cmd in "--help" "help" "run --help"; do
  # shellcheck disable=SC2086
  out=$("$bnlab" $cmd 2>/dev/null) || fail "bnlab $cmd exited $?"
  for want in "usage: bnlab run" "--preset NAME" "--trace FILE" "--smoothness FILE" "train.learning_rate" "model.batchnorm" \
              "data.name" "seed" "runs"; do
    grep -qF -- "$want" <<< "$out" || fail "bnlab $cmd does not mention $want"
  done
  # Run items, once, with the keys a run may override (and not a shared one).
  run_line=$(grep -F 'run.<i>.<key>' <<< "$out")
  [[ $(grep -c . <<< "$run_line") -eq 1 ]] || fail "bnlab $cmd lists run.<i>.<key> $(grep -c . <<< "$run_line") times"
  for want in "train.learning_rate" "model.batchnorm" "train.batch_size" "data.standardize"; do
    grep -qF -- "$want" <<< "$run_line" || fail "bnlab $cmd: run.<i>.<key> does not list $want"
  done
  grep -qF -- "data.points" <<< "$run_line" && fail "bnlab $cmd: run.<i>.<key> lists the shared key data.points"
  grep -qF -- "run.<i>.name" <<< "$out" || fail "bnlab $cmd does not mention run.<i>.name"
done

out=$("$bnlab" presets) || fail "bnlab presets exited $?"
grep -q '^default ' <<< "$out" || fail "bnlab presets does not list default: $out"
[[ $(grep -c . <<< "$out") -ge 1 ]] || fail "bnlab presets printed nothing"

if [[ $failures -ne 0 ]]; then echo "$failures failure(s)"; exit 1; fi
echo "help and presets ok"
