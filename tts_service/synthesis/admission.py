"""Which new work is let in: the articles being made at once, the voice's capacity for listeners,
and each keyless client's budget of characters. What is refused is refused before any synthesis.
"""

from __future__ import annotations

from ..config import Settings
from ..errors import Busy, NotAllowed
from .budget import ClientBudgets
from .jobs import SynthesisJobs
from .scheduler import SynthesisScheduler

REALTIME_MARGIN = 2.0  # admitted listeners' articles: at most capacity / this (2x speed, overhead)


class Admission:
    """The bounds on new work in this process, for publishers (keyed) and readers (keyless)."""

    def __init__(self, settings: Settings, jobs: SynthesisJobs, scheduler: SynthesisScheduler,
                 budgets: ClientBudgets) -> None:
        self.settings = settings
        self.jobs = jobs
        self.scheduler = scheduler
        self.budgets = budgets
        # Seconds of audio this process makes per second (TTS_SYNTH_CAPACITY, or measured at
        # start); None: unknown, no admission control (the CLI, batch, tests).
        self.capacity: float | None = settings.synth_capacity or None

    def admit(self, chars: int, *, keyed: bool, client: str) -> None:
        """Let in a new article of ``chars`` characters to make, or refuse it: Busy (503),
        RateLimited (429), or NotAllowed when keyless synthesis is off."""
        settings = self.settings
        if keyed:
            if self.jobs.pending(keyless=False) >= settings.max_pending_jobs:
                raise Busy(f"the service is making {settings.max_pending_jobs} articles already",
                           "try again in a few seconds (TTS_MAX_PENDING_JOBS)")
            return
        if not settings.on_demand:
            raise NotAllowed("this article has no audio yet",
                             "the publisher makes audio ahead; new audio needs an API key")
        if self.jobs.pending(keyless=True) >= settings.anon_max_pending_jobs:
            raise Busy("too many readers' articles are being made right now",
                       "try again in a few seconds (TTS_ANON_MAX_PENDING_JOBS)")
        if self.capacity is not None and len(self.demand()) + 1 > self.capacity / REALTIME_MARGIN:
            raise Busy("the voice is busy making other new articles for their listeners",
                       "try again in a few seconds; articles already made are served at once",
                       retry_after=10)
        self.budgets.charge(client, chars)

    def charge_refused(self, client: str, chars: int) -> None:
        """A keyless request refused after it was read: reading it was work, so it costs its size."""
        self.budgets.spend(client, chars)

    def demand(self) -> set[str]:
        """Articles being made for listeners now: each needs its audio at least as fast as it is
        played (those a reader asked for, and any that someone is streaming)."""
        return self.jobs.running_ids(keyless=True) | {
            article_id for article_id in self.scheduler.listened() if self.jobs.running(article_id)}
