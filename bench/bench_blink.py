"""Click to sound in a real browser: headless Chromium clicks "Click to start listening" on the
demo page of a real server, for new articles and for cached ones, and the player's Performance
marks (tts:click, request, response, canplay, playing) break the wait down; the baseline, in the
same run, is the server's own first MP3 byte of a new article fetched without a browser (POST,
then GET of the audio, as a script would).

    .venv/bin/python bench/bench_blink.py [--trials 10] [--dwell 1.0] [--two-trips] [--quick]
        [--against /work/main] [--chars 2500] [--results bench/RESULTS.md]

Each new article is put on the demo page in place of its story (same page, same origin, same
content security policy). Articles: the first 2,500 characters of real news articles from
scrapinghub/article-extraction-benchmark (MIT licence; ``ground-truth.json``, each page's
annotated ``articleBody``) when it is in ``bench/data/zyte/ground-truth.json`` (git-ignored;
``bench/fetch_data.sh`` clones it) or ``bench/data/zyte-ground-truth.json``, else the generated
corpus of corpus.py. "Sound" is
the first animation frame at which the audio element's time has advanced. ``--dwell``: seconds
the reader looks at the page before clicking (the player may prepare meanwhile). The player makes
one trip (one POST answers with the MP3, played through MediaSource); ``--two-trips``: it carries
``data-tts-one-trip="off"`` (POST, then GET of the audio), on the warm-up page and every article's.
``--against CHECKOUT``: an A/B in one run: a second server runs that checkout's code (with its own
``.venv``), and each article is clicked on both, new then cached, the order swapped every other
article (no baseline then); the report gives both and the per-article differences. ``--chars``:
each article cut to its paragraphs within that many characters (fewer: each is made sooner, and the
next click waits for that).

Targets (issue 25, 2 cores): new article median <= 0.35 s over >= 10 articles; cached <= 0.15 s.
"""

from __future__ import annotations

import html
import re
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402
from corpus import NEWS_CHARS  # noqa: E402
from corpus import news_articles as articles  # noqa: E402
from corpus import news_source as source  # noqa: E402
from harness import first_bytes  # noqa: E402

TITLE = "bench_blink.py: click to sound in Chromium (issue #25)"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
DEMO_ARTICLE = harness.ROOT / "tts_service" / "web" / "demo_article.html"
STEPS = ["click", "request", "response", "canplay", "playing", "sound"]
# In the page: the time of the first frame at which the audio has advanced, and the marks.
WATCH = """() => { const a = document.querySelector('.tts-player audio'); window.ttsSound = null;
  const tick = () => { if (a.currentTime > 0) window.ttsSound = performance.now();
                       else requestAnimationFrame(tick); };
  requestAnimationFrame(tick); }"""
READ = r"""() => { const at = {}; for (const m of performance.getEntriesByType('mark'))
    if (m.name.startsWith('tts:')) at[m.name.slice(4)] = m.startTime;
  at.sound = window.ttsSound; at.append = window.ttsAppend; at.appended = window.ttsAppended;
  const a = document.querySelector('.tts-player audio');
  const named = performance.getEntriesByType('resource').map((r) => /\/([0-9a-f]{32})(\.mp3)?$/.exec(r.name))
    .find(Boolean);  // the manifest's or the audio's URL (a one-trip player's audio is a blob)
  const src = a.currentSrc || a.src;
  return { at, origin: performance.timeOrigin,
           id: src.startsWith('blob:') ? named && named[1] : src.split('/').at(-1).split('.')[0] }; }"""
# The first MP3 byte: the response of the GET of the audio, or of the one-trip POST (whose
# resource entry is there once its stream has ended, i.e. once the article is made).
FIRST_BYTE = r"""() => { const mp3 = performance.getEntriesByType('resource')
    .filter((r) => r.name.includes('/audio/') || r.name.includes('stream=1')).at(-1);
  return mp3 && mp3.responseStart > 0 ? mp3.responseStart : null; }"""
# Before the page's scripts: the time of the player's first appendBuffer into MediaSource, and of its end.
APPENDS = """(() => { if (!window.SourceBuffer) return; const append = SourceBuffer.prototype.appendBuffer;
  SourceBuffer.prototype.appendBuffer = function (data) {
    if (window.ttsAppend == null) { window.ttsAppend = performance.now();
      this.addEventListener('updateend', () => { window.ttsAppended ??= performance.now(); }, { once: true }); }
    return append.call(this, data); }; })();"""
