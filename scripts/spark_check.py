"""Spark side of the Spark parity lane (scripts/spark_check.sh), run with the Spark venv's Python.

    spark_check.py <raw_dir> <work_dir> [--first-load <first_raw_dir>] [dbt build arguments ...]

In one Python process, so in one Spark driver (a JVM and its Derby metastore start once):
  first load   with --first-load: the raw tables as they stood at an earlier load (the lane's: its
               events' loaded_at 60 % quantile) are loaded and built (`dbt seed`, `dbt run`), so that
               the build below is an incremental run on top of them (the load-partitioned models
               replace their newer partitions) whose tables must equal a full DuckDB build;
  load         every <raw_dir>/<table>.parquet becomes a table raw.<table> of the local warehouse
               (a copy of the file under <work_dir>/spark_raw/, registered in place: no Spark job);
  spark build  `dbt build` of the project on Spark (dbt-spark, method: session: dbt's session is
               this process's SparkSession) into <work_dir>/spark_target, with the dbt build
               arguments given (the lane's: warehouse mode, its --vars, --threads);
  export       for journeykit.spark_parity, <work_dir>/spark_export.json: every table and view of
               the project's databases -> its parquet files. A table's are the files Spark wrote
               for it in the warehouse; a view (and an empty table) is written to
               <work_dir>/spark_views/<database>.<name>/ first.
The Spark settings (warehouse and metastore under <work_dir>, driver memory, shuffle partitions)
come from $SPARK_CONF_DIR/spark-defaults.conf, written by the lane. Each step prints a header and
appends '<step> <seconds>s' to <work_dir>/timings.txt. Exits 0 when every step succeeded, 1 when
the dbt build failed, 2 when loading or exporting failed.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

PROJECT_DIR = Path(__file__).resolve().parents[1]
PROJECT_DATABASES = ["config", "landing", "staging", "intermediate", "marts"]
RAW_DATABASE = "raw"


def spark_session() -> Any:
    from pyspark.sql import SparkSession

    # dbt-spark's session asks for the same builder (Hive support, its server_side_parameters),
    # so getOrCreate hands it this session.
    spark = SparkSession.builder.enableHiveSupport().config("spark.sql.session.timeZone", "UTC").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def load(spark: Any, raw_dir: Path, work_dir: Path) -> None:
    paths = sorted(raw_dir.glob("*.parquet"))
    if not paths:
        raise RuntimeError(f"no <table>.parquet file in {raw_dir}")
    spark.sql(f"create database if not exists {RAW_DATABASE}")
    for path in paths:
        location = work_dir / "spark_raw" / path.stem
        location.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, location / path.name)
        table = f"{RAW_DATABASE}.{path.stem}"
        spark.sql(f"drop table if exists {table}")
        spark.sql(f"create table {table} using parquet location '{location}'")
        print(f"  loaded {table}: {spark.table(table).count()} rows", flush=True)


def spark_build(work_dir: Path, dbt_arguments: list[str], command: str = "build") -> bool:
    from dbt.cli.main import dbtRunner

    os.environ["JOURNEY_TARGET"] = "spark"
    result = dbtRunner().invoke([
        "--no-use-colors", command,
        "--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR),
        "--target-path", str(work_dir / "spark_target"), "--log-path", str(work_dir / "spark_logs"),
        *dbt_arguments,
    ])
    if result.exception is not None:
        print(f"dbt did not run: {result.exception}", flush=True)
    return bool(result.success)


def export(spark: Any, work_dir: Path) -> None:
    existing = {row[0] for row in spark.sql("show databases").collect()}
    files: dict[str, list[str]] = {}
    written = 0
    for database in PROJECT_DATABASES:
        if database not in existing:
            continue
        for table in spark.catalog.listTables(database):
            if table.isTemporary:
                # a session's temporary views (dbt-spark's incremental __dbt_tmp) are listed with every
                # database but belong to none
                continue
            name = f"{database}.{table.name}"
            frame = spark.table(name)
            parquet_files = [
                unquote(urlparse(uri).path) for uri in frame.inputFiles() if uri.endswith(".parquet")
            ] if table.tableType != "VIEW" else []
            if not parquet_files:
                directory = work_dir / "spark_views" / name
                frame.coalesce(1).write.mode("overwrite").parquet(str(directory))
                parquet_files = [str(path) for path in sorted(directory.glob("*.parquet"))]
                written += 1
            files[name] = parquet_files
    (work_dir / "spark_export.json").write_text(json.dumps(files, indent=1))
    print(f"  {len(files)} Spark tables and views: {len(files) - written} read from the warehouse,"
          f" {written} (views, empty tables) written out", flush=True)


def step(work_dir: Path, name: str, action: Callable[[], Any]) -> Any:
    print(f"\n=== spark lane: {name} ({time.strftime('%H:%M:%S', time.gmtime())} UTC) ===", flush=True)
    started = time.monotonic()
    try:
        return action()
    finally:
        seconds = round(time.monotonic() - started)
        print(f"--- {name}: {seconds}s", flush=True)
        with (work_dir / "timings.txt").open("a") as timings:
            timings.write(f"{name} {seconds}s\n")


def main(arguments: list[str]) -> int:
    if len(arguments) < 2:
        sys.exit(__doc__)
    raw_dir, work_dir, dbt_arguments = Path(arguments[0]), Path(arguments[1]), arguments[2:]
    first_raw_dir = None
    if dbt_arguments[:1] == ["--first-load"]:
        first_raw_dir, dbt_arguments = Path(dbt_arguments[1]), dbt_arguments[2:]

    if first_raw_dir is not None:
        try:
            step(work_dir, "first load into Spark", lambda: load(spark_session(), first_raw_dir, work_dir))
        except Exception as error:  # noqa: BLE001
            print(f"FAILED: loading the first load into Spark: {error}", flush=True)
            return 2
        # dbt seed + dbt run: the models of the first load, without tests (the build below tests)
        first_built = step(work_dir, "spark first-load run", lambda: (
            spark_build(work_dir, dbt_arguments, "seed") and spark_build(work_dir, dbt_arguments, "run")))
        if not first_built:
            print("FAILED: the first-load run on Spark", flush=True)
            return 1

    def start_and_load() -> Any:
        spark = spark_session()
        load(spark, raw_dir, work_dir)
        return spark

    try:
        spark = step(work_dir, "load into Spark", start_and_load)
    except Exception as error:  # noqa: BLE001 - any failure of the load is reported, the lane goes on
        print(f"FAILED: loading the raw tables into Spark: {error}", flush=True)
        return 2
    built = step(work_dir, "spark build", lambda: spark_build(work_dir, dbt_arguments))
    try:
        step(work_dir, "spark export", lambda: export(spark, work_dir))
    except Exception as error:  # noqa: BLE001
        print(f"FAILED: exporting the Spark tables: {error}", flush=True)
        return 2
    finally:
        with (work_dir / "timings.txt").open("a") as timings:
            timings.write(f"Spark driver (JVM) CPU {jvm_cpu_seconds(spark)}s over the three steps\n")
    return 0 if built else 1


def jvm_cpu_seconds(spark: Any) -> str:
    """User + system CPU seconds of the Spark driver's JVM so far ('?' when not readable)."""
    try:
        pid = spark.sparkContext._gateway.proc.pid
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return str(round((int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")))
    except Exception:  # noqa: BLE001 - a figure for the log only
        return "?"


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
