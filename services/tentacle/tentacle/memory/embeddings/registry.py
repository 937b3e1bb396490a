"""The process's embedding provider, chosen by settings and built once per configuration."""

from __future__ import annotations

import threading

from tentacle.memory.embeddings.base import EmbeddingProvider
from tentacle.memory.embeddings.local import LocalEmbeddingProvider
from tentacle.memory.embeddings.remote import LiteLLMEmbeddingProvider
from tentacle.memory.settings import MemorySettings

_providers: dict[tuple[object, ...], EmbeddingProvider] = {}
_lock = threading.Lock()


def embedding_provider(settings: MemorySettings) -> EmbeddingProvider:
    """litellm when ``embedding_model`` is set, otherwise the bundled local model."""
    key = (
        settings.embedding_model,
        settings.embedding_api_base,
        settings.embedding_api_key.get_secret_value(),
        settings.embedding_dimensions,
        settings.embedding_timeout_seconds,
    )
    with _lock:
        provider = _providers.get(key)
        if provider is None:
            if settings.embedding_model:
                provider = LiteLLMEmbeddingProvider(
                    settings.embedding_model,
                    api_base=settings.embedding_api_base,
                    api_key=settings.embedding_api_key.get_secret_value(),
                    dimensions=settings.embedding_dimensions,
                    timeout_seconds=settings.embedding_timeout_seconds,
                )
            else:
                provider = LocalEmbeddingProvider()
            _providers[key] = provider
        return provider
