"""Decision patterns and their learned strength (pure functions).

A pattern is what makes two checkpoints "the same decision" for a person: the agent type, the risk
kind and a few key input features (the recipient's domain rather than the address, the host rather
than the URL, the order of magnitude of an amount). Approvals since the last rejection (or since the
person revoked the preference) add up, each fading with a half-life once past a grace period; the
pattern is auto-approved once that strength reaches the configured count.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

FEATURE_KEYS: tuple[str, ...] = (
    "to",
    "recipient",
    "recipients",
    "email",
    "channel",
    "provider",
    "integration",
    "method",
    "url",
    "domain",
    "currency",
    "amount",
    "folder",
    "path",
    "template",
)
"""Inputs that characterise a decision; other inputs (message bodies, titles) do not."""

MAX_FEATURE_CHARS = 200


def _address_domain(value: str) -> str:
    _, at, domain = value.strip().rpartition("@")
    return f"@{domain.lower()}" if at else value.strip().lower()


def _feature(key: str, value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        parts = sorted({part for item in value if (part := _feature(key, item)) is not None})
        return ",".join(parts) if parts else None
    if key in {"to", "recipient", "recipients", "email"} and isinstance(value, str):
        return _address_domain(value)
    if key == "url" and isinstance(value, str):
        return (urlsplit(value.strip()).hostname or value).lower()
    if key == "path" and isinstance(value, str):
        head, _, _ = value.strip().rpartition("/")
        return head or "/"
    if key == "amount" and isinstance(value, int | float) and not isinstance(value, bool):
        magnitude = 0 if value <= 0 else math.floor(math.log10(value))
        return f"~1e{magnitude}"
    if isinstance(value, str | int | float | bool):
        return str(value).strip().lower()[:MAX_FEATURE_CHARS]
    return None


def input_features(inputs: Mapping[str, Any], keys: Iterable[str] | None = None) -> dict[str, str]:
    """The key features of a step's inputs (``keys`` overrides the default feature names)."""
    chosen = tuple(keys) if keys is not None else FEATURE_KEYS
    features: dict[str, str] = {}
    for key in chosen:
        if key in inputs and (feature := _feature(key, inputs[key])) is not None:
            features[key] = feature
    return features


def pattern_key(agent_type: str, risk_kind: str, features: Mapping[str, str]) -> str:
    """A stable key: ``agent:risk:digest`` (the digest covers the sorted features)."""
    canonical = json.dumps(dict(sorted(features.items())), separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode()).hexdigest()[:16]
    return f"{agent_type}:{risk_kind}:{digest}"


@dataclass(frozen=True)
class PastDecision:
    approved: bool
    decided_at: datetime


def decision_weight(
    decided_at: datetime, now: datetime, *, half_life_days: float, grace_days: float
) -> float:
    """1.0 within the grace period, then halving every ``half_life_days``."""
    age_days = max(0.0, (now - decided_at).total_seconds() / 86400 - grace_days)
    if half_life_days <= 0:
        return 1.0 if age_days == 0 else 0.0
    return float(0.5 ** (age_days / half_life_days))


def preference_strength(
    decisions: Iterable[PastDecision],
    now: datetime,
    *,
    half_life_days: float,
    grace_days: float,
    since: datetime | None = None,
) -> float:
    """Decayed count of approvals after the latest rejection (and after ``since``)."""
    ordered = sorted(
        (d for d in decisions if since is None or d.decided_at > since),
        key=lambda decision: decision.decided_at,
    )
    strength = 0.0
    for decision in ordered:
        if not decision.approved:
            strength = 0.0
            continue
        strength += decision_weight(
            decision.decided_at, now, half_life_days=half_life_days, grace_days=grace_days
        )
    return strength


def should_auto_approve(strength: float, threshold: int) -> bool:
    """Consistent enough: a threshold below 1 disables auto-approval altogether."""
    return threshold >= 1 and strength >= threshold - 1e-9
