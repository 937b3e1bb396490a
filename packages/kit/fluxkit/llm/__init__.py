"""Language-model calls shared by the services (litellm underneath)."""

from fluxkit.llm.client import (
    ContextOverflow,
    CostEstimate,
    ImageResult,
    LLMClient,
    LLMDelta,
    LLMError,
    LLMRequestRejected,
    LLMResult,
    LLMUnavailable,
    ToolCall,
    parse_json,
)
from fluxkit.llm.settings import ROLES, LLMSettings

__all__ = [
    "ROLES",
    "ContextOverflow",
    "CostEstimate",
    "ImageResult",
    "LLMClient",
    "LLMDelta",
    "LLMError",
    "LLMRequestRejected",
    "LLMResult",
    "LLMSettings",
    "LLMUnavailable",
    "ToolCall",
    "parse_json",
]
