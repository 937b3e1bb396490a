"""InkPass settings (env prefix ``INKPASS_``; platform names as fallbacks)."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from fluxkit.settings import ServiceSettings


class InkPassSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", env_prefix="INKPASS_")

    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/inkpass"

    # Tokens
    jwt_algorithm: Literal["EdDSA", "ES256", "HS256"] = "EdDSA"
    jwt_hs256_secret: SecretStr = SecretStr("")
    jwt_issuer: str = "fluxos-inkpass"
    jwt_audience: str = "fluxos"
    access_token_minutes: int = 30
    refresh_token_days: int = 7
    signing_key_rotation_days: int = 30
    signing_key_check_seconds: int = 60

    # Passwords and login protection
    password_min_length: int = 8
    password_max_length: int = 128
    login_attempts_per_account: int = 5
    login_attempts_per_ip: int = 20
    login_window_seconds: int = 900

    # Email: through Mimic (its system templates) when mimic_url and service_token are set,
    # else straight to this SMTP server (deployments without Mimic, InkPass's own tests).
    mimic_url: str = Field(
        default="", description="Mimic's base URL; empty: send with SMTP instead."
    )
    mimic_attempts: int = Field(
        default=4, ge=1, description="Tries per email when Mimic is unavailable or busy."
    )
    mimic_timeout_seconds: float = 10.0
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 1025
    smtp_username: str = ""
    smtp_password: SecretStr = SecretStr("")
    smtp_starttls: bool = False
    mail_from: str = "fluxos <no-reply@fluxos.local>"

    smtp_timeout_seconds: float = 10.0
    notifier: Literal["smtp", "log"] = Field(
        default="smtp", description="'log' writes emails to the log instead (development only)."
    )

    # Accounts: registration, one-time codes, invitations
    registration_requires_verification: bool = Field(
        default=False,
        description=(
            "True (recommended in production): register answers 202 'verification_sent' for new "
            "and existing addresses alike and emails the owner of an existing one, so the form "
            "never reveals who has an account. False (local development): register returns "
            "tokens at once (201) and an existing address gets 409 EmailTaken, which does "
            "reveal that the address is registered."
        ),
    )
    otp_ttl_minutes: int = 10
    otp_max_attempts: int = 5
    otp_window_seconds: int = 900
    otp_requests_per_account: int = 5
    otp_requests_per_ip: int = 30
    otp_verifications_per_account: int = 10
    otp_verifications_per_ip: int = 30
    invitation_days: int = 7

    # API keys and two-factor authentication
    api_key_cache_seconds: int = 60
    totp_issuer: str = "fluxos"
    totp_attempts_per_user: int = 5
    totp_attempts_per_ip: int = 20
    totp_window_seconds: int = 300

    # Google OAuth (issuer configurable so tests use a local OIDC provider)
    google_client_id: str = ""
    google_client_secret: SecretStr = SecretStr("")
    google_issuer: str = "https://accounts.google.com"

    # Platform services' credentials: "tentacle=flxs_...,mimic=flxs_..." (registered by the seed)
    service_credentials: SecretStr = SecretStr("")

    # First admin seeded by the launcher
    seed_admin_email: str = "admin@fluxos.local"
    seed_admin_password: SecretStr = SecretStr("")
    seed_organization_name: str = "My organization"

    def service_credential_tokens(self) -> dict[str, str]:
        """``service_credentials`` parsed into {service name: token}."""
        pairs: dict[str, str] = {}
        for entry in self.service_credentials.get_secret_value().split(","):
            name, sep, token = entry.strip().partition("=")
            if sep and name.strip() and token.strip():
                pairs[name.strip()] = token.strip()
        return pairs

    def secret_field_names(self) -> list[str]:
        names = ["keyring"]
        if self.jwt_algorithm == "HS256":
            names.append("jwt_hs256_secret")
        return names


@lru_cache
def get_settings() -> InkPassSettings:
    return InkPassSettings()
