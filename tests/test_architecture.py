"""The house: packages that show the pipeline, imports that point down it, and no circles.

The parts of ``tts_service`` stand in layers, from the entry points down to the settings and the
error tree. A module may import from its own part or from a part in a lower layer, never from one
beside it or above it; no modules and no packages, at any depth, import each other in a circle.
A part that needs something from above defines the small interface it needs (as
``synthesis.streaming.StreamSource`` does) and lets the caller pass it in.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "tts_service"

# From the top down; the parts of one layer do not import each other.
LAYERS: list[set[str]] = [
    {"cli", "serve"},  # the entry points: parse, then call what is below
    {"web"},  # the HTTP service: app factory, one blueprint per area
    {"publish"},  # many articles: batch, queue, feeds, the podcast feed
    {"articles"},  # the one way in for every entry point
    {"synthesis"},  # request -> plan -> speaker -> timeline, jobs, streaming, fallback
    {"store", "voice"},  # where audio lives; the voices
    {"audio"},  # MP3 frames, formats, tags, chapters, captions
    {"text"},  # HTML/SSML -> text -> segments of spoken words
    {"ops"},  # process start-up, metrics, logs
    {"access"},  # who is asking: keys and callers
    {"config"},  # Settings from TTS_*
    {"errors", "__init__"},  # the exception tree; the version
]
RANK = {part: rank for rank, layer in enumerate(LAYERS) for part in layer}
MAX_TOP_LEVEL_MODULES = 12
MAX_FUNCTION_LINES = 60


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_package(name: str) -> bool:
    return (PACKAGE.parent / name.replace(".", "/") / "__init__.py").exists()


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports(name: str, path: Path, known: set[str]) -> Iterator[str]:
    """The modules of ours that ``name`` imports, at the top or inside a function."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name in known)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target not in known:
                continue
            for alias in node.names:  # a submodule named in the import is what is imported
                yield f"{target}.{alias.name}" if f"{target}.{alias.name}" in known else target


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: set(imports(name, path, known)) - {name} for name, path in found.items()}


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def part_of(name: str) -> str:
    """``tts_service.synthesis.plan`` -> ``synthesis``; ``tts_service`` itself -> ``__init__``."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def collapsed(edges: dict[str, set[str]], package: str) -> dict[str, set[str]]:
    """The arrows between the children of ``package`` (its modules and subpackages)."""
    depth = len(package.split(".")) + 1

    def child(name: str) -> str | None:
        if not name.startswith(package + "."):
            return None
        return ".".join(name.split(".")[:depth])

    result: dict[str, set[str]] = {}
    for source, targets in edges.items():
        here = child(source)
        if here is None:
            continue
        result.setdefault(here, set())
        for target in targets:
            there = child(target)
            if there is not None and there != here:
                result[here].add(there)
    return result


def test_the_reader_of_the_graph_sees_real_arrows() -> None:
    edges = graph()
    assert "tts_service.synthesis.plan" in edges["tts_service.synthesis.speaker"]
    assert "tts_service.articles" in edges["tts_service.web.api"] or any(
        target.startswith("tts_service.articles") for target in edges["tts_service.web.api"])
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_every_part_has_a_layer() -> None:
    parts = {part_of(name) for name in modules()}
    assert parts - set(RANK) == set(), "add the new part to LAYERS, where its imports put it"
    assert set(RANK) - parts == set(), "LAYERS names a part that no longer exists"


def test_no_modules_import_each_other_in_a_circle() -> None:
    assert circles(graph()) == []


@pytest.mark.parametrize("package", sorted(name for name in modules() if is_package(name)))
def test_no_packages_import_each_other_in_a_circle(package: str) -> None:
    assert circles(collapsed(graph(), package)) == []


def test_imports_point_down_the_layers() -> None:
    wrong = sorted(
        f"{source} -> {target}"
        for source, targets in graph().items() for target in targets
        if part_of(source) != part_of(target) and RANK[part_of(source)] >= RANK[part_of(target)]
    )
    assert wrong == [], "an import runs back up (or sideways) between the parts"


def test_the_top_of_the_package_stays_small() -> None:
    top = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_LEVEL_MODULES, top


def test_no_function_is_longer_than_a_screen() -> None:
    long = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = node.end_lineno - node.lineno + 1  # type: ignore[operator]
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{name}.{node.name}: {lines} lines")
    assert long == []
