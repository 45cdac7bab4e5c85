"""Word between the nodes that a segment was made: Redis pub/sub on one channel.

A listener waiting for a segment on one node is woken as soon as another node stores it, instead
of at its next poll. Notices are hints: a lost one costs a poll interval, never audio, so they
are sent without retries and a node whose subscription broke subscribes again when Redis is back.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from .redis_link import RETRY_SECONDS, RedisLink, Unreachable, key

log = logging.getLogger(__name__)

CHANNEL = key("segments")


class SegmentNotices:
    """Announce made segments to the cluster; hear the others' announcements."""

    def __init__(self, link: RedisLink) -> None:
        self.link = link
        self._listener: threading.Thread | None = None
        self._stop = threading.Event()

    def announce(self, segment_key: str) -> None:
        """Tell every node that this segment is stored."""
        try:
            self.link.attempt(lambda client: client.publish(CHANNEL, segment_key))
        except Unreachable:
            pass  # listeners elsewhere find it at their next poll

    def listen(self, heard: Callable[[], None]) -> None:
        """Call ``heard()`` whenever any node announces a segment, from a thread of its own."""
        if self._listener is not None:
            return
        self._listener = threading.Thread(target=self._listen, args=(heard,), name="notices",
                                          daemon=True)
        self._listener.start()

    def _listen(self, heard: Callable[[], None]) -> None:
        while not self._stop.is_set():
            pubsub = self.link.client.pubsub(ignore_subscribe_messages=True)
            try:
                pubsub.subscribe(CHANNEL)
                while not self._stop.is_set():
                    if pubsub.get_message(timeout=1.0) is not None:
                        heard()
            except Exception as exc:  # noqa: BLE001  (Redis trouble: subscribe again later)
                log.debug("segment notices interrupted: %s", exc)
                self._stop.wait(RETRY_SECONDS)
            finally:
                try:
                    pubsub.close()
                except Exception:  # noqa: BLE001
                    pass

    def close(self) -> None:
        self._stop.set()
