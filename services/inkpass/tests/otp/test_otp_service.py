from datetime import timedelta

import pytest
from factories import make_user
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inkpass.audit.models import AuditEvent
from inkpass.otp.models import OneTimeCode
from inkpass.otp.service import InvalidCode, TooManyAttempts, issue_otp, verify_otp
from inkpass.settings import InkPassSettings

SETTINGS = InkPassSettings(keyring="test1:" + "A" * 43)


def other_code(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


async def test_a_code_is_six_digits_stored_only_as_a_keyed_hash(db: AsyncSession) -> None:
    user, _, _ = await make_user(db)
    code = await issue_otp(
        db, user_id=user.id, purpose="login", target=user.email, settings=SETTINGS
    )
    assert len(code) == 6 and code.isdigit()
    row = (await db.execute(select(OneTimeCode).where(OneTimeCode.user_id == user.id))).scalar_one()
    assert code not in row.code_hash and len(row.code_hash) == 64
    # Ten minutes to live.
    assert (
        timedelta(minutes=9) < row.expires_at - row.created_at <= timedelta(minutes=10, seconds=5)
    )
    # Another keyring means another key: a leaked table alone does not verify codes.
    other = InkPassSettings(keyring="test2:" + "B" * 43)
    with pytest.raises(InvalidCode):
        await verify_otp(db, user_id=user.id, purpose="login", code=code, settings=other)


async def test_a_code_works_once_and_only_for_its_purpose(db: AsyncSession) -> None:
    user, _, _ = await make_user(db)
    code = await issue_otp(
        db, user_id=user.id, purpose="reset_password", target=user.email, settings=SETTINGS
    )
    with pytest.raises(InvalidCode):
        await verify_otp(db, user_id=user.id, purpose="login", code=code, settings=SETTINGS)
    row = await verify_otp(
        db, user_id=user.id, purpose="reset_password", code=code, settings=SETTINGS
    )
    assert row.consumed_at is not None and row.target == user.email
    with pytest.raises(InvalidCode):
        await verify_otp(
            db, user_id=user.id, purpose="reset_password", code=code, settings=SETTINGS
        )


async def test_a_new_code_replaces_the_older_one(db: AsyncSession) -> None:
    user, _, _ = await make_user(db)
    first = await issue_otp(
        db, user_id=user.id, purpose="login", target=user.email, settings=SETTINGS
    )
    second = await issue_otp(
        db, user_id=user.id, purpose="login", target=user.email, settings=SETTINGS
    )
    if first != second:
        with pytest.raises(InvalidCode):
            await verify_otp(db, user_id=user.id, purpose="login", code=first, settings=SETTINGS)
    await verify_otp(db, user_id=user.id, purpose="login", code=second, settings=SETTINGS)


async def test_an_expired_code_is_refused(db: AsyncSession) -> None:
    user, _, _ = await make_user(db)
    code = await issue_otp(
        db, user_id=user.id, purpose="login", target=user.email, settings=SETTINGS
    )
    row = (await db.execute(select(OneTimeCode).where(OneTimeCode.user_id == user.id))).scalar_one()
    row.expires_at = row.created_at - timedelta(seconds=1)
    await db.flush()
    with pytest.raises(InvalidCode):
        await verify_otp(db, user_id=user.id, purpose="login", code=code, settings=SETTINGS)


async def test_five_wrong_guesses_burn_the_code_and_are_audited(db: AsyncSession) -> None:
    user, _, _ = await make_user(db)
    code = await issue_otp(
        db, user_id=user.id, purpose="login", target=user.email, settings=SETTINGS
    )
    for attempt in range(1, 6):
        expected = TooManyAttempts if attempt == 5 else InvalidCode
        with pytest.raises(expected):
            await verify_otp(
                db, user_id=user.id, purpose="login", code=other_code(code), settings=SETTINGS
            )
    # Even the right code no longer works.
    with pytest.raises(TooManyAttempts):
        await verify_otp(db, user_id=user.id, purpose="login", code=code, settings=SETTINGS)
    failures = (
        await db.scalars(
            select(AuditEvent).where(
                AuditEvent.actor_user_id == user.id, AuditEvent.action == "otp.verify_failed"
            )
        )
    ).all()
    assert len(failures) == 5


async def test_a_failed_guess_is_counted_even_when_the_request_rolls_back(db: AsyncSession) -> None:
    user, _, _ = await make_user(db)
    code = await issue_otp(
        db, user_id=user.id, purpose="login", target=user.email, settings=SETTINGS
    )
    with pytest.raises(InvalidCode):
        await verify_otp(db, user_id=user.id, purpose="login", code="abc", settings=SETTINGS)
    # What a failing request does after the error: roll back its open work.
    await db.rollback()
    row = (await db.execute(select(OneTimeCode).where(OneTimeCode.user_id == user.id))).scalar_one()
    assert row.attempts == 1
    await verify_otp(db, user_id=user.id, purpose="login", code=code, settings=SETTINGS)
