"""Authentication and authorization latency on one core.

Measures, against a running InkPass (real Postgres and Valkey): verifying a request's JWT,
verifying an API key (warm cache, and cold through introspection), deciding an ABAC request
from the organization's cached policies, and the combinations a service pays per request.
Prints one JSON object on its last line. Goals: JWT + decision < 0.5 ms; API key < 1 ms.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import uuid

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

from _stack import measure, pin_to_one_core, servers

ITERATIONS = int(os.environ.get("BENCH_ITERATIONS", "5000"))


async def run(admin_url: str, redis_url: str) -> dict[str, object]:
    import anyio
    from sqlalchemy.ext.asyncio import create_async_engine

    from fluxkit import migrations
    from fluxkit.abac import Policy, PolicyCache
    from fluxkit.auth.authorize import access_request
    from fluxkit.testing import client_for, recreate_database, running
    from inkpass.all_models import load_models
    from inkpass.app import create_app
    from inkpass.manifest import MANIFEST
    from inkpass.policies.service import enabled_policies
    from inkpass.settings import InkPassSettings

    url = await recreate_database(admin_url, "bench_inkpass")
    if any((MANIFEST.migrations / "versions").glob("*.py")):
        await anyio.to_thread.run_sync(migrations.upgrade, MANIFEST.migrations, url)
    else:
        engine = create_async_engine(url)
        async with engine.begin() as connection:
            await connection.run_sync(load_models().metadata.create_all)
        await engine.dispose()
    settings = InkPassSettings(
        environment="test",
        database_url=url,
        redis_url=f"{redis_url.rsplit('/', 1)[0] if redis_url.count('/') > 2 else redis_url}/14",
        keyring="bench:" + "A" * 43,
        log_json=False,
        log_level="WARNING",
    )
    app = create_app(settings)
    async with running(app):
        await app.state.redis.flushdb()
        async with client_for(app) as client:
            registered = await client.post(
                "/api/v1/auth/register",
                json={
                    "email": "bench@example.com",
                    "password": "violet-harbor-quartz-1187",
                    "display_name": "Bench",
                    "organization_name": "Bench Org",
                },
            )
            assert registered.status_code == 201, registered.text
            tokens = registered.json()
            headers = {"Authorization": f"Bearer {tokens['access_token']}"}
            created = await client.post(
                "/api/v1/api-keys", json={"name": "bench", "scopes": ["*"]}, headers=headers
            )
            created.raise_for_status()
            api_key = created.json()["key"]

            # A realistic organization: a dozen custom policies above the role templates.
            for index in range(12):
                policy = {
                    "name": f"bench policy {index}",
                    "effect": "forbid" if index % 4 == 0 else "permit",
                    "principal": {"groups": [f"team-{index}"]},
                    "actions": [f"reports{index}:read", f"reports{index}:export"],
                    "resource_type": f"reports{index}",
                    "resource": {"sensitivity": {"in": ["low", "medium"]}},
                    "context": {"source_ips": ["10.0.0.0/8", "127.0.0.0/8"]},
                }
                made = await client.post("/api/v1/policies", json=policy, headers=headers)
                assert made.status_code == 201, made.text

            authenticator = app.state.authenticator
            factory = app.state.session_factory

            async def load_policies(organization_id: uuid.UUID) -> list[Policy]:
                async with factory() as session:
                    return await enabled_policies(session, organization_id)

            # What every other service runs: policies cached per organization, invalidated
            # over Redis (their loader calls InkPass over HTTP; the steady state is the cache).
            policy_cache = PolicyCache(load_policies, app.state.redis)
            await policy_cache.start()
            jwt_header = f"Bearer {tokens['access_token']}"
            key_header = f"Bearer {api_key}"

            async def jwt_only() -> object:
                return await authenticator.authenticate(jwt_header, None)

            async def decision_only_for(principal: object) -> object:
                request = access_request(principal, "tasks", "read", ip="127.0.0.1")  # type: ignore[arg-type]
                decision = await policy_cache.evaluate(request)
                assert decision.allowed, decision
                return decision

            user = await jwt_only()

            async def decision_only() -> object:
                return await decision_only_for(user)

            async def jwt_and_decision() -> object:
                return await decision_only_for(await jwt_only())

            async def key_only() -> object:
                return await authenticator.authenticate(key_header, None)

            async def key_and_decision() -> object:
                return await decision_only_for(await key_only())

            verifier = authenticator.api_keys

            async def key_cold() -> object:
                verifier.cache.invalidate_all()
                return await key_only()

            async def http_me_with(header: str) -> object:
                response = await client.get("/api/v1/users/me", headers={"Authorization": header})
                assert response.status_code == 200, response.text
                return response

            results: dict[str, object] = {
                "jwt_verify": await measure(jwt_only, ITERATIONS),
                "authorization_decision": await measure(decision_only, ITERATIONS),
                "jwt_verify_plus_decision": await measure(jwt_and_decision, ITERATIONS),
                "api_key_verify_cached": await measure(key_only, ITERATIONS),
                "api_key_verify_plus_decision": await measure(key_and_decision, ITERATIONS),
                "api_key_verify_cold_introspection": await measure(key_cold, 500, warmup=20),
                "http_request_users_me_jwt": await measure(
                    lambda: http_me_with(jwt_header), 500, warmup=20
                ),
                "http_request_users_me_api_key": await measure(
                    lambda: http_me_with(key_header), 500, warmup=20
                ),
            }
            await policy_cache.stop()
    return results


def main() -> None:
    core = pin_to_one_core()
    with servers() as (admin_url, redis_url):
        results = asyncio.run(run(admin_url, redis_url))
    jwt_total = results["jwt_verify_plus_decision"]["median_ms"]  # type: ignore[index]
    key_total = results["api_key_verify_cached"]["median_ms"]  # type: ignore[index]
    results["pinned_core"] = core
    results["python"] = sys.version.split()[0]
    results["goals"] = {
        "jwt_plus_decision_under_0_5_ms": jwt_total < 0.5,
        "api_key_under_1_ms": key_total < 1.0,
    }
    print(json.dumps(results))


if __name__ == "__main__":
    main()
