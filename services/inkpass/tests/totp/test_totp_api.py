"""Two-factor authentication over HTTP: enrolment, login challenge, backup codes, changes."""

import base64
import time
import uuid
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

import jwt
from factories import DEFAULT_PASSWORD, SignedIn, auth_headers, signed_in
from httpx import AsyncClient, Response
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from fluxkit.crypto import Keyring
from inkpass.audit.models import AuditEvent
from inkpass.totp import codes
from inkpass.totp.models import BackupCode, TotpCredential
from inkpass.users.models import User

TWO_FA = "/api/v1/auth/2fa"
LOGIN = "/api/v1/auth/login"
LOGIN_2FA = "/api/v1/auth/login/2fa"
TEST_KEYRING = "test1:" + "A" * 43


@dataclass
class Enrolled:
    who: SignedIn
    secret: str
    backup_codes: list[str]


def next_code(secret: str) -> str:
    """A code for the next time step: still inside the window, and later than one just used."""
    return codes.totp_code(secret, at=time.time() + 30)


async def let_time_pass(db: AsyncSession, user_id: uuid.UUID) -> None:
    # Codes are accepted once per time step; instead of waiting 30 s, forget the last step used.
    await db.execute(
        update(TotpCredential).where(TotpCredential.user_id == user_id).values(last_used_step=None)
    )
    await db.commit()


async def enroll(client: AsyncClient, db: AsyncSession) -> Enrolled:
    who = await signed_in(client, db)
    setup = await client.post(f"{TWO_FA}/totp/setup", headers=who.headers)
    assert setup.status_code == 200, setup.text
    secret = setup.json()["secret"]
    enabled = await client.post(
        f"{TWO_FA}/totp/enable",
        json={"code": codes.totp_code(secret), "password": DEFAULT_PASSWORD},
        headers=who.headers,
    )
    assert enabled.status_code == 200, enabled.text
    return Enrolled(who, secret, enabled.json()["backup_codes"])


