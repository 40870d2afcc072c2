#!/usr/bin/env bash
# Every lesson's claim over seeds 1..10 (see lesson_claims.py).
set -euo pipefail
exec /usr/bin/python3 "$(dirname "$0")/lesson_claims.py" "$1"
