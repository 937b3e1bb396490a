from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from mimic.integrations.providers.custom import CustomCredentials
from mimic.integrations.providers.discord import DiscordCredentials
from mimic.integrations.providers.github import GitHubCredentials
from mimic.integrations.providers.slack import SlackCredentials
from mimic.integrations.providers.stripe import StripeCredentials

ProviderName = Literal["discord", "slack", "github", "stripe", "custom"]
ActionStatus = Literal["queued", "sending", "sent", "failed"]
Name = Annotated[str, Field(min_length=1, max_length=100)]


class _IntegrationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name
    enabled: bool = True


class DiscordIntegrationCreate(_IntegrationCreate):
    provider: Literal["discord"]
    credentials: DiscordCredentials = Field(
        description="application_id and public_key (inbound), bot_token (channel messages)."
    )


class SlackIntegrationCreate(_IntegrationCreate):
    provider: Literal["slack"]
    credentials: SlackCredentials = Field(description="signing_secret, bot_token.")


class GitHubIntegrationCreate(_IntegrationCreate):
    provider: Literal["github"]
    credentials: GitHubCredentials = Field(description="webhook_secret, token.")


class StripeIntegrationCreate(_IntegrationCreate):
    provider: Literal["stripe"]
    credentials: StripeCredentials = Field(description="signing_secret ('whsec_...').")


class CustomIntegrationCreate(_IntegrationCreate):
    provider: Literal["custom"]
    credentials: CustomCredentials = Field(
        description="mode (hmac or bearer), secret, header and signature_format (hmac), "
        "outbound_url and outbound_secret (outbound webhooks)."
    )


IntegrationCreate = Annotated[
    DiscordIntegrationCreate
    | SlackIntegrationCreate
    | GitHubIntegrationCreate
    | StripeIntegrationCreate
    | CustomIntegrationCreate,
    Field(discriminator="provider"),
]


class IntegrationUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    enabled: bool | None = None
    credentials: dict[str, Any] | None = Field(
        default=None,
        description="Fields to change; omitted ones keep their stored values, null removes one.",
    )


class IntegrationRead(BaseModel):
    id: uuid.UUID
    provider: str
    name: str
    enabled: bool
    config: dict[str, Any] = Field(description="Settings that are not secret.")
    credentials_set: dict[str, str | None] = Field(
        description="Stored secrets (never their values): a hint of the last characters, or "
        "null when the secret is too short to show any."
    )
    inbound_url: str
    created_by: str
    created_at: datetime
    updated_at: datetime


class IntegrationPage(BaseModel):
    items: list[IntegrationRead]


class IntegrationTestResult(BaseModel):
    ok: bool
    detail: str
    checked_remotely: bool
    response: dict[str, Any] = Field(default_factory=dict)


# -- outbound actions -----------------------------------------------------------------------------

Snowflake = Annotated[str, Field(pattern=r"^\d{1,25}$")]
Embeds = Annotated[list[dict[str, Any]], Field(max_length=10)]
Repository = Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", max_length=200)]


class _Params(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _DiscordContent(_Params):
    content: str | None = Field(default=None, max_length=2000)
    embeds: Embeds | None = None

    @model_validator(mode="after")
    def _something(self) -> _DiscordContent:
        if not self.content and not self.embeds:
            raise ValueError("a Discord message needs content or embeds")
        return self


class DiscordMessageParams(_DiscordContent):
    channel_id: Snowflake


class DiscordEmbedParams(_Params):
    channel_id: Snowflake
    embeds: Annotated[list[dict[str, Any]], Field(min_length=1, max_length=10)]
    content: str | None = Field(default=None, max_length=2000)


class DiscordFollowupParams(_DiscordContent):
    interaction_token: str = Field(min_length=1, max_length=500, pattern=r"^[A-Za-z0-9._-]+$")
    application_id: Snowflake | None = Field(
        default=None, description="Default: the integration's application."
    )
    edit_original: bool = Field(
        default=True,
        description="Replace the deferred 'thinking…' response (true) or post a new follow-up.",
    )
    ephemeral: bool = False


class SlackMessageParams(_Params):
    channel: str = Field(min_length=1, max_length=100)
    text: str = Field(min_length=1, max_length=40000)
    blocks: list[dict[str, Any]] | None = Field(default=None, max_length=50)
    thread_ts: str | None = Field(default=None, max_length=50)


class GitHubIssueParams(_Params):
    repository: Repository
    title: str = Field(min_length=1, max_length=256)
    body: str = Field(default="", max_length=65536)
    labels: list[str] = Field(default_factory=list, max_length=20)


class GitHubCommentParams(_Params):
    repository: Repository
    issue_number: int = Field(ge=1)
    body: str = Field(min_length=1, max_length=65536)


class WebhookParams(_Params):
    payload: Any = Field(description="Any JSON document, POSTed signed to the outbound URL.")


IdempotencyKey = Annotated[str | None, Field(default=None, min_length=1, max_length=255)]


class _ActionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    idempotency_key: IdempotencyKey = None


class DiscordMessageAction(_ActionCreate):
    action: Literal["discord_message"]
    params: DiscordMessageParams


class DiscordEmbedAction(_ActionCreate):
    action: Literal["discord_embed"]
    params: DiscordEmbedParams


class DiscordFollowupAction(_ActionCreate):
    action: Literal["discord_followup"]
    params: DiscordFollowupParams


class SlackMessageAction(_ActionCreate):
    action: Literal["slack_message"]
    params: SlackMessageParams


class GitHubIssueAction(_ActionCreate):
    action: Literal["github_issue"]
    params: GitHubIssueParams


class GitHubCommentAction(_ActionCreate):
    action: Literal["github_comment"]
    params: GitHubCommentParams


class WebhookAction(_ActionCreate):
    action: Literal["webhook"]
    params: WebhookParams


ActionCreate = Annotated[
    DiscordMessageAction
    | DiscordEmbedAction
    | DiscordFollowupAction
    | SlackMessageAction
    | GitHubIssueAction
    | GitHubCommentAction
    | WebhookAction,
    Field(discriminator="action"),
]


class ActionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    integration_id: uuid.UUID
    action: str
    status: ActionStatus
    attempts: int
    idempotency_key: str | None
    response: dict[str, Any] = Field(description="What the provider answered (a summary).")
    error: str | None
    next_attempt_at: datetime | None
    sent_at: datetime | None
    created_by: str
    created_at: datetime
    updated_at: datetime


# -- inbound history ------------------------------------------------------------------------------


class InboundEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    type: str
    delivery_key: str
    received_at: datetime
    relay_status: str
    relay_attempts: int
    relayed_at: datetime | None
    relay_error: str | None


class RejectionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    reason: str
    ip: str | None
    created_at: datetime


class InboundHistory(BaseModel):
    events: list[InboundEventRead]
    rejections: list[RejectionRead]
