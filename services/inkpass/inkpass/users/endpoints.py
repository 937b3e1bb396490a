"""``/api/v1/users/me``: the caller's profile, organizations and email address."""

from __future__ import annotations

from fastapi import Request

from fluxkit.app import flux_router
from fluxkit.auth.deps import RequireScope
from fluxkit.auth.principal import Principal
from fluxkit.db import SessionDep
from inkpass.accounts.deps import NotifierDep, OtpLimitsDep, SettingsDep
from inkpass.users import email_change, schemas, service

router = flux_router("/api/v1/users", tags=["users"])

Reader = RequireScope("users:read")
Writer = RequireScope("users:write")


@router.get("/me", response_model=schemas.User)
async def read_me(session: SessionDep, principal: Principal = Reader) -> schemas.User:
    """The signed-in user's profile."""
    return service.to_schema(await service.current_user(session, principal))


@router.patch("/me", response_model=schemas.User)
async def update_me(
    data: schemas.UserUpdate, request: Request, session: SessionDep, principal: Principal = Writer
) -> schemas.User:
    """Change the signed-in user's display name."""
    user = await service.current_user(session, principal)
    await service.update_profile(session, user, data, request=request)
    return service.to_schema(user)


@router.get("/me/organizations", response_model=list[schemas.MyOrganization])
async def my_organizations(
    session: SessionDep, principal: Principal = Reader
) -> list[schemas.MyOrganization]:
    """The organizations the signed-in user belongs to, with their role in each."""
    user = await service.current_user(session, principal)
    return await service.my_organizations(session, user.id)


@router.post("/me/email", status_code=202, response_model=schemas.Accepted)
async def request_email_change(
    data: schemas.EmailChangeRequest,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    limits: OtpLimitsDep,
    notifier: NotifierDep,
    principal: Principal = Writer,
) -> schemas.Accepted:
    """Ask to change the email address (current password needed); a code goes to the new one."""
    user = await service.current_user(session, principal)
    await email_change.request_email_change(
        session,
        user=user,
        new_email=data.new_email,
        password=data.password,
        settings=settings,
        limits=limits,
        notifier=notifier,
        request=request,
    )
    return schemas.Accepted(status="verification_sent")


@router.post("/me/email/confirm", response_model=schemas.User)
async def confirm_email_change(
    data: schemas.CodeConfirm,
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    limits: OtpLimitsDep,
    notifier: NotifierDep,
    principal: Principal = Writer,
) -> schemas.User:
    """Confirm the new email address with the code sent to it."""
    user = await service.current_user(session, principal)
    await email_change.confirm_email_change(
        session,
        user=user,
        code=data.code,
        settings=settings,
        limits=limits,
        notifier=notifier,
        request=request,
    )
    return service.to_schema(user)
