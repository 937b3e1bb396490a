"""The web_research agent: search, read the top pages, answer with cited sources."""

from __future__ import annotations

import asyncio
import html
import json
import re
from typing import Any

from fluxkit.http import OutboundError
from tentacle.executors.base import (
    AgentExecutor,
    PermanentStepError,
    StepContext,
    StepResult,
    TransientStepError,
    charged_on_failure,
)
from tentacle.executors.llm_agent import answer_as_json, system_prompt
from tentacle.executors.llm_calls import Message
from tentacle.executors.registry import register_executor
from tentacle.executors.search import SearchError, SearchResult

_DROP = re.compile(r"<(script|style|noscript|svg|head)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def page_text(body: str, content_type: str) -> str:
    """Readable text of a fetched page (HTML tags and scripts dropped)."""
    if "html" not in content_type and not body.lstrip().startswith("<"):
        return _SPACE.sub(" ", body).strip()
    text = _TAG.sub(" ", _DROP.sub(" ", body))
    return _SPACE.sub(" ", html.unescape(text)).strip()


async def _read(ctx: StepContext, result: SearchResult, limit: int) -> str:
    if ctx.resources.http is None:
        return ""
    try:
        response = await ctx.resources.http.get(result.url)
    except OutboundError:
        return ""
    if not response.is_success:
        return ""
    return page_text(response.text, str(response.headers.get("content-type", "")))[:limit]


@register_executor
class WebResearchExecutor(AgentExecutor):
    kind = "web_research"

    async def run(self, ctx: StepContext) -> StepResult:
        if ctx.resources.search is None:
            raise PermanentStepError("no search provider is configured (TENTACLE_SEARCH_URL)")
        query = str(ctx.inputs["query"])
        try:
            found = await ctx.resources.search.search(
                query, count=int(ctx.inputs.get("max_results") or 5)
            )
        except SearchError as exc:
            if exc.transient:
                raise TransientStepError(str(exc)) from exc
            raise PermanentStepError(str(exc)) from exc
        result = StepResult(outputs={})
        if not found:
            result.outputs = {"answer": f"The search for {query!r} found nothing.", "sources": []}
            return result
        limit = int(ctx.agent.config.get("page_chars", 6000))
        pages = [""] * len(found)
        if ctx.inputs.get("fetch_pages", True):
            pages = list(await asyncio.gather(*(_read(ctx, item, limit) for item in found)))
        sources = [
            {"n": n, "title": item.title, "url": item.url, "snippet": item.snippet, "text": page}
            for n, (item, page) in enumerate(zip(found, pages, strict=True), start=1)
        ]
        question = str(ctx.inputs.get("question") or query)
        messages: list[Message] = [
            {"role": "system", "content": system_prompt(ctx, ctx.agent.output_schema)},
            {
                "role": "user",
                "content": f"Question: {question}\n\nSources:\n"
                + json.dumps(sources, ensure_ascii=False, indent=1),
            },
        ]
        with charged_on_failure(result):
            answer = await answer_as_json(
                ctx, result, messages, ctx.agent.output_schema, schema_name=ctx.agent.type
            )
        known = {item.url: item.title for item in found}
        cited: list[dict[str, Any]] = [
            {"title": source.get("title") or known[source["url"]], "url": source["url"]}
            for source in answer.get("sources", [])
            if source.get("url") in known
        ]
        result.outputs = {
            "answer": answer["answer"],
            "sources": cited or [{"title": t, "url": u} for u, t in known.items()],
        }
        return result
