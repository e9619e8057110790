"""Helpers of scripts/spark_check.sh (run with the Spark venv's Python).

load    <raw_dir> <database>     : every <raw_dir>/<table>.parquet as a table <database>.<table>
export  <out_dir>                : every table of the project's Spark databases as <out_dir>/<db>.<table>/*.parquet
compare <duckdb_path> <out_dir>  : row counts and row-by-row differences, Spark export vs the DuckDB build
"""

from __future__ import annotations

import glob
import os
import shutil
import sys

PROJECT_DATABASES = ["config", "staging", "intermediate", "marts"]


def spark_session():  # type: ignore[no-untyped-def]
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.enableHiveSupport()
        .config("spark.sql.session.timeZone", "UTC")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def load(raw_dir: str, database: str) -> None:
    spark = spark_session()
    spark.sql(f"create database if not exists {database}")
    for path in sorted(glob.glob(os.path.join(raw_dir, "*.parquet"))):
        table = os.path.basename(path).removesuffix(".parquet")
        frame = spark.read.parquet(path)
        frame.write.mode("overwrite").saveAsTable(f"{database}.{table}")
        print(f"loaded {database}.{table}: {frame.count()} rows")


def export(out_dir: str) -> None:
    spark = spark_session()
    shutil.rmtree(out_dir, ignore_errors=True)
    for database in PROJECT_DATABASES:
        for table in spark.catalog.listTables(database):
            frame = spark.table(f"{database}.{table.name}")
            frame.coalesce(1).write.parquet(os.path.join(out_dir, f"{database}.{table.name}"))


def _normalised(columns: dict[str, str], source: str) -> str:
    """Doubles rounded to 6 places, integers as bigint: the engines' float sums may differ in the last bits."""
    expressions = []
    for name, data_type in columns.items():
        if data_type in ("DOUBLE", "FLOAT") or data_type.startswith("DECIMAL"):
            expressions.append(f'round(cast("{name}" as double), 6) as "{name}"')
        elif data_type in ("BIGINT", "INTEGER", "HUGEINT"):
            expressions.append(f'cast("{name}" as bigint) as "{name}"')
        else:
            expressions.append(f'"{name}"')
    return f"select {', '.join(expressions)} from {source}"


def compare(duckdb_path: str, out_dir: str) -> int:
    import duckdb

    con = duckdb.connect(duckdb_path, read_only=True)
    con.sql("set TimeZone = 'UTC'")
    differing = 0
    for directory in sorted(glob.glob(os.path.join(out_dir, "*.*"))):
        schema, table = os.path.basename(directory).split(".", 1)
        spark_source = f"read_parquet('{directory}/*.parquet')"
        duck_columns = {row[0]: row[1] for row in con.sql(f"describe {schema}.{table}").fetchall()}
        spark_columns = [row[0] for row in con.sql(f"describe select * from {spark_source}").fetchall()]
        note = ""
        if list(duck_columns) != spark_columns:
            note = f" columns differ: duckdb {list(duck_columns)} spark {spark_columns}"
        shared = {name: kind for name, kind in duck_columns.items() if name in spark_columns}
        duck_rows = con.sql(f"select count(*) from {schema}.{table}").fetchone()[0]
        spark_rows = con.sql(f"select count(*) from {spark_source}").fetchone()[0]
        only_duck = con.sql(
            f"select count(*) from ({_normalised(shared, f'{schema}.{table}')}"
            f" except all {_normalised(shared, spark_source)})").fetchone()[0]
        only_spark = con.sql(
            f"select count(*) from ({_normalised(shared, spark_source)}"
            f" except all {_normalised(shared, f'{schema}.{table}')})").fetchone()[0]
        same = duck_rows == spark_rows and only_duck == 0 and only_spark == 0 and not note
        differing += 0 if same else 1
        print(f"{'same' if same else 'DIFF'}  {schema}.{table}: duckdb={duck_rows} spark={spark_rows}"
              f" rows only in duckdb={only_duck} only in spark={only_spark}{note}")
    print(f"{differing} table(s) differ")
    return differing


if __name__ == "__main__":
    command, *arguments = sys.argv[1:]
    if command == "load":
        load(*arguments)
    elif command == "export":
        export(*arguments)
    elif command == "compare":
        sys.exit(1 if compare(*arguments) else 0)
    else:
        sys.exit(__doc__)
