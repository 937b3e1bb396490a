"""The executor registry: one executor per agent kind."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from tentacle.agents.spec import AgentSpec
from tentacle.executors.base import AgentExecutor, PermanentStepError

_EXECUTORS: dict[str, AgentExecutor] = {}

E = TypeVar("E", bound=type[AgentExecutor])


def register_executor(cls: E) -> E:
    """Class decorator: make ``cls`` the executor of its ``kind``."""
    _EXECUTORS[cls.kind] = cls()
    return cls


_builtin_loaded = False


def _load_builtin() -> None:
    global _builtin_loaded
    if _builtin_loaded:
        return
    # Importing the modules registers their executors.
    from tentacle.executors import (  # noqa: F401
        composers,
        data_scientist,
        llm_agent,
        media,
        noop,
        primitives,
        research,
    )

    _builtin_loaded = True


def get_executor(agent: AgentSpec) -> AgentExecutor:
    """The executor that runs ``agent``'s kind."""
    _load_builtin()
    try:
        return _EXECUTORS[agent.kind]
    except KeyError:
        raise PermanentStepError(f"no executor runs agents of kind {agent.kind!r}") from None


def registered_kinds() -> list[str]:
    _load_builtin()
    return sorted(_EXECUTORS)


ExecutorFactory = Callable[[], AgentExecutor]
