"""Tentacle: tasks, plans, the orchestrator and its subagents."""
