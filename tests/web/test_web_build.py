"""The production build's first-load JavaScript, measured in the browser: every script the
login page loads, gzipped. It must stay under 300 KB."""

from __future__ import annotations

import gzip
from typing import Any

from playwright.sync_api import Page, Response, expect
from web_helpers import record_figure

BUDGET = 300 * 1024


def test_first_load_javascript_is_under_300_kb_gzipped(page: Page, web: Any) -> None:
    scripts: list[Response] = []
    page.on(
        "response",
        lambda response: (
            scripts.append(response) if response.request.resource_type == "script" else None
        ),
    )
    page.goto("/login")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.wait_for_load_state("networkidle")
    sizes = {r.url.rsplit("/", 1)[1]: len(gzip.compress(r.body(), 9)) for r in scripts}
    total = sum(sizes.values())
    record_figure("first_load_js_gzip_bytes", total)
    record_figure("first_load_js_files", sizes)
    assert scripts, "the page loaded no script"
    assert total < BUDGET, f"first-load JS is {total / 1024:.1f} KB gzipped"
