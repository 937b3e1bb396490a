"""Goal and plan templates: sandboxed, lenient about missing fields, checked on save."""

from __future__ import annotations

import pytest

from tentacle.triggers.templates import (
    InvalidTemplate,
    TemplateRenderError,
    check_plan_templates,
    check_template,
    render,
    render_plan,
)

CONTEXT = {
    "event": {"type": "github.issues.opened", "data": {"issue": {"title": "Crash", "number": 7}}},
    "trigger": {"id": "t", "name": "issues"},
    "now": "2026-11-21T09:00:00+00:00",
}


def test_goal_reads_event_fields() -> None:
    goal = "Triage issue #{{ event.data.issue.number }}: {{ event.data.issue.title | upper }}"
    assert render(goal, CONTEXT) == "Triage issue #7: CRASH"


def test_missing_fields_render_empty_or_their_default() -> None:
    assert render("[{{ event.data.pull_request.title }}]", CONTEXT) == "[]"
    assert render("{{ event.data.nope.deeper | default('none') }}", CONTEXT) == "none"


def test_sandbox_refuses_internals() -> None:
    with pytest.raises(TemplateRenderError):
        render("{{ event.__class__.__mro__[1].__subclasses__() }}", CONTEXT)
    # An unsafe attribute is undefined: it renders as nothing, never as the object.
    assert render("[{{ ''.__class__.__mro__ }}]", CONTEXT) == "[]"


def test_templates_are_checked_on_save() -> None:
    check_template("Hello {{ event.data.user }}", "goal_template")
    with pytest.raises(InvalidTemplate) as bad_syntax:
        check_template("Hello {{ event.data.user ", "goal_template")
    assert "goal_template" in str(bad_syntax.value)
    with pytest.raises(InvalidTemplate) as unknown:
        check_template("{{ secrets.token }}", "goal_template")
    assert "secrets" in str(unknown.value)


def test_plan_inputs_render_and_keep_step_references() -> None:
    plan = {
        "summary": "s",
        "steps": [
            {
                "id": "a",
                "agent_type": "noop",
                "inputs": {"value": "#{{ event.data.issue.number }}"},
            },
            {
                "id": "b",
                "agent_type": "noop",
                "inputs": {
                    "value": "{{steps.a.outputs.echo}}",
                    "nested": ["{{ trigger.name }}", 3],
                },
                "depends_on": ["a"],
            },
        ],
    }
    check_plan_templates(plan)
    rendered = render_plan(plan, CONTEXT)
    assert rendered["steps"][0]["inputs"] == {"value": "#7"}
    assert rendered["steps"][1]["inputs"] == {
        "value": "{{steps.a.outputs.echo}}",
        "nested": ["issues", 3],
    }
    with pytest.raises(InvalidTemplate):
        check_plan_templates(
            {"steps": [{"id": "a", "agent_type": "noop", "inputs": {"v": "{{ os.environ }}"}}]}
        )
