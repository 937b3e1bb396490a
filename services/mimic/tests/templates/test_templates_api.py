"""Templates: versions, previews, sandboxed Jinja2 with HTML autoescape, declared variables."""

from __future__ import annotations

import uuid

from httpx import AsyncClient
from mimic_test_fakes.helpers import Tokens

from mimic.templates.system import SYSTEM_TEMPLATES

WELCOME = {
    "key": "welcome",
    "name": "Welcome",
    "subject": "Welcome, {{ name }}",
    "text_body": "Hi {{ name }}, your plan is {{ plan }}.",
    "html_body": "<p>Hi {{ name }}, your plan is <b>{{ plan }}</b>.</p>",
    "variables": {"name": {"type": "string"}, "plan": {"type": "string", "required": False}},
}


async def _create(client: AsyncClient, headers: dict[str, str], **changes: object) -> dict:
    response = await client.post("/api/v1/templates", headers=headers, json={**WELCOME, **changes})
    assert response.status_code == 201, response.text
    return response.json()


async def test_create_read_version_and_list(client: AsyncClient, owner: dict[str, str]) -> None:
    created = await _create(client, owner)
    assert created["current_version"] == 1
    assert created["content"]["subject"] == "Welcome, {{ name }}"

    second = await client.post(
        f"/api/v1/templates/{created['id']}/versions",
        headers=owner,
        json={
            **{k: WELCOME[k] for k in ("text_body", "html_body", "variables")},
            "subject": "Hello {{ name }}",
        },
    )
    assert second.status_code == 201
    assert second.json()["current_version"] == 2
    versions = await client.get(f"/api/v1/templates/{created['id']}/versions", headers=owner)
    assert [v["version"] for v in versions.json()] == [2, 1]
    first = await client.get(f"/api/v1/templates/{created['id']}/versions/1", headers=owner)
    assert first.json()["subject"] == "Welcome, {{ name }}"

    renamed = await client.patch(
        f"/api/v1/templates/{created['id']}", headers=owner, json={"name": "Welcome email"}
    )
    assert renamed.json()["name"] == "Welcome email"
    assert renamed.json()["current_version"] == 2

    listed = (await client.get("/api/v1/templates", headers=owner)).json()
    assert listed[0]["key"] == "welcome"
    assert {item["key"] for item in listed if item["system"]} == set(SYSTEM_TEMPLATES)

    duplicate = await client.post("/api/v1/templates", headers=owner, json=WELCOME)
    assert duplicate.status_code == 409

    assert (
        await client.delete(f"/api/v1/templates/{created['id']}", headers=owner)
    ).status_code == 204
    assert (
        await client.get(f"/api/v1/templates/{created['id']}", headers=owner)
    ).status_code == 404


async def test_preview_escapes_html_but_not_text(
    client: AsyncClient, owner: dict[str, str]
) -> None:
    created = await _create(client, owner)
    response = await client.post(
        f"/api/v1/templates/{created['id']}/preview",
        headers=owner,
        json={"variables": {"name": "<script>alert('x')</script>", "plan": "Pro & Co"}},
    )
    assert response.status_code == 200, response.text
    rendered = response.json()
    assert "<script>" not in rendered["html_body"]
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in rendered["html_body"]
    assert "<b>Pro &amp; Co</b>" in rendered["html_body"]
    assert rendered["text_body"] == "Hi <script>alert('x')</script>, your plan is Pro & Co."


async def test_a_script_variable_is_inert_in_the_sent_email(
    client: AsyncClient, owner: dict[str, str]
) -> None:
    await _create(client, owner)
    response = await client.post(
        "/api/v1/notifications",
        headers=owner,
        json={
            "to": ["a@example.com"],
            "template": "welcome",
            "variables": {"name": '<img src=x onerror="alert(1)">'},
        },
    )
    assert response.status_code == 202, response.text
    html = response.json()["html"]
    assert "<img" not in html and "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;" in html
    assert response.json()["template"] == "welcome"
    assert response.json()["template_version"] == 1


async def test_templates_cannot_reach_python_internals(
    client: AsyncClient, owner: dict[str, str]
) -> None:
    attacks = [
        "{{ name.__class__.__mro__[1].__subclasses__() }}",
        "{{ name.__init__.__globals__ }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ ''.__class__.__base__.__subclasses__() }}",
    ]
    for index, attack in enumerate(attacks):
        created = await _create(client, owner, key=f"attack-{index}", text_body=attack)
        preview = await client.post(
            f"/api/v1/templates/{created['id']}/preview",
            headers=owner,
            json={"variables": {"name": "x"}},
        )
        assert preview.status_code == 422, preview.text
        assert preview.json()["error"] == "TemplateRenderFailed"
        assert "unsafe" in preview.json()["detail"]
        send = await client.post(
            "/api/v1/notifications",
            headers=owner,
            json={
                "to": ["a@example.com"],
                "template": f"attack-{index}",
                "variables": {"name": "x"},
            },
        )
        assert send.status_code == 422


