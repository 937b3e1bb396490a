"""Templates with versions, system templates, and previews."""

from __future__ import annotations

import uuid

from fastapi import Response

from fluxkit.app import flux_router
from fluxkit.db import SessionDep
from mimic.auth import TemplatesRead, TemplatesWrite
from mimic.templates import rendering, service
from mimic.templates.schemas import (
    DraftPreviewRequest,
    RenderedTemplate,
    TemplateCreate,
    TemplatePreviewRequest,
    TemplateRead,
    TemplateSummary,
    TemplateUpdate,
    TemplateVersionCreate,
    TemplateVersionRead,
)

router = flux_router("/api/v1/templates", tags=["templates"])


def _rendered(result: rendering.Rendered) -> RenderedTemplate:
    return RenderedTemplate(
        subject=result.subject, text_body=result.text_body, html_body=result.html_body
    )


@router.get("")
async def list_templates(
    caller: TemplatesRead, session: SessionDep, include_system: bool = True
) -> list[TemplateSummary]:
    """The organization's templates, then the system templates."""
    return await service.list_templates(
        session, caller.organization_id, include_system=include_system
    )


@router.post("", status_code=201)
async def create_template(
    payload: TemplateCreate, caller: TemplatesWrite, session: SessionDep
) -> TemplateRead:
    """Create a template (its first version)."""
    return await service.create_template(session, caller.organization_id, payload, caller.actor)


@router.post("/preview")
async def preview_draft(payload: DraftPreviewRequest, caller: TemplatesRead) -> RenderedTemplate:
    """Render unsaved template content with sample variables."""
    source = rendering.TemplateSource(
        subject=payload.subject,
        text_body=payload.text_body,
        html_body=payload.html_body,
        variables=payload.variables,
    )
    rendering.check_source(source)
    return _rendered(rendering.render(source, payload.sample_variables))


@router.get("/{template_id}")
async def get_template(
    template_id: uuid.UUID, caller: TemplatesRead, session: SessionDep
) -> TemplateRead:
    """A template with its current content."""
    return await service.get_template(session, caller.organization_id, template_id)


@router.patch("/{template_id}")
async def update_template(
    template_id: uuid.UUID, payload: TemplateUpdate, caller: TemplatesWrite, session: SessionDep
) -> TemplateRead:
    """Rename or describe a template (content changes are new versions)."""
    return await service.update_template(session, caller.organization_id, template_id, payload)


@router.delete("/{template_id}", status_code=204)
async def delete_template(
    template_id: uuid.UUID, caller: TemplatesWrite, session: SessionDep
) -> Response:
    """Delete a template and its versions."""
    await service.delete_template(session, caller.organization_id, template_id)
    return Response(status_code=204)


@router.get("/{template_id}/versions")
async def list_versions(
    template_id: uuid.UUID, caller: TemplatesRead, session: SessionDep
) -> list[TemplateVersionRead]:
    """Every version of a template, newest first."""
    return await service.list_versions(session, caller.organization_id, template_id)


@router.post("/{template_id}/versions", status_code=201)
async def add_version(
    template_id: uuid.UUID,
    payload: TemplateVersionCreate,
    caller: TemplatesWrite,
    session: SessionDep,
) -> TemplateRead:
    """Save new content as the next version (it becomes the current one)."""
    return await service.add_version(
        session, caller.organization_id, template_id, payload, caller.actor
    )


@router.get("/{template_id}/versions/{version}")
async def get_version(
    template_id: uuid.UUID, version: int, caller: TemplatesRead, session: SessionDep
) -> TemplateVersionRead:
    """One version of a template."""
    return await service.get_version(session, caller.organization_id, template_id, version)


@router.post("/{template_id}/preview")
async def preview_template(
    template_id: uuid.UUID,
    payload: TemplatePreviewRequest,
    caller: TemplatesRead,
    session: SessionDep,
) -> RenderedTemplate:
    """Render a template (current or given version) with variables, as it would be sent."""
    source = await service.source_by_id(
        session, caller.organization_id, template_id, payload.version
    )
    return _rendered(rendering.render(source, payload.variables))
