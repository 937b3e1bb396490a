"""Risk policy: which steps must pause for a person before they run, and how (pure functions).

A step pauses when the planner asked for it (explicit), when its agent's risk level says it sends,
pays, deletes or writes to an external system, or when its estimated cost is over the threshold.
Explicit checkpoints and those that need a person's content (input, modify, select) are never
auto-approved by learned preferences.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

CheckpointKind = Literal["approval", "input", "modify", "select", "budget"]
ExpiryOutcome = Literal["reject", "approve", "cancel"]

CHECKPOINT_KINDS: tuple[str, ...] = ("approval", "input", "modify", "select", "budget")
EXPIRY_OUTCOMES: tuple[str, ...] = ("reject", "approve", "cancel")

RISKY_LEVELS: dict[str, str] = {
    "send": "sends a message or email on your behalf",
    "pay": "makes a payment",
    "delete": "deletes data",
    "external_write": "writes to an external system",
}
"""Agent risk levels that always need approval, with the words a person reads in the preview."""

# Checkpoints needing a person's content cannot be answered by a learned preference.
CONTENT_KINDS = frozenset({"input", "modify", "select"})


@dataclass(frozen=True)
class RiskPolicy:
    """Configured thresholds; build with :meth:`from_settings` in the worker and the API."""

    cost_threshold_usd: float = 1.0
    expires_in_seconds: int = 24 * 3600
    expiry_outcome: ExpiryOutcome = "reject"
    auto_approve_after: int = 3
    preference_half_life_days: float = 30.0
    preference_grace_days: float = 7.0

    @classmethod
    def from_settings(cls, settings: Any) -> RiskPolicy:
        """Read ``checkpoint_*`` / ``preference_*`` fields when the settings carry them."""
        defaults = cls()
        return cls(
            cost_threshold_usd=float(
                getattr(settings, "checkpoint_cost_threshold_usd", defaults.cost_threshold_usd)
            ),
            expires_in_seconds=int(
                getattr(settings, "checkpoint_expires_in_seconds", defaults.expires_in_seconds)
            ),
            expiry_outcome=getattr(settings, "checkpoint_expiry_outcome", defaults.expiry_outcome),
            auto_approve_after=int(
                getattr(settings, "preference_auto_approve_after", defaults.auto_approve_after)
            ),
            preference_half_life_days=float(
                getattr(settings, "preference_half_life_days", defaults.preference_half_life_days)
            ),
            preference_grace_days=float(
                getattr(settings, "preference_grace_days", defaults.preference_grace_days)
            ),
        )


class Question(BaseModel):
    """One question of an input checkpoint."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=100)
    prompt: str = Field(min_length=1, max_length=2000)
    required: bool = True


class Alternative(BaseModel):
    """One choice of a select checkpoint; its ``inputs`` are merged into the step's inputs."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=100)
    label: str = Field(min_length=1, max_length=500)
    inputs: dict[str, Any] = Field(default_factory=dict)


class CheckpointConfig(BaseModel):
    """A step's ``checkpoint`` field as the planner writes it (all optional)."""

    model_config = ConfigDict(extra="ignore")

    required: bool = False
    kind: Literal["approval", "input", "modify", "select"] = "approval"
    reason: str | None = Field(default=None, max_length=2000)
    questions: list[Question] = Field(default_factory=list)
    alternatives: list[Alternative] = Field(default_factory=list)
    expires_in_seconds: int | None = Field(default=None, gt=0)
    on_expiry: ExpiryOutcome | None = None


def parse_checkpoint_config(raw: Mapping[str, Any] | None) -> CheckpointConfig:
    """The step's checkpoint config; a malformed one still demands approval (fail safe)."""
    if not raw:
        return CheckpointConfig()
    try:
        return CheckpointConfig.model_validate(dict(raw))
    except ValidationError:
        return CheckpointConfig(required=True, reason="the plan's checkpoint settings are invalid")


@dataclass(frozen=True)
class GateRequirement:
    """Why and how a step must pause."""

    kind: CheckpointKind
    risk_kind: str
    reason: str
    explicit: bool
    expires_in_seconds: int
    on_expiry: ExpiryOutcome
    questions: list[dict[str, Any]] = field(default_factory=list)
    alternatives: list[dict[str, Any]] = field(default_factory=list)

    @property
    def may_auto_approve(self) -> bool:
        return not self.explicit and self.kind == "approval"


def assess_risk(
    *,
    agent_type: str,
    risk_level: str | None,
    checkpoint: Mapping[str, Any] | None,
    estimated_cost_usd: float | None,
    policy: RiskPolicy,
) -> GateRequirement | None:
    """The checkpoint a step needs before it runs, or None when it may run now."""
    config = parse_checkpoint_config(checkpoint)
    expires = config.expires_in_seconds or policy.expires_in_seconds
    on_expiry = config.on_expiry or policy.expiry_outcome
    questions = [question.model_dump() for question in config.questions]
    alternatives = [alternative.model_dump() for alternative in config.alternatives]
    needs_content = config.kind in CONTENT_KINDS
    if config.required or needs_content:
        return GateRequirement(
            kind=config.kind,
            risk_kind="planner",
            reason=config.reason or f"the plan asks for your {config.kind} before {agent_type}",
            explicit=True,
            expires_in_seconds=expires,
            on_expiry=on_expiry,
            questions=questions,
            alternatives=alternatives,
        )
    level = (risk_level or "").strip().lower()
    if level in RISKY_LEVELS:
        return GateRequirement(
            kind="approval",
            risk_kind=level,
            reason=config.reason or f"{agent_type} {RISKY_LEVELS[level]}",
            explicit=False,
            expires_in_seconds=expires,
            on_expiry=on_expiry,
        )
    if estimated_cost_usd is not None and estimated_cost_usd > policy.cost_threshold_usd:
        return GateRequirement(
            kind="approval",
            risk_kind="cost",
            reason=(
                f"{agent_type} is estimated at ${estimated_cost_usd:.2f}, over the "
                f"${policy.cost_threshold_usd:.2f} approval threshold"
            ),
            explicit=False,
            expires_in_seconds=expires,
            on_expiry=on_expiry,
        )
    return None


def estimate_cost(cost_hints: Any, step_estimate: float | None = None) -> float | None:
    """A step's estimated cost in USD: the plan's own estimate, else the agent's cost hints."""
    if step_estimate is not None:
        return float(step_estimate)
    if cost_hints is None:
        return None
    if isinstance(cost_hints, Mapping):
        hints: Mapping[str, Any] = cost_hints
    elif isinstance(cost_hints, BaseModel):
        hints = cost_hints.model_dump()
    else:
        hints = {
            name: getattr(cost_hints, name)
            for name in ("estimated_usd", "max_usd", "usd")
            if hasattr(cost_hints, name)
        }
    for name in ("estimated_usd", "max_usd", "usd", "estimated_cost_usd"):
        value = hints.get(name)
        if isinstance(value, int | float):
            return float(value)
    return None


def build_preview(
    *,
    agent_type: str,
    description: str | None,
    inputs: Mapping[str, Any],
    requirement: GateRequirement,
    estimated_cost_usd: float | None,
    step_name: str | None = None,
) -> dict[str, Any]:
    """What a person sees before deciding: the action, with the exact inputs it will use."""
    return {
        "summary": f"{step_name or agent_type}: {requirement.reason}",
        "agent_type": agent_type,
        "action": description or agent_type,
        "inputs": dict(inputs),
        "risk": requirement.risk_kind,
        "estimated_cost_usd": estimated_cost_usd,
    }
