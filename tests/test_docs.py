"""The documentation stays true to the code: every setting documented with its real default, every
relative link pointing at a file (and heading) that exists, and a README short enough to read.

Depends only on the ``Settings`` class and the Markdown files, so it survives modules moving.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import pytest

from tts_service.config import Settings

ROOT = next(folder for folder in Path(__file__).resolve().parents  # the checkout's root,
            if (folder / "pyproject.toml").is_file())                # wherever this file sits
README = ROOT / "README.md"
DOCS = ROOT / "docs"
CONFIGURATION = DOCS / "configuration.md"
README_MAX_LINES = 300

SETTINGS = {f"TTS_{field.name.upper()}": field for field in dataclasses.fields(Settings)}


# -- docs/configuration.md against Settings --------------------------------------------------------
def configuration_rows(text: str) -> list[tuple[str, str]]:
    """(variable, default cell) of every table row whose first cell names a ``TTS_*`` variable.
    A first cell naming several variables is an error: one row per setting."""
    rows = []
    for line in text.splitlines():
        if not line.startswith("|"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        names = re.findall(r"TTS_[A-Z0-9_]+", cells[0])
        if not names:
            continue
        if len(names) != 1 or cells[0] != f"`{names[0]}`" or len(cells) < 3:
            raise AssertionError(f"a row must be `TTS_NAME` | default | meaning, one setting each: {line}")
        rows.append((names[0], cells[1]))
    return rows


def test_every_setting_is_documented_and_nothing_else() -> None:
    documented = [name for name, _ in configuration_rows(CONFIGURATION.read_text("utf-8"))]
    missing = sorted(set(SETTINGS) - set(documented))
    unknown = sorted(set(documented) - set(SETTINGS))
    twice = sorted({name for name in documented if documented.count(name) > 1})
    problems = [f"{what}: {', '.join(names)}" for what, names in (
        ("settings of Settings missing from docs/configuration.md", missing),
        ("documented in docs/configuration.md but not a field of Settings", unknown),
        ("documented in docs/configuration.md more than once", twice)) if names]
    assert not problems, "; ".join(problems)


def documented_value(cell: str, default: Any) -> Any:
    """What a default cell says, read as the type of ``default``; None for "(none...)" or
    "(... explanation ...)", the way an empty or unset default is written."""
    if cell.startswith("("):
        return None
    literal = re.match(r"`([^`]*)`", cell)
    if literal is None:
        raise AssertionError(f"a default must be `value` or (explanation), not {cell!r}")
    raw = literal.group(1)
    if isinstance(default, bool):
        words = {"true": True, "1": True, "yes": True, "on": True,
                 "false": False, "0": False, "no": False, "off": False}
        if raw.lower() not in words:
            raise AssertionError(f"{raw!r} is not a yes/no value")
        return words[raw.lower()]
    if isinstance(default, int):
        return int(raw.replace(",", "").replace("_", ""))
    if isinstance(default, float):
        return float(raw.replace(",", "").replace("_", ""))
    if isinstance(default, Path):
        return Path(raw)
    return raw


def plain_default(field: dataclasses.Field[Any]) -> Any:
    """The field's default, with empty and unset both as None."""
    default = field.default
    return None if default is None or default == "" else default


@pytest.mark.parametrize("name,cell", configuration_rows(CONFIGURATION.read_text("utf-8")))
def test_documented_default_is_the_real_one(name: str, cell: str) -> None:
    if name not in SETTINGS:
        pytest.fail(f"{name} is not a setting (see test_every_setting_is_documented_and_nothing_else)")
    field = SETTINGS[name]
    real = plain_default(field)
    said = documented_value(cell, field.default)
    if real is None:
        assert said is None, f"{name} has no default (empty), but the docs give {cell!r}: write (none) or (explanation)"
    else:
        assert said is not None, f"{name}'s default is {real!r}, but the docs say {cell!r}"
        assert type(said) is type(real) and said == real, \
            f"{name}'s default is {real!r}, but the docs say {cell!r}"


