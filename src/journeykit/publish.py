"""Publish the built warehouse where readers never block the builder and never see a half-built state.

DuckDB lets one process write a database file or many read it, never both: a BI tool's read-only
connection to the build file makes ``dbt build`` fail on its lock, and a running build refuses every
reader. ``publish`` copies the marts (every table of the schema ``marts``) and the intermediate tables
analysts query (var ``journey_publish_intermediate_tables``) out of the build file, after the build, into
a new version, and switches readers to it atomically::

    <out>/versions/<version>/marts/<table>.parquet      one Parquet file per table
    <out>/versions/<version>/intermediate/<table>.parquet
    <out>/versions/<version>/manifest.json              version, time, source, rows per table
    <out>/journey.duckdb                                small read-only DuckDB file: a view per table
                                                        over that version's Parquet files, plus
                                                        journey_publish.published_tables
    <out>/current -> versions/<version>                 for readers of the Parquet files

The version directory is written under a temporary name and renamed into place; the DuckDB file of
views is written beside the old one and renamed over it; ``current`` is a symlink replaced by rename.
A reader already connected keeps the file it opened (the previous version: its views keep reading that
version's Parquet files), a new reader gets the new one, and nobody sees a mix. The newest
``keep`` versions (var ``journey_publish_keep_versions``, at least 2) are kept; older ones are deleted,
so a connection left open across ``keep - 1`` later publishes must reconnect.
The build file is only read, for the seconds of the copy, by the publisher: never by readers.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import yaml

from journeykit.progress import Progress
from journeykit.project import PROJECT_DIR

PUBLISHED_DATABASE = "journey.duckdb"
"""File name of the published DuckDB file of views (its catalog name is ``journey``)."""

METADATA_SCHEMA = "journey_publish"


@dataclass(frozen=True)
class PublishResult:
    """What one publish wrote."""

    version: str
    version_dir: Path
    database: Path
    rows: dict[str, int]
    seconds: float
    parquet_bytes: int
    removed_versions: list[str] = field(default_factory=list)


def project_var(name: str) -> object:
    """A var's default from dbt_project.yml (the publish settings are plain values, not templates)."""
    with open(PROJECT_DIR / "dbt_project.yml", encoding="utf-8") as handle:
        return yaml.safe_load(handle)["vars"][name]


