"""Plan validation against the agent registry: what the planner is told when it gets it wrong."""

from __future__ import annotations

from typing import Any

import pytest

from tentacle.agents import AgentSpec, load_agent_specs
from tentacle.planner import plan_schema, validate_plan


@pytest.fixture(scope="module")
def agents() -> dict[str, AgentSpec]:
    return {spec.type: spec for spec in load_agent_specs()}


def step(key: str, agent_type: str, inputs: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"id": key, "agent_type": agent_type, "inputs": inputs, "depends_on": [], **extra}


def test_valid_plan_is_accepted_and_references_become_dependencies(
    agents: dict[str, AgentSpec],
) -> None:
    plan = {
        "summary": "summarize then compose",
        "steps": [
            step("digest", "summarize", {"text": "a long text", "max_words": 50}),
            step("extra", "summarize", {"text": "another text"}, parallel_group="digests"),
            step(
                "letter",
                "compose",
                {"instructions": "Write a note about: {{steps.digest.outputs.summary}}"},
            ),
        ],
    }
    check = validate_plan(plan, agents)
    assert check.ok, check.errors
    letter = check.steps[2]
    assert letter.depends_on == ["digest"]
    assert check.steps[1].parallel_group == "digests"
    assert check.steps[0].declared_outputs == ["key_points", "summary"]


def test_unknown_agent_and_bad_inputs_are_named(agents: dict[str, AgentSpec]) -> None:
    plan = {
        "summary": "",
        "steps": [
            step("a", "teleport", {}),
            step("b", "summarize", {"max_words": 2, "colour": "red"}),
        ],
    }
    errors = validate_plan(plan, agents).errors
    assert any("unknown agent_type 'teleport'" in e for e in errors)
    assert any("step 'b'" in e and "'text' is a required property" in e for e in errors)
    assert any("step 'b'" in e and "max_words" in e for e in errors)
    assert any("step 'b'" in e and "colour" in e for e in errors)


def test_references_must_name_existing_outputs(agents: dict[str, AgentSpec]) -> None:
    plan = {
        "summary": "",
        "steps": [
            step("a", "summarize", {"text": "x"}),
            step("b", "summarize", {"text": "{{steps.a.outputs.headline}}"}),
            step("c", "summarize", {"text": "{{steps.ghost.outputs.summary}}"}),
            step("d", "summarize", {"text": "x", "max_words": "{{steps.a.outputs.summary}}"}),
        ],
    }
    errors = validate_plan(plan, agents).errors
    assert any("step 'b'" in e and "no output 'headline'" in e for e in errors)
    assert any("step 'c'" in e and "unknown step 'ghost'" in e for e in errors)
    assert any("step 'd'" in e and "expects integer" in e for e in errors)


def test_cycles_and_duplicate_ids_are_rejected(agents: dict[str, AgentSpec]) -> None:
    plan = {
        "summary": "",
        "steps": [
            step("a", "summarize", {"text": "{{steps.b.outputs.summary}}"}),
            step("b", "summarize", {"text": "{{steps.a.outputs.summary}}"}),
            step("b", "summarize", {"text": "x"}),
        ],
    }
    errors = validate_plan(plan, agents).errors
    assert any("cycle" in e for e in errors)
    assert any("used twice" in e for e in errors)


def test_completed_steps_are_referenced_not_repeated(agents: dict[str, AgentSpec]) -> None:
    completed = {"digest": ["summary", "key_points"]}
    repeat = {"summary": "", "steps": [step("digest", "summarize", {"text": "x"})]}
    assert any(
        "already completed" in e for e in validate_plan(repeat, agents, completed=completed).errors
    )
    reuse = {
        "summary": "",
        "steps": [step("note", "compose", {"instructions": "{{steps.digest.outputs.summary}}"})],
    }
    check = validate_plan(reuse, agents, completed=completed)
    assert check.ok, check.errors
    assert check.steps[0].depends_on == ["digest"]


def test_not_json_object_or_too_many_steps(agents: dict[str, AgentSpec]) -> None:
    assert validate_plan(["no"], agents).errors
    many = {"summary": "", "steps": [step(f"s{i}", "summarize", {"text": "x"}) for i in range(4)]}
    assert any("at most 3" in e for e in validate_plan(many, agents, max_steps=3).errors)


def test_schema_gives_each_agent_its_own_step_shape(agents: dict[str, AgentSpec]) -> None:
    schema = plan_schema({"summarize": agents["summarize"], "noop": agents["noop"]}, max_steps=4)
    variants = schema["properties"]["steps"]["items"]["anyOf"]
    assert [v["properties"]["agent_type"]["const"] for v in variants] == ["noop", "summarize"]
    summarize = variants[1]["properties"]["inputs"]
    assert summarize["required"] == ["text"]
    # Non-text inputs may also hold a whole reference to an earlier output.
    assert summarize["properties"]["max_words"]["anyOf"][1]["pattern"].startswith("^")
    assert schema["properties"]["steps"]["maxItems"] == 4
    assert variants[0]["properties"]["depends_on"]["maxItems"] == 3
