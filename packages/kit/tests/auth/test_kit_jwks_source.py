"""Remote JWKS: cached, refetched on an unknown kid (rate-limited), stale keys kept on outages."""

import asyncio
import uuid
from datetime import timedelta

import httpx
import pytest

from fluxkit.auth.keys import SigningKey
from fluxkit.auth.tokens import (
    InvalidToken,
    JwtVerifier,
    RemoteJwksKeySource,
    access_claims,
    sign_token,
)

URL = "http://inkpass.test/.well-known/jwks.json"


class FakeInkPass:
    def __init__(self) -> None:
        self.keys = [SigningKey.generate("EdDSA")]
        self.requests = 0
        self.down = False

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        if self.down:
            return httpx.Response(503)
        jwks = [key.public_jwk() for key in self.keys]
        # Entries a verifier must ignore: an encryption key and a symmetric key.
        jwks.append({**SigningKey.generate().public_jwk(), "use": "enc", "kid": "enc"})
        jwks.append({"kty": "oct", "k": "c2VjcmV0", "kid": "oct"})
        return httpx.Response(200, json={"keys": jwks})


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def token(key: SigningKey) -> str:
    return sign_token(
        access_claims(
            issuer="i",
            audience="a",
            user_id=uuid.uuid4(),
            organization_id=uuid.uuid4(),
            roles=["member"],
            session_id=uuid.uuid4(),
            lifetime=timedelta(minutes=5),
        ),
        key,
    )


@pytest.fixture
def inkpass() -> FakeInkPass:
    return FakeInkPass()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def source(inkpass: FakeInkPass, clock: Clock) -> RemoteJwksKeySource:
    http = httpx.AsyncClient(transport=httpx.MockTransport(inkpass.handler))
    return RemoteJwksKeySource(URL, http, ttl=300, min_refetch_interval=10, clock=clock)


async def test_keys_are_cached(inkpass: FakeInkPass, source: RemoteJwksKeySource) -> None:
    verifier = JwtVerifier(source, issuer="i", audience="a")
    for _ in range(5):
        await verifier.verify_access_token(token(inkpass.keys[0]))
    assert inkpass.requests == 1


async def test_rotation_is_picked_up_on_unknown_kid(
    inkpass: FakeInkPass, source: RemoteJwksKeySource, clock: Clock
) -> None:
    verifier = JwtVerifier(source, issuer="i", audience="a")
    await verifier.verify_access_token(token(inkpass.keys[0]))
    inkpass.keys.append(SigningKey.generate("ES256"))
    clock.now += 11
    principal = await verifier.verify_access_token(token(inkpass.keys[1]))
    assert principal.roles == frozenset({"member"})
    assert inkpass.requests == 2


async def test_unknown_kids_cannot_hammer_inkpass(
    inkpass: FakeInkPass, source: RemoteJwksKeySource, clock: Clock
) -> None:
    verifier = JwtVerifier(source, issuer="i", audience="a")
    await verifier.verify_access_token(token(inkpass.keys[0]))
    for _ in range(20):
        with pytest.raises(InvalidToken, match="unknown"):
            await verifier.verify_access_token(token(SigningKey.generate()))
    assert inkpass.requests == 1  # within min_refetch_interval of the first fetch
    clock.now += 11
    with pytest.raises(InvalidToken):
        await verifier.verify_access_token(token(SigningKey.generate()))
    assert inkpass.requests == 2


async def test_symmetric_and_encryption_keys_are_ignored(
    inkpass: FakeInkPass, source: RemoteJwksKeySource
) -> None:
    await source.refresh()
    with pytest.raises(InvalidToken):
        await source.get_key("oct", "HS256")
    with pytest.raises(InvalidToken):
        await source.get_key("enc", "EdDSA")


async def test_stale_keys_keep_working_while_inkpass_is_down(
    inkpass: FakeInkPass, source: RemoteJwksKeySource, clock: Clock
) -> None:
    verifier = JwtVerifier(source, issuer="i", audience="a")
    await verifier.verify_access_token(token(inkpass.keys[0]))
    inkpass.down = True
    clock.now += 301
    assert (await verifier.verify_access_token(token(inkpass.keys[0]))).kind == "user"
    assert inkpass.requests == 2
    inkpass.down = False
    clock.now += 11
    await verifier.verify_access_token(token(inkpass.keys[0]))
    assert inkpass.requests == 3


async def test_a_service_started_before_inkpass_recovers_within_a_second(
    inkpass: FakeInkPass, source: RemoteJwksKeySource, clock: Clock
) -> None:
    """One process starts every service: the first fetch fails, the next request must retry."""
    inkpass.down = True
    with pytest.raises(httpx.HTTPStatusError):
        await source.refresh()
    inkpass.down = False
    clock.now += 1.5  # far less than min_refetch_interval, which only applies once keys exist
    verifier = JwtVerifier(source, issuer="i", audience="a")
    assert (await verifier.verify_access_token(token(inkpass.keys[0]))).kind == "user"


async def test_concurrent_first_requests_wait_for_the_fetch_in_flight(
    inkpass: FakeInkPass, clock: Clock
) -> None:
    started = asyncio.Event()
    release = asyncio.Event()

    async def slow_handler(request: httpx.Request) -> httpx.Response:
        started.set()
        await release.wait()
        return inkpass.handler(request)

    http = httpx.AsyncClient(transport=httpx.MockTransport(slow_handler))
    source = RemoteJwksKeySource(URL, http, min_refetch_interval=10, clock=clock)
    verifier = JwtVerifier(source, issuer="i", audience="a")
    first = asyncio.create_task(verifier.verify_access_token(token(inkpass.keys[0])))
    await started.wait()
    second = asyncio.create_task(verifier.verify_access_token(token(inkpass.keys[0])))
    await asyncio.sleep(0.01)
    release.set()
    results = await asyncio.gather(first, second)
    assert [principal.kind for principal in results] == ["user", "user"]
    assert inkpass.requests == 1
