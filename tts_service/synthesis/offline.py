"""Making an article with the offline voice once its online voice has failed it (see ``fallback``
for when that happens): all of it, under the id the client was given, and recorded so that every
process makes it with the offline voice from then on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from ..config import Settings
from ..errors import BackendError, InputError
from ..voice.registry import KINDS, offline_backend, voice_for_language
from .fallback import Fallback, falls_back
from .index import ArticleIndex
from .plan import Article
from .recent import RecentArticles
from .request import ArticleRequest
from .speaker import Speaker

log = logging.getLogger(__name__)

T = TypeVar("T")
Prepare = Callable[[ArticleRequest], Article]  # a request -> its article, segmented and keyed
VoiceOf = Callable[[Article, ArticleRequest], Speaker]  # the voice that makes an article


class OfflineFallback:
    """Work on an article with its own voice, and again with the offline voice if it falls back."""

    def __init__(self, settings: Settings, index: ArticleIndex, recent: RecentArticles,
                 prepare: Prepare, voice_of: VoiceOf) -> None:
        self.settings = settings
        self.index = index
        self.recent = recent
        self.prepare = prepare
        self.voice_of = voice_of

    def run(self, article: Article, request: ArticleRequest, work: Callable[[Article, Speaker], T]) -> T:
        """``work`` on the article and its voice; again on the offline voice's article if the
        article falls back on the error ``work`` raised."""
        try:
            return work(article, self.voice_of(article, request))
        except BackendError as exc:
            offline = self._fallen_back(article, request, exc)
            if offline is None:
                raise
        return work(offline, self.voice_of(offline, request))

    def offline(self, article: Article, request: ArticleRequest, fallback: Fallback) -> Article:
        """``article`` as the offline voice speaks it: its own segments, under the same id."""
        lang = request.lang or str(self.voice_of(article, request).backend.options.get("lang")
                                   or article.language.lang)  # the language it was to be read in
        spoken = self.prepare(replace(request, backend=offline_backend(self.settings), voice="",
                                      lang=lang))
        return replace(spoken, id=article.id, fallback=fallback)

    def _fallen_back(self, article: Article, request: ArticleRequest,
                     error: BackendError) -> Article | None:
        """The article to make with the offline voice now that ``error`` stopped its own, with
        the fallback recorded; None when it does not fall back (see ``fallback.falls_back``)."""
        kind = KINDS.get(request.backend or self.settings.backend)  # None: a test's own backend
        if article.fallback or not falls_back(error, online=kind is not None and kind.online,
                                              allowed=self.settings.fallback and request.fallback):
            return None
        if not self._offline_speaks(article, request):
            log.warning("article %s: no fallback, the offline voice does not speak its language",
                        article.id)
            return None
        log.warning("article %s: %s; the offline voice makes all of it instead", article.id,
                    error.one_line())
        fallback = Fallback(article.backend_id)
        self.index.record_fallback(article.id, fallback.to_dict())
        offline = self.offline(article, request, fallback)
        self.recent.remember(offline, request)
        return offline

    def _offline_speaks(self, article: Article, request: ArticleRequest) -> bool:
        """Whether the offline voice speaks the language of the voice the article asked for."""
        lang = self.voice_of(article, request).backend.options.get("lang")
        if not lang:
            return True
        try:
            voice_for_language(self.settings, offline_backend(self.settings), "", str(lang))
        except InputError:
            return False
        return True
