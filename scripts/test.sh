#!/usr/bin/env bash
# Every test: install, sqlfluff lint over every SQL model and test, then pytest (which
# simulates data and drives dbt builds, dbt's own data and unit tests included).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh

# sqlfluff's dbt templater compiles the project: point it at the small fixture so that
# linting needs no simulated data, and at a scratch warehouse.
lint_dir="$(mktemp -d)"
trap 'rm -rf "$lint_dir"' EXIT
JOURNEY_RAW_PATH="$PWD/tests/raw_data/minimal" JOURNEY_DUCKDB_PATH="$lint_dir/lint.duckdb" \
    .venv/bin/sqlfluff lint models tests/singular analyses --processes 2

.venv/bin/python -m pytest "$@"
