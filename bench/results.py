"""Keep bench/RESULTS.md up to date: each script owns one section, replaced on every run."""

from __future__ import annotations

import platform
import re
import time
from pathlib import Path


def write_section(path: Path, title: str, body: str) -> None:
    """Replace (or append) the section headed ``## title`` in ``path``."""
    stamp = f"_{time.strftime('%Y-%m-%d %H:%M')} UTC, {platform.machine()}, {_cores()} cores_"
    section = f"## {title}\n{stamp}\n\n{body.strip()}\n"
    text = path.read_text("utf-8") if path.exists() else "# Benchmark results\n\n"
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
    text = pattern.sub(lambda _: section + "\n", text) if pattern.search(text) else (
        text.rstrip("\n") + "\n\n" + section)
    path.write_text(text, "utf-8")


def _cores() -> int:
    import os

    return os.cpu_count() or 0
