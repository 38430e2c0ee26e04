"""A progress line with an estimate, on stderr, for the long jobs of the `korak` command."""

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO


class Progress:
    """`label 1200/2000 (410/s, about 2 s left)`, redrawn in place on a terminal and
    printed every few seconds otherwise, so a log file stays short."""

    def __init__(self, label: str, total: int, *, stream: TextIO | None = None, quiet: bool = False) -> None:
        self.label, self.total, self.quiet = label, total, quiet
        self.stream = stream or sys.stderr
        self.started = self._last = time.perf_counter()
        self._tty = self.stream.isatty()

    def update(self, done: int) -> None:
        now = time.perf_counter()
        # The last line is finish()'s.
        if self.quiet or done >= self.total or now - self._last < (0.25 if self._tty else 5.0):
            return
        self._last = now
        self._write(done, now)

    def finish(self, done: int) -> float:
        """Print the final line; the elapsed seconds."""
        now = time.perf_counter()
        if not self.quiet:
            self._write(done, now)
            if self._tty:
                self.stream.write("\n")
                self.stream.flush()
        return now - self.started

    def _write(self, done: int, now: float) -> None:
        elapsed = max(now - self.started, 1e-9)
        rate = done / elapsed
        left = (self.total - done) / rate if rate else 0.0
        line = f"{self.label} {done}/{self.total} ({rate:.0f}/s, about {_duration(left)} left)"
        if self._tty:
            self.stream.write("\r\x1b[K" + line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


class PartTimer:
    """Wall and CPU seconds of each part of a build, printed as each part ends: on a loaded
    machine the wall time alone says little, the CPU time says what the part itself costs."""

    def __init__(self, *, stream: TextIO | None = None, quiet: bool = False) -> None:
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.parts: list[tuple[str, float, float]] = []

    @contextmanager
    def part(self, label: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            timing = (label, time.perf_counter() - wall, time.process_time() - cpu)
            self.parts.append(timing)
            if not self.quiet:
                self.stream.write(f"{label}: {timing[1]:.1f} s ({timing[2]:.1f} s CPU)\n")
                self.stream.flush()
