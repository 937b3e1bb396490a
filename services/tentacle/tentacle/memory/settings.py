"""Memory settings, mixed into TentacleSettings (env prefix ``TENTACLE_``)."""

from __future__ import annotations

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings


class MemorySettings(BaseSettings):
    """Which model embeds memories, and how semantic matches join the ranking."""

    embedding_model: str = Field(
        default="",
        description=(
            "litellm embedding model (e.g. 'openai/text-embedding-3-small'); empty: the bundled "
            "all-MiniLM-L6-v2 run in process."
        ),
    )
    embedding_api_base: str | None = Field(default=None, description="OpenAI-compatible base URL.")
    embedding_api_key: SecretStr = SecretStr("")
    embedding_dimensions: int | None = Field(
        default=None, ge=1, description="Ask models that support it for this many dimensions."
    )
    embedding_timeout_seconds: float = Field(default=30.0, gt=0)
    embedding_max_retries: int = Field(default=8, ge=0, description="Celery retries per memory.")
    embedding_retry_base_seconds: float = Field(default=2.0, ge=0)
    embedding_retry_max_seconds: float = Field(default=300.0, ge=0)
    embedding_sweep_interval_seconds: float = Field(
        default=300.0, gt=0, description="How often memories missing an embedding are queued."
    )
    memory_min_similarity: float = Field(
        default=0.25,
        ge=-1,
        le=1,
        description="Cosine similarity a memory needs to count as a semantic match.",
    )
