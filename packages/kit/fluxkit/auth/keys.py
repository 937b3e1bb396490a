"""Token signing and verification keys: Ed25519 (``EdDSA``), P-256 (``ES256``) or a shared
HS256 secret.

A :class:`SigningKey` lives only in InkPass (and in tests); every other process holds
:class:`VerificationKey` objects built from InkPass's published JWKS. A verification key is bound
to one algorithm, so a token cannot pick how its key is used (no HS256-with-a-public-key tricks).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from jwt.algorithms import ECAlgorithm, OKPAlgorithm

Algorithm = Literal["EdDSA", "ES256", "HS256"]
ALGORITHMS: tuple[Algorithm, ...] = get_args(Algorithm)
ASYMMETRIC_ALGORITHMS: tuple[Algorithm, ...] = ("EdDSA", "ES256")

PrivateKey = ed25519.Ed25519PrivateKey | ec.EllipticCurvePrivateKey
PublicKey = ed25519.Ed25519PublicKey | ec.EllipticCurvePublicKey
# Minimum HS256 secret size (RFC 7518 section 3.2: at least the hash output size).
MIN_HS256_SECRET_BYTES = 32


class KeyMaterialError(ValueError):
    """A key or JWK that cannot be used (wrong type, curve or algorithm)."""


def new_kid() -> str:
    return secrets.token_urlsafe(12)


def _check_algorithm(algorithm: str) -> Algorithm:
    if algorithm not in ALGORITHMS:
        raise KeyMaterialError(f"unsupported signing algorithm {algorithm!r}")
    return algorithm


@dataclass(frozen=True)
class VerificationKey:
    """A public key (or the HS256 secret) usable with exactly one algorithm."""

    kid: str | None
    algorithm: Algorithm
    key: PublicKey | bytes

    @classmethod
    def from_jwk(cls, jwk: Mapping[str, Any]) -> VerificationKey:
        """A public JWK (``OKP``/Ed25519 or ``EC``/P-256); symmetric JWKs are refused."""
        kty, crv = jwk.get("kty"), jwk.get("crv")
        kid = jwk.get("kid")
        if kid is not None and not isinstance(kid, str):
            raise KeyMaterialError("a JWK kid must be a string")
        declared = jwk.get("alg")
        payload = json.dumps(dict(jwk))
        public: PublicKey
        if kty == "OKP" and crv == "Ed25519":
            algorithm: Algorithm = "EdDSA"
            loaded = OKPAlgorithm.from_jwk(payload)
            if isinstance(loaded, ed25519.Ed25519PrivateKey):
                loaded = loaded.public_key()
            if not isinstance(loaded, ed25519.Ed25519PublicKey):
                raise KeyMaterialError("an OKP key must be Ed25519")
            public = loaded
        elif kty == "EC" and crv == "P-256":
            algorithm = "ES256"
            loaded_ec = ECAlgorithm.from_jwk(payload)
            if isinstance(loaded_ec, ec.EllipticCurvePrivateKey):
                loaded_ec = loaded_ec.public_key()
            public = loaded_ec
        else:
            raise KeyMaterialError(f"unsupported JWK (kty={kty!r}, crv={crv!r})")
        if declared is not None and declared != algorithm:
            raise KeyMaterialError(f"JWK alg {declared!r} does not match its key type")
        return cls(kid=kid, algorithm=algorithm, key=public)

    @classmethod
    def hs256(cls, secret: str | bytes, kid: str | None = None) -> VerificationKey:
        raw = secret.encode() if isinstance(secret, str) else secret
        if len(raw) < MIN_HS256_SECRET_BYTES:
            raise KeyMaterialError(f"an HS256 secret needs at least {MIN_HS256_SECRET_BYTES} bytes")
        return cls(kid=kid, algorithm="HS256", key=raw)


@dataclass(frozen=True)
class SigningKey:
    kid: str | None
    algorithm: Algorithm
    private_key: PrivateKey | bytes

    @classmethod
    def generate(cls, algorithm: str = "EdDSA", kid: str | None = None) -> SigningKey:
        """A fresh asymmetric key (``EdDSA`` = Ed25519, ``ES256`` = P-256)."""
        checked = _check_algorithm(algorithm)
        private: PrivateKey
        if checked == "EdDSA":
            private = ed25519.Ed25519PrivateKey.generate()
        elif checked == "ES256":
            private = ec.generate_private_key(ec.SECP256R1())
        else:
            raise KeyMaterialError("HS256 keys come from a configured secret: use SigningKey.hs256")
        return cls(kid=kid or new_kid(), algorithm=checked, private_key=private)

    @classmethod
    def hs256(cls, secret: str | bytes, kid: str | None = None) -> SigningKey:
        verification = VerificationKey.hs256(secret, kid)
        assert isinstance(verification.key, bytes)
        return cls(kid=kid, algorithm="HS256", private_key=verification.key)

    @classmethod
    def from_pem(cls, kid: str, algorithm: str, pem: str | bytes) -> SigningKey:
        checked = _check_algorithm(algorithm)
        raw = pem.encode() if isinstance(pem, str) else pem
        private = serialization.load_pem_private_key(raw, password=None)
        if checked == "EdDSA" and isinstance(private, ed25519.Ed25519PrivateKey):
            return cls(kid=kid, algorithm=checked, private_key=private)
        if (
            checked == "ES256"
            and isinstance(private, ec.EllipticCurvePrivateKey)
            and isinstance(private.curve, ec.SECP256R1)
        ):
            return cls(kid=kid, algorithm=checked, private_key=private)
        raise KeyMaterialError(f"the PEM key does not fit algorithm {algorithm!r}")

    @property
    def is_symmetric(self) -> bool:
        return isinstance(self.private_key, bytes)

    def private_pem(self) -> str:
        if isinstance(self.private_key, bytes):
            raise KeyMaterialError("an HS256 secret has no PEM form")
        return self.private_key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()

    def verification_key(self) -> VerificationKey:
        if isinstance(self.private_key, bytes):
            return VerificationKey(kid=self.kid, algorithm="HS256", key=self.private_key)
        return VerificationKey(
            kid=self.kid, algorithm=self.algorithm, key=self.private_key.public_key()
        )

    def public_jwk(self) -> dict[str, Any]:
        """The public half as a JWK with ``kid``, ``alg`` and ``use``."""
        if isinstance(self.private_key, bytes):
            raise KeyMaterialError("an HS256 secret is never published")
        public = self.private_key.public_key()
        if isinstance(public, ed25519.Ed25519PublicKey):
            jwk = OKPAlgorithm.to_jwk(public, as_dict=True)
        else:
            jwk = ECAlgorithm.to_jwk(public, as_dict=True)
        return {**jwk, "kid": self.kid, "alg": self.algorithm, "use": "sig"}
