"""Generate the spoken-command development corpus (not committed): WAVs plus manifest.jsonl.

    python benchmarks/make_corpus.py OUT_DIR [--phrasings 2] [--seed 7]

Every spoken command is rendered in several phrasings by several espeak-ng voices at random
speeds and pitches, then mixed into each listening condition (a noise floor is always present).
Distractors (content-style sentences, casual talk, near-misses, noise only) are rendered the
same way. Voices in HELD_OUT are for the final benchmark only: tune on the others.
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import zlib
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import soundfile

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus_text import DISTRACTORS  # noqa: E402

from voicecoach.commands import ARGUMENT_OF, CommandId  # noqa: E402
from voicecoach.language.grammar import default_grammar  # noqa: E402
from noise import NOISES, mix, pad, reverb, speech_rms  # noqa: E402

TUNE_VOICES = ("en", "en-us", "en-gb-x-rp", "en-us+f3")
HELD_OUT_VOICES = ("en-gb-scotland", "en-029+f2")


@dataclass(frozen=True)
class Condition:
    """A listening condition: noise colour, SNR in dB, optional reverb time in seconds."""

    name: str
    noise: str
    snr_db: float
    rt60: float = 0.0


CONDITIONS = (
    Condition("clean", "pink", 35.0),
    Condition("pink20", "pink", 20.0),
    Condition("brown20", "brown", 20.0),
    Condition("pink10", "pink", 10.0),
    Condition("brown10", "brown", 10.0),
    Condition("pink5", "pink", 5.0),
    Condition("reverb20", "pink", 20.0, rt60=0.4),
)


@dataclass(frozen=True)
class Item:
    """One line of the manifest."""

    file: str
    kind: str  # "command" or a distractor group
    text: str
    command: str | None
    args: dict[str, int]
    voice: str
    speed: int
    pitch: int
    condition: str
    noise: str
    snr_db: float
    rt60: float
    split: str  # "tune" or "heldout"


def render(text: str, voice: str, speed: int, pitch: int) -> tuple[np.ndarray, int]:
    """espeak-ng's rendering of `text` as float samples and their rate."""
    wav = subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "--stdout", text],
        capture_output=True,
        check=True,
    ).stdout
    samples, rate = soundfile.read(io.BytesIO(wav), dtype="float32")
    return samples, rate


def place(samples: np.ndarray, rate: int, condition: Condition, rng: np.random.Generator) -> np.ndarray:
    """Pad, add reverb if asked, and mix with the condition's noise."""
    level = speech_rms(samples, rate) if len(samples) else 0.05
    padded = pad(samples, rate, rng.uniform(0.3, 0.7), rng.uniform(0.3, 0.7))
    if condition.rt60:
        padded = reverb(padded, rate, condition.rt60, rng)
    noise = NOISES[condition.noise](len(padded), rng)
    return mix(padded, noise, condition.snr_db, level)


def command_prompts(phrasings: int, rng: np.random.Generator) -> list[tuple[str, str, dict[str, int]]]:
    """(text, command id, args) for a few random phrasings of each spoken command."""
    grammar = default_grammar()
    prompts = []
    for command in CommandId:
        if command == CommandId.TOGGLE_PAUSE:
            continue
        argument = ARGUMENT_OF.get(command)
        templates = grammar.phrases(command, sample_values=[0])
        for template in rng.choice(templates, size=min(phrasings, len(templates)), replace=False):
            args: dict[str, int] = {}
            text = str(template)
            if argument:
                value = int(rng.choice(grammar.slots[argument].values))
                args = {argument: value}
                text = grammar.phrases(command, [value])[templates.index(template)]
            prompts.append((text, command.value, args))
    return prompts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--phrasings", type=int, default=2, help="phrasings per command (default 2)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--conditions", default=",".join(c.name for c in CONDITIONS))
    parser.add_argument("--wake-word", help="say this word before every command ('coach, next tip')")
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    wanted = [c for c in CONDITIONS if c.name in args.conditions.split(",")]
    args.out_dir.mkdir(parents=True, exist_ok=True)
    prompts = [(text, "command", cid, a) for text, cid, a in command_prompts(args.phrasings, rng)]
    if args.wake_word:
        prompts = [(f"{args.wake_word}, {text}", kind, cid, a) for text, kind, cid, a in prompts]
    prompts += [(text, kind, None, {}) for kind, texts in DISTRACTORS.items() for text in texts]
    prompts += [("", "noise_only", None, {})] * 2
    items: list[Item] = []
    for voice in TUNE_VOICES + HELD_OUT_VOICES:
        split = "heldout" if voice in HELD_OUT_VOICES else "tune"
        for index, (text, kind, command, cargs) in enumerate(prompts):
            speed, pitch = int(rng.integers(140, 190)), int(rng.integers(30, 70))
            if text:
                samples, rate = render(text, voice, speed, pitch)
            else:
                samples, rate = np.zeros(int(rng.uniform(0.8, 2.0) * 22050), np.float32), 22050
            for condition in wanted:
                name = f"{split}/{condition.name}/{voice.replace('+', '_')}-{index:03d}.wav"
                seed = zlib.crc32(name.encode())
                mixed = place(samples, rate, condition, np.random.default_rng(seed))
                path = args.out_dir / name
                path.parent.mkdir(parents=True, exist_ok=True)
                soundfile.write(str(path), mixed, rate, subtype="PCM_16")
                items.append(
                    Item(name, kind, text, command, cargs, voice, speed, pitch, condition.name,
                         condition.noise, condition.snr_db, condition.rt60, split)
                )
    with open(args.out_dir / "manifest.jsonl", "w", encoding="utf-8") as manifest:
        for item in items:
            manifest.write(json.dumps(asdict(item)) + "\n")
    print(f"wrote {len(items)} clips to {args.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
