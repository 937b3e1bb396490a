"""Browser fixtures: Debian's Chromium driven by Playwright against the real stack.

The stack is ``llm_stack`` (``fluxos up --detach`` with the scripted LLM), which also builds the
web app when ``web/dist`` is missing or stale. Screenshots go to ``FLUXOS_SCREENSHOTS`` (default
``.fluxos/screenshots``); measured figures are written there as ``web-figures.json`` too.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

sys.path.insert(0, str(Path(__file__).parent))

from web_helpers import CHROMIUM, CHROMIUM_FLAGS, PASSWORD, Account


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (see .ci/run)")
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture(scope="session")
def web(llm_stack: Any) -> Any:
    """The running stack, once its web app is known to be built and served."""
    page = httpx.get(llm_stack.url + "/", timeout=10)
    assert page.status_code == 200
    assert "fluxos is running" not in page.text, "the web app was not built by fluxos up"
    return llm_stack


@pytest.fixture
def context(browser: Browser, web: Any) -> Iterator[BrowserContext]:
    context = browser.new_context(base_url=web.url, viewport={"width": 1280, "height": 860})
    context.set_default_timeout(20_000)
    expect.set_options(timeout=20_000)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def account(web: Any) -> Account:
    """A fresh person registered over the API (the sign-up screen has its own test)."""
    email = f"web-{uuid.uuid4().hex[:10]}@example.com"
    response = httpx.post(
        web.url + "/api/v1/auth/register",
        json={"email": email, "password": PASSWORD, "display_name": "Grace Web"},
        timeout=20,
    )
    assert response.status_code == 201, response.text
    return Account(email=email, password=PASSWORD, name="Grace Web")
