"""What every subagent executor implements and receives.

The orchestrator builds a :class:`StepContext` for a claimed step, looks the executor up with
:func:`tentacle.executors.get_executor` and awaits ``run``. An executor raises
:class:`TransientStepError` for failures worth retrying (timeouts, 5xx, rate limits) and
:class:`PermanentStepError` for failures that will not go away by retrying the same inputs.
"""

from __future__ import annotations

import time
import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from fluxkit.http import ServiceClient
from tentacle.agents.spec import AgentSpec, ExecutorKind
from tentacle.executors.resources import ExecutorResources

if TYPE_CHECKING:
    from fluxkit.llm import LLMClient
    from tentacle.budgets import BudgetGuard


class StepError(Exception):
    """A step failed; ``message`` is what the step record and the recovery logic see."""

    transient: ClassVar[bool] = False

    def __init__(self, message: str, *, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or {}
        self.usage: StepResult | None = None
        """What the step spent before failing (model calls that were paid for)."""


class TransientStepError(StepError):
    """Retrying the same step later may succeed (provider outage, timeout, rate limit)."""

    transient = True

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message, details=details)
        self.retry_after = retry_after


class PermanentStepError(StepError):
    """Retrying the same inputs will fail the same way (bad input, refused, not available)."""


@dataclass(frozen=True)
class ServiceClients:
    """Clients for the other fluxos services, already acting for the task's user."""

    mimic: ServiceClient | None = None
    den: ServiceClient | None = None
    inkpass: ServiceClient | None = None

    def for_user(self, user_id: uuid.UUID, organization_id: uuid.UUID) -> ServiceClients:
        """Views of service-credential clients that carry the user's identity."""
        return ServiceClients(
            mimic=self.mimic.as_user(user_id, organization_id) if self.mimic else None,
            den=self.den.as_user(user_id, organization_id) if self.den else None,
            inkpass=self.inkpass.as_user(user_id, organization_id) if self.inkpass else None,
        )


@dataclass
class StepContext:
    task_id: uuid.UUID
    step_id: uuid.UUID
    organization_id: uuid.UUID
    user_id: uuid.UUID
    inputs: dict[str, Any]
    agent: AgentSpec
    llm: LLMClient
    budget: BudgetGuard | None
    services: ServiceClients
    idempotency_key: str
    """Stable per step and plan version: side effects send it so a redelivery does them once."""
    deadline: float
    """``time.time()`` after which the step has run out of time."""
    work_dir: Path
    """A directory only this step uses; removed by the caller when the step ends."""
    attempt: int = 0
    """How many times this step was retried before (0 on the first run)."""
    resources: ExecutorResources = field(default_factory=ExecutorResources)

    def remaining(self) -> float:
        """Seconds left before the deadline (never below zero)."""
        return max(0.0, self.deadline - time.time())

    def check_deadline(self) -> None:
        if time.time() >= self.deadline:
            raise TransientStepError(f"the {self.agent.type} step ran out of time")


@dataclass
class StepResult:
    outputs: dict[str, Any]
    cost_usd: float = 0.0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    notes: str = ""

    def add_usage(self, cost_usd: float, prompt_tokens: int, completion_tokens: int) -> None:
        self.cost_usd += cost_usd
        self.prompt_tokens += prompt_tokens
        self.completion_tokens += completion_tokens


@contextmanager
def charged_on_failure(result: StepResult) -> Iterator[None]:
    """A step error raised inside carries ``result``'s usage, so failed steps still show cost."""
    try:
        yield
    except StepError as error:
        if error.usage is None:
            error.usage = result
        raise


class AgentExecutor(ABC):
    """Runs one kind of agent. Instances are stateless and shared between steps."""

    kind: ClassVar[ExecutorKind]

    @abstractmethod
    async def run(self, ctx: StepContext) -> StepResult:
        """Do the step's work and return its outputs (matching the agent's output schema)."""
