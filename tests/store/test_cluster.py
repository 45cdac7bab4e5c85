"""Several web nodes, one service: one S3 bucket, one Redis, each node its own lock folder.

Each "node" here is an ArticleService of its own, with its own lock folder, as two machines have;
they share a real S3 server (moto's) and a real redis-server. A node killed outright is a child
process killed with SIGKILL.
"""

from __future__ import annotations

import json
import multiprocessing
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from redis_support import RedisServer
from s3_support import S3Server, moto_server
from support import GatedBackend
from waiting import wait_until

from tts_service.access import Caller
from tts_service.articles import ArticleRequest, ArticleService
from tts_service.config import Settings
from tts_service.errors import RateLimited
from tts_service.store.cluster_locks import ClusterLocks
from tts_service.store.locks import LockFolder
from tts_service.store.notices import SegmentNotices
from tts_service.store.redis_link import RedisLink
from tts_service.synthesis.budget import ClientBudgets
from tts_service.synthesis.cluster_load import NODES, ClusterLoad, NodeLoad
from tts_service.voice.base import Backend

ARTICLE = ("Harbor bridge reopens.\n\nThe council voted on Tuesday to reopen the bridge. "
           "Work starts in May. Ferries run until then.")
SEGMENT, LONG = "1" * 32, "2" * 32  # lock names are keys


@pytest.fixture(scope="module")
def s3(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    with moto_server(tmp_path_factory.mktemp("moto")) as server:
        yield server


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path / "redis-data")
    server.workdir.mkdir()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def nodes(s3: S3Server, redis_server: RedisServer, piper: Backend,
          tmp_path: Path) -> Iterator[list[tuple[ArticleService, GatedBackend]]]:
    """Two nodes on one bucket prefix and one Redis, each with its own lock folder."""
    first = s3.settings(tmp_path / "locks-a", redis_url=redis_server.url)
    second = Settings.from_env({}, **{**first.__dict__, "lock_dir": tmp_path / "locks-b"})
    made = []
    for settings in (first, second):
        service = ArticleService(settings)
        backend = GatedBackend(piper)
        service.use_backend(backend)  # type: ignore[arg-type]
        made.append((service, backend))
    yield made
    for service, _ in made:
        service.shutdown()
        service.cache.close()


def test_an_article_asked_on_two_nodes_is_made_once(nodes: list[Any]) -> None:
    (a, voice_a), (b, voice_b) = nodes
    article, _ = a.submit(ArticleRequest(ARTICLE), start=False)
    first = article.segments[0].text
    voice_a.gates[first] = threading.Event()
    a.submit(ArticleRequest(ARTICLE))  # node A's job starts and blocks inside segment 1's synthesis
    wait_until(lambda: first in voice_a.calls, "node A to start the first segment")
    b.submit(ArticleRequest(ARTICLE))  # node B's job meets A's lock on segment 1
    wait_until(lambda: b.jobs.running(article.id), "node B's job to run")
    voice_a.gates[first].set()
    wait_until(lambda: not a.jobs.running(article.id) and not b.jobs.running(article.id),
               "both nodes' jobs to end")
    assert a.cache.has_article(article.id)
    made = voice_a.calls + voice_b.calls
    assert sorted(made) == sorted({segment.text for segment in article.segments})
    assert first not in voice_b.calls  # B waited for A's segment instead of making it again


def test_a_killed_holder_s_lease_runs_out_and_another_node_takes_the_lock(
        redis_server: RedisServer, tmp_path: Path) -> None:
    held = multiprocessing.get_context("fork").Event()
    child = multiprocessing.get_context("fork").Process(
        target=_hold_forever, args=(redis_server.url, tmp_path / "child-locks", held))
    child.start()
    link = RedisLink(redis_server.url)
    try:
        assert held.wait(timeout=120), "the child never took the lock"
        locks = ClusterLocks(link, LockFolder(tmp_path / "our-locks"), lease=2.0)
        with locks.try_hold(SEGMENT) as mine:
            assert not mine  # another node holds it
        child.kill()  # as kill -9 does: no release, only the lease left
        child.join()
        got = threading.Event()

        def take() -> None:
            with locks.hold(SEGMENT):
                got.set()

        taker = threading.Thread(target=take, daemon=True)
        taker.start()
        wait_until(got.is_set, "the lock to be free once the dead holder's lease ran out")
    finally:
        if child.is_alive():
            child.kill()
        link.close()


def _hold_forever(url: str, folder: Path, held: Any) -> None:
    locks = ClusterLocks(RedisLink(url), LockFolder(folder), lease=2.0)
    with locks.hold(SEGMENT):
        held.set()
        threading.Event().wait()


def test_a_long_holder_keeps_its_lock_past_the_lease(redis_server: RedisServer,
                                                     tmp_path: Path) -> None:
    link = RedisLink(redis_server.url)
    ours = ClusterLocks(link, LockFolder(tmp_path / "a"), lease=1.0)
    theirs = ClusterLocks(link, LockFolder(tmp_path / "b"), lease=1.0)
    client = redis_server.client()
    try:
        with ours.hold(LONG):
            # the lease is renewed while held: its time to live goes up again, more than once
            renewals = []
            wait_until(lambda: _renewed(client, renewals), "the lease to be renewed twice")
            with theirs.try_hold(LONG) as mine:
                assert not mine
        with theirs.try_hold(LONG) as mine:
            assert mine
    finally:
        client.close()
        link.close()


def _renewed(client: Any, seen: list[int]) -> bool:
    ttl = client.pttl("tts:lock:" + LONG)
    if seen and ttl > seen[-1]:
        seen.append(ttl)
    elif not seen:
        seen.append(ttl)
    else:
        seen[-1] = ttl
    return len(seen) >= 3


