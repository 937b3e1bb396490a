"""Postmark and Resend paths against local servers speaking their APIs, through a real worker."""

from __future__ import annotations

import uuid

import pytest
from httpx import AsyncClient
from mimic_test_fakes import postmark, resend
from mimic_test_fakes.helpers import wait_for_status
from mimic_test_fakes.postmark import FakePostmark
from mimic_test_fakes.resend import FakeResend

pytestmark = pytest.mark.usefixtures("worker")

POSTMARK = {
    "provider": "postmark",
    "mail_from": "Acme <hello@acme.test>",
    "server_token": "pm-server-token",
    "message_stream": "outbound",
}
RESEND = {"provider": "resend", "mail_from": "Acme <hello@acme.test>", "api_key": "re_test_key"}


def _address(label: str) -> str:
    return f"{label}-{uuid.uuid4().hex[:10]}@example.com"


async def _use(client: AsyncClient, headers: dict[str, str], config: dict[str, str]) -> None:
    response = await client.put("/api/v1/notifications/provider", headers=headers, json=config)
    assert response.status_code == 200, response.text


async def _send(client: AsyncClient, headers: dict[str, str], address: str) -> str:
    response = await client.post(
        "/api/v1/notifications",
        headers=headers,
        json={"to": [address], "subject": "Invoice", "text": "Paid.", "html": "<p>Paid.</p>"},
    )
    assert response.status_code == 202, response.text
    return str(response.json()["id"])


async def test_postmark_delivery_speaks_postmark(
    live_client: AsyncClient, owner: dict[str, str], fake_postmark: FakePostmark
) -> None:
    await _use(live_client, owner, POSTMARK)
    address = _address("pm")
    notification_id = await _send(live_client, owner, address)
    sent = await wait_for_status(live_client, owner, notification_id, {"sent"})
    [request] = fake_postmark.script.sent_to(address)
    assert request["token"] == "pm-server-token"
    body = request["body"]
    assert body["From"] == "Acme <hello@acme.test>"
    assert body["Subject"] == "Invoice" and body["HtmlBody"] == "<p>Paid.</p>"
    assert body["Metadata"] == {"notification_id": notification_id}
    assert body["MessageStream"] == "outbound"
    assert sent["provider"] == "postmark"
    assert sent["provider_message_id"]


async def test_postmark_transient_failures_retry_with_backoff(
    live_client: AsyncClient, owner: dict[str, str], fake_postmark: FakePostmark
) -> None:
    await _use(live_client, owner, POSTMARK)
    address = _address("pm-retry")
    fake_postmark.script.fail_next(postmark.SERVER_ERROR, recipient=address)
    fake_postmark.script.fail_next(postmark.RATE_LIMITED, recipient=address)
    notification_id = await _send(live_client, owner, address)
    sent = await wait_for_status(live_client, owner, notification_id, {"sent"})
    assert sent["attempts"] == 3
    retries = [event for event in sent["events"] if event["type"] == "retry_scheduled"]
    assert len(retries) == 2
    assert all(event["data"]["transient"] for event in retries)
    assert retries[0]["data"]["delay_seconds"] > 0
    assert len(fake_postmark.script.sent_to(address)) == 3


async def test_postmark_permanent_failure_fails_at_once_with_the_reason(
    live_client: AsyncClient, owner: dict[str, str], fake_postmark: FakePostmark
) -> None:
    await _use(live_client, owner, POSTMARK)
    address = _address("pm-inactive")
    fake_postmark.script.fail_next(postmark.INACTIVE_RECIPIENT, recipient=address)
    notification_id = await _send(live_client, owner, address)
    failed = await wait_for_status(live_client, owner, notification_id, {"failed"})
    assert failed["attempts"] == 1
    assert "marked as inactive" in failed["last_error"]
    assert failed["events"][-1]["data"] == {"transient": False, "code": "406"}
    assert len(fake_postmark.script.sent_to(address)) == 1


async def test_resend_delivery_speaks_resend(
    live_client: AsyncClient, owner: dict[str, str], fake_resend: FakeResend
) -> None:
    await _use(live_client, owner, RESEND)
    address = _address("rs")
    notification_id = await _send(live_client, owner, address)
    sent = await wait_for_status(live_client, owner, notification_id, {"sent"})
    [request] = fake_resend.script.sent_to(address)
    assert request["key"] == "re_test_key"
    assert request["idempotency_key"] == f"fluxos-{notification_id}"
    assert request["body"]["from"] == "Acme <hello@acme.test>"
    assert request["body"]["to"] == [address]
    assert request["body"]["tags"] == [{"name": "notification_id", "value": notification_id}]
    assert sent["provider"] == "resend"
    assert sent["provider_message_id"]


async def test_resend_server_errors_retry_and_validation_errors_do_not(
    live_client: AsyncClient, owner: dict[str, str], fake_resend: FakeResend
) -> None:
    await _use(live_client, owner, RESEND)
    flaky, invalid = _address("rs-flaky"), _address("rs-invalid")
    fake_resend.script.fail_next(resend.SERVER_ERROR, recipient=flaky)
    fake_resend.script.fail_next(resend.VALIDATION_ERROR, recipient=invalid)
    flaky_id = await _send(live_client, owner, flaky)
    invalid_id = await _send(live_client, owner, invalid)
    sent = await wait_for_status(live_client, owner, flaky_id, {"sent"})
    assert sent["attempts"] == 2
    failed = await wait_for_status(live_client, owner, invalid_id, {"failed"})
    assert failed["attempts"] == 1
    assert "The `to` field is invalid." in failed["last_error"]


async def test_resend_keeps_failing_until_attempts_run_out(
    live_client: AsyncClient, owner: dict[str, str], fake_resend: FakeResend
) -> None:
    await _use(live_client, owner, RESEND)
    address = _address("rs-down")
    fake_resend.script.fail_next(resend.RATE_LIMITED, times=3, recipient=address)
    notification_id = await _send(live_client, owner, address)
    failed = await wait_for_status(live_client, owner, notification_id, {"failed"})
    assert failed["attempts"] == 3
    assert failed["last_error"].startswith("gave up after 3 attempts: Resend rejected")


async def test_two_organizations_send_with_their_own_keys_concurrently(
    live_client: AsyncClient, owner: dict[str, str], fake_resend: FakeResend, tokens
) -> None:
    fake_resend.keys.add("re_second_org_key")
    other = tokens.headers(uuid.uuid4(), "owner")
    await _use(live_client, owner, RESEND)
    await _use(live_client, other, {**RESEND, "api_key": "re_second_org_key"})
    mine, theirs = _address("mine"), _address("theirs")
    ids = [await _send(live_client, owner, mine), await _send(live_client, other, theirs)]
    await wait_for_status(live_client, owner, ids[0], {"sent"})
    await wait_for_status(live_client, other, ids[1], {"sent"})
    assert fake_resend.script.sent_to(mine)[0]["key"] == "re_test_key"
    assert fake_resend.script.sent_to(theirs)[0]["key"] == "re_second_org_key"
