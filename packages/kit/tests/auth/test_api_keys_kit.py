import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from redis.asyncio import Redis

from fluxkit.auth.api_keys import (
    ApiKeyPrincipal,
    CachingApiKeyVerifier,
    RemoteApiKeyIntrospector,
    display_prefix,
    generate_api_key,
    hash_api_key,
    parse_api_key_id,
    principal_from_json,
    principal_to_json,
)
from fluxkit.auth.principal import Principal
from fluxkit.auth.revocation import RevocationCache
from fluxkit.errors import ServiceUnavailable, Unauthorized


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    await client.flushdb()
    yield client
    await client.flushdb()
    await client.aclose()


class KeyStore:
    """Stands in for InkPass's table: which keys exist and how often they were looked up."""

    def __init__(self) -> None:
        self.principals: dict[str, Principal] = {}
        self.lookups = 0

    def add(self, *, expires_at: datetime | None = None) -> tuple[str, ApiKeyPrincipal]:
        key, _ = generate_api_key()
        principal = ApiKeyPrincipal(
            kind="api_key",
            user_id=uuid.uuid4(),
            organization_id=uuid.uuid4(),
            roles=frozenset({"member"}),
            scopes=frozenset({"tasks:read"}),
            api_key_id=uuid.uuid4(),
            expires_at=expires_at,
        )
        self.principals[key] = principal
        return key, principal

    async def introspect(self, key: str) -> Principal | None:
        self.lookups += 1
        return self.principals.get(key)


def test_generated_keys_have_the_documented_shape() -> None:
    key, key_id = generate_api_key()
    assert key.startswith(f"flx_{key_id}_")
    assert len(key_id) == 12 and key_id == key_id.lower()
    assert len(key.rsplit("_", 1)[1]) == 32
    assert parse_api_key_id(key) == key_id
    assert display_prefix(key_id) == f"flx_{key_id}"
    assert len(hash_api_key(key)) == 64 and hash_api_key(key) != hash_api_key(key + "x")
    assert generate_api_key()[0] != key


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "flx_",
        "flxs_abcdefghijkl_" + "a" * 32,
        "flx_ABCDEFGHIJKL_" + "a" * 32,
        "flx_abcdefghijkl_" + "a" * 31,
        "flx_abcdefghijkl_" + "a" * 31 + "!",
    ],
)
async def test_malformed_keys_are_rejected_without_a_lookup(bad: str) -> None:
    store = KeyStore()
    verifier = CachingApiKeyVerifier(store.introspect, None)
    with pytest.raises(Unauthorized):
        await verifier.verify_api_key(bad)
    assert store.lookups == 0


async def test_known_key_is_cached_and_unknown_key_is_unauthorized() -> None:
    store = KeyStore()
    key, principal = store.add()
    verifier = CachingApiKeyVerifier(store.introspect, None, ttl_seconds=60)
    for _ in range(5):
        assert await verifier.verify_api_key(key) == principal
    assert store.lookups == 1
    unknown, _ = generate_api_key()
    with pytest.raises(Unauthorized):
        await verifier.verify_api_key(unknown)


async def test_cache_entries_expire_after_the_ttl() -> None:
    store = KeyStore()
    key, _ = store.add()
    verifier = CachingApiKeyVerifier(store.introspect, None, ttl_seconds=0.05)
    await verifier.verify_api_key(key)
    await asyncio.sleep(0.08)
    del store.principals[key]  # deleted at the source: the next lookup must notice
    with pytest.raises(Unauthorized):
        await verifier.verify_api_key(key)
    assert store.lookups == 2


