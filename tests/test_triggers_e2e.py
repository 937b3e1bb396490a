"""Triggered tasks end to end, black box: the whole platform started by ``fluxos up``, local
servers speaking Discord's, GitHub's and Slack's protocols, and the scripted LLM.

A signed Discord ``/ping`` interaction starts a task whose answer arrives as the interaction's
follow-up; a signed GitHub ``issues.opened`` starts a task that posts to Slack; a replayed
delivery starts nothing new; a cron automation fires on schedule.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from saas.discord import FakeDiscord
from saas.github import FakeGitHub
from saas.slack import FakeSlack
from scripted_llm import ScriptedLLM

REPO = Path(__file__).resolve().parents[1]
T = TypeVar("T")


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


@dataclass(frozen=True)
class SaaSStack:
    url: str
    data_dir: Path
    headers: dict[str, str]
    discord: FakeDiscord
    github: FakeGitHub
    slack: FakeSlack
    llm: ScriptedLLM

    def logs(self) -> str:
        out = []
        for name in ("tentacle-worker.log", "tentacle-beat.log", "mimic-worker.log"):
            path = self.data_dir / "logs" / name
            if path.exists():
                out.append(f"--- {name}\n" + path.read_text(errors="replace")[-3000:])
        gateway = self.data_dir / "fluxos.log"
        if gateway.exists():
            out.append("--- fluxos.log\n" + gateway.read_text(errors="replace")[-3000:])
        return "\n".join(out)


@pytest.fixture(scope="module")
def saas_stack() -> Iterator[SaaSStack]:
    """The platform with Mimic's provider APIs pointed at local fakes and LLM calls scripted."""
    discord, github, slack = FakeDiscord().start(), FakeGitHub().start(), FakeSlack().start()
    llm = ScriptedLLM().start()
    data_dir = Path(tempfile.mkdtemp(prefix="fluxos-triggers-"))
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DATABASE_URL", "REDIS_URL", "FLUXOS_TEST_", "PYTEST_"))
    }
    password = "sable-orchard-lantern-4471"
    env.update(
        {
            "INKPASS_SEED_ADMIN_PASSWORD": password,
            "INKPASS_SMTP_PORT": str(_free_port()),
            "MIMIC_DISCORD_API_URL": discord.url,
            "MIMIC_SLACK_API_URL": slack.url,
            "MIMIC_GITHUB_API_URL": github.url,
            "MIMIC_INTEGRATIONS_ALLOW_HOSTS": json.dumps(["127.0.0.1"]),
            "LLM_MODEL": "openai/scripted",
            "LLM_API_BASE": llm.base_url,
            "LLM_API_KEY": "sk-scripted",
            # The launcher does not point Tentacle at Mimic's origin itself (yet).
            "TENTACLE_MIMIC_URL": f"http://127.0.0.1:{port}",
            "TENTACLE_TRIGGER_SWEEP_INTERVAL_SECONDS": "0.5",
            "TENTACLE_AUTOMATION_TICK_SECONDS": "1",
        }
    )
    env["MIMIC_DEVMAIL_PORT"] = env["MIMIC_SMTP_PORT"] = env["INKPASS_SMTP_PORT"]
    started = _fluxos("up", "--detach", "--port", str(port), "--data-dir", str(data_dir), env=env)
    try:
        if started.returncode != 0:
            pytest.fail(f"fluxos up failed:\n{started.stdout}\n{started.stderr}")
        url = f"http://127.0.0.1:{port}"
        login = httpx.post(
            f"{url}/api/v1/auth/login",
            json={"email": "admin@fluxos.local", "password": password},
            timeout=20,
        )
        assert login.status_code == 200, login.text
        headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        yield SaaSStack(url, data_dir, headers, discord, github, slack, llm)
    finally:
        _fluxos("down", "--data-dir", str(data_dir), env=env, timeout=120)
        shutil.rmtree(data_dir, ignore_errors=True)
        for server in (discord, github, slack, llm):
            server.stop()


