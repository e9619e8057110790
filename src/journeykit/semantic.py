"""Run MetricFlow's ``mf`` CLI against the published copy of the warehouse.

``mf`` reads the semantic manifest at ``<dbt project>/target/semantic_manifest.json`` and connects with
the project's profile. From the repository root that is simply::

    JOURNEY_TARGET=published dbt parse --profiles-dir . --project-dir .
    JOURNEY_TARGET=published mf query --metrics sessions --group-by metric_time__week

(profile target ``published``: an in-memory DuckDB that attaches ``target/published/journey.duckdb``
read-only, or ``JOURNEY_PUBLISHED_PATH``). :class:`MetricFlowProject` does the same in a scratch folder
(links to the project's ``dbt_project.yml`` and ``profiles.yml`` and its own ``target/``), so that tests and
scripts never write into the repository's ``target/``.
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from journeykit.project import PROJECT_DIR, run_dbt


def mf_executable() -> str:
    """The ``mf`` command installed beside the running Python interpreter."""
    candidate = Path(sys.executable).with_name("mf")
    return str(candidate) if candidate.exists() else "mf"


@dataclass(frozen=True)
class MetricFlowProject:
    """A scratch folder from which ``mf`` answers queries over one published DuckDB file."""

    directory: Path
    published_database: Path

    @classmethod
    def prepare(cls, published_database: Path | str, directory: Path | str) -> "MetricFlowProject":
        """Link the project's files into ``directory`` and write the semantic manifest (``dbt parse``)."""
        work = Path(directory).resolve()
        work.mkdir(parents=True, exist_ok=True)
        for name in ("dbt_project.yml", "profiles.yml"):
            link = work / name
            if not link.exists():
                link.symlink_to(PROJECT_DIR / name)
        project = cls(work, Path(published_database).resolve())
        run_dbt(["parse"], target_path=work / "target", extra_env=project.environment())
        return project

    def environment(self) -> dict[str, str]:
        return {"JOURNEY_TARGET": "published", "JOURNEY_PUBLISHED_PATH": str(self.published_database)}

    def run(self, args: list[str]) -> subprocess.CompletedProcess[str]:
        """``mf <args>`` in the scratch folder; raises with mf's output when it fails."""
        env = {**os.environ, **self.environment(), "DBT_PROFILES_DIR": str(self.directory),
               "DBT_PROJECT_DIR": str(self.directory)}
        completed = subprocess.run([mf_executable(), *args], cwd=self.directory, env=env, capture_output=True,
                                   text=True, check=False)
        if completed.returncode != 0:
            raise RuntimeError(f"mf {' '.join(args)} failed ({completed.returncode}):\n"
                               f"{completed.stdout[-6000:]}\n{completed.stderr[-6000:]}")
        return completed

    def session(self) -> "MetricFlowSession":
        """``mf`` commands run in this process on one loaded configuration (the profile and the semantic
        manifest are read once instead of once per command)."""
        return MetricFlowSession(self)


class MetricFlowSession:
    """Runs ``mf`` commands in-process through MetricFlow's own click CLI, sharing one ``CLIConfiguration``:
    the same command code as the ``mf`` executable, without paying its start-up (dbt debug, manifest
    loading) for every query."""

    def __init__(self, project: MetricFlowProject) -> None:
        from dbt_metricflow.cli.cli_configuration import CLIConfiguration

        self.project = project
        self.configuration = CLIConfiguration()
        saved = dict(os.environ)
        try:
            os.environ.update(project.environment())
            self.configuration.setup(dbt_profiles_path=project.directory, dbt_project_path=project.directory,
                                     configure_file_logging=False)
        finally:
            os.environ.clear()
            os.environ.update(saved)
        self._queries = 0

    def invoke(self, args: list[str]) -> str:
        """``mf <args>``; returns its output, raises with it when the command fails."""
        from click.testing import CliRunner
        from dbt_metricflow.cli.main import cli

        result = CliRunner().invoke(cli, args, obj=self.configuration, catch_exceptions=True)
        if result.exit_code != 0 or result.exception is not None:
            raise RuntimeError(f"mf {' '.join(args)} failed ({result.exit_code}):\n{result.output[-6000:]}") \
                from result.exception
        return result.output

    def query(self, metrics: list[str], group_by: list[str], where: str | None = None) -> list[dict[str, str]]:
        """Rows of ``mf query`` (read from its CSV output): column name -> text ('' for null)."""
        self._queries += 1
        output = self.project.directory / f"query-{os.getpid()}-{self._queries}.csv"
        args = ["query", "--metrics", ",".join(metrics), "--quiet", "--csv", str(output)]
        if group_by:
            args += ["--group-by", ",".join(group_by)]
        if where:
            args += ["--where", where]
        self.invoke(args)
        with open(output, newline="", encoding="utf-8") as handle:
            return list(csv.DictReader(handle))
