"""The other screens, used as a person would: API keys (shown once, revoked), workspace objects
(created, found by full-text search, edited), files (uploaded with progress, shared, deleted),
memory, budgets, integrations; plus the phone layout. Screenshots of each, light and dark."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import BrowserContext, Page, expect
from web_helpers import Account, shoot, sign_in


def test_api_keys_are_shown_once_work_and_can_be_revoked(
    page: Page, web: Any, account: Account
) -> None:
    sign_in(page, account)
    page.goto("/settings/api-keys")
    page.get_by_label("Key name").fill("Nightly report")
    page.get_by_role("button", name="Create key").click()
    key = page.get_by_test_id("new-api-key").inner_text().strip()
    shoot(page, "settings-api-keys")
    me = httpx.get(web.url + "/api/v1/users/me", headers={"Authorization": f"Bearer {key}"})
    assert me.status_code == 200 and me.json()["email"] == account.email
    page.get_by_role("button", name="Done").click()
    expect(page.get_by_test_id("new-api-key")).to_have_count(0)
    expect(page.get_by_text(key)).to_have_count(0)  # never shown again
    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("No API keys yet")).to_be_visible()
    revoked = httpx.get(web.url + "/api/v1/users/me", headers={"Authorization": f"Bearer {key}"})
    assert revoked.status_code == 401


def test_workspace_objects_are_created_searched_and_edited(page: Page, account: Account) -> None:
    word = f"zephyr{uuid.uuid4().hex[:6]}"
    sign_in(page, account)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Workspace").click()
    expect(page.get_by_text("The workspace is empty")).to_be_visible()
    page.get_by_role("button", name="New object").click()
    page.get_by_label("Type").fill("contact")
    page.get_by_label("Data (JSON)").fill('{"name": "Ada ' + word + '", "city": "London"}')
    page.get_by_label("Tags").fill("vip")
    page.get_by_role("button", name="Save").click()
    objects = page.get_by_role("list", name="Objects")
    expect(objects.get_by_text(f"Ada {word}")).to_be_visible()
    page.get_by_role("group", name="Object types").get_by_role("button", name="contact").click()
    expect(objects.get_by_text(f"Ada {word}")).to_be_visible()
    page.get_by_label("Search the workspace").fill(word)
    expect(objects.get_by_text(f"Ada {word}")).to_be_visible()
    shoot(page, "workspace")
    objects.get_by_text(f"Ada {word}").click()
    page.get_by_label("Data (JSON)").fill("{not json")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("valid JSON")
    page.get_by_label("Data (JSON)").fill('{"name": "Ada ' + word + ' Byron"}')
    page.get_by_role("button", name="Save").click()
    expect(objects.get_by_text(f"Ada {word} Byron")).to_be_visible()


def test_files_upload_with_progress_share_and_delete(
    page: Page, web: Any, account: Account, tmp_path: Path
) -> None:
    sign_in(page, account)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Files").click()
    expect(page.get_by_text("This folder is empty")).to_be_visible()
    page.get_by_label("New folder name").fill("reports")
    page.get_by_role("button", name="Create folder").click()
    page.get_by_role("button", name="reports").click()
    expect(page.get_by_role("navigation", name="Folder")).to_contain_text("reports")
    upload = tmp_path / "q3-summary.txt"
    upload.write_bytes(b"quarterly numbers\n" * 40_000)  # ~700 KB, several progress events
    page.locator("#file-input").set_input_files(str(upload))
    expect(page.get_by_role("list", name="Uploads").get_by_text("uploaded")).to_be_visible()
    contents = page.get_by_role("list", name="Folder contents")
    expect(contents.get_by_text("q3-summary.txt")).to_be_visible()
    shoot(page, "files")
    contents.get_by_role("button", name="Share link").click()
    shared = page.locator(".secret-once code").inner_text()
    assert re.search(r"/f/[0-9a-f-]{36}", shared), shared
    downloaded = httpx.get(shared, timeout=20)  # a signed URL works without signing in
    assert downloaded.status_code == 200 and downloaded.content.startswith(b"quarterly numbers")
    contents.get_by_role("button", name="Delete q3-summary.txt").click()
    expect(contents.get_by_text("q3-summary.txt")).to_have_count(0)


def test_memory_budgets_and_integrations_screens(page: Page, web: Any, account: Account) -> None:
    sign_in(page, account)
    token = page.evaluate("() => null")  # the page keeps its access token in memory only
    assert token is None
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Memory").click()
    expect(page.get_by_role("heading", name="Memory")).to_be_visible()
    expect(page.get_by_text("Nothing remembered yet")).to_be_visible()
    shoot(page, "memory")
    page.goto("/settings/budgets")
    expect(page.get_by_role("heading", name="Today's usage")).to_be_visible()
    page.get_by_label("Max spend (USD)").fill("5")
    page.get_by_role("button", name="Add limit").click()
    expect(page.get_by_role("cell", name="$5.00")).to_be_visible()
    shoot(page, "settings-budgets")
    page.goto("/settings/integrations")
    expect(page.get_by_role("heading", name="Integrations")).to_be_visible()
    expect(page.get_by_role("heading", name="Triggers")).to_be_visible()
    shoot(page, "settings-integrations")


def test_phone_layout(context: BrowserContext, account: Account) -> None:
    phone = context.new_page()
    phone.set_viewport_size({"width": 390, "height": 800})
    sign_in(phone, account)
    expect(phone.get_by_role("navigation", name="Main")).to_be_hidden()
    phone.get_by_role("button", name="Menu").click()
    expect(phone.get_by_role("navigation", name="Main")).to_be_visible()
    phone.get_by_role("navigation", name="Main").get_by_role("link", name="Tasks").click()
    expect(phone.get_by_role("heading", name="Tasks")).to_be_visible()
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways ({width}px)"
    shoot(phone, "phone-tasks")
