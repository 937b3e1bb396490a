"""Embeddings from a provider through litellm (OpenAI, Azure, Cohere, Ollama, any
OpenAI-compatible server), when ``TENTACLE_EMBEDDING_MODEL`` names a model."""

from __future__ import annotations

import math
import os
from functools import cache
from typing import Any

from tentacle.memory.embeddings.base import EmbeddingFailed, EmbeddingProvider

# Like the kit's LLM client: litellm's bundled price map, never a fetch at import time.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")


@cache
def _litellm() -> Any:
    import litellm

    litellm.telemetry = False
    litellm.suppress_debug_info = True
    return litellm


class LiteLLMEmbeddingProvider(EmbeddingProvider):
    def __init__(
        self,
        model: str,
        *,
        api_base: str | None = None,
        api_key: str = "",
        dimensions: int | None = None,
        timeout_seconds: float = 30.0,
    ) -> None:
        self.name = model
        self.dimensions = dimensions
        self.api_base = api_base
        self.api_key = api_key
        self.timeout_seconds = timeout_seconds

    async def embed(self, texts: list[str]) -> list[list[float]]:
        litellm = _litellm()
        # Retries belong to the Celery task (with backoff), not to litellm or the SDK under it.
        options: dict[str, Any] = {
            "timeout": self.timeout_seconds,
            "num_retries": 0,
            "max_retries": 0,
        }
        if self.api_base:
            options["api_base"] = self.api_base
        if self.api_key:
            options["api_key"] = self.api_key
        if self.dimensions:
            options["dimensions"] = self.dimensions
        try:
            response = await litellm.aembedding(model=self.name, input=texts, **options)
        except Exception as exc:  # litellm maps every provider failure to its own classes
            raise EmbeddingFailed(f"{self.name}: {type(exc).__name__}: {exc}") from exc
        return self._vectors(response, len(texts))

    def _vectors(self, response: Any, count: int) -> list[list[float]]:
        items = sorted(
            (dict(item) if not isinstance(item, dict) else item for item in response.data),
            key=lambda item: int(item.get("index", 0)),
        )
        vectors: list[list[float]] = []
        for item in items:
            vector = item.get("embedding")
            if not isinstance(vector, list) or not vector:
                raise EmbeddingFailed(f"{self.name}: an answer without an embedding")
            values = [float(v) for v in vector]
            if not all(math.isfinite(v) for v in values):
                raise EmbeddingFailed(f"{self.name}: an embedding with non-finite values")
            vectors.append(values)
        if len(vectors) != count or len({len(v) for v in vectors}) != 1:
            raise EmbeddingFailed(f"{self.name}: {len(vectors)} embeddings for {count} texts")
        return vectors
