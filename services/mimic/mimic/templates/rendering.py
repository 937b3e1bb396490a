"""Jinja2 in a sandbox: HTML bodies autoescaped, undefined names are errors, declared variables
are checked before anything renders, and no template reaches Python internals."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from jinja2 import StrictUndefined, meta
from jinja2 import Template as JinjaTemplate
from jinja2.exceptions import SecurityError, TemplateError, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from pydantic import BaseModel, ConfigDict, Field

from fluxkit.errors import FluxError

MAX_SOURCE_CHARS = 200_000
MAX_OUTPUT_CHARS = 1_000_000
VariableType = Literal["string", "number", "integer", "boolean", "url", "email", "list", "object"]


class TemplateInvalid(FluxError):
    """The template source does not parse or uses names it does not declare."""

    status_code = 422


class TemplateVariablesInvalid(FluxError):
    """The variables sent do not match what the template declares."""

    status_code = 422


class TemplateRenderFailed(FluxError):
    """Rendering failed (an unsafe operation, an error inside the template, output too large)."""

    status_code = 422


class VariableSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: VariableType = "string"
    required: bool = True
    description: str | None = Field(default=None, max_length=500)


def _environment(autoescape: bool) -> ImmutableSandboxedEnvironment:
    environment = ImmutableSandboxedEnvironment(
        autoescape=autoescape,
        undefined=StrictUndefined,
        auto_reload=False,
        cache_size=0,
        keep_trailing_newline=True,
    )
    return environment


_TEXT = _environment(autoescape=False)
_HTML = _environment(autoescape=True)


@functools.lru_cache(maxsize=1024)
def _compile(kind: str, source: str) -> JinjaTemplate:
    environment = _HTML if kind == "html" else _TEXT
    return environment.from_string(source)


def referenced_names(source: str) -> set[str]:
    """Top-level names a template reads (loop variables and ``set`` targets excluded)."""
    try:
        tree = _TEXT.parse(source)
    except TemplateSyntaxError as exc:
        raise TemplateInvalid(f"line {exc.lineno}: {exc.message}") from exc
    return set(meta.find_undeclared_variables(tree)) - set(_TEXT.globals)


@dataclass(frozen=True)
class TemplateSource:
    subject: str
    text_body: str | None
    html_body: str | None
    variables: Mapping[str, VariableSpec]


def check_source(source: TemplateSource) -> None:
    """Parse every part and refuse names that are not declared variables."""
    if not (source.text_body or source.html_body):
        raise TemplateInvalid("a template needs a text body, an HTML body, or both")
    used: set[str] = set()
    for part_name, part in (
        ("subject", source.subject),
        ("text_body", source.text_body),
        ("html_body", source.html_body),
    ):
        if part is None:
            continue
        if len(part) > MAX_SOURCE_CHARS:
            raise TemplateInvalid(f"{part_name} is longer than {MAX_SOURCE_CHARS} characters")
        try:
            _compile("html" if part_name == "html_body" else "text", part)
        except TemplateSyntaxError as exc:
            raise TemplateInvalid(f"{part_name}, line {exc.lineno}: {exc.message}") from exc
        used |= referenced_names(part)
    undeclared = sorted(used - set(source.variables))
    if undeclared:
        raise TemplateInvalid(
            f"the template uses undeclared variables: {', '.join(undeclared)}; declare them in "
            "'variables'"
        )


def _matches(spec: VariableSpec, value: Any) -> str | None:
    kind = spec.type
    if kind == "string":
        return None if isinstance(value, str) else "a string"
    if kind == "boolean":
        return None if isinstance(value, bool) else "true or false"
    if kind == "integer":
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else "an integer"
    if kind == "number":
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return None if ok and math.isfinite(value) else "a number"
    if kind == "list":
        return None if isinstance(value, list) else "a list"
    if kind == "object":
        return None if isinstance(value, dict) else "an object"
    if kind == "url":
        if isinstance(value, str):
            parts = urlsplit(value)
            if parts.scheme in ("http", "https") and parts.netloc:
                return None
        return "an http(s) URL"
    if kind == "email":
        if isinstance(value, str):
            try:
                validate_email(value, check_deliverability=False)
                return None
            except EmailNotValidError:
                pass
        return "an email address"
    return None


def validate_variables(
    declared: Mapping[str, VariableSpec], variables: Mapping[str, Any]
) -> dict[str, Any]:
    problems: list[str] = []
    unknown = sorted(set(variables) - set(declared))
    if unknown:
        problems.append(f"unknown variables: {', '.join(unknown)}")
    for name, spec in sorted(declared.items()):
        if name not in variables or variables[name] is None:
            if spec.required:
                problems.append(f"{name} is required")
            continue
        expected = _matches(spec, variables[name])
        if expected:
            problems.append(f"{name} must be {expected}")
    if problems:
        raise TemplateVariablesInvalid("; ".join(problems), extra={"problems": problems})
    # Optional variables that were not sent render as empty rather than failing.
    return {name: variables.get(name) for name in declared}


@dataclass(frozen=True)
class Rendered:
    subject: str
    text_body: str | None
    html_body: str | None


_HEADER_BREAKS = re.compile(r"[\r\n]+")


def _render_part(kind: str, source: str, variables: Mapping[str, Any]) -> str:
    try:
        output = _compile(kind, source).render(**variables)
    except SecurityError as exc:
        raise TemplateRenderFailed(f"the template tried an unsafe operation: {exc}") from exc
    except TemplateError as exc:
        raise TemplateRenderFailed(f"the template failed to render: {exc}") from exc
    except (ArithmeticError, TypeError, ValueError, LookupError) as exc:
        raise TemplateRenderFailed(f"the template failed to render: {exc}") from exc
    if len(output) > MAX_OUTPUT_CHARS:
        raise TemplateRenderFailed(f"the rendered {kind} is larger than {MAX_OUTPUT_CHARS} chars")
    return output


def render(source: TemplateSource, variables: Mapping[str, Any]) -> Rendered:
    """Validate ``variables`` against the declaration, then render each part."""
    values = validate_variables(source.variables, variables)
    subject = _HEADER_BREAKS.sub(" ", _render_part("text", source.subject, values)).strip()
    if not subject:
        raise TemplateRenderFailed("the rendered subject is empty")
    text = _render_part("text", source.text_body, values) if source.text_body else None
    html = _render_part("html", source.html_body, values) if source.html_body else None
    return Rendered(subject=subject[:998], text_body=text, html_body=html)