@pytest.mark.parametrize("cell,default,expected", [
    ("`200,000`", 200_000, 200_000),
    ("`200_000` (two hundred thousand)", 200_000, 200_000),
    ("`1.0`", 1.0, 1.0),
    ("`true`", True, True),
    ("`0`", False, False),
    ("`audio_cache`", Path("audio_cache"), Path("audio_cache")),
    ("`INFO`", "INFO", "INFO"),
    ("(none)", "", None),
    ("(none: the backend's default voice)", "", None),
])
def test_default_cells_are_read_as_their_type(cell: str, default: Any, expected: Any) -> None:
    said = documented_value(cell, default)
    assert said == expected and type(said) is type(expected)


@pytest.mark.parametrize("cell,default", [
    ("200000", 200_000),  # a value must be in backticks
    ("`maybe`", True),  # not a yes/no value
    ("`ten`", 10),
])
def test_malformed_default_cells_fail(cell: str, default: Any) -> None:
    with pytest.raises((AssertionError, ValueError)):
        documented_value(cell, default)


def test_a_row_naming_two_settings_fails() -> None:
    with pytest.raises(AssertionError, match="one setting each"):
        configuration_rows("| `TTS_READ_FAQ`, `TTS_READ_BYLINES` | `1`, `0` | both |")


# -- links ----------------------------------------------------------------------------------------
def markdown_files() -> list[Path]:
    return [README, *sorted(DOCS.glob("*.md"))]


def without_code_blocks(text: str) -> str:
    return re.sub(r"^[ \t]*(```|~~~).*?^[ \t]*\1[^\n]*$", "", text, flags=re.MULTILINE | re.DOTALL)


def prose(text: str) -> str:
    """The text without fenced code blocks and inline code, where brackets are not links."""
    return re.sub(r"`[^`\n]*`", "", without_code_blocks(text))


def links(text: str) -> list[str]:
    """Targets of inline links ``[text](target)`` and reference definitions ``[label]: target``."""
    body = prose(text)
    inline = re.findall(r"\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)", body)
    references = re.findall(r"^\s{0,3}\[[^\]\n]+\]:\s*<?(\S+?)>?(?:\s|$)", body, flags=re.MULTILINE)
    return inline + references


def is_relative(target: str) -> bool:
    return re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) is None and not target.startswith("//")


