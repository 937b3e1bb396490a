"""Is the goal a plain look-up in the workspace ("my events this week", "contacts at Acme")?

Rules only, no model call: the check runs before planning for every task, so it must cost
microseconds, not a planner round trip (``tests/fast_path`` measures both). Anything that asks
for an action, a transformation or more than one thing is left to the planner: a false
negative costs one plan; a false positive would answer the wrong question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

KINDS: dict[str, str] = {
    "event": r"events?|meetings?|appointments?|calendar|schedule",
    "contact": r"contacts?|people|persons?",
    "note": r"notes?",
    "todo": r"todos?|to-dos?|tasks?",
    "file": r"files?|documents?|docs",
    "company": r"companies|company|organi[sz]ations?|accounts",
}

# Verbs that make it more than a look-up.
ACTIONS = re.compile(
    r"\b(send|email|e-mail|mail|write|draft|compose|create|add|delete|remove|cancel|book|"
    r"schedule a|pay|buy|order|summari[sz]e|analy[sz]e|compare|translate|generate|update|"
    r"edit|invite|remind|notify|post|publish|plan|research|and then|then)\b",
    re.IGNORECASE,
)
LOOKUP = re.compile(
    r"^\s*(show( me)?|list|get|find|give me|what( are| is|'s)?|which|who( are| is)?|"
    r"do i have|any|my|all( my)?)\b",
    re.IGNORECASE,
)
COMPANY = re.compile(r"\b(?:at|from|with|in)\s+([A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*)*)")
ABOUT = re.compile(r"\babout\s+(.+?)\s*[?.!]*$", re.IGNORECASE)
NOUN_PHRASE = re.compile(
    r"^\s*(?:(?:this|next|today's|tomorrow's)\s+(?:week's\s+)?)?(?:"
    + "|".join(KINDS.values())
    + r")\b",
    re.IGNORECASE,
)
MAX_WORDS = 14


@dataclass(frozen=True)
class FastPathIntent:
    """What to read: a workspace kind with filters; ``text`` is free-text matching."""

    kind: str
    filters: dict[str, Any] = field(default_factory=dict)
    text: str | None = None
    matched_by: str = "rules"

    def as_inputs(self, limit: int = 50) -> dict[str, Any]:
        inputs: dict[str, Any] = {"kind": self.kind, "filters": self.filters, "limit": limit}
        if self.text:
            inputs["text"] = self.text
        return inputs


def _period(goal: str, now: datetime) -> dict[str, str] | None:
    lowered = goal.lower()
    start_of_day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    monday = start_of_day - timedelta(days=start_of_day.weekday())
    periods = {
        "today": (start_of_day, start_of_day + timedelta(days=1)),
        "tomorrow": (start_of_day + timedelta(days=1), start_of_day + timedelta(days=2)),
        "this week": (monday, monday + timedelta(days=7)),
        "next week": (monday + timedelta(days=7), monday + timedelta(days=14)),
        "this month": (
            start_of_day.replace(day=1),
            (start_of_day.replace(day=28) + timedelta(days=4)).replace(day=1),
        ),
    }
    for phrase, (start, end) in periods.items():
        if phrase in lowered:
            return {"from": start.isoformat(), "to": end.isoformat(), "period": phrase}
    return None


async def classify_intent(goal: str, *, now: datetime | None = None) -> FastPathIntent | None:
    """The look-up the goal asks for, or None when it needs a plan (or the fast path is off)."""
    from tentacle.runtime import current_settings

    if not current_settings().fast_path_enabled:
        return None
    text = goal.strip()
    if not text or len(text.split()) > MAX_WORDS or ACTIONS.search(text):
        return None
    # A question, a look-up verb, or a bare noun phrase ("contacts at Acme").
    if not LOOKUP.search(text) and not text.endswith("?") and not NOUN_PHRASE.match(text):
        return None
    kind = next(
        (
            name
            for name, pattern in KINDS.items()
            if re.search(rf"\b(?:{pattern})\b", text, re.IGNORECASE)
        ),
        None,
    )
    if kind is None:
        return None
    filters: dict[str, Any] = {}
    period = _period(text, now or datetime.now(UTC))
    if period:
        filters["period"] = period
    company = COMPANY.search(text)
    if company and kind in ("contact", "event", "note", "file"):
        filters["company"] = company.group(1).rstrip("?.! ")
    about = ABOUT.search(text)
    return FastPathIntent(kind=kind, filters=filters, text=about.group(1) if about else None)
