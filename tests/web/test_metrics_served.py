"""/metrics and JSON logs on the real server: `tts-service serve --workers 2`, real HTTP.

Two worker processes each count what they serve; /metrics, read from either, adds them up."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families
from support import PUBLISHER_HEADERS, ffmpeg_decode, serving
from waiting import HTTP_TIMEOUT, wait_ready, wait_until

EXE = Path(sys.executable).with_name("tts-service")
LOG = {"path": Path()}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    LOG["path"] = tmp_path_factory.mktemp("log") / "server.log"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("TTS_LOG_FORMAT", "json")
        env.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)  # the server makes its own
        with serving(EXE, tmp_path_factory.mktemp("cache"), LOG["path"], "--workers", "2") as base:
            yield base


def scrape(server: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of /metrics, parsed by Prometheus' own text parser: (name, labels) -> value."""
    response = requests.get(f"{server}/metrics", headers=PUBLISHER_HEADERS, timeout=HTTP_TIMEOUT)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain; version=")
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(response.text)
            for sample in family.samples}


def total(samples: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str,
          **labels: str) -> float:
    """The sum of ``name``'s samples whose labels include ``labels``."""
    return sum(value for (sample, sample_labels), value in samples.items()
               if sample == name and set(labels.items()) <= set(sample_labels))


def log_lines() -> list[dict]:
    """Every whole line of the server's output so far (a worker may be writing the last one)."""
    text = LOG["path"].read_text()
    return [json.loads(line) for line in text[:text.rfind("\n") + 1].splitlines() if line.strip()]


def access_lines(*request_ids: str) -> list[dict]:
    """The access lines of these requests, once all are written: a request is counted, then
    logged, when its response ends, just after the client has the last byte."""
    lines: list[dict] = []

    def all_written() -> bool:
        lines[:] = [line for line in log_lines() if line["logger"] == "tts_service.access"
                    and line["request_id"] in request_ids]
        return {line["request_id"] for line in lines} == set(request_ids)

    wait_until(all_written, f"the access lines of {len(request_ids)} requests",
               details=lambda: f"{len(lines)} written")
    return lines


def counted(*responses: requests.Response) -> None:
    """Wait until these responses are counted (their access lines written): a scrape that
    follows sees them, whichever worker answers it."""
    access_lines(*(response.headers["X-Request-Id"] for response in responses))


def post(server: str, text: str) -> dict:
    response = requests.post(f"{server}/api/articles", json={"text": text},
                             headers=PUBLISHER_HEADERS, timeout=HTTP_TIMEOUT)
    assert response.status_code in (200, 201)
    return response.json()


def test_counters_add_up_across_two_worker_processes(server: str) -> None:
    """Rounds of concurrent requests, each on its own connection, until both workers served
    some: the count is the sum. The server is ready when one worker is; the other may still be
    loading its voice, and while one worker is busy with a request the other accepts the next."""
    before = total(scrape(server), "tts_http_requests_total", route="/healthz", status="200")
    sent: list[str] = []

    def healthz(_: int) -> str:
        response = requests.get(f"{server}/healthz", timeout=HTTP_TIMEOUT)
        assert response.status_code == 200
        return response.headers["X-Request-Id"]

    def both_served() -> bool:
        with ThreadPoolExecutor(max_workers=8) as pool:
            sent.extend(pool.map(healthz, range(16)))
        return len({line["process"] for line in access_lines(*sent)}) == 2

    wait_until(both_served, "requests served by each of the two workers", poll=0.5)
    after = total(scrape(server), "tts_http_requests_total", route="/healthz", status="200")
    assert after - before == len(sent)


def test_audio_counts_its_first_byte_bytes_and_cache_lookups(server: str) -> None:
    first = ("The council met on Tuesday night.\n\nIt voted to reopen the harbor bridge in spring.\n\n"
             "Traffic is expected to return to normal by the summer.\n\n"
             "Shops along the waterfront welcomed the news.")
    second = ("The council met on Tuesday night.\n\nIt voted to reopen the harbor bridge in spring.\n\n"
              "A ferry will run until then.")
    before = scrape(server)
    article = post(server, first)
    streamed = requests.get(server + article["audio_url"], timeout=300)  # while it is made
    assert streamed.status_code == 200 and ffmpeg_decode(streamed.content, 22050).errors == ""
    assert streamed.headers.get("Content-Length") is None  # a progressive stream
    wait_ready(server, article["id"])
    whole = requests.get(server + article["audio_url"], timeout=HTTP_TIMEOUT)  # the finished file
    assert whole.content == streamed.content
    wait_ready(server, post(server, second)["id"])  # two of its three sentences are made already
    counted(streamed, whole)
    after = scrape(server)

    def delta(name: str, **labels: str) -> float:
        return total(after, name, **labels) - total(before, name, **labels)

    assert delta("tts_audio_first_byte_seconds_count", delivery="stream") == 1
    assert delta("tts_audio_first_byte_seconds_count", delivery="file") == 1
    assert delta("tts_audio_first_byte_seconds_bucket", delivery="stream", le="+Inf") == 1
    assert delta("tts_http_response_bytes_total", route="/audio/<article_id>.mp3") == 2 * len(
        whole.content)
    assert delta("tts_cache_lookups_total", kind="article", result="miss") == 1
    assert delta("tts_cache_lookups_total", kind="article", result="hit") == 1
    # Each new sentence is made once (4 + 1), whichever worker makes it; the second article finds
    # two made, and so does a job the other worker starts when it is asked (a stream, a status).
    assert delta("tts_cache_lookups_total", kind="segment", result="miss") == 4 + 1
    assert delta("tts_cache_lookups_total", kind="segment", result="hit") >= 2
    audio_seconds = delta("tts_synthesized_audio_seconds_total", backend="piper")
    assert 5 < audio_seconds < 60  # five short sentences
    assert delta("tts_synthesis_seconds_total", backend="piper") > 0


