"""Agent specs: every shipped YAML loads into the strict model; bad files are refused clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from tentacle.agents import AgentSpecError, load_agent_specs, parse_agent_spec
from tentacle.agents.loader import repository_agents_dir
from tentacle.executors import registered_kinds

SHIPPED = {
    "summarize", "compose", "analyze", "transform", "draft", "edit", "aggregate", "web_research",
    "generate_image", "data_scientist", "noop", "http_fetch", "notify", "file_storage",
    "pdf_composer", "markdown_composer", "workspace_query", "workspace_write", "memory_search",
    "memory_store",
}  # fmt: skip


def minimal(**overrides: object) -> dict[str, object]:
    spec: dict[str, object] = {
        "type": "shout",
        "description": "Turns the text into capitals.",
        "input_schema": {"type": "object", "properties": {"text": {"type": "string"}}},
        "output_schema": {"type": "object", "properties": {"text": {"type": "string"}}},
        "prompt": "Answer in capitals.",
    }
    spec.update(overrides)
    return spec


def test_every_shipped_agent_loads_and_has_an_executor() -> None:
    specs = {spec.type: spec for spec in load_agent_specs()}
    assert set(specs) == SHIPPED
    assert {spec.kind for spec in specs.values()} <= set(registered_kinds())
    assert specs["notify"].needs_approval
    assert not specs["summarize"].needs_approval
    assert specs["summarize"].declared_outputs == ["key_points", "summary"]


def test_repository_dir_is_found_from_the_checkout() -> None:
    found = repository_agents_dir()
    assert found is not None and (found / "noop.yaml").is_file()


def test_inputs_are_checked_against_the_schema() -> None:
    summarize = {spec.type: spec for spec in load_agent_specs()}["summarize"]
    assert summarize.input_errors({"text": "hello"}) == []
    errors = summarize.input_errors({"text": 3, "colour": "red"})
    assert any(error.startswith("text:") for error in errors)
    assert any("colour" in error for error in errors)


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"type": "Bad Type"}, "type must be"),
        ({"input_schema": {"type": "array"}}, "must be 'object'"),
        ({"output_schema": {"type": "object", "properties": {"x": {"type": 5}}}}, "valid JSON"),
        ({"prompt": None}, "needs a prompt"),
        ({"risk_level": "explode"}, "risk_level"),
        ({"surprise": True}, "surprise"),
        ({"kind": "teleport"}, "kind"),
        ({"tools": ["web_search", "web_search"]}, "listed once"),
    ],
)
def test_invalid_specs_are_refused_with_the_reason(
    override: dict[str, object], message: str
) -> None:
    with pytest.raises(AgentSpecError, match=message):
        parse_agent_spec(minimal(**override), source="shout.yaml")


def test_fingerprint_changes_with_the_spec() -> None:
    first = parse_agent_spec(minimal())
    assert first.fingerprint() == parse_agent_spec(minimal()).fingerprint()
    assert first.fingerprint() != parse_agent_spec(minimal(timeout_seconds=9)).fingerprint()


def test_a_bad_file_names_itself(tmp_path: Path) -> None:
    (tmp_path / "shout.yaml").write_text("type: shout\ndescription: [unclosed\n")
    with pytest.raises(AgentSpecError, match=r"shout\.yaml: not valid YAML"):
        load_agent_specs(tmp_path)


def test_the_file_name_must_be_the_type(tmp_path: Path) -> None:
    import yaml

    (tmp_path / "yell.yaml").write_text(yaml.safe_dump(minimal()))
    with pytest.raises(AgentSpecError, match=r"yell\.yaml: the file name must be the type"):
        load_agent_specs(tmp_path)


def test_an_empty_or_missing_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(AgentSpecError, match="holds no agent files"):
        load_agent_specs(tmp_path)
    with pytest.raises(AgentSpecError, match="does not exist"):
        load_agent_specs(tmp_path / "missing")
