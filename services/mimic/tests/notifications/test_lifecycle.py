"""The lifecycle module is the only writer of Notification.status."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from mimic.notifications import lifecycle
from mimic.notifications.lifecycle import InvalidTransition, Status
from mimic.notifications.models import Notification


def _notification() -> Notification:
    return Notification(
        id=uuid.uuid4(),
        organization_id=uuid.uuid4(),
        channel="email",
        recipients=["a@example.com"],
        subject="s",
        text_body="t",
        meta={},
        created_by="test",
        attempts=0,
    )


async def test_status_cannot_be_written_outside_the_lifecycle() -> None:
    notification = _notification()
    with pytest.raises(RuntimeError, match=r"only by mimic\.notifications\.lifecycle"):
        notification.status = "sent"


async def test_the_happy_path_and_its_timeline(db: AsyncSession) -> None:
    notification = _notification()
    await lifecycle.open_notification(db, notification)
    lifecycle.transition(db, notification, Status.SENDING)
    assert notification.attempts == 1
    lifecycle.transition(db, notification, Status.SENT)
    lifecycle.transition(db, notification, Status.DELIVERED)
    lifecycle.transition(db, notification, Status.COMPLAINED)
    assert notification.status == "complained"
    with pytest.raises(InvalidTransition):
        lifecycle.transition(db, notification, Status.SENDING)


async def test_illegal_transitions_are_refused(db: AsyncSession) -> None:
    notification = _notification()
    await lifecycle.open_notification(db, notification)
    with pytest.raises(InvalidTransition, match="a queued notification cannot become delivered"):
        lifecycle.transition(db, notification, Status.DELIVERED)
    lifecycle.transition(db, notification, Status.FAILED, detail="no")
    assert notification.last_error == "no"
    for target in Status:
        assert not lifecycle.can_transition(notification.status, target)


async def test_late_provider_reports_are_kept_but_ignored(db: AsyncSession) -> None:
    notification = _notification()
    await lifecycle.open_notification(db, notification)
    lifecycle.transition(db, notification, Status.SENDING)
    lifecycle.transition(db, notification, Status.SENT)
    lifecycle.transition(db, notification, Status.BOUNCED)
    applied = lifecycle.transition_if_allowed(db, notification, Status.DELIVERED)
    assert applied is False
    assert notification.status == "bounced"
    await db.flush()
