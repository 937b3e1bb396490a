"""Gateway process entry point: ``python -m fluxos.gateway_main --host H --port P``.

Service settings come from the environment the supervisor prepared (``<NAME>_DATABASE_URL``,
``REDIS_URL``, secrets); nothing connects before the lifespan starts.
"""

from __future__ import annotations

import argparse
import os

import uvicorn

from fluxos.gateway import Gateway, build_gateway
from fluxos.paths import web_dist
from fluxos.services import load_manifests


def create_app() -> Gateway:
    return build_gateway(load_manifests(), web_dist())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="fluxos-gateway")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--log-level", default=os.environ.get("FLUXOS_LOG_LEVEL", "info"))
    args = parser.parse_args(argv)
    uvicorn.run(
        "fluxos.gateway_main:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        lifespan="on",
        log_level=args.log_level,
        # SSE streams never end by themselves; do not let them hold a shutdown forever.
        timeout_graceful_shutdown=5,
    )


if __name__ == "__main__":
    main()
