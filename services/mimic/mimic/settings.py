"""Mimic settings (env prefix ``MIMIC_``; platform names as fallbacks)."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from fluxkit.settings import ServiceSettings

ProviderName = Literal["smtp", "postmark", "resend"]
SmtpSecurity = Literal["none", "starttls", "tls"]


class MimicSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", env_prefix="MIMIC_")

    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/mimic"
    inkpass_url: str = "http://127.0.0.1:8080"
    celery_broker_url: str = Field(default="", description="Celery broker; empty: redis_url.")

    # The platform's default email provider (organizations may configure their own).
    default_provider: ProviderName = "smtp"
    mail_from: str = "fluxos <no-reply@fluxos.local>"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 1025
    smtp_username: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_security: SmtpSecurity = "none"
    postmark_server_token: SecretStr = SecretStr("")
    postmark_api_url: str = "https://api.postmarkapp.com/"
    postmark_message_stream: str = "outbound"
    resend_api_key: SecretStr = SecretStr("")
    resend_api_url: str = "https://api.resend.com"
    provider_timeout_seconds: float = 15.0
    allow_private_smtp_hosts: bool | None = Field(
        default=None,
        description="Let organizations use SMTP hosts on private addresses; default: outside "
        "production only.",
    )

    # Provider event webhooks for the platform default provider.
    postmark_webhook_username: str = ""
    postmark_webhook_password: SecretStr = SecretStr("")
    resend_webhook_secret: SecretStr = SecretStr("")
    webhook_tolerance_seconds: int = 300

    # Delivery: transient failures retry with exponential backoff and full jitter.
    delivery_max_attempts: int = 6
    retry_base_seconds: float = 2.0
    retry_max_seconds: float = 600.0
    delivery_lease_seconds: int = 300

    # Limits
    max_recipients: int = 50
    organization_rate_limit: int = 600
    organization_rate_window_seconds: int = 60
    recipient_rate_limit: int = 30
    recipient_rate_window_seconds: int = 3600
    idempotency_hours: int = 24

    # Integrations: provider APIs (tests point them at local fakes), the outbound allow-list,
    # and where verified inbound events go (Tentacle's triggers).
    tentacle_url: str = "http://127.0.0.1:8080"
    discord_api_url: str = "https://discord.com/api/v10"
    slack_api_url: str = "https://slack.com/api"
    github_api_url: str = "https://api.github.com"
    integrations_allow_hosts: list[str] = Field(
        default_factory=list, description="Hosts integrations may reach even when not public."
    )
    integrations_allow_networks: list[str] = Field(
        default_factory=list, description="Networks (CIDR) integrations may reach though private."
    )
    integrations_timeout_seconds: float = 15.0
    hook_max_body_bytes: int = 1024 * 1024
    hook_tolerance_seconds: int = 300
    hook_audit_limit_per_minute: int = Field(
        default=120, description="Refused inbound requests audited per client address a minute."
    )
    relay_max_attempts: int = 30
    relay_retry_base_seconds: float = 1.0
    relay_retry_max_seconds: float = 600.0
    action_max_attempts: int = 6
    action_retry_base_seconds: float = 2.0
    action_retry_max_seconds: float = 600.0
    action_lease_seconds: int = 120

    # Local mail catcher (development: every email the platform sends is kept and shown).
    devmail_enabled: bool | None = Field(
        default=None, description="Run the mail catcher; default: only in development."
    )
    devmail_host: str = "127.0.0.1"
    devmail_port: int = 1025
    devmail_max_messages: int = 500

    @property
    def broker_url(self) -> str:
        return self.celery_broker_url or self.redis_url

    @property
    def private_smtp_hosts_allowed(self) -> bool:
        if self.allow_private_smtp_hosts is not None:
            return self.allow_private_smtp_hosts
        return not self.is_production

    @property
    def devmail_active(self) -> bool:
        if self.devmail_enabled is not None:
            return self.devmail_enabled and not self.is_production
        return self.environment == "development"


@lru_cache
def get_settings() -> MimicSettings:
    return MimicSettings()
