"""Input references: ``{{steps.<id>.outputs.<field>}}`` resolved at dispatch, types kept.

A string that is exactly one reference becomes the referenced value (a list stays a list, a
number a number); a reference inside longer text is interpolated (JSON for non-strings). Deeper
paths (``outputs.report.title``, ``outputs.items.0``) walk dicts and lists.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

REFERENCE = re.compile(r"\{\{\s*steps\.([A-Za-z0-9_\-]+)\.outputs((?:\.[A-Za-z0-9_\-]+)*)\s*\}\}")
WHOLE = re.compile(r"^\s*" + REFERENCE.pattern + r"\s*$")


class UnresolvedReference(ValueError):
    """A reference names a step or field that has no output."""


def find_references(template: Any) -> list[tuple[str, list[str]]]:
    """Every ``(step id, field path)`` referenced anywhere in ``template``."""
    found: list[tuple[str, list[str]]] = []
    if isinstance(template, str):
        for match in REFERENCE.finditer(template):
            found.append((match.group(1), [p for p in match.group(2).split(".") if p]))
    elif isinstance(template, Mapping):
        for value in template.values():
            found.extend(find_references(value))
    elif isinstance(template, list | tuple):
        for value in template:
            found.extend(find_references(value))
    return found


def _lookup(
    step_id: str, path: list[str], completed: Mapping[str, Mapping[str, Any] | None]
) -> Any:
    if step_id not in completed:
        raise UnresolvedReference(f"step {step_id!r} has no outputs to reference")
    value: Any = completed[step_id]
    if value is None:
        # A skipped (non-critical) or tolerated failed step: its outputs resolve to null.
        return None
    for part in path:
        if isinstance(value, Mapping) and part in value:
            value = value[part]
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            where = ".".join(path)
            raise UnresolvedReference(f"step {step_id!r} has no output {where!r}")
    return value


def resolve_inputs(template: Any, completed_outputs: Mapping[str, Mapping[str, Any] | None]) -> Any:
    """``template`` with every reference replaced by the referenced output (types kept).

    ``completed_outputs`` maps step ids to their outputs (None for a step that settled without
    outputs, whose references resolve to null)."""
    if isinstance(template, str):
        whole = WHOLE.match(template)
        if whole:
            parts = [p for p in whole.group(2).split(".") if p]
            return _lookup(whole.group(1), parts, completed_outputs)

        def interpolate(match: re.Match[str]) -> str:
            parts = [p for p in match.group(2).split(".") if p]
            value = _lookup(match.group(1), parts, completed_outputs)
            return value if isinstance(value, str) else json.dumps(value)

        return REFERENCE.sub(interpolate, template)
    if isinstance(template, Mapping):
        return {key: resolve_inputs(value, completed_outputs) for key, value in template.items()}
    if isinstance(template, list | tuple):
        return [resolve_inputs(value, completed_outputs) for value in template]
    return template
