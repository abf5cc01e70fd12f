"""Benchmark the spoken-command recogniser on a corpus from make_corpus.py.

    python benchmarks/bench_recognition.py CORPUS_DIR [--split tune|heldout|all] [--sweep]
    python benchmarks/bench_recognition.py CORPUS_DIR --engine vosk --model-path FOLDER

Per condition: command accuracy (right command id), argument accuracy (right id and numbers,
over commands that take a number), false-accept rate on distractors, and latency from the end
of the audio (the whole clip handed over) to the result, median and 95th percentile.
Clips are decoded once with rejection thresholds open; the policy is then applied to the
recorded evidence, so `--sweep` can compare thresholds (tune on the "tune" split only).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from voicecoach.adapters.wavfile import read_audio
from voicecoach.audio import AudioClip
from voicecoach.commands import Command, CommandId
from voicecoach.config.model import RecognizerConfig, RecognizerEngine
from voicecoach.errors import RecognizerError
from voicecoach.adapters.recognizers.engines import build_recognizer
from voicecoach.language.grammar import default_grammar
from voicecoach.listening.rejection import Evidence, RejectionPolicy, judge
from voicecoach.adapters.recognizers.pocketsphinx.recognizer import DecoderSettings, SphinxRecognizer

OPEN = RejectionPolicy(max_speech_seconds=float("inf"), max_score_gap=1e9)  # phone loop runs, never rejects


@dataclass(frozen=True)
class Outcome:
    """One decoded clip: what was expected, what was heard, how long it took."""

    item: dict
    text: str
    command: str | None
    args: dict
    speech_seconds: float
    score_gap: float | None
    latency: float
    confidence: float | None = None


def decode_all(
    corpus: Path,
    split: str,
    limit: int | None,
    voices: str | None = None,
    phone_loop: bool = False,
    conditions: str | None = None,
    garbage: bool = True,
    strict: bool = False,
    wrapped_weight: float | None = RejectionPolicy().wrapped_weight,
    accents: bool = True,
    max_wrapped_seconds: float = RejectionPolicy().max_wrapped_seconds,
    options: dict[str, Any] | None = None,
    engine: RecognizerConfig = RecognizerConfig(),
    wake_word: str | None = None,
) -> list[Outcome]:
    """Decode every clip of `split` with rejection thresholds open (the garbage loop stays).
    pocketsphinx takes the settings above; another `engine` is built as the config would."""
    policy = OPEN if phone_loop else replace(OPEN, max_score_gap=float("inf"), measure_score_gap=False)
    policy = replace(policy, wrapped_weight=wrapped_weight, max_wrapped_seconds=max_wrapped_seconds)
    grammar = default_grammar().with_wake_word(wake_word) if wake_word else default_grammar()
    if engine.engine is RecognizerEngine.POCKETSPHINX:
        recognizer = SphinxRecognizer(
            grammar,
            policy=policy if garbage else replace(policy, garbage_weight=None),
            settings=DecoderSettings(model_dir=engine.model_path, accent_variants=accents, options=options or {}),
        )
    else:
        recognizer = build_recognizer(engine, grammar)  # rejects with min_confidence 0; --min-confidence applies after
    items = [json.loads(line) for line in (corpus / "manifest.jsonl").read_text().splitlines()]
    items = [i for i in items if split == "all" or i["split"] == split]
    items = [i for i in items if voices is None or i["voice"] in voices.split(",")]
    items = [i for i in items if conditions is None or i["condition"] in conditions.split(",")][:limit]
    stale = [i for i in items if i["kind"] == "command" and grammar.match(i["text"]) is None]
    if stale:  # the corpus predates a grammar change: those prompts are no longer phrasings
        print(f"skipping {len(stale)} command clips whose text is no longer a phrasing; regenerate the corpus")
        items = [i for i in items if i not in stale]
    outcomes = []
    for item in items:
        clip: AudioClip = read_audio(corpus / item["file"])
        start = time.perf_counter()
        result = recognizer.recognize(clip, strict=True) if strict else recognizer.recognize(clip)
        latency = time.perf_counter() - start
        command = result.command
        outcomes.append(
            Outcome(item, result.text, command.id.value if command else None, dict(command.args) if command else {},
                    result.speech_seconds, result.score_gap, latency, result.confidence)
        )
    return outcomes


def decided(outcome: Outcome, policy: RejectionPolicy) -> tuple[str | None, dict]:
    """The command the policy would accept for this outcome."""
    command = Command(CommandId(outcome.command), outcome.args) if outcome.command else None
    evidence = Evidence(outcome.text, command, outcome.speech_seconds, outcome.score_gap, outcome.confidence)
    verdict = judge(policy, evidence)
    return (None, {}) if verdict else (outcome.command, outcome.args)


def table(outcomes: list[Outcome], policy: RejectionPolicy) -> list[dict]:
    """One row of metrics per condition, plus an 'all' row."""
    rows = []
    conditions = sorted({o.item["condition"] for o in outcomes}) + ["all"]
    for condition in conditions:
        chosen = [o for o in outcomes if condition in ("all", o.item["condition"])]
        commands = [o for o in chosen if o.item["kind"] == "command"]
        with_args = [o for o in commands if o.item["args"]]
        distractors = [o for o in chosen if o.item["kind"] != "command"]
        right = [o for o in commands if decided(o, policy)[0] == o.item["command"]]
        args_right = [o for o in with_args if decided(o, policy) == (o.item["command"], o.item["args"])]
        false = [o for o in distractors if decided(o, policy)[0] is not None]
        latencies = sorted(o.latency for o in chosen)
        rows.append({
            "condition": condition,
            "commands": len(commands),
            "accuracy": len(right) / max(1, len(commands)),
            "arg_accuracy": len(args_right) / max(1, len(with_args)),
            "distractors": len(distractors),
            "false_accepts": len(false) / max(1, len(distractors)),
            "latency_median_ms": 1000 * statistics.median(latencies),
            "latency_p95_ms": 1000 * latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))],
        })
    return rows


def markdown(rows: list[dict]) -> str:
    """The rows as a markdown table."""
    lines = ["| condition | commands | accuracy | arg accuracy | distractors | false accepts | latency median | latency p95 |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(
            f"| {r['condition']} | {r['commands']} | {r['accuracy']:.3f} | {r['arg_accuracy']:.3f} | {r['distractors']} "
            f"| {r['false_accepts']:.3f} | {r['latency_median_ms']:.0f} ms | {r['latency_p95_ms']:.0f} ms |"
        )
    return "\n".join(lines)


def sweep(outcomes: list[Outcome]) -> None:
    """Accuracy and false accepts over all conditions for a grid of thresholds."""
    print("| max speech s | max score gap | accuracy | false accepts |\n|---:|---:|---:|---:|")
    for seconds in (2.5, 3.0, 3.5, float("inf")):
        for gap in (0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0, float("inf")):
            row = table(outcomes, RejectionPolicy(seconds, gap))[-1]
            print(f"| {seconds} | {gap} | {row['accuracy']:.3f} | {row['false_accepts']:.3f} |")


def decoder_option(text: str) -> tuple[str, Any]:
    """'ds=2' -> ("ds", 2); a value that is not JSON stays a string."""
    name, _, value = text.partition("=")
    try:
        return name, json.loads(value)
    except json.JSONDecodeError:
        return name, value


def measure(args: argparse.Namespace) -> list[Outcome]:
    """Decode the corpus as the command line asks."""
    return decode_all(
        args.corpus, args.split, args.limit, args.voices, args.phone_loop, args.conditions, not args.no_garbage,
        args.strict, args.wrapped_weight or None, not args.no_accents, args.max_wrapped,
        dict(decoder_option(text) for text in args.option),
        RecognizerConfig(RecognizerEngine(args.engine), args.model_path),
        args.wake_word,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--split", choices=("tune", "heldout", "all"), default="heldout")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--voices", help="comma-separated voices to keep (default: all of the split)")
    parser.add_argument("--sweep", action="store_true", help="print a threshold grid (use on the tune split)")
    parser.add_argument("--phone-loop", action="store_true", help="also run the phone-loop decoder (for --sweep)")
    parser.add_argument("--conditions", help="comma-separated conditions to keep (default: all)")
    parser.add_argument("--no-garbage", action="store_true", help="decode without the everyday-word loop")
    parser.add_argument("--strict", action="store_true", help="decode as while the program speaks (score gap measured)")
    parser.add_argument("--dump", type=Path, help="write per-clip outcomes as JSON lines")
    parser.add_argument("--max-speech", type=float, default=RejectionPolicy().max_speech_seconds)
    parser.add_argument("--max-gap", type=float, default=RejectionPolicy().max_score_gap)
    parser.add_argument("--wrapped-weight", type=float, default=RejectionPolicy().wrapped_weight,
                        help="weight of a command followed by an everyday word; 0 for none")
    parser.add_argument("--max-wrapped", type=float, default=RejectionPolicy().max_wrapped_seconds,
                        help="longest everyday word forgiven after a command, in seconds")
    parser.add_argument("--option", action="append", default=[], metavar="NAME=VALUE",
                        help="extra pocketsphinx option, e.g. ds=2 (repeatable; values read as JSON)")
    parser.add_argument("--no-accents", action="store_true", help="only the dictionary's own pronunciations")
    parser.add_argument("--engine", choices=[e.value for e in RecognizerEngine], default="pocketsphinx",
                        help="recogniser to measure; vosk and whisper need --model-path")
    parser.add_argument("--model-path", help="model folder, as recognizer.model_path in the config")
    parser.add_argument("--min-confidence", type=float, default=RejectionPolicy().min_confidence,
                        help="least word confidence for vosk and whisper (0 to 1)")
    parser.add_argument("--wake-word", help="commands must start with this word (corpus made with the same --wake-word)")
    args = parser.parse_args()
    try:
        outcomes = measure(args)
    except RecognizerError as error:
        print(f"bench_recognition: {error}", file=sys.stderr)
        return 2
    if args.dump:
        args.dump.write_text("".join(json.dumps(o.__dict__) + "\n" for o in outcomes))
    if args.sweep:
        sweep(outcomes)
    policy = replace(
        RejectionPolicy(),
        max_speech_seconds=args.max_speech,
        max_score_gap=args.max_gap,
        garbage_weight=None if args.no_garbage else RejectionPolicy().garbage_weight,
        wrapped_weight=args.wrapped_weight or None,
        max_wrapped_seconds=args.max_wrapped,
        min_confidence=args.min_confidence,
    )
    print(f"\nsplit={args.split} policy={policy}\n")
    print(markdown(table(outcomes, policy)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
