#!/usr/bin/env bash
# bnlab run --set with readable run items (run.<i>.name, run.<i>.<key>,
# runs=<n>): the same numbers as the runs JSON they stand for; a bad item
# exits 2 with one line naming it, and nothing is trained.
# Usage: cli_run_items.sh /path/to/bnlab
set -u
bnlab="$1"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

"$bnlab" run --steps 40 --every 20 --csv "$tmp/items.csv" \
  --set run.1.train.learning_rate=0.3 --set run.2.name=fast --set run.2.model.batchnorm=true \
  --set run.2.train.optimizer=adam >/dev/null 2>&1 || fail "run items: exit $?"
"$bnlab" run --steps 40 --every 20 --csv "$tmp/json.csv" \
  --set 'runs=[{"name":"without BN","set":{"model.batchnorm":false}},{"name":"with BN","set":{"model.batchnorm":true,"train.learning_rate":0.3}},{"name":"fast","set":{"model.batchnorm":true,"train.optimizer":"adam"}}]' \
  >/dev/null 2>&1 || fail "runs JSON: exit $?"
cmp -s "$tmp/items.csv" "$tmp/json.csv" || fail "run items and the runs JSON differ: $(diff "$tmp/items.csv" "$tmp/json.csv" | head -4)"
grep -q '^40,fast,' "$tmp/items.csv" || fail "no row for the added run: $(head -3 "$tmp/items.csv")"

"$bnlab" run --steps 5 --set runs=1 --csv "$tmp/one.csv" >/dev/null 2>&1 || fail "runs=1: exit $?"
[ "$(cut -d, -f2 "$tmp/one.csv" | sort -u | grep -vc '^run$')" = 1 ] || fail "runs=1 kept $(cut -d, -f2 "$tmp/one.csv" | sort -u)"

check_bad() {  # item, expected start of the message
  local out status
  out="$("$bnlab" run --steps 5 --csv "$tmp/bad.csv" --set "$1" 2>&1 >/dev/null)"
  status=$?
  [ "$status" = 2 ] || fail "$1: exit $status (expected 2)"
  [ "$(printf '%s\n' "$out" | wc -l)" = 1 ] || fail "$1: more than one line: $out"
  case "$out" in *"$2"*) ;; *) fail "$1: message $out (expected $2)";; esac
  [ ! -e "$tmp/bad.csv" ] || fail "$1: wrote a CSV"
}
check_bad run.1.train.learning_rate=-1 'run.1.train.learning_rate: -1 is out of range'
check_bad run.3.name=x 'run.3.name: there is no run 2 before it'
check_bad run.0.data.name=xor 'cannot differ between runs'
check_bad run.0.name=with\ BN 'runs[1].name: "with BN" is already the name of runs[0]'
check_bad runs=0 'runs: 0 is not allowed'

[ "$failures" = 0 ] && echo "cli_run_items: ok" || exit 1
