"""The one outbound HTTP client for agents and integrations (anything a user can point at a URL).

Destinations are checked where the connection is made: the host name is resolved once, every
address is checked, and the socket goes to a checked address (so a second DNS answer cannot
swap in an internal one). Private, loopback, link-local, multicast, reserved and otherwise
non-global addresses are refused unless the allow-list names the host or the network. Every
redirect hop goes through the same check. Timeouts, a total time limit, a response size limit
and a redirect limit always apply.
"""

from __future__ import annotations

import ipaddress
import json as jsonlib
import socket
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

import anyio
import httpcore
import httpx

from fluxkit.errors import FluxError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Awaitable[list[str]]]
"""Host and port to the addresses it resolves to (tests substitute their own)."""

NAT64 = ipaddress.ip_network("64:ff9b::/96")


class OutboundError(FluxError):
    status_code = 502


class BlockedDestination(OutboundError):
    status_code = 400


class ResponseTooLarge(OutboundError):
    status_code = 502


class TooManyRedirects(OutboundError):
    status_code = 502


class OutboundTimeout(OutboundError):
    status_code = 504


class OutboundConnectError(OutboundError):
    status_code = 502


def _embedded_ipv4(address: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 address stands for (mapped, 6to4, NAT64), else itself."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address.sixtofour is not None:
            return address.sixtofour
        if address in NAT64:
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def is_public_address(address: IPAddress) -> bool:
    """Globally routable unicast only: no private, loopback, link-local, multicast, reserved."""
    address = _embedded_ipv4(address)
    if isinstance(address, ipaddress.IPv6Address) and address.teredo is not None:
        return False
    return (
        address.is_global
        and not address.is_multicast
        and not address.is_reserved
        and not address.is_link_local
        and not address.is_loopback
        and not address.is_private
        and not address.is_unspecified
        and not (isinstance(address, ipaddress.IPv6Address) and address.is_site_local)
    )


async def system_resolver(host: str, port: int) -> list[str]:
    infos = await anyio.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    addresses: list[str] = []
    for info in infos:
        address = str(info[4][0]).split("%", 1)[0]
        if address not in addresses:
            addresses.append(address)
    return addresses


@dataclass(frozen=True)
class DestinationPolicy:
    allow_hosts: frozenset[str] = frozenset()
    """Exact host names, or ``*.example.com`` for its subdomains."""
    allow_networks: tuple[IPNetwork, ...] = ()
    resolver: Resolver = field(default=system_resolver)
    resolve_timeout: float = 5.0

    def host_allowed(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        if host in self.allow_hosts:
            return True
        return any(
            pattern.startswith("*.") and host.endswith(pattern[1:]) for pattern in self.allow_hosts
        )

    def address_allowed(self, address: IPAddress) -> bool:
        if any(address.version == net.version and address in net for net in self.allow_networks):
            return True
        return is_public_address(address)

    async def addresses_for(self, host: str, port: int) -> list[str]:
        """The addresses to connect to, or :class:`BlockedDestination`."""
        bare = host.strip("[]")
        try:
            literal: IPAddress | None = ipaddress.ip_address(bare)
        except ValueError:
            literal = None
        if literal is not None:
            if self.host_allowed(bare) or self.address_allowed(literal):
                return [str(literal)]
            raise BlockedDestination(f"{host} is not a public address")
        try:
            with anyio.fail_after(self.resolve_timeout):
                resolved = await self.resolver(bare, port)
        except TimeoutError as exc:
            raise OutboundTimeout(f"resolving {host} timed out") from exc
        except OSError as exc:
            raise OutboundConnectError(f"cannot resolve {host}: {exc}") from exc
        if not resolved:
            raise OutboundConnectError(f"{host} resolves to no address")
        if self.host_allowed(bare):
            return resolved
        # One internal answer is enough to refuse: mixed answers are how rebinding starts.
        for text in resolved:
            if not self.address_allowed(ipaddress.ip_address(text)):
                raise BlockedDestination(f"{host} resolves to a non-public address ({text})")
        return resolved


class _GuardedBackend(httpcore.AsyncNetworkBackend):
    def __init__(self, policy: DestinationPolicy) -> None:
        self._policy = policy
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self._policy.addresses_for(host, port)
        failure: Exception | None = None
        for address in addresses:
            try:
                return await self._inner.connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
        assert failure is not None
        raise failure

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise BlockedDestination("unix sockets are not reachable from outbound requests")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


@dataclass
class GuardedResponse:
    status_code: int
    headers: httpx.Headers
    url: str
    content: bytes
    history: list[str]
    """The URLs that redirected here, in order."""

    @property
    def text(self) -> str:
        return self.content.decode(_charset(self.headers), errors="replace")

    def json(self) -> Any:
        return jsonlib.loads(self.content)

    @property
    def is_success(self) -> bool:
        return 200 <= self.status_code < 300


def _charset(headers: httpx.Headers) -> str:
    for part in str(headers.get("content-type", "")).split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset" and value:
            return value.strip('"')
    return "utf-8"


class GuardedClient:
    def __init__(
        self,
        *,
        allow_hosts: Iterable[str] = (),
        allow_networks: Iterable[str] = (),
        connect_timeout: float = 5.0,
        read_timeout: float = 15.0,
        total_timeout: float = 60.0,
        max_response_bytes: int = 5 * 1024 * 1024,
        max_redirects: int = 5,
        resolver: Resolver | None = None,
        verify: bool = True,
        user_agent: str = "fluxos",
    ) -> None:
        self.policy = DestinationPolicy(
            allow_hosts=frozenset(host.lower().rstrip(".") for host in allow_hosts),
            allow_networks=tuple(ipaddress.ip_network(net, strict=False) for net in allow_networks),
            resolver=resolver or system_resolver,
            resolve_timeout=connect_timeout,
        )
        self.max_response_bytes = max_response_bytes
        self.max_redirects = max_redirects
        self.total_timeout = total_timeout
        transport = httpx.AsyncHTTPTransport(verify=verify, trust_env=False, retries=0)
        pool = getattr(transport, "_pool", None)
        if not isinstance(pool, httpcore.AsyncConnectionPool) or not hasattr(
            pool, "_network_backend"
        ):
            raise RuntimeError("this httpx/httpcore version cannot take a guarded network backend")
        # httpx has no public hook for the network backend; the connection pool takes it.
        pool._network_backend = _GuardedBackend(self.policy)
        self._http = httpx.AsyncClient(
            transport=transport,
            trust_env=False,
            follow_redirects=False,
            timeout=httpx.Timeout(
                connect=connect_timeout, read=read_timeout, write=read_timeout, pool=connect_timeout
            ),
            headers={"user-agent": user_agent},
        )

    def _check_url(self, url: httpx.URL) -> None:
        if url.scheme not in ("http", "https"):
            raise BlockedDestination(f"only http and https URLs are allowed, not {url.scheme!r}")
        if not url.host:
            raise BlockedDestination("the URL names no host")

    async def request(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        params: dict[str, Any] | None = None,
        json: Any = None,
        content: bytes | str | None = None,
        data: dict[str, Any] | None = None,
    ) -> GuardedResponse:
        try:
            request = self._http.build_request(
                method, url, headers=headers, params=params, json=json, content=content, data=data
            )
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            raise BlockedDestination(f"not a usable URL: {exc}") from exc
        try:
            with anyio.fail_after(self.total_timeout):
                return await self._send(request)
        except TimeoutError as exc:
            raise OutboundTimeout(f"{method} {url} took longer than {self.total_timeout}s") from exc
        except httpx.TimeoutException as exc:
            raise OutboundTimeout(f"{method} {url} timed out ({type(exc).__name__})") from exc
        except httpx.TransportError as exc:
            raise OutboundConnectError(f"{method} {url} failed: {exc}") from exc

    async def _send(self, request: httpx.Request) -> GuardedResponse:
        history: list[str] = []
        while True:
            self._check_url(request.url)
            response = await self._http.send(request, stream=True)
            try:
                following = response.next_request
                if following is None:
                    body = await self._read_limited(response)
                    return GuardedResponse(
                        status_code=response.status_code,
                        headers=response.headers,
                        url=str(response.url),
                        content=body,
                        history=history,
                    )
            finally:
                await response.aclose()
            if len(history) >= self.max_redirects:
                raise TooManyRedirects(f"more than {self.max_redirects} redirects")
            history.append(str(request.url))
            request = following

    async def _read_limited(self, response: httpx.Response) -> bytes:
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > self.max_response_bytes:
            raise ResponseTooLarge(
                f"the response declares {declared} bytes; the limit is {self.max_response_bytes}"
            )
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > self.max_response_bytes:
                raise ResponseTooLarge(f"the response is over {self.max_response_bytes} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    async def get(self, url: str, **kwargs: Any) -> GuardedResponse:
        return await self.request("GET", url, **kwargs)

    async def post(self, url: str, **kwargs: Any) -> GuardedResponse:
        return await self.request("POST", url, **kwargs)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> GuardedClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()