def _eventually(probe: Callable[[], T | None], stack: SaaSStack, timeout: float = 60) -> T:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = probe()
        if found:
            return found
        time.sleep(0.25)
    raise AssertionError(f"not within {timeout}s\n{stack.logs()}")


def _integration(client: httpx.Client, body: dict[str, Any]) -> str:
    created = client.post("/api/v1/integrations", json=body)
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


def _trigger(client: httpx.Client, body: dict[str, Any]) -> dict[str, Any]:
    created = client.post("/api/v1/triggers", json=body)
    assert created.status_code == 201, created.text
    return created.json()  # type: ignore[no-any-return]


def _history(client: httpx.Client, trigger_id: str) -> list[dict[str, Any]]:
    answer = client.get(f"/api/v1/triggers/{trigger_id}/history")
    assert answer.status_code == 200, answer.text
    return answer.json()["items"]  # type: ignore[no-any-return]


def test_discord_ping_is_answered_with_a_joke_as_a_followup(saas_stack: SaaSStack) -> None:
    stack, discord, llm = saas_stack, saas_stack.discord, saas_stack.llm
    joke = "Why do programmers prefer dark mode? Because light attracts bugs."
    llm.reply(
        json={
            "summary": "Tell a joke",
            "steps": [
                {
                    "id": "joke",
                    "title": "Write the joke",
                    "agent_type": "compose",
                    "inputs": {"instructions": "Write a one-line programming joke for alice"},
                    "depends_on": [],
                }
            ],
        },
        schema_name="plan",
    )
    llm.reply(json={"subject": "A joke", "body": joke}, any_contains="one-line programming joke")
    with httpx.Client(base_url=stack.url, headers=stack.headers, timeout=20) as client:
        integration = _integration(
            client,
            {
                "provider": "discord",
                "name": "jokes bot",
                "credentials": {
                    "application_id": discord.application_id,
                    "public_key": discord.public_key,
                    "bot_token": discord.bot_token,
                },
            },
        )
        trigger = _trigger(
            client,
            {
                "name": "joke on /ping",
                "integration_id": integration,
                "event_pattern": "discord.command.ping",
                "goal_template": "Send a joke to {{ event.data.member.user.username }}",
                "response_type": "discord_followup",
            },
        )
        body, token = discord.interaction("ping")
        hook = httpx.post(
            f"{stack.url}/api/v1/hooks/{integration}", content=body, headers=discord.sign(body)
        )
        assert hook.status_code == 200, hook.text
        assert hook.json()["type"] == 5  # deferred: "thinking…" until the follow-up

        answers = _eventually(lambda: discord.answers_for(token), stack, timeout=90)
        assert answers[0]["message"]["content"] == joke
        (item,) = _history(client, trigger["id"])
        assert item["matched"] and item["goal"] == "Send a joke to alice"
        assert item["status"] == "completed"
        _eventually(lambda: _history(client, trigger["id"])[0]["response_status"] == "sent", stack)

        # A forged interaction is refused by Mimic and starts nothing.
        forged = httpx.post(
            f"{stack.url}/api/v1/hooks/{integration}",
            content=body,
            headers={**discord.sign(body), "X-Signature-Ed25519": "00" * 64},
        )
        assert forged.status_code == 401
        assert len(_history(client, trigger["id"])) == 1


