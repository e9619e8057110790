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
# the published copy BI tools and the report read (never the build file), then the report
published="$(.venv/bin/journeykit publish --database "$JOURNEY_DUCKDB_PATH" --out target/published)"
report="$(.venv/bin/journeykit report --published "$published" --out target/report/journey_report.html)"

.venv/bin/python - "$JOURNEY_DUCKDB_PATH" <<'PY'
import sys
import duckdb

connection = duckdb.connect(sys.argv[1], read_only=True)
print("\nEvery raw row is staged, quarantined or a duplicate:")
print(connection.sql("select * from intermediate.int_raw_rows_reconciled"))
print("What to fix first (marts.fct_opportunities):")
print(connection.sql(
    "select opportunity_rank, problem_kind, next_action"
    " from marts.fct_opportunities order by opportunity_rank limit 5"
))
print("People by lifecycle stage and acquisition channel:")
print(connection.sql(
    "select lifecycle_stage, acquisition_channel_group, count(*) as people"
    " from marts.dim_persons group by all order by lifecycle_stage, people desc"
))
PY

cat <<MSG

The warehouse is ready: $JOURNEY_DUCKDB_PATH (the build file: dbt writes it)
Schemas: landing (views over data/demo/raw), staging, intermediate, marts, config (seeds).
Published copy for BI tools and analysts (readable while dbt builds): $published
  (marts and intermediate timeline tables as Parquet under target/published/current/)
Query it from Python:
  .venv/bin/python -c "import duckdb; print(duckdb.connect('$published', read_only=True).sql('select * from marts.dim_persons limit 5'))"
Metrics (MetricFlow) over the published copy:
  JOURNEY_TARGET=published .venv/bin/dbt parse --project-dir . --profiles-dir . --quiet
  JOURNEY_TARGET=published .venv/bin/mf query --metrics sessions,new_people,revenue --group-by metric_time__month
Ground truth of the simulation (never read by the models): data/demo/truth/

The report (one HTML file, opens without a network): $report
MSG
