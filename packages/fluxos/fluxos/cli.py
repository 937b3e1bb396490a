"""The ``fluxos`` command: run the platform locally, migrate, seed, test."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from fluxkit.manifest import ServiceManifest
from fluxos.control import (
    DETACHED_ENV,
    clear_leftovers,
    launch_detached,
    running_state,
    show_status,
    stop_stack,
)
from fluxos.embedded import EmbeddedServerError
from fluxos.infra import Infrastructure, LaunchError, Step, run_migrations, run_seeds
from fluxos.openapi import export_openapi
from fluxos.paths import repo_root
from fluxos.services import ManifestError, load_manifests
from fluxos.state import development_secrets, prepare_data_dir, save_credentials
from fluxos.supervisor import Supervisor
from fluxos.testrun import run_tests
from fluxos.ui import error, make_step
from fluxos.webbuild import ensure_web_build

app = typer.Typer(
    name="fluxos",
    help="Run fluxos on this machine: embedded Postgres and Valkey, every service, the web app.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(highlight=False)

DataDir = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        envvar="FLUXOS_DATA_DIR",
        help="Where the stack keeps its data [default: .fluxos in the checkout]",
        show_default=False,
    ),
]
Port = Annotated[int, typer.Option("--port", envvar="FLUXOS_PORT", help="Gateway port")]
Host = Annotated[str, typer.Option("--host", envvar="FLUXOS_HOST", help="Gateway address")]

KNOWN_FAILURES = (LaunchError, EmbeddedServerError, ManifestError)


def _data_dir(option: Path | None, *, create: bool = True) -> Path:
    directory = option if option is not None else repo_root() / ".fluxos"
    return prepare_data_dir(directory) if create else directory.expanduser().resolve()


def _manifests() -> list[ServiceManifest]:
    try:
        return load_manifests()
    except ManifestError as exc:
        error(console, str(exc))
        raise typer.Exit(1) from exc


@app.command()
def up(
    port: Port = 8080,
    host: Host = "127.0.0.1",
    data_dir: DataDir = None,
    detach: Annotated[
        bool, typer.Option("--detach", "-d", help="Run in the background; return once healthy")
    ] = False,
) -> None:
    """Start everything and serve it at http://HOST:PORT (Ctrl-C stops it)."""
    directory = _data_dir(data_dir)
    state = running_state(directory)
    if state is not None:
        error(console, f"fluxos is already running at {state.url} (pid {state.supervisor.pid})")
        raise typer.Exit(1)
    clear_leftovers(directory, console)
    try:
        ensure_web_build(
            repo_root() / "web", directory / "logs" / "web-build.log", make_step(console)
        )
    except LaunchError as exc:
        error(console, str(exc))
        raise typer.Exit(1) from exc
    if detach:
        raise typer.Exit(launch_detached(directory, host, port, console))
    supervisor = Supervisor(
        directory,
        _manifests(),
        host=host,
        port=port,
        console=console,
        detached=bool(os.environ.get(DETACHED_ENV)),
    )
    raise typer.Exit(supervisor.run())


@app.command()
def down(data_dir: DataDir = None) -> None:
    """Stop a stack started with `fluxos up --detach`."""
    raise typer.Exit(stop_stack(_data_dir(data_dir, create=False), console))


@app.command()
def status(data_dir: DataDir = None) -> None:
    """Show what runs, where, and whether it is ready (exit 0 ready, 1 not ready, 3 stopped)."""
    raise typer.Exit(show_status(_data_dir(data_dir, create=False), console))


def _with_databases(
    data_dir: Path, action: Callable[[list[ServiceManifest], dict[str, str], Step], None]
) -> None:
    """Run ``action`` against the service databases: the running stack's, or embedded ones
    started (and stopped) for the occasion."""
    manifests = _manifests()
    step = make_step(console)
    secrets = development_secrets(data_dir, [m.name for m in manifests])
    state = running_state(data_dir)
    try:
        if state is not None and all(m.name in state.database_urls for m in manifests):
            os.environ.update({k: v for k, v in secrets.items() if k not in os.environ})
            action(manifests, dict(state.database_urls), step)
            return
        clear_leftovers(data_dir, console)
        with Infrastructure(data_dir, manifests) as infra:
            infra.start(step, redis=False)
            os.environ.update(infra.service_environment(secrets))
            action(manifests, infra.database_urls, step)
    except KNOWN_FAILURES as exc:
        error(console, str(exc))
        raise typer.Exit(1) from exc


@app.command()
def migrate(data_dir: DataDir = None) -> None:
    """Create each service's database and apply its migrations."""
    _with_databases(_data_dir(data_dir), run_migrations)


@app.command()
def seed(data_dir: DataDir = None) -> None:
    """Apply migrations, then run each service's seed (first admin and organization)."""
    directory = _data_dir(data_dir)

    def migrate_and_seed(
        manifests: list[ServiceManifest], urls: dict[str, str], step: Step
    ) -> None:
        run_migrations(manifests, urls, step)
        for service, values in run_seeds(manifests, urls, step).items():
            save_credentials(directory, service, values)
            console.print(f"{service}: " + ", ".join(f"{k}={v}" for k, v in values.items()))

    _with_databases(directory, migrate_and_seed)


@app.command()
def openapi(
    out: Annotated[
        Path, typer.Option("--out", help="Folder for the <service>.json documents")
    ] = Path("web/openapi"),
) -> None:
    """Write each service's OpenAPI document (from its app, no server needed)."""
    for path in export_openapi(_manifests(), out):
        console.print(f"[green]✓[/] {path}")


@app.command(
    context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
)
def test(ctx: typer.Context) -> None:
    """Run pytest (extra arguments pass through) against throwaway Postgres and Valkey.

    Uses FLUXOS_TEST_DATABASE_URL / FLUXOS_TEST_REDIS_URL instead when they are set.
    """
    try:
        code = run_tests(list(ctx.args), console)
    except KNOWN_FAILURES as exc:
        error(console, str(exc))
        raise typer.Exit(1) from exc
    raise typer.Exit(code)


def main() -> None:
    app(prog_name="fluxos")


if __name__ == "__main__":
    main()
