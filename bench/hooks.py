"""Webhooks to tasks: verified inbound webhooks accepted per second, and the time from a
webhook's arrival to the task its trigger starts.

Runs the whole platform (``fluxos up --detach`` in a throwaway data directory, embedded Postgres
and Valkey), creates a GitHub integration and a trigger on ``github.issues.opened`` with a fixed
one-step plan, then:

* burst: ``BENCH_WEBHOOKS`` signed ``issues.opened`` webhooks (each its own delivery id) POSTed
  by ``BENCH_CLIENTS`` concurrent connections at Mimic's hook endpoint; accepted (2xx) per second;
* latency: ``BENCH_LATENCY_SAMPLES`` webhooks sent ``BENCH_LATENCY_RATE`` per second; for each,
  the trigger's history gives when its task started (the run and its task are written in one
  transaction): median and p99 of task start minus send time, and of task start minus Mimic's
  arrival timestamp;
* after the burst, how long until every burst webhook had its task (end-to-end drain rate).

Goals: at least 500 webhooks accepted per second, under 100 ms median to task start.
Prints one JSON object on its last line.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

REPO = Path(__file__).resolve().parents[1]
WEBHOOKS = int(os.environ.get("BENCH_WEBHOOKS", "2000"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "32"))
LATENCY_SAMPLES = int(os.environ.get("BENCH_LATENCY_SAMPLES", "200"))
LATENCY_RATE = float(os.environ.get("BENCH_LATENCY_RATE", "20"))
PASSWORD = "bench-orchard-lantern-4471"
SECRET = "bench-webhook-secret-" + uuid.uuid4().hex


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fluxos(
    *args: str, env: dict[str, str], timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "fluxos", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _issue(number: int) -> bytes:
    return json.dumps(
        {
            "action": "opened",
            "issue": {
                "number": number,
                "title": f"Bench issue {number}",
                "body": "Found while benchmarking.",
                "user": {"login": "octocat"},
                "html_url": f"https://github.com/octo-org/bench/issues/{number}",
            },
            "repository": {"full_name": "octo-org/bench", "owner": {"login": "octo-org"}},
            "sender": {"login": "octocat"},
        }
    ).encode()


def _signed(body: bytes, delivery: str) -> dict[str, str]:
    digest = hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    return {
        "X-GitHub-Event": "issues",
        "X-GitHub-Delivery": delivery,
        "X-Hub-Signature-256": "sha256=" + digest,
        "User-Agent": "GitHub-Hookshot/bench",
        "Content-Type": "application/json",
    }


def _summary(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    if not ordered:
        return {"median_ms": float("nan"), "p99_ms": float("nan"), "samples": 0}
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    middle = len(ordered) // 2
    median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return {"median_ms": round(median, 2), "p99_ms": round(p99, 2), "samples": len(ordered)}


def _instant(value: str) -> float:
    return datetime.fromisoformat(value).timestamp()


async def _setup(client: httpx.AsyncClient) -> tuple[str, str]:
    login = await client.post(
        "/api/v1/auth/login", json={"email": "admin@fluxos.local", "password": PASSWORD}
    )
    login.raise_for_status()
    client.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
    integration = await client.post(
        "/api/v1/integrations",
        json={
            "provider": "github",
            "name": "bench repo",
            "credentials": {"webhook_secret": SECRET},
        },
    )
    integration.raise_for_status()
    integration_id = integration.json()["id"]
    trigger = await client.post(
        "/api/v1/triggers",
        json={
            "name": "bench issues",
            "integration_id": integration_id,
            "event_pattern": "github.issues.opened",
            "filter": {"data.repository.full_name": "octo-org/bench"},
            "goal_template": "Look at issue #{{ event.data.issue.number }}",
            "planning_mode": "fixed",
            "plan": {
                "summary": "note the issue",
                "steps": [
                    {
                        "id": "note",
                        "title": "Note",
                        "agent_type": "noop",
                        "inputs": {"value": "{{ event.data.issue.title }}"},
                        "depends_on": [],
                    }
                ],
            },
        },
    )
    trigger.raise_for_status()
    return integration_id, trigger.json()["id"]


async def _history(client: httpx.AsyncClient, trigger_id: str) -> list[dict[str, Any]]:
    answer = await client.get(f"/api/v1/triggers/{trigger_id}/history", params={"limit": 500})
    answer.raise_for_status()
    return answer.json()["items"]  # type: ignore[no-any-return]


async def _matched_count(client: httpx.AsyncClient, trigger_id: str) -> int:
    answer = await client.get(f"/api/v1/triggers/{trigger_id}")
    answer.raise_for_status()
    return int(answer.json()["events_matched"])


async def _wait_for_matches(
    client: httpx.AsyncClient, trigger_id: str, wanted: int, timeout: float
) -> int:
    """Poll the trigger until ``wanted`` events matched (or time is up); the count reached."""
    deadline = time.monotonic() + timeout
    matched = await _matched_count(client, trigger_id)
    while matched < wanted and time.monotonic() < deadline:
        await asyncio.sleep(0.5)
        matched = await _matched_count(client, trigger_id)
    return matched


async def _burst(url: str, hook: str, count: int, start_number: int) -> dict[str, Any]:
    queue: asyncio.Queue[int] = asyncio.Queue()
    for number in range(start_number, start_number + count):
        queue.put_nowait(number)
    statuses: dict[int, int] = {}
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)

    async def client_loop(client: httpx.AsyncClient) -> None:
        while True:
            try:
                number = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            body = _issue(number)
            try:
                answer = await client.post(
                    hook, content=body, headers=_signed(body, str(uuid.uuid4()))
                )
                statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1
            except httpx.HTTPError:
                statuses[0] = statuses.get(0, 0) + 1

    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=60) as client:
        started = time.perf_counter()
        await asyncio.gather(*(client_loop(client) for _ in range(CLIENTS)))
        elapsed = time.perf_counter() - started
    accepted = sum(n for status, n in statuses.items() if 200 <= status < 300)
    return {
        "sent": count,
        "accepted": accepted,
        "statuses": {str(k): v for k, v in sorted(statuses.items())},
        "seconds": round(elapsed, 3),
        "accepted_per_second": round(accepted / elapsed, 1),
    }


async def _latency(
    url: str, hook: str, client: httpx.AsyncClient, trigger_id: str, start_number: int
) -> dict[str, Any]:
    sent_at: dict[str, float] = {}
    async with httpx.AsyncClient(base_url=url, timeout=30) as sender:
        for index in range(LATENCY_SAMPLES):
            body = _issue(start_number + index)
            delivery = str(uuid.uuid4())
            sent_at[delivery] = time.time()
            answer = await sender.post(hook, content=body, headers=_signed(body, delivery))
            answer.raise_for_status()
            await asyncio.sleep(1 / LATENCY_RATE)
    deadline = time.monotonic() + 120
    items: dict[str, dict[str, Any]] = {}
    while time.monotonic() < deadline and len(items) < len(sent_at):
        for item in await _history(client, trigger_id):
            if item["delivery_id"] in sent_at and item["task_id"]:
                items[item["delivery_id"]] = item
        await asyncio.sleep(0.5)
    from_send = [(_instant(i["created_at"]) - sent_at[d]) * 1000 for d, i in items.items()]
    from_arrival = [
        (_instant(i["created_at"]) - _instant(i["received_at"])) * 1000 for i in items.values()
    ]
    return {
        "rate_per_second": LATENCY_RATE,
        "tasks_started": len(items),
        "send_to_task_start": _summary(from_send),
        "arrival_to_task_start": _summary(from_arrival),
    }


async def run(url: str) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        integration_id, trigger_id = await _setup(client)
        hook = f"/api/v1/hooks/{integration_id}"
        warm = await _burst(url, hook, 50, 1)
        await _wait_for_matches(client, trigger_id, warm["accepted"], 60)
        latency = await _latency(url, hook, client, trigger_id, 100_000)
        before = await _matched_count(client, trigger_id)
        burst_started = time.perf_counter()
        burst = await _burst(url, hook, WEBHOOKS, 200_000)
        matched = await _wait_for_matches(client, trigger_id, before + burst["accepted"], 600)
        drained = time.perf_counter() - burst_started
    started_after_burst = matched - before
    return {
        "benchmark": "hooks",
        "webhooks": WEBHOOKS,
        "clients": CLIENTS,
        "burst": burst,
        "latency": latency,
        "burst_tasks_started": started_after_burst,
        "burst_to_all_tasks_started_seconds": round(drained, 2),
        "tasks_started_per_second": round(started_after_burst / drained, 1),
        "cpu_cores": os.cpu_count(),
        "machine_load_average": [round(x, 2) for x in os.getloadavg()],
        "goals": {
            "accepted_500_per_second": burst["accepted_per_second"] >= 500,
            "median_to_task_start_under_100ms": latency["send_to_task_start"]["median_ms"] < 100,
        },
    }


def main() -> dict[str, Any]:
    data_dir = Path(tempfile.mkdtemp(prefix="fluxos-bench-hooks-"))
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "REDIS_URL", "FLUXOS_TEST_", "PYTEST_"))
    }
    env.update(
        {
            "INKPASS_SEED_ADMIN_PASSWORD": PASSWORD,
            "TENTACLE_MIMIC_URL": f"http://127.0.0.1:{port}",
            "LOG_LEVEL": env.get("LOG_LEVEL", "WARNING"),
        }
    )
    smtp = str(_free_port())
    env["INKPASS_SMTP_PORT"] = env["MIMIC_DEVMAIL_PORT"] = env["MIMIC_SMTP_PORT"] = smtp
    started = _fluxos("up", "--detach", "--port", str(port), "--data-dir", str(data_dir), env=env)
    if started.returncode != 0:
        shutil.rmtree(data_dir, ignore_errors=True)
        raise SystemExit(f"fluxos up failed:\n{started.stdout}\n{started.stderr}")
    try:
        return asyncio.run(run(f"http://127.0.0.1:{port}"))
    finally:
        _fluxos("down", "--data-dir", str(data_dir), env=env, timeout=120)
        if os.environ.get("BENCH_KEEP_DATA"):
            print(f"data kept in {data_dir}", file=sys.stderr)
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    print(json.dumps(main()))
