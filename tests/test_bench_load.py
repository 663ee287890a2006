"""Benchmark harness: open-loop latency from the intended send time, percentiles, the baseline."""

from __future__ import annotations

import itertools
import os
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from benchmarks import servers
from benchmarks.load import LoadResult, open_loop, percentile, sustained
from bot.config import PROJECT_ROOT
from bot.sandbox import requests as sr
from bot.sandbox.fake_slack.server import FakeSlack

SECRET = "bench-test-signing-secret"


def _handler(delay: float, *, keep_alive: bool) -> type[BaseHTTPRequestHandler]:
    class Slow(BaseHTTPRequestHandler):
        # A single-threaded server must close each connection, or one client holds it.
        protocol_version = "HTTP/1.1" if keep_alive else "HTTP/1.0"

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            time.sleep(delay)
            status = 503 if self.path == "/fail" else 200
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, format: str, *args: Any) -> None:
            pass  # per-request lines on stderr would only be noise

    return Slow


def _serve(server: HTTPServer) -> Iterator[str]:
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _Threaded(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the default 5 would drop connects and add SYN retry delays


@pytest.fixture
def slow_server() -> Iterator[str]:
    """Answers every POST after 50 ms, many at a time."""
    yield from _serve(_Threaded(("127.0.0.1", 0), _handler(0.05, keep_alive=True)))


@pytest.fixture
def stalled_server() -> Iterator[str]:
    """Answers one POST at a time, 200 ms each: it cannot keep up with 20/s."""
    yield from _serve(HTTPServer(("127.0.0.1", 0), _handler(0.2, keep_alive=False)))


def _fixed(i: int) -> tuple[bytes, dict[str, str]]:
    return b"x", {"Content-Type": "text/plain"}


@pytest.mark.slow
def test_latency_includes_the_server_time(slow_server: str) -> None:
    result = open_loop(slow_server + "/", _fixed, rate=40, duration=0.5, workers=8)
    assert (result.scheduled, result.sent, result.completed) == (20, 20, 20)
    assert result.errors == 0 and result.dropped == 0
    assert min(result.latencies_ms) >= 50
    assert result.p50 is not None and result.p50 < 1000
    assert 30 <= result.achieved_rate <= 40
    assert result.meets(p99_limit_ms=1000)


@pytest.mark.slow
def test_latency_counts_from_the_intended_time_not_the_send_time(stalled_server: str) -> None:
    # One worker waits for each answer before the next send, as a closed-loop client would:
    # the answers still take 200 ms each, but requests due every 50 ms queue up behind them,
    # and that wait is in the latency. Measured from the send time it would stay at ~200 ms.
    result = open_loop(stalled_server + "/", _fixed, rate=20, duration=0.4, workers=1)
    lat = result.latencies_ms
    assert result.completed == 8 and result.errors == 0
    assert all(b > a for a, b in itertools.pairwise(lat))
    # Request i finishes at ~0.2 (i + 1) s but was due at 0.05 i s: 150 ms more each time.
    assert lat[0] >= 200 and lat[-1] - lat[0] >= 0.8 * 150 * 7
    assert result.send_lags_ms[-1] >= 0.8 * 150 * 7  # the generator saw itself fall behind
    assert not result.meets(p99_limit_ms=1000)


@pytest.mark.slow
def test_errors_are_counted_and_sampled(slow_server: str) -> None:
    result = open_loop(slow_server + "/fail", _fixed, rate=20, duration=0.25, workers=4)
    assert (result.sent, result.completed, result.errors) == (5, 0, 5)
    assert result.latencies_ms == [] and result.p99 is None
    assert result.error_samples and all("HTTP 503" in s for s in result.error_samples)
    refused = open_loop(f"http://127.0.0.1:{servers.free_port()}/", _fixed, rate=20, duration=0.1)
    assert refused.errors == 2 and "ConnectionRefusedError" in refused.error_samples[0]


@pytest.mark.slow
def test_sustained_stops_at_the_first_rate_the_server_cannot_hold(stalled_server: str) -> None:
    best, runs = sustained(
        stalled_server + "/", _fixed, [100, 2, 50], duration=0.1, p99_limit_ms=300, pause=0
    )
    assert best == 2 and [r.rate for r in runs] == [2, 50]  # 100 is never tried


def test_percentiles_use_nearest_rank() -> None:
    values = [float(v) for v in range(100, 0, -1)]
    assert [percentile(values, p) for p in (0, 50, 95, 99, 100)] == [1, 50, 95, 99, 100]
    result = LoadResult(rate=1, duration=1, completed=100, latencies_ms=values)
    assert (result.p50, result.p95, result.p99, result.max) == (50, 95, 99, 100)
    assert percentile([7.0], 99) == 7 and percentile([1.0, 2.0], 50) == 1
    assert percentile([], 50) is None
    empty = LoadResult(rate=1, duration=1)
    assert (empty.p50, empty.p99, empty.max, empty.achieved_rate) == (None, None, None, 0.0)
    assert empty.as_dict()["p99_ms"] is None and not empty.meets(1000)


@pytest.mark.slow
def test_baseline_acks_signed_requests_and_refuses_bad_signatures(tmp_path: Path) -> None:
    with FakeSlack() as fake:
        env = {
            **{
                k: v
                for k, v in os.environ.items()
                if not k.startswith(("SLACK_", "DATABASE_URL", "CRISIS", "WEB_"))
            },
            "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.db'}",
            "SLACK_BOT_TOKEN": fake.bot_token,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": fake.url,
        }
        with servers.baseline(env, cwd=PROJECT_ROOT) as server:
            assert server.worker_pids() and server.rss_mb() > 10
            rss = server.rss_mb("max")  # read first: the high-water mark only grows after it
            assert server.hwm_mb("max") >= rss
            sender = sr.SlackSender(server.url, SECRET)
            assert sender.send(sr.slash_command("help")).status == 200
            assert sender.send(sr.slash_command("help"), bad_signature=True).status == 401

            def signed(i: int) -> tuple[bytes, dict[str, str]]:
                request = sr.slash_command(f"status {i}")
                return request.body, request.headers(SECRET)

            burst = open_loop(server.url + "/slack/events", signed, rate=20, duration=0.25)
            assert burst.completed == 5 and burst.errors == 0
        assert "Booting worker" in server.output()
        # Authorization stayed on this machine: the fake answered the one auth.test.
        assert [c.method for c in fake.calls] == ["auth.test"]
