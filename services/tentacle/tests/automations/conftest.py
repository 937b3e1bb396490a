"""Automation fixtures: a frozen, movable clock for the scheduler."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from automation_kit import FrozenClock


@pytest.fixture
def clock() -> Iterator[FrozenClock]:
    from tentacle.automations import service

    frozen = FrozenClock(datetime(2030, 1, 7, 10, 2, tzinfo=UTC))
    service.set_clock(frozen)
    yield frozen
    service.set_clock(None)
