from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel


class SigningKey(BaseModel):
    kid: str
    algorithm: str
    status: str
    activated_at: datetime
    retired_at: datetime | None = None


class SigningKeyRotation(BaseModel):
    active: SigningKey
    retired: SigningKey | None = None


class OpenIdConfiguration(BaseModel):
    issuer: str
    jwks_uri: str
    token_endpoint: str
    id_token_signing_alg_values_supported: list[str]
    subject_types_supported: list[str]
    response_types_supported: list[str]
