"""What the ONNX session's threading costs the first segment: the default voice loaded four ways
(one or two intra-op threads, idle threads spinning or sleeping) speaks the same first sentence,
alternating rounds, and each is printed as a ratio to the service's own setting (the cores'
default thread count, idle threads asleep: ``piper_backend._load_voice``).

    .venv/bin/python bench/bench_piper_session.py [--rounds 10] [--quick] [--results bench/RESULTS.md]

Run it twice, on a quiet machine and with other work on both cores: a setting is worth taking
only if it wins at both loads (issue 25: the first segment's synthesis is the new article's wait).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

TEXT = "Millbrook votes to float a solar farm on its drinking-water reservoir, officials said"
SETTINGS = {  # name -> (intra-op threads, 0 for one per core; idle threads spin)
    "service (cores' threads, asleep when idle)": (0, False),
    "cores' threads, spinning": (0, True),
    "one thread, asleep when idle": (1, False),
    "one thread, spinning": (1, True),
}


def _voice(threads: int, spinning: bool) -> Any:
    import onnxruntime
    from piper import PiperVoice
    from piper.config import PiperConfig

    from tts_service.voice import piper_backend

    files = piper_backend.resolve_voice("en_US-joe-medium", None)
    options = onnxruntime.SessionOptions()
    options.add_session_config_entry("session.intra_op.allow_spinning", "1" if spinning else "0")
    if threads:
        options.intra_op_num_threads, options.inter_op_num_threads = threads, 1
    session = onnxruntime.InferenceSession(piper_backend._model_with_alignments(files.model),
                                           sess_options=options, providers=["CPUExecutionProvider"])
    return PiperVoice(session=session, config=PiperConfig.from_dict(json.loads(files.config.read_text("utf-8"))))


def main() -> None:
    parser = harness.arguments(__doc__, rounds=10)
    args = harness.parse(parser, quick={"rounds": 1})
    from piper import SynthesisConfig

    config = SynthesisConfig(normalize_audio=False)
    voices = {name: _voice(*setting) for name, setting in SETTINGS.items()}
    for voice in voices.values():  # warm: the first run of a session allocates its arenas
        list(voice.synthesize(TEXT, config))
    load_before = os.getloadavg()[0]
    runs = harness.alternating({name: (lambda v=voice: harness.timed(lambda: list(v.synthesize(TEXT, config))))
                                for name, voice in voices.items()}, args.rounds)
    service = next(iter(SETTINGS))
    rows = ["| session | median s | ratio to the service's |", "|---|---|---|"]
    rows += [f"| {name} | {statistics.median(spent):.3f} | {harness.ratio(spent, runs[service]):.2f} |"
             for name, spent in runs.items()]
    rows += ["", f"- the same {len(TEXT)}-character sentence, {args.rounds} alternating rounds; load average "
                 f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after, {os.cpu_count()} cores; "
                 f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"]
    harness.report("bench_piper_session.py: the ONNX session's threads and the first segment (issue #25)",
                   "\n".join(rows), args.results)


if __name__ == "__main__":
    main()
