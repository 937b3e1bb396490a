"""A small task planned and run against the real local model (SmolLM2 through llama.cpp's
OpenAI-compatible server), with the plan constrained by its JSON schema.

A 135M-parameter model plans poorly; what this shows is the path: the planner's request
carries the plan schema, llama.cpp turns it into a grammar, the answer is a schema-valid plan
over the registry's agents, Tentacle accepts it and a real Celery worker runs it to the end.
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
from fastapi import FastAPI

from fluxkit.auth import Authenticator
from fluxkit.auth.keys import SigningKey
from fluxkit.auth.tokens import JwtVerifier, StaticKeySource, access_claims, sign_token
from fluxkit.celery import run_async
from fluxkit.errors import Unauthorized
from fluxkit.testing import recreate_database, running, worker_number
from fluxos.local_llm import LocalModelServer, start_local_model

REPO = Path(__file__).resolve().parents[1]
AGENTS = ("noop", "summarize")
GOAL = "Summarize this text: The quarterly report shows sales grew ten percent in Europe."


class NoApiKeys:
    async def verify_api_key(self, key: str) -> Any:
        raise Unauthorized("API keys are not accepted here")


@pytest.fixture(scope="module")
def local_model(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalModelServer]:
    server = start_local_model(log_path=tmp_path_factory.mktemp("local-llm") / "server.log")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def agents_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small registry keeps the prompt short enough for a CPU-only model."""
    directory = tmp_path_factory.mktemp("agents")
    for name in AGENTS:
        shutil.copy(REPO / "agents" / f"{name}.yaml", directory / f"{name}.yaml")
    return directory


@pytest.fixture(scope="module")
async def stack(
    admin_database_url: str, redis_url: str, local_model: LocalModelServer, agents_dir: Path
) -> AsyncIterator[tuple[FastAPI, SigningKey]]:
    from celery.contrib.testing.worker import start_worker

    from tentacle import runtime
    from tentacle.app import create_app
    from tentacle.manifest import QUEUES
    from tentacle.settings import TentacleSettings
    from tentacle.worker import TASK_MODULES, celery_app

    database = await recreate_database(admin_database_url, f"test_tentacle_local_{worker_number()}")
    import anyio

    from fluxkit.migrations import upgrade
    from tentacle.manifest import MANIFEST

    await anyio.to_thread.run_sync(upgrade, MANIFEST.migrations, database)

    settings = TentacleSettings(
        environment="test",
        database_url=database,
        redis_url=redis_url,
        keyring="test1:" + "A" * 43,
        service_token="flxs_tentacle-local-model-test",
        inkpass_url="http://inkpass.test",
        log_json=False,
        log_level="WARNING",
        agents_dir=str(agents_dir),
        llm_model="openai/smollm2",
        llm_api_base=local_model.base_url,
        llm_api_key="local",
        llm_response_format="json_object",
        llm_timeout_seconds=600,
        llm_max_retries=0,
        planner_max_steps=2,
        planner_max_tokens=400,
        planner_max_attempts=3,
        max_replans=0,
    )
    previous = runtime._settings
    runtime.configure(settings)
    key = SigningKey.generate("EdDSA")
    authenticator = Authenticator(
        JwtVerifier(
            StaticKeySource([key.verification_key()]), issuer="fluxos-inkpass", audience="fluxos"
        ),
        NoApiKeys(),
    )
    app = create_app(settings, authenticator=authenticator)
    for module in TASK_MODULES:
        __import__(module)
    async with running(app):
        with start_worker(
            celery_app,
            pool="threads",
            concurrency=4,
            perform_ping_check=False,
            queues=list(QUEUES),
            shutdown_timeout=10,
        ):
            yield app, key
        run_async(runtime.close_worker_runtime())
    if previous is not None:
        runtime.configure(previous)


async def test_local_model_plans_and_runs_a_task(stack: tuple[FastAPI, SigningKey]) -> None:
    import asyncio

    from tentacle.planner import plan_schema
    from tentacle.planner.service import available_agents

    app, key = stack
    organization_id, user_id = uuid.uuid4(), uuid.uuid4()
    token = sign_token(
        access_claims(
            issuer="fluxos-inkpass",
            audience="fluxos",
            user_id=user_id,
            organization_id=organization_id,
            roles=("owner",),
            session_id=uuid.uuid4(),
            lifetime=timedelta(minutes=30),
        ),
        key,
    )
    headers = {"Authorization": f"Bearer {token}"}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://tentacle.test") as client:
        created = await client.post("/api/v1/tasks", json={"goal": GOAL}, headers=headers)
        assert created.status_code == 202, created.text
        task_id = created.json()["id"]

        view: dict[str, Any] = {}
        for _ in range(600):
            view = (await client.get(f"/api/v1/tasks/{task_id}", headers=headers)).json()
            if view["status"] in ("completed", "failed", "cancelled", "checkpoint"):
                break
            await asyncio.sleep(0.5)

    print("local model plan:", [(s["key"], s["agent_type"], s["output"]) for s in view["steps"]])
    assert view["fast_path"] is False
    assert view["current_version"] == 1, view
    assert view["status"] == "completed", (view["status"], view["status_reason"], view["steps"])
    assert view["steps"] and all(step["status"] == "completed" for step in view["steps"])
    assert {step["agent_type"] for step in view["steps"]} <= set(AGENTS)
    assert view["prompt_tokens"] > 0

    # The accepted plan document fits the schema the planner was constrained by.
    from tentacle.tasks.models import PlanVersion

    async with app.state.session_factory() as session:
        agents = await available_agents(session, organization_id)
        document = await session.scalar(
            PlanVersion.__table__.select()
            .with_only_columns(PlanVersion.document)
            .where(PlanVersion.task_id == uuid.UUID(task_id))
        )
    assert set(agents) == set(AGENTS)
    jsonschema.validate(document, plan_schema(agents, 2))
