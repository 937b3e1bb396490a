"""Tentacle settings (env prefix ``TENTACLE_``; platform names as fallbacks)."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from fluxkit.llm import LLMSettings
from fluxkit.settings import ServiceSettings
from tentacle.agents.settings import AgentsSettings
from tentacle.memory.settings import MemorySettings


class TentacleSettings(AgentsSettings, MemorySettings, LLMSettings, ServiceSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", env_prefix="TENTACLE_")

    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/tentacle"
    celery_broker_url: str = Field(default="", description="Celery broker; empty: redis_url.")

    # Other services (reached through ServiceClient acting for the task's user)
    inkpass_url: str = "http://127.0.0.1:8080"
    mimic_url: str = "http://127.0.0.1:8080"
    den_url: str = "http://127.0.0.1:8080"

    # Authentication (tokens are issued by InkPass)
    jwks_url: str = ""
    jwt_issuer: str = "fluxos-inkpass"
    jwt_audience: str = "fluxos"
    jwt_algorithms: list[str] = ["EdDSA", "ES256"]

    # Orchestrator
    max_parallel_steps: int = Field(default=8, ge=1, description="Running steps per task.")
    step_lease_seconds: float = Field(
        default=300.0, gt=0, description="A running step whose lease expires is run again."
    )
    step_max_retries: int = Field(default=3, ge=0)
    retry_base_seconds: float = Field(default=1.0, ge=0)
    retry_max_seconds: float = Field(default=60.0, ge=0)
    cycle_lock_retry_seconds: float = Field(default=0.02, ge=0)
    reap_interval_seconds: float = Field(default=15.0, gt=0)
    max_replans: int = Field(default=2, ge=0, description="Strategic replans per task.")

    # Checkpoints and preferences
    checkpoint_cost_threshold_usd: float = Field(
        default=1.0, ge=0, description="A step estimated above this pauses for approval."
    )
    checkpoint_expires_in_seconds: int = Field(default=24 * 3600, gt=0)
    checkpoint_expiry_outcome: Literal["reject", "approve", "cancel"] = "reject"
    checkpoint_expiry_interval_seconds: float = Field(default=30.0, gt=0)
    preference_auto_approve_after: int = Field(
        default=3, ge=0, description="Consistent approvals before auto-approval; 0 disables."
    )
    preference_half_life_days: float = Field(default=30.0, gt=0)
    preference_grace_days: float = Field(default=7.0, ge=0)

    # Planner, fast path (the LLM fields come from fluxkit.llm.LLMSettings: TENTACLE_LLM_*)
    planner_max_attempts: int = Field(
        default=3, ge=1, description="Planner calls per plan; validation errors are fed back."
    )
    planner_max_steps: int = Field(default=25, ge=1)
    planner_max_tokens: int = Field(default=2048, ge=64)
    prompts_dir: str = Field(default="", description="Planner prompts; empty: <repo>/prompts.")
    fast_path_enabled: bool = True

    # Flux chat (its model is TENTACLE_LLM_FLUX_MODEL, else the platform's LLM_MODEL)
    chat_max_tool_rounds: int = Field(
        default=6, ge=1, description="Model calls with tools per reply before Flux must answer."
    )
    chat_max_tokens: int = Field(default=1024, ge=64, description="Completion ceiling per call.")
    chat_context_tokens: int = Field(
        default=12_000, ge=500, description="Prompt size past which older turns are summarised."
    )
    chat_keep_recent_messages: int = Field(
        default=12,
        ge=2,
        description="Messages kept word for word when a conversation is compacted.",
    )
    chat_tool_timeout_seconds: float = Field(default=60.0, gt=0)
    chat_tool_result_chars: int = Field(
        default=8_000, ge=500, description="A tool result longer than this is cut for the model."
    )

    # Events
    event_stream_maxlen: int = Field(default=10_000, ge=100)
    event_poll_seconds: float = Field(default=0.1, gt=0)
    sse_heartbeat_seconds: float = Field(default=15.0, gt=0)

    # Triggers and automations
    trigger_sweep_interval_seconds: float = Field(
        default=1.0, gt=0, description="How often finished trigger tasks are answered."
    )
    automation_tick_seconds: float = Field(
        default=5.0, gt=0, description="How often the scheduler starts due automations."
    )

    @property
    def broker_url(self) -> str:
        return self.celery_broker_url or self.redis_url

    @property
    def resolved_jwks_url(self) -> str:
        return self.jwks_url or self.inkpass_url.rstrip("/") + "/.well-known/jwks.json"


@lru_cache
def get_settings() -> TentacleSettings:
    return TentacleSettings()
