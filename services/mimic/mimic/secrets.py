"""Provider keys and webhook credentials at rest: AES-256-GCM under the platform keyring."""

from __future__ import annotations

import functools
import json
import uuid

from fluxkit.crypto import Keyring, KeyringError
from fluxkit.errors import ServiceUnavailable
from mimic.settings import MimicSettings


@functools.lru_cache(maxsize=8)
def _keyring(spec: str) -> Keyring:
    return Keyring.from_spec(spec)


def keyring_for(settings: MimicSettings) -> Keyring:
    spec = settings.keyring.get_secret_value()
    if not spec.strip():
        raise ServiceUnavailable(
            "no keyring is configured (FLUXOS_KEYRING), so provider keys cannot be stored"
        )
    try:
        return _keyring(spec)
    except KeyringError as exc:
        raise ServiceUnavailable(f"the keyring setting is invalid: {exc}") from exc


def _context(organization_id: uuid.UUID, purpose: str) -> bytes:
    # Binds a ciphertext to its organization and use: a copied value does not decrypt elsewhere.
    return f"mimic:{purpose}:{organization_id}".encode()


def seal(keyring: Keyring, organization_id: uuid.UUID, purpose: str, values: dict[str, str]) -> str:
    return keyring.encrypt(json.dumps(values, sort_keys=True), _context(organization_id, purpose))


def unseal(
    keyring: Keyring, organization_id: uuid.UUID, purpose: str, token: str | None
) -> dict[str, str]:
    if not token:
        return {}
    decoded = json.loads(keyring.decrypt_str(token, _context(organization_id, purpose)))
    return {str(key): str(value) for key, value in decoded.items()}
