#!/usr/bin/env bash
# Every test: install, sqlfluff lint over every SQL model and test, then pytest (which
# simulates data and drives dbt builds, dbt's own data and unit tests included).
# Three jobs share the machine's cores: sqlfluff; the tests that read the shared simulated
# warehouse (pytest -m simulated: one simulation and full build, then queries); the self-contained
# tests (pytest -m "not simulated": each builds its own small fixture). Their outputs are printed
# one after the other, and the script fails if any of them fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
bash scripts/install_chromium.sh   # the report test opens the report in headless Chromium

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
run_pytest -m "not simulated" "$@" > "$work_dir/self_contained.log" 2>&1 &
self_contained_pid=$!

status=0
# sqlfluff's dbt templater compiles the project: point it at the small fixture so that
# linting needs no simulated data, and at a scratch warehouse. Macros are linted through the
# SQL they write into models, tests and analyses (.sqlfluff: ignore_templated_areas = False).
JOURNEY_RAW_PATH="$PWD/tests/raw_data/minimal" JOURNEY_DUCKDB_PATH="$work_dir/lint.duckdb" \
    DBT_TARGET_PATH="$work_dir/lint_target" \
    .venv/bin/sqlfluff lint models tests/singular analyses --processes 2 || status=$?

for job in self_contained:$self_contained_pid simulated:$simulated_pid; do
    name="${job%%:*}"
    job_status=0
    wait "${job##*:}" || job_status=$?
    echo
    echo "=== pytest: ${name//_/-} tests ==="
    cat "$work_dir/$name.log"
    if [ "$job_status" -ne 0 ]; then status=$job_status; fi
done
exit "$status"
