"""The distributed queue for real: a redis-server, Celery worker processes, a killed worker."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from redis_support import RedisServer
from support import PUBLISHER_ENV, STEADY_ENV, free_port, stop_process
from waiting import DEADLINE, wait_until

EXE = Path(sys.executable).with_name("tts-service")
SYNTH_LINE = re.compile(r"synthesized segment (\d+)/\d+ of ([0-9a-f]{32})")


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real redis-server on a free loopback port, started and stopped by the tests."""
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    try:
        yield server.url
    finally:
        server.stop()


class Worker:
    """A `tts-service worker` process in its own process group, its log in a file."""

    def __init__(self, url: str, cache: Path, log: Path, env: dict[str, str]) -> None:
        self.log = log
        self.handle = log.open("w")
        self.proc = subprocess.Popen(
            [str(EXE), "worker", "--queue", url, "--concurrency", "1"],
            env={**os.environ, **STEADY_ENV, "TTS_CACHE_DIR": str(cache), **env},
            stdout=self.handle, stderr=subprocess.STDOUT, start_new_session=True)

    def synthesized(self) -> list[tuple[str, int]]:
        return [(m.group(2), int(m.group(1))) for m in SYNTH_LINE.finditer(self.log.read_text())]

    def kill(self) -> None:
        """Kill the worker and its pool children at once, as a machine dying would."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.handle.close()


def write_site(root: Path, count: int, sentences: int) -> None:
    root.mkdir(parents=True)
    for n in range(count):
        body = " ".join(f"Article {n} sentence {k} tells of the harbor bridge and the rowers."
                        for k in range(sentences))
        (root / f"a{n}.txt").write_text(f"Queue story {n}\n\n{body}")


def manifests(cache: Path) -> list[Path]:
    return [p for p in (cache / "articles").glob("*.json") if p.name.count(".") == 1]


def test_pregenerate_over_the_queue(redis_url: str, tmp_path: Path) -> None:
    site, cache = tmp_path / "site", tmp_path / "cache"
    write_site(site, 3, 2)
    (site / "bad.txt").write_text("   ")
    worker = Worker(redis_url, cache, tmp_path / "worker.log", {})
    try:
        result = subprocess.run(
            [str(EXE), "pregenerate", "--queue", redis_url, str(site), "-q",
             "--report", str(tmp_path / "report.json")],
            env={**os.environ, **STEADY_ENV, "TTS_CACHE_DIR": str(cache)}, capture_output=True, text=True,
            timeout=DEADLINE, check=False)
    finally:
        worker.stop()
    assert result.returncode == 1, result.stderr  # the blank article failed, the rest did not
    assert "3 made, 0 already cached, 1 failed" in result.stderr
    assert len(manifests(cache)) == 3
    assert len(worker.synthesized()) == len(set(worker.synthesized())) == 3 * 3


def test_a_killed_worker_loses_nothing_and_duplicates_nothing(redis_url: str,
                                                              tmp_path: Path) -> None:
    site, cache = tmp_path / "site", tmp_path / "cache"
    write_site(site, 3, 10)
    env = {"TTS_QUEUE_VISIBILITY_TIMEOUT": "4"}
    first = Worker(redis_url, cache, tmp_path / "first.log", env)
    client = subprocess.Popen(
        [str(EXE), "pregenerate", "--queue", redis_url, str(site), "-q",
         "--report", str(tmp_path / "report.json")],
        env={**os.environ, **STEADY_ENV, "TTS_CACHE_DIR": str(cache), **env},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = None
    try:
        wait_until(lambda: len(first.synthesized()) >= 3, "three segments made by the first worker",
                   process=first.proc, details=lambda: first.log.read_text()[-2000:])
        first.kill()  # mid-article: segments made, the article not finished
        made_by_first = set(first.synthesized())
        assert len(manifests(cache)) < 3
        second = Worker(redis_url, cache, tmp_path / "second.log", env)
        _, stderr = client.communicate(timeout=DEADLINE)
    finally:
        stop_process(client)  # and its pipes closed, whatever happened
        first.stop()
        if second is not None:
            second.stop()
    assert client.returncode == 0, stderr
    assert "3 articles:" in stderr and "0 failed" in stderr
    assert len(manifests(cache)) == 3  # nothing lost
    made_by_second = second.synthesized()
    assert len(made_by_second) == len(set(made_by_second))
    assert made_by_first.isdisjoint(made_by_second)  # nothing made twice
    assert len(made_by_first | set(made_by_second)) == 3 * 11


def test_an_unreachable_queue_is_a_clear_error(tmp_path: Path) -> None:
    site = tmp_path / "site"
    write_site(site, 1, 1)
    result = subprocess.run(
        [str(EXE), "pregenerate", "--queue", f"redis://127.0.0.1:{free_port()}/0", str(site)],
        env={**os.environ, **STEADY_ENV, "TTS_CACHE_DIR": str(tmp_path / "cache")}, capture_output=True,
        text=True, timeout=DEADLINE, check=False)
    assert result.returncode == 1
    assert "cannot reach the queue" in result.stderr and "Traceback" not in result.stderr


def test_workers_get_their_settings_from_the_celery_configuration(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings travel as an object in the app's configuration, never through the environment."""
    from tts_service.config import Settings
    from tts_service.publish import queue

    settings = Settings.from_env(PUBLISHER_ENV, cache_dir=tmp_path / "cache", paragraph_pause_ms=900)
    app = queue.make_celery("redis://127.0.0.1:1/0", settings)
    assert app.conf.tts_settings is settings
    monkeypatch.setattr(queue, "_service", None)
    monkeypatch.setenv("TTS_CACHE_DIR", str(tmp_path / "elsewhere"))  # ignored by the worker
    service = queue._worker_service(app)
    assert service.settings is settings and service.cache.store.root == tmp_path / "cache"
    service.shutdown()
