#!/usr/bin/env bash
# Every test: install, sqlfluff lint over every SQL model and test, then pytest (which
# simulates data and drives dbt builds, dbt's own data and unit tests included).
# Two processes share the machine's cores: one builds the shared simulated warehouse and runs the
# tests that read it (pytest -m simulated); the other lints, then runs the self-contained tests
# (each builds its own small fixture). Their outputs are printed one after the other.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh

work_dir="$(mktemp -d)"
trap 'rm -rf "$work_dir"' EXIT

# pytest exits 5 when a selection collects no test (e.g. `scripts/test.sh -k audit` may select none
# of one half): that is not a failure here.
run_pytest() {
    local rc=0
    .venv/bin/python -m pytest "$@" || rc=$?
    if [ "$rc" -eq 5 ]; then rc=0; fi
    return "$rc"
}

run_pytest -m simulated "$@" > "$work_dir/simulated.log" 2>&1 &
simulated_pid=$!

status=0
# sqlfluff's dbt templater compiles the project: point it at the small fixture so that
# linting needs no simulated data, and at a scratch warehouse.
JOURNEY_RAW_PATH="$PWD/tests/raw_data/minimal" JOURNEY_DUCKDB_PATH="$work_dir/lint.duckdb" \
    DBT_TARGET_PATH="$work_dir/lint_target" \
    .venv/bin/sqlfluff lint models tests/singular analyses --processes 2 || status=$?
run_pytest -m "not simulated" "$@" || status=$?

simulated_status=0
wait "$simulated_pid" || simulated_status=$?
echo
echo "=== tests on the shared simulated warehouse ==="
cat "$work_dir/simulated.log"
if [ "$simulated_status" -ne 0 ]; then status=$simulated_status; fi
exit "$status"
