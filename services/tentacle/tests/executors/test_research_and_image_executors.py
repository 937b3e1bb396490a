"""web_research over a local search provider and pages; generate_image through the image API."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import pytest
from executor_kit import LocalServer, context
from scripted_llm import TINY_PNG, ScriptedLLM
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route

from fluxkit.http import GuardedClient
from fluxkit.llm import LLMClient
from tentacle.executors import (
    ExecutorResources,
    PermanentStepError,
    TransientStepError,
    get_executor,
)
from tentacle.executors.search import HttpJsonSearchProvider


class SearchSite:
    """A search API and the pages it finds."""

    def __init__(self) -> None:
        self.queries: list[dict[str, str]] = []
        self.status = 200
        self.app = Starlette(
            routes=[Route("/search", self.search), Route("/pages/{name}", self.page)]
        )
        self.url = ""

    async def search(self, request: Request) -> JSONResponse:
        self.queries.append(
            {**request.query_params, "auth": request.headers.get("authorization", "")}
        )
        if self.status != 200:
            return JSONResponse({"error": "busy"}, status_code=self.status)
        results = [
            {"title": "Tea facts", "url": f"{self.url}/pages/tea", "snippet": "About tea"},
            {"title": "Gone", "url": f"{self.url}/pages/missing", "content": "Snippet only"},
        ]
        return JSONResponse({"results": results})

    async def page(self, request: Request) -> HTMLResponse:
        if request.path_params["name"] != "tea":
            return HTMLResponse("no", status_code=404)
        return HTMLResponse(
            "<html><head><title>x</title><script>var secret=1</script></head>"
            "<body><h1>Tea</h1><p>Green tea has &amp; caffeine.</p></body></html>"
        )


@pytest.fixture(scope="module")
def site() -> Iterator[SearchSite]:
    fake = SearchSite()
    with LocalServer(fake.app) as server:
        fake.url = server.url
        yield fake


@pytest.fixture
def resources(site: SearchSite) -> Iterator[ExecutorResources]:
    site.queries.clear()
    site.status = 200
    http = GuardedClient(allow_hosts=["127.0.0.1"])
    yield ExecutorResources(
        http=http, search=HttpJsonSearchProvider(f"{site.url}/search", http, api_key="k1")
    )


async def test_web_research_reads_the_pages_and_cites_what_it_found(
    tmp_path: Path,
    site: SearchSite,
    resources: ExecutorResources,
    scripted: ScriptedLLM,
    llm: LLMClient,
) -> None:
    tea_url = f"{site.url}/pages/tea"
    scripted.reply(
        json={
            "answer": "Green tea contains caffeine.",
            "sources": [{"title": "Tea", "url": tea_url}, {"url": "https://invented.example"}],
        },
        schema_name="web_research",
    )
    ctx = context(
        "web_research",
        {"query": "does tea have caffeine", "max_results": 3},
        tmp_path,
        llm=llm,
        resources=resources,
    )
    result = await get_executor(ctx.agent).run(ctx)

    assert result.outputs == {
        "answer": "Green tea contains caffeine.",
        "sources": [{"title": "Tea", "url": tea_url}],  # the invented source is dropped
    }
    assert site.queries == [{"q": "does tea have caffeine", "count": "3", "auth": "Bearer k1"}]
    [request] = scripted.chat_requests()
    assert "Green tea has & caffeine." in request.last_user
    assert "var secret" not in request.last_user
    assert "Snippet only" in request.last_user
    assert result.cost_usd > 0


async def test_web_research_provider_failures(
    tmp_path: Path, site: SearchSite, resources: ExecutorResources, llm: LLMClient
) -> None:
    ctx = context("web_research", {"query": "tea"}, tmp_path, llm=llm, resources=resources)
    site.status = 503
    with pytest.raises(TransientStepError, match="answered 503"):
        await get_executor(ctx.agent).run(ctx)
    site.status = 403
    with pytest.raises(PermanentStepError, match="refused"):
        await get_executor(ctx.agent).run(ctx)
    bare = context("web_research", {"query": "tea"}, tmp_path, llm=llm)
    with pytest.raises(PermanentStepError, match="no search provider"):
        await get_executor(bare.agent).run(bare)


async def test_generate_image_returns_the_images(
    tmp_path: Path, scripted: ScriptedLLM, llm: LLMClient
) -> None:
    ctx = context(
        "generate_image",
        {"prompt": "a cup of tea", "count": 2, "size": "512x512"},
        tmp_path,
        llm=llm,
    )
    result = await get_executor(ctx.agent).run(ctx)

    assert [base64.b64decode(i["b64_json"]) for i in result.outputs["images"]] == [TINY_PNG] * 2
    [request] = [r for r in scripted.requests if r.path == "/v1/images/generations"]
    assert request.body["prompt"] == "a cup of tea" and request.body["size"] == "512x512"
    assert result.cost_usd > 0  # unknown image prices count at the agent's estimate


async def test_generate_image_outage_is_transient(
    tmp_path: Path, scripted: ScriptedLLM, llm: LLMClient
) -> None:
    scripted.fail(503)
    ctx = context("generate_image", {"prompt": "a cup of tea"}, tmp_path, llm=llm)
    with pytest.raises(TransientStepError, match="unavailable"):
        await get_executor(ctx.agent).run(ctx)


async def test_an_llm_agent_with_tools_searches_before_answering(
    tmp_path: Path,
    site: SearchSite,
    resources: ExecutorResources,
    scripted: ScriptedLLM,
    llm: LLMClient,
) -> None:
    from tentacle.agents import parse_agent_spec

    agent = parse_agent_spec(
        {
            "type": "fact_checker",
            "description": "Checks a claim against a web search.",
            "input_schema": {"type": "object", "properties": {"claim": {"type": "string"}}},
            "output_schema": {
                "type": "object",
                "properties": {"verdict": {"type": "string"}},
                "required": ["verdict"],
            },
            "prompt": "Check the claim: {{claim}}",
            "tools": ["web_search"],
        }
    )
    scripted.reply(
        json={"verdict": "true"}, when=lambda body: body["messages"][-1]["role"] == "tool"
    )
    scripted.reply(tool_calls=[{"name": "web_search", "arguments": {"query": "tea caffeine"}}])
    ctx = context(agent, {"claim": "tea has caffeine"}, tmp_path, llm=llm, resources=resources)
    result = await get_executor(agent).run(ctx)

    assert result.outputs == {"verdict": "true"}
    assert site.queries[0]["q"] == "tea caffeine"
    first, second = scripted.chat_requests()
    assert first.body["tools"][0]["function"]["name"] == "web_search"
    assert "Tea facts" in second.body["messages"][-1]["content"]