async def start_login(client: AsyncClient, email: str) -> str:
    response = await client.post(LOGIN, json={"email": email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["mfa_required"] is True and "access_token" not in body
    return str(body["mfa_token"])


async def finish_login(client: AsyncClient, mfa_token: str, code: str) -> Response:
    return await client.post(LOGIN_2FA, json={"mfa_token": mfa_token, "code": code})


async def audit_actions(db: AsyncSession, user_id: uuid.UUID) -> list[str]:
    rows = await db.scalars(
        select(AuditEvent.action)
        .where(AuditEvent.actor_user_id == user_id)
        .order_by(AuditEvent.created_at)
    )
    return list(rows)


async def test_enrolment_is_pending_until_confirmed_with_code_and_password(
    client: AsyncClient, db: AsyncSession
) -> None:
    who = await signed_in(client, db)
    setup = await client.post(f"{TWO_FA}/totp/setup", headers=who.headers)
    assert setup.status_code == 200
    body = setup.json()
    secret = body["secret"]
    uri = urlparse(body["otpauth_uri"])
    assert uri.scheme == "otpauth" and parse_qs(uri.query)["secret"] == [secret]
    assert parse_qs(uri.query)["issuer"] == ["fluxos"] and who.email in body["account"]
    assert base64.b64decode(body["qr_code"].split(",", 1)[1]).startswith(b"<svg")
    status = (await client.get(TWO_FA, headers=who.headers)).json()
    assert status == {"enabled": False, "pending": True, "backup_codes_remaining": 0}
    # Not yet required at login.
    login = await client.post(LOGIN, json={"email": who.email, "password": DEFAULT_PASSWORD})
    assert "access_token" in login.json()

    wrong_code = await client.post(
        f"{TWO_FA}/totp/enable",
        json={
            "code": "000000" if codes.totp_code(secret) != "000000" else "111111",
            "password": DEFAULT_PASSWORD,
        },
        headers=who.headers,
    )
    assert wrong_code.status_code == 400 and wrong_code.json()["error"] == "InvalidTotpCode"
    wrong_password = await client.post(
        f"{TWO_FA}/totp/enable",
        json={"code": codes.totp_code(secret), "password": "not my password"},
        headers=who.headers,
    )
    assert wrong_password.status_code == 403
    assert (await client.get(TWO_FA, headers=who.headers)).json()["enabled"] is False

    enabled = await client.post(
        f"{TWO_FA}/totp/enable",
        json={"code": codes.totp_code(secret), "password": DEFAULT_PASSWORD},
        headers=who.headers,
    )
    assert enabled.status_code == 200
    backup = enabled.json()["backup_codes"]
    assert len(backup) == 10 and len(set(backup)) == 10
    status = (await client.get(TWO_FA, headers=who.headers)).json()
    assert status == {"enabled": True, "pending": False, "backup_codes_remaining": 10}
    user = await db.get(User, who.user_id, populate_existing=True)
    assert user is not None and user.totp_enabled

    actions = await audit_actions(db, who.user_id)
    for action in (
        "2fa.setup_started",
        "2fa.verification_failed",
        "2fa.reauthentication_failed",
        "2fa.enabled",
    ):
        assert action in actions, actions
    again = await client.post(f"{TWO_FA}/totp/setup", headers=who.headers)
    assert again.status_code == 409


async def test_secret_and_backup_codes_are_not_stored_in_plaintext(
    client: AsyncClient, db: AsyncSession
) -> None:
    enrolled = await enroll(client, db)
    credential = await db.scalar(
        select(TotpCredential).where(TotpCredential.user_id == enrolled.who.user_id)
    )
    assert credential is not None
    assert enrolled.secret not in credential.secret_encrypted
    assert credential.secret_encrypted.startswith("v1.test1.")
    keyring = Keyring.from_spec(TEST_KEYRING)
    assert (
        keyring.decrypt_str(credential.secret_encrypted, f"totp:{enrolled.who.user_id}".encode())
        == enrolled.secret
    )
    stored = set(
        await db.scalars(
            select(BackupCode.code_hash).where(BackupCode.user_id == enrolled.who.user_id)
        )
    )
    assert len(stored) == 10
    plain = {codes.normalise_backup_code(code) for code in enrolled.backup_codes}
    assert not any(p in h for p in plain for h in stored)


async def test_enable_needs_setup_first(client: AsyncClient, db: AsyncSession) -> None:
    who = await signed_in(client, db)
    response = await client.post(
        f"{TWO_FA}/totp/enable",
        json={"code": "123456", "password": DEFAULT_PASSWORD},
        headers=who.headers,
    )
    assert response.status_code == 409


async def test_login_with_a_totp_code_and_replay_is_refused(
    client: AsyncClient, db: AsyncSession
) -> None:
    enrolled = await enroll(client, db)
    mfa_token = await start_login(client, enrolled.who.email)

    # A wrong code fails (audited) and leaves the challenge usable for a corrected code.
    wrong = await finish_login(
        client, mfa_token, "999999" if next_code(enrolled.secret) != "999999" else "999998"
    )
    assert wrong.status_code == 401
    code = next_code(enrolled.secret)
    response = await finish_login(client, mfa_token, code)
    assert response.status_code == 200, response.text
    tokens = response.json()
    assert tokens["user_id"] == str(enrolled.who.user_id)
    assert tokens["organization_id"] == str(enrolled.who.organization_id)
    claims = jwt.decode(tokens["access_token"], options={"verify_signature": False})
    assert set(claims["amr"]) == {"pwd", "otp"}
    sessions = await client.get(
        "/api/v1/auth/sessions", headers=auth_headers(tokens["access_token"])
    )
    assert sessions.status_code == 200
    current = [item for item in sessions.json() if item["current"]]
    assert current[0]["authentication_methods"] == ["pwd", "otp"]

    # The challenge is spent, and the same code is refused on a fresh challenge (replay).
    assert (await finish_login(client, mfa_token, code)).status_code == 401
    fresh = await start_login(client, enrolled.who.email)
    replay = await finish_login(client, fresh, code)
    assert replay.status_code == 401

    failures = await db.scalars(
        select(AuditEvent).where(
            AuditEvent.actor_user_id == enrolled.who.user_id,
            AuditEvent.action == "auth.login_failed",
        )
    )
    assert [event.details["reason"] for event in failures] == ["invalid_second_factor"] * 2
    logins = await db.scalars(
        select(AuditEvent).where(
            AuditEvent.actor_user_id == enrolled.who.user_id, AuditEvent.action == "auth.login"
        )
    )
    second_step = [event.details for event in logins if "otp" in event.details["methods"]]
    assert [details["second_factor"] for details in second_step] == ["totp"]


async def test_backup_codes_work_once(client: AsyncClient, db: AsyncSession) -> None:
    enrolled = await enroll(client, db)
    backup = enrolled.backup_codes[3]
    first = await finish_login(
        client, await start_login(client, enrolled.who.email), backup.upper()
    )
    assert first.status_code == 200, first.text
    second = await finish_login(client, await start_login(client, enrolled.who.email), backup)
    assert second.status_code == 401
    headers = auth_headers(first.json()["access_token"])
    assert (await client.get(TWO_FA, headers=headers)).json()["backup_codes_remaining"] == 9
    another = enrolled.backup_codes[7]
    assert (
        await finish_login(client, await start_login(client, enrolled.who.email), another)
    ).status_code == 200


async def test_regenerating_backup_codes_invalidates_the_old_ones(
    client: AsyncClient, db: AsyncSession
) -> None:
    enrolled = await enroll(client, db)
    headers = enrolled.who.headers
    no_code = await client.post(
        f"{TWO_FA}/backup-codes/regenerate",
        json={"password": DEFAULT_PASSWORD, "code": "123-456"},
        headers=headers,
    )
    assert no_code.status_code == 400
    regenerated = await client.post(
        f"{TWO_FA}/backup-codes/regenerate",
        json={"password": DEFAULT_PASSWORD, "code": next_code(enrolled.secret)},
        headers=headers,
    )
    assert regenerated.status_code == 200, regenerated.text
    fresh = regenerated.json()["backup_codes"]
    assert len(fresh) == 10 and not set(fresh) & set(enrolled.backup_codes)

    old = await finish_login(
        client, await start_login(client, enrolled.who.email), enrolled.backup_codes[0]
    )
    assert old.status_code == 401
    new = await finish_login(client, await start_login(client, enrolled.who.email), fresh[0])
    assert new.status_code == 200
    assert "2fa.backup_codes_regenerated" in await audit_actions(db, enrolled.who.user_id)


async def test_disable_needs_password_and_code(client: AsyncClient, db: AsyncSession) -> None:
    enrolled = await enroll(client, db)
    headers = enrolled.who.headers
    code = next_code(enrolled.secret)
    bad_password = await client.post(
        f"{TWO_FA}/totp/disable", json={"password": "wrong", "code": code}, headers=headers
    )
    assert bad_password.status_code == 403
    bad_code = await client.post(
        f"{TWO_FA}/totp/disable",
        json={"password": DEFAULT_PASSWORD, "code": "000000" if code != "000000" else "111111"},
        headers=headers,
    )
    assert bad_code.status_code == 400
    assert (await client.get(TWO_FA, headers=headers)).json()["enabled"] is True

    disabled = await client.post(
        f"{TWO_FA}/totp/disable", json={"password": DEFAULT_PASSWORD, "code": code}, headers=headers
    )
    assert disabled.status_code == 200, disabled.text
    assert disabled.json() == {"enabled": False, "pending": False, "backup_codes_remaining": 0}
    assert (
        await db.scalar(
            select(TotpCredential).where(TotpCredential.user_id == enrolled.who.user_id)
        )
        is None
    )
    login = await client.post(
        LOGIN, json={"email": enrolled.who.email, "password": DEFAULT_PASSWORD}
    )
    assert "access_token" in login.json()
    actions = await audit_actions(db, enrolled.who.user_id)
    assert "2fa.disabled" in actions and "2fa.reauthentication_failed" in actions


async def test_disable_with_a_backup_code(client: AsyncClient, db: AsyncSession) -> None:
    enrolled = await enroll(client, db)
    disabled = await client.post(
        f"{TWO_FA}/totp/disable",
        json={"password": DEFAULT_PASSWORD, "code": enrolled.backup_codes[0]},
        headers=enrolled.who.headers,
    )
    assert disabled.status_code == 200
    assert disabled.json()["enabled"] is False


async def test_repeated_wrong_codes_lock_the_account_out(
    client: AsyncClient, db: AsyncSession
) -> None:
    enrolled = await enroll(client, db)
    mfa_token = await start_login(client, enrolled.who.email)
    good = next_code(enrolled.secret)
    wrong = "000000" if good != "000000" else "111111"
    for _ in range(5):
        assert (await finish_login(client, mfa_token, wrong)).status_code == 401
    locked = await finish_login(client, mfa_token, good)
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) >= 1
    # The lock is per account: it holds for a fresh challenge too.
    assert (
        await finish_login(client, await start_login(client, enrolled.who.email), good)
    ).status_code == 429
    assert "2fa.locked_out" in await audit_actions(db, enrolled.who.user_id)


async def test_second_factor_settings_need_a_signed_in_user(client: AsyncClient) -> None:
    assert (await client.get(TWO_FA)).status_code == 401
    assert (await client.post(f"{TWO_FA}/totp/setup")).status_code == 401
    unknown = await finish_login(client, "not-a-challenge", "123456")
    assert unknown.status_code == 401
