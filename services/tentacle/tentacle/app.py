"""Tentacle app: tasks, checkpoints, agents, budgets and preferences under the API map."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI

from fluxkit.app import create_service_app
from fluxkit.auth import Authenticator
from tentacle.agents.endpoints import router as agents_router
from tentacle.automations.endpoints import router as automations_router
from tentacle.budgets.endpoints import router as budgets_router
from tentacle.chat.endpoints import router as chat_router
from tentacle.checkpoints.endpoints import router as checkpoints_router
from tentacle.inbox.endpoints import router as inbox_router
from tentacle.lifespan import tentacle_lifespan
from tentacle.memory.endpoints import router as memory_router
from tentacle.preferences.endpoints import router as preferences_router
from tentacle.settings import TentacleSettings, get_settings
from tentacle.tasks.endpoints import router as tasks_router
from tentacle.triggers.endpoints import router as triggers_router
from tentacle.workspace.endpoints import router as workspace_router

ROUTERS: tuple[APIRouter, ...] = (
    tasks_router,
    checkpoints_router,
    preferences_router,
    budgets_router,
    agents_router,
    workspace_router,
    memory_router,
    triggers_router,
    automations_router,
    chat_router,
    inbox_router,
)


def create_app(
    settings: TentacleSettings | None = None, authenticator: Authenticator | None = None
) -> FastAPI:
    """The Tentacle app; tests inject an authenticator verifying their own signing key."""
    settings = settings or get_settings()
    return create_service_app(
        "tentacle",
        settings,
        list(ROUTERS),
        title="Tentacle",
        description="fluxos tasks: planning, orchestration, subagents, checkpoints, budgets.",
        extra_lifespan=tentacle_lifespan(authenticator),
    )
