"""Risk policy: which steps pause, with what kind of checkpoint, and what the person sees."""

from __future__ import annotations

from tentacle.checkpoints.policy import (
    RiskPolicy,
    assess_risk,
    build_preview,
    estimate_cost,
    parse_checkpoint_config,
)

POLICY = RiskPolicy(cost_threshold_usd=0.5, expires_in_seconds=600, expiry_outcome="reject")


def test_a_harmless_step_runs_without_a_checkpoint() -> None:
    assert (
        assess_risk(
            agent_type="summarize",
            risk_level="none",
            checkpoint=None,
            estimated_cost_usd=0.01,
            policy=POLICY,
        )
        is None
    )


def test_sending_paying_deleting_and_external_writes_need_approval() -> None:
    for level in ("send", "pay", "delete", "external_write"):
        requirement = assess_risk(
            agent_type="notify",
            risk_level=level,
            checkpoint=None,
            estimated_cost_usd=None,
            policy=POLICY,
        )
        assert requirement is not None
        assert requirement.kind == "approval"
        assert requirement.risk_kind == level
        assert requirement.may_auto_approve
        assert requirement.expires_in_seconds == 600
        assert requirement.on_expiry == "reject"


def test_a_step_over_the_cost_threshold_needs_approval() -> None:
    requirement = assess_risk(
        agent_type="analyze",
        risk_level="read",
        checkpoint=None,
        estimated_cost_usd=0.75,
        policy=POLICY,
    )
    assert requirement is not None
    assert requirement.risk_kind == "cost"
    assert "$0.75" in requirement.reason and "$0.50" in requirement.reason
    assert (
        assess_risk(
            agent_type="analyze",
            risk_level="read",
            checkpoint=None,
            estimated_cost_usd=0.5,
            policy=POLICY,
        )
        is None
    )


def test_the_planner_may_require_approval_which_is_explicit() -> None:
    requirement = assess_risk(
        agent_type="summarize",
        risk_level="none",
        checkpoint={
            "required": True,
            "reason": "check the tone",
            "expires_in_seconds": 30,
            "on_expiry": "approve",
        },
        estimated_cost_usd=None,
        policy=POLICY,
    )
    assert requirement is not None
    assert requirement.explicit and not requirement.may_auto_approve
    assert requirement.reason == "check the tone"
    assert requirement.expires_in_seconds == 30
    assert requirement.on_expiry == "approve"


def test_input_modify_and_select_checkpoints_always_pause_and_are_never_auto_approved() -> None:
    for kind in ("input", "modify", "select"):
        requirement = assess_risk(
            agent_type="compose",
            risk_level="none",
            checkpoint={
                "kind": kind,
                "questions": [{"id": "tone", "prompt": "Which tone?"}],
                "alternatives": [{"id": "a", "label": "Short", "inputs": {"length": 1}}],
            },
            estimated_cost_usd=None,
            policy=POLICY,
        )
        assert requirement is not None
        assert requirement.kind == kind
        assert not requirement.may_auto_approve
        assert requirement.questions == [{"id": "tone", "prompt": "Which tone?", "required": True}]
        assert requirement.alternatives[0]["inputs"] == {"length": 1}


def test_a_malformed_checkpoint_config_fails_safe_into_an_explicit_approval() -> None:
    config = parse_checkpoint_config({"kind": "approval", "questions": "not a list"})
    assert config.required
    requirement = assess_risk(
        agent_type="summarize",
        risk_level="none",
        checkpoint={"questions": 3},
        estimated_cost_usd=None,
        policy=POLICY,
    )
    assert requirement is not None and requirement.explicit


def test_cost_estimate_prefers_the_plan_then_the_agent_hints() -> None:
    assert estimate_cost({"estimated_usd": 0.2}, 0.9) == 0.9
    assert estimate_cost({"estimated_usd": 0.2}) == 0.2
    assert estimate_cost(None) is None


def test_the_preview_shows_the_exact_inputs_and_the_reason() -> None:
    requirement = assess_risk(
        agent_type="notify",
        risk_level="send",
        checkpoint=None,
        estimated_cost_usd=None,
        policy=POLICY,
    )
    assert requirement is not None
    preview = build_preview(
        agent_type="notify",
        description="Send a notification",
        inputs={"to": "ann@acme.test", "body": "hi"},
        requirement=requirement,
        estimated_cost_usd=None,
        step_name="tell Ann",
    )
    assert preview["inputs"] == {"to": "ann@acme.test", "body": "hi"}
    assert preview["summary"] == "tell Ann: notify sends a message or email on your behalf"
    assert preview["risk"] == "send"


def test_policy_reads_configured_settings() -> None:
    class Settings:
        checkpoint_cost_threshold_usd = 2.5
        preference_auto_approve_after = 5

    policy = RiskPolicy.from_settings(Settings())
    assert policy.cost_threshold_usd == 2.5
    assert policy.auto_approve_after == 5
    assert policy.expires_in_seconds == RiskPolicy().expires_in_seconds
