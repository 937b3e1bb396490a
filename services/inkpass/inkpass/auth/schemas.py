from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class LoginRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(min_length=1, max_length=320)
    password: str = Field(min_length=1, max_length=4096)
    organization_id: uuid.UUID | None = Field(
        default=None, description="Organization to sign in to; the oldest membership if omitted."
    )


class MfaRequired(BaseModel):
    """The password was right and the account has 2FA: finish at ``/api/v1/auth/login/2fa``."""

    mfa_required: Literal[True] = True
    mfa_token: str
    expires_in: int


class SwitchOrganization(BaseModel):
    model_config = ConfigDict(extra="forbid")

    organization_id: uuid.UUID
