"""Den settings (env prefix ``DEN_``; platform names as fallbacks)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from fluxkit.settings import ServiceSettings

MIB = 1024 * 1024
GIB = 1024 * MIB
SEVEN_DAYS = 7 * 24 * 3600

# Only ever used in development, where fluxkit lets an empty secret through.
DEVELOPMENT_SECRET = "den-development-signing-secret"


class DenSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", env_prefix="DEN_")

    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/den"

    # Signed download links (/f/...): HMAC-SHA256 under this secret.
    secret_key: SecretStr = SecretStr("")
    signed_url_max_seconds: int = SEVEN_DAYS

    # CDN mode: signed links point at the CDN (Bunny-style token) instead of /f/ here.
    cdn_base_url: str = ""
    cdn_token_key: SecretStr = SecretStr("")

    # Limits
    max_file_bytes: int = Field(default=5 * GIB, ge=1)
    default_quota_bytes: int = Field(default=10 * GIB, ge=0)
    trash_retention_days: int = 30

    # Storage
    storage_backend: Literal["local", "s3"] = "local"
    storage_dir: Path | None = Field(
        default=None, description="Local backend root; defaults to <FLUXOS_DATA_DIR>/den."
    )
    s3_endpoint_url: str = ""
    s3_region: str = "us-east-1"
    s3_bucket: str = "fluxos-den"
    s3_prefix: str = ""
    s3_access_key_id: str = ""
    s3_secret_access_key: SecretStr = SecretStr("")
    s3_addressing_style: Literal["auto", "path", "virtual"] = "path"
    s3_create_bucket: bool = False
    s3_part_bytes: int = Field(default=8 * MIB, ge=5 * MIB)

    # Authentication (tokens are issued by InkPass)
    inkpass_url: str = "http://127.0.0.1:8080"
    jwks_url: str = ""
    jwt_issuer: str = "fluxos-inkpass"
    jwt_audience: str = "fluxos"
    jwt_algorithms: list[str] = ["EdDSA", "ES256"]

    @model_validator(mode="after")
    def _default_storage_dir(self) -> DenSettings:
        if self.storage_dir is None:
            data_dir = Path(os.environ.get("FLUXOS_DATA_DIR") or ".fluxos")
            self.storage_dir = data_dir / "den"
        return self

    def secret_field_names(self) -> list[str]:
        names = ["keyring", "secret_key"]
        if self.cdn_base_url:
            names.append("cdn_token_key")
        return names

    @property
    def signing_secret(self) -> bytes:
        raw = self.secret_key.get_secret_value()
        if not raw and self.environment == "development":
            raw = DEVELOPMENT_SECRET
        return raw.encode()

    @property
    def cdn_enabled(self) -> bool:
        return bool(self.cdn_base_url and self.cdn_token_key.get_secret_value())

    @property
    def resolved_jwks_url(self) -> str:
        return self.jwks_url or self.inkpass_url.rstrip("/") + "/.well-known/jwks.json"


@lru_cache
def get_settings() -> DenSettings:
    return DenSettings()
