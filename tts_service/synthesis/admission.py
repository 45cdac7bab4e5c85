"""Which new work is let in: the articles being made at once, the voice's capacity for listeners,
and each keyless client's budget of characters. What is refused is refused before any synthesis.

With the cluster's Redis the bounds are the cluster's (``cluster_load``): the limits of every live
node added up, the articles of every node counted once, and one budget per client; while Redis
is unreachable each node applies its own, as on one machine.
"""

from __future__ import annotations

from ..config import Settings
from ..errors import Busy, NotAllowed
from ..store.redis_link import Unreachable
from .budget import ClientBudgets
from .cluster_load import ClusterLoad, ClusterTotals, NodeLoad
from .jobs import SynthesisJobs
from .scheduler import SynthesisScheduler

REALTIME_MARGIN = 2.0  # admitted listeners' articles: at most capacity / this (2x speed, overhead)


class Admission:
    """The bounds on new work in this process, for publishers (keyed) and readers (keyless)."""

    def __init__(self, settings: Settings, jobs: SynthesisJobs, scheduler: SynthesisScheduler,
                 budgets: ClientBudgets, cluster: ClusterLoad | None = None) -> None:
        self.settings = settings
        self.jobs = jobs
        self.scheduler = scheduler
        self.budgets = budgets
        # Seconds of audio this process makes per second (TTS_SYNTH_CAPACITY, or measured at
        # start); None: unknown, no admission control (the CLI, batch, tests).
        self.capacity: float | None = settings.synth_capacity or None
        self.cluster = cluster  # the other nodes' work, with the cluster's Redis

    def admit(self, chars: int, *, keyed: bool, client: str) -> None:
        """Let in a new article whose audio is worth ``chars`` characters (``budget.cost``), or
        refuse it: Busy (503), RateLimited (429), TooLarge (413: more than a keyless budget
        holds), or NotAllowed when keyless synthesis is off."""
        settings = self.settings
        totals = self.totals()
        if keyed:
            if len(totals.keyed) >= settings.max_pending_jobs * totals.nodes:
                raise Busy(f"the service is making {len(totals.keyed)} articles already",
                           "try again in a few seconds (TTS_MAX_PENDING_JOBS)")
            return
        if not settings.on_demand:
            raise NotAllowed("this article has no audio yet",
                             "the publisher makes audio ahead; new audio needs an API key")
        if len(totals.keyless) >= settings.anon_max_pending_jobs * totals.nodes:
            raise Busy("too many readers' articles are being made right now",
                       "try again in a few seconds (TTS_ANON_MAX_PENDING_JOBS)")
        if totals.capacity is not None and len(totals.demand) + 1 > totals.capacity / REALTIME_MARGIN:
            raise Busy("the voice is busy making other new articles for their listeners",
                       "try again in a few seconds; articles already made are served at once",
                       retry_after=10)
        self.budgets.charge(client, chars)

    def own_load(self) -> NodeLoad:
        """What this process is making now."""
        return NodeLoad(self.jobs.running_ids(keyless=False), self.jobs.running_ids(keyless=True),
                        self.demand(), self.capacity)

    def totals(self) -> ClusterTotals:
        """The work admission weighs: the cluster's, or this process's alone without Redis."""
        if self.cluster is not None:
            try:
                return self.cluster.totals()
            except Unreachable:
                pass
        own = self.own_load()
        return ClusterTotals(1, own.keyed, own.keyless, own.demand, own.capacity)

    def charge_refused(self, client: str, chars: int) -> None:
        """A keyless request refused after it was read: reading it was work, so it costs its size."""
        self.budgets.spend(client, chars)

    def demand(self) -> set[str]:
        """Articles being made for listeners now: each needs its audio at least as fast as it is
        played (those a reader asked for, and any that someone is streaming)."""
        return self.jobs.running_ids(keyless=True) | {
            article_id for article_id in self.scheduler.listened() if self.jobs.running(article_id)}
