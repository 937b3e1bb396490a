"""AES-256-GCM keyring with key ids: encrypt under the active key, decrypt under any.

Ciphertext format: ``v1.<kid>.<base64url(nonce || ciphertext+tag)>``. Rotation adds a key and
makes it active; values under older keys still decrypt and :meth:`Keyring.rotate_value`
re-encrypts them, so rotation never loses data.
"""

from __future__ import annotations

import base64
import os
import secrets

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

VERSION = "v1"


class KeyringError(ValueError):
    pass


def _b64decode(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def _b64encode(value: bytes) -> str:
    return base64.urlsafe_b64encode(value).decode().rstrip("=")


def generate_key_spec(kid: str | None = None) -> str:
    """A new ``kid:base64key`` entry for the keyring setting."""
    return f"{kid or secrets.token_hex(4)}:{_b64encode(os.urandom(32))}"


class Keyring:
    def __init__(self, keys: dict[str, bytes], active: str) -> None:
        if active not in keys:
            raise KeyringError(f"active key {active!r} is not in the keyring")
        for kid, key in keys.items():
            if len(key) != 32:
                raise KeyringError(f"key {kid!r} must be 32 bytes for AES-256")
            if "." in kid or ":" in kid or not kid:
                raise KeyringError(f"key id {kid!r} must be non-empty without '.' or ':'")
        self._keys = dict(keys)
        self.active = active

    @classmethod
    def from_spec(cls, spec: str) -> Keyring:
        """Parse ``kid:base64key,kid:base64key``; the last entry is the active key."""
        keys: dict[str, bytes] = {}
        active = ""
        for entry in (part.strip() for part in spec.split(",")):
            if not entry:
                continue
            kid, sep, encoded = entry.partition(":")
            if not sep:
                raise KeyringError("keyring entries look like 'kid:base64key'")
            try:
                keys[kid] = _b64decode(encoded)
            except ValueError as exc:
                raise KeyringError(f"key {kid!r} is not valid base64") from exc
            active = kid
        if not keys:
            raise KeyringError("the keyring is empty")
        return cls(keys, active)

    @property
    def key_ids(self) -> list[str]:
        return list(self._keys)

    def encrypt(self, plaintext: bytes | str, associated_data: bytes | None = None) -> str:
        data = plaintext.encode() if isinstance(plaintext, str) else plaintext
        nonce = os.urandom(12)
        sealed = AESGCM(self._keys[self.active]).encrypt(nonce, data, associated_data)
        return f"{VERSION}.{self.active}.{_b64encode(nonce + sealed)}"

    def decrypt(self, token: str, associated_data: bytes | None = None) -> bytes:
        try:
            version, kid, payload = token.split(".", 2)
        except ValueError as exc:
            raise KeyringError("not a keyring ciphertext") from exc
        if version != VERSION:
            raise KeyringError(f"unknown ciphertext version {version!r}")
        key = self._keys.get(kid)
        if key is None:
            raise KeyringError(f"key {kid!r} is not in the keyring")
        raw = _b64decode(payload)
        try:
            return AESGCM(key).decrypt(raw[:12], raw[12:], associated_data)
        except Exception as exc:
            raise KeyringError("ciphertext failed authentication") from exc

    def decrypt_str(self, token: str, associated_data: bytes | None = None) -> str:
        return self.decrypt(token, associated_data).decode()

    def key_id_of(self, token: str) -> str:
        return token.split(".", 2)[1]

    def rotate_value(self, token: str, associated_data: bytes | None = None) -> str:
        """Re-encrypt under the active key (no-op when it already is)."""
        if self.key_id_of(token) == self.active:
            return token
        return self.encrypt(self.decrypt(token, associated_data), associated_data)
