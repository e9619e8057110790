#!/usr/bin/env bash
# The Spark parity lane (.ci/run runs it after scripts/test.sh; needs Java 17+; timings in the
# README's "Running on Spark"):
#   1. install: the project's .venv (scripts/bootstrap.sh) and a separate Spark venv (.venv-spark,
#      SPARK_VENV to change) with the pins of scripts/spark_requirements.txt;
#   2. simulate: a small population (SPARK_CHECK_PEOPLE, default 300 people, seed 7);
#   3. load into Spark, 4. spark build, spark export: one process of the Spark venv
#      (scripts/spark_check.py): first the raw tables as they stood at an earlier load (60 % of the
#      events' loads) are loaded and built (dbt seed + run), then the whole simulation, so that the
#      build is an incremental run that must give the DuckDB full build's tables;
#      the simulation's raw files become tables of a database `raw` in a
#      local warehouse (Derby metastore and warehouse under the work dir), `dbt build` of the whole
#      project on Spark (dbt-spark, method: session; warehouse mode; seeds through the project's
#      own loader; data and unit tests included; SPARK_CHECK_THREADS dbt threads, default 2), and
#      the list of every Spark table's parquet files;
#   5. duckdb build: the same project on DuckDB from the same simulation files, beside step 4;
#   6. compare: every table and view of both builds row for row (journeykit.spark_parity; the
#      differences that are engine semantics are listed, with their reasons, in
#      scripts/spark_parity_allowed.yml).
# Closes with 'spark parity: N passed, M failed' (tables and views, plus dbt nodes that failed on
# either engine) and exits non-zero when anything failed.
# The work dir (SPARK_CHECK_DIR, default a new temporary dir, removed at the end unless
# SPARK_CHECK_KEEP=1) holds both warehouses, dbt's logs and the Spark export.
# SPARK_CHECK_SPARK_ARGS adds arguments to the Spark `dbt build` (a development aid, e.g.
# --exclude ...): whatever it leaves out is reported as not built on Spark, so it fails the lane.
set -euo pipefail
cd "$(dirname "$0")/.."
project_dir="$PWD"

spark_venv="${SPARK_VENV:-$project_dir/.venv-spark}"
people="${SPARK_CHECK_PEOPLE:-300}"
build_timeout="${SPARK_CHECK_BUILD_TIMEOUT:-1500}"
if [ -n "${SPARK_CHECK_DIR:-}" ]; then
    work_dir="$SPARK_CHECK_DIR"
    mkdir -p "$work_dir"
else
    work_dir="$(mktemp -d)"
    if [ "${SPARK_CHECK_KEEP:-0}" != 1 ]; then
        trap 'rm -rf "$work_dir"' EXIT
    fi
fi
lane_start=$(date +%s)
timings=()
failures=()
rm -f "$work_dir/timings.txt" "$work_dir/spark_export.json"

phase() {
    phase_name="$1"
    phase_start=$(date +%s)
    echo
    echo "=== spark lane: $phase_name ($(date -u +%H:%M:%S) UTC) ==="
}

phase_done() {
    local seconds=$(( $(date +%s) - phase_start ))
    timings+=("$phase_name ${seconds}s")
    echo "--- $phase_name: ${1:-done} in ${seconds}s"
}

# CPU seconds (user + system) of the lane's finished child processes, from `times` written to
# $work_dir/.times (the JVM is not among them: spark_check.py reports its CPU). On a shared machine
# the wall time depends on the other load, the CPU time much less.
cpu_seconds() {
    awk 'NR == 2 {
        total = 0
        for (i = 1; i <= 2; i++) { split($i, part, "m"); total += part[1] * 60 + part[2] }
        printf "%d", total
    }' "$work_dir/.times"
}

# Prints a command's output only when it fails (pip's output is long and noisy).
quiet() {
    local log="$1"
    shift
    if ! "$@" > "$log" 2>&1; then
        grep -v "^WARNING: Location" "$log" | tail -40
        echo "FAILED: $*  (full output: $log)"
        return 1
    fi
}