def _quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _quote_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _new_version() -> str:
    """Sortable and unique: UTC time to the microsecond plus a random suffix."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ") + "-" + uuid.uuid4().hex[:6]


def _tables_to_publish(connection: duckdb.DuckDBPyConnection, intermediate: list[str]) -> list[tuple[str, str]]:
    marts = [
        ("marts", name)
        for (name,) in connection.execute(
            "select table_name from duckdb_tables() where schema_name = 'marts' order by table_name"
        ).fetchall()
    ]
    existing = {
        name
        for (name,) in connection.execute(
            "select table_name from duckdb_tables() where schema_name = 'intermediate'"
        ).fetchall()
    }
    missing = sorted(set(intermediate) - existing)
    if missing:
        raise RuntimeError(f"journey publish: intermediate tables not in the warehouse: {', '.join(missing)}")
    if not marts:
        raise RuntimeError("journey publish: the warehouse has no table in the schema marts (run dbt build first)")
    return marts + [("intermediate", name) for name in intermediate]


def _write_views_database(path: Path, version: str, version_dir: Path, rows: dict[str, int],
                          published_at: str) -> None:
    connection = duckdb.connect(str(path))
    try:
        schemas = sorted({key.split(".")[0] for key in rows} | {METADATA_SCHEMA})
        for schema in schemas:
            connection.execute(f"create schema if not exists {_quote_identifier(schema)}")
        connection.execute(
            f"create table {METADATA_SCHEMA}.published_tables (version varchar, published_at timestamp, "
            "table_schema varchar, table_name varchar, row_count bigint, parquet_path varchar)"
        )
        for key, count in rows.items():
            schema, table = key.split(".")
            parquet = version_dir / schema / f"{table}.parquet"
            connection.execute(
                f"create view {_quote_identifier(schema)}.{_quote_identifier(table)} as "
                f"select * from read_parquet({_quote_literal(str(parquet))})"
            )
            connection.execute(
                f"insert into {METADATA_SCHEMA}.published_tables values (?, ?, ?, ?, ?, ?)",
                [version, published_at, schema, table, count, str(parquet)],
            )
        connection.execute("checkpoint")
    finally:
        connection.close()


def _replace_symlink(link: Path, target: str) -> None:
    temporary = link.with_name(f".{link.name}.{uuid.uuid4().hex[:8]}")
    os.symlink(target, temporary)
    os.replace(temporary, link)


def _remove_old_versions(versions_dir: Path, keep: int, current: str) -> list[str]:
    versions = sorted(path.name for path in versions_dir.iterdir() if path.is_dir() and not path.name.startswith("."))
    removed = [name for name in versions[:-keep] if name != current]
    for name in removed:
        shutil.rmtree(versions_dir / name, ignore_errors=True)
    return removed


def publish(source: Path | str, out_dir: Path | str, *, keep: int | None = None,
            intermediate_tables: list[str] | None = None, quiet: bool = False) -> PublishResult:
    """Publish the marts and the listed intermediate tables of the DuckDB file ``source`` into ``out_dir``."""
    keep = int(project_var("journey_publish_keep_versions") if keep is None else keep)
    if keep < 2:
        raise ValueError("journey publish: keep must be at least 2 (readers still open on the previous version)")
    if intermediate_tables is None:
        intermediate_tables = list(project_var("journey_publish_intermediate_tables"))  # type: ignore[arg-type]
    source = Path(source).resolve()
    out = Path(out_dir).resolve()
    versions_dir = out / "versions"
    versions_dir.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()

    # one publisher at a time; readers never take this lock
    with open(out / ".publish.lock", "w", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for leftover in versions_dir.glob(".tmp-*"):
            shutil.rmtree(leftover, ignore_errors=True)
        for leftover in out.glob(f".{PUBLISHED_DATABASE}.*"):
            leftover.unlink(missing_ok=True)

        version = _new_version()
        staging_dir = versions_dir / f".tmp-{version}"
        version_dir = versions_dir / version
        rows: dict[str, int] = {}
        try:
            connection = duckdb.connect(str(source), read_only=True)
        except duckdb.IOException as error:
            raise RuntimeError(f"journey publish: cannot read {source} (is dbt still building it? publish after "
                               f"the build): {error}") from error
        try:
            tables = _tables_to_publish(connection, intermediate_tables)
            progress = Progress("publish", total=len(tables), quiet=quiet)
            progress.log(f"{len(tables)} tables of {source} -> {out}")
            for schema, table in tables:
                (staging_dir / schema).mkdir(parents=True, exist_ok=True)
                target = staging_dir / schema / f"{table}.parquet"
                count = connection.execute(
                    f"copy (select * from {_quote_identifier(schema)}.{_quote_identifier(table)}) "
                    f"to {_quote_literal(str(target))} (format parquet, compression zstd)"
                ).fetchone()[0]
                rows[f"{schema}.{table}"] = int(count)
                progress.advance(f"{schema}.{table} ({int(count):,} rows)")
        finally:
            connection.close()

        published_at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None).isoformat(timespec="seconds")
        manifest = {"version": version, "published_at": published_at, "source": str(source), "rows": rows}
        (staging_dir / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        os.rename(staging_dir, version_dir)

        database = out / PUBLISHED_DATABASE
        staging_database = out / f".{PUBLISHED_DATABASE}.{version}"
        _write_views_database(staging_database, version, version_dir, rows, published_at)
        os.replace(staging_database, database)
        _replace_symlink(out / "current", f"versions/{version}")
        removed = _remove_old_versions(versions_dir, keep, version)

    parquet_bytes = sum(path.stat().st_size for path in version_dir.rglob("*.parquet"))
    result = PublishResult(version=version, version_dir=version_dir, database=database, rows=rows,
                           seconds=round(time.perf_counter() - started, 2), parquet_bytes=parquet_bytes,
                           removed_versions=removed)
    progress.finish(
        f"published version {version}: {len(rows)} tables, {sum(rows.values()):,} rows, "
        f"{parquet_bytes / 2**20:.1f} MiB in {result.seconds}s -> {database}"
        + (f" (removed {len(removed)} old versions)" if removed else "")
    )
    return result
