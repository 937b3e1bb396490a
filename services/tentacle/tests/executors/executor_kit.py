"""Building StepContexts for executor tests."""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

from tentacle.agents import load_agent_specs
from tentacle.agents.spec import AgentSpec
from tentacle.executors import ExecutorResources, ServiceClients, StepContext

_SPECS: dict[str, AgentSpec] = {}


def spec(agent_type: str) -> AgentSpec:
    if not _SPECS:
        _SPECS.update({item.type: item for item in load_agent_specs()})
    return _SPECS[agent_type]


def context(
    agent: AgentSpec | str,
    inputs: dict[str, Any],
    work_dir: Path,
    *,
    llm: Any = None,
    services: ServiceClients | None = None,
    resources: ExecutorResources | None = None,
    attempt: int = 0,
    seconds: float = 30.0,
    user_id: uuid.UUID | None = None,
    organization_id: uuid.UUID | None = None,
) -> StepContext:
    step_id = uuid.uuid4()
    return StepContext(
        task_id=uuid.uuid4(),
        step_id=step_id,
        organization_id=organization_id or uuid.uuid4(),
        user_id=user_id or uuid.uuid4(),
        inputs=inputs,
        agent=spec(agent) if isinstance(agent, str) else agent,
        llm=llm,
        budget=None,
        services=services or ServiceClients(),
        idempotency_key=f"step:{step_id}:v1",
        deadline=time.time() + seconds,
        work_dir=work_dir,
        attempt=attempt,
        resources=resources or ExecutorResources(),
    )


class LocalServer:
    """A Starlette app served over real HTTP on a free local port, in a thread."""

    def __init__(self, app: Any) -> None:
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        self.app = app
        self._server: Any = None
        self._thread: Any = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LocalServer:
        import threading

        import uvicorn

        config = uvicorn.Config(
            self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("local server did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