# dbt's live output, shortened: model and seed results (show_ok=1), anything not OK/PASS, errors
# and dbt's closing summary; lines that are not dbt's (the lane's own, Java's) pass unchanged.
# (mawk reads its input in blocks unless -W interactive: the log would only show at the end)
line_awk=(awk)
if awk -W version 2>&1 | grep -q mawk; then line_awk=(awk -W interactive); fi
dbt_progress() {
    "${line_awk[@]}" -v show_ok="$1" '
        /^[0-9][0-9]:[0-9][0-9]:[0-9][0-9] / {
            if ($0 ~ /Finished running/) summary = 1
            if (summary) { print; fflush(); next }
            if ($0 ~ / [0-9]+ of [0-9]+ (OK|PASS|ERROR|FAIL|WARN|SKIP)/) {
                if ($0 ~ / (ERROR|FAIL|WARN|SKIP) / || (show_ok == 1 && $0 ~ / (model|seed file) /)) { print; fflush() }
            } else if ($0 ~ /Error|error:/) { print; fflush() }
            next
        }
        !/^(WARNING: Using incubator modules|Setting default log level|To adjust logging level)/ { print; fflush() }
    '
}

if ! command -v java > /dev/null; then
    echo "FAILED: the Spark lane needs Java 17 or later (java is not on PATH)"
    echo "spark parity: 0 passed, 1 failed"
    exit 1
fi
echo "spark lane: work dir $work_dir, $people people, $(java -version 2>&1 | head -1)"

# 1. install
phase install
bash scripts/bootstrap.sh
stamp="$spark_venv/.journey-spark-installed"
if [ ! -f "$stamp" ] || [ scripts/spark_requirements.txt -nt "$stamp" ]; then
    [ -x "$spark_venv/bin/python" ] || python3 -m venv "$spark_venv"
    quiet "$work_dir/pip.log" "$spark_venv/bin/python" -m pip install --upgrade pip
    quiet "$work_dir/pip.log" "$spark_venv/bin/python" -m pip install -r scripts/spark_requirements.txt
    touch "$stamp"
    phase_done "$("$spark_venv/bin/python" -m pip freeze | grep -E '^(dbt-core|dbt-spark|pyspark)==' | tr '\n' ' ')"
else
    phase_done "Spark venv up to date"
fi

# A local Spark warehouse and metastore under the work dir, for the one Spark driver of
# scripts/spark_check.py (dbt-spark's session included). Parquet timestamps as UTC-adjusted int64
# microseconds (not the legacy INT96), so that the comparison reads them back exactly.
export SPARK_CONF_DIR="$work_dir/spark_conf"
mkdir -p "$SPARK_CONF_DIR"
cat > "$SPARK_CONF_DIR/spark-defaults.conf" <<EOF
spark.master                                 local[2]
spark.driver.memory                          3g
spark.sql.shuffle.partitions                 2
spark.default.parallelism                    2
spark.sql.warehouse.dir                      $work_dir/spark_state/warehouse
spark.hadoop.javax.jdo.option.ConnectionURL  jdbc:derby:;databaseName=$work_dir/spark_state/metastore_db;create=true
spark.driver.extraJavaOptions                -Dderby.system.home=$work_dir/spark_state
spark.ui.enabled                             false
spark.ui.showConsoleProgress                 false
spark.sql.parquet.outputTimestampType        TIMESTAMP_MICROS
EOF
cat > "$SPARK_CONF_DIR/log4j2.properties" <<'EOF'
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
EOF

# 2. simulate
phase simulate
.venv/bin/journeykit simulate --people "$people" --seed 7 --out "$work_dir/sim" --quiet
# the first load of the Spark build: the raw tables as they stood at the events' loaded_at 60 % quantile
.venv/bin/python - "$work_dir/sim/raw" "$work_dir/sim_first_load" <<'PYTHON'
import sys
from pathlib import Path

import duckdb

from journeykit.incremental_check import raw_cut

raw_dir, out_dir = Path(sys.argv[1]), Path(sys.argv[2])
cut = duckdb.sql(
    f"select quantile_disc(loaded_at, 0.6) from read_parquet('{raw_dir / 'events.parquet'}')"
).fetchone()[0]
print(f"first load: rows loaded before {cut}")
raw_cut(raw_dir, out_dir, str(cut))
PYTHON
phase_done "$(ls "$work_dir/sim/raw" | wc -l) raw tables"