async def test_expired_keys_are_rejected_even_from_the_cache() -> None:
    store = KeyStore()
    past, _ = store.add(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    verifier = CachingApiKeyVerifier(store.introspect, None, ttl_seconds=60)
    with pytest.raises(Unauthorized):
        await verifier.verify_api_key(past)

    soon, _ = store.add(expires_at=datetime.now(UTC) + timedelta(milliseconds=150))
    await verifier.verify_api_key(soon)
    await asyncio.sleep(0.2)
    with pytest.raises(Unauthorized):
        await verifier.verify_api_key(soon)


async def test_revocation_through_another_process_rejects_within_a_second(redis: Redis) -> None:
    # Two RevocationCache instances on one Redis stand for two service processes.
    inkpass_side = RevocationCache(redis)
    other_service = RevocationCache(redis)
    await inkpass_side.start()
    await other_service.start()
    try:
        store = KeyStore()
        key, principal = store.add()
        untouched_key, _ = store.add()
        verifier = CachingApiKeyVerifier(store.introspect, other_service, ttl_seconds=3600)
        await verifier.verify_api_key(key)
        await verifier.verify_api_key(untouched_key)

        started = time.monotonic()
        await inkpass_side.revoke("api_key", str(principal.api_key_id), 600)
        while True:
            try:
                await verifier.verify_api_key(key)
            except Unauthorized:
                break
            assert time.monotonic() - started < 1.0, "revocation did not arrive within 1 s"
            await asyncio.sleep(0.01)
        # The source still says "active": the rejection came from the broadcast revocation.
        assert key in store.principals
        # Other keys stay cached.
        lookups = store.lookups
        assert await verifier.verify_api_key(untouched_key)
        assert store.lookups == lookups
    finally:
        await inkpass_side.stop()
        await other_service.stop()


async def test_revocation_racing_an_introspection_is_not_cached_as_valid(redis: Redis) -> None:
    revocations = RevocationCache(redis)
    await revocations.start()
    try:
        store = KeyStore()
        key, principal = store.add()
        await revocations.revoke("api_key", str(principal.api_key_id), 600)
        # The source has not caught up (an introspection read before the revocation committed).
        verifier = CachingApiKeyVerifier(store.introspect, revocations)
        with pytest.raises(Unauthorized):
            await verifier.verify_api_key(key)
    finally:
        await revocations.stop()


def test_principal_round_trips_through_introspection_json() -> None:
    principal = ApiKeyPrincipal(
        kind="api_key",
        user_id=uuid.uuid4(),
        organization_id=uuid.uuid4(),
        roles=frozenset({"admin"}),
        scopes=frozenset({"tasks:*", "files:read"}),
        api_key_id=uuid.uuid4(),
        groups=frozenset({"ops"}),
        attributes={"department": "finance"},
        expires_at=datetime(2031, 1, 2, 3, 4, 5, tzinfo=UTC),
    )
    assert principal_from_json(principal_to_json(principal)) == principal


async def test_remote_introspector_reads_the_answer_and_sends_the_service_token() -> None:
    principal = ApiKeyPrincipal(
        kind="api_key",
        user_id=uuid.uuid4(),
        organization_id=uuid.uuid4(),
        scopes=frozenset({"tasks:read"}),
        api_key_id=uuid.uuid4(),
    )
    active_key, _ = generate_api_key()
    seen: list[httpx.Request] = []

    def inkpass(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.headers["authorization"] != "Bearer flxs_test":
            return httpx.Response(401, json={"error": "Unauthorized"})
        body = httpx.Request("POST", "/", content=request.content).read()
        if active_key.encode() in body:
            return httpx.Response(200, json={"active": True, **principal_to_json(principal)})
        return httpx.Response(200, json={"active": False})

    async with httpx.AsyncClient(transport=httpx.MockTransport(inkpass)) as http:
        introspect = RemoteApiKeyIntrospector("http://inkpass/", "flxs_test", http_client=http)
        assert await introspect(active_key) == principal
        assert await introspect(generate_api_key()[0]) is None
        assert seen[0].url == "http://inkpass/api/v1/api-keys/introspect"

        # A refusal to answer is not a verdict on the key: 503, never a cached "invalid".
        wrong = RemoteApiKeyIntrospector("http://inkpass", "flxs_wrong", http_client=http)
        with pytest.raises(ServiceUnavailable):
            await wrong(active_key)


async def test_unreachable_identity_service_is_a_503() -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(down)) as http:
        verifier = CachingApiKeyVerifier(
            RemoteApiKeyIntrospector("http://inkpass", "flxs_x", http_client=http), None
        )
        with pytest.raises(ServiceUnavailable):
            await verifier.verify_api_key(generate_api_key()[0])
