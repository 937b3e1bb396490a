"""Helpers of the browser tests (screenshots, figures, mail codes, signing in)."""

from __future__ import annotations

import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Page, expect

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("FLUXOS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "juniper-harbor-quartz-5821"


def screenshots_dir() -> Path:
    path = Path(os.environ.get("FLUXOS_SCREENSHOTS") or REPO / ".fluxos" / "screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def record_figure(name: str, value: Any) -> None:
    """Merge one measured figure into web-figures.json (and print it for the test log)."""
    path = screenshots_dir() / "web-figures.json"
    figures = json.loads(path.read_text()) if path.exists() else {}
    figures[name] = value
    path.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"FIGURE {name} = {json.dumps(value)}")


def shoot(page: Page, name: str) -> None:
    """Screenshots of the current screen in the light and the dark theme."""
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.wait_for_timeout(150)
        page.screenshot(path=str(screenshots_dir() / f"{name}-{scheme}.png"), full_page=True)
    page.emulate_media(color_scheme="light")


@dataclass(frozen=True)
class Account:
    email: str
    password: str
    name: str


def wait_for_mail(base_url: str, recipient: str, subject_part: str) -> dict[str, Any]:
    deadline = time.monotonic() + 30
    with httpx.Client(base_url=base_url, timeout=10) as client:
        while time.monotonic() < deadline:
            for message in client.get("/api/v1/notifications/dev/mail/messages").json():
                if (
                    recipient in message["to"]
                    and subject_part.lower() in message["subject"].lower()
                ):
                    return client.get(
                        f"/api/v1/notifications/dev/mail/messages/{message['id']}"
                    ).json()
            time.sleep(0.3)
    raise AssertionError(f"no mail to {recipient} about {subject_part!r} arrived")


def mail_code(mail: dict[str, Any]) -> str:
    match = re.search(r"\b(\d{6})\b", mail["text"])
    assert match, mail["text"]
    return match.group(1)


def sign_in(page: Page, account: Account) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(account.email)
    page.get_by_label("Password").fill(account.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("main#main")).to_be_visible()  # the app shell (any width)


def api_token(base_url: str, account: Account) -> str:
    response = httpx.post(
        base_url + "/api/v1/auth/login",
        json={"email": account.email, "password": account.password},
        timeout=20,
    )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])
