"""Decision patterns: what counts as the same decision, and how learned strength decays."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tentacle.preferences.patterns import (
    PastDecision,
    decision_weight,
    input_features,
    pattern_key,
    preference_strength,
    should_auto_approve,
)

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def test_features_keep_what_characterises_a_decision_not_the_content() -> None:
    features = input_features(
        {
            "to": "Ann@Acme.test",
            "body": "a long message that changes every time",
            "url": "https://api.example.com/v1/items?id=3",
            "amount": 420,
            "channel": "Email",
        }
    )
    assert features == {
        "to": "@acme.test",
        "url": "api.example.com",
        "amount": "~1e2",
        "channel": "email",
    }


def test_same_recipient_domain_is_the_same_pattern_another_domain_is_not() -> None:
    first = pattern_key("notify", "send", input_features({"to": "ann@acme.test", "body": "a"}))
    second = pattern_key("notify", "send", input_features({"to": "bob@acme.test", "body": "b"}))
    other = pattern_key("notify", "send", input_features({"to": "eve@evil.test", "body": "a"}))
    assert first == second
    assert first != other
    assert first.startswith("notify:send:")
    assert pattern_key("notify", "cost", {}) != pattern_key("notify", "send", {})


def test_recipient_lists_are_order_independent() -> None:
    assert input_features({"recipients": ["b@x.test", "a@y.test"]}) == input_features(
        {"recipients": ["a@y.test", "b@x.test", "c@x.test"]}
    )


def test_recent_decisions_count_fully_then_halve_per_half_life() -> None:
    kwargs = {"half_life_days": 30.0, "grace_days": 7.0}
    assert decision_weight(NOW - timedelta(days=6), NOW, **kwargs) == 1.0
    assert abs(decision_weight(NOW - timedelta(days=37), NOW, **kwargs) - 0.5) < 1e-9


def test_consistent_approvals_reach_the_threshold_a_rejection_resets() -> None:
    approvals = [PastDecision(True, NOW - timedelta(minutes=m)) for m in (3, 2, 1)]
    strength = preference_strength(approvals, NOW, half_life_days=30, grace_days=7)
    assert should_auto_approve(strength, 3)
    with_rejection = [*approvals, PastDecision(False, NOW - timedelta(seconds=30))]
    assert preference_strength(with_rejection, NOW, half_life_days=30, grace_days=7) == 0.0
    two = approvals[:2]
    assert not should_auto_approve(
        preference_strength(two, NOW, half_life_days=30, grace_days=7), 3
    )


def test_old_approvals_decay_below_the_threshold() -> None:
    old = [PastDecision(True, NOW - timedelta(days=200 + m)) for m in range(5)]
    strength = preference_strength(old, NOW, half_life_days=30, grace_days=7)
    assert strength < 1
    assert not should_auto_approve(strength, 3)


def test_revocation_forgets_earlier_decisions() -> None:
    approvals = [PastDecision(True, NOW - timedelta(hours=h)) for h in (5, 4, 3)]
    revoked_at = NOW - timedelta(hours=2)
    assert (
        preference_strength(approvals, NOW, half_life_days=30, grace_days=7, since=revoked_at)
        == 0.0
    )


def test_a_threshold_of_zero_disables_auto_approval() -> None:
    assert not should_auto_approve(100.0, 0)
