"""Benchmark the spoken-command recognisers on a corpus from make_corpus.py.

    python benchmarks/bench_recognition.py CORPUS_DIR [--split heldout] [--engine whisper|pocketsphinx|vosk]
    python benchmarks/bench_recognition.py CORPUS_DIR --engine whisper --engine pocketsphinx   (one process each)
    python benchmarks/bench_recognition.py --tables-from A.jsonl B.jsonl   (the table of runs dumped with --dump)
    python benchmarks/bench_recognition.py --tables-from A.jsonl --light-phrasings   (only what pocketsphinx listens for)

Per condition: command accuracy (right command id), argument accuracy (right id and numbers,
over commands that take one), false-accept rate on distractors and non-speech, and latency
from the whole clip handed over to the result (as `voicecoach hear` does), median and 95th
percentile; then the process's peak RSS. Each engine is built exactly as the config would
(`build_recognizer`) and measured in a process of its own, so that the RSS is its own.
The decision thresholds are the engines' shipped ones; tune on the "tune" split only, never on
the held-out voices, and never on audio from other speech engines.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from voicecoach.adapters.audiofile import read_clip
from voicecoach.adapters.recognizers.engines import build_recognizer
from voicecoach.config.model import RecognizerConfig, RecognizerEngine
from voicecoach.language.grammar import default_grammar


@dataclass(frozen=True)
class Outcome:
    """One decoded clip: what was expected, what was heard, how long it took."""

    item: dict
    text: str
    command: str | None
    args: dict
    sureness: float | None
    latency: float


def decode_all(corpus: Path, split: str, engine: RecognizerConfig, limit: int | None = None,
               voices: str | None = None, conditions: str | None = None, wake_word: str | None = None) -> list[Outcome]:
    """Decode every clip of `split` with `engine`."""
    grammar = default_grammar().with_wake_word(wake_word) if wake_word else default_grammar()
    recognizer = build_recognizer(engine, grammar).recognizer
    items = [json.loads(line) for line in (corpus / "manifest.jsonl").read_text().splitlines()]
    items = [i for i in items if split == "all" or i["split"] == split]
    items = [i for i in items if voices is None or i["voice"] in voices.split(",")]
    items = [i for i in items if conditions is None or i["condition"] in conditions.split(",")][:limit]
    stale = [i for i in items if i["kind"] == "command" and grammar.match(i["text"]) is None]
    if stale:  # the corpus predates a change of the language: those prompts are no longer phrasings
        print(f"skipping {len(stale)} command clips whose text is no longer a phrasing; regenerate the corpus")
        items = [i for i in items if i not in stale]
    outcomes = []
    for item in items:
        clip = read_clip(corpus / item["file"])
        start = time.perf_counter()
        result = recognizer.recognize(clip)
        latency = time.perf_counter() - start
        command = result.command
        outcomes.append(Outcome(item, result.text, command.id.value if command else None,
                                dict(command.args) if command else {}, result.sureness, latency))
    return outcomes


def in_light_phrasings(outcomes: list[Outcome]) -> list[Outcome]:
    """The distractors, and the command clips whose text the light grammar (a few plain
    phrasings per command, what pocketsphinx listens for) accepts."""
    light = default_grammar().light()
    return [o for o in outcomes if o.item["kind"] != "command" or light.match(o.item["text"]) is not None]


def table(outcomes: list[Outcome]) -> list[dict]:
    """One row of metrics per condition, plus an 'all' row."""
    rows = []
    for condition in sorted({o.item["condition"] for o in outcomes}) + ["all"]:
        chosen = [o for o in outcomes if condition in ("all", o.item["condition"])]
        commands = [o for o in chosen if o.item["kind"] == "command"]
        with_args = [o for o in commands if o.item["args"]]
        distractors = [o for o in chosen if o.item["kind"] != "command"]
        latencies = sorted(o.latency for o in chosen)
        rows.append({
            "condition": condition,
            "commands": len(commands),
            "accuracy": sum(o.command == o.item["command"] for o in commands) / max(1, len(commands)),
            "arg_accuracy": sum(o.command == o.item["command"] and o.args == o.item["args"] for o in with_args)
            / max(1, len(with_args)),
            "distractors": len(distractors),
            "false_accepts": sum(o.command is not None for o in distractors) / max(1, len(distractors)),
            "latency_median_ms": 1000 * statistics.median(latencies),
            "latency_p95_ms": 1000 * latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))],
        })
    return rows


def markdown(rows: list[dict], engine: str) -> str:
    """The rows as a markdown table."""
    lines = [f"| {engine}: condition | commands | accuracy | arg accuracy | distractors | false accepts | latency median | latency p95 |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(
            f"| {r['condition']} | {r['commands']} | {r['accuracy']:.3f} | {r['arg_accuracy']:.3f} | {r['distractors']} "
            f"| {r['false_accepts']:.3f} | {r['latency_median_ms']:.0f} ms | {r['latency_p95_ms']:.0f} ms |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, nargs="?")
    parser.add_argument("--split", choices=("tune", "heldout", "all"), default="heldout")
    parser.add_argument("--engine", action="append", choices=[e.value for e in RecognizerEngine],
                        help="recogniser to measure (repeat for several, each in its own process; default whisper)")
    parser.add_argument("--model-path", help="model folder, as recognizer.model_path in the config")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--voices", help="comma-separated voices to keep (default: all of the split)")
    parser.add_argument("--conditions", help="comma-separated conditions to keep (default: all)")
    parser.add_argument("--wake-word", help="commands must start with this word (corpus made with the same --wake-word)")
    parser.add_argument("--dump", type=Path, help="write per-clip outcomes as JSON lines")
    parser.add_argument("--tables-from", type=Path, nargs="+", metavar="DUMP",
                        help="print the table of outcomes dumped earlier (e.g. one run per voice, run side by side)")
    parser.add_argument("--light-phrasings", action="store_true",
                        help="with --tables-from: count only the command clips said in a phrasing of the light grammar "
                             "(what pocketsphinx listens for); distractors are all kept")
    args = parser.parse_args()
    if args.tables_from:
        outcomes = [Outcome(**json.loads(line)) for dump in args.tables_from for line in dump.read_text().splitlines()]
        if args.light_phrasings:
            outcomes = in_light_phrasings(outcomes)
        print(f"\n{len(outcomes)} clips from {len(args.tables_from)} dumps\n")
        print(markdown(table(outcomes), args.engine[0] if args.engine else "engine"))
        return 0
    if args.corpus is None:
        parser.error("name a corpus folder (or --tables-from dumps)")
    engines = args.engine or ["whisper"]
    if len(engines) > 1:  # one process per engine, so that each peak RSS is the engine's own
        passed = [a for a in sys.argv[1:] if a not in engines and a != "--engine"]
        return max(subprocess.call([sys.executable, __file__, *passed, "--engine", engine]) for engine in engines)
    engine = RecognizerConfig(RecognizerEngine(engines[0]), args.model_path)
    outcomes = decode_all(args.corpus, args.split, engine, args.limit, args.voices, args.conditions, args.wake_word)
    if args.dump:
        args.dump.write_text("".join(json.dumps(asdict(o)) + "\n" for o in outcomes))
    print(f"\nsplit={args.split}, {len(outcomes)} clips\n")
    print(markdown(table(outcomes), engines[0]))
    print(f"\npeak RSS of this process ({engines[0]}): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
