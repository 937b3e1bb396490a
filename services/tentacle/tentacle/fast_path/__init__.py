"""The fast path: simple data questions answered from the workspace store in one step."""

from tentacle.fast_path.intent import FastPathIntent, classify_intent
from tentacle.fast_path.service import FAST_PATH_AGENT, plan_fast_path

__all__ = ["FAST_PATH_AGENT", "FastPathIntent", "classify_intent", "plan_fast_path"]
