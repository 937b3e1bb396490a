"""Calls between fluxos services: a service credential, optionally acting for a user."""

from __future__ import annotations

import uuid
from types import TracebackType
from typing import Any

import httpx

from fluxkit.errors import FluxError

ON_BEHALF_OF_HEADER = "X-Fluxos-On-Behalf-Of"


class ServiceCallError(FluxError):
    """Another service answered with an error or could not be reached.

    ``status`` is what the other service answered (0 when it was not reached); ``status_code``
    is what this service answers its own caller when the error is left to propagate.
    """

    status_code = 502

    def __init__(
        self,
        message: str,
        *,
        service_status: int = 0,
        error: str = "",
        body: Any = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.status = service_status
        self.error = error
        self.response_body = body
        self.retry_after = retry_after


class ServiceBadRequest(ServiceCallError):
    status_code = 400


class ServiceAuthenticationFailed(ServiceCallError):
    """Our own service credential was refused: a deployment problem, not the user's."""

    status_code = 502


class ServiceForbidden(ServiceCallError):
    status_code = 403


class ServiceNotFound(ServiceCallError):
    status_code = 404


class ServiceConflict(ServiceCallError):
    status_code = 409


class ServiceRateLimited(ServiceCallError):
    status_code = 429


class ServiceUnavailableError(ServiceCallError):
    status_code = 503


_BY_STATUS: dict[int, type[ServiceCallError]] = {
    400: ServiceBadRequest,
    401: ServiceAuthenticationFailed,
    403: ServiceForbidden,
    404: ServiceNotFound,
    409: ServiceConflict,
    410: ServiceNotFound,
    429: ServiceRateLimited,
}


def _retry_after(response: httpx.Response) -> float | None:
    """The ``Retry-After`` header in seconds (the HTTP-date form is ignored)."""
    try:
        return max(0.0, float(response.headers.get("retry-after", "")))
    except ValueError:
        return None


def _error_for(response: httpx.Response) -> ServiceCallError:
    try:
        body: Any = response.json()
    except ValueError:
        body = response.text[:500]
    error = body.get("error", "") if isinstance(body, dict) else ""
    detail = body.get("detail", "") if isinstance(body, dict) else str(body)
    kind = _BY_STATUS.get(response.status_code)
    if kind is None:
        kind = ServiceUnavailableError if response.status_code >= 500 else ServiceCallError
    where = f"{response.request.method} {response.request.url.path}"
    return kind(
        f"{where} answered {response.status_code}: {detail or error or 'no detail'}",
        service_status=response.status_code,
        error=str(error),
        body=body,
        retry_after=_retry_after(response),
    )


class ServiceClient:
    """HTTP client for another fluxos service, authenticated with this service's token.

    ``client.as_user(user_id, organization_id)`` returns a view of the same connection pool whose
    calls carry the user's identity, so the other service decides on that user.
    """

    def __init__(
        self,
        base_url: str,
        service_token: str,
        *,
        timeout: float | httpx.Timeout = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
        http: httpx.AsyncClient | None = None,
        on_behalf_of: str | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._token = service_token
        self._owns_http = http is None
        self._http = http or httpx.AsyncClient(
            base_url=self.base_url,
            timeout=timeout,
            transport=transport,
            trust_env=False,
            headers={"authorization": f"Bearer {service_token}"},
        )
        self.on_behalf_of = on_behalf_of

    def as_user(self, user_id: uuid.UUID | str, organization_id: uuid.UUID | str) -> ServiceClient:
        view = ServiceClient(
            self.base_url,
            self._token,
            http=self._http,
            on_behalf_of=f"{uuid.UUID(str(user_id))}:{uuid.UUID(str(organization_id))}",
        )
        view._owns_http = False
        return view

    async def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        files: Any = None,
        data: dict[str, Any] | None = None,
    ) -> httpx.Response:
        """Send a request; any status >= 400 raises the matching :class:`ServiceCallError`.

        ``files`` and ``data`` send a multipart form (as httpx takes them), e.g. a Den upload."""
        merged = dict(headers or {})
        if self.on_behalf_of is not None:
            merged[ON_BEHALF_OF_HEADER] = self.on_behalf_of
        try:
            response = await self._http.request(
                method, path, json=json, params=params, headers=merged, files=files, data=data
            )
        except httpx.TimeoutException as exc:
            raise ServiceUnavailableError(f"{method} {path} timed out") from exc
        except httpx.TransportError as exc:
            raise ServiceUnavailableError(f"{method} {path} could not connect: {exc}") from exc
        if response.status_code >= 400:
            raise _error_for(response)
        return response

    async def _json(self, method: str, path: str, **kwargs: Any) -> Any:
        response = await self.request(method, path, **kwargs)
        if response.status_code == 204 or not response.content:
            return None
        return response.json()

    async def get(self, path: str, *, params: dict[str, Any] | None = None) -> Any:
        return await self._json("GET", path, params=params)

    async def post(self, path: str, json: Any = None) -> Any:
        return await self._json("POST", path, json=json)

    async def put(self, path: str, json: Any = None) -> Any:
        return await self._json("PUT", path, json=json)

    async def patch(self, path: str, json: Any = None) -> Any:
        return await self._json("PATCH", path, json=json)

    async def delete(self, path: str) -> Any:
        return await self._json("DELETE", path)

    async def aclose(self) -> None:
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self) -> ServiceClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()
