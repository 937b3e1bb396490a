"""The inbox in the browser: chat with Flux and watch the streamed reply (markdown, code), a task
Flux starts report into the thread, its checkpoint approved inline; and a 10,000-message thread
scrolled with frame times sampled by requestAnimationFrame in the page."""

from __future__ import annotations

import asyncio
import json
import re
import threading
import uuid
from typing import Any

import asyncpg
import httpx
from playwright.sync_api import Page, expect
from web_helpers import Account, api_token, record_figure, shoot, sign_in

FRAME_BUDGET_MS = 1000 / 60 * 1.5  # a frame taking over 25 ms is a dropped frame at 60 Hz


def _flux(marker: str) -> Any:
    def is_flux(body: dict[str, Any]) -> bool:
        messages = body.get("messages", [])
        system = " ".join(str(m.get("content")) for m in messages if m.get("role") == "system")
        users = [m for m in messages if m.get("role") == "user"]
        return "You are Flux" in system and bool(users) and marker in str(users[-1].get("content"))

    return is_flux


def _plan(marker: str) -> dict[str, Any]:
    return {
        "summary": f"Draft and publish the note ({marker})",
        "steps": [
            {
                "id": "draft",
                "title": "Draft the release note",
                "agent_type": "noop",
                "inputs": {"value": f"Release {marker}"},
                "depends_on": [],
                "parallel_group": None,
            },
            {
                "id": "publish",
                "title": "Publish the release note",
                "agent_type": "noop",
                "inputs": {"value": "{{steps.draft.outputs.echo}}"},
                "depends_on": ["draft"],
                "parallel_group": None,
                "checkpoint": {"required": True, "kind": "approval", "reason": "customers see it"},
            },
        ],
    }


def test_chat_streams_a_reply_and_a_task_reports_into_the_thread(
    page: Page, web: Any, account: Account, scripted_llm_server: Any
) -> None:
    marker = uuid.uuid4().hex[:8]
    goal = f"Publish the release note {marker}"
    is_flux = _flux(marker)
    scripted_llm_server.reply(
        tool_calls=[{"id": f"call_{marker}", "name": "create_task", "arguments": {"goal": goal}}],
        when=is_flux,
        times=1,
    )
    scripted_llm_server.reply(
        "I've started **the release note** task.\n\n```python\nprint('ship it')\n```\n\n- draft\n- publish",
        when=is_flux,
        times=1,
    )
    scripted_llm_server.reply(json=_plan(marker), schema_name="plan", any_contains=marker, times=1)

    sign_in(page, account)
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()
    shoot(page, "inbox-empty")
    page.get_by_role("button", name="New conversation").click()
    expect(page).to_have_url(re.compile(r"/inbox/[0-9a-f-]{36}$"))
    composer = page.get_by_label("Message Flux", exact=True)
    composer.fill("Please publish")
    composer.press("Shift+Enter")  # a new line, not a send
    composer.type(f"the release note {marker}")
    assert composer.input_value() == f"Please publish\nthe release note {marker}"
    composer.press("Enter")

    thread = page.get_by_role("region", name="Thread")
    reply = thread.locator(".msg.assistant").last
    # The first turn may wait for the model client to warm up in a fresh stack.
    expect(reply.locator("strong")).to_have_text("the release note", timeout=120_000)
    expect(reply.locator("pre.code .tok-keyword, pre.code .tok-string").first).to_be_visible()
    expect(thread.locator(".msg.user").last).to_contain_text("Please publish")
    assert composer.input_value() == ""

    # The task reports into the thread: its progress card, then the checkpoint, in order.
    card = thread.locator("[data-card='task_progress']")
    expect(card).to_be_visible(timeout=60_000)
    checkpoint = thread.locator("article.checkpoint")
    expect(checkpoint).to_be_visible(timeout=60_000)
    shoot(page, "inbox-thread")
    roles = thread.locator("[data-role]").evaluate_all("els => els.map(e => e.dataset.role)")
    assert roles.index("user") < roles.index("assistant") < len(roles) - 1, roles
    checkpoint.get_by_role("button", name="Approve").click()
    expect(card.locator(".badge").first).to_have_text("completed", timeout=60_000)

    # Archive it: it leaves the list (and shows under Archived).
    page.get_by_role("button", name="Archive", exact=True).click()
    expect(page).to_have_url(f"{web.url}/inbox")
    page.get_by_role("button", name="Archived", exact=True).click()
    expect(page.get_by_role("list", name="Conversation list").locator("button")).to_have_count(1)


