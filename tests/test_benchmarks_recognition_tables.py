"""The recognition benchmark's table: rates per condition, and tables from dumped runs."""

import json
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

from benchmarks.bench_recognition import Outcome, table

ROOT = Path(__file__).resolve().parent.parent


def outcome(condition: str, kind: str, expected: str | None, heard: str | None, latency: float,
            args: dict | None = None, heard_args: dict | None = None) -> Outcome:
    item = {"condition": condition, "kind": kind, "command": expected, "args": args or {}}
    return Outcome(item, "", heard, heard_args or {}, None, latency)


OUTCOMES = [
    outcome("clean", "command", "next", "next", 0.1),
    outcome("clean", "command", "goto_tip", "goto_tip", 0.2, {"n": 3}, {"n": 4}),
    outcome("clean", "distractor", None, None, 0.3),
    outcome("pink10", "command", "pause", None, 0.4),
    outcome("pink10", "distractor", None, "next", 0.5),
]


def test_rates_per_condition_and_overall() -> None:
    rows = {row["condition"]: row for row in table(OUTCOMES)}
    assert rows["clean"]["accuracy"] == 1.0
    assert rows["clean"]["arg_accuracy"] == 0.0  # right command, wrong number
    assert rows["clean"]["false_accepts"] == 0.0
    assert rows["pink10"]["accuracy"] == 0.0
    assert rows["pink10"]["false_accepts"] == 1.0
    assert rows["all"]["commands"] == 3 and rows["all"]["distractors"] == 2
    assert rows["all"]["accuracy"] == 2 / 3
    assert rows["all"]["latency_median_ms"] == 300.0


def test_tables_from_dumps_join_the_runs(tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text("".join(json.dumps(asdict(o)) + "\n" for o in OUTCOMES[:3]))
    second.write_text("".join(json.dumps(asdict(o)) + "\n" for o in OUTCOMES[3:]))
    shown = subprocess.run([sys.executable, "benchmarks/bench_recognition.py", "--engine", "pocketsphinx",
                            "--tables-from", str(first), str(second)],
                           cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "5 clips from 2 dumps" in shown
    assert "| all | 3 | 0.667 | 0.000 | 2 | 0.500 | 300 ms | 500 ms |" in shown
    assert "pocketsphinx: condition" in shown


def test_light_phrasings_keep_distractors_and_what_the_light_grammar_says() -> None:
    from benchmarks.bench_recognition import in_light_phrasings

    plain = Outcome({"condition": "clean", "kind": "command", "text": "next", "command": "next", "args": {}}, "", None, {}, None, 0.1)
    polite = Outcome({"condition": "clean", "kind": "command", "text": "okay could you go on to the next one please",
                      "command": "next", "args": {}}, "", None, {}, None, 0.1)
    talk = Outcome({"condition": "clean", "kind": "distractor", "text": "I think I will make some tea",
                    "command": None, "args": {}}, "", None, {}, None, 0.1)
    assert in_light_phrasings([plain, polite, talk]) == [plain, talk]