# Vars of both builds: the thresholds that decide which segments count, lowered so that at a few
# hundred people every mart has rows to compare (fct_opportunities has none with the defaults; 8
# with these); the same on both engines, so parity is still exact. The z threshold stays above
# every z-score the unit tests' fixtures give below the default 3, so those tests keep their answers.
lane_vars="journey_significance_z: 2, journey_friction_min_attempts: 5, journey_opportunity_min_texts: 3"

# 5. duckdb build, in the background while Spark works (Spark's driver plans one query at a
# time per dbt thread and leaves CPU over); its output is shown once the Spark steps are done.
duckdb_build() {
    local started=$(date +%s) status=0
    JOURNEY_RAW_PATH="$work_dir/sim/raw" JOURNEY_DUCKDB_PATH="$work_dir/duckdb.duckdb" \
        .venv/bin/dbt --no-use-colors build --project-dir . --profiles-dir . \
        --target-path "$work_dir/duckdb_target" --log-path "$work_dir/duckdb_logs" --vars "{$lane_vars}" \
        > "$work_dir/duckdb_build.log" 2>&1 || status=$?
    echo "duckdb build $(( $(date +%s) - started ))s (beside Spark)" > "$work_dir/duckdb_timing.txt"
    return "$status"
}
duckdb_build &
duckdb_pid=$!

# 3-4. load, spark build and export: one process of the Spark venv, so one Spark driver
# (scripts/spark_check.py; it prints its own step headers and appends to timings.txt).
spark_status=0
timeout "$build_timeout" "$spark_venv/bin/python" scripts/spark_check.py "$work_dir/sim/raw" "$work_dir" \
    --first-load "$work_dir/sim_first_load" --vars "{journey_raw_mode: warehouse, journey_raw_schema: raw, $lane_vars}" \
    --threads "${SPARK_CHECK_THREADS:-2}" ${SPARK_CHECK_SPARK_ARGS:-} \
    2>&1 | tee "$work_dir/spark_build.log" | dbt_progress 1 || spark_status=$?
if [ "$spark_status" -eq 124 ]; then
    echo "FAILED: loading and building on Spark did not finish within ${build_timeout}s"
    failures+=("Spark: load, build and export did not finish within ${build_timeout}s")
elif [ "$spark_status" -eq 2 ]; then
    failures+=("Spark: loading or exporting failed (see above)")
fi
while read -r line; do timings+=("$line"); done < <(cat "$work_dir/timings.txt" 2>/dev/null)

phase "duckdb build"
duckdb_status=0
wait "$duckdb_pid" || duckdb_status=$?
dbt_progress 0 < "$work_dir/duckdb_build.log"
timings+=("$(cat "$work_dir/duckdb_timing.txt")")
echo "--- duckdb build: dbt exit $duckdb_status; $(cat "$work_dir/duckdb_timing.txt")"

# 6. compare
phase compare
compare_status=0
.venv/bin/python -m journeykit.spark_parity "$work_dir/duckdb.duckdb" "$work_dir/spark_export.json" \
    scripts/spark_parity_allowed.yml \
    --spark-target "$work_dir/spark_target" --duckdb-target "$work_dir/duckdb_target" \
    --failure "${failures[@]}" > "$work_dir/compare.log" 2>&1 || compare_status=$?
phase_done "exit $compare_status"

echo
echo "=== spark lane: timings ==="
times > "$work_dir/.times"  # here, not in $(...): a subshell's `times` counts only its own children
printf '  %s\n' "${timings[@]}" "CPU of the lane's other processes $(cpu_seconds)s" \
    "total $(( $(date +%s) - lane_start ))s wall (load average at the end $(cut -d' ' -f1-3 /proc/loadavg))"
echo
echo "=== spark lane: per-table results ==="
cat "$work_dir/compare.log"
[ "$compare_status" -eq 0 ] && [ "$spark_status" -eq 0 ] && [ "$duckdb_status" -eq 0 ]