def test_one_keyless_client_has_one_budget_whichever_node_it_reaches(
        redis_server: RedisServer, tmp_path: Path) -> None:
    link = RedisLink(redis_server.url)
    try:
        node_a = ClientBudgets(tmp_path / "a", per_minute=60, burst=1000, redis=link)
        node_b = ClientBudgets(tmp_path / "b", per_minute=60, burst=1000, redis=link)
        node_a.charge("203.0.113.9", 700)
        with pytest.raises(RateLimited) as refused:
            node_b.charge("203.0.113.9", 400)  # 300 left, whichever node asks
        assert refused.value.retry_after >= 100
        node_b.charge("203.0.113.9", 300)
        node_a.charge("198.51.100.1", 1000)  # another client has a budget of its own
        long_reads = ClientBudgets(tmp_path / "c", per_minute=60, burst=100, redis=link, most=5000)
        long_reads.charge("192.0.2.7", 3000)  # a long read, from a full bucket
        with pytest.raises(RateLimited) as refused:
            ClientBudgets(tmp_path / "d", per_minute=60, burst=100, redis=link).charge("192.0.2.7", 1)
        assert refused.value.retry_after >= 2900  # the other node knows what is owed
        assert not list((tmp_path / "a").glob("*.bucket"))  # nothing on the nodes' disks
    finally:
        link.close()


def test_local_budget_files_that_filled_up_again_are_swept(tmp_path: Path) -> None:
    budgets = ClientBudgets(tmp_path, per_minute=60, burst=100)
    budgets.charge("203.0.113.9", 90, now=1000.0)
    budgets.charge("198.51.100.1", 10, now=1090.0)
    assert budgets.sweep(now=1095.0) == 1  # the first is full again at 1090; the second at 1100
    assert len(list(tmp_path.glob("*.bucket"))) == 1
    with pytest.raises(RateLimited):
        budgets.charge("198.51.100.1", 100, now=1095.0)  # the swept one was not this client's


def test_a_node_hears_at_once_of_a_segment_another_node_made(redis_server: RedisServer) -> None:
    link_a, link_b = RedisLink(redis_server.url), RedisLink(redis_server.url)
    heard = threading.Event()
    notices_b = SegmentNotices(link_b)
    try:
        notices_b.listen(heard.set)
        notices_a = SegmentNotices(link_a)
        wait_until(lambda: _announced(notices_a, heard), "node B to hear node A's notice")
    finally:
        notices_b.close()
        link_a.close()
        link_b.close()


def _announced(notices: SegmentNotices, heard: threading.Event) -> bool:
    notices.announce("0" * 32)  # again until the subscription is in place
    return heard.wait(timeout=0.5)


def test_admission_counts_every_live_node_s_work_once(redis_server: RedisServer) -> None:
    link = RedisLink(redis_server.url)
    client = redis_server.client()
    try:
        shared = "a" * 32
        node_a = ClusterLoad(link, lambda: NodeLoad(keyless={shared}, demand={shared}, capacity=6.0))
        node_b = ClusterLoad(link, lambda: NodeLoad(keyless={shared, "b" * 32}, capacity=8.0))
        node_b.announce()
        client.hset(NODES, "gone:1:dead", json.dumps(  # a node that stopped announcing long ago
            {"at": 1.0, "keyed": ["c" * 32], "keyless": [], "demand": [], "capacity": 99.0}))
        totals = node_a.totals()
        assert totals.nodes == 2  # the stale announcement does not count...
        assert totals.keyless == {shared, "b" * 32}  # one article on two nodes counts once
        assert totals.demand == {shared}
        assert totals.keyed == set()
        assert totals.capacity == 14.0
        assert client.hexists(NODES, "gone:1:dead") == 0  # ...and is removed
    finally:
        client.close()
        link.close()


def test_with_redis_stopped_a_node_goes_on_alone_and_comes_back(
        nodes: list[Any], redis_server: RedisServer) -> None:
    (a, voice_a), _ = nodes
    redis_server.stop()
    article, _ = a.submit(ArticleRequest(ARTICLE), caller=Caller(keyed=False, client="203.0.113.9"))
    wait_until(lambda: a.cache.has_article(article.id), "the article made with local locks")
    assert not a.cache.redis.up
    redis_server.start()
    wait_until(lambda: _budget_reaches_redis(a), "the node to use Redis again")
    assert a.cache.redis.up


def _budget_reaches_redis(service: ArticleService) -> bool:
    service.budgets.charge("198.51.100.1", 1)
    return service.cache.redis is not None and service.cache.redis.up


def test_one_new_article_posted_on_two_nodes_at_once_is_new_once(nodes: list[Any]) -> None:
    (a, _), (b, _) = nodes
    request = ArticleRequest("A new article, posted by many readers at once on two nodes.")
    start = threading.Barrier(6)
    created: list[bool] = []

    def post(service: ArticleService) -> None:
        start.wait()
        created.append(service.submit(request, start=False)[1])

    posters = [threading.Thread(target=post, args=(node,)) for node in (a, b) * 3]
    for poster in posters:
        poster.start()
    for poster in posters:
        poster.join()
    assert sorted(created) == [False] * 5 + [True]


def test_a_segment_made_on_one_node_refreshes_the_other_s_status_cache(nodes: list[Any]) -> None:
    (a, _), (b, _) = nodes
    a.join_cluster()  # as the web service does at start
    seen = a.jobs.generation  # the version the status bodies are cached under
    key = "3" * 32

    def stored_and_heard() -> bool:
        b.cache.put_segment(key, b"\xff\xf3" + bytes(100))  # again until A's subscription is up
        return a.jobs.generation != seen

    wait_until(stored_and_heard, "node A to hear of node B's segment")
