"""``/api/v1/orgs``: organizations, their members and invitations."""

from __future__ import annotations

import uuid

from fastapi import Request, Response

from fluxkit.app import flux_router
from fluxkit.auth.deps import RequireScope
from fluxkit.auth.principal import Principal
from fluxkit.db import SessionDep
from inkpass.notify import messages, notifier_from, send_after_commit
from inkpass.orgs import invitations, members, schemas, service
from inkpass.settings import InkPassSettings
from inkpass.users.models import User
from inkpass.users.service import current_user

router = flux_router("/api/v1/orgs", tags=["organizations"])

Reader = RequireScope("orgs:read")
Writer = RequireScope("orgs:write")


def _settings(request: Request) -> InkPassSettings:
    settings: InkPassSettings = request.app.state.settings
    return settings


@router.post("", status_code=201, response_model=schemas.Organization)
async def create_organization(
    data: schemas.OrganizationCreate,
    request: Request,
    session: SessionDep,
    principal: Principal = Writer,
) -> schemas.Organization:
    """Create an organization; the caller becomes its owner."""
    user = await current_user(session, principal)
    organization, membership = await service.create_organization(
        session, name=data.name, owner=user, request=request
    )
    return service.to_schema(organization, membership.role)


@router.get("", response_model=list[schemas.Organization])
async def list_organizations(
    session: SessionDep, principal: Principal = Reader
) -> list[schemas.Organization]:
    """List the organizations the caller belongs to, with the caller's role in each."""
    return await service.list_my_organizations(session, principal)


@router.post("/invitations/accept", response_model=schemas.Organization)
async def accept_invitation(
    data: schemas.InvitationAccept,
    request: Request,
    session: SessionDep,
    principal: Principal = Writer,
) -> schemas.Organization:
    """Join an organization with the token from an invitation sent to the caller's address."""
    user = await current_user(session, principal)
    organization, membership = await invitations.accept_invitation(
        session, user=user, token=data.token, request=request
    )
    return service.to_schema(organization, membership.role)


@router.get("/{organization_id}", response_model=schemas.Organization)
async def get_organization(
    organization_id: uuid.UUID, session: SessionDep, principal: Principal = Reader
) -> schemas.Organization:
    """Read one of the caller's organizations."""
    organization, membership = await service.access(session, principal, organization_id)
    return service.to_schema(organization, membership.role)


@router.patch("/{organization_id}", response_model=schemas.Organization)
async def update_organization(
    organization_id: uuid.UUID,
    data: schemas.OrganizationUpdate,
    request: Request,
    session: SessionDep,
    principal: Principal = Writer,
) -> schemas.Organization:
    """Rename an organization (admins and owners)."""
    organization, membership = await service.access(session, principal, organization_id, "admin")
    await service.update_organization(
        session, organization, data, actor_id=membership.user_id, request=request
    )
    return service.to_schema(organization, membership.role)


@router.delete("/{organization_id}", status_code=204)
async def delete_organization(
    organization_id: uuid.UUID, request: Request, session: SessionDep, principal: Principal = Writer
) -> Response:
    """Delete an organization with its memberships and invitations (owners only)."""
    organization, membership = await service.access(session, principal, organization_id, "owner")
    await service.delete_organization(
        session, organization, actor_id=membership.user_id, request=request
    )
    return Response(status_code=204)


@router.get("/{organization_id}/members", response_model=list[schemas.Member])
async def list_members(
    organization_id: uuid.UUID, session: SessionDep, principal: Principal = Reader
) -> list[schemas.Member]:
    """List an organization's members and their roles."""
    await service.access(session, principal, organization_id)
    return await members.list_members(session, organization_id)


@router.post("/{organization_id}/members", status_code=201, response_model=schemas.MemberAdded)
async def add_member(
    organization_id: uuid.UUID,
    data: schemas.MemberCreate,
    request: Request,
    session: SessionDep,
    principal: Principal = Writer,
) -> schemas.MemberAdded:
    """Add a user by email (admins and owners); an address with no account gets an invitation."""
    organization, actor = await service.access(session, principal, organization_id, "admin")
    settings = _settings(request)
    result, added_user, token = await members.add_member(
        session,
        organization=organization,
        actor=actor,
        data=data,
        invitation_days=settings.invitation_days,
        request=request,
    )
    inviter_user = await session.get(User, actor.user_id)
    inviter = (inviter_user.display_name or inviter_user.email) if inviter_user else "Someone"
    notifier = notifier_from(request)
    if added_user is not None:
        email = messages.member_added(
            organization=organization.name, inviter=inviter, role=data.role
        )
        send_after_commit(session, notifier, added_user.email, email)
    elif token is not None:
        email = messages.invitation(
            organization=organization.name,
            inviter=inviter,
            role=data.role,
            token=token,
            base_url=settings.public_base_url,
            days=settings.invitation_days,
        )
        send_after_commit(session, notifier, data.email, email)
    return result


@router.patch("/{organization_id}/members/{user_id}", response_model=schemas.Member)
async def change_member_role(
    organization_id: uuid.UUID,
    user_id: uuid.UUID,
    data: schemas.MemberUpdate,
    request: Request,
    session: SessionDep,
    principal: Principal = Writer,
) -> schemas.Member:
    """Change a member's role (admins; only owners grant or remove the owner role)."""
    organization, actor = await service.access(
        session, principal, organization_id, "admin", lock=True
    )
    return await members.change_role(
        session,
        organization=organization,
        actor=actor,
        user_id=user_id,
        role=data.role,
        request=request,
    )


@router.delete("/{organization_id}/members/{user_id}", status_code=204)
async def remove_member(
    organization_id: uuid.UUID,
    user_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Principal = Writer,
) -> Response:
    """Remove a member (admins), or leave when it is the caller; the last owner stays."""
    organization, actor = await service.access(session, principal, organization_id, lock=True)
    await members.remove_member(
        session, organization=organization, actor=actor, user_id=user_id, request=request
    )
    return Response(status_code=204)


@router.get("/{organization_id}/invitations", response_model=list[schemas.Invitation])
async def list_invitations(
    organization_id: uuid.UUID, session: SessionDep, principal: Principal = Reader
) -> list[schemas.Invitation]:
    """List pending invitations (admins and owners)."""
    await service.access(session, principal, organization_id, "admin")
    return await invitations.list_invitations(session, organization_id)


@router.delete("/{organization_id}/invitations/{invitation_id}", status_code=204)
async def revoke_invitation(
    organization_id: uuid.UUID,
    invitation_id: uuid.UUID,
    request: Request,
    session: SessionDep,
    principal: Principal = Writer,
) -> Response:
    """Withdraw a pending invitation (admins and owners)."""
    _, actor = await service.access(session, principal, organization_id, "admin")
    await invitations.revoke_invitation(
        session,
        organization_id=organization_id,
        invitation_id=invitation_id,
        actor_id=actor.user_id,
        request=request,
    )
    return Response(status_code=204)
