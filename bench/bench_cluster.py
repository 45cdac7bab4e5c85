"""Several web machines, one service (issue #21): nodes of `tts-service serve` on loopback, each its
own process group and lock folder (as machines have), on one S3 server (moto's) and one Redis.

    .venv/bin/python bench/bench_cluster.py [--nodes 3] [--readers 200] [--quick]
        [--results bench/RESULTS.md]

The same run is made twice: without ``TTS_REDIS_URL`` (the baseline: each node coordinates alone)
and with it. Measured in each:

1. one new article posted on every node and read whole by ``--readers`` readers spread over the
   nodes: syntheses of its segments (from the nodes' logs) against its distinct segments;
2. one keyless client posting new articles to the nodes in turn: characters accepted against one
   budget (burst 6,000, 3,000 a minute, over 20 s);
3. the node making an article killed with SIGKILL after its second segment, a reader on another
   node: seconds until that reader has the whole MP3;
4. (with Redis only) Redis stopped while readers fetch a made article from every node and a new
   article is posted: 5xx answers, and whether the new article is made.

Targets (issue #21): every segment synthesized once; one client gets at most its one budget; the
killed node's article whole within 90 s; 0 5xx with Redis stopped, new articles still made.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
import uuid
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import harness  # noqa: E402
from corpus import article  # noqa: E402

from tts_service.access import hash_key  # noqa: E402

KEY = "bench-publisher-key"
KEYED = {"Authorization": f"Bearer {KEY}"}
BURST, PER_MINUTE, BUDGET_SECONDS = 6_000, 3_000, 20.0
ATTACK_SECONDS = 15.0
AWS = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench",
       "AWS_DEFAULT_REGION": "us-east-1", "AWS_CONFIG_FILE": os.devnull,
       "AWS_SHARED_CREDENTIALS_FILE": os.devnull}
SYNTH = re.compile(r"synthesized segment (\d+)/\d+ of ([0-9a-f]{32})")


def answers(url: str) -> bool:
    try:
        requests.get(url, timeout=2)
        return True
    except requests.RequestException:
        return False


def redis_answers(port: int) -> bool:
    import redis

    try:
        return bool(redis.Redis(port=port, socket_timeout=1).ping())
    except redis.RedisError:
        return False


def start_redis(port: int, folder: Path) -> Any:
    exe = shutil.which("redis-server")
    if exe is None:
        raise harness.BenchError("redis-server is not installed (apt-get install redis-server)")
    return harness.service_process([exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                    "--appendonly", "no", "--dir", str(folder)],
                   lambda: redis_answers(port), "redis-server")


def node_settings(s3: str, tmp: Path, index: int, redis_url: str) -> dict[str, str]:
    return {"TTS_CACHE_URL": f"s3://bench/{tmp.name}", "TTS_S3_ENDPOINT_URL": s3,
            "TTS_LOCK_DIR": str(tmp / f"locks-{index}"), "TTS_REDIS_URL": redis_url,
            "TTS_API_KEYS": hash_key(KEY), "TTS_LOG_LEVEL": "INFO",
            "TTS_ANON_MAX_CHARS": str(BURST), "TTS_ANON_BURST_CHARS": str(BURST),
            "TTS_ANON_CHARS_PER_MINUTE": str(PER_MINUTE), "TTS_PROXY_HOPS": "1",
            **harness.PINNED_CAPACITY}


def client(address: str, node: harness.Server) -> dict[str, str]:
    """The headers of a keyless client at ``address`` on the service's own page (one proxy hop
    is trusted, so each phase is a client of its own)."""
    return {"Origin": node.base, "X-Forwarded-For": address}


def syntheses(nodes: list[harness.Server], article_id: str) -> list[int]:
    """Segment indexes synthesized for the article, over every node's log."""
    return [int(match.group(1)) for node in nodes for line in node.log_lines()
            for match in [SYNTH.search(line)] if match and match.group(2) == article_id]


def read_whole(url: str, results: list[tuple[int, int]]) -> None:
    try:
        with requests.get(url, stream=True, timeout=600) as reply:
            size = sum(len(chunk) for chunk in reply.iter_content(65536))
            results.append((reply.status_code, size))
    except requests.RequestException:
        results.append((0, 0))


