"""Fixtures of the integration tests: a real WordPress (wordpress_support.py) and the browser
of the web tests (tests/web/browser_support.py, put on the path here)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))

from support import free_port  # noqa: E402  (tests/ is on the path: its conftest)


@pytest.fixture(scope="module")
def site_port() -> int:
    """The port the module's WordPress site will serve on (known before the service starts)."""
    return free_port()
