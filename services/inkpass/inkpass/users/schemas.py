from __future__ import annotations

import re
import uuid
from datetime import datetime
from typing import Annotated

from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

# Self-hosted installs use addresses such as admin@fluxos.local; the syntax checks still apply.
_PRIVATE_SUFFIXES = ("local", "localhost", "internal", "lan", "home", "test")
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def normalize_email(value: str) -> str:
    """Trim and lower-case; raise ValueError for anything that is not a mailbox address."""
    value = value.strip()
    if len(value) > 320:
        raise ValueError("the email address is too long")
    local, at, domain = value.rpartition("@")
    labels = domain.lower().split(".")
    if at and labels[-1] in _PRIVATE_SUFFIXES and all(_LABEL.match(label) for label in labels):
        probe = f"{local}@example.com"
    else:
        probe = value
    try:
        validate_email(probe, check_deliverability=False, allow_smtputf8=True)
    except EmailNotValidError as exc:
        raise ValueError(str(exc)) from exc
    return value.lower()


EmailAddress = Annotated[str, Field(max_length=320), AfterValidator(normalize_email)]
DisplayName = Annotated[str, Field(min_length=1, max_length=200)]
# Long enough for any policy; the configured policy decides what is accepted.
PasswordInput = Annotated[str, Field(min_length=1, max_length=1024)]


class User(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    email: str
    display_name: str
    email_verified: bool
    email_verified_at: datetime | None
    totp_enabled: bool
    has_password: bool
    created_at: datetime


class UserUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    display_name: Annotated[str, Field(min_length=1, max_length=200)] | None = None


class EmailChangeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    new_email: EmailAddress
    password: PasswordInput


class CodeConfirm(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: Annotated[str, Field(min_length=1, max_length=20)]


class MyOrganization(BaseModel):
    id: uuid.UUID
    name: str
    slug: str
    role: str
    joined_at: datetime


class Accepted(BaseModel):
    """A request taken in; what happens next arrives by email (same answer for every address)."""

    status: str
