"""Drive a real program in tmux and watch its screen, fast enough to time it.

Each `Terminal` is a private tmux server (`tmux -L <unique>`, its own socket directory, no user
config) with one 100x30 window. The program waits behind a FIFO until `launch()` releases it, so
the clock starts when the program does, not when tmux does. The screen is read through one tmux
control-mode client (`tmux -C`): a `capture-pane` then costs tens of microseconds instead of a
process spawn, so polling every few milliseconds does not steal the CPU from the program being
timed. `remain-on-exit` keeps the last screen of a program that died, for the error message.
"""

from __future__ import annotations

import os
import select
import shlex
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType

WIDTH, HEIGHT = 100, 30
SESSION = "bench"
_GATE = 'read _ < "$0"; export TERM=xterm-256color; exec "$@"'


class TmuxError(RuntimeError):
    """tmux failed, or the program in it exited or never showed what was awaited."""


class ScreenTimeout(TmuxError):
    """The screen never showed what was awaited (the program is still running)."""


def available() -> bool:
    """Is tmux installed?"""
    return shutil.which("tmux") is not None


def quote(text: str) -> str:
    """Quote a word for tmux's command parser (single quotes, as in sh)."""
    return "'" + text.replace("'", "'\\''") + "'"


class Terminal:
    """One program in a private tmux server, its screen readable as text."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        env: Mapping[str, str] | None = None,
        cwd: Path | None = None,
        width: int = WIDTH,
        height: int = HEIGHT,
    ) -> None:
        tmux = shutil.which("tmux")
        if tmux is None:
            raise TmuxError("tmux is not installed")
        self._tmux = tmux
        self._dir = Path(tempfile.mkdtemp(prefix="kumonote-bench-tmux-"))
        self.socket = f"kumonote-bench-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self._env = dict(os.environ if env is None else env)
        self._env.pop("TMUX", None)
        self._env["TMUX_TMPDIR"] = str(self._dir)
        self._env.setdefault("LANG", "C.UTF-8")
        self._env["TERM"] = "xterm-256color"
        self._fifo = self._dir / "gate"
        os.mkfifo(self._fifo)
        self._argv = list(argv)
        self._client: subprocess.Popen[bytes] | None = None
        self._buffer = b""
        self._launched = False
        self._pid: int | None = None
        self._start(cwd or Path.cwd(), width, height)

    # ----- set-up and tear-down -------------------------------------------------------------

    def _start(self, cwd: Path, width: int, height: int) -> None:
        command = [
            self._tmux,
            "-L",
            self.socket,
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-s",
            SESSION,
            "-x",
            str(width),
            "-y",
            str(height),
            "-c",
            str(cwd),
            "sh",
            "-c",
            _GATE,
            str(self._fifo),
            *self._argv,
        ]
        result = subprocess.run(
            command, env=self._env, capture_output=True, text=True, timeout=20, check=False
        )
        if result.returncode != 0:
            self.close()
            raise TmuxError(f"tmux new-session failed: {result.stderr.strip()}")
        self._client = subprocess.Popen(
            [self._tmux, "-L", self.socket, "-C", "attach-session", "-t", SESSION],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=self._env,
        )
        self._response()  # the attach itself answers with an empty block
        for line in (
            "refresh-client -f no-output",
            "set-option -g remain-on-exit on",
            "set-option -g window-size manual",
            "set-option -g status off",
        ):
            self.command(line)

    def close(self) -> None:
        """Kill the tmux server (and with it the program) and remove the socket directory."""
        if self._client is not None:
            try:
                if self._client.stdin:
                    self._client.stdin.close()
            except OSError:
                pass
            self._client.kill()
            self._client.wait(timeout=10)
            if self._client.stdout:
                self._client.stdout.close()
            self._client = None
        subprocess.run(
            [self._tmux, "-L", self.socket, "kill-server"],
            env=self._env,
            capture_output=True,
            timeout=20,
            check=False,
        )
        shutil.rmtree(self._dir, ignore_errors=True)

    def __enter__(self) -> Terminal:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    # ----- control-mode protocol --------------------------------------------------------------

    def command(self, line: str, timeout: float = 20.0) -> list[str]:
        """Run one tmux command through the control client; its output lines."""
        client = self._client
        if client is None or client.stdin is None:
            raise TmuxError("the tmux control client is not running")
        try:
            client.stdin.write(line.encode() + b"\n")
            client.stdin.flush()
        except BrokenPipeError as error:
            raise TmuxError(f"tmux went away while running: {line}") from error
        return self._response(timeout, line)

    def _readline(self, deadline: float) -> str:
        client = self._client
        assert client is not None and client.stdout is not None
        fd = client.stdout.fileno()
        while b"\n" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TmuxError("tmux did not answer in time")
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    raise TmuxError("tmux closed the control connection")
                self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line.decode("utf-8", "replace")

    def _response(self, timeout: float = 20.0, line: str = "attach") -> list[str]:
        deadline = time.monotonic() + timeout
        while True:  # skip notifications until the block that answers our command
            head = self._readline(deadline)
            if head.startswith("%begin "):
                break
            if head.startswith("%exit"):
                raise TmuxError("tmux ended the session")
        tag = head.split()[1:3]
        out: list[str] = []
        while True:
            text = self._readline(deadline)
            words = text.split()
            if words[:1] in (["%end"], ["%error"]) and words[1:3] == tag:
                if words[0] == "%error":
                    raise TmuxError(f"tmux: {line}: {' '.join(out)}")
                return out
            out.append(text)

    # ----- the program ------------------------------------------------------------------------

    def launch(self) -> float:
        """Let the program start; the `time.perf_counter()` at which it was released."""
        if self._launched:
            raise TmuxError("already launched")
        self._pid = self.pane_pid()
        started = time.perf_counter()
        with open(self._fifo, "w") as gate:
            gate.write("go\n")
        self._launched = True
        return started

    def pane_pid(self) -> int:
        """The pid of the program (the gate `exec`s it, so the pid does not change)."""
        if self._pid is None:
            self._pid = int(self.command(f"display-message -p -t {SESSION} '#{{pane_pid}}'")[0])
        return self._pid

    def dead(self) -> bool:
        """Has the program exited?"""
        return self.command(f"display-message -p -t {SESSION} '#{{pane_dead}}'")[0] == "1"

    def screen(self) -> str:
        """The visible screen as plain text (no colours, no cursor)."""
        return "\n".join(self.command(f"capture-pane -p -t {SESSION}"))

    def send_text(self, text: str) -> None:
        """Type `text` as it is (one `send-keys -l`)."""
        self.command(f"send-keys -t {SESSION} -l {quote(text)}")

    def send_key(self, key: str) -> None:
        """Press a named key (`Escape`, `Enter`, `C-c`…)."""
        self.command(f"send-keys -t {SESSION} {key}")

    def wait_for(
        self, check: Callable[[str], bool], timeout: float = 30.0, interval: float = 0.005
    ) -> tuple[float, str]:
        """Poll until `check(screen)`; the `perf_counter()` of that capture, and the screen."""
        deadline = time.monotonic() + timeout
        polls = 0
        text = ""
        while True:
            text = self.screen()
            seen = time.perf_counter()
            if check(text):
                return seen, text
            polls += 1
            if polls % 20 == 0 and self.dead():
                raise TmuxError(f"the program exited; its last screen:\n{self.screen()}")
            if time.monotonic() > deadline:
                raise ScreenTimeout(f"the screen never showed what was awaited; last:\n{text}")
            time.sleep(interval)

    def wait_stable(
        self,
        quiet: float,
        timeout: float = 30.0,
        interval: float = 0.01,
        check: Callable[[str], bool] | None = None,
    ) -> tuple[float, str]:
        """Poll until the screen has not changed for `quiet` seconds (and `check` holds).

        Returns the `perf_counter()` of the last change and the settled screen.
        """
        deadline = time.monotonic() + timeout
        last = self.screen()
        changed = time.perf_counter()
        while True:
            time.sleep(interval)
            text = self.screen()
            now = time.perf_counter()
            if text != last:
                last, changed = text, now
            elif now - changed >= quiet and (check is None or check(text)):
                return changed, text
            if time.monotonic() > deadline:
                if self.dead():
                    raise TmuxError(f"the program exited; its last screen:\n{text}")
                raise ScreenTimeout(f"the screen did not settle; last screen:\n{text}")

    def cpu_seconds(self) -> float:
        """CPU time the program has used so far, all threads (from /proc/<pid>/task/*/schedstat).

        Unlike wall time, this hardly moves when other work shares the machine, so it shows
        what a change costs even on a busy machine.
        """
        total = 0
        for task in Path(f"/proc/{self.pane_pid()}/task").iterdir():
            try:
                total += int((task / "schedstat").read_text().split()[0])
            except (OSError, ValueError, IndexError):
                continue  # the thread ended while we looked
        return total / 1e9

    def peak_rss_kib(self) -> int:
        """VmHWM (peak resident set) of the program, in KiB, from /proc."""
        status = Path(f"/proc/{self.pane_pid()}/status").read_text()
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
        raise TmuxError("no VmHWM in /proc status (not Linux?)")


def shell_line(argv: Sequence[str]) -> str:
    """`argv` as one shell line (for error messages)."""
    return shlex.join(argv)