async def test_declared_variables_are_checked(client: AsyncClient, owner: dict[str, str]) -> None:
    undeclared = await client.post(
        "/api/v1/templates",
        headers=owner,
        json={**WELCOME, "key": "oops", "text_body": "{{ name }} {{ secret_thing }}"},
    )
    assert undeclared.status_code == 422
    assert "secret_thing" in undeclared.json()["detail"]
    broken = await client.post(
        "/api/v1/templates", headers=owner, json={**WELCOME, "key": "broken", "subject": "{{ name"}
    )
    assert broken.status_code == 422
    assert broken.json()["error"] == "TemplateInvalid"

    await _create(client, owner)
    missing = await client.post(
        "/api/v1/notifications",
        headers=owner,
        json={"to": ["a@example.com"], "template": "welcome", "variables": {"plan": "Pro"}},
    )
    assert missing.status_code == 422
    assert missing.json()["error"] == "TemplateVariablesInvalid"
    assert "name is required" in missing.json()["detail"]
    unknown = await client.post(
        "/api/v1/notifications",
        headers=owner,
        json={"to": ["a@example.com"], "template": "welcome", "variables": {"name": "A", "x": 1}},
    )
    assert unknown.status_code == 422
    assert "unknown variables: x" in unknown.json()["detail"]
    wrong_type = await client.post(
        "/api/v1/notifications",
        headers=owner,
        json={"to": ["a@example.com"], "template": "welcome", "variables": {"name": 42}},
    )
    assert "name must be a string" in wrong_type.json()["detail"]


async def test_system_templates_render_and_are_read_only(
    client: AsyncClient, owner: dict[str, str]
) -> None:
    checkpoint = SYSTEM_TEMPLATES["checkpoint-awaiting-approval"]
    response = await client.post(
        f"/api/v1/templates/{checkpoint.id}/preview",
        headers=owner,
        json={
            "variables": {
                "task_title": "Pay invoice #12",
                "summary": "Send $1,200 to ACME Corp.",
                "approve_url": "https://fluxos.local/c/1/approve?token=a&b=1",
                "reject_url": "https://fluxos.local/c/1/reject?token=a",
            }
        },
    )
    assert response.status_code == 200, response.text
    rendered = response.json()
    assert rendered["subject"] == "Approval needed: Pay invoice #12"
    assert 'href="https://fluxos.local/c/1/approve?token=a&amp;b=1"' in rendered["html_body"]
    assert "Reject: https://fluxos.local/c/1/reject?token=a" in rendered["text_body"]

    script_link = await client.post(
        f"/api/v1/templates/{checkpoint.id}/preview",
        headers=owner,
        json={
            "variables": {
                "task_title": "t",
                "summary": "s",
                "approve_url": "javascript:alert(1)",
                "reject_url": "https://fluxos.local/no",
            }
        },
    )
    assert script_link.status_code == 422
    assert "approve_url must be an http(s) URL" in script_link.json()["detail"]

    edit = await client.patch(
        f"/api/v1/templates/{checkpoint.id}", headers=owner, json={"name": "x"}
    )
    assert edit.status_code == 403
    assert (
        await client.delete(f"/api/v1/templates/{checkpoint.id}", headers=owner)
    ).status_code == 403


async def test_every_system_template_renders_with_its_required_variables(
    client: AsyncClient, owner: dict[str, str]
) -> None:
    samples = {
        "string": "sample",
        "url": "https://fluxos.local/x",
        "integer": 10,
        "email": "someone@example.com",
    }
    for template in SYSTEM_TEMPLATES.values():
        variables = {
            name: samples[spec.type]
            for name, spec in template.source.variables.items()
            if spec.required
        }
        response = await client.post(
            f"/api/v1/templates/{template.id}/preview", headers=owner, json={"variables": variables}
        )
        assert response.status_code == 200, (template.key, response.text)
        assert response.json()["subject"] and response.json()["html_body"]


async def test_an_organization_template_overrides_a_system_key(
    client: AsyncClient, owner: dict[str, str]
) -> None:
    await _create(
        client,
        owner,
        key="task-completed",
        subject="Finished: {{ task_title }}",
        text_body="{{ task_title }} is done.",
        html_body=None,
        variables={"task_title": {"type": "string"}},
    )
    response = await client.post(
        "/api/v1/notifications",
        headers=owner,
        json={
            "to": ["a@example.com"],
            "template": "task-completed",
            "variables": {"task_title": "Q3"},
        },
    )
    assert response.json()["subject"] == "Finished: Q3"
    listed = (await client.get("/api/v1/templates?include_system=false", headers=owner)).json()
    assert listed[0]["overrides_system"] is True


async def test_draft_preview_and_permissions(
    client: AsyncClient, org: uuid.UUID, tokens: Tokens
) -> None:
    viewer = tokens.headers(org, "viewer")
    draft = await client.post(
        "/api/v1/templates/preview",
        headers=viewer,
        json={
            "subject": "Hi {{ who }}",
            "text_body": "{% for item in items %}- {{ item }}\n{% endfor %}",
            "variables": {"who": {}, "items": {"type": "list"}},
            "sample_variables": {"who": "Bob", "items": ["a", "b"]},
        },
    )
    assert draft.status_code == 200, draft.text
    assert draft.json()["text_body"] == "- a\n- b\n"
    denied = await client.post("/api/v1/templates", headers=viewer, json=WELCOME)
    assert denied.status_code == 403
    other = tokens.headers(uuid.uuid4(), "owner")
    created = await _create(client, tokens.headers(org, "admin"))
    assert (
        await client.get(f"/api/v1/templates/{created['id']}", headers=other)
    ).status_code == 404
