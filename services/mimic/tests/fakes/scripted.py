"""Scripted failures shared by the provider fakes: the next N calls answer with a given error."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Failure:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


class Script:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._failures: list[tuple[str | None, Failure]] = []
        self.requests: list[dict[str, Any]] = []

    def fail_next(self, failure: Failure, times: int = 1, *, recipient: str | None = None) -> None:
        """The next ``times`` sends (to ``recipient``, when given) answer with ``failure``."""
        with self._lock:
            self._failures.extend([(recipient, failure)] * times)

    def next_failure(self, recipients: list[str]) -> Failure | None:
        with self._lock:
            for index, (recipient, failure) in enumerate(self._failures):
                if recipient is None or recipient in recipients:
                    del self._failures[index]
                    return failure
            return None

    def record(self, request: dict[str, Any]) -> None:
        with self._lock:
            self.requests.append(request)

    def reset(self) -> None:
        with self._lock:
            self._failures.clear()
            self.requests.clear()

    def sent_to(self, address: str) -> list[dict[str, Any]]:
        with self._lock:
            return [r for r in self.requests if address in r.get("to", [])]
