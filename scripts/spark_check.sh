#!/usr/bin/env bash
# The Spark trial, from a fresh clone (not part of scripts/test.sh; needs Java 17+ and ~10 minutes):
#   1. installs dbt-spark and pyspark into a separate venv (.venv-spark; SPARK_VENV to change);
#   2. simulates a small dataset (SPARK_CHECK_PEOPLE, default 300 people, seed 7) and loads it as
#      tables of a Spark database `raw` in a local warehouse (Derby metastore, all under the work dir);
#   3. builds the whole project on Spark (dbt-spark, method: session; tests included);
#   4. builds it on DuckDB from the same simulation files, and compares every table row by row.
# The work dir (SPARK_CHECK_DIR, default a new temporary dir) is kept for inspection.
# Fails when the Spark build fails or a table differs between the engines.
set -euo pipefail
cd "$(dirname "$0")/.."
project_dir="$PWD"
bash scripts/bootstrap.sh

spark_venv="${SPARK_VENV:-$project_dir/.venv-spark}"
people="${SPARK_CHECK_PEOPLE:-300}"
work_dir="${SPARK_CHECK_DIR:-$(mktemp -d)}"
mkdir -p "$work_dir"
echo "spark check: work dir $work_dir"

if [ ! -x "$spark_venv/bin/dbt" ]; then
    python3 -m venv "$spark_venv"
    "$spark_venv/bin/python" -m pip install --quiet --upgrade pip
    "$spark_venv/bin/python" -m pip install --quiet \
        "dbt-core==1.11.16" "dbt-spark[session]==1.11.0" "pyspark==4.3.0" "duckdb==1.5.6"
fi

# A local Spark warehouse and metastore under the work dir.
export SPARK_CONF_DIR="$work_dir/spark_conf"
mkdir -p "$SPARK_CONF_DIR"
cat > "$SPARK_CONF_DIR/spark-defaults.conf" <<EOF
spark.sql.warehouse.dir                      $work_dir/spark_state/warehouse
spark.hadoop.javax.jdo.option.ConnectionURL  jdbc:derby:;databaseName=$work_dir/spark_state/metastore_db;create=true
spark.driver.extraJavaOptions                -Dderby.system.home=$work_dir/spark_state
spark.driver.memory                          2g
spark.sql.shuffle.partitions                 4
spark.ui.enabled                             false
EOF

if [ ! -d "$work_dir/sim/raw" ]; then
    .venv/bin/journeykit simulate --people "$people" --seed 7 --out "$work_dir/sim" --quiet
fi
"$spark_venv/bin/python" scripts/spark_check.py load "$work_dir/sim/raw" raw

spark_status=0
start=$(date +%s)
JOURNEY_TARGET=spark "$spark_venv/bin/dbt" build --project-dir . --profiles-dir . \
    --target-path "$work_dir/spark_target" --log-path "$work_dir/spark_logs" \
    --vars '{journey_raw_mode: warehouse, journey_raw_schema: raw}' \
    > "$work_dir/spark_build.log" 2>&1 || spark_status=$?
echo "spark build: exit $spark_status in $(( $(date +%s) - start ))s; $(grep -E 'Done\. PASS' "$work_dir/spark_build.log" || true)"
grep -E "^.{0,20}(ERROR|FAIL) " "$work_dir/spark_build.log" || true

start=$(date +%s)
JOURNEY_RAW_PATH="$work_dir/sim/raw" JOURNEY_DUCKDB_PATH="$work_dir/duckdb.duckdb" .venv/bin/dbt build \
    --project-dir . --profiles-dir . --target-path "$work_dir/duckdb_target" --log-path "$work_dir/duckdb_logs" \
    > "$work_dir/duckdb_build.log" 2>&1
echo "duckdb build: $(( $(date +%s) - start ))s; $(grep -E 'Done\. PASS' "$work_dir/duckdb_build.log")"

"$spark_venv/bin/python" scripts/spark_check.py export "$work_dir/spark_export"
compare_status=0
"$spark_venv/bin/python" scripts/spark_check.py compare "$work_dir/duckdb.duckdb" "$work_dir/spark_export" \
    || compare_status=$?
[ "$spark_status" -eq 0 ] && [ "$compare_status" -eq 0 ]
