"""Long-lived things executors use, built once per worker process and shared by its steps."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tentacle.agents.settings import AgentsSettings
from tentacle.executors.search import HttpJsonSearchProvider, SearchProvider
from tentacle.executors.stores import MemoryStore, WorkspaceStore

if TYPE_CHECKING:
    from fluxkit.http import GuardedClient


@dataclass(frozen=True)
class SandboxLimits:
    cpu_seconds: int = 20
    memory_mb: int = 512
    wall_seconds: float = 30.0
    max_file_mb: int = 20
    max_open_files: int = 64
    max_output_chars: int = 20_000


@dataclass
class ExecutorResources:
    http: GuardedClient | None = None
    """The guarded outbound client (http_fetch, web_research page reads)."""
    search: SearchProvider | None = None
    workspace: WorkspaceStore | None = None
    memory: MemoryStore | None = None
    sandbox: SandboxLimits = field(default_factory=SandboxLimits)
    sandbox_python: str = ""

    @classmethod
    def from_settings(cls, settings: AgentsSettings) -> ExecutorResources:
        """Resources for a worker; call :meth:`aclose` when the worker stops."""
        from fluxkit.http import GuardedClient

        http = GuardedClient(
            allow_hosts=settings.http_fetch_allow_hosts,
            allow_networks=settings.http_fetch_allow_networks,
            max_response_bytes=settings.http_fetch_max_bytes,
        )
        search: SearchProvider | None = None
        if settings.search_url:
            search = HttpJsonSearchProvider(
                settings.search_url,
                http,
                api_key=settings.search_api_key.get_secret_value(),
                api_key_header=settings.search_api_key_header,
                results_key=settings.search_results_key,
            )
        return cls(
            http=http,
            search=search,
            sandbox_python=settings.sandbox_python,
        )

    async def aclose(self) -> None:
        if self.http is not None:
            await self.http.aclose()
