"""LLM settings, mixed into a service's settings (``class TentacleSettings(LLMSettings, ...)``).

Inside a service the fields take the service prefix (``TENTACLE_LLM_MODEL``); the unprefixed
platform names (``LLM_MODEL``, ``LLM_API_BASE``, ``LLM_API_KEY``, ...) are read when the prefixed
variant is absent, so one ``.env`` configures every service's model.
"""

from __future__ import annotations

import os
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# Roles callers ask for; each may name its own model, otherwise ``llm_model`` serves it.
ROLES = ("planner", "flux", "fast", "standard", "reasoning")


class LLMSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", env_prefix="")

    llm_model: str = Field(
        default="openai/local",
        description="litellm model name, e.g. 'openai/gpt-4o-mini' or 'openai/local' with an api base.",
    )
    llm_api_base: str | None = Field(default=None, description="OpenAI-compatible base URL.")
    llm_api_key: SecretStr = Field(default=SecretStr(""), description="Provider API key.")
    llm_fallback_models: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Models tried in order when the role's model fails."
    )
    llm_planner_model: str | None = None
    llm_flux_model: str | None = None
    llm_fast_model: str | None = None
    llm_standard_model: str | None = None
    llm_reasoning_model: str | None = None
    llm_response_format: Literal["json_schema", "json_object"] = Field(
        default="json_schema",
        description=(
            "How a JSON schema is sent: OpenAI's 'json_schema', or 'json_object' with a 'schema' "
            "member (llama.cpp's server, which turns the schema into a grammar)."
        ),
    )
    llm_image_model: str = "openai/dall-e-3"
    llm_timeout_seconds: float = 120.0
    llm_max_retries: int = Field(default=3, description="Retries per model on rate limits/5xx.")
    llm_retry_base_seconds: float = 0.5
    llm_retry_max_seconds: float = 20.0
    llm_max_tokens: int = Field(default=2048, description="Completion ceiling when none is given.")
    llm_prompt_cost_per_1k: float = Field(
        default=0.0, description="USD per 1k prompt tokens for models litellm has no price for."
    )
    llm_completion_cost_per_1k: float = Field(
        default=0.0, description="USD per 1k completion tokens for models litellm has no price for."
    )

    @field_validator("llm_fallback_models", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                import json

                return json.loads(text)
            return [part.strip() for part in text.split(",") if part.strip()]
        return value

    @model_validator(mode="before")
    @classmethod
    def _platform_llm_names(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        prefix = str(cls.model_config.get("env_prefix", "")).upper()
        if not prefix:
            return data
        for name in cls.model_fields:
            if not name.startswith("llm_") or name in data:
                continue
            if f"{prefix}{name.upper()}" in os.environ:
                continue
            if name.upper() in os.environ:
                data[name] = os.environ[name.upper()]
        return data

    def model_for(self, role: str) -> str:
        """The model serving ``role`` (a role without its own model uses ``llm_model``)."""
        override = getattr(self, f"llm_{role}_model", None) if role in ROLES else None
        return str(override or self.llm_model)

    def models_for(self, role: str) -> list[str]:
        """The role's model followed by the fallbacks, without repeats."""
        models = [self.model_for(role)]
        for model in self.llm_fallback_models:
            if model not in models:
                models.append(model)
        return models
