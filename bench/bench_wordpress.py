"""The WordPress plugin in a real WordPress (tests/integrations/wordpress_support.py: Debian's
wordpress, MariaDB on loopback, PHP's built-in server) against a real service:

- publish to playable: from the REST API's answer to a publish (as the block editor saves) until
  the post's page carries its article id and the service sends the audio's first MP3 bytes;
- the editor's save overhead: the same post updated through the REST API with the plugin active
  and deactivated, alternating in one run (the baseline);
- the back catalogue: N published posts made with the plugin's auto-send off, walked by
  Tools → Listen (WP-Cron batches), stopped half way, checked to stay stopped, resumed to the end.

    .venv/bin/python bench/bench_wordpress.py [--rounds 10] [--posts 500] [--quick] [--results bench/RESULTS.md]

Targets (issue 23, 2 cores): publish to playable <= 10 s; save overhead <= 50 ms; 500 posts
through the back catalogue with a resumable stop.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "integrations"))

import harness  # noqa: E402
from support import PUBLISHER_ENV, PUBLISHER_KEY  # noqa: E402
from wordpress_support import WordPress, wordpress  # noqa: E402

TITLE = "WordPress plugin"
PLUGIN_API = "require_once ABSPATH . 'wp-admin/includes/plugin.php'; "
BODY = ("<!-- wp:paragraph --><p>The council met on {n} to discuss the harbor. "
        "Members agreed to repair the north pier before the summer.</p><!-- /wp:paragraph -->")


def wait(condition, what: str, within: float = 600.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise harness.BenchError(f"waited {within:g} s for {what}")


def article_id(wp: WordPress, post_id: int, other_than: str | None = None) -> str | None:
    match = re.search(r'data-tts-article-id="([0-9a-f]{32})"',
                      requests.get(f"{wp.url}/?p={post_id}", timeout=60).text)
    return match.group(1) if match and match.group(1) != other_than else None


def publish_to_playable(wp: WordPress, service: str, n: int) -> float:
    post = wp.rest("POST", "/wp/v2/posts", title=f"Harbor council, meeting {n}",
                   content=BODY.format(n=f"day {n}"), status="publish")
    start = time.monotonic()
    made = wait(lambda: article_id(wp, post["id"]), "the post's article id")
    with requests.get(f"{service}/audio/{made}.mp3", stream=True, timeout=120) as audio:
        next(audio.iter_content(1024))
    return time.monotonic() - start


def save(wp: WordPress, post_id: int, n: int) -> float:
    start = time.monotonic()
    wp.rest("POST", f"/wp/v2/posts/{post_id}", content=BODY.format(n=f"save {n}"))
    return time.monotonic() - start


def catalogue_state(wp: WordPress) -> dict:  # type: ignore[type-arg]
    state: dict = json.loads(wp.php("echo wp_json_encode(tts_service_catalogue_state());"))  # type: ignore[type-arg]
    return state


def run_cron(wp: WordPress) -> None:
    requests.get(f"{wp.url}/wp-cron.php", timeout=600)


def back_catalogue(wp: WordPress, posts: int) -> str:
    wp.php("$s = tts_service_settings(); $s['auto'] = false; update_option(TTS_SERVICE_OPTION, $s);"
           f"for ($i = 0; $i < {posts}; $i++) {{ wp_insert_post(array('post_title' => 'Archive ' . $i, "
           "'post_content' => '<p>From the archive, story number ' . $i . '. The pier was busy.</p>', "
           "'post_status' => 'publish')); }")
    start = time.monotonic()
    wp.php("tts_service_catalogue_command('start');")

    def half() -> bool:
        run_cron(wp)
        return catalogue_state(wp)["sent"] >= posts // 2

    wait(half, "half the back catalogue")
    wp.php("tts_service_catalogue_command('stop');")
    stopped = catalogue_state(wp)
    run_cron(wp)
    still = catalogue_state(wp)
    wp.php("tts_service_catalogue_command('start');")

    def done() -> bool:
        run_cron(wp)
        return bool(catalogue_state(wp).get("done"))

    wait(done, "the whole back catalogue", within=3600)
    elapsed = time.monotonic() - start
    final = catalogue_state(wp)
    total = int(wp.php("echo tts_service_catalogue_total();"))
    return (f"| back catalogue: posts walked | {final['sent']} of {total} published "
            f"({len(final['failed'])} failed) | 500 |\n"
            f"| stopped at / still after a cron run / resumed to | {stopped['sent']} / {still['sent']} / "
            f"{final['sent']} | resumable |\n"
            f"| back catalogue: wall time to send all | {elapsed:.1f} s | |\n")


def main() -> int:
    parser = harness.arguments(__doc__ or "", rounds=10, results=harness.RESULTS)
    parser.add_argument("--posts", type=int, default=500, help="back catalogue size (default 500)")
    args = harness.parse(parser, quick={"rounds": 2, "posts": 20})
    port = harness.free_port()
    load_before = os.getloadavg()[0]
    settings = {**PUBLISHER_ENV, "TTS_EMBED_ORIGINS": f"http://127.0.0.1:{port}"}
    with harness.served(settings) as server, tempfile.TemporaryDirectory(prefix="tts-wp-") as tmp, \
            wordpress(Path(tmp), port) as wp:
        admin = wp.login("admin")
        wp.save_settings(admin, wp.settings_nonce(admin), url=server.base, key=PUBLISHER_KEY)
        playable = [publish_to_playable(wp, server.base, n) for n in range(args.rounds)]
        post = wp.rest("POST", "/wp/v2/posts", title="Saved often", content=BODY.format(n="0"),
                       status="publish")
        counter = iter(range(10_000))

        def with_plugin() -> float:
            wp.php(PLUGIN_API + "activate_plugin('tts-service/tts-service.php');")
            return save(wp, post["id"], next(counter))

        def without_plugin() -> float:
            wp.php(PLUGIN_API + "deactivate_plugins('tts-service/tts-service.php');")
            return save(wp, post["id"], next(counter))

        saves = harness.alternating({"on": with_plugin, "off": without_plugin}, args.rounds)
        wp.php(PLUGIN_API + "activate_plugin('tts-service/tts-service.php');")
        overhead = (statistics.median(saves["on"]) - statistics.median(saves["off"])) * 1000
        rows = back_catalogue(wp, args.posts)
    body = ("| measure | result | target |\n|---|---|---|\n"
            f"| publish to playable (median of {args.rounds}; max) | {statistics.median(playable):.2f} s; "
            f"{max(playable):.2f} s | <= 10 s |\n"
            f"| editor save, plugin on vs off (medians, {args.rounds} paired) | "
            f"{statistics.median(saves['on']) * 1000:.0f} ms vs {statistics.median(saves['off']) * 1000:.0f} ms: "
            f"{overhead:+.0f} ms | <= 50 ms |\n" + rows
            + f"\nLoad average (1 min) at the start {load_before:.2f}, at the end {os.getloadavg()[0]:.2f}.\n")
    harness.report(TITLE, body, args.results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
