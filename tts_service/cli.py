"""The ``tts-service`` command: thin argument parsing over speech, batch and web."""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .config import Settings
from .errors import CacheError, InputError, TTSError
from .ops.process import configure_logging
from .store.objects import atomic_write
from .synthesis.plan import plan_article
from .synthesis.request import FILE_KINDS, ArticleRequest, decode_input
from .voice.registry import KINDS, backend_kind

log = logging.getLogger("tts_service")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
        configure_logging(logging.WARNING if getattr(args, "quiet", False) else settings.log_level,
                          settings.log_format)
        return int(args.handler(args, settings) or 0)
    except TTSError as exc:
        print(f"tts-service: error: {exc.one_line()}", file=sys.stderr)
        return 2 if isinstance(exc, InputError) else 1
    except KeyboardInterrupt:
        print("tts-service: interrupted", file=sys.stderr)
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tts-service", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    speak = commands.add_parser("speak", help="speak a .txt, .md, .html or .ssml file (or - for stdin)")
    speak.add_argument("input", help="the article file, or - to read standard input")
    speak.add_argument("-o", "--output", required=True, type=Path, help="where to write the MP3")
    speak.add_argument("--manifest", type=Path, help="where to write the timing manifest (JSON)")
    _voice_options(speak)
    speak.add_argument("--html", action="store_true", help="treat the input as HTML")
    speak.add_argument("-q", "--quiet", action="store_true", help="no progress, errors only")
    speak.set_defaults(handler=cmd_speak)

    segments = commands.add_parser("segments", help="print the segments of an article as JSON lines")
    segments.add_argument("input", help="the article file, or - to read standard input")
    _voice_options(segments)
    segments.add_argument("--html", action="store_true", help="treat the input as HTML")
    segments.set_defaults(handler=cmd_segments)

    pre = commands.add_parser("pregenerate", help="make the audio of many articles ahead of time")
    pre.add_argument("sources", nargs="+", metavar="SOURCE",
                     help="a folder of .html/.txt/.md files, a .jsonl file, or a sitemap (file or URL)")
    pre.add_argument("--workers", type=int, help="worker processes (default: one per core)")
    pre.add_argument("--queue", metavar="URL", help="enqueue on a Celery queue (redis://host:6379/0)")
    pre.add_argument("--report", type=Path, help="write a JSON report here")
    pre.add_argument("--dry-run", action="store_true", help="show what would be made, make nothing")
    pre.add_argument("-q", "--quiet", dest="no_progress", action="store_true",
                     help="no progress bar, logs only")
    pre.add_argument("--feed", action="store_true",
                     help="put the articles made in the podcast feed (/feed.xml)")
    pre.set_defaults(handler=cmd_pregenerate)

    watch = commands.add_parser("watch", help="make the audio of each new entry of RSS or Atom feeds")
    watch.add_argument("feeds", nargs="+", metavar="FEED_URL", help="an RSS or Atom feed's URL")
    watch.add_argument("--once", action="store_true",
                       help="one pass, then exit (for cron); exit code 1 if anything failed")
    watch.add_argument("--interval", type=_seconds, metavar="SECONDS",
                       help="between two passes (default TTS_WATCH_INTERVAL, 300)")
    watch.add_argument("--fetch-pages", action="store_true",
                       help="read each entry's page even when the feed holds its text")
    watch.add_argument("--workers", type=int, help="worker processes (default: one per core)")
    watch.add_argument("--report", type=Path, help="write the JSON report of the last pass here")
    watch.add_argument("-q", "--quiet", dest="no_progress", action="store_true",
                       help="no progress bar, logs only")
    watch.add_argument("--feed", action="store_true",
                       help="put the articles made in the podcast feed (/feed.xml)")
    watch.set_defaults(handler=cmd_watch)

    worker = commands.add_parser("worker", help="run a queue worker for pregenerate --queue")
    worker.add_argument("--queue", metavar="URL", required=True, help="redis://host:6379/0")
    worker.add_argument("--concurrency", type=int, help="worker processes (default: one per core)")
    worker.set_defaults(handler=cmd_worker)

    voices = commands.add_parser("voices", help="list backends and their voices")
    voices.set_defaults(handler=cmd_voices)

    cache = commands.add_parser("cache", help="make room in the audio cache")
    cache_commands = cache.add_subparsers(dest="cache_command", required=True)
    evict = cache_commands.add_parser(
        "evict", help="delete least recently used on-demand articles until the cache fits")
    evict.add_argument("--max-bytes", type=_size, metavar="N",
                       help="the limit (default TTS_CACHE_MAX_BYTES; 0: delete all that may go)")
    evict.add_argument("--include-kept", action="store_true",
                       help="kept articles (made by a key, the CLI or pregenerate) may go too")
    evict.set_defaults(handler=cmd_cache_evict)
    forget = cache_commands.add_parser("forget", help="delete articles by id, kept or not")
    forget.add_argument("ids", nargs="+", metavar="ID", help="an article id")
    forget.set_defaults(handler=cmd_cache_forget)

    serve = commands.add_parser("serve", help="run the web service under gunicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1,
                       help="worker processes; each loads its own voice (~550 MB)")
    serve.set_defaults(handler=cmd_serve)

    key = commands.add_parser("new-key", help="make a publisher's API key and its TTS_API_KEYS digest")
    key.set_defaults(handler=cmd_new_key)
    return parser


