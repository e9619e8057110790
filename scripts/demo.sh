#!/usr/bin/env bash
# The main job end to end on embedded DuckDB: install, simulate the demo data, dbt build,
# then say where the warehouse is and how to query it.
#   bash scripts/demo.sh            # 20,000 simulated people (about 0.5M events)
#   PEOPLE=100000 bash scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh

people="${PEOPLE:-20000}"
export JOURNEY_RAW_PATH="$PWD/data/demo/raw"
export JOURNEY_DUCKDB_PATH="$PWD/target/journey.duckdb"

.venv/bin/journeykit simulate --people "$people" --seed 42 --out data/demo
mkdir -p target
rm -f "$JOURNEY_DUCKDB_PATH"
.venv/bin/dbt build --project-dir . --profiles-dir .

cat <<MSG

The warehouse is ready: $JOURNEY_DUCKDB_PATH
Schemas: landing (views over data/demo/raw), staging, intermediate, marts, config (seeds).
Query it from Python:
  .venv/bin/python -c "import duckdb; print(duckdb.connect('$JOURNEY_DUCKDB_PATH', read_only=True).sql('select * from intermediate.int_raw_rows_reconciled'))"
Ground truth of the simulation (never read by the models): data/demo/truth/
MSG
