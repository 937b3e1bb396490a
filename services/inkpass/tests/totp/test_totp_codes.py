import base64
import uuid
from urllib.parse import parse_qs, urlparse

import pytest

from inkpass.totp import codes

RFC6238_SECRET = base64.b32encode(b"12345678901234567890").decode()

# RFC 6238 Appendix B, SHA-1 column.
RFC6238_SHA1 = [
    (59, "94287082"),
    (1111111109, "07081804"),
    (1111111111, "14050471"),
    (1234567890, "89005924"),
    (2000000000, "69279037"),
    (20000000000, "65353130"),
]


@pytest.mark.parametrize(("at", "expected"), RFC6238_SHA1)
def test_rfc6238_vectors_through_our_verification(at: int, expected: str) -> None:
    assert codes.totp_code(RFC6238_SECRET, at=at, digits=8) == expected
    step = codes.match_totp_step(RFC6238_SECRET, expected, at=at, digits=8, valid_window=0)
    assert step == at // 30
    # One digit off is refused.
    wrong = expected[:-1] + str((int(expected[-1]) + 1) % 10)
    assert codes.match_totp_step(RFC6238_SECRET, wrong, at=at, digits=8) is None


def test_one_step_either_way_is_accepted_two_steps_are_not() -> None:
    secret = codes.new_secret()
    now = 1_700_000_000.0
    current = int(now // 30)
    for offset in (-1, 0, 1):
        code = codes.totp_code(secret, at=now + offset * 30)
        assert codes.match_totp_step(secret, code, at=now) == current + offset
    for offset in (-2, 2):
        code = codes.totp_code(secret, at=now + offset * 30)
        assert codes.match_totp_step(secret, code, at=now) is None


@pytest.mark.parametrize("bad", ["", "12345", "1234567", "abcdef", "12 34 5x"])
def test_malformed_codes_never_match(bad: str) -> None:
    assert codes.match_totp_step(codes.new_secret(), bad, at=1_700_000_000) is None


def test_provisioning_uri_and_qr_code() -> None:
    secret = codes.new_secret()
    uri = codes.provisioning_uri(secret, account="ada@example.com", issuer="fluxos")
    parsed = urlparse(uri)
    assert parsed.scheme == "otpauth" and parsed.netloc == "totp"
    assert parsed.path == "/fluxos:ada%40example.com"
    query = parse_qs(parsed.query)
    assert query["secret"] == [secret] and query["issuer"] == ["fluxos"]
    qr = codes.qr_code_data_uri(uri)
    assert qr.startswith("data:image/svg+xml;base64,")
    assert base64.b64decode(qr.split(",", 1)[1]).startswith(b"<svg")


def test_backup_codes_are_distinct_and_hashed_per_user() -> None:
    fresh = codes.new_backup_codes()
    assert len(fresh) == 10 and len(set(fresh)) == 10
    assert all(codes.looks_like_backup_code(code) for code in fresh)
    alice, bob = uuid.uuid4(), uuid.uuid4()
    code = fresh[0]
    assert codes.hash_backup_code(alice, code) == codes.hash_backup_code(
        alice, code.upper().replace("-", " ")
    )
    assert codes.hash_backup_code(alice, code) != codes.hash_backup_code(bob, code)
    assert code not in codes.hash_backup_code(alice, code)
