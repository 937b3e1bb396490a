"""AgentSpec: the strict model every subagent definition (YAML file or drafted) must satisfy."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any, Literal

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

ModelTier = Literal["fast", "standard", "reasoning"]

RiskLevel = Literal["none", "read", "write", "send", "pay", "delete", "external_write"]
"""What running the agent does to the world. ``write`` stays inside fluxos (files, workspace)."""

RISKY_LEVELS: frozenset[str] = frozenset({"send", "pay", "delete", "external_write"})
"""Risk levels whose steps pause for approval unless a preference auto-approves them."""

ExecutorKind = Literal[
    "llm",
    "noop",
    "http_fetch",
    "notify",
    "file_storage",
    "pdf_composer",
    "markdown_composer",
    "workspace",
    "memory",
    "data_scientist",
    "web_research",
    "generate_image",
]

ToolName = Literal["web_search", "http_fetch"]
"""Tools an LLM agent may call during its run."""

AGENT_TYPE = re.compile(r"^[a-z][a-z0-9_]{1,62}$")


class CostHints(BaseModel):
    """What one run is expected to cost; the risk policy and budgets read it before running."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    estimated_usd: float = Field(default=0.0, ge=0)
    max_output_tokens: int = Field(default=1024, ge=1, le=200_000)


class AgentSpec(BaseModel):
    """One subagent type: what it takes, what it returns, how it runs and how risky it is."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: str = Field(description="Unique name the planner uses, e.g. 'summarize'.")
    kind: ExecutorKind = Field(default="llm", description="Which executor runs it.")
    description: str = Field(min_length=10, max_length=2000)
    input_schema: dict[str, Any]
    output_schema: dict[str, Any]
    prompt: str | None = Field(default=None, max_length=20_000)
    model_tier: ModelTier = "standard"
    tools: tuple[ToolName, ...] = ()
    risk_level: RiskLevel = "none"
    timeout_seconds: int = Field(default=120, ge=1, le=3600)
    max_retries: int = Field(default=2, ge=0, le=10)
    cost: CostHints = Field(default_factory=CostHints)
    config: dict[str, Any] = Field(
        default_factory=dict, description="Executor-specific settings (e.g. an operation name)."
    )

    @field_validator("type")
    @classmethod
    def _agent_type(cls, value: str) -> str:
        if not AGENT_TYPE.match(value):
            raise ValueError(
                "type must be 2-63 characters of lower-case letters, digits and underscores, "
                "starting with a letter"
            )
        return value

    @field_validator("input_schema", "output_schema")
    @classmethod
    def _object_schema(cls, value: dict[str, Any]) -> dict[str, Any]:
        try:
            Draft202012Validator.check_schema(value)
        except SchemaError as exc:
            raise ValueError(f"not a valid JSON schema: {exc.message}") from exc
        if value.get("type") != "object":
            raise ValueError("inputs and outputs are objects: the schema's type must be 'object'")
        return value

    @field_validator("tools")
    @classmethod
    def _unique_tools(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if len(set(value)) != len(value):
            raise ValueError("tools are listed once each")
        return value

    @model_validator(mode="after")
    def _llm_needs_prompt(self) -> AgentSpec:
        if self.kind in ("llm", "data_scientist") and not (self.prompt and self.prompt.strip()):
            raise ValueError(f"a {self.kind!r} agent needs a prompt")
        if self.tools and self.kind != "llm":
            raise ValueError("only 'llm' agents call tools")
        return self

    @property
    def needs_approval(self) -> bool:
        """True when the risk level alone makes its steps pause at a checkpoint."""
        return self.risk_level in RISKY_LEVELS

    @property
    def declared_outputs(self) -> list[str]:
        return sorted(self.output_schema.get("properties", {}))

    def fingerprint(self) -> str:
        """A stable hash of the spec; a new registry version is written when it changes."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()

    def input_errors(self, inputs: dict[str, Any]) -> list[str]:
        """What is wrong with ``inputs`` against the input schema (empty when they fit)."""
        return schema_errors(self.input_schema, inputs)

    def output_errors(self, outputs: dict[str, Any]) -> list[str]:
        """What is wrong with ``outputs`` against the output schema (empty when they fit)."""
        return schema_errors(self.output_schema, outputs)

    def planner_entry(self) -> dict[str, Any]:
        """What the planner's prompt lists for this agent."""
        return {
            "type": self.type,
            "description": self.description,
            "input_schema": self.input_schema,
            "output_schema": self.output_schema,
            "risk_level": self.risk_level,
            "model_tier": self.model_tier,
            "estimated_usd": self.cost.estimated_usd,
        }


def schema_errors(schema: dict[str, Any], instance: Any) -> list[str]:
    validator = Draft202012Validator(schema)
    found = sorted(
        validator.iter_errors(instance),
        key=lambda error: [str(part) for part in error.absolute_path],
    )
    return [
        f"{'/'.join(str(part) for part in error.absolute_path) or '(root)'}: {error.message}"
        for error in found
    ]