# The server's own marks (DEBUG log lines of the web and synthesis layers): "path EVENT WHAT at EPOCH".
SERVER_MARK = re.compile(r"path (\S+) (\S+) at (\d+\.\d+)")


def as_story(text: str) -> str:
    """The demo page's story element holding ``text``, one <p> per paragraph: what is heard
    first is the article's first sentence."""
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    return ('<article id="article" class="story">'
            + "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs) + "</article>")


def click_to_sound(browser: Any, url: str, story: str | None, dwell: float,
                   two_trips: bool = False, made: Any = None, demo_article: Path = DEMO_ARTICLE) -> dict[str, Any]:
    """One reader: open the demo page (its story replaced by ``story``), wait ``dwell`` s, click
    and wait for sound; the marks in ms after the click, and the article's id. ``made(id)``, if
    given, waits for the article to be made before the page closes (its first byte is read then)."""
    context = browser.new_context()  # nothing cached in the browser
    page = context.new_page()
    posted: list[str] = []  # the article's id from the POST's X-Article-Id (the one-trip player may
    # fetch its manifest only after sound, so the resource entries may not name it yet)
    page.on("response", lambda response: posted.append(response.headers["x-article-id"])
            if "x-article-id" in response.headers else None)
    page.add_init_script(APPENDS)
    if story is not None or two_trips:
        demo = requests.get(url, timeout=30).text
        if story is not None:
            demo = demo.replace(demo_article.read_text("utf-8"), story)
        if two_trips:
            demo = demo.replace('class="tts-player"', 'class="tts-player" data-tts-one-trip="off"', 1)
        page.route(url, lambda route: route.fulfill(status=200, body=demo,
                                                    content_type="text/html; charset=utf-8"))
    try:
        page.goto(url)
        page.wait_for_load_state("load")
        time.sleep(dwell)
        page.evaluate(WATCH)
        page.get_by_role("button", name="Click to start listening").click()
        deadline = time.monotonic() + 120
        while page.evaluate("window.ttsSound") is None:
            if time.monotonic() > deadline:
                raise harness.BenchError("no sound within 120 s of the click")
            time.sleep(0.02)
        seen = page.evaluate(READ)
        seen["id"] = posted[0] if posted else seen["id"]
        if made is not None:
            made(seen["id"])
        seen["at"]["audio_first_byte"] = page.evaluate(FIRST_BYTE)
    finally:
        context.close()
    click = seen["at"]["click"]
    return {"ms": {k: (v - click if v is not None else None) for k, v in seen["at"].items()},
            "id": seen["id"], "click_epoch": (seen["origin"] + click) / 1000}


def server_first_byte(server: harness.Server, session: requests.Session, text: str) -> float:
    """The baseline: seconds from POSTing a new article to its first MP3 bytes, no browser."""
    started = time.perf_counter()
    body = server.post_article({"title": "Baseline", "text": text}, session=session)
    first_bytes(session, server.url(body["audio_url"]))
    seconds = time.perf_counter() - started
    server.wait_articles(body["id"], session=session)
    return seconds


# The server's marks for one click: (name in the breakdown, event, what it is about).
SERVER_STEPS = [("prepare received", "received", "prepare=first"), ("prepare: first paragraphs read", "planned", "any"),
                ("prepare answered", "prepared", "id"), ("POST received", "received", "post"),
                ("submitted", "submitted", "id"), ("first segment: synthesis starts", "synth-start", "any"),
                ("first segment: made", "synth-end", "any"), ("stream sees it", "first-segment", "id"),
                ("first byte written", "first-byte", "id")]


def server_marks(lines: list[str], run: dict[str, Any]) -> dict[str, float]:
    """The server's marks of one click in ms after it (the log's epoch and the page's are one clock)."""
    found: dict[str, float] = {}
    for line in lines:
        mark = SERVER_MARK.search(line)
        if mark is None:
            continue
        event, what, at = mark.group(1), mark.group(2), float(mark.group(3))
        for name, wanted, about in SERVER_STEPS:
            if wanted != event or name in found:
                continue
            if about == "any":  # a segment's key: the first one after the click's page opened
                matches = True
            elif about == "post":
                matches = "stream=1" in what or "manifest=1" in what
            else:
                matches = what == about.replace("id", run["id"] or "?")
            if matches:
                found[name] = (at - run["click_epoch"]) * 1000
    return found


def timeline(runs: list[dict[str, Any]]) -> list[str]:
    """Each mark, browser's and server's, as the median ms after the click, in time order."""
    names = ["request", *[name for name, _, _ in SERVER_STEPS], "response", "append", "appended",
             "audio_first_byte", "canplay", "playing", "sound"]
    marks = sorted(((n, a) for n in names if (a := median_ms(runs, n)) is not None), key=lambda m: m[1])
    rows = []
    for (before, _), (name, at) in zip([("click", 0.0), *marks], marks, strict=False):
        steps = [run["ms"][name] - (run["ms"].get(before) or 0.0) for run in runs
                 if run["ms"].get(name) is not None and (before == "click" or run["ms"].get(before) is not None)]
        step = f"{statistics.median(steps):.0f}" if steps else "–"
        rows.append(f"| {name} | {at:.0f} | {step} | {sum(run['ms'].get(name) is not None for run in runs)} |")
    return ["| mark (new article) | median ms after the click | median ms after the mark above, same run "
            "| runs with it |", "|---|---|---|---|", *rows]


def median_ms(runs: list[dict[str, Any]], name: str) -> float | None:
    values = [run["ms"].get(name) for run in runs if run["ms"].get(name) is not None]
    return statistics.median(values) if values else None


def breakdown(label: str, runs: list[dict[str, Any]]) -> str:
    cells = []
    for before, after in zip(STEPS, STEPS[1:], strict=False):
        a, b = median_ms(runs, before), median_ms(runs, after)
        cells.append("–" if a is None or b is None else f"{b - a:.0f}")
    first = median_ms(runs, "audio_first_byte")
    return (f"| {label} | {len(runs)} | " + " | ".join(cells)
            + f" | {'–' if first is None else f'{first:.0f}'} | **{median_ms(runs, 'sound'):.0f}** |")


def main() -> None:
    parser = harness.arguments(__doc__, rounds=10, rounds_flag="--trials", results=harness.RESULTS)
    parser.add_argument("--dwell", type=float, default=1.0,
                        help="seconds on the page before the click (default 1.0)")
    parser.add_argument("--two-trips", action="store_true",
                        help='the player with data-tts-one-trip="off" (POST, then GET of the audio)')
    parser.add_argument("--chars", type=int, default=NEWS_CHARS,
                        help=f"characters of each article, whole paragraphs (default {NEWS_CHARS:,})")
    parser.add_argument("--against", type=Path, default=None, metavar="CHECKOUT",
                        help="A/B in one run against the code of this checkout (see the docstring)")
    args = harness.parse(parser, quick={"trials": 2})
    if args.against is not None:
        return against(args)
    from playwright.sync_api import sync_playwright

    texts = cut(articles(2 * args.trials + 1), args.chars)
    new_texts, baseline_texts = texts[:args.trials], texts[args.trials:2 * args.trials]
    new: list[dict[str, Any]] = []
    cached: list[dict[str, Any]] = []
    baseline: list[float] = []
    with harness.served(SETTINGS) as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                             headless=True)
        session = requests.Session()
        session.headers["Origin"] = server.base
        url = server.url("/")
        # the browser, the server's code
        warm = click_to_sound(browser, url, None, args.dwell, args.two_trips)
        server.wait_articles(warm["id"], session=session)
        for text, other in zip(new_texts, baseline_texts, strict=True):
            baseline.append(server_first_byte(server, session, other))
            run, again = clicks(browser, server, session, as_story(text), args)
            new.append(run)
            cached.append(again)
        browser.close()
    body = report(new, cached, baseline, args)
    harness.report(TITLE, body, args.results)


