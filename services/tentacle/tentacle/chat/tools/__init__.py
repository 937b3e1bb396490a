"""Flux's tools: one module per capability, each registering its tools on import."""

TOOL_MODULES: tuple[str, ...] = (
    "tentacle.chat.tools.tasks",
    "tentacle.chat.tools.checkpoints",
    "tentacle.chat.tools.workspace",
    "tentacle.chat.tools.web_search",
    "tentacle.chat.tools.notifications",
    "tentacle.chat.tools.agents",
    "tentacle.chat.tools.memory",
    "tentacle.chat.tools.integrations",
    "tentacle.chat.tools.triggers",
)
