"""Progress of long work (simulate, benchmark, publish, report) on stderr.

Two renderings of the same calls, chosen by where the output goes:

* a terminal: one status line redrawn in place (``\\r`` and erase-to-end-of-line), with a bar, the
  count, the elapsed time and what is being done, ended by a newline when the work is done;
* anything else (CI logs, files, pipes): plain lines only, never a carriage return: the start, a
  line whenever another tenth of the work is done or ``log_every_seconds`` passed since the last
  line, and the end, so that a log shows the work moving without one line per step.

``JOURNEY_PROGRESS=plain`` or ``=tty`` forces a rendering; ``quiet=True`` prints nothing.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO


def _is_terminal(stream: TextIO) -> bool:
    forced = os.environ.get("JOURNEY_PROGRESS", "").lower()
    if forced in {"plain", "tty"}:
        return forced == "tty"
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"


class Progress:
    """Progress of a job of ``total`` steps (``total=None``: unknown, shown as a count)."""

    BAR_WIDTH = 24

    def __init__(self, label: str, total: int | None = None, *, stream: TextIO | None = None, quiet: bool = False,
                 log_every_seconds: float = 10.0) -> None:
        self.label = label
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        self.quiet = quiet
        self.is_terminal = _is_terminal(self.stream)
        self.log_every_seconds = log_every_seconds
        self.done_steps = 0
        self.started = time.perf_counter()
        self._last_line_at = self.started
        self._last_tenth = 0
        self._line_open = False
        self._finished = False

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def _count(self) -> str:
        return f"{self.done_steps}/{self.total}" if self.total else f"{self.done_steps}"

    def _bar(self) -> str:
        if not self.total:
            return ""
        filled = round(self.BAR_WIDTH * min(self.done_steps, self.total) / self.total)
        return "[" + "#" * filled + "." * (self.BAR_WIDTH - filled) + "] "

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()

    def restart(self, total: int | None) -> None:
        """Count again from 0 towards a new total (the elapsed time goes on)."""
        self.total, self.done_steps, self._last_tenth = total, 0, 0

    def log(self, message: str) -> None:
        """A plain line (a phase, a result), never overwritten."""
        if self.quiet:
            return
        if self._line_open:
            self._write("\r\x1b[K")
            self._line_open = False
        self._write(f"[{self.label}] {self.elapsed:6.1f}s  {message}\n")
        self._last_line_at = time.perf_counter()

    def advance(self, detail: str = "", steps: int = 1) -> None:
        """``steps`` more steps are done; ``detail`` says what was done (or is being done next)."""
        self.done_steps += steps
        if self.quiet:
            return
        if self.is_terminal:
            self._write(f"\r\x1b[K[{self.label}] {self._bar()}{self._count()}  {self.elapsed:6.1f}s  {detail}"[:200])
            self._line_open = True
            return
        tenth = int(10 * self.done_steps / self.total) if self.total else 0
        now = time.perf_counter()
        if tenth > self._last_tenth or now - self._last_line_at >= self.log_every_seconds:
            self._last_tenth = tenth
            self.log(f"{self._count()}  {detail}")

    def finish(self, message: str) -> None:
        """The work is done: the final line (in a terminal it replaces the status line)."""
        if self._finished:
            return
        self._finished = True
        self.log(message)
