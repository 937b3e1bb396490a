from __future__ import annotations

import uuid
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from inkpass.users.schemas import DisplayName, EmailAddress, PasswordInput

Code = Annotated[str, Field(min_length=1, max_length=20)]


class RegisterRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: EmailAddress
    password: PasswordInput
    display_name: DisplayName
    organization_name: Annotated[str, Field(min_length=1, max_length=200)] | None = None


class EmailOnly(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: EmailAddress


class VerificationRequest(BaseModel):
    """Signed in: no body needed. Signed out: the address to verify."""

    model_config = ConfigDict(extra="forbid")

    email: EmailAddress | None = None


class VerifyEmail(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: Code
    email: EmailAddress | None = Field(
        default=None, description="Needed when not signed in: the address the code went to."
    )


class EmailVerified(BaseModel):
    status: Literal["verified"] = "verified"
    user_id: uuid.UUID
    email: str


class PasswordReset(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: EmailAddress
    code: Code
    new_password: PasswordInput


class PasswordChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    current_password: PasswordInput
    new_password: PasswordInput


class CodeLogin(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: EmailAddress
    code: Code


class Done(BaseModel):
    status: str
