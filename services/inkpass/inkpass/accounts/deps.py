"""Injectable pieces the account endpoints share: settings, notifier, code rate limits."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from inkpass.notify import Notifier, notifier_from
from inkpass.otp.limits import OtpLimits
from inkpass.settings import InkPassSettings


def get_settings_from_app(request: Request) -> InkPassSettings:
    settings: InkPassSettings = request.app.state.settings
    return settings


def get_notifier(request: Request) -> Notifier:
    return notifier_from(request)


def get_otp_limits(request: Request) -> OtpLimits:
    return OtpLimits(request.app.state.redis, request.app.state.settings)


SettingsDep = Annotated[InkPassSettings, Depends(get_settings_from_app)]
NotifierDep = Annotated[Notifier, Depends(get_notifier)]
OtpLimitsDep = Annotated[OtpLimits, Depends(get_otp_limits)]
