from __future__ import annotations

from datetime import datetime
from email.utils import parseaddr
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, SecretStr, field_validator


def _check_sender(value: str) -> str:
    _, address = parseaddr(value)
    if "@" not in address or any(ch in value for ch in "\r\n"):
        raise ValueError("mail_from must look like 'Name <address@example.com>' or an address")
    return value


class _ProviderWrite(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mail_from: str = Field(max_length=320, description="The From header of every email.")

    _sender = field_validator("mail_from")(_check_sender)

    def options(self) -> dict[str, Any]:
        return {}

    def secrets(self) -> dict[str, str]:
        return {}

    def webhook_secrets(self) -> dict[str, str]:
        return {}


def _reveal(**values: SecretStr | str | None) -> dict[str, str]:
    revealed: dict[str, str] = {}
    for name, value in values.items():
        if isinstance(value, SecretStr):
            revealed[name] = value.get_secret_value()
        elif value:
            revealed[name] = value
    return revealed


class SmtpProviderWrite(_ProviderWrite):
    provider: Literal["smtp"]
    host: str = Field(min_length=1, max_length=255)
    port: int = Field(default=587, ge=1, le=65535)
    username: str = Field(default="", max_length=255)
    password: SecretStr | None = None
    security: Literal["none", "starttls", "tls"] = "starttls"

    def options(self) -> dict[str, Any]:
        return {
            "host": self.host,
            "port": self.port,
            "username": self.username,
            "security": self.security,
        }

    def secrets(self) -> dict[str, str]:
        return _reveal(password=self.password)


class PostmarkProviderWrite(_ProviderWrite):
    provider: Literal["postmark"]
    server_token: SecretStr | None = Field(
        default=None, description="Required the first time; omitted later keeps the stored one."
    )
    message_stream: str = Field(default="outbound", max_length=100)
    webhook_username: str | None = Field(default=None, max_length=255)
    webhook_password: SecretStr | None = None
    webhook_header_name: str | None = Field(default=None, max_length=100)
    webhook_header_value: SecretStr | None = None

    def options(self) -> dict[str, Any]:
        return {"message_stream": self.message_stream}

    def secrets(self) -> dict[str, str]:
        return _reveal(server_token=self.server_token)

    def webhook_secrets(self) -> dict[str, str]:
        return _reveal(
            username=self.webhook_username,
            password=self.webhook_password,
            header_name=self.webhook_header_name,
            header_value=self.webhook_header_value,
        )


class ResendProviderWrite(_ProviderWrite):
    provider: Literal["resend"]
    api_key: SecretStr | None = Field(
        default=None, description="Required the first time; omitted later keeps the stored one."
    )
    webhook_secret: SecretStr | None = Field(
        default=None, description="The webhook's signing secret ('whsec_...')."
    )

    @field_validator("webhook_secret")
    @classmethod
    def _whsec(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("whsec_"):
            raise ValueError("a Resend signing secret starts with 'whsec_'")
        return value

    def secrets(self) -> dict[str, str]:
        return _reveal(api_key=self.api_key)

    def webhook_secrets(self) -> dict[str, str]:
        return _reveal(signing_secret=self.webhook_secret)


ProviderWrite = Annotated[
    SmtpProviderWrite | PostmarkProviderWrite | ResendProviderWrite,
    Field(discriminator="provider"),
]

REQUIRED_SECRETS = {"smtp": (), "postmark": ("server_token",), "resend": ("api_key",)}


class ProviderRead(BaseModel):
    source: Literal["organization", "platform"]
    provider: str
    mail_from: str
    options: dict[str, Any]
    secrets_set: list[str] = Field(description="Names of stored secrets (values never shown).")
    webhook_url: str | None = Field(
        description="Where the provider should post delivery events for this organization."
    )
    webhook_configured: bool
    updated_at: datetime | None = None


class ProviderTest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    to: EmailStr
    config: ProviderWrite | None = Field(
        default=None, description="Try these settings instead of the stored ones (not saved)."
    )


class ProviderTestResult(BaseModel):
    ok: bool
    provider: str
    provider_message_id: str | None = None
    error: str | None = None
    transient: bool | None = None
