"""Pre-generation: worker processes, resume after Ctrl-C, the report, dry runs, and the same
audio and ids as the web service."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from support import PUBLISHER_ENV, STEADY_ENV, ctrl_c_reaches_it, publisher_client, stop_process
from waiting import DEADLINE, wait_until

from tts_service import audio
from tts_service.config import Settings
from tts_service.publish.batch import run_batch, worker_layout
from tts_service.publish.sources import iter_sources
from tts_service.store.cache import AudioCache
from tts_service.synthesis.speaker import Speaker
from tts_service.voice.base import Backend

STORIES = {
    "council.txt": "Council approves the plan\n\nThe council met on Tuesday. It voted six to one.",
    "weather/rain.html": "<h1>Rain returns</h1><p>Forecasters expect rain all weekend.</p>",
    "sports.md": "# Rowers win\n\nThe Hollis Lake club won the regional final.",
}
EXE = Path(sys.executable).with_name("tts-service")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    for name, text in STORIES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def pregenerate(args: list[str], cache: Path, **kwargs) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **STEADY_ENV, "TTS_CACHE_DIR": str(cache)}
    return subprocess.run([str(EXE), "pregenerate", *args], env=env, capture_output=True,
                          text=True, timeout=DEADLINE, check=False, **kwargs)


@pytest.mark.parametrize("workers,cores,layout", [
    (None, 2, (2, 1)),  # one single-threaded voice per core
    (1, 2, (1, 2)),  # one voice using both cores
    (4, 2, (4, 1)),
    (None, 8, (8, 1)),
])
def test_worker_layout_fills_the_cores_without_oversubscribing(workers, cores, layout) -> None:
    assert worker_layout(workers, cores) == layout


@pytest.mark.parametrize(("environ", "lowered_by"), [({}, 10), ({"TTS_BATCH_NICE": "7"}, 7),
                                                    ({"TTS_BATCH_NICE": "0"}, 0)])
def test_batch_workers_run_at_the_configured_niceness(environ: dict[str, str], lowered_by: int) -> None:
    """Live listeners on the same machine come first: a worker process (batch, queue) lowers its
    priority by TTS_BATCH_NICE as it starts. (The other tests run their workers at 0: STEADY_ENV.)"""
    code = ("import os; from tts_service.config import Settings; "
            "from tts_service.ops.process import start_worker_process; "
            "start_worker_process(Settings.from_env()); print(os.nice(0))")
    env = {name: value for name, value in os.environ.items() if not name.startswith("TTS_")}
    result = subprocess.run([sys.executable, "-c", code], env={**env, **environ}, capture_output=True,
                            text=True, timeout=DEADLINE, check=False)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) == min(19, os.nice(0) + lowered_by)


def test_batch_makes_every_article_with_the_web_services_ids(site: Path, tmp_path: Path) -> None:
    settings = Settings.from_env(PUBLISHER_ENV, cache_dir=tmp_path / "cache")
    outcomes = run_batch(iter_sources([str(site)], settings), settings, workers=2)
    assert sorted(o.status for o in outcomes) == ["made"] * 3
    from tts_service.web import create_app

    app = create_app({"SETTINGS": settings, "TESTING": True})
    client = publisher_client(app)
    council = next(o for o in outcomes if o.name.endswith("council.txt"))
    posted = client.post("/api/articles", json={"text": STORIES["council.txt"]})
    assert posted.status_code == 200  # known already: the batch made it
    assert posted.get_json()["id"] == council.id
    assert posted.get_json()["status"] == "ready"
    listed = client.get("/api/articles").get_json()
    assert {a["id"] for a in listed["articles"]} == {o.id for o in outcomes}
    again = run_batch(iter_sources([str(site)], settings), settings, workers=1)
    assert sorted(o.status for o in again) == ["cached"] * 3 and all(o.cache_hit for o in again)


def test_cli_report_and_exit_code_with_one_bad_article(site: Path, tmp_path: Path) -> None:
    (site / "broken.txt").write_bytes(b"\x00\x01binary")
    (site / "empty.html").write_text("<nav>only a menu</nav>")
    report = tmp_path / "report.json"
    result = pregenerate([str(site), "--report", str(report), "-q"], tmp_path / "cache")
    assert result.returncode == 1, result.stderr
    body = json.loads(report.read_text())
    by_name = {Path(a["name"]).name: a for a in body["articles"]}
    assert by_name["broken.txt"]["status"] == "failed" and "binary" in by_name["broken.txt"]["error"]
    assert by_name["empty.html"]["status"] == "failed"
    assert "nothing to speak" in by_name["empty.html"]["error"]
    for name in ("council.txt", "rain.html", "sports.md"):
        assert by_name[name]["status"] == "made" and by_name[name]["duration"] > 1
    assert body["totals"] == {**body["totals"], "articles": 5, "made": 3, "failed": 2}
    assert "3 made, 0 already cached, 2 failed" in result.stderr
    assert "failed: " in result.stderr and "Traceback" not in result.stderr


def test_dry_run_counts_new_and_cached_segments(site: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    before = pregenerate([str(site), "--dry-run"], cache)
    assert before.returncode == 0, before.stderr
    assert "3 articles" in before.stdout and "0 online requests" in before.stdout
    assert "new of" in before.stdout
    new, total = (int(x) for x in before.stdout.split("characters, ")[1].split(" segments")[0]
                  .split(" new of "))
    assert new == total > 0
    assert not list(cache.rglob("*.mp3"))  # a dry run makes nothing
    assert pregenerate([str(site), "-q"], cache).returncode == 0
    after = pregenerate([str(site), "--dry-run"], cache)
    assert f"0 new of {total} segments" in after.stdout


def test_dry_run_counts_gtts_requests(site: Path, tmp_path: Path) -> None:
    env_cache = tmp_path / "cache"
    result = subprocess.run([str(EXE), "pregenerate", str(site), "--dry-run"],
                            env={**os.environ, **STEADY_ENV, "TTS_CACHE_DIR": str(env_cache),
                                 "TTS_BACKEND": "gtts"},
                            capture_output=True, text=True, timeout=DEADLINE, check=False)
    assert result.returncode == 0, result.stderr
    summary = result.stdout.strip().splitlines()[-1]
    new = int(summary.split("characters, ")[1].split(" new of")[0])
    assert f"{new} online requests" in summary and new > 0


def processes_running(marker: str) -> list[int]:
    """Pids of the processes whose command line holds ``marker`` (a batch's parent and workers)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and marker in (entry / "cmdline").read_bytes().decode(errors="replace"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_ctrl_c_or_a_service_manager_s_stop_ends_cleanly_and_a_rerun_resumes(
        tmp_path: Path, piper: Backend, stop: signal.Signals) -> None:
    site = tmp_path / "site"
    site.mkdir()
    stories = []
    for n in range(4):
        sentences = " ".join(f"Story {n} has sentence number {k} about the harbor bridge."
                             for k in range(3))
        stories.append(f"Story {n}\n\n{sentences}")
        (site / f"story{n}.txt").write_text(stories[-1])
    cache = tmp_path / "cache"
    settings = Settings.from_env(PUBLISHER_ENV, cache_dir=cache)
    audio_cache = AudioCache(cache)
    held = Speaker(piper, audio_cache, settings).prepare(stories[-1]).keys[-1]
    env = {**os.environ, **STEADY_ENV, "TTS_CACHE_DIR": str(cache)}

    def made_so_far() -> int:
        return len(list((cache / "segments").rglob("*.mp3")))

    # The last story's last segment is locked, as if another process were making it: the batch
    # cannot finish before the interrupt, however fast or slow the machine is.
    with audio_cache.locks.hold(held):
        proc = subprocess.Popen([str(EXE), "pregenerate", str(site), "-q", "--workers", "2"],
                                env=env, preexec_fn=ctrl_c_reaches_it, stderr=subprocess.PIPE, text=True)
        try:
            # Its (niced) workers start and make segments as slowly as a busy machine lets them.
            wait_until(lambda: made_so_far() >= 4, "four segments made before the interrupt",
                       process=proc, poll=0.1)
            proc.send_signal(stop)
            try:
                _, stderr = proc.communicate(timeout=DEADLINE)
            except subprocess.TimeoutExpired as exc:
                pytest.fail(f"pregenerate did not stop within {DEADLINE:g} s of {stop.name}:\n"
                            f"{exc.stderr}")
            wait_until(lambda: not processes_running(str(site)), "no worker of the batch left")
        finally:
            stop_process(proc)  # a test that failed leaves no batch running on the machine
    assert proc.returncode == 130, stderr
    assert "run the same command again to resume" in stderr and "Traceback" not in stderr
    made = {p: p.stat().st_ino for p in (cache / "segments").rglob("*.mp3")}
    assert len(made) >= 4, "nothing was made before the interrupt"
    for path in made:  # whatever was cut off mid-write is not under a final name
        assert audio.iter_frames(path.read_bytes())
    done = pregenerate([str(site), "-q"], cache)
    assert done.returncode == 0, done.stderr
    assert {p: p.stat().st_ino for p in made} == made  # finished segments were not made again
    manifests = [p for p in (cache / "articles").glob("*.json") if p.name.count(".") == 1]
    assert len(manifests) == 4
