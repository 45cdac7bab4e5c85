"""What a keyless client can make a server spend: one client posts new articles as fast as it can
for a minute, from the service's own page (as the embedded player would, but as a script), against
a real `tts-service serve`. Its admitted characters, the server's CPU-seconds and the bytes
written for them are compared with what its budget allows, priced by a publisher's article of the
same kind made in the same run (the baseline: CPU-seconds and bytes per spoken character).

    .venv/bin/python bench/bench_keyless.py [--seconds 60] [--quick] [--results bench/RESULTS.md]

The budget is scaled down (6,000 characters at once, 3,000 a minute) so that the run is short;
the bound scales with the settings. Targets: admitted characters <= the budget; CPU-seconds and
bytes <= the budget priced at the baseline's cost (+10% for noise); a publisher's request during
the attack is accepted (201).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import harness  # noqa: E402
from corpus import article  # noqa: E402

from tts_service.access import hash_key  # noqa: E402

KEY = "bench-publisher-key"
BURST, PER_MINUTE = 6_000, 3_000


def cache_bytes(cache: Path) -> int:
    return sum(path.stat().st_size for path in cache.rglob("*") if path.is_file())


def spoken_chars(base: str, article_id: str) -> int:
    body = requests.get(f"{base}/api/articles/{article_id}", timeout=30).json()
    return sum(len(segment["text"]) for segment in body["segments"])


def main() -> None:
    parser = harness.arguments(__doc__)
    parser.add_argument("--seconds", type=float, default=60, help="how long the client posts")
    args = harness.parse(parser, quick={"seconds": 15})
    # The budget is what is measured: the capacity is pinned, so that admission control on a busy
    # machine does not refuse every article before the budget is reached.
    settings = {"TTS_API_KEYS": hash_key(KEY), "TTS_ANON_MAX_CHARS": str(BURST),
                "TTS_ANON_BURST_CHARS": str(BURST), "TTS_ANON_CHARS_PER_MINUTE": str(PER_MINUTE),
                **harness.PINNED_CAPACITY}
    with harness.served(settings) as server:
        base, cache = server.base, server.cache
        page = {"Origin": base}  # as from the service's own page
        keyed = {"Authorization": f"Bearer {KEY}"}

        # Baseline: what a spoken character costs, from a publisher's article.
        cpu0, bytes0 = server.cpu_seconds(), cache_bytes(cache)
        made = server.post_article({"text": article(1000, 3000)}, headers=keyed, timeout=60)
        server.wait_articles(made["id"])
        base_chars = spoken_chars(base, made["id"])
        cpu_per_char = (server.cpu_seconds() - cpu0) / base_chars
        bytes_per_char = (cache_bytes(cache) - bytes0) / base_chars

        # The attack: new articles as fast as the service takes them, for args.seconds.
        cpu1, bytes1 = server.cpu_seconds(), cache_bytes(cache)
        admitted: list[str] = []
        statuses: dict[int, int] = {}
        publisher_status = 0
        started = time.monotonic()
        index = 0
        while time.monotonic() - started < args.seconds:
            index += 1
            size = 5_500 if index % 7 == 0 else 1_500
            reply = requests.post(f"{base}/api/articles", json={"text": article(index, size)},
                                  headers=page, timeout=60)
            statuses[reply.status_code] = statuses.get(reply.status_code, 0) + 1
            if reply.status_code == 201:
                admitted.append(reply.json()["id"])
            if index == 20:
                publisher_status = requests.post(
                    f"{base}/api/articles", json={"text": article(2000, 800)}, headers=keyed,
                    timeout=60).status_code
            time.sleep(0.05)
        elapsed = time.monotonic() - started
        publisher_id = None
        server.wait_articles(*admitted)
        attack_chars = sum(spoken_chars(base, article_id) for article_id in admitted)
        attack_cpu = server.cpu_seconds() - cpu1
        attack_bytes = cache_bytes(cache) - bytes1
        # The publisher's article is made too: take its cost out.
        listed = requests.get(f"{base}/api/articles?per_page=500", headers=keyed, timeout=30)
        for item in listed.json()["articles"]:
            if item["id"] not in admitted and item["id"] != made["id"]:
                publisher_id = item["id"]
        if publisher_id:
            publisher_chars = spoken_chars(base, publisher_id)
            attack_cpu -= publisher_chars * cpu_per_char
            attack_bytes -= publisher_chars * bytes_per_char

    allowed = BURST + PER_MINUTE * elapsed / 60
    report = "\n".join([
        "| measure | keyless client | its budget | ratio |",
        "|---|---|---|---|",
        f"| spoken characters admitted | {attack_chars:,} | {allowed:,.0f} | "
        f"**{attack_chars / allowed:.2f}** |",
        f"| server CPU-seconds | {attack_cpu:.1f} | {allowed * cpu_per_char:.1f} | "
        f"**{attack_cpu / (allowed * cpu_per_char):.2f}** |",
        f"| bytes written to the cache | {attack_bytes:,.0f} | {allowed * bytes_per_char:,.0f} | "
        f"**{attack_bytes / (allowed * bytes_per_char):.2f}** |",
        "",
        f"- {elapsed:.0f} s of posting new articles (1,500 characters, every seventh 5,500) from "
        f"one address: replies {dict(sorted(statuses.items()))}",
        f"- budget for the run: {BURST:,} characters at once plus {PER_MINUTE:,} a minute; priced "
        f"by a publisher's article made in the same run ({base_chars:,} spoken characters: "
        f"{cpu_per_char * 1000:.2f} CPU-ms and {bytes_per_char:.0f} bytes per character)",
        f"- a publisher's request during the attack: **{publisher_status}** (target 201)",
        "- targets: every ratio <= 1.10; with the default budget (12,000 at once, 5,000 a minute) "
        f"a keyless client's steady cost is about {5000 * cpu_per_char:.0f} CPU-seconds and "
        f"{5000 * bytes_per_char / 1e6:.1f} MB a minute",
    ])
    harness.report("bench_keyless.py: what a keyless client can cost (issue #10)", report,
                   args.results)


if __name__ == "__main__":
    main()
