"""The plan document: its JSON schema (the planner's response format) and its validation.

A plan is accepted only when every step names a known agent type, its inputs fit the agent's
input schema, every ``{{steps.<id>.outputs.<field>}}`` names an output that an earlier step
declares (or a completed step of an earlier version kept), and the dependencies have no cycle.
The errors are sentences the planner can act on: they are fed back to it on retry.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from tentacle.agents.spec import AgentSpec, schema_errors
from tentacle.checkpoints.policy import CheckpointConfig
from tentacle.orchestrator.references import WHOLE, find_references
from tentacle.tasks.models import FailurePolicy

STEP_ID = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
FAILURE_POLICIES = (
    FailurePolicy.ALL_OR_NOTHING,
    FailurePolicy.BEST_EFFORT,
    FailurePolicy.FAIL_FAST,
)


STEP_ID_PATTERN = "^[a-z][a-z0-9_]*$"
REFERENCE_PATTERN = "^\\{\\{steps[.][a-z][a-z0-9_]*[.]outputs[.][A-Za-z0-9_]+\\}\\}$"


_SHAPE_KEYS = frozenset(
    {"type", "anyOf", "oneOf", "allOf", "enum", "const", "$ref", "properties", "items"}
)


def _referable(prop: Any) -> Any:
    """An input property that also accepts a whole reference (text already does)."""
    if not isinstance(prop, dict):
        return prop
    if not _SHAPE_KEYS & set(prop):
        # "Any value" with only a description: grammar converters want it spelled as {}.
        return {}
    if prop.get("type") == "string":
        return prop
    return {"anyOf": [prop, {"type": "string", "pattern": REFERENCE_PATTERN}]}


def _grammar_safe(schema: Any) -> Any:
    """A copy that grammar converters accept: unanchored patterns dropped, annotation-only
    schemas spelled {}. The full schema still validates the plan afterwards."""
    if isinstance(schema, list):
        return [_grammar_safe(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if not _SHAPE_KEYS & set(schema) and not {"minimum", "maximum", "pattern"} & set(schema):
        return {}
    safe: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "pattern" and not (
            isinstance(value, str) and value.startswith("^") and value.endswith("$")
        ):
            continue
        if key in ("properties", "patternProperties", "$defs", "definitions") and isinstance(
            value, dict
        ):
            safe[key] = {name: _grammar_safe(sub) for name, sub in value.items()}
        elif key in ("items", "anyOf", "oneOf", "allOf", "additionalProperties"):
            safe[key] = _grammar_safe(value)
        else:
            safe[key] = value
    return safe


def _inputs_schema(spec: AgentSpec) -> dict[str, Any]:
    schema: dict[str, Any] = _grammar_safe(dict(spec.input_schema))
    properties = schema.get("properties")
    if isinstance(properties, dict):
        schema["properties"] = {name: _referable(prop) for name, prop in properties.items()}
    return schema


CHECKPOINT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "required": {"type": "boolean"},
        "kind": {"type": "string", "enum": ["approval", "input", "modify", "select"]},
        "reason": {"type": "string"},
        "questions": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"id": {"type": "string"}, "prompt": {"type": "string"}},
                "required": ["id", "prompt"],
                "additionalProperties": False,
            },
        },
        "alternatives": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "id": {"type": "string"},
                    "label": {"type": "string"},
                    "inputs": {"type": "object"},
                },
                "required": ["id", "label"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["required", "kind", "reason"],
    "additionalProperties": False,
}


def _step_schema(
    agent_type: dict[str, Any], inputs: dict[str, Any], max_steps: int | None = None
) -> dict[str, Any]:
    step: dict[str, Any] = {
        "type": "object",
        "properties": {
            "id": {"type": "string", "pattern": STEP_ID_PATTERN},
            "title": {"type": "string"},
            "agent_type": agent_type,
            "inputs": inputs,
            "depends_on": {
                "type": "array",
                "items": {"type": "string", "pattern": STEP_ID_PATTERN},
            },
            "parallel_group": {"type": ["string", "null"]},
            "failure_policy": {"type": "string", "enum": list(FAILURE_POLICIES)},
            "critical": {"type": "boolean"},
            "checkpoint": {"anyOf": [{"type": "null"}, CHECKPOINT_SCHEMA]},
        },
        "required": ["id", "title", "agent_type", "inputs", "depends_on"],
    }
    if max_steps is not None:
        step["properties"]["depends_on"]["maxItems"] = max_steps - 1
    return step


def plan_schema(
    agents: Mapping[str, AgentSpec] | list[str] | None = None, max_steps: int | None = None
) -> dict[str, Any]:
    """The planner's response format. Given the registry, each step is one of the agents'
    shapes (its type as a constant, its input schema), so a grammar-constrained local model
    cannot invent an agent or an input; given names only, ``agent_type`` is an enum."""
    if isinstance(agents, Mapping) and agents:
        step: dict[str, Any] = {
            "anyOf": [
                _step_schema(
                    {"type": "string", "const": name}, _inputs_schema(agents[name]), max_steps
                )
                for name in sorted(agents)
            ]
        }
    elif agents:
        step = _step_schema(
            {"type": "string", "enum": sorted(agents)}, {"type": "object"}, max_steps
        )
    else:
        step = _step_schema({"type": "string"}, {"type": "object"}, max_steps)
    return {
        "type": "object",
        "properties": {
            "summary": {"type": "string"},
            "steps": {
                "type": "array",
                "minItems": 1,
                **({"maxItems": max_steps} if max_steps else {}),
                "items": step,
            },
        },
        "required": ["summary", "steps"],
    }


@dataclass(frozen=True)
class PlannedStep:
    key: str
    title: str
    agent_type: str
    inputs: dict[str, Any]
    depends_on: list[str]
    parallel_group: str | None
    failure_policy: str
    critical: bool
    checkpoint: dict[str, Any] | None
    declared_outputs: list[str]


@dataclass
class PlanCheck:
    steps: list[PlannedStep] = field(default_factory=list)
    summary: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _reference_types(spec: AgentSpec, path: list[str]) -> Any:
    """The JSON-schema ``type`` of an agent output field (None when unknown or nested)."""
    if len(path) != 1:
        return None
    prop = spec.output_schema.get("properties", {}).get(path[0], {})
    return prop.get("type") if isinstance(prop, dict) else None


def _compatible(expected: Any, actual: Any) -> bool:
    if expected is None or actual is None:
        return True
    expected_set = set(expected) if isinstance(expected, list) else {expected}
    actual_set = set(actual) if isinstance(actual, list) else {actual}
    if "number" in expected_set:
        expected_set.add("integer")
    return bool(expected_set & actual_set)


def validate_plan(
    document: Any,
    agents: Mapping[str, AgentSpec],
    *,
    completed: Mapping[str, list[str]] | None = None,
    max_steps: int = 25,
) -> PlanCheck:
    """Check a planner answer; ``completed`` maps kept step ids to their output fields."""
    check = PlanCheck()
    completed = completed or {}
    if not isinstance(document, dict):
        check.errors.append("the plan must be a JSON object with 'summary' and 'steps'")
        return check
    check.summary = str(document.get("summary") or "")
    raw_steps = document.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        check.errors.append("'steps' must be a non-empty list")
        return check
    if len(raw_steps) > max_steps:
        check.errors.append(f"the plan has {len(raw_steps)} steps; at most {max_steps} are allowed")

    errors = check.errors
    seen: dict[str, AgentSpec | None] = {}
    for index, raw in enumerate(raw_steps):
        where = f"step {index + 1}"
        if not isinstance(raw, dict):
            errors.append(f"{where}: each step must be an object")
            continue
        key = raw.get("id")
        if not isinstance(key, str) or not STEP_ID.match(key):
            errors.append(
                f"{where}: 'id' must be lower-case letters, digits and underscores "
                f"starting with a letter (got {key!r})"
            )
            continue
        where = f"step {key!r}"
        if key in seen:
            errors.append(f"{where}: the id is used twice")
            continue
        if key in completed:
            errors.append(
                f"{where}: this step already completed; reference its outputs "
                f"({{{{steps.{key}.outputs.<field>}}}}) instead of repeating it"
            )
            continue
        agent_type = raw.get("agent_type")
        spec = agents.get(agent_type) if isinstance(agent_type, str) else None
        seen[key] = spec
        if spec is None:
            errors.append(
                f"{where}: unknown agent_type {agent_type!r}; use one of: {', '.join(sorted(agents))}"
            )
        inputs = raw.get("inputs", {})
        if not isinstance(inputs, dict):
            errors.append(f"{where}: 'inputs' must be an object")
            inputs = {}
        depends_on = raw.get("depends_on") or []
        if not isinstance(depends_on, list) or not all(isinstance(d, str) for d in depends_on):
            errors.append(f"{where}: 'depends_on' must be a list of step ids")
            depends_on = []
        policy = raw.get("failure_policy") or FailurePolicy.ALL_OR_NOTHING
        if policy not in FAILURE_POLICIES:
            errors.append(f"{where}: failure_policy must be one of {', '.join(FAILURE_POLICIES)}")
        group = raw.get("parallel_group")
        if group is not None and not isinstance(group, str):
            errors.append(f"{where}: parallel_group must be a string or null")
            group = None
        checkpoint = raw.get("checkpoint")
        if checkpoint is not None:
            if not isinstance(checkpoint, dict):
                errors.append(f"{where}: checkpoint must be an object or null")
                checkpoint = None
            else:
                try:
                    CheckpointConfig.model_validate(checkpoint)
                except ValidationError as exc:
                    first = exc.errors()[0]
                    errors.append(f"{where}: checkpoint {first['loc']}: {first['msg']}")
        check.steps.append(
            PlannedStep(
                key=key,
                title=str(raw.get("title") or key),
                agent_type=str(agent_type),
                inputs=inputs,
                depends_on=list(dict.fromkeys(depends_on)),
                parallel_group=group or None,
                failure_policy=policy
                if policy in FAILURE_POLICIES
                else FailurePolicy.ALL_OR_NOTHING,
                critical=bool(raw.get("critical", True)),
                checkpoint=checkpoint or None,
                declared_outputs=spec.declared_outputs if spec else [],
            )
        )

    _check_references_and_inputs(check, seen, agents, completed)
    _check_cycles(check)
    return check


def _check_references_and_inputs(
    check: PlanCheck,
    seen: Mapping[str, AgentSpec | None],
    agents: Mapping[str, AgentSpec],
    completed: Mapping[str, list[str]],
) -> None:
    errors = check.errors
    for index, step in enumerate(check.steps):
        where = f"step {step.key!r}"
        for dependency in step.depends_on:
            if dependency == step.key:
                errors.append(f"{where}: a step cannot depend on itself")
            elif dependency not in seen and dependency not in completed:
                errors.append(f"{where}: depends_on names unknown step {dependency!r}")
        implied: list[str] = []
        for target, path in find_references(step.inputs):
            ref = f"{{{{steps.{target}.outputs.{'.'.join(path)}}}}}"
            if target == step.key:
                errors.append(f"{where}: {ref} refers to the step's own output")
                continue
            if target in completed:
                fields = completed[target]
            elif target in seen:
                target_spec = seen[target]
                fields = target_spec.declared_outputs if target_spec else []
            else:
                errors.append(f"{where}: {ref} refers to unknown step {target!r}")
                continue
            if not path:
                errors.append(f"{where}: {ref} must name an output field")
            elif target_spec_known(target, seen, completed) and path[0] not in fields:
                errors.append(
                    f"{where}: {ref}: step {target!r} has no output {path[0]!r} "
                    f"(it declares: {', '.join(fields) or 'none'})"
                )
            if target not in step.depends_on and target not in implied:
                implied.append(target)
        if implied:
            # A reference is a dependency even when the planner forgot to list it.
            check.steps[index] = _with_dependencies(step, implied)
        spec = agents.get(step.agent_type)
        if spec is not None:
            _check_inputs(check, where, check.steps[index], spec, seen, completed)


def target_spec_known(
    target: str, seen: Mapping[str, AgentSpec | None], completed: Mapping[str, list[str]]
) -> bool:
    return target in completed or seen.get(target) is not None


def _with_dependencies(step: PlannedStep, extra: list[str]) -> PlannedStep:
    return PlannedStep(
        **{**step.__dict__, "depends_on": [*step.depends_on, *extra]},
    )


def _check_inputs(
    check: PlanCheck,
    where: str,
    step: PlannedStep,
    spec: AgentSpec,
    seen: Mapping[str, AgentSpec | None],
    completed: Mapping[str, list[str]],
) -> None:
    """Literal inputs must fit the schema; an input that is one whole reference must name an
    output of a compatible type (its value exists only at dispatch)."""
    properties = spec.input_schema.get("properties", {})
    literal: dict[str, Any] = {}
    referenced: set[str] = set()
    for name, value in step.inputs.items():
        whole = WHOLE.match(value) if isinstance(value, str) else None
        if whole is None and not find_references(value):
            literal[name] = value
            continue
        referenced.add(name)
        if whole is not None:
            target, path = whole.group(1), [p for p in whole.group(2).split(".") if p]
            target_spec = seen.get(target)
            actual = _reference_types(target_spec, path) if target_spec else None
            expected = (
                properties.get(name, {}).get("type") if isinstance(properties, dict) else None
            )
            if not _compatible(expected, actual):
                check.errors.append(
                    f"{where}: input {name!r} expects {expected} but "
                    f"{{{{steps.{target}.outputs.{'.'.join(path)}}}}} is {actual}"
                )
        elif (
            isinstance(properties, dict)
            and name in properties
            and properties[name].get("type") not in (None, "string")
            and isinstance(value, str)
        ):
            check.errors.append(
                f"{where}: input {name!r} is not text; reference the output alone, "
                "without surrounding text"
            )
    schema = dict(spec.input_schema)
    if referenced and isinstance(schema.get("required"), list):
        schema["required"] = [r for r in schema["required"] if r not in referenced]
    if referenced and isinstance(properties, dict):
        schema["properties"] = {k: v for k, v in properties.items() if k not in referenced}
        if schema.get("additionalProperties") is False:
            literal = {k: v for k, v in literal.items() if k in properties}
            unknown = [k for k in step.inputs if k not in properties]
            for name in unknown:
                check.errors.append(f"{where}: input {name!r} is not accepted by {spec.type}")
    for problem in schema_errors(schema, literal):
        check.errors.append(f"{where}: inputs {problem}")


def _check_cycles(check: PlanCheck) -> None:
    graph = {step.key: [d for d in step.depends_on] for step in check.steps}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> bool:
        state[node] = 1
        for nxt in graph.get(node, []):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                cycle = [*trail[trail.index(nxt) :], nxt] if nxt in trail else [node, nxt]
                check.errors.append(f"the dependencies form a cycle: {' -> '.join(cycle)}")
                return True
            if state.get(nxt) is None and visit(nxt, [*trail, nxt]):
                return True
        state[node] = 2
        return False

    for node in graph:
        if state.get(node) is None and visit(node, [node]):
            return
