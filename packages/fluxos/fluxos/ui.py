"""Terminal output: a spinner around slow steps, success and failure lines, the login banner."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager

from rich.console import Console
from rich.markup import escape

from fluxos.infra import Step


def make_step(console: Console) -> Step:
    @contextmanager
    def step(label: str) -> Iterator[None]:
        started = time.monotonic()
        try:
            with console.status(f"{escape(label)}…", spinner="dots"):
                yield
        except BaseException:
            console.print(f"[red]✗[/] {escape(label)}")
            raise
        console.print(f"[green]✓[/] {escape(label)} [dim]({time.monotonic() - started:.1f}s)[/]")

    def factory(label: str) -> AbstractContextManager[None]:
        return step(label)

    return factory


def error(console: Console, message: str) -> None:
    console.print(f"[bold red]error:[/] {escape(message)}")


def probe_host(host: str) -> str:
    """Where to reach a server bound to ``host`` from this machine."""
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def print_banner(
    console: Console,
    url: str,
    credentials: Mapping[str, Mapping[str, str]],
    *,
    detached: bool,
    data_dir_label: str,
) -> None:
    console.print()
    console.print(f"[bold green]fluxos is up[/] at [bold]{url}[/]")
    logins = [values for values in credentials.values() if values.get("email")]
    for values in logins:
        password = values.get("password", "(see the seed output)")
        console.print(
            f"  Log in as [bold]{escape(values['email'])}[/] / [bold]{escape(password)}[/]"
        )
    if logins:
        console.print(f"  [dim](saved in {escape(data_dir_label)}/credentials.json)[/]")
    if detached:
        console.print(
            "  Stop it with [bold]fluxos down[/]; [bold]fluxos status[/] shows its health."
        )
    else:
        console.print("  Press [bold]Ctrl-C[/] to stop.")
