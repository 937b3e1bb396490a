"""Subagent executors: one per agent kind, looked up with :func:`get_executor`."""

from tentacle.agents.settings import AgentsSettings
from tentacle.executors.base import (
    AgentExecutor,
    PermanentStepError,
    ServiceClients,
    StepContext,
    StepError,
    StepResult,
    TransientStepError,
)
from tentacle.executors.registry import get_executor, register_executor, registered_kinds
from tentacle.executors.resources import ExecutorResources, SandboxLimits

__all__ = [
    "AgentExecutor",
    "AgentsSettings",
    "ExecutorResources",
    "PermanentStepError",
    "SandboxLimits",
    "ServiceClients",
    "StepContext",
    "StepError",
    "StepResult",
    "TransientStepError",
    "get_executor",
    "register_executor",
    "registered_kinds",
]
