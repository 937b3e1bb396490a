"""Templates: organization templates with versions, plus the read-only system templates."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.errors import Conflict, Forbidden, NotFound
from mimic.templates.models import Template, TemplateVersion
from mimic.templates.rendering import TemplateSource, VariableSpec, check_source
from mimic.templates.schemas import (
    TemplateContent,
    TemplateCreate,
    TemplateRead,
    TemplateSummary,
    TemplateUpdate,
    TemplateVersionRead,
)
from mimic.templates.system import SYSTEM_BY_ID, SYSTEM_TEMPLATES, SystemTemplate


class TemplateNotFound(NotFound):
    pass


class SystemTemplateReadOnly(Forbidden):
    pass


class TemplateKeyTaken(Conflict):
    pass


def _source(content: TemplateContent) -> TemplateSource:
    return TemplateSource(
        subject=content.subject,
        text_body=content.text_body,
        html_body=content.html_body,
        variables=content.variables,
    )


def _version_source(version: TemplateVersion) -> TemplateSource:
    return TemplateSource(
        subject=version.subject,
        text_body=version.text_body,
        html_body=version.html_body,
        variables={name: VariableSpec(**spec) for name, spec in version.variables.items()},
    )


def _version_read(version: TemplateVersion) -> TemplateVersionRead:
    source = _version_source(version)
    return TemplateVersionRead(
        version=version.version,
        subject=source.subject,
        text_body=source.text_body,
        html_body=source.html_body,
        variables=dict(source.variables),
        created_by=version.created_by,
        created_at=version.created_at,
    )


def _system_read(template: SystemTemplate) -> TemplateRead:
    source = template.source
    return TemplateRead(
        id=template.id,
        key=template.key,
        name=template.name,
        description=template.description,
        channel="email",
        system=True,
        current_version=1,
        content=TemplateVersionRead(
            version=1,
            subject=source.subject,
            text_body=source.text_body,
            html_body=source.html_body,
            variables=dict(source.variables),
        ),
    )


def _read(template: Template, version: TemplateVersion) -> TemplateRead:
    return TemplateRead(
        id=template.id,
        key=template.key,
        name=template.name,
        description=template.description,
        channel=template.channel,
        system=False,
        current_version=template.current_version,
        content=_version_read(version),
        created_at=template.created_at,
        updated_at=template.updated_at,
    )


def _new_version(
    template: Template, number: int, content: TemplateContent, actor: str
) -> TemplateVersion:
    return TemplateVersion(
        template_id=template.id,
        organization_id=template.organization_id,
        version=number,
        subject=content.subject,
        text_body=content.text_body,
        html_body=content.html_body,
        variables={name: spec.model_dump() for name, spec in content.variables.items()},
        created_by=actor,
    )


async def _get(
    session: AsyncSession, organization_id: uuid.UUID, template_id: uuid.UUID
) -> Template:
    template = await session.scalar(
        select(Template).where(
            Template.id == template_id, Template.organization_id == organization_id
        )
    )
    if template is None:
        if template_id in SYSTEM_BY_ID:
            raise SystemTemplateReadOnly(
                "system templates cannot be changed; create your own "
                "template with the same key to override one"
            )
        raise TemplateNotFound("template not found")
    return template


async def _version(
    session: AsyncSession, template: Template, number: int | None
) -> TemplateVersion:
    version = await session.scalar(
        select(TemplateVersion).where(
            TemplateVersion.template_id == template.id,
            TemplateVersion.version == (number or template.current_version),
        )
    )
    if version is None:
        raise TemplateNotFound(f"template {template.key!r} has no version {number}")
    return version


async def create_template(
    session: AsyncSession, organization_id: uuid.UUID, payload: TemplateCreate, actor: str
) -> TemplateRead:
    check_source(_source(payload))
    template = Template(
        id=uuid.uuid4(),
        organization_id=organization_id,
        key=payload.key,
        name=payload.name,
        description=payload.description,
        channel="email",
        current_version=1,
    )
    try:
        async with session.begin_nested():
            session.add(template)
            await session.flush()
    except IntegrityError as exc:
        raise TemplateKeyTaken(f"a template with the key {payload.key!r} exists already") from exc
    version = _new_version(template, 1, payload, actor)
    session.add(version)
    await session.flush()
    return _read(template, version)


async def list_templates(
    session: AsyncSession, organization_id: uuid.UUID, *, include_system: bool
) -> list[TemplateSummary]:
    rows = await session.scalars(
        select(Template).where(Template.organization_id == organization_id).order_by(Template.key)
    )
    own = [
        TemplateSummary(
            id=row.id,
            key=row.key,
            name=row.name,
            description=row.description,
            system=False,
            current_version=row.current_version,
            overrides_system=row.key in SYSTEM_TEMPLATES,
        )
        for row in rows
    ]
    if not include_system:
        return own
    system = [
        TemplateSummary(
            id=template.id,
            key=template.key,
            name=template.name,
            description=template.description,
            system=True,
            current_version=1,
        )
        for template in SYSTEM_TEMPLATES.values()
    ]
    return own + sorted(system, key=lambda summary: summary.key)


async def get_template(
    session: AsyncSession, organization_id: uuid.UUID, template_id: uuid.UUID
) -> TemplateRead:
    if template_id in SYSTEM_BY_ID:
        return _system_read(SYSTEM_BY_ID[template_id])
    template = await _get(session, organization_id, template_id)
    return _read(template, await _version(session, template, None))


async def update_template(
    session: AsyncSession,
    organization_id: uuid.UUID,
    template_id: uuid.UUID,
    payload: TemplateUpdate,
) -> TemplateRead:
    template = await _get(session, organization_id, template_id)
    if payload.name is not None:
        template.name = payload.name
    if "description" in payload.model_fields_set:
        template.description = payload.description
    await session.flush()
    return _read(template, await _version(session, template, None))


async def delete_template(
    session: AsyncSession, organization_id: uuid.UUID, template_id: uuid.UUID
) -> None:
    template = await _get(session, organization_id, template_id)
    await session.delete(template)
    await session.flush()


async def add_version(
    session: AsyncSession,
    organization_id: uuid.UUID,
    template_id: uuid.UUID,
    content: TemplateContent,
    actor: str,
) -> TemplateRead:
    check_source(_source(content))
    template = await session.scalar(
        select(Template)
        .where(Template.id == template_id, Template.organization_id == organization_id)
        .with_for_update()
    )
    if template is None:
        await _get(session, organization_id, template_id)  # raises the right error
        raise TemplateNotFound("template not found")
    latest = await session.scalar(
        select(func.max(TemplateVersion.version)).where(TemplateVersion.template_id == template.id)
    )
    version = _new_version(template, (latest or 0) + 1, content, actor)
    session.add(version)
    template.current_version = version.version
    await session.flush()
    return _read(template, version)


async def list_versions(
    session: AsyncSession, organization_id: uuid.UUID, template_id: uuid.UUID
) -> list[TemplateVersionRead]:
    if template_id in SYSTEM_BY_ID:
        return [_system_read(SYSTEM_BY_ID[template_id]).content]
    template = await _get(session, organization_id, template_id)
    rows = await session.scalars(
        select(TemplateVersion)
        .where(TemplateVersion.template_id == template.id)
        .order_by(TemplateVersion.version.desc())
    )
    return [_version_read(row) for row in rows]


async def get_version(
    session: AsyncSession, organization_id: uuid.UUID, template_id: uuid.UUID, number: int
) -> TemplateVersionRead:
    if template_id in SYSTEM_BY_ID:
        if number != 1:
            raise TemplateNotFound("system templates have one version")
        return _system_read(SYSTEM_BY_ID[template_id]).content
    template = await _get(session, organization_id, template_id)
    return _version_read(await _version(session, template, number))


async def source_by_id(
    session: AsyncSession, organization_id: uuid.UUID, template_id: uuid.UUID, version: int | None
) -> TemplateSource:
    if template_id in SYSTEM_BY_ID:
        if version not in (None, 1):
            raise TemplateNotFound("system templates have one version")
        return SYSTEM_BY_ID[template_id].source
    template = await _get(session, organization_id, template_id)
    return _version_source(await _version(session, template, version))


@dataclass(frozen=True)
class ResolvedTemplate:
    key: str
    version: int
    source: TemplateSource


async def resolve_for_send(
    session: AsyncSession, organization_id: uuid.UUID, key: str, version: int | None
) -> ResolvedTemplate:
    """The organization's template with this key, else the system template."""
    template = await session.scalar(
        select(Template).where(Template.organization_id == organization_id, Template.key == key)
    )
    if template is not None:
        row = await _version(session, template, version)
        return ResolvedTemplate(key, row.version, _version_source(row))
    system = SYSTEM_TEMPLATES.get(key)
    if system is None:
        raise TemplateNotFound(f"no template with the key {key!r}")
    if version not in (None, 1):
        raise TemplateNotFound("system templates have one version")
    return ResolvedTemplate(key, 1, system.source)