def heading_anchors(text: str) -> set[str]:
    """GitHub's anchors for the headings of a Markdown file: lowercase, punctuation dropped,
    spaces to hyphens, repeats numbered."""
    anchors: set[str] = set()
    for title in re.findall(r"^#{1,6}\s+(.+?)\s*#*\s*$", without_code_blocks(text), flags=re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", title.strip().lower()).replace(" ", "-")
        anchor, n = slug, 0
        while anchor in anchors:
            n += 1
            anchor = f"{slug}-{n}"
        anchors.add(anchor)
    return anchors


def broken_links(path: Path) -> list[str]:
    """The relative links of one file whose file, or heading within it, does not exist."""
    broken = []
    for target in links(path.read_text("utf-8")):
        if not is_relative(target):
            continue
        file_part, _, anchor = target.partition("#")
        where = (path.parent / file_part).resolve() if file_part else path
        if not where.exists():
            broken.append(f"{target} (no such file)")
        elif anchor and where.suffix == ".md" and anchor not in heading_anchors(where.read_text("utf-8")):
            broken.append(f"{target} (no such heading in {where.name})")
    return broken


@pytest.mark.parametrize("path", markdown_files(), ids=lambda path: path.relative_to(ROOT).as_posix())
def test_relative_links_point_at_files_that_exist(path: Path) -> None:
    broken = broken_links(path)
    assert not broken, f"{path.relative_to(ROOT)} has broken links: " + "; ".join(broken)


def test_links_are_found_and_code_is_not_read_as_links() -> None:
    text = ("See [the API](docs/api.md#errors), [site](https://example.com) and [ref].\n\n"
            "[ref]: docs/player.md\n\n```\nKyiv = [[kˈiːv]](x)\n```\nand `[a](b)` inline.\n"
            "- a list\n\n  ```python\n  x[0](1)\n  ```\n")
    assert links(text) == ["docs/api.md#errors", "https://example.com", "docs/player.md"]
    assert [target for target in links(text) if is_relative(target)] == ["docs/api.md#errors",
                                                                           "docs/player.md"]


def test_heading_anchors_follow_github() -> None:
    text = ("# Keys and limits\n## What the voice says\n## schema.org\n## Scaling out\n## Scaling out\n"
            "## `tts-service watch`\n```\n# a comment, not a heading\n```\n")
    assert heading_anchors(text) == {"keys-and-limits", "what-the-voice-says", "schemaorg",
                                     "scaling-out", "scaling-out-1", "tts-service-watch"}


def test_a_broken_link_is_reported(tmp_path: Path) -> None:
    (tmp_path / "there.md").write_text("# Here\n", "utf-8")
    page = tmp_path / "page.md"
    page.write_text("[a](there.md#here) [b](missing.md) [c](there.md#nowhere) [d](#top)\n# Top\n", "utf-8")
    assert broken_links(page) == ["missing.md (no such file)", "there.md#nowhere (no such heading in there.md)"]


# -- "What each part is tested by" tables -----------------------------------------------------------
TESTED_BY = "What each part is tested by"


def names_in_tested_by(text: str) -> list[tuple[str, str]]:
    """(test file, test name) of every ``X::name`` in a page's "What each part is tested by" section,
    where the section's legend says which file each letter is (`` `X`: [`path`](...)``)."""
    start = text.find(TESTED_BY)
    if start < 0:
        return []
    section = text[start:]
    ends = [m.start() for m in re.finditer(r"^#{1,3} ", section, re.MULTILINE)]
    section = section[:ends[0]] if ends else section
    legend = dict(re.findall(r"`([A-Z])`:\s*\[`(tests/[^`]+\.py)`\]", section))
    found = []
    for letter, name in re.findall(r"\b([A-Z])::(\w+)", section):
        if letter not in legend:
            raise AssertionError(f"{letter}::{name}: the legend names no file for {letter}")
        found.append((legend[letter], name))
    return found


@pytest.mark.parametrize("path", [path for path in DOCS.glob("*.md") if TESTED_BY in path.read_text("utf-8")],
                         ids=lambda path: path.name)
def test_every_test_a_tested_by_table_names_exists(path: Path) -> None:
    names = names_in_tested_by(path.read_text("utf-8"))
    assert names, f"{path.name}: its '{TESTED_BY}' section names no test"
    missing = [f"{file}::{name}" for file, name in names
               if not re.search(rf"^(?:async )?def test_{name}\(", (ROOT / file).read_text("utf-8"), re.MULTILINE)]
    assert not missing, f"{path.name} names tests that do not exist: {', '.join(missing)}"


def test_a_tested_by_table_is_read_through_its_legend() -> None:
    text = ("## What each part is tested by\n`W`: [`tests/a.py`](../tests/a.py), `H`:\n"
            "[`tests/b.py`](../tests/b.py)\n| x | W::one, H::two |\n## Next\n| y | W::not_this |\n")
    assert names_in_tested_by(text) == [("tests/a.py", "one"), ("tests/b.py", "two")]
    with pytest.raises(AssertionError, match="legend"):
        names_in_tested_by("## What each part is tested by\n| x | Q::three |\n")


# -- the README -----------------------------------------------------------------------------------
def test_readme_is_short() -> None:
    lines = README.read_text("utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, \
        f"README.md has {len(lines)} lines; keep it to {README_MAX_LINES} and move reference to docs/"


def test_readme_links_every_docs_page() -> None:
    linked = {Path(target.partition("#")[0]).name for target in links(README.read_text("utf-8"))
              if is_relative(target) and target.startswith("docs/")}
    pages = {path.name for path in DOCS.glob("*.md")}
    assert pages, "docs/ holds no pages"
    assert not pages - linked, f"README.md does not link these docs pages: {', '.join(sorted(pages - linked))}"
