from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from inkpass.users.schemas import EmailAddress

Role = Literal["owner", "admin", "member", "viewer"]
OrganizationName = Annotated[str, Field(min_length=1, max_length=200)]


class OrganizationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: OrganizationName


class OrganizationUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: OrganizationName | None = None


class Organization(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    name: str
    slug: str
    created_at: datetime
    role: Role | None = None
    """The caller's role in it."""


class Member(BaseModel):
    user_id: uuid.UUID
    email: str
    display_name: str
    role: Role
    joined_at: datetime


class MemberCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: EmailAddress
    role: Role = "member"


class MemberUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Role


class Invitation(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    organization_id: uuid.UUID
    email: str
    role: Role
    expires_at: datetime
    created_at: datetime


class MemberAdded(BaseModel):
    """Either the existing user became a member, or an invitation went to the address."""

    status: Literal["added", "invited"]
    member: Member | None = None
    invitation: Invitation | None = None


class InvitationAccept(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: Annotated[str, Field(min_length=10, max_length=200)]
