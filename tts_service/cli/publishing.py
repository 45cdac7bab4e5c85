"""Commands that make many articles: ``pregenerate`` from folders, files and sitemaps, ``watch``
feeds, and run a queue ``worker``."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import InputError, TTSError
from ..ops.process import interrupt_on_sigterm
from ..store.objects import atomic_write
from . import options

log = logging.getLogger("tts_service")


def add_commands(commands: Any) -> None:
    pre = commands.add_parser("pregenerate", parents=[options.batch_run()],
                              help="make the audio of many articles ahead of time")
    pre.add_argument("sources", nargs="+", metavar="SOURCE",
                     help="a folder of .html/.txt/.md files, a .jsonl file, or a sitemap (file or URL)")
    pre.add_argument("--queue", metavar="URL", help="enqueue on a Celery queue (redis://host:6379/0)")
    pre.add_argument("--dry-run", action="store_true", help="show what would be made, make nothing")
    pre.add_argument("--lang", default="", type=options.language,
                     help="the language of articles that do not give theirs (de, fr, en-GB)")
    pre.set_defaults(handler=cmd_pregenerate)

    watch = commands.add_parser("watch", parents=[options.batch_run()],
                                help="make the audio of each new entry of RSS or Atom feeds")
    watch.add_argument("feeds", nargs="+", metavar="FEED_URL", help="an RSS or Atom feed's URL")
    watch.add_argument("--once", action="store_true",
                       help="one pass, then exit (for cron); exit code 1 if anything failed")
    watch.add_argument("--interval", type=options.seconds, metavar="SECONDS",
                       help="between two passes (default TTS_WATCH_INTERVAL, 300)")
    watch.add_argument("--fetch-pages", action="store_true",
                       help="read each entry's page even when the feed holds its text")
    watch.set_defaults(handler=cmd_watch)

    worker = commands.add_parser("worker", help="run a queue worker for pregenerate --queue")
    worker.add_argument("--queue", metavar="URL", required=True, help="redis://host:6379/0")
    worker.add_argument("--concurrency", type=int, help="worker processes (default: one per core)")
    worker.set_defaults(handler=cmd_worker)


def cmd_pregenerate(args: argparse.Namespace, settings: Settings) -> int:
    from ..publish.batch import dry_run, made_ids, run_batch
    from ..publish.sources import iter_sources

    items = [_in_language(item, args.lang, settings) for item in iter_sources(args.sources, settings)]
    if not items:
        raise InputError("no articles found in the sources given")
    if args.dry_run:
        return _print_dry_run(dry_run(items, settings), args.report)
    progress = _BatchProgress(len(items), enabled=not args.no_progress)
    interrupt_on_sigterm()  # a service manager's stop ends it as Ctrl-C does: resumable
    try:
        if args.queue:
            from ..publish.queue_client import follow_queue

            outcomes = follow_queue(args.queue, items, settings, progress.add)
        else:
            outcomes = run_batch(items, settings, workers=args.workers, on_outcome=progress.add)
    except KeyboardInterrupt:
        progress.close()
        print("tts-service: stopped; run the same command again to resume", file=sys.stderr)
        return 130
    progress.close()
    if args.feed:
        from ..publish.feed_entries import add_to_feed

        add_to_feed(made_ids(outcomes), settings)
    return _summarize(outcomes, args.report)


def _in_language(item: Any, lang: str, settings: Settings) -> Any:
    """A source item in ``lang`` (``--lang``) unless it gives its own, spoken by a voice of it."""
    import dataclasses

    from ..voice.registry import asked_voice

    request = item.request
    if not lang or request is None or request.lang:
        return item
    voice = asked_voice(settings, request.backend, request.voice, lang)
    return dataclasses.replace(item, request=dataclasses.replace(request, lang=lang, voice=voice))


def cmd_watch(args: argparse.Namespace, settings: Settings) -> int:
    """Poll the feeds until stopped (or once); each pass makes what is new as pregenerate does.
    Stopped between passes, it exits 0; stopped mid-pass, 130 (the next run resumes)."""
    from ..publish.batch import made_ids
    from ..publish.watch import Stopped, Watcher, keep_watching

    watcher = Watcher(args.feeds, settings, always_fetch_pages=args.fetch_pages)
    interval = args.interval or settings.watch_interval

    def one_pass() -> int:
        poll = watcher.poll()
        for url, error in poll.errors.items():
            print(f"tts-service: feed {url}: {error}", file=sys.stderr)
        progress = _BatchProgress(len(poll.items), enabled=not args.no_progress and bool(poll.items))
        try:
            outcomes = watcher.make(poll, workers=args.workers, on_outcome=progress.add)
        finally:
            progress.close()
        if args.feed:
            from ..publish.feed_entries import add_to_feed

            add_to_feed(made_ids(outcomes), settings)
        code = _summarize(outcomes, args.report, {"feeds": poll.report()})
        return 1 if poll.errors else code

    def failed_pass(exc: TTSError) -> None:
        print(f"tts-service: error: {exc.one_line()}; next pass in {interval:g} s", file=sys.stderr)

    try:
        return keep_watching(one_pass, interval, once=args.once, on_error=failed_pass)
    except Stopped as stopped:
        if stopped.mid_pass:
            print("tts-service: stopped; run the same command again to resume", file=sys.stderr)
            return 130
        print("tts-service: stopped", file=sys.stderr)
        return 0


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    from ..publish.queue import run_worker

    run_worker(args.queue, settings, args.concurrency)
    return 0


def _summarize(outcomes: list, report: Path | None,  # type: ignore[type-arg]
               extra: dict[str, object] | None = None) -> int:
    failed = [o for o in outcomes if o.status == "failed"]
    made = sum(o.status == "made" for o in outcomes)
    cached = sum(o.status == "cached" for o in outcomes)
    hours = sum(o.duration or 0 for o in outcomes) / 3600
    print(f"{len(outcomes)} articles: {made} made, {cached} already cached, {len(failed)} failed; "
          f"{hours:.2f} h ({hours * 60:.1f} min) of audio", file=sys.stderr)
    for outcome in failed:
        print(f"  failed: {outcome.name}: {outcome.error}", file=sys.stderr)
    if report:
        body = {"articles": [o.to_dict() for o in outcomes],
                "totals": {"articles": len(outcomes), "made": made, "cached": cached,
                           "failed": len(failed), "audio_hours": round(hours, 4)}, **(extra or {})}
        atomic_write(report, json.dumps(body, indent=1, ensure_ascii=False).encode("utf-8"))
    return 1 if failed else 0

def _print_dry_run(lines: list, report: Path | None) -> int:  # type: ignore[type-arg]
    from dataclasses import asdict

    print(f"{'article':40} {'chars':>8} {'segments':>9} {'new':>6} {'est. audio':>11} {'requests':>9}")
    for line in lines:
        name = line.name if len(line.name) <= 40 else "…" + line.name[-39:]
        if line.error:
            print(f"{name:40} error: {line.error}")
            continue
        print(f"{name:40} {line.chars:8,} {line.segments:9} {line.new_segments:6} "
              f"{line.estimated_seconds / 60:9.1f} m {line.requests:9}")
    ok = [line for line in lines if not line.error]
    print(f"{len(ok)} articles, {sum(x.chars for x in ok):,} characters, "
          f"{sum(x.new_segments for x in ok)} new of {sum(x.segments for x in ok)} segments, "
          f"about {sum(x.estimated_seconds for x in ok) / 3600:.2f} h of audio, "
          f"{sum(x.requests for x in ok)} online requests; {len(lines) - len(ok)} unreadable")
    if report:
        atomic_write(report, json.dumps([asdict(line) for line in lines], indent=1).encode("utf-8"))
    return 1 if len(ok) < len(lines) else 0

class _BatchProgress:
    """Articles done/total with audio hours, cache hits and failures; logs instead when quiet."""

    def __init__(self, total: int, enabled: bool) -> None:
        from tqdm import tqdm

        self.hours = 0.0
        self.hits = self.failures = 0
        self._bar = tqdm(total=total, unit="article", desc="pregenerating", file=sys.stderr,
                         disable=not enabled)

    def add(self, outcome) -> None:  # type: ignore[no-untyped-def]
        self.hours += (outcome.duration or 0) / 3600
        self.hits += outcome.cache_hit
        self.failures += outcome.status == "failed"
        self._bar.set_postfix(audio_h=f"{self.hours:.2f}", cached=self.hits,
                              failed=self.failures, refresh=False)
        self._bar.update(1)
        level = logging.WARNING if outcome.status == "failed" else logging.INFO
        log.log(level, "%s: %s%s", outcome.name, outcome.status,
                f" ({outcome.error})" if outcome.error else "")

    def close(self) -> None:
        self._bar.close()