def _voice_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--backend", choices=sorted(KINDS), help="TTS backend (default piper)")
    parser.add_argument("--voice", default="", help="voice name or path to a Piper .onnx file")


def read_request(args: argparse.Namespace, settings: Settings) -> ArticleRequest:
    """The article named by INPUT (a file, or - for standard input) as a request to speak."""
    if args.input == "-":
        text = decode_input(sys.stdin.buffer.read())
        kind = "html" if args.html or text.lstrip().startswith("<") else "text"
    else:
        path = Path(args.input)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError(f"no such file: {args.input}") from None
        except IsADirectoryError:
            raise InputError(f"{args.input} is a folder, not a file") from None
        except OSError as exc:
            raise InputError(f"cannot read {args.input}: {exc.strerror}") from exc
        text = decode_input(data)
        kind = "html" if args.html else FILE_KINDS.get(path.suffix.lower(), "text")
    request = ArticleRequest.from_file_text(text, kind, settings)
    return dataclasses.replace(request, backend=args.backend or settings.backend, voice=args.voice)


def cmd_speak(args: argparse.Namespace, settings: Settings) -> int:
    from .articles import ArticleService

    request = read_request(args, settings)
    service = ArticleService(settings)
    try:
        with _SpeakProgress(enabled=not args.quiet) as progress:
            result = service.make(request, progress=progress.update)
        article = result.article
        mp3 = service.cache.open_article(article.id)
        if mp3 is None:
            raise CacheError(f"article {article.id} vanished from {service.cache.store}",
                             "is another process clearing the cache? run the command again")
        with mp3:
            atomic_write(args.output, mp3)
    finally:
        service.shutdown()
    if args.manifest:
        atomic_write(args.manifest, json.dumps(result.manifest, ensure_ascii=False,
                                                indent=1).encode("utf-8"))
    if not args.quiet:
        print(f"{args.output}: {result.manifest['duration']:.1f} s of audio, "
              f"{len(article.segments)} segments ({result.synthesized} synthesized, "
              f"{len(article.segments) - result.synthesized} from cache), id {article.id}",
              file=sys.stderr)
    return 0


def cmd_segments(args: argparse.Namespace, settings: Settings) -> int:
    """The segments as the voice would get them; no voice is loaded, only its limits are used."""
    request = read_request(args, settings)
    kind = backend_kind(request.backend)
    plan = plan_article(request.text, settings, kind.max_chars, html=request.html, ssml=request.ssml)
    for segment in plan.segments:
        print(json.dumps(segment.to_dict(), ensure_ascii=False))
    return 0


def cmd_voices(args: argparse.Namespace, settings: Settings) -> int:
    for kind in KINDS.values():
        default = " (default)" if kind.name == settings.backend else ""
        print(f"{kind.name}{default}: {kind.description}")
        for voice in kind.voices(settings):
            print(f"  {voice}")
    return 0


def cmd_new_key(args: argparse.Namespace, settings: Settings) -> int:
    from .access import hash_key, new_key

    key = new_key()
    print(f"key:    {key}\n        give it to the publisher; it is not stored anywhere")
    print(f"digest: {hash_key(key)}\n        add it to TTS_API_KEYS (comma-separated)")
    return 0


