"""web_search through the configured search provider (the one web_research steps use)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from tentacle.chat.tools.base import ChatTool, ToolArguments, ToolContext, ToolError
from tentacle.chat.tools.registry import register_tool
from tentacle.executors.search import SearchError


class SearchArguments(ToolArguments):
    query: str = Field(min_length=1, max_length=400, description="What to look up.")
    count: int = Field(default=5, ge=1, le=10, description="How many results.")


@register_tool
class WebSearchTool(ChatTool):
    name = "web_search"
    description = (
        "Search the web for current facts; answers titles, URLs and snippets. Cite the URLs "
        "you rely on."
    )
    Arguments = SearchArguments

    async def run(self, ctx: ToolContext, arguments: Any) -> dict[str, Any]:
        args: SearchArguments = arguments
        if ctx.search is None:
            raise ToolError(
                "web search is not configured on this server (an administrator sets "
                "TENTACLE_SEARCH_URL)"
            )
        try:
            results = await ctx.search.search(args.query, count=args.count)
        except SearchError as exc:
            raise ToolError(f"the search failed: {exc}") from None
        return {
            "results": [
                {"title": item.title, "url": item.url, "snippet": item.snippet} for item in results
            ],
            "summary": f"{len(results)} results for {args.query!r}",
        }
