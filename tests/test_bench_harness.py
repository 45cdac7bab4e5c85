"""bench/harness.py, the one harness of the benches: it starts a real server, sees it healthy, waits
for an article and stops the server with nothing left running; and no bench imports another."""

from __future__ import annotations

import ast
import functools
import importlib.util
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
import requests

BENCH = Path(__file__).resolve().parents[1] / "bench"
SHARED = {"harness", "corpus", "news_cases"}  # the bench/ modules a bench may import
BENCHES = sorted(BENCH.glob("bench_*.py"))


def _load_harness() -> ModuleType:
    spec = importlib.util.spec_from_file_location("harness", BENCH / "harness.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("harness", module)  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


harness = _load_harness()


def imported_modules(path: Path) -> set[str]:
    """The top-level names of every module ``path`` imports."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def test_there_are_benches_to_check() -> None:
    assert len(BENCHES) >= 10, BENCHES


@pytest.mark.parametrize("path", BENCHES, ids=lambda path: path.name)
def test_a_bench_imports_no_other_bench(path: Path) -> None:
    local = {other.stem for other in BENCH.glob("*.py")}
    assert imported_modules(path) & local <= SHARED


@pytest.mark.parametrize("path", BENCHES, ids=lambda path: path.name)
def test_a_bench_imports_no_test_module(path: Path) -> None:
    assert imported_test_modules(path) == set(), "move what it shares into a tests/ support module"


def imported_test_modules(path: Path) -> set[str]:
    """The ``test_*`` modules ``path`` imports: a test module is not a library (importing one
    runs its module-level code, and ties the bench to the test's fixtures and layout)."""
    return {name for name in imported_modules(path) if name.startswith("test_")}


@pytest.mark.parametrize(("source", "found"), [
    ("from test_spoken_cases import heard", {"test_spoken_cases"}),
    ("import test_api, harness", {"test_api"}),
    ("def f():\n    import test_feed", {"test_feed"}),
    ("from spoken_support import heard\nimport harness", set()),
])
def test_the_test_module_check_sees_an_import(tmp_path: Path, source: str, found: set[str]) -> None:
    path = tmp_path / "bench_x.py"
    path.write_text(source, "utf-8")
    assert imported_test_modules(path) == found


@pytest.mark.parametrize("path", BENCHES, ids=lambda path: path.name)
def test_a_bench_starts_servers_only_through_the_harness(path: Path) -> None:
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.alias):
            names.add(node.name)
    assert "Popen" not in names


def test_the_shared_modules_import_no_bench() -> None:
    for name in sorted(SHARED):
        assert not {m for m in imported_modules(BENCH / f"{name}.py") if m.startswith("bench_")}


# Runs a bench with --help as its own __main__ and says whether the voice's engine was loaded.
_HELP = """
import runpy, sys
sys.argv = [sys.argv[1], "--help"]
try:
    runpy.run_path(sys.argv[0], run_name="__main__")
except SystemExit as exc:
    code = exc.code
else:
    code = "no exit"
print("EXIT", code, "VOICE", "onnxruntime" in sys.modules)
"""


@pytest.mark.parametrize("path", BENCHES, ids=lambda path: path.name)
def test_a_bench_answers_help_without_loading_the_voice(path: Path) -> None:
    """A bench whose imports broke (a module renamed, an optional package missing) fails here,
    not the next time someone measures; ``--help`` stays cheap."""
    done = subprocess.run([sys.executable, "-c", _HELP, str(path)], capture_output=True,
                          text=True, timeout=300, cwd=BENCH.parent)
    assert done.returncode == 0, done.stderr
    assert "usage:" in done.stdout, done.stdout
    assert done.stdout.rstrip().endswith("EXIT 0 VOICE False"), done.stdout[-300:]


@pytest.mark.parametrize(("argv", "expected"), [
    ([], {"rounds": 5, "readers": 200, "results": None}),
    (["--quick"], {"rounds": 1, "readers": 20, "results": None}),
    (["--quick", "--rounds", "3"], {"rounds": 3, "readers": 20, "results": None}),
    (["--quick", "--rounds", "5"], {"rounds": 5, "readers": 20, "results": None}),  # typed wins
    (["--rounds", "2", "--readers", "7"], {"rounds": 2, "readers": 7, "results": None}),
    (["--results", "out.md"], {"rounds": 5, "readers": 200, "results": Path("out.md")}),
    (["--quick", "--results", "out.md"], {"rounds": 1, "readers": 20, "results": Path("out.md")}),
])
def test_quick_replaces_the_defaults_not_what_is_typed(argv: list[str], expected: dict) -> None:
    parser = harness.arguments("A bench.", rounds=5)
    parser.add_argument("--readers", type=int, default=200)
    args = harness.parse(parser, quick={"rounds": 1, "readers": 20}, argv=argv)
    assert {name: getattr(args, name) for name in expected} == expected


@pytest.mark.parametrize(("argv", "results"), [
    ([], harness.RESULTS),
    (["--quick"], None),  # a smoke test leaves the measured numbers alone
    (["--quick", "--results", str(harness.RESULTS)], harness.RESULTS),
])
def test_a_quick_run_writes_results_only_when_asked(argv: list[str], results: Path | None) -> None:
    args = harness.parse(harness.arguments("A bench.", results=harness.RESULTS), argv=argv)
    assert args.results == results


@pytest.mark.parametrize(("swap", "order"), [
    (True, ["a", "b", "b", "a", "a", "b"]),
    (False, ["a", "b", "a", "b", "a", "b"]),
])
def test_paired_runs_alternate(swap: bool, order: list[str]) -> None:
    ran: list[str] = []

    def run(name: str) -> int:  # which run this was, counting from 1
        ran.append(name)
        return len(ran)

    runs = {name: functools.partial(run, name) for name in ("a", "b")}
    results = harness.alternating(runs, 3, swap=swap)
    assert ran == order
    assert results == {name: [i + 1 for i, ran_name in enumerate(order) if ran_name == name]
                       for name in ("a", "b")}


def test_the_ratio_is_of_medians() -> None:
    assert harness.ratio([3.0, 1.0, 2.0], [10.0, 1.0, 1.0]) == 2.0


def test_a_section_is_replaced_and_a_new_one_appended(tmp_path: Path) -> None:
    path = tmp_path / "RESULTS.md"
    harness.write_section(path, "first", "one")
    harness.write_section(path, "second", "two")
    harness.write_section(path, "first", "three")
    text = path.read_text("utf-8")
    assert text.startswith("# Benchmark results\n\n## first\n")
    assert [line for line in text.splitlines() if not line.startswith("_")] == [
        "# Benchmark results", "", "## first", "", "three", "", "## second", "", "two"]


@pytest.fixture(scope="module")
def server_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[object, list[dict]]]:
    """One real server for the module: what it was while serving, and its process after stop."""
    seen: list[dict] = []
    folder = tmp_path_factory.mktemp("bench-server")
    with harness.served(harness.ONE_READER, cache=folder / "cache",
                        log=folder / "server.log") as server:
        seen.append({"healthz": requests.get(server.url("/healthz"), timeout=30).status_code,
                     "ready": server.ready, "workers": len(server.worker_rss())})
        made = server.post_article({"text": "The harness waits for this article."},
                                   headers={"Origin": server.base})
        seen.append({"manifests": server.wait_articles(made["id"])})
    yield server, seen


