"""Heard right, by class: the share of the development set's cases (``tests/text/spoken_cases.txt``,
``tests/text/cases/`` and, where bench/fetch_data.sh brought the pages, the real news sentences of
``bench/news_en.txt``: see ``news_cases.py``) whose normalized text the default voice says like the expected words,
compared through its own phonemizer as the test does. Also counts false pauses (a case the voice
hears as more than one sentence). ``--mark`` rewrites the known-miss marks (``~``) to match.

  python bench/bench_heard_right.py [--mark] [--show CLASS] [--results bench/RESULTS.md]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "text"))
sys.path.insert(0, str(ROOT / "bench"))
TITLE = "Heard right, seventh pass (issue 19, words7, session 20)"

import harness  # noqa: E402
import news_cases  # noqa: E402
from spoken_support import CASE_FILES, KNOWN_MISS, heard_right, read_cases  # noqa: E402

from tts_service.config import Settings  # noqa: E402
from tts_service.text.words.normalizing import normalize  # noqa: E402
from tts_service.voice.registry import get_backend  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mark", action="store_true", help="rewrite the ~ marks of known misses")
    parser.add_argument("--show", default="", help="print the misses of this class (or 'all')")
    parser.add_argument("--results", type=Path, help="write the table as this bench's section here")
    args = parser.parse_args()
    voice = get_backend(Settings.from_env({}), "piper").piper_voice  # type: ignore[attr-defined]
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    pauses = xfails = 0
    for path in CASE_FILES:
        misses = set()
        for number, kind, written, spoken, _ in read_cases(path):
            ours = normalize(written)
            ok = heard_right(voice, ours, spoken)
            pauses += len(voice.phonemize(ours)) > 1
            group = f"{path.stem}:{kind}"
            total[group] += 1
            right[group] += ok
            if not ok:
                misses.add(number)
                if args.show in (kind, "all", path.stem):
                    print(f"  {path.stem}:{number} {written!r}\n     we {ours!r}\n   want {spoken!r}")
        xfails += len(misses)
        if args.mark:
            lines = path.read_text("utf-8").splitlines()
            for i, line in enumerate(lines, 1):
                if line.strip() and not line.startswith("#"):
                    bare = line.lstrip(KNOWN_MISS)
                    lines[i - 1] = (KNOWN_MISS + bare) if i in misses else bare
            path.write_text("\n".join(lines) + "\n", "utf-8")
    news, missing = news_cases.read_news_cases()
    for case in news:
        ours = normalize(case.written)
        ok = heard_right(voice, ours, case.spoken)
        pauses += len(voice.phonemize(ours)) > 1
        total[f"news_en:{case.kind}"] += 1
        right[f"news_en:{case.kind}"] += ok
        if not ok and args.show in (case.kind, "all", "news_en"):
            print(f"  news_en:{case.line} {case.written!r}\n     we {ours!r}\n   want {case.spoken!r}")
    if missing:
        print(f"news_en: {len(missing)} sentences not in bench/data (run bench/fetch_data.sh)")
    report = _report(right, total, pauses, xfails)
    print(report)
    if args.results:
        harness.write_section(args.results, TITLE, report)


def _report(right: Counter[str], total: Counter[str], pauses: int, xfails: int) -> str:
    lines = ["| class | cases | heard right |", "|---|---|---|"]
    lines += [f"| {group} | {total[group]} | {right[group] / total[group]:.2f} |" for group in sorted(total)]
    for source in sorted({group.split(":")[0] for group in total}):
        cases = sum(n for group, n in total.items() if group.startswith(source + ":"))
        heard_ok = sum(n for group, n in right.items() if group.startswith(source + ":"))
        lines.append(f"| {source} (all) | {cases} | {heard_ok / cases:.3f} |")
    lines.append(f"| all | {sum(total.values())} | {sum(right.values()) / sum(total.values()):.3f} |")
    lines.append(f"\nfalse pauses (cases heard as more than one sentence): {pauses}; "
                 f"misses (marked ~ by --mark: strict xfails): {xfails}")
    return "\n".join(lines)

if __name__ == "__main__":
    main()
