from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class TotpSetup(BaseModel):
    """A pending enrolment: add it to an authenticator app, then confirm with a code."""

    secret: str = Field(description="Base32 secret, for manual entry.")
    otpauth_uri: str
    qr_code: str = Field(description="The otpauth URI as an SVG QR code (a data: URI).")
    issuer: str
    account: str


class TotpEnable(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1, max_length=32)
    password: str = Field(min_length=1, max_length=1024)


class TotpReauthenticate(BaseModel):
    """Password plus a current code (or an unused backup code)."""

    model_config = ConfigDict(extra="forbid")

    password: str = Field(min_length=1, max_length=1024)
    code: str = Field(min_length=1, max_length=32)


class BackupCodes(BaseModel):
    backup_codes: list[str] = Field(description="Shown only in this response; each works once.")


class TotpEnabled(BackupCodes):
    enabled: bool = True


class TwoFactorStatus(BaseModel):
    enabled: bool
    pending: bool = Field(description="Setup started but not yet confirmed.")
    backup_codes_remaining: int


class TotpLogin(BaseModel):
    model_config = ConfigDict(extra="forbid")

    mfa_token: str = Field(min_length=1, max_length=512)
    code: str = Field(min_length=1, max_length=32)
