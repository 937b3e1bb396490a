"""memory: search and store the organisation's memories (the same store subagents use)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from tentacle.chat.tools.base import ChatTool, ToolArguments, ToolContext
from tentacle.chat.tools.registry import register_tool
from tentacle.memory import service as memories
from tentacle.memory.embeddings import embedding_provider

BODY_CHARS = 1_500


class MemoryArguments(ToolArguments):
    action: Literal["search", "store"]
    query: str | None = Field(
        default=None, max_length=500, description="search: what to look for (words or meaning)."
    )
    key: str | None = Field(
        default=None,
        max_length=200,
        description="store: a stable lower-case key such as 'preferences.coffee'; storing an "
        "existing key adds a new version. search: an exact key to find.",
    )
    title: str | None = Field(default=None, max_length=300, description="store: a short title.")
    body: str | None = Field(default=None, max_length=20_000, description="store: the content.")
    topic: str | None = Field(default=None, max_length=100)
    tags: list[str] = Field(default_factory=list, max_length=20)
    scope: Literal["organization", "user"] = Field(
        default="organization",
        description="store: 'organization' (shared with colleagues) or 'user' (private).",
    )
    limit: int = Field(default=8, ge=1, le=25)

    @model_validator(mode="after")
    def _complete(self) -> MemoryArguments:
        if self.action == "search" and not (self.query or self.key):
            raise ValueError("a search needs a query or a key")
        if self.action == "store" and not (self.key and self.title and self.body):
            raise ValueError("storing needs a key, a title and a body")
        return self


@register_tool
class MemoryTool(ChatTool):
    name = "memory"
    description = (
        "The organisation's long-term memory. search: find remembered facts, preferences and "
        "decisions by words or meaning. store: remember something the person asked you to "
        "keep (a new version when the key exists)."
    )
    Arguments = MemoryArguments

    async def run(self, ctx: ToolContext, arguments: Any) -> dict[str, Any]:
        args: MemoryArguments = arguments
        async with ctx.session() as session:
            if args.action == "store":
                assert args.key and args.title and args.body
                memory = await memories.store_memory(
                    session,
                    ctx.principal,
                    key=args.key,
                    title=args.title,
                    body=args.body,
                    topic=args.topic,
                    tags=args.tags,
                    scope=args.scope,
                    agent="flux",
                )
                return {
                    "memory_id": str(memory.id),
                    "key": memory.key,
                    "version": memory.version,
                    "scope": memory.scope,
                    "summary": f"remembered {memory.key!r} (version {memory.version})",
                }
            outcome = await memories.search_memories(
                session,
                ctx.principal,
                query=args.query or args.key or "",
                key=args.key,
                topic=args.topic,
                tags=args.tags or None,
                limit=args.limit,
                provider=embedding_provider(ctx.settings),
            )
        hits = [
            {
                "key": hit.memory.key,
                "title": hit.memory.title,
                "body": hit.memory.body[:BODY_CHARS],
                "topic": hit.memory.topic,
                "tags": list(hit.memory.tags or []),
                "scope": hit.memory.scope,
                "version": hit.memory.version,
                "score": round(hit.score, 4),
            }
            for hit in outcome.hits
        ]
        return {"memories": hits, "summary": f"{len(hits)} memories found"}
