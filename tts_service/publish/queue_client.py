"""The enqueuing side of ``pregenerate --queue``: send one task per article, follow them to the end."""

from __future__ import annotations

import time
from collections.abc import Callable

from celery import Celery

from ..config import Settings
from ..errors import ConfigError
from .batch import Outcome
from .queue import TASK_NAME, make_celery
from .sources import SourceItem


def check_broker(app: Celery, url: str) -> None:
    """Fail fast, with a clear message, when the queue cannot be reached."""
    from kombu.exceptions import OperationalError

    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=2, interval_start=0.2, interval_step=0.2,
                                         timeout=5)
    except OperationalError as exc:
        raise ConfigError(f"cannot reach the queue at {url}: {exc}",
                          "start Redis there, or check the host, port and database number") from exc


def follow_queue(url: str, items: list[SourceItem], settings: Settings,
                 on_outcome: Callable[[Outcome], None], poll: float = 0.5) -> list[Outcome]:
    """Enqueue every readable item and wait until each task has finished, reporting as they do."""
    app = make_celery(url, settings)
    check_broker(app, url)
    outcomes: list[Outcome] = []
    pending = {}
    for item in items:
        if item.request is None:
            outcome = Outcome(item.name, "failed", error=item.error)
            outcomes.append(outcome)
            on_outcome(outcome)
            continue
        result = app.send_task(TASK_NAME, args=(item.name, item.request.to_dict()))
        pending[result.id] = (item.name, result)
    while pending:
        for task_id, (name, result) in list(pending.items()):
            if not result.ready():
                continue
            del pending[task_id]
            if result.successful():
                outcome = Outcome(**result.result)
            else:
                outcome = Outcome(name, "failed", error=f"task failed: {result.result!r}"[:500])
            outcomes.append(outcome)
            on_outcome(outcome)
        if pending:
            time.sleep(poll)
    return outcomes
