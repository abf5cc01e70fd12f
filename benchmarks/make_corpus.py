"""Generate the spoken-command development corpus (not committed): WAVs plus manifest.jsonl.

    python benchmarks/make_corpus.py OUT_DIR [--phrasings 4] [--seed 7] [--split tune|heldout|all]

Every spoken command is rendered in several phrasings of the command language (numbers 1-99,
spoken durations, sometimes with polite words around it: "okay, next please") by espeak-ng
voices and variants at random speeds and pitches, then placed in each listening condition (a
noise floor is always present): clean, pink and brown noise at 10 dB, a reverberant room, and
the tempo 10 % slower and faster. Distractors (content-style sentences, bedside talk, talk
that starts with a command word, near-misses) are rendered the same way, and non-speech
(noise alone, breathing and snoring-like sounds, a cough) is generated. Voices in
HELD_OUT_VOICES are for the final figures only: tune on the others. Only espeak-ng makes
speech here; an outside evaluation uses other engines, which must never be tuned on.
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
from noise import NOISES, mix, pad, reverb, speech_rms  # noqa: E402

from voicecoach.commands import CommandId  # noqa: E402
from voicecoach.language.grammar import CoreSentence, Grammar, default_grammar  # noqa: E402
from voicecoach.language.templates import Slot, expand  # noqa: E402

TUNE_VOICES = (
    "en-us+m3", "en+f2", "en-gb-x-rp+m1", "en-gb-x-gbclan+f3",
    "en-us-nyc+m5", "en-029+m2", "en+klatt2", "en-us+Annie",
)
HELD_OUT_VOICES = ("en-gb-scotland+f4", "en-gb-x-gbcwmd+m7", "en-us+Michael", "en+Steph")


@dataclass(frozen=True)
class Condition:
    """A listening condition: noise colour, SNR in dB, reverb time in seconds, tempo factor."""

    name: str
    noise: str
    snr_db: float
    rt60: float = 0.0
    tempo: float = 1.0


CONDITIONS = (
    Condition("clean", "pink", 35.0),
    Condition("pink10", "pink", 10.0),
    Condition("brown10", "brown", 10.0),
    Condition("reverb", "pink", 25.0, rt60=0.5),
    Condition("slower10", "pink", 30.0, tempo=0.9),
    Condition("faster10", "pink", 30.0, tempo=1.1),
)


@dataclass(frozen=True)
class Item:
    """One line of the manifest."""

    file: str
    kind: str  # "command", a distractor group, or "non_speech"
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
    tempo: float
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


def change_tempo(samples: np.ndarray, rate: int, factor: float) -> np.ndarray:
    """`samples` played `factor` times as fast at the same pitch (sox's tempo effect)."""
    if factor == 1.0 or len(samples) == 0:
        return samples
    buffer = io.BytesIO()
    soundfile.write(buffer, samples, rate, format="WAV", subtype="FLOAT")
    result = subprocess.run(
        ["sox", "-t", "wav", "-", "-t", "wav", "-e", "floating-point", "-", "tempo", "-s", f"{factor}"],
        input=buffer.getvalue(), capture_output=True, check=True,
    ).stdout
    changed, _ = soundfile.read(io.BytesIO(result), dtype="float32")
    return changed


def place(samples: np.ndarray, rate: int, condition: Condition, rng: np.random.Generator) -> np.ndarray:
    """Change tempo, pad, add reverb if asked, and mix with the condition's noise."""
    samples = change_tempo(samples, rate, condition.tempo)
    level = speech_rms(samples, rate) if np.any(samples) else 0.05
    padded = pad(samples, rate, rng.uniform(0.3, 0.7), rng.uniform(0.3, 0.7))
    if condition.rt60:
        padded = reverb(padded, rate, condition.rt60, rng)
    noise = NOISES[condition.noise](len(padded), rng)
    return mix(padded, noise, condition.snr_db, level)


def sentence_text(grammar: Grammar, sentence: CoreSentence, rng: np.random.Generator) -> tuple[str, dict[str, int]] | None:
    """`sentence` with its slot (if any) filled with a random value, as words."""
    slots = [token for token in sentence.tokens if isinstance(token, Slot)]
    if not slots:
        return grammar.fill(sentence, [])[0], {}
    slot = grammar.slots[slots[0].name]
    value = int(rng.choice(slot.sample_values()))
    filled = grammar.fill(sentence, [value])
    return (filled[0], {slot.argument: value}) if filled else None


def around_words(grammar: Grammar, rng: np.random.Generator) -> tuple[str, str]:
    """Polite words said before and after a command, drawn from the language's `around`."""
    def one(expression) -> str:
        choices = [" ".join(token.text for token in tokens) for tokens in expand(expression)] if expression else [""]
        return str(rng.choice([c for c in choices if c] or [""]))
    before = one(grammar.around.before) if rng.random() < 0.5 else ""
    after = one(grammar.around.after) if rng.random() < 0.5 else ""
    return before, after


def command_prompts(phrasings: int, rng: np.random.Generator, polite: float = 0.3) -> list[tuple[str, str, dict[str, int]]]:
    """(text, command id, args) for a few random phrasings of each spoken command."""
    grammar = default_grammar()
    prompts = []
    for command in CommandId:
        sentences = [s for s in grammar.core_sentences if s.command is command]
        if not sentences:
            continue
        for index in rng.choice(len(sentences), size=min(phrasings, len(sentences)), replace=False):
            filled = sentence_text(grammar, sentences[int(index)], rng)
            if filled is None:
                continue
            text, args = filled
            if rng.random() < polite:
                before, after = around_words(grammar, rng)
                text = " ".join(part for part in (before, text, after) if part)
            prompts.append((text, command.value, args))
    return prompts


def non_speech(kind: str, rate: int, rng: np.random.Generator) -> np.ndarray:
    """Sounds that are not speech: silence, breathing, snoring, a cough (made from noise)."""
    seconds = rng.uniform(0.8, 2.0)
    t = np.arange(int(seconds * rate)) / rate
    noise = rng.standard_normal(len(t)).astype(np.float32)
    if kind == "silence":
        return np.zeros(len(t), np.float32)
    if kind == "breath":
        envelope = np.sin(np.pi * t / seconds) ** 2
        return (0.05 * noise * envelope).astype(np.float32)
    if kind == "snore":
        buzz = np.sign(np.sin(2 * np.pi * rng.uniform(25, 45) * t)) * 0.5 + noise * 0.5
        envelope = np.sin(np.pi * t / seconds) ** 2
        kernel = np.ones(40) / 40  # a dull, low sound
        return (0.2 * np.convolve(buzz * envelope, kernel, mode="same")).astype(np.float32)
    burst = np.exp(-t / 0.08) * noise  # a cough: a sharp burst that dies away
    return (0.3 * burst).astype(np.float32)


NON_SPEECH = ("silence", "breath", "snore", "cough")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--phrasings", type=int, default=4, help="phrasings per command (default 4)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--conditions", default=",".join(c.name for c in CONDITIONS))
    parser.add_argument("--split", choices=("tune", "heldout", "all"), default="all")
    parser.add_argument("--wake-word", help="say this word before every command ('coach, next tip')")
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    wanted = [c for c in CONDITIONS if c.name in args.conditions.split(",")]
    args.out_dir.mkdir(parents=True, exist_ok=True)
    voices = {"tune": TUNE_VOICES, "heldout": HELD_OUT_VOICES, "all": TUNE_VOICES + HELD_OUT_VOICES}[args.split]
    items: list[Item] = []
    for voice in voices:
        split = "heldout" if voice in HELD_OUT_VOICES else "tune"
        voice_rng = np.random.default_rng(zlib.crc32(f"{args.seed}/{voice}".encode()))
        prompts = [(text, "command", cid, a) for text, cid, a in command_prompts(args.phrasings, voice_rng)]
        if args.wake_word:
            prompts = [(f"{args.wake_word}, {text}", kind, cid, a) for text, kind, cid, a in prompts]
        prompts += [(text, kind, None, {}) for kind, texts in DISTRACTORS.items() for text in texts]
        prompts += [(f"<{kind}>", "non_speech", None, {}) for kind in NON_SPEECH]
        for index, (text, kind, command, cargs) in enumerate(prompts):
            speed, pitch = int(voice_rng.integers(130, 190)), int(voice_rng.integers(30, 70))
            if kind == "non_speech":
                rate = 22050
                samples = non_speech(text.strip("<>"), rate, voice_rng)
            else:
                samples, rate = render(text, voice, speed, pitch)
            for condition in wanted:
                name = f"{split}/{condition.name}/{voice.replace('+', '_')}-{index:03d}.wav"
                mixed = place(samples, rate, condition, np.random.default_rng(zlib.crc32(name.encode())))
                path = args.out_dir / name
                path.parent.mkdir(parents=True, exist_ok=True)
                soundfile.write(str(path), mixed, rate, subtype="PCM_16")
                items.append(
                    Item(name, kind, text, command, cargs, voice, speed, pitch, condition.name,
                         condition.noise, condition.snr_db, condition.rt60, condition.tempo, split)
                )
    with open(args.out_dir / "manifest.jsonl", "w", encoding="utf-8") as manifest:
        for item in items:
            manifest.write(json.dumps(asdict(item)) + "\n")
    print(f"wrote {len(items)} clips to {args.out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