def one_article_everywhere(nodes: list[harness.Server], readers: int, seed: int) -> dict[str, Any]:
    payload = {"text": article(seed, 4000)}
    posted = [node.post_article(payload, headers=KEYED) for node in nodes]
    article_id = posted[0]["id"]
    results: list[tuple[int, int]] = []
    threads = [threading.Thread(target=read_whole, args=(
        nodes[i % len(nodes)].url(posted[0]["audio_url"]), results)) for i in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    manifest = nodes[0].wait_articles(article_id)[0]
    made = syntheses(nodes, article_id)
    whole = sum(1 for status, size in results if status == 200 and size > 0)
    return {"segments": len(manifest["segments"]), "syntheses": len(made),
            "duplicates": len(made) - len(set(made)), "readers whole": f"{whole}/{readers}"}


def keyless_over_nodes(nodes: list[harness.Server], seed: int) -> int:
    """Characters one keyless client got accepted, posting new articles to the nodes in turn."""
    accepted, index = 0, 0
    ends = time.monotonic() + BUDGET_SECONDS
    while time.monotonic() < ends:
        node = nodes[index % len(nodes)]
        text = article(seed + index, 1500)
        reply = requests.post(node.url("/api/articles"), json={"text": text},
                              headers=client("198.51.100.20", node), timeout=30)
        if reply.status_code in (200, 201):
            body = requests.get(node.url(f"/api/articles/{reply.json()['id']}"), timeout=30).json()
            accepted += sum(len(segment["text"]) for segment in body["segments"])
        elif reply.status_code != 429:
            raise harness.BenchError(f"keyless POST answered {reply.status_code}: {reply.text[:200]}")
        else:
            time.sleep(0.2)
        index += 1
    return accepted


def store_bytes(s3: str, prefix: str) -> int:
    import boto3

    client = boto3.client("s3", endpoint_url=s3)
    pages = client.get_paginator("list_objects_v2").paginate(Bucket="bench", Prefix=prefix + "/")
    return sum(item["Size"] for page in pages for item in page.get("Contents", ()))


def tiny_paragraphs(nodes: list[harness.Server], s3: str, prefix: str, seed: int) -> dict[str, Any]:
    """One keyless client posts texts of thousands of tiny paragraphs to the nodes in turn for
    ATTACK_SECONDS, then reads each accepted one's MP3: MB stored and CPU-seconds spent."""
    bytes0, cpu0 = store_bytes(s3, prefix), sum(node.cpu_seconds() for node in nodes)
    accepted, refused, index, pairs = [], 0, 0, BURST // 12
    ends = time.monotonic() + ATTACK_SECONDS
    while time.monotonic() < ends:
        node = nodes[index % len(nodes)]
        words = [f"Go {seed + index}.", "No."]  # a new article each time; no two paragraphs alike in a row
        text = "\n\n".join(words * pairs)[:BURST]
        reply = requests.post(node.url("/api/articles"), json={"text": text},
                              headers=client("198.51.100.30", node), timeout=30)
        if reply.status_code in (200, 201):
            accepted.append((node, reply.json()["audio_url"]))
        else:
            refused += 1
            if reply.status_code == 413:  # as an attacker would: the largest text let in
                pairs = max(1, pairs * 3 // 4)
        index += 1
    for node, url in accepted:
        requests.get(node.url(url), timeout=600).close()
    return {"posted": index, "accepted": len(accepted), "refused": refused,
            "MB": (store_bytes(s3, prefix) - bytes0) / 1e6,
            "CPU-s": sum(node.cpu_seconds() for node in nodes) - cpu0}


def killed_node(nodes: list[harness.Server], seed: int) -> float:
    """Seconds from killing the node making an article (after its second segment) until a reader
    on another node has the whole MP3."""
    maker, other = nodes[0], nodes[1]
    posted = maker.post_article({"text": article(seed, 3000)}, headers=KEYED)
    article_id = posted["id"]
    deadline = time.monotonic() + harness.ARTICLE_READY_WITHIN
    while len(set(syntheses([maker], article_id))) < 2:
        if time.monotonic() > deadline:
            raise harness.BenchError("the maker never made two segments")
        time.sleep(0.05)
    results: list[tuple[int, int]] = []
    reader = threading.Thread(target=read_whole, args=(other.url(posted["audio_url"]), results))
    reader.start()
    killed = time.monotonic()
    os.killpg(maker.process.pid, signal.SIGKILL)
    maker.process.wait()
    reader.join()
    other.wait_articles(article_id)
    if not results or results[0][0] != 200:
        raise harness.BenchError(f"the reader on the other node got {results}")
    return time.monotonic() - killed


def redis_stopped(nodes: list[harness.Server], made_id: str, stop_redis: Any,
                  seed: int) -> dict[str, Any]:
    """Redis stopped: every node serves the made article, and a new one is made."""
    stop_redis()
    statuses: list[int] = []
    for _ in range(20):
        for node in nodes:
            reply = requests.get(node.url(f"/audio/{made_id}.mp3"), timeout=60)
            statuses.append(reply.status_code)
    fresh = nodes[-1].post_article({"text": article(seed, 1500)}, headers=KEYED, timeout=60)
    nodes[-1].wait_articles(fresh["id"])
    ready = requests.get(nodes[-1].url("/readyz"), timeout=30).json()
    return {"requests": len(statuses), "5xx": sum(1 for code in statuses if code >= 500),
            "new article made": True, "readyz": ready.get("status")}


def run(args: Any, tmp: Path, s3: str, with_redis: bool) -> dict[str, Any]:
    redis_port = harness.free_port()
    with ExitStack() as stack:
        redis_proc = stack.enter_context(start_redis(redis_port, tmp)) if with_redis else None
        url = f"redis://127.0.0.1:{redis_port}/0" if with_redis else ""
        nodes = [stack.enter_context(harness.served(node_settings(s3, tmp, i, url),
                                                    log=tmp / f"node-{i}.log"))
                 for i in range(args.nodes)]
        row: dict[str, Any] = {"redis": "yes" if with_redis else "no (baseline)"}
        row["tiny"] = tiny_paragraphs(nodes, s3, tmp.name, 5000 + 500 * with_redis)  # idle nodes
        row.update(one_article_everywhere(nodes, args.readers, 100 + with_redis))
        row["keyless chars accepted"] = keyless_over_nodes(nodes, 1000 + 500 * with_redis)
        row["budget"] = int(BURST + PER_MINUTE * BUDGET_SECONDS / 60)
        made = nodes[0].post_article({"text": article(7, 1200)}, headers=KEYED)
        nodes[0].wait_articles(made["id"])
        row["killed node: whole MP3 after (s)"] = round(killed_node(nodes, 200 + with_redis), 1)
        if with_redis and redis_proc is not None:  # on the nodes left
            def stop() -> None:
                redis_proc.kill()
                redis_proc.wait()

            row["redis stopped"] = redis_stopped(nodes[1:], made["id"], stop, 300)
        return row


def main() -> None:
    parser = harness.arguments(__doc__)
    parser.add_argument("--nodes", type=int, default=3)
    parser.add_argument("--readers", type=int, default=200)
    args = harness.parse(parser, quick={"readers": 20, "nodes": 2})
    os.environ.update(AWS)
    with tempfile.TemporaryDirectory(prefix="tts-cluster-") as folder:
        tmp = Path(folder)
        port = harness.free_port()
        s3 = f"http://127.0.0.1:{port}"
        with harness.service_process([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                     lambda: answers(s3), "moto_server"):
            import boto3

            boto3.client("s3", endpoint_url=s3).create_bucket(Bucket="bench")
            rows = []
            for with_redis in (False, True):
                run_dir = tmp / uuid.uuid4().hex[:8]
                run_dir.mkdir()
                rows.append(run(args, run_dir, s3, with_redis))
    lines = [f"{args.nodes} nodes on one S3 server (moto) and one Redis, each its own lock folder; "
             f"one new article read by {args.readers} readers spread over them.", "",
             "| Redis | segments | syntheses | duplicates | readers whole | keyless chars "
             "accepted / budget | killed node: whole MP3 after | Redis stopped |",
             "|---|---|---|---|---|---|---|---|"]
    for row in rows:
        stopped = row.get("redis stopped")
        lines.append(f"| {row['redis']} | {row['segments']} | {row['syntheses']} | "
                     f"{row['duplicates']} | {row['readers whole']} | "
                     f"{row['keyless chars accepted']:,} / {row['budget']:,} | "
                     f"{row['killed node: whole MP3 after (s)']} s | "
                     + (f"{stopped['5xx']} 5xx of {stopped['requests']}, new article made, "
                        f"/readyz {stopped['readyz']}" if stopped else "-") + " |")
    lines += ["", f"One keyless client posting texts of tiny paragraphs ({BURST:,} characters of "
              f"\"Go N.\" and \"No.\") to the nodes in turn for {ATTACK_SECONDS:.0f} s, then "
              "reading each accepted one; the nodes idle before; the attacker shrinks its text "
              "after each 413 (budget of the table above; target at most 8 MB and "
              "15 CPU-s per client per 15 s):", "",
              "| Redis | posted | accepted | refused | MB stored | CPU-s of the nodes |",
              "|---|---|---|---|---|---|"]
    for row in rows:
        tiny = row["tiny"]
        lines.append(f"| {row['redis']} | {tiny['posted']} | {tiny['accepted']} | "
                     f"{tiny['refused']} | {tiny['MB']:.1f} | {tiny['CPU-s']:.1f} |")
    harness.report("Several web machines (issue 21)", "\n".join(lines), args.results)


if __name__ == "__main__":
    main()