def cut(texts: list[str], chars: int) -> list[str]:
    """Each text's paragraphs within ``chars`` characters (the first one at least)."""
    return [text if len(text) <= chars else (text[:chars].rsplit("\n", 1)[0] or text[:chars]) for text in texts]


SETTINGS = {**harness.ONE_READER, "TTS_LOG_LEVEL": "DEBUG"}  # DEBUG: the server's marks


def clicks(browser: Any, server: harness.Server, session: requests.Session, story: str, args: Any,
           demo_article: Path = DEMO_ARTICLE) -> tuple[dict[str, Any], dict[str, Any]]:
    """One new article clicked on ``server`` (with the server's marks), then the same one cached."""
    logged = len(server.log_lines())
    run = click_to_sound(browser, server.url("/"), story, args.dwell, args.two_trips,  # made: the next
                         lambda made: server.wait_articles(made, session=session),  # starts quiet
                         demo_article)
    run["ms"].update(server_marks(server.log_lines()[logged:], run))
    print("new article:", {k: round(v) for k, v in run["ms"].items() if v is not None}, file=sys.stderr)
    return run, click_to_sound(browser, server.url("/"), story, args.dwell, args.two_trips,
                               demo_article=demo_article)


def against(args: Any) -> None:
    """The A/B: this checkout's server and ``args.against``'s, each article on both (see the docstring)."""
    from playwright.sync_api import sync_playwright

    other = args.against.resolve()
    other_demo = other / "tts_service" / "web" / "demo_article.html"
    runs: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {"this": ([], []), "other": ([], [])}
    with harness.served(SETTINGS) as mine, harness.served(SETTINGS, code=other) as theirs, \
            sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                             headless=True)
        servers = {"this": (mine, DEMO_ARTICLE), "other": (theirs, other_demo)}
        sessions = {}
        for name, (server, demo) in servers.items():
            sessions[name] = requests.Session()
            sessions[name].headers["Origin"] = server.base
            warm = click_to_sound(browser, server.url("/"), None, args.dwell, args.two_trips,
                                  demo_article=demo)
            server.wait_articles(warm["id"], session=sessions[name])
        for number, text in enumerate(cut(articles(args.trials), args.chars)):
            order = ["this", "other"] if number % 2 == 0 else ["other", "this"]
            for name in order:
                server, demo = servers[name]
                run, again = clicks(browser, server, sessions[name], as_story(text), args, demo)
                runs[name][0].append(run)
                runs[name][1].append(again)
        browser.close()
    harness.report(TITLE + ", A/B", ab_report(runs, other, args), args.results)


