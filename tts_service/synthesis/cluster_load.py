"""What every node of the cluster is making, so that admission is decided for the whole cluster.

Each node announces, every ``ANNOUNCE_SECONDS`` and whenever it admits an article, the articles
it is making (for keyed and keyless callers), those it is making for listeners, and its voice's
capacity, in one Redis hash (``tts:nodes``, a field per node). An announcement older than
``STALE_SECONDS`` is a node that stopped: it no longer counts, and is removed. Articles are
counted by id, so one article made on two nodes (a listener on each) counts once.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..store.redis_link import RedisLink, Unreachable, key

log = logging.getLogger(__name__)

ANNOUNCE_SECONDS = 2.0
STALE_SECONDS = 10.0
NODES = key("nodes")


@dataclass
class NodeLoad:
    """One node's work as it announced it."""

    keyed: set[str] = field(default_factory=set)
    keyless: set[str] = field(default_factory=set)
    demand: set[str] = field(default_factory=set)
    capacity: float | None = None

    def to_json(self) -> str:
        return json.dumps({"at": time.time(), "keyed": sorted(self.keyed),
                           "keyless": sorted(self.keyless), "demand": sorted(self.demand),
                           "capacity": self.capacity})

    @classmethod
    def from_json(cls, raw: bytes | str) -> tuple[float, NodeLoad]:
        state: dict[str, Any] = json.loads(raw)
        return float(state["at"]), cls(set(state["keyed"]), set(state["keyless"]),
                                       set(state["demand"]), state["capacity"])


@dataclass
class ClusterTotals:
    """The cluster's work: articles by id over every live node, and the nodes' capacities."""

    nodes: int
    keyed: set[str]
    keyless: set[str]
    demand: set[str]
    capacity: float | None  # None when a node does not know its own


class ClusterLoad:
    """This node's announcements, and the sum over the nodes."""

    def __init__(self, link: RedisLink, own: Callable[[], NodeLoad]) -> None:
        self.link = link
        self.own = own
        self.node = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Announce from a thread of its own until ``stop``."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._announcing, name="cluster-load",
                                            daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        try:
            self.link.attempt(lambda client: client.hdel(NODES, self.node))
        except Unreachable:
            pass

    def _announcing(self) -> None:
        while not self._stop.wait(ANNOUNCE_SECONDS):
            try:
                self.announce()
            except Unreachable:
                pass

    def announce(self, own: NodeLoad | None = None) -> None:
        state = (own or self.own()).to_json()
        self.link.attempt(lambda client: client.hset(NODES, self.node, state))

    def totals(self) -> ClusterTotals:
        """Every live node's work with this node's as it is now; Unreachable without Redis."""
        own = self.own()
        self.announce(own)
        raw: dict[Any, Any] = self.link.attempt(lambda client: client.hgetall(NODES))
        now = time.time()
        loads, stale = [own], []
        for node, state in raw.items():
            name = node.decode() if isinstance(node, bytes) else str(node)
            if name == self.node:
                continue
            try:
                at, load = NodeLoad.from_json(state)
            except (ValueError, KeyError, TypeError):
                at, load = 0.0, NodeLoad()
            if now - at > STALE_SECONDS:
                stale.append(node)
            else:
                loads.append(load)
        if stale:
            self.link.attempt(lambda client: client.hdel(NODES, *stale))
        capacities = [load.capacity for load in loads]
        return ClusterTotals(
            nodes=len(loads),
            keyed=set().union(*(load.keyed for load in loads)),
            keyless=set().union(*(load.keyless for load in loads)),
            demand=set().union(*(load.demand for load in loads)),
            capacity=None if None in capacities else sum(c for c in capacities if c is not None))
