"""The suite keeps itself honest: test modules are not libraries, no assertion is a constant, and
no test sleeps to let something happen.

What tests share lives in support modules (support.py, waiting.py, http_support.py,
web/browser_support.py, ...): a test module imported by another runs its tests twice and ties the
two files' fixtures together. An ``assert`` of a constant, of ``x or True``, or of a module-level
CONSTANT name can never fail. A test that sleeps bets on how fast the machine is: it waits for a
state instead (``waiting.wait_until``), with a deadline that only stops a hang.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
SOURCES = sorted(TESTS.rglob("*.py"))
TEST_MODULES = {path.stem for path in SOURCES if path.name.startswith("test_")}


def imported_modules(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, module) for every import in ``tree``, at any depth (a function's own too)."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.ImportFrom):  # from . import test_x
            found += [(node.lineno, alias.name) for alias in node.names]
    return found


def imported_test_modules(name: str) -> list[str]:
    """The test modules that the file ``name`` (relative to tests/) imports, as "line: module"."""
    tree = ast.parse((TESTS / name).read_text("utf-8"))
    return [f"{line}: {module}" for line, module in imported_modules(tree)
            if module.rsplit(".", 1)[-1] in TEST_MODULES]


def cannot_fail(test: ast.expr) -> bool:
    """Whether an assertion's test is true whatever the code under test does."""
    if isinstance(test, ast.Constant):
        return bool(test.value)
    if isinstance(test, ast.Name):  # a module's CONSTANT: true once, true forever
        return test.id.isupper()
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or):
        return any(cannot_fail(value) for value in test.values)
    if isinstance(test, (ast.Tuple, ast.List, ast.Set, ast.Dict, ast.JoinedStr)):
        return True  # assert (x, "message"): a non-empty literal is always true
    return False


def vacuous_assertions(name: str) -> list[str]:
    tree = ast.parse((TESTS / name).read_text("utf-8"))
    return [f"{node.lineno}: {ast.unparse(node.test)}" for node in ast.walk(tree)
            if isinstance(node, ast.Assert) and cannot_fail(node.test)]


def sleeps_in_tests(name: str) -> list[str]:
    """``time.sleep`` calls inside test functions (and the functions nested in them)."""
    tree = ast.parse((TESTS / name).read_text("utf-8"))
    found = []
    for test in ast.walk(tree):
        if isinstance(test, ast.FunctionDef) and test.name.startswith("test_"):
            found += [f"{node.lineno}: in {test.name}" for node in ast.walk(test)
                      if isinstance(node, ast.Call) and _is_sleep(node.func)]
    return found


def _is_sleep(func: ast.expr) -> bool:
    if isinstance(func, ast.Attribute):
        return func.attr == "sleep" and isinstance(func.value, ast.Name) and func.value.id == "time"
    return isinstance(func, ast.Name) and func.id == "sleep"


NAMES = [str(path.relative_to(TESTS)) for path in SOURCES]


@pytest.mark.parametrize("name", NAMES)
def test_no_test_module_is_imported_by_another(name: str) -> None:
    assert imported_test_modules(name) == [], (
        f"{name} imports a test module: move what it shares into a support module")


@pytest.mark.parametrize("name", NAMES)
def test_no_assertion_is_true_whatever_happens(name: str) -> None:
    assert vacuous_assertions(name) == []


@pytest.mark.parametrize("name", NAMES)
def test_no_test_sleeps_while_something_happens(name: str) -> None:
    assert sleeps_in_tests(name) == [], "wait for the state with waiting.wait_until"


@pytest.mark.parametrize(("source", "imports_a_test_module", "vacuous"), [
    ("from test_api import wait_ready", True, False),
    ("import test_browser", True, False),
    ("from web.test_access import reader", True, False),
    ("def f():\n    from test_feed import made", True, False),
    ("from support import check_segments\nimport waiting", False, False),
    ("assert PIPELINE_VERSION", False, True),
    ("assert found or True", False, True),
    ("assert (x == 1, 'x is one')", False, True),
    ("assert 'a message'", False, True),
    ("assert x == PIPELINE_VERSION", False, False),
    ("assert not PIPELINE_VERSION", False, False),
    ("assert found and WIDE", False, False),
])
def test_the_checks_see_what_they_look_for(source: str, imports_a_test_module: bool, vacuous: bool) -> None:
    tree = ast.parse(source)
    modules = [module for _, module in imported_modules(tree)]
    assert any(module.rsplit(".", 1)[-1] in TEST_MODULES for module in modules) == imports_a_test_module
    assert any(isinstance(node, ast.Assert) and cannot_fail(node.test)
               for node in ast.walk(tree)) == vacuous


def test_a_sleep_in_a_test_or_a_function_inside_one_is_seen(tmp_path: Path) -> None:
    (tmp_path / "t.py").write_text("import time\nfrom time import sleep\n"
                                   "def test_a():\n    time.sleep(0.2)\n"
                                   "def test_b():\n    def later():\n        sleep(1)\n"
                                   "def helper():\n    time.sleep(0.001)  # a fake's own pace\n")
    assert sleeps_in_tests(str(tmp_path / "t.py")) == ["4: in test_a", "7: in test_b"]


def test_every_file_of_the_suite_is_checked() -> None:
    assert len(NAMES) > 50 and "support.py" in NAMES and "web/browser_support.py" in NAMES
    assert {"test_api", "test_browser", "test_access"} <= TEST_MODULES
