"""Redis/Valkey client factory (one pool per process, created in the lifespan)."""

from __future__ import annotations

from redis.asyncio import BlockingConnectionPool, Redis

# A burst of requests waits for a free connection instead of failing once the pool is full
# (redis-py's default pool raises past 100 connections).
MAX_CONNECTIONS = 256
POOL_TIMEOUT_SECONDS = 10


def create_redis(url: str) -> Redis:
    pool = BlockingConnectionPool.from_url(
        url,
        decode_responses=False,
        health_check_interval=15,
        max_connections=MAX_CONNECTIONS,
        timeout=POOL_TIMEOUT_SECONDS,
    )
    return Redis.from_pool(pool)  # the client owns the pool: aclose() closes it
