"""Access-token verification: every forgery and misuse a caller could try is a 401."""

import base64
import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest

from fluxkit.auth.keys import SigningKey, VerificationKey
from fluxkit.auth.tokens import (
    InvalidToken,
    JwtVerifier,
    StaticKeySource,
    access_claims,
    sign_token,
)

ISSUER = "fluxos-inkpass"
AUDIENCE = "fluxos"
HS_SECRET = "s" * 40


def claims(**overrides: Any) -> dict[str, Any]:
    base = access_claims(
        issuer=ISSUER,
        audience=AUDIENCE,
        user_id=uuid.uuid4(),
        organization_id=uuid.uuid4(),
        roles=["admin"],
        session_id=uuid.uuid4(),
        lifetime=timedelta(minutes=30),
        groups=["ops"],
    )
    base.update(overrides)
    return base


@pytest.fixture(params=["EdDSA", "ES256"])
def key(request: pytest.FixtureRequest) -> SigningKey:
    return SigningKey.generate(request.param)


@pytest.fixture
def verifier(key: SigningKey) -> JwtVerifier:
    return JwtVerifier(StaticKeySource([key.verification_key()]), issuer=ISSUER, audience=AUDIENCE)


def b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


async def test_valid_token_becomes_a_principal(key: SigningKey, verifier: JwtVerifier) -> None:
    payload = claims()
    principal = await verifier.verify_access_token(sign_token(payload, key))
    assert principal.kind == "user"
    assert str(principal.user_id) == payload["sub"]
    assert str(principal.organization_id) == payload["org"]
    assert str(principal.session_id) == payload["sid"]
    assert principal.roles == frozenset({"admin"})
    assert principal.groups == frozenset({"ops"})
    assert jwt.get_unverified_header(sign_token(payload, key))["kid"] == key.kid


async def test_modified_payload_is_rejected(key: SigningKey, verifier: JwtVerifier) -> None:
    header, _, signature = sign_token(claims(), key).split(".")
    forged = f"{header}.{b64(claims(roles=['owner']))}.{signature}"
    with pytest.raises(InvalidToken):
        await verifier.verify_access_token(forged)


async def test_alg_none_is_rejected(key: SigningKey, verifier: JwtVerifier) -> None:
    unsigned = f"{b64({'alg': 'none', 'typ': 'JWT', 'kid': key.kid})}.{b64(claims())}."
    with pytest.raises(InvalidToken, match="algorithm"):
        await verifier.verify_access_token(unsigned)
    with pytest.raises(ValueError):
        JwtVerifier(StaticKeySource(), issuer=ISSUER, audience=AUDIENCE, algorithms=["none"])


async def test_hs256_signed_with_the_public_key_is_rejected(
    key: SigningKey, verifier: JwtVerifier
) -> None:
    """The classic key-confusion attack: HMAC keyed with the (public) verification key."""
    public = key.verification_key().key
    assert not isinstance(public, bytes)
    from cryptography.hazmat.primitives import serialization

    pem = public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    forged_header = b64({"alg": "HS256", "typ": "JWT", "kid": key.kid})
    signing_input = f"{forged_header}.{b64(claims())}".encode()
    import hashlib
    import hmac

    mac = hmac.new(pem, signing_input, hashlib.sha256).digest()
    forged = signing_input.decode() + "." + base64.urlsafe_b64encode(mac).decode().rstrip("=")
    with pytest.raises(InvalidToken):
        await verifier.verify_access_token(forged)
    # Even a verifier that accepts HS256 refuses it for a key bound to an asymmetric algorithm.
    permissive = JwtVerifier(
        StaticKeySource([key.verification_key()]),
        issuer=ISSUER,
        audience=AUDIENCE,
        algorithms=["EdDSA", "ES256", "HS256"],
    )
    with pytest.raises(InvalidToken, match="unknown"):
        await permissive.verify_access_token(forged)


async def test_token_from_another_key_is_rejected(key: SigningKey, verifier: JwtVerifier) -> None:
    impostor = SigningKey(
        kid=key.kid,
        algorithm=key.algorithm,
        private_key=SigningKey.generate(key.algorithm).private_key,
    )
    with pytest.raises(InvalidToken, match="signature"):
        await verifier.verify_access_token(sign_token(claims(), impostor))
    stranger = SigningKey.generate(key.algorithm)
    with pytest.raises(InvalidToken, match="unknown"):
        await verifier.verify_access_token(sign_token(claims(), stranger))


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"aud": "another-app"}, "audience"),
        ({"iss": "https://evil.example"}, "issuer"),
        ({"exp": int((datetime.now(UTC) - timedelta(minutes=1)).timestamp())}, "expired"),
        ({"typ": "refresh"}, "not an access"),
        ({"sub": "not-a-uuid"}, "sub"),
    ],
)
async def test_wrong_claims_are_rejected(
    key: SigningKey, verifier: JwtVerifier, overrides: dict[str, Any], reason: str
) -> None:
    with pytest.raises(InvalidToken, match=reason):
        await verifier.verify_access_token(sign_token(claims(**overrides), key))


async def test_missing_required_claims_are_rejected(key: SigningKey, verifier: JwtVerifier) -> None:
    for name in ("exp", "typ", "jti", "aud"):
        payload = claims()
        del payload[name]
        with pytest.raises(InvalidToken):
            await verifier.verify_access_token(sign_token(payload, key))


async def test_opaque_refresh_token_is_not_an_access_token(verifier: JwtVerifier) -> None:
    with pytest.raises(InvalidToken, match="not a valid JWT"):
        await verifier.verify_access_token("flxr_" + "x" * 43)


async def test_hs256_mode_verifies_with_the_shared_secret() -> None:
    key = SigningKey.hs256(HS_SECRET)
    verifier = JwtVerifier(
        StaticKeySource.hs256(HS_SECRET), issuer=ISSUER, audience=AUDIENCE, algorithms=["HS256"]
    )
    principal = await verifier.verify_access_token(sign_token(claims(), key))
    assert principal.kind == "user"
    with pytest.raises(InvalidToken):
        await verifier.verify_access_token(sign_token(claims(), SigningKey.hs256("t" * 40)))
    # An asymmetric token is refused by an HS256-only verifier before any key lookup.
    with pytest.raises(InvalidToken, match="algorithm"):
        await verifier.verify_access_token(sign_token(claims(), SigningKey.generate()))
    with pytest.raises(ValueError):
        VerificationKey.hs256("short")


async def test_keys_round_trip_through_pem_and_jwk(key: SigningKey) -> None:
    restored = SigningKey.from_pem(key.kid or "", key.algorithm, key.private_pem())
    from_jwk = VerificationKey.from_jwk(key.public_jwk())
    assert from_jwk.algorithm == key.algorithm and from_jwk.kid == key.kid
    verifier = JwtVerifier(StaticKeySource([from_jwk]), issuer=ISSUER, audience=AUDIENCE)
    assert (await verifier.verify_access_token(sign_token(claims(), restored))).kind == "user"
    assert "d" not in key.public_jwk()
    with pytest.raises(ValueError):
        VerificationKey.from_jwk({"kty": "oct", "k": "c2VjcmV0", "kid": "x"})
    with pytest.raises(ValueError):
        VerificationKey.from_jwk({**key.public_jwk(), "alg": "HS256"})
