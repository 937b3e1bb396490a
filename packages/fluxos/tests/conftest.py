"""Launcher test support.

The fake services module is importable by name (as manifests need). Server data goes under
``work_dir``, not pytest's ``tmp_path``: every pytest session that starts (another suite, a
nested ``fluxos test``) resets its base directory to mode 0700, which would lock the
unprivileged Postgres account out of data directories below it mid-test.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

FAKES = Path(__file__).parent / "fakes"
if str(FAKES) not in sys.path:
    sys.path.insert(0, str(FAKES))


@pytest.fixture
def work_dir() -> Iterator[Path]:
    directory = Path(tempfile.mkdtemp(prefix="fluxos-launcher-test-"))
    yield directory
    shutil.rmtree(directory, ignore_errors=True)
