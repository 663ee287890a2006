"""Servers under test as child processes: started, health-checked, measured and stopped."""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

_KB_PER_MB = 1024.0  # /proc/PID/status reports kB


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _parent_of(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name is in parentheses and may hold spaces, so fields count from the last ')'.
    fields = stat[stat.rindex(")") + 2 :].split()
    return int(fields[1])


def _status_kb(pid: int, key: str) -> float | None:
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        if line.startswith(key + ":"):
            return float(line.split()[1])
    return None


class ServerProcess:
    """A server started as a child process and ready once GET /healthz answers 200."""

    def __init__(
        self,
        command: Sequence[str],
        *,
        port: int,
        env: Mapping[str, str],
        cwd: str | Path,
        ready_timeout: float = 30.0,
    ) -> None:
        self.command = list(command)
        self.port = port
        # Output goes to a file, not a pipe: a pipe nobody reads fills up and blocks the server.
        fd, self._log_path = tempfile.mkstemp(prefix="bench-server-", suffix=".log")
        os.close(fd)
        with open(self._log_path, "ab") as log:
            self._process = subprocess.Popen(
                self.command,
                cwd=cwd,
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                # Its own session, so the workers can be killed with it if it will not stop.
                start_new_session=True,
            )
        self._output: str | None = None
        try:
            self._wait_ready(ready_timeout)
        except RuntimeError as err:
            output = self.stop()
            raise RuntimeError(
                f"{' '.join(self.command)}: {err} (exit code {self._process.returncode}); "
                f"its output:\n{output}"
            ) from None
        except BaseException:
            self.stop()  # interrupted while waiting: leave no server behind
            raise

    @property
    def pid(self) -> int:
        """The process id of the server (gunicorn's master)."""
        return self._process.pid

    @property
    def url(self) -> str:
        """Base URL, http://127.0.0.1:PORT."""
        return f"http://127.0.0.1:{self.port}"

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._exited():
                raise RuntimeError("exited before GET /healthz answered")
            if self._healthy():
                return
            time.sleep(0.1)
        raise RuntimeError(f"GET /healthz on port {self.port} did not answer 200 in {timeout:g} s")

    def health(self, timeout: float = 5) -> dict[str, Any]:
        """GET /healthz as JSON ({} when it does not answer)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request("GET", "/healthz")
            return dict(json.loads(conn.getresponse().read()))
        except (OSError, http.client.HTTPException, ValueError):
            return {}
        finally:
            conn.close()

    def _healthy(self) -> bool:
        return self.health(timeout=2).get("ok") is True

    def worker_pids(self) -> list[int]:
        """The master's child processes (gunicorn workers)."""
        children = []
        for entry in os.listdir("/proc"):
            if entry.isdigit() and _parent_of(int(entry)) == self.pid:
                children.append(int(entry))
        return sorted(children)

    def worker_memory_mb(self) -> dict[int, dict[str, float]]:
        """Per worker: resident memory now (rss) and its peak so far (hwm), in MB."""
        memory: dict[int, dict[str, float]] = {}
        for pid in self.worker_pids():
            rss, hwm = _status_kb(pid, "VmRSS"), _status_kb(pid, "VmHWM")
            if rss is not None and hwm is not None:
                memory[pid] = {"rss": rss / _KB_PER_MB, "hwm": hwm / _KB_PER_MB}
        return memory

    def rss_mb(self, how: Literal["sum", "max"] = "sum") -> float:
        """Workers' resident memory now, in MB: "sum" over workers or the "max" of one."""
        return _combine([m["rss"] for m in self.worker_memory_mb().values()], how)

    def hwm_mb(self, how: Literal["sum", "max"] = "sum") -> float:
        """Workers' peak resident memory, in MB: "sum" over workers or the "max" of one."""
        return _combine([m["hwm"] for m in self.worker_memory_mb().values()], how)

    def output(self) -> str:
        """What the server has printed so far."""
        if self._output is not None:
            return self._output
        try:
            return Path(self._log_path).read_text(errors="replace")
        except OSError:
            return ""

    def stop(self, timeout: float = 10.0) -> str:
        """SIGTERM (gunicorn's graceful stop), SIGKILL after `timeout`; returns the output."""
        if self._output is not None:
            return self._output
        if self._process.returncode is None:
            if not self._exited():
                self._process.send_signal(signal.SIGTERM)
                deadline = time.monotonic() + timeout
                while not self._exited() and time.monotonic() < deadline:
                    time.sleep(0.05)
            # The master is running or an unreaped zombie, so its group id is still ours: this
            # ends it if it ignored SIGTERM, and any worker it left behind.
            self._kill_session()
            self._process.wait()
        self._output = self.output()
        Path(self._log_path).unlink(missing_ok=True)
        return self._output

    def _exited(self) -> bool:
        # Looks without reaping (WNOWAIT), so the master's id cannot be reused before the
        # process group is killed.
        if self._process.returncode is not None:
            return True
        return os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None

    def _kill_session(self) -> None:
        # ProcessLookupError: the whole group already exited.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)

    def __enter__(self) -> ServerProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _combine(values: list[float], how: Literal["sum", "max"]) -> float:
    if how == "sum":
        return sum(values)
    if how == "max":
        return max(values, default=0.0)
    raise ValueError(f"how must be 'sum' or 'max', not {how!r}")


def ours(env: Mapping[str, str], cwd: str | Path, port: int | None = None) -> ServerProcess:
    """`crisisbot serve` on 127.0.0.1, as the Procfile runs it."""
    port = port or free_port()
    script = Path(sys.prefix) / "bin" / "crisisbot"
    command = [str(script)] if script.exists() else [sys.executable, "-m", "bot"]
    command += ["serve", "--host", "127.0.0.1", "--port", str(port)]
    return ServerProcess(command, port=port, env=env, cwd=cwd)


def baseline(env: Mapping[str, str], cwd: str | Path, port: int | None = None) -> ServerProcess:
    """The ack-only Bolt app (benchmarks.baseline) with the same gunicorn settings."""
    port = port or free_port()
    command = [sys.executable, "-m", "benchmarks.baseline", "--host", "127.0.0.1"]
    command += ["--port", str(port)]
    return ServerProcess(command, port=port, env=env, cwd=cwd)