def test_jobs_running_while_an_article_is_made(server: str) -> None:
    text = "\n\n".join(f"Paragraph {n} says that the harbor bridge will reopen in the spring, "
                       f"after {n + 2} months of repairs to its deck." for n in range(12))
    article = post(server, text)
    wait_until(lambda: total(scrape(server), "tts_jobs_running") >= 1, "its job counted as running",
               poll=0.02)
    wait_ready(server, article["id"])
    samples: dict = {}

    def no_jobs() -> bool:
        samples.update(scrape(server))
        return not total(samples, "tts_jobs_running") + total(samples, "tts_jobs_queued")

    wait_until(no_jobs, "no job counted once the article is made", details=lambda: str(samples))


def test_refusals_are_counted_by_reason(server: str) -> None:
    before = scrape(server)
    keyless = requests.post(f"{server}/api/articles", json={"text": "Hello."}, timeout=HTTP_TIMEOUT)
    assert keyless.status_code == 403  # keyless, from no allowed page
    wrong = requests.post(f"{server}/api/articles", json={"text": "Hello."},
                          headers={"Authorization": "Bearer wrong"}, timeout=HTTP_TIMEOUT)
    assert wrong.status_code == 401
    no_key = requests.get(f"{server}/metrics", timeout=HTTP_TIMEOUT)
    assert no_key.status_code == 401
    counted(keyless, wrong, no_key)
    after = scrape(server)
    for reason, count in (("forbidden", 1), ("unauthorized", 2), ("too_large", 0)):
        refused = (total(after, "tts_http_refused_requests_total", reason=reason)
                   - total(before, "tts_http_refused_requests_total", reason=reason))
        assert refused == count, reason


def test_paths_are_counted_by_their_route_not_the_path(server: str) -> None:
    answers = [requests.get(f"{server}{path}", timeout=HTTP_TIMEOUT)
               for n in range(3) for path in (f"/audio/{n:032x}.mp3", f"/no/such/page/{n}")]
    assert [answer.status_code for answer in answers] == [404] * 6
    counted(*answers)
    samples = scrape(server)
    routes = {dict(labels).get("route") for name, labels in samples
              if name == "tts_http_requests_total"}
    assert {"/audio/<article_id>.mp3", "unmatched"} <= routes
    assert not any(route and ("no/such" in route or "0000" in route) for route in routes)


def test_json_log_lines_carry_the_request_id_of_the_response(server: str) -> None:
    mine = "trace-4f2a.9:x_1"
    response = requests.get(f"{server}/healthz", headers={"X-Request-Id": mine}, timeout=HTTP_TIMEOUT)
    assert response.headers["X-Request-Id"] == mine
    bad = requests.get(f"{server}/healthz", headers={"X-Request-Id": "two words\t<script>"},
                       timeout=HTTP_TIMEOUT)
    replaced = bad.headers["X-Request-Id"]
    assert replaced != "two words\t<script>" and len(replaced) == 32
    access = access_lines(mine, replaced)
    assert sorted((line["request_id"], line["route"], line["status"]) for line in access) == sorted(
        [(mine, "/healthz", 200), (replaced, "/healthz", 200)])
    lines = log_lines()  # every line of the server's output is a JSON object
    assert all(line["request_id"] for line in lines if line["logger"] == "tts_service.access")
    outside = [line for line in lines if line["logger"] in ("gunicorn.error", "tts_service.synthesis.speaker")]
    assert outside and all(line["request_id"] is None for line in outside)


def test_the_server_makes_its_metrics_folder_and_removes_it(tmp_path: Path) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    with pytest.MonkeyPatch.context() as env:
        env.setenv("TMPDIR", str(temp))  # where the server makes its folder
        env.delenv("PROMETHEUS_MULTIPROC_DIR", raising=False)
        with serving(EXE, tmp_path / "cache", tmp_path / "server.log") as base:
            assert requests.get(f"{base}/healthz", timeout=HTTP_TIMEOUT).status_code == 200
            folders = list(temp.glob("tts-metrics-*"))
            assert len(folders) == 1 and list(folders[0].glob("counter_*.db"))
    assert not folders[0].exists()


def test_an_operators_folder_is_emptied_at_start_and_kept(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from tts_service.ops import metrics_folder

    folder = tmp_path / "prometheus"
    folder.mkdir()
    (folder / "counter_12345.db").write_bytes(b"an old run's values")
    (folder / "notes.txt").write_text("not ours")
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(folder))
    assert metrics_folder.prepare() == (folder, False)  # False: not removed at exit
    assert sorted(path.name for path in folder.iterdir()) == ["notes.txt"]