def cmd_pregenerate(args: argparse.Namespace, settings: Settings) -> int:
    from .publish.batch import dry_run, run_batch
    from .publish.sources import iter_sources

    items = list(iter_sources(args.sources, settings))
    if not items:
        raise InputError("no articles found in the sources given")
    if args.dry_run:
        return _print_dry_run(dry_run(items, settings), args.report)
    progress = _BatchProgress(len(items), enabled=not args.no_progress)
    try:
        if args.queue:
            from .publish.queue_client import follow_queue

            outcomes = follow_queue(args.queue, items, settings, progress.add)
        else:
            outcomes = run_batch(items, settings, workers=args.workers, on_outcome=progress.add)
    except KeyboardInterrupt:
        progress.close()
        print("tts-service: stopped; run the same command again to resume", file=sys.stderr)
        return 130
    progress.close()
    if args.feed:
        from .publish.feed_entries import add_made

        add_made(outcomes, settings)
    return _summarize(outcomes, args.report)


def cmd_watch(args: argparse.Namespace, settings: Settings) -> int:
    """Poll the feeds until stopped (or once); each pass makes what is new as pregenerate does.
    Stopped between passes, it exits 0; stopped mid-pass, 130 (the next run resumes)."""
    import time

    from .ops.process import interrupt_on_sigterm
    from .publish.watch import Watcher

    watcher = Watcher(args.feeds, settings, always_fetch_pages=args.fetch_pages)

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
            from .publish.feed_entries import add_made

            add_made(outcomes, settings)
        code = _summarize(outcomes, args.report, {"feeds": poll.report()})
        return 1 if poll.errors else code

    interval = args.interval or settings.watch_interval
    interrupt_on_sigterm()
    busy = False  # in a pass (stopping abandons it) rather than waiting for the next one
    try:
        while True:
            busy = True
            try:
                code = one_pass()
            except TTSError as exc:  # the cache unwritable, say: keep watching unless run once
                if args.once:
                    raise
                print(f"tts-service: error: {exc.one_line()}; next pass in {interval:g} s",
                      file=sys.stderr)
            busy = False
            if args.once:
                return code
            time.sleep(interval)
    except KeyboardInterrupt:
        if busy:
            print("tts-service: stopped; run the same command again to resume", file=sys.stderr)
            return 130
        print("tts-service: stopped", file=sys.stderr)
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


def cmd_worker(args: argparse.Namespace, settings: Settings) -> int:
    from .publish.queue import run_worker

    run_worker(args.queue, settings, args.concurrency)
    return 0


def _seconds(text: str) -> float:
    """A number of seconds above 0, for ``--interval``."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not value > 0:
        raise argparse.ArgumentTypeError("must be above 0")
    return value


def _size(text: str) -> int:
    """A byte count for ``--max-bytes``: a whole number, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of bytes: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("cannot be negative")
    return value


def cmd_cache_evict(args: argparse.Namespace, settings: Settings) -> int:
    from .articles import ArticleService

    limit = settings.cache_max_bytes if args.max_bytes is None else args.max_bytes
    if args.max_bytes is None and not limit:
        raise InputError("there is no limit to evict down to",
                         "pass --max-bytes N or set TTS_CACHE_MAX_BYTES")
    service = ArticleService(settings)
    try:
        evicted = service.evict(limit, include_kept=args.include_kept)
    finally:
        service.shutdown()
    print(f"evicted {len(evicted.articles)} articles and {evicted.segments} segments, "
          f"{evicted.freed:,} bytes; the cache holds {evicted.total:,} bytes (limit {limit:,})")
    return 0


def cmd_cache_forget(args: argparse.Namespace, settings: Settings) -> int:
    from .articles import ArticleService

    service = ArticleService(settings)
    try:
        for article_id in args.ids:
            forgotten = service.forget(article_id)
            print(f"forgot {article_id}: {forgotten.segments} segments, "
                  f"{forgotten.freed:,} bytes freed")
    finally:
        service.shutdown()
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    """Replace this process with the server's own (see ``tts_service.serve``)."""
    import os

    log.info("serving on http://%s:%d/", args.host, args.port)  # JSON too with TTS_LOG_FORMAT=json
    os.execv(sys.executable, [sys.executable, "-m", "tts_service.serve", args.host,
                              str(args.port), str(args.workers)])


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


class _SpeakProgress:
    """A tqdm bar on stderr for long articles (more than 3 segments), made on the first update."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._bar = None

    def __enter__(self) -> _SpeakProgress:
        return self

    def update(self, done: int, total: int) -> None:
        if self._bar is None and self.enabled and total > 3:
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="seg", desc="speaking", file=sys.stderr,
                             disable=None)
        if self._bar is not None:
            self._bar.update(done - self._bar.n)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.close()


if __name__ == "__main__":
    sys.exit(main())
