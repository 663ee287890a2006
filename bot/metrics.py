"""What an operator graphs, in Prometheus's text format at GET /metrics: requests by
outcome, the ack latency, deliveries by outcome and reminders sent, with the standard
client library. Each process counts its own; with several gunicorn workers set
PROMETHEUS_MULTIPROC_DIR (the library's multiprocess mode) so any worker answers for all."""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess as _multiprocess

REQUESTS = Counter(
    "crisisbot_requests", "Requests to the web server, by path and status", ["path", "status"]
)
ACK_SECONDS = Histogram(
    "crisisbot_ack_seconds",
    "Time from a Slack request's arrival to its answer (Slack allows 3 s)",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0),
)
DELIVERIES = Counter(
    "crisisbot_deliveries",
    "Things shown in Slack (or sent to the escalation webhook), by outcome",
    ["outcome"],  # done | retry | parked
)
SLACK_CALLS = Counter("crisisbot_slack_calls", "Web API calls made by the deliverer", ["method"])
REMINDERS = Counter("crisisbot_reminders_sent", "Reminders and escalations recorded")


def exposition() -> tuple[bytes, str]:
    """The metrics as Prometheus text, and its content type."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        registry = CollectorRegistry()
        _multiprocess.MultiProcessCollector(registry, path=folder)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(), CONTENT_TYPE_LATEST
