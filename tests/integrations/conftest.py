"""Fixtures of the integration tests: a real WordPress (wordpress_support.py) and the browser
of the web tests (tests/web/browser_support.py, put on the path here)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "web"))
