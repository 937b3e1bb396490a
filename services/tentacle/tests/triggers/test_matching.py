"""Event matching: the type glob, and filters evaluated by the workspace's query compiler."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from tentacle.triggers.matching import (
    InvalidPattern,
    check_filter,
    check_pattern,
    filters_match,
    type_matches,
)
from tentacle.workspace.query import InvalidFilter

EVENT: dict[str, Any] = {
    "id": "5b0c6f0e-8a55-4e41-9a8e-0d1d3b8e4a11",
    "type": "github.issues.opened",
    "provider": "github",
    "data": {
        "action": "opened",
        "issue": {
            "number": 42,
            "title": "Crash on start",
            "labels": ["bug", "p1"],
            "author": {"login": "octocat"},
        },
        "repository": {"full_name": "acme/rocket", "stars": 120},
        "amount": 2500,
    },
}


@pytest.mark.parametrize(
    ("pattern", "event_type", "expected"),
    [
        ("github.issues.*", "github.issues.opened", True),
        ("github.issues.*", "github.issues", False),
        ("github.*", "github.issues.opened", True),
        ("github.issues.opened", "github.issues.opened", True),
        ("github.issues.opened", "github.issues.closed", False),
        ("discord.command.ping", "discord.command.pingx", False),
        ("*", "task.completed", True),
        ("stripe.payment_intent.?ucceeded", "stripe.payment_intent.succeeded", True),
        ("slack.[mr]essage", "slack.message", True),
        ("slack.[!m]essage", "slack.message", False),
        ("custom.deploy", "custom.deploy-done", False),
    ],
)
def test_type_glob(pattern: str, event_type: str, expected: bool) -> None:
    assert type_matches(pattern, event_type) is expected


def test_patterns_with_other_characters_are_refused() -> None:
    with pytest.raises(InvalidPattern):
        check_pattern("github issues")
    with pytest.raises(InvalidPattern):
        check_pattern("a{b,c}")
    check_pattern("github.issues.*")


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ({}, True),
        ({"data.action": "opened"}, True),
        ({"data.action": "closed"}, False),
        ({"provider": {"$in": ["github", "gitlab"]}}, True),
        ({"data.issue.labels": "bug"}, True),
        ({"data.issue.labels": {"$nin": ["wontfix"]}}, True),
        ({"data.issue.number": {"$gte": 42}}, True),
        ({"data.issue.number": {"$gt": 42}}, False),
        ({"data.issue.number": {"$gt": "40"}}, False),
        ({"data.issue.title": {"$regex": "^crash", "$options": "i"}}, True),
        ({"data.issue.title": {"$contains": "START"}}, True),
        ({"data.issue.author.login": {"$ne": "octocat"}}, False),
        ({"$or": [{"data.amount": {"$lt": 100}}, {"data.repository.stars": {"$gt": 100}}]}, True),
        ({"$and": [{"data.action": "opened"}, {"data.amount": {"$lt": 100}}]}, False),
        ({"$not": {"data.action": "opened"}}, False),
        # Missing fields fail every operator but $exists: false, $ne and $nin.
        ({"data.issue.milestone": {"$exists": False}}, True),
        ({"data.issue.milestone": {"$exists": True}}, False),
        ({"data.issue.milestone": {"$gt": 1}}, False),
        ({"data.issue.milestone": {"$ne": "v1"}}, True),
        ({"data.issue.milestone": {"$nin": ["v1"]}}, True),
        ({"data.issue.milestone": "v1"}, False),
        ({"data.nothing.deeper": {"$regex": "x"}}, False),
    ],
)
async def test_filter_semantics(db: AsyncSession, where: dict[str, Any], expected: bool) -> None:
    assert await filters_match(db, EVENT, [where]) == [expected]


async def test_many_filters_are_evaluated_together(db: AsyncSession) -> None:
    verdicts = await filters_match(
        db,
        EVENT,
        [{"data.action": "opened"}, {}, {"data.action": "closed"}, {"data.issue.number": 42}],
    )
    assert verdicts == [True, True, False, True]


@pytest.mark.parametrize(
    "where",
    [
        {"data.x": {"$where": "1"}},
        {"$or": []},
        {"data.x": {"$in": "notalist"}},
        {"data x": 1},
        {"data.x": {"$regex": "("}},
        "not an object",
    ],
)
def test_malformed_filters_are_refused_with_their_path(where: Any) -> None:
    with pytest.raises(InvalidFilter) as caught:
        check_filter(where)
    assert caught.value.status_code == 422
    assert caught.value.path.startswith("filter")
