"""Goal and plan templates: sandboxed Jinja2 over the event (``{{ event.data.issue.title }}``).

A missing field renders as nothing (``| default('...')`` names a fallback) rather than failing the
run; a template is checked when the trigger is saved: it must parse and may only name the
variables it is given. Plan inputs keep the plan's own references (``{{steps.a.outputs.b}}``),
which are rendered back unchanged for the orchestrator to resolve.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import ChainableUndefined, Template, TemplateError, meta
from jinja2.sandbox import ImmutableSandboxedEnvironment

from fluxkit.errors import FluxError

GOAL_VARIABLES = frozenset({"event", "trigger", "now"})
MAX_RENDERED_CHARS = 20_000

_environment = ImmutableSandboxedEnvironment(
    undefined=ChainableUndefined, autoescape=False, keep_trailing_newline=False
)


class InvalidTemplate(FluxError):
    status_code = 422

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}", extra={"path": where})


class TemplateRenderError(Exception):
    """A template failed at run time (e.g. a filter given the wrong type)."""


class _Reference:
    """``steps.<id>.outputs.<field>`` seen from a template: renders back as the reference."""

    def __init__(self, path: tuple[str, ...]) -> None:
        self._path = path

    def __getattr__(self, name: str) -> _Reference:
        if name.startswith("_"):
            raise AttributeError(name)
        return _Reference((*self._path, name))

    def __str__(self) -> str:
        return "{{" + ".".join(self._path) + "}}"


def check_template(source: str, where: str, allowed: frozenset[str] = GOAL_VARIABLES) -> None:
    """Raise :class:`InvalidTemplate` unless ``source`` parses and names only ``allowed``."""
    try:
        parsed = _environment.parse(source)
    except TemplateError as exc:
        raise InvalidTemplate(where, f"the template does not parse: {exc}") from None
    unknown = meta.find_undeclared_variables(parsed) - allowed
    if unknown:
        raise InvalidTemplate(
            where,
            f"unknown variable(s) {', '.join(sorted(unknown))}; use {', '.join(sorted(allowed))}",
        )


def _walk_strings(value: Any, where: str, visit: Any) -> Any:
    if isinstance(value, str):
        return visit(value, where)
    if isinstance(value, list):
        return [_walk_strings(item, f"{where}[{i}]", visit) for i, item in enumerate(value)]
    if isinstance(value, dict):
        return {key: _walk_strings(item, f"{where}.{key}", visit) for key, item in value.items()}
    return value


def check_plan_templates(plan: dict[str, Any], variables: frozenset[str] = GOAL_VARIABLES) -> None:
    """Every string of the plan's step inputs must be a valid template over ``variables``
    (and the plan's own ``steps`` references)."""
    allowed = variables | {"steps"}

    def visit(text: str, where: str) -> str:
        if "{{" in text or "{%" in text:
            check_template(text, where, allowed)
        return text

    for index, step in enumerate(plan.get("steps") or []):
        if isinstance(step, dict):
            _walk_strings(step.get("inputs") or {}, f"plan.steps[{index}].inputs", visit)


@lru_cache(maxsize=1024)
def _compiled(source: str) -> Template:
    """Compiling costs milliseconds; a trigger renders the same templates for every event."""
    return _environment.from_string(source)


def render(source: str, context: dict[str, Any]) -> str:
    """Render ``source`` (raises :class:`TemplateRenderError`)."""
    try:
        text = _compiled(source).render(**context)
    except TemplateError as exc:
        raise TemplateRenderError(str(exc)) from None
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise TemplateRenderError(f"{type(exc).__name__}: {exc}") from None
    return text[:MAX_RENDERED_CHARS]


def render_plan(plan: dict[str, Any], context: dict[str, Any]) -> dict[str, Any]:
    """The plan with its input strings rendered; step references come back unchanged."""
    scope = {**context, "steps": _Reference(("steps",))}

    def visit(text: str, where: str) -> str:
        if "{{" not in text and "{%" not in text:
            return text
        return render(text, scope)

    steps = []
    for step in plan.get("steps") or []:
        if isinstance(step, dict) and isinstance(step.get("inputs"), dict):
            step = {**step, "inputs": _walk_strings(step["inputs"], "inputs", visit)}
        steps.append(step)
    return {**plan, "steps": steps}
