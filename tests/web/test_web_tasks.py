"""A task in the browser: start it from the Tasks screen, watch its plan progress live, answer
the checkpoint in the UI, see it complete; the same with the connection dropping and coming
back, and with the keyboard only. The scripted LLM writes the plans."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
from playwright.sync_api import BrowserContext, Page, expect
from web_helpers import Account, api_token, shoot, sign_in


def _plan(marker: str) -> dict[str, Any]:
    return {
        "summary": f"Draft, then announce once approved ({marker})",
        "steps": [
            {
                "id": "draft",
                "title": "Draft the announcement",
                "agent_type": "noop",
                "inputs": {"value": f"We launch on Monday {marker}"},
                "depends_on": [],
                "parallel_group": None,
            },
            {
                "id": "announce",
                "title": "Announce to the team",
                "agent_type": "noop",
                "inputs": {"value": "{{steps.draft.outputs.echo}}"},
                "depends_on": ["draft"],
                "parallel_group": None,
                "checkpoint": {
                    "required": True,
                    "kind": "approval",
                    "reason": "the whole team will read this",
                },
            },
        ],
    }


def _script_plan(scripted_llm_server: Any) -> str:
    marker = uuid.uuid4().hex[:8]
    scripted_llm_server.reply(json=_plan(marker), schema_name="plan", any_contains=marker, times=1)
    return f"Announce the Monday launch to the team ({marker})"


def _start_task(page: Page, goal: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Tasks").click()
    page.get_by_label("What should get done?").fill(goal)
    page.get_by_label("What should get done?").press("Enter")
    expect(page).to_have_url(re.compile(r"/tasks/[0-9a-f-]{36}$"))


def _event_sequences(page: Page) -> list[int]:
    texts = page.locator("ol.events li .mono").all_inner_texts()
    return [int(text.lstrip("#")) for text in texts]


def test_task_progress_checkpoint_approval_and_completion(
    page: Page, web: Any, account: Account, scripted_llm_server: Any
) -> None:
    goal = _script_plan(scripted_llm_server)
    sign_in(page, account)
    shoot(page, "tasks-empty")
    _start_task(page, goal)

    # The plan arrives live, pauses at the checkpoint, which shows inline with its preview.
    card = page.locator("article.checkpoint")
    expect(card).to_be_visible(timeout=60_000)
    expect(card.get_by_role("heading")).to_contain_text("the whole team will read this")
    expect(page.get_by_role("listitem", name="Draft the announcement: completed")).to_be_visible()
    expect(page.get_by_role("listitem", name="Announce to the team: waiting")).to_be_visible()
    shoot(page, "task-checkpoint")

    # The Decisions queue lists it too.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Decisions").click()
    queued = page.locator("article.checkpoint")
    expect(queued).to_have_count(1)
    expect(queued.get_by_text("We launch on Monday", exact=False)).not_to_be_visible()
    queued.get_by_text("What it will use").click()  # the exact inputs, on demand
    expect(queued.get_by_text("We launch on Monday", exact=False)).to_be_visible()
    shoot(page, "decisions")
    queued.get_by_role("link", name="Open the task").click()

    page.locator("article.checkpoint").get_by_role("button", name="Approve").click()
    expect(page.locator(".page-head .badge").first).to_have_text("completed", timeout=60_000)
    expect(page.get_by_role("listitem", name="Announce to the team: completed")).to_be_visible()
    expect(page.locator("[data-event-type='checkpoint.resolved']")).to_have_count(1)
    sequences = _event_sequences(page)
    assert sequences == sorted(set(sequences)), sequences
    page.get_by_role("listitem", name="Announce to the team: completed").click()
    expect(page.get_by_text("Output")).to_be_visible()
    shoot(page, "task-completed")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Tasks").click()
    expect(page.get_by_role("list", name="Tasks").get_by_text(goal)).to_be_visible()
    shoot(page, "tasks")


def test_a_dropped_connection_recovers_without_losing_or_repeating_events(
    context: BrowserContext, page: Page, web: Any, account: Account, scripted_llm_server: Any
) -> None:
    goal = _script_plan(scripted_llm_server)
    sign_in(page, account)
    _start_task(page, goal)
    expect(page.locator("article.checkpoint")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Live", exact=True)).to_be_visible()
    task_id = page.url.rsplit("/", 1)[1]
    before = _event_sequences(page)

    context.set_offline(True)
    expect(page.get_by_text("You're offline")).to_be_visible()
    # While the browser is offline, the decision is taken elsewhere (another device, the API).
    token = api_token(web.url, account)
    headers = {"Authorization": f"Bearer {token}"}
    pending = httpx.get(
        web.url + "/api/v1/checkpoints", params={"task_id": task_id}, headers=headers
    ).json()["items"]
    assert len(pending) == 1
    approved = httpx.post(
        web.url + f"/api/v1/checkpoints/{pending[0]['id']}/approve", headers=headers, timeout=20
    )
    assert approved.status_code == 200, approved.text
    page.wait_for_timeout(1500)
    context.set_offline(False)

    expect(page.get_by_text("You're offline")).to_have_count(0)
    expect(page.locator(".page-head .badge").first).to_have_text("completed", timeout=60_000)
    expect(page.locator("[data-event-type='checkpoint.resolved']")).to_have_count(1)
    after = _event_sequences(page)
    assert after[: len(before)] == before
    assert after == sorted(set(after)), after  # nothing repeated, in order
    assert len(after) > len(before)


def test_keyboard_only_sign_in_start_a_task_and_approve(
    page: Page, web: Any, account: Account, scripted_llm_server: Any
) -> None:
    goal = _script_plan(scripted_llm_server)
    page.goto("/login")
    # The email field has focus on arrival; everything else is Tab, typing and Enter.
    expect(page.get_by_label("Email")).to_be_focused()
    page.keyboard.type(account.email)
    page.keyboard.press("Tab")
    page.keyboard.type(account.password)
    page.keyboard.press("Enter")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()

    def tab_to(name: str, limit: int = 60) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            focused = page.evaluate(
                "() => (document.activeElement?.getAttribute('aria-label') || "
                "document.activeElement?.textContent || document.activeElement?.labels?.[0]?.textContent || '').trim()"
            )
            if focused.startswith(name):
                return
        raise AssertionError(f"Tab never reached {name!r}")

    tab_to("Tasks")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Tasks")).to_be_focused()
    tab_to("What should get done?")
    page.keyboard.type(goal)
    page.keyboard.press("Enter")
    expect(page.locator("article.checkpoint")).to_be_visible(timeout=60_000)
    tab_to("Approve")
    page.keyboard.press("Enter")
    expect(page.locator(".page-head .badge").first).to_have_text("completed", timeout=60_000)
