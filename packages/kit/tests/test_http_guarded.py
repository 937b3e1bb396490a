"""GuardedClient against a real local HTTP server; blocked destinations must never be contacted."""

import ipaddress
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from fluxkit.http import (
    BlockedDestination,
    GuardedClient,
    OutboundTimeout,
    ResponseTooLarge,
    TooManyRedirects,
    is_public_address,
)


class Recorder(BaseHTTPRequestHandler):
    seen: list[tuple[str, str]] = []

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        url = urlparse(self.path)
        query = parse_qs(url.query)
        type(self).seen.append((url.path, self.headers.get("host", "")))
        if url.path == "/ok":
            self._send(200, b"hello")
        elif url.path == "/redirect":
            self.send_response(302)
            self.send_header("location", query["to"][0])
            self.send_header("content-length", "0")
            self.end_headers()
        elif url.path == "/loop":
            self.send_response(302)
            self.send_header("location", "/loop")
            self.send_header("content-length", "0")
            self.end_headers()
        elif url.path == "/big":
            self._send(200, b"x" * 100_000)
        elif url.path == "/big-stream":
            self.send_response(200)
            self.send_header("transfer-encoding", "chunked")
            self.end_headers()
            for _ in range(50):
                chunk = b"y" * 4096
                self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        elif url.path == "/slow":
            time.sleep(1.5)
            self._send(200, b"late")
        else:
            self._send(404, b"missing")

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("content-type", "text/plain; charset=utf-8")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients hang up on purpose here (size limits, timeouts)


@pytest.fixture(scope="module")
def server() -> Iterator[int]:
    httpd = QuietServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def clear_seen() -> None:
    Recorder.seen.clear()


LOOPBACK = ["127.0.0.0/8"]


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2606:4700:4700::1111", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("224.0.0.251", False),
        ("239.255.255.250", False),
        ("240.0.0.1", False),
        ("255.255.255.255", False),
        ("::1", False),
        ("::", False),
        ("fe80::1", False),
        ("fc00::1", False),
        ("fec0::1", False),
        ("ff02::1", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:10.0.0.1", False),
        ("64:ff9b::a00:1", False),
        ("2002:7f00:1::", False),
    ],
)
def test_address_classification(address: str, public: bool) -> None:
    assert is_public_address(ipaddress.ip_address(address)) is public


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/ok",
        "http://localhost:{port}/ok",
        "http://[::1]:{port}/ok",
        "http://[::ffff:127.0.0.1]:{port}/ok",
        "http://10.0.0.1:{port}/ok",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fe80::1]/",
        "http://224.0.0.1/",
        "http://0.0.0.0:{port}/ok",
    ],
)
async def test_internal_destinations_are_refused_before_connecting(server: int, url: str) -> None:
    async with GuardedClient(connect_timeout=1.0) as client:
        with pytest.raises(BlockedDestination):
            await client.get(url.format(port=server))
    assert Recorder.seen == []


async def test_names_resolving_to_internal_addresses_are_refused() -> None:
    answers = {"intranet.example": ["10.9.8.7"], "mixed.example": ["93.184.216.34", "127.0.0.1"]}
    asked: list[str] = []

    async def resolver(host: str, port: int) -> list[str]:
        asked.append(host)
        return answers[host]

    async with GuardedClient(resolver=resolver) as client:
        for host in answers:
            with pytest.raises(BlockedDestination) as caught:
                await client.get(f"http://{host}/")
            assert caught.value.status_code == 400
    assert asked == ["intranet.example", "mixed.example"]


async def test_allow_listed_network_is_reachable(server: int) -> None:
    async with GuardedClient(allow_networks=LOOPBACK) as client:
        response = await client.get(f"http://127.0.0.1:{server}/ok")
    assert response.status_code == 200
    assert response.text == "hello"


async def test_connection_goes_to_the_checked_address_under_the_original_name(server: int) -> None:
    resolved: list[str] = []

    async def resolver(host: str, port: int) -> list[str]:
        resolved.append(host)
        return ["127.0.0.1"]

    async with GuardedClient(allow_networks=LOOPBACK, resolver=resolver) as client:
        response = await client.get(f"http://api.partner.example:{server}/ok")
    assert response.text == "hello"
    assert resolved == ["api.partner.example"]
    assert Recorder.seen == [("/ok", f"api.partner.example:{server}")]


async def test_allow_listed_host_name(server: int) -> None:
    async def resolver(host: str, port: int) -> list[str]:
        return ["127.0.0.1"]

    async with GuardedClient(allow_hosts=["*.internal.example"], resolver=resolver) as client:
        ok = await client.get(f"http://svc.internal.example:{server}/ok")
        assert ok.status_code == 200
        with pytest.raises(BlockedDestination):
            await client.get(f"http://other.example:{server}/ok")


async def test_every_redirect_hop_is_checked(server: int) -> None:
    # The first hop is allow-listed by name; the redirect target is loopback under another name.
    async with GuardedClient(allow_hosts=["127.0.0.1"]) as client:
        for target in (
            f"http://localhost:{server}/ok",
            "http://10.0.0.1/",
            "http://169.254.169.254/latest/meta-data/",
            "file:///etc/passwd",
        ):
            Recorder.seen.clear()
            with pytest.raises(BlockedDestination):
                await client.get(f"http://127.0.0.1:{server}/redirect?to={target}")
            assert [path for path, _ in Recorder.seen] == ["/redirect"]


async def test_redirects_are_followed_up_to_the_limit(server: int) -> None:
    async with GuardedClient(allow_networks=LOOPBACK, max_redirects=2) as client:
        hop = f"http://127.0.0.1:{server}/redirect?to=/ok"
        response = await client.get(f"http://127.0.0.1:{server}/redirect?to={hop}")
        assert response.text == "hello"
        assert len(response.history) == 2
        with pytest.raises(TooManyRedirects):
            await client.get(f"http://127.0.0.1:{server}/loop")
    assert [path for path, _ in Recorder.seen].count("/loop") == 3


async def test_response_size_is_limited(server: int) -> None:
    async with GuardedClient(allow_networks=LOOPBACK, max_response_bytes=10_000) as client:
        with pytest.raises(ResponseTooLarge):
            await client.get(f"http://127.0.0.1:{server}/big")
        with pytest.raises(ResponseTooLarge):
            await client.get(f"http://127.0.0.1:{server}/big-stream")
        assert (await client.get(f"http://127.0.0.1:{server}/ok")).text == "hello"


async def test_slow_servers_time_out(server: int) -> None:
    async with GuardedClient(allow_networks=LOOPBACK, read_timeout=0.3) as client:
        started = time.monotonic()
        with pytest.raises(OutboundTimeout):
            await client.get(f"http://127.0.0.1:{server}/slow")
        assert time.monotonic() - started < 1.2
    async with GuardedClient(allow_networks=LOOPBACK, total_timeout=0.3) as client:
        with pytest.raises(OutboundTimeout):
            await client.get(f"http://127.0.0.1:{server}/slow")
