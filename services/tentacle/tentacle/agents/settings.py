"""Settings of agents and executors, mixed into TentacleSettings (env prefix ``TENTACLE_``)."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings


class AgentsSettings(BaseSettings):
    """Agent files, outbound fetch allow-list, search provider, sandbox interpreter."""

    agents_dir: str = Field(default="", description="Agent YAML directory; default <repo>/agents.")
    http_fetch_allow_hosts: list[str] = Field(
        default_factory=list,
        description="Hosts http_fetch and web_research may reach even when they are internal.",
    )
    http_fetch_allow_networks: list[str] = Field(default_factory=list)
    http_fetch_max_bytes: int = Field(default=5 * 1024 * 1024, ge=1)
    search_url: str = Field(default="", description="HTTP JSON search endpoint for web_research.")
    search_api_key: SecretStr = SecretStr("")
    search_api_key_header: str = "Authorization"
    search_results_key: str = "results"
    sandbox_python: str = Field(default="", description="Interpreter for data_scientist code.")
