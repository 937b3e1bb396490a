"""Embedding providers: the bundled all-MiniLM-L6-v2 (numpy) or a litellm model."""

from tentacle.memory.embeddings.base import EmbeddingFailed, EmbeddingProvider
from tentacle.memory.embeddings.registry import embedding_provider

__all__ = ["EmbeddingFailed", "EmbeddingProvider", "embedding_provider"]
