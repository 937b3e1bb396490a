"""Web search providers for the web_research agent.

:class:`HttpJsonSearchProvider` speaks a small JSON protocol that most search APIs can be
adapted to: ``GET <url>?q=<query>&count=<n>`` answering ``{"results": [{"title", "url",
"snippet"}]}`` (the result list's key and the field names are configurable, so e.g. SearXNG's
``format=json`` output works as is).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from fluxkit.http import GuardedClient, OutboundError


@dataclass(frozen=True)
class SearchResult:
    title: str
    url: str
    snippet: str = ""


class SearchError(Exception):
    def __init__(self, message: str, *, transient: bool) -> None:
        super().__init__(message)
        self.transient = transient


class SearchProvider(Protocol):
    async def search(self, query: str, *, count: int) -> list[SearchResult]: ...


class HttpJsonSearchProvider:
    def __init__(
        self,
        url: str,
        http: GuardedClient,
        *,
        api_key: str = "",
        api_key_header: str = "Authorization",
        query_param: str = "q",
        count_param: str = "count",
        results_key: str = "results",
        extra_params: dict[str, str] | None = None,
    ) -> None:
        self.url = url
        self.http = http
        self.api_key = api_key
        self.api_key_header = api_key_header
        self.query_param = query_param
        self.count_param = count_param
        self.results_key = results_key
        self.extra_params = dict(extra_params or {})

    async def search(self, query: str, *, count: int) -> list[SearchResult]:
        headers = {"accept": "application/json"}
        if self.api_key:
            value = self.api_key
            if self.api_key_header.lower() == "authorization":
                value = f"Bearer {self.api_key}"
            headers[self.api_key_header] = value
        params = {**self.extra_params, self.query_param: query, self.count_param: str(count)}
        try:
            response = await self.http.get(self.url, params=params, headers=headers)
        except OutboundError as exc:
            raise SearchError(
                f"the search provider could not be reached: {exc}", transient=True
            ) from exc
        if response.status_code == 429 or response.status_code >= 500:
            raise SearchError(
                f"the search provider answered {response.status_code}", transient=True
            )
        if not response.is_success:
            raise SearchError(
                f"the search provider refused the query ({response.status_code})", transient=False
            )
        try:
            body: Any = response.json()
        except ValueError as exc:
            raise SearchError("the search provider did not answer JSON", transient=True) from exc
        items = body.get(self.results_key) if isinstance(body, dict) else None
        if not isinstance(items, list):
            raise SearchError(
                f"the search answer has no {self.results_key!r} list", transient=False
            )
        results: list[SearchResult] = []
        for item in items:
            if not isinstance(item, dict) or not isinstance(item.get("url"), str):
                continue
            snippet = item.get("snippet") or item.get("content") or item.get("description") or ""
            results.append(
                SearchResult(
                    title=str(item.get("title") or ""), url=item["url"], snippet=str(snippet)
                )
            )
        return results[:count]