async def _seed_thread(database_url: str, conversation_id: str, count: int) -> None:
    connection = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    try:
        await connection.execute(
            """
            INSERT INTO messages (id, organization_id, conversation_id, position, role, content,
                                  prompt_tokens, completion_tokens, cost_usd, created_at, updated_at)
            SELECT gen_random_uuid(), c.organization_id, c.id, n,
                   CASE WHEN n % 2 = 1 THEN 'user' ELSE 'assistant' END,
                   CASE WHEN n % 10 = 0
                        THEN 'Message ' || n || E' with code:\n\n```python\nprint(' || n || E')\n```'
                        WHEN n % 3 = 0
                        THEN 'Message ' || n || ': ' || repeat('a longer answer with **bold** words ', 1 + n % 7)
                        ELSE 'Message ' || n END,
                   0, 0, 0, now() - make_interval(secs => $2::int - n), now() - make_interval(secs => $2::int - n)
            FROM conversations c, generate_series(1, $2::int) AS n
            WHERE c.id = $1
            """,
            uuid.UUID(conversation_id),
            count,
        )
        await connection.execute(
            "UPDATE conversations SET message_count = $2::int, last_message_at = now(), "
            "last_message_preview = 'Message ' || $2::int WHERE id = $1",
            uuid.UUID(conversation_id),
            count,
        )
    finally:
        await connection.close()


SCROLL_SCRIPT = """
async ({ pixelsPerFrame, frames }) => {
  const body = document.querySelector('.thread-body');
  const times = [];
  let last = performance.now();
  for (let i = 0; i < frames; i++) {
    await new Promise(requestAnimationFrame);
    const now = performance.now();
    times.push(now - last);
    last = now;
    body.scrollTop += pixelsPerFrame;
  }
  return { times, rendered: document.querySelectorAll('.thread-body [data-key]').length,
           height: body.scrollHeight };
}
"""


def test_a_10000_message_thread_scrolls_smoothly(page: Page, web: Any, account: Account) -> None:
    count = 10_000
    token = api_token(web.url, account)
    created = httpx.post(
        web.url + "/api/v1/inbox/conversations",
        json={"title": "Ten thousand messages"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=20,
    )
    assert created.status_code == 201, created.text
    conversation_id = created.json()["id"]
    state = json.loads((web.data_dir / "state.json").read_text())
    # Playwright's sync API owns this thread's event loop: seed from another thread.
    errors: list[BaseException] = []

    def seed() -> None:
        try:
            asyncio.run(_seed_thread(state["database_urls"]["tentacle"], conversation_id, count))
        except BaseException as exc:
            errors.append(exc)

    worker = threading.Thread(target=seed)
    worker.start()
    worker.join(120)
    assert not errors, errors

    sign_in(page, account)
    page.goto(f"/inbox/{conversation_id}")
    thread = page.get_by_role("region", name="Thread")
    expect(thread).to_have_attribute("data-loaded", "100")
    expect(thread.get_by_text(f"Message {count - 1}", exact=False)).to_be_visible()

    # Load the whole history by scrolling up (older pages load near the top).
    for _ in range(200):
        if thread.get_attribute("data-complete") == "true":
            break
        page.evaluate("() => { document.querySelector('.thread-body').scrollTop = 0; }")
        page.wait_for_timeout(150)
    assert thread.get_attribute("data-loaded") == str(count)
    page.evaluate("() => { document.querySelector('.thread-body').scrollTop = 0; }")
    expect(thread.get_by_text("Message 1", exact=True)).to_be_visible()

    result = page.evaluate(SCROLL_SCRIPT, {"pixelsPerFrame": 240, "frames": 360})
    times = sorted(result["times"][5:])  # the first frames include the script's own start
    p50 = times[len(times) // 2]
    p95 = times[int(len(times) * 0.95)]
    dropped = sum(1 for t in times if t > FRAME_BUDGET_MS)
    figures = {
        "messages": count,
        "frames": len(times),
        "frame_ms_p50": round(p50, 2),
        "frame_ms_p95": round(p95, 2),
        "frame_ms_max": round(times[-1], 2),
        "dropped_frames": dropped,
        "rows_in_dom": result["rendered"],
        "scroll_height_px": result["height"],
    }
    record_figure("thread_scroll_10000", figures)
    shoot(page, "inbox-10000")
    assert result["rendered"] < 200, "the thread is not virtualised"
    # On a quiet machine p95 stays under the budget with a handful of dropped frames (the
    # figures are recorded); a CI box running other suites' browsers and stacks on two cores
    # adds scheduling noise, so the gate is the median frame and a bounded share of drops.
    assert p50 <= FRAME_BUDGET_MS, figures
    assert dropped <= len(times) * 0.25, figures