def ab_report(runs: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]]]], other: Path,
              args: Any) -> str:
    def sound(run: dict[str, Any]) -> float:
        return float(run["ms"]["sound"])

    lines = ["| code | article | n | click→request | request→response | response→canplay | canplay→playing "
             "| playing→sound | MP3 first byte | click→sound |", "|---|---|---|---|---|---|---|---|---|---|"]
    for name, label in (("this", "this checkout"), ("other", str(other))):
        lines += [f"| {label} " + breakdown(kind, chosen)
                  for kind, chosen in (("new", runs[name][0]), ("cached", runs[name][1]))]
    rows = []
    for kind, index in (("new", 0), ("cached", 1)):
        differences = [sound(a) - sound(b) for a, b in zip(runs["this"][index], runs["other"][index], strict=True)]
        quartiles = statistics.quantiles(differences, n=4) if len(differences) > 1 else differences * 3
        this_s = median_ms(runs["this"][index], "sound") / 1000
        rows.append(f"- {kind}: click to sound this checkout **{this_s:.3f} s**, "
                    f"the other **{median_ms(runs['other'][index], 'sound') / 1000:.3f} s**; per article, this minus "
                    f"the other: median **{statistics.median(differences):+.0f} ms** (quartiles {quartiles[0]:+.0f} / "
                    f"{quartiles[2]:+.0f} ms; this faster in {sum(d < 0 for d in differences)} of {len(differences)})")
    return "\n".join([
        f"Median ms between the player's marks, {args.trials} new articles ({source()}, {args.chars:,} characters, "
        f"dwell {args.dwell:.1f} s), each clicked on both servers in one run (order swapped every other article):",
        "", *lines, "", *rows])


def report(new: list[dict[str, Any]], cached: list[dict[str, Any]], baseline: list[float],
           args: Any) -> str:
    new_s, cached_s = median_ms(new, "sound") / 1000, median_ms(cached, "sound") / 1000
    first = statistics.median(baseline)
    source_name = source()
    return "\n".join([
        "Median ms between the player's marks, from the click (headless Chromium, demo page):",
        "",
        "| article | n | click→request | request→response | response→canplay | canplay→playing "
        "| playing→sound | MP3 first byte | click→sound |",
        "|---|---|---|---|---|---|---|---|---|",
        breakdown("new", new), breakdown("cached", cached),
        "",
        *timeline(new),
        "",
        f"- click to sound, new article: **{new_s:.3f} s** median of {len(new)} ({source_name}, "
        f"{args.chars:,} characters, dwell {args.dwell:.1f} s"
        f"{', two trips' if args.two_trips else ', one trip'}); target <= 0.35 s",
        f"- click to sound, cached article: **{cached_s:.3f} s**; target <= 0.15 s",
        f"- baseline, same run: the server's first MP3 byte of a new article without a browser "
        f"(POST + GET): {first:.3f} s median; click to sound is **{new_s / first:.2f}x** it "
        f"(cached: {cached_s / first:.2f}x)",
    ])


if __name__ == "__main__":
    main()
