"""Token signing keys: creation, rotation, publication, and the in-process key store.

One key is active (it signs); retired keys stay published until every token they signed has
expired, so services verifying through the JWKS never reject a valid token during rotation.
Private keys are encrypted with the keyring and wiped when their key retires.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from fluxkit.auth.keys import SigningKey, VerificationKey
from fluxkit.auth.tokens import InvalidToken, StaticKeySource, sign_token
from fluxkit.crypto import Keyring, KeyringError
from fluxkit.db import unit_of_work, utcnow
from fluxkit.errors import Conflict
from inkpass.jwks.models import SigningKeyRecord
from inkpass.settings import InkPassSettings

logger = logging.getLogger(__name__)

# Serialises key creation across processes (pg_advisory_xact_lock key).
_ROTATION_LOCK = 0x1F1A_5E5E
# Extra time a retired key stays published: clock skew between processes and verifiers.
PUBLISH_LEEWAY = timedelta(minutes=1)
# A process looks for an unknown kid in the database at most this often.
UNKNOWN_KID_RELOAD_SECONDS = 5.0


class SharedSecretMode(Conflict):
    def __init__(self) -> None:
        super().__init__(
            "tokens are signed with a shared HS256 secret; rotate it in the settings instead"
        )


def publish_window(settings: InkPassSettings) -> timedelta:
    """How long a retired key stays published: tokens it signed, plus processes that have not
    yet reloaded (they keep signing with it until their next check), plus leeway."""
    return (
        timedelta(minutes=settings.access_token_minutes)
        + timedelta(seconds=settings.signing_key_check_seconds)
        + PUBLISH_LEEWAY
    )


def keyring_for(settings: InkPassSettings) -> Keyring:
    spec = settings.keyring.get_secret_value()
    if not spec.strip():
        raise RuntimeError(
            "FLUXOS_KEYRING (or INKPASS_KEYRING) is not set: signing keys are stored encrypted "
            "with it; generate one with fluxkit.crypto.generate_key_spec()"
        )
    return Keyring.from_spec(spec)


def _associated_data(kid: str) -> bytes:
    return f"signing-key:{kid}".encode()


def decrypt_key(record: SigningKeyRecord, keyring: Keyring) -> SigningKey:
    if record.private_key_encrypted is None:
        raise KeyringError(f"signing key {record.kid} has no private key (retired)")
    pem = keyring.decrypt_str(record.private_key_encrypted, _associated_data(record.kid))
    return SigningKey.from_pem(record.kid, record.algorithm, pem)


async def active_record(session: AsyncSession) -> SigningKeyRecord | None:
    return await session.scalar(select(SigningKeyRecord).where(SigningKeyRecord.status == "active"))


async def published_records(
    session: AsyncSession, settings: InkPassSettings, now: datetime | None = None
) -> list[SigningKeyRecord]:
    """The active key and the retired keys whose tokens may still be alive, newest first."""
    cutoff = (now or utcnow()) - publish_window(settings)
    rows = await session.scalars(
        select(SigningKeyRecord)
        .where(or_(SigningKeyRecord.status == "active", SigningKeyRecord.retired_at > cutoff))
        .order_by(SigningKeyRecord.activated_at.desc())
    )
    return list(rows)


async def jwks_document(session: AsyncSession, settings: InkPassSettings) -> dict[str, Any]:
    if settings.jwt_algorithm == "HS256":
        return {"keys": []}
    return {
        "keys": [dict(record.public_jwk) for record in await published_records(session, settings)]
    }


async def rotate(
    session: AsyncSession,
    *,
    keyring: Keyring,
    algorithm: str,
    reason: str,
) -> tuple[SigningKeyRecord, SigningKey, SigningKeyRecord | None]:
    """Retire the active key (wiping its private half) and create a new active one."""
    await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ROTATION_LOCK})
    now = utcnow()
    previous = await active_record(session)
    if previous is not None:
        previous.status = "retired"
        previous.retired_at = now
        previous.private_key_encrypted = None
        # Flushed first: the partial unique index allows one active row at a time.
        await session.flush()
    key = SigningKey.generate(algorithm)
    assert key.kid is not None
    record = SigningKeyRecord(
        kid=key.kid,
        algorithm=key.algorithm,
        private_key_encrypted=keyring.encrypt(key.private_pem(), _associated_data(key.kid)),
        public_jwk=key.public_jwk(),
        status="active",
        activated_at=now,
    )
    session.add(record)
    await session.flush()
    logger.info(
        "signing key %s (%s) is active; %s",
        key.kid,
        key.algorithm,
        f"retired {previous.kid} ({reason})" if previous else reason,
    )
    return record, key, previous


def rotation_reason(
    record: SigningKeyRecord | None, settings: InkPassSettings, keyring: Keyring
) -> str | None:
    """Why the active key must be replaced now, or None when it is fine."""
    if record is None:
        return "no active key"
    if record.algorithm != settings.jwt_algorithm:
        return f"the configured algorithm changed to {settings.jwt_algorithm}"
    if record.activated_at < utcnow() - timedelta(days=settings.signing_key_rotation_days):
        return f"older than {settings.signing_key_rotation_days} days"
    try:
        decrypt_key(record, keyring)
    except (KeyringError, ValueError) as exc:
        logger.error("the active signing key cannot be decrypted (%s)", exc)
        return "the active key cannot be decrypted with the keyring"
    return None


async def ensure_active_key(
    session: AsyncSession, settings: InkPassSettings, keyring: Keyring
) -> bool:
    """Create or rotate the active key when needed (missing, too old, algorithm changed)."""
    if rotation_reason(await active_record(session), settings, keyring) is None:
        return False
    await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ROTATION_LOCK})
    # Checked again under the lock: another process may have rotated meanwhile.
    reason = rotation_reason(await active_record(session), settings, keyring)
    if reason is None:
        return False
    await rotate(session, keyring=keyring, algorithm=settings.jwt_algorithm, reason=reason)
    return True


class SigningKeyStore:
    """The signing key and the verification keys of this process (``app.state.signing_keys``).

    It is also InkPass's :class:`~fluxkit.auth.tokens.KeySource`: a kid it does not know sends it
    to the database (another process may have rotated), at most every few seconds.
    """

    def __init__(
        self,
        settings: InkPassSettings,
        session_factory: async_sessionmaker[AsyncSession],
    ) -> None:
        self.settings = settings
        self.session_factory = session_factory
        self.shared_secret = settings.jwt_algorithm == "HS256"
        self.keyring: Keyring | None = None
        self.source = StaticKeySource()
        self._active: SigningKey | None = None
        self._last_reload = 0.0
        self._reload_lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None

    @property
    def algorithms(self) -> list[str]:
        """What tokens may be signed with; both asymmetric ones, so tokens signed before the
        configured algorithm changed stay valid until they expire."""
        return ["HS256"] if self.shared_secret else ["EdDSA", "ES256"]

    @property
    def active(self) -> SigningKey:
        if self._active is None:
            raise RuntimeError("the signing key store has not been started")
        return self._active

    def sign(self, claims: Mapping[str, Any]) -> str:
        return sign_token(claims, self.active)

    async def start(self) -> None:
        if self.shared_secret:
            secret = self.settings.jwt_hs256_secret.get_secret_value()
            self._active = SigningKey.hs256(secret)
            self.source.replace([VerificationKey.hs256(secret)])
            return
        self.keyring = keyring_for(self.settings)
        await self.maintain()
        self.start_maintenance()

    def start_maintenance(self) -> None:
        """Check every ``signing_key_check_seconds``: rotate when due, adopt other processes' keys."""
        if self._task is None and not self.shared_secret:
            self._task = asyncio.create_task(self._maintenance_loop(), name="inkpass:signing-keys")

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def maintain(self) -> None:
        """Rotate when due, then load the published keys (every process runs this periodically)."""
        assert self.keyring is not None
        async with unit_of_work(self.session_factory) as session:
            await ensure_active_key(session, self.settings, self.keyring)
            records = await published_records(session, self.settings)
        self.install(records)

    async def reload(self) -> None:
        async with unit_of_work(self.session_factory) as session:
            records = await published_records(session, self.settings)
        self.install(records)

    def install(self, records: list[SigningKeyRecord]) -> None:
        """Adopt the database's view: its active key signs, all published keys verify."""
        assert self.keyring is not None
        self._last_reload = time.monotonic()
        keys: list[VerificationKey] = []
        for record in records:
            try:
                keys.append(VerificationKey.from_jwk(record.public_jwk))
            except ValueError:
                logger.exception("signing key %s has an unusable public JWK", record.kid)
            if record.status == "active":
                try:
                    self._active = decrypt_key(record, self.keyring)
                except (KeyringError, ValueError):
                    logger.exception(
                        "cannot decrypt signing key %s; keeping the current one", record.kid
                    )
        if self._active is not None and self._active.kid not in {key.kid for key in keys}:
            keys.append(self._active.verification_key())
        self.source.replace(keys)

    def adopt(self, key: SigningKey) -> None:
        """Start signing with a key this process just created (older keys keep verifying)."""
        self._active = key
        self.source.add(key.verification_key())

    async def get_key(self, kid: str | None, algorithm: str) -> VerificationKey:
        key = self.source.lookup(kid, algorithm)
        if key is None and not self.shared_secret and kid not in self.source.kids:
            async with self._reload_lock:
                if time.monotonic() - self._last_reload >= UNKNOWN_KID_RELOAD_SECONDS:
                    try:
                        await self.reload()
                    except Exception:
                        logger.exception("could not reload signing keys")
                        self._last_reload = time.monotonic()
            key = self.source.lookup(kid, algorithm)
        if key is None:
            raise InvalidToken("the token's signing key is unknown")
        return key

    async def _maintenance_loop(self) -> None:
        while True:
            await asyncio.sleep(self.settings.signing_key_check_seconds)
            try:
                await self.maintain()
            except asyncio.CancelledError:
                raise
            except Exception:
                logger.exception("signing key maintenance failed; retrying later")
