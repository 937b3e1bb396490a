"""The orchestrator: the per-task cycle, step dispatch and the step runner."""

from tentacle.orchestrator.enqueue import enqueue_cycle
from tentacle.orchestrator.references import (
    UnresolvedReference,
    find_references,
    resolve_inputs,
)

__all__ = ["UnresolvedReference", "enqueue_cycle", "find_references", "resolve_inputs"]
