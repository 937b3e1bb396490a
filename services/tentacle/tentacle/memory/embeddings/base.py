"""The embedding capability: one base class, one provider per process (see ``registry``)."""

from __future__ import annotations

from abc import ABC, abstractmethod

from fluxkit.errors import FluxError


class EmbeddingFailed(FluxError):
    """The provider could not embed (unreachable, rate limited, a malformed answer)."""

    status_code = 503


class EmbeddingProvider(ABC):
    name: str
    """Stored beside each vector: vectors of different models never compare."""
    dimensions: int | None
    """Known up front for local models; ``None`` until the first answer for remote ones."""

    @abstractmethod
    async def embed(self, texts: list[str]) -> list[list[float]]:
        """One vector per text, in order."""

    async def aclose(self) -> None:  # noqa: B027 - most providers hold nothing
        """Release what the provider holds."""
