"""Fixtures of the robustness suite: the bad corpus, and kumonote as a real process."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .corpus import build, restore_permissions

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent


@pytest.fixture(scope="session")
def warm_cache_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An XDG cache folder holding the bundled notes' index, built once for the session."""
    from tui.notes import bundled_library
    from tui.search.engine import SearchEngine

    base = tmp_path_factory.mktemp("xdg-cache")
    SearchEngine.open(bundled_library(), cache_dir=base / "kumonote").close()
    return base


@pytest.fixture(autouse=True)
def _warm_cache(warm_cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """kumonote processes started by these tests find the bundled index built (each test
    that is about the cache passes a folder of its own)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(warm_cache_home))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The content folder of `corpus.build` (its `outside` folder is next to it)."""
    base = tmp_path_factory.mktemp("corpus")
    root = build(base)
    yield root
    restore_permissions(base)


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a kumonote child process: this source tree first on the path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["PYTHONWARNINGS"] = "ignore"
    env.update(extra)
    return env


class Run:
    """One finished kumonote process: exit code, output, and every path it opened."""

    def __init__(self, process: subprocess.CompletedProcess[bytes], log: Path) -> None:
        self.returncode = process.returncode
        self.stdout_bytes = process.stdout
        self.stderr_bytes = process.stderr
        self.stdout = process.stdout.decode("utf-8", "replace")
        self.stderr = process.stderr.decode("utf-8", "replace")
        self.opened: list[str] = json.loads(log.read_text()) if log.exists() else []


@pytest.fixture
def kumonote(tmp_path: Path) -> Callable[..., Run]:
    """Run `kumonote ARGS` as a child process that logs what it opens (see run_kumonote.py)."""
    counter = iter(range(1_000_000))

    def run(*args: str, timeout: float = 120, **env: str) -> Run:
        log = tmp_path / f"opened-{next(counter)}.json"
        work = tmp_path / "cwd"
        work.mkdir(exist_ok=True)
        process = subprocess.run(
            [sys.executable, str(HERE / "run_kumonote.py"), str(log), *args],
            capture_output=True,
            timeout=timeout,
            cwd=work,
            env=child_env(**env),
            stdin=subprocess.DEVNULL,
        )
        return Run(process, log)

    return run


class Pty:
    """kumonote (or anything) in a pseudo-terminal of its own: a real terminal to a child
    process, whose raw output bytes the test reads."""

    def __init__(
        self,
        args: list[str],
        env: dict[str, str],
        size: tuple[int, int] = (100, 30),
        cwd: Path | None = None,
    ) -> None:
        self.master, slave = os.openpty()
        self.resize(*size, fd=slave)
        self.process = subprocess.Popen(
            args, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd, start_new_session=True
        )
        os.close(slave)
        self.output = b""

    def resize(self, width: int, height: int, fd: int | None = None) -> None:
        """Set the terminal size (the child gets SIGWINCH, as from a real terminal)."""
        fcntl.ioctl(
            self.master if fd is None else fd,
            termios.TIOCSWINSZ,
            struct.pack("HHHH", height, width, 0, 0),
        )

    def read_until(self, check: Callable[[bytes], bool], timeout: float = 30) -> bytes:
        """Read output until `check(everything so far)` or the child ends; the output."""
        end = time.monotonic() + timeout
        while not check(self.output) and time.monotonic() < end:
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if not ready:
                if self.process.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            self.output += chunk
        return self.output

    def drain(self) -> bytes:
        """Read what the child has written so far, without waiting for more; the output."""
        while select.select([self.master], [], [], 0)[0]:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # the child closed the terminal
                break
            if not chunk:
                break
            self.output += chunk
        return self.output

    def wait_for(self, text: bytes, what: str, timeout: float = 60) -> None:
        """Read until `text` is in what the child writes from now on (the event `what`)."""
        start = len(self.output)
        output = self.read_until(lambda out: text in out[start:], timeout=timeout)
        assert text in output[start:], f"{what}: never seen; the end of the output:\n" + (
            output[-2000:].decode("utf-8", "replace")
        )

    def write(self, data: bytes) -> None:
        os.write(self.master, data)

    def finish(self, timeout: float = 30) -> int:
        """Read to the end; the exit code (the child is killed if it does not end)."""
        self.read_until(lambda _: False, timeout=timeout)
        try:
            return self.process.wait(timeout=5)
        finally:
            self.close()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        with contextlib.suppress(OSError):
            os.close(self.master)


@pytest.fixture
def pty_run() -> Iterator[Callable[..., Pty]]:
    """Start processes in pseudo-terminals; each is killed at the end if still running."""
    started: list[Pty] = []

    def start(args: list[str], size: tuple[int, int] = (100, 30), **env: str) -> Pty:
        term = Pty(args, child_env(**{"TERM": "xterm-256color", **env}), size)
        started.append(term)
        return term

    yield start
    for term in started:
        term.close()


def kumonote_args(*args: str) -> list[str]:
    """The command line of kumonote run from this source tree."""
    return [sys.executable, "-m", "tui", *args]