def test_the_server_answers_healthz_and_readyz(server_run: tuple[object, list[dict]]) -> None:
    _, seen = server_run
    assert {name: seen[0][name] for name in ("healthz", "ready")} == {
        "healthz": 200, "ready": {"status": "ready", "checks": {"voice": True, "cache": True}}}


def test_the_workers_measured_are_gunicorns_only(server_run: tuple[object, list[dict]]) -> None:
    _, seen = server_run
    assert seen[0]["workers"] == 1  # one worker: the listening events' supervisor is none


def test_waiting_gives_the_ready_article(server_run: tuple[object, list[dict]]) -> None:
    _, seen = server_run
    [manifest] = seen[1]["manifests"]
    assert manifest["status"] == "ready" and manifest["duration"] > 0


def test_the_stopped_server_leaves_nothing_running(server_run: tuple[object, list[dict]]) -> None:
    server, _ = server_run
    assert server.process.returncode is not None  # type: ignore[attr-defined]
    with pytest.raises(ProcessLookupError):
        os.killpg(server.process.pid, 0)  # type: ignore[attr-defined]


def test_a_server_that_cannot_start_fails_with_its_log(tmp_path: Path) -> None:
    with pytest.raises(harness.BenchError, match="TTS_MAX_CONNECTIONS"), \
            harness.served({"TTS_MAX_CONNECTIONS": "lots"}, cache=tmp_path / "cache"):
        pytest.fail("a server with a bad setting started")


_KILLED_BENCH = """
import sys, time
sys.path.insert(0, sys.argv[1])
import harness
harness.parse(harness.arguments("A bench."), argv=[])
with harness.service_process([sys.executable, "-c", "import time; time.sleep(600)"],
                             lambda: True, "a sleeper") as process:
    print(process.pid, flush=True)
    time.sleep(600)
"""


def test_a_bench_stopped_with_sigterm_stops_what_it_started() -> None:
    """``timeout`` or a service manager ends a bench with SIGTERM: the servers it started go with
    it, as on Ctrl-C, instead of running on without their bench."""
    with subprocess.Popen([sys.executable, "-c", _KILLED_BENCH, str(BENCH)],
                          stdout=subprocess.PIPE, text=True) as bench:
        try:
            assert bench.stdout is not None
            started = int(bench.stdout.readline())
            os.killpg(started, 0)  # the bench's server runs, in its own process group
            bench.terminate()
            assert bench.wait(timeout=120) == 128 + 15
            with pytest.raises(ProcessLookupError):
                os.killpg(started, 0)
        finally:
            bench.kill()
