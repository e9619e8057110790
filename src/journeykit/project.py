"""Run the dbt project from Python: used by the CLI, the benchmark and the tests."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
"""The dbt project's root (the repository root)."""


@dataclass(frozen=True)
class DbtResult:
    """What one dbt invocation returned."""

    args: list[str]
    returncode: int
    output: str
    seconds: float

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def dbt_executable() -> str:
    """The dbt command installed beside the running Python interpreter."""
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def run_dbt(
    args: list[str],
    *,
    raw_path: Path | str | None = None,
    duckdb_path: Path | str | None = None,
    target_path: Path | str | None = None,
    extra_env: dict[str, str] | None = None,
    check: bool = True,
) -> DbtResult:
    """Run `dbt <args>` in the project directory.

    raw_path sets JOURNEY_RAW_PATH (the directory of landing files), duckdb_path sets
    JOURNEY_DUCKDB_PATH (the warehouse file), target_path isolates dbt's artifacts so
    that several warehouses can be built one after the other without clashing.
    With check=True a failing run raises RuntimeError carrying dbt's output.
    """
    env = dict(os.environ)
    if raw_path is not None:
        env["JOURNEY_RAW_PATH"] = str(Path(raw_path).resolve())
    if duckdb_path is not None:
        env["JOURNEY_DUCKDB_PATH"] = str(Path(duckdb_path).resolve())
    if extra_env:
        env.update(extra_env)
    full_args = [dbt_executable(), *args, "--project-dir", str(PROJECT_DIR), "--profiles-dir", str(PROJECT_DIR)]
    if target_path is not None:
        full_args += ["--target-path", str(Path(target_path).resolve())]
    started = time.perf_counter()
    completed = subprocess.run(
        full_args, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, check=False
    )
    result = DbtResult(
        args=full_args,
        returncode=completed.returncode,
        output=completed.stdout + completed.stderr,
        seconds=time.perf_counter() - started,
    )
    if check and not result.ok:
        raise RuntimeError(f"dbt {' '.join(args)} failed ({completed.returncode}):\n{result.output[-8000:]}")
    return result
