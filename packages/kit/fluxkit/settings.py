"""Settings base: one env prefix per service plus platform-wide names.

A service subclasses :class:`ServiceSettings` and sets ``model_config['env_prefix']``. Platform
names (``DATABASE_URL``, ``REDIS_URL``, ``FLUXOS_ENV``, ``FLUXOS_KEYRING``) are read without a
prefix when the prefixed variant is absent, so one ``.env`` can serve the whole platform.
"""

from __future__ import annotations

import os
from typing import Any, Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

Environment = Literal["development", "test", "production"]

# Values that ship in examples and must never guard a real deployment.
PLACEHOLDER_SECRETS = frozenset(
    {"", "changeme", "change-me", "secret", "dev", "development", "please-change", "xxx"}
)

PLATFORM_FALLBACKS = {
    "database_url": "DATABASE_URL",
    "redis_url": "REDIS_URL",
    "environment": "FLUXOS_ENV",
    "keyring": "FLUXOS_KEYRING",
    "service_token": "FLUXOS_SERVICE_TOKEN",
}


class PlaceholderSecretError(ValueError):
    pass


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", env_prefix="FLUXOS_")

    environment: Environment = "development"
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/fluxos"
    redis_url: str = "redis://127.0.0.1:6379/0"
    database_pool_size: int = 10
    keyring: SecretStr = Field(
        default=SecretStr(""),
        description="AES-256-GCM keyring: 'kid:base64key,kid:base64key'; the last is active.",
    )
    service_token: SecretStr = Field(
        default=SecretStr(""), description="This service's credential for calling others."
    )
    public_base_url: str = "http://127.0.0.1:8080"
    log_level: str = "INFO"
    log_json: bool = True

    @model_validator(mode="before")
    @classmethod
    def _platform_fallbacks(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        prefix = str(cls.model_config.get("env_prefix", "")).upper()
        for field, platform_name in PLATFORM_FALLBACKS.items():
            if field in data or f"{prefix}{field.upper()}" in os.environ:
                continue
            if platform_name in os.environ:
                data[field] = os.environ[platform_name]
        return data

    @model_validator(mode="after")
    def _refuse_placeholders(self) -> ServiceSettings:
        if self.environment == "development":
            return self
        for name in self.secret_field_names():
            value = getattr(self, name)
            raw = value.get_secret_value() if isinstance(value, SecretStr) else str(value)
            if raw.strip().lower() in PLACEHOLDER_SECRETS or len(raw.strip()) < 16:
                raise PlaceholderSecretError(
                    f"{name} is missing or a placeholder; set a real secret outside development"
                )
        return self

    def secret_field_names(self) -> list[str]:
        """Secrets that must be real outside development (override to add service secrets)."""
        return ["keyring"]

    @property
    def is_production(self) -> bool:
        return self.environment == "production"
