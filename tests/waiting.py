"""Waiting in tests: for a state, never for a time.

Every wait here polls for a state (an article ready, a line in a log, a file on disk) and fails
the test, saying what it waited for and what it saw last, if a deadline passes. The deadlines are
generous on purpose: on a busy two-core machine (CI, a laptop building something else) the work
takes many times longer than when the machine is idle, and a test must not bet on its speed. A
deadline is only there to stop a hang.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from typing import Any, TypeVar

import pytest
import requests
from flask.testing import FlaskClient

T = TypeVar("T")

DEADLINE = 300.0  # seconds: how long a wait may take before the test fails as hung
HTTP_TIMEOUT = 60.0  # seconds: one request to a server of the test's own
POLL = 0.05  # seconds between two looks
FINAL = ("ready", "failed")  # an article's statuses that do not change any more


def wait_until(condition: Callable[[], T], what: str, *, timeout: float = DEADLINE,
               poll: float = POLL, process: subprocess.Popen[Any] | None = None,
               details: Callable[[], str] | None = None) -> T:
    """Poll ``condition`` until it returns something true, and return that.

    Fails the test after ``timeout`` seconds, or at once when ``process`` (the program whose
    work is awaited) has ended; ``what`` names the state awaited and ``details`` adds what the
    failure message should show (a log, the program's output)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if process is not None and process.poll() is not None:
            pytest.fail(f"the process ended (exit code {process.returncode}) while waiting for "
                        f"{what}{_more(details)}")
        if time.monotonic() > deadline:
            pytest.fail(f"waited {timeout:g} s for {what} in vain{_more(details)}")
        time.sleep(poll)


def _more(details: Callable[[], str] | None) -> str:
    return f":\n{details()}" if details is not None else ""


# -- articles --------------------------------------------------------------------------------------
def article_status(client: FlaskClient | str, article_id: str) -> dict[str, Any]:
    """An article's status body (its manifest once made): through a Flask test client, or over
    HTTP from a running server given by its base URL (anyone may read a status: no key)."""
    if isinstance(client, str):
        response = requests.get(f"{client}/api/articles/{article_id}", timeout=HTTP_TIMEOUT)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body
    answer = client.get(f"/api/articles/{article_id}")
    assert answer.status_code == 200, answer.get_data(as_text=True)
    body = answer.get_json()
    return body


def wait_article(client: FlaskClient | str, article_id: str, done: Callable[[dict[str, Any]], bool],
                 what: str, *, timeout: float = DEADLINE) -> dict[str, Any]:
    """Poll the article's status until ``done(body)`` holds, and return that body.

    Fails at once when the article reaches a final status (ready, failed) that is not what the
    test waits for: it will not change any more."""
    last: dict[str, Any] = {}

    def reached() -> bool:
        last.update(article_status(client, article_id))
        if done(last):
            return True
        if last["status"] in FINAL:
            pytest.fail(f"article {article_id} is {last['status']} before {what}: "
                        f"{last.get('error') or last}")
        return False

    wait_until(reached, f"{what} (article {article_id})", timeout=timeout,
               details=lambda: f"its last status: {last}")
    return last


def wait_status(client: FlaskClient | str, article_id: str, status: str, *,
                timeout: float = DEADLINE) -> dict[str, Any]:
    """Wait until the article's status is ``status``; returns its status body."""
    return wait_article(client, article_id, lambda body: body["status"] == status,
                        f"the status {status!r}", timeout=timeout)


def wait_ready(client: FlaskClient | str, article_id: str, *,
               timeout: float = DEADLINE) -> dict[str, Any]:
    """Wait until the article is made; fails the test if it failed instead. Returns its manifest."""
    return wait_status(client, article_id, "ready", timeout=timeout)


def wait_failed(client: FlaskClient | str, article_id: str, *,
                timeout: float = DEADLINE) -> dict[str, Any]:
    """Wait until making the article has failed; fails the test if it was made instead."""
    return wait_status(client, article_id, "failed", timeout=timeout)


def wait_segments_ready(client: FlaskClient | str, article_id: str, count: int, *,
                        timeout: float = DEADLINE) -> dict[str, Any]:
    """Wait until at least ``count`` segments of the article are made; returns that status body."""
    def made(body: dict[str, Any]) -> bool:
        return body["status"] == "ready" or body.get("segments_ready", 0) >= count

    return wait_article(client, article_id, made, f"{count} segments made", timeout=timeout)