def test_github_issue_posts_to_slack_and_a_replay_starts_nothing(saas_stack: SaaSStack) -> None:
    stack, github, slack = saas_stack, saas_stack.github, saas_stack.slack
    with httpx.Client(base_url=stack.url, headers=stack.headers, timeout=20) as client:
        source = _integration(
            client,
            {
                "provider": "github",
                "name": "rocket repo",
                "credentials": {"webhook_secret": github.webhook_secret, "token": github.token},
            },
        )
        team = _integration(
            client,
            {
                "provider": "slack",
                "name": "team slack",
                "credentials": {
                    "signing_secret": slack.signing_secret,
                    "bot_token": slack.bot_token,
                },
            },
        )
        trigger = _trigger(
            client,
            {
                "name": "announce new issues",
                "integration_id": source,
                "event_pattern": "github.issues.*",
                "filter": {"data.action": "opened"},
                "goal_template": "Tell the team about issue #{{ event.data.issue.number }}",
                "planning_mode": "fixed",
                "plan": {
                    "summary": "announce",
                    "steps": [
                        {
                            "id": "announce",
                            "title": "Announce",
                            "agent_type": "noop",
                            "inputs": {
                                "value": "New issue #{{ event.data.issue.number }}: "
                                "{{ event.data.issue.title }} {{ event.data.issue.html_url }}"
                            },
                            "depends_on": [],
                        }
                    ],
                },
                "response_type": "slack_message",
                "response_config": {"integration_id": team, "channel": "C0ISSUES"},
            },
        )
        body = github.issue_opened("octo-org/rocket", 77)
        headers = github.sign(body, "issues", delivery=str(uuid.uuid4()))
        first = httpx.post(f"{stack.url}/api/v1/hooks/{source}", content=body, headers=headers)
        assert first.status_code == 202, first.text

        posted = _eventually(lambda: slack.messages_in("C0ISSUES"), stack, timeout=90)
        assert posted[0]["text"] == (
            "New issue #77: Found a bug https://github.com/octo-org/rocket/issues/77"
        )
        # The same delivery again (GitHub's redelivery): accepted, but nothing new starts.
        replay = httpx.post(f"{stack.url}/api/v1/hooks/{source}", content=body, headers=headers)
        assert replay.status_code in (200, 202), replay.text
        time.sleep(3)
        history = _history(client, trigger["id"])
        assert len(history) == 1 and history[0]["matched"]
        assert len(slack.messages_in("C0ISSUES")) == 1
        # A closed issue reaches the trigger but its filter says no.
        closed = json.loads(body) | {"action": "closed"}
        closed_body = json.dumps(closed).encode()
        httpx.post(
            f"{stack.url}/api/v1/hooks/{source}",
            content=closed_body,
            headers=github.sign(closed_body, "issues"),
        )
        explained = _eventually(
            lambda: [i for i in _history(client, trigger["id"]) if not i["matched"]], stack
        )
        assert explained[0]["reason"] == "the filter did not match the event"
        assert len(slack.messages_in("C0ISSUES")) == 1


def test_cron_automation_fires_on_schedule(saas_stack: SaaSStack) -> None:
    stack = saas_stack
    with httpx.Client(base_url=stack.url, headers=stack.headers, timeout=20) as client:
        created = client.post(
            "/api/v1/automations",
            json={
                "name": "every minute",
                "cron": "* * * * *",
                "timezone": "Europe/Paris",
                "goal": "Heartbeat at {{ scheduled_for }}",
                "planning_mode": "fixed",
                "plan": {
                    "summary": "beat",
                    "steps": [
                        {
                            "id": "beat",
                            "title": "Beat",
                            "agent_type": "noop",
                            "inputs": {"value": "{{ scheduled_for }}"},
                            "depends_on": [],
                        }
                    ],
                },
            },
        )
        assert created.status_code == 201, created.text
        automation = created.json()
        due = automation["next_run_at"]

        def ran() -> list[dict[str, Any]]:
            runs = client.get(f"/api/v1/automations/{automation['id']}/runs").json()["items"]
            return [run for run in runs if run["kind"] == "schedule"]

        (run,) = _eventually(ran, stack, timeout=80)
        assert run["scheduled_for"] == due
        task = _eventually(
            lambda: (
                (t := client.get(f"/api/v1/tasks/{run['task_id']}").json())["status"] == "completed"
                and t
            ),
            stack,
        )
        assert task["goal"].startswith("Heartbeat at ")
        shown = client.get(f"/api/v1/automations/{automation['id']}").json()
        assert shown["next_run_at"] > due
