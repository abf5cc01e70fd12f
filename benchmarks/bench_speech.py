"""Speech on the headless PulseAudio rig, espeak-ng and Piper side by side: first audio, stop()
to silence, synthesis real-time factor, peak RSS.

    .venv/bin/python benchmarks/bench_speech.py [--trials 20] [--voices espeak,piper]

Each voice is measured in a child process of its own (`--child VOICE`), so its peak RSS is its
own and one engine's warm caches do not help the other; the parent starts the rig once and
prints the table. Piper needs the piper extra (scripts/setup --piper); without it its column
says so and espeak-ng is measured alone.

What is measured: the arrival (time.monotonic()) of ~12 ms chunks recorded by `parec` from the
rig's speaker.monitor, so each latency includes the monitor capture latency (parec asks for
10 ms) — an upper bound on what a listener would hear.

* first audio: `play()` called → first chunk louder than the threshold arrives from the monitor.
  Measured for LiveSpeaker with a new sentence (synthesis + playback: what the prefetch of the
  next sentence hides in a session), LiveSpeaker with a sentence already in the synthesiser's
  cache, and the bare ClipPlayer with a ready clip (the same for every voice).
* stop → silence: `stop()` called → first chunk after which the monitor stays silent.
* synthesis real-time factor: seconds spent in `synthesize()` for new sentences ÷ seconds of
  speech they gave (0.05 = 20× faster than real time). No playback; not a latency.
* peak RSS: the child's `ru_maxrss` at the end (the engine loaded, the trials done).
* voice start: making the synthesiser until its first sentence is ready (Piper loads its model).

Targets: first audio ≤ 250 ms, stop → silence ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from audio_rig import AudioRig, RigUnavailable, SpeakerRecording, rms, tone  # noqa: E402

from voicecoach.adapters.live_speaker import LiveSpeaker  # noqa: E402
from voicecoach.adapters.playback import ClipPlayer, open_default_output  # noqa: E402
from voicecoach.ports import LoopEvent  # noqa: E402
from voicecoach.sounds import Speech, SpeechKind, Voice  # noqa: E402

LOUD = 0.003  # RMS of a chunk that counts as sound (the null sink's silence is exact zeros)
QUIET_SPAN = 0.25  # seconds the monitor must stay silent for a stop to count as silenced
FIRST_AUDIO_TARGET_MS = 250.0
STOP_TARGET_MS = 100.0
VOICES = {"espeak": None, "piper": "piper:joe"}
"""The voices compared, by column name: the Voice.name each is asked for."""


class Monitor:
    """Walks the chunks of a SpeakerRecording by arrival time."""

    def __init__(self, recording: SpeakerRecording) -> None:
        self.recording = recording

    def first_loud_after(self, start: float, timeout: float = 10.0) -> float:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for arrived, samples in self.recording.chunks():
                if arrived > start and rms(samples) > LOUD:
                    return arrived
            time.sleep(0.002)
        raise TimeoutError("no sound reached the speaker")

    def silent_from(self, start: float) -> float:
        """Arrival of the first chunk after `start` that begins QUIET_SPAN of silence."""
        while True:
            time.sleep(0.01)
            chunks = [(t, s) for t, s in self.recording.chunks() if t > start]
            candidate: float | None = None
            for arrived, samples in chunks:
                if rms(samples) > LOUD:
                    candidate = None
                elif candidate is None:
                    candidate = arrived
            if candidate is not None and chunks[-1][0] - candidate >= QUIET_SPAN:
                return candidate
            if time.monotonic() - start > 10:
                raise TimeoutError("the speaker never went silent")

    def wait_quiet(self) -> None:
        self.silent_from(time.monotonic())


def trial(monitor: Monitor, start_sound: Callable[[], None], stop_sound: Callable[[], None]) -> tuple[float, float]:
    """One play-then-stop; returns (first audio, stop → silence) in milliseconds."""
    monitor.wait_quiet()
    t_play = time.monotonic()
    start_sound()
    first = monitor.first_loud_after(t_play) - t_play
    time.sleep(0.3)  # let it sound for a moment, as a listener would before saying "stop"
    t_stop = time.monotonic()
    stop_sound()
    silent = monitor.silent_from(t_stop) - t_stop
    return first * 1000, silent * 1000


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def make_synthesizer(voice_name: str | None) -> Any:
    """espeak-ng, or the Piper voice through the same SpeechVoices the program uses."""
    from voicecoach.adapters.piper_voices import find_piper_voices
    from voicecoach.adapters.tts import Pyttsx3Synthesizer
    from voicecoach.adapters.voices import SpeechVoices

    problems: list[str] = []
    voices = SpeechVoices(Pyttsx3Synthesizer(), lambda: find_piper_voices(include_default_folder=False), problems.append)
    voices.synthesize("Warm up the engine.", Voice(name=voice_name))  # start-up is not per sentence
    if problems:
        voices.close()
        raise RuntimeError(problems[0])
    return voices


def measure(voice_name: str | None, trials: int) -> dict[str, Any]:
    """Every measurement for one voice (runs in the child)."""
    posted: list[LoopEvent] = []
    started = time.monotonic()
    synthesizer = make_synthesizer(voice_name)
    voice_start = (time.monotonic() - started) * 1000
    player: ClipPlayer = open_default_output()
    speaker = LiveSpeaker(synthesizer, player, posted.append)
    voice = Voice(name=voice_name)
    fresh, cached, bare, stops = [], [], [], []
    synthesis_seconds = audio_seconds = 0.0
    try:
        with SpeakerRecordingContext() as recording:
            monitor = Monitor(recording)
            for i in range(trials):
                text = f"Sentence number {i + 1}: breathe in slowly, and let the breath go."
                sound = Speech(i + 1, text, SpeechKind.CONTENT, voice)
                first, stop = trial(monitor, lambda: speaker.play(sound), speaker.stop)
                fresh.append(first)
                stops.append(stop)
                first, stop = trial(monitor, lambda: speaker.play(sound), speaker.stop)
                cached.append(first)
                stops.append(stop)
                clip = tone(2.0)
                first, stop = trial(monitor, lambda: player.play(clip, on_done=lambda: None), player.stop)
                bare.append(first)
                stops.append(stop)
                rtf_text = f"Rest number {i + 1}. Let the shoulders drop, and the jaw go soft."
                t0 = time.monotonic()
                synthesized = synthesizer.synthesize(rtf_text, voice)
                synthesis_seconds += time.monotonic() - t0
                audio_seconds += synthesized.duration
    finally:
        speaker.close()
        player.close()
        synthesizer.close()
    return {
        "first audio, new sentence (LiveSpeaker)": fresh,
        "first audio, cached sentence (LiveSpeaker)": cached,
        "first audio, ready clip (ClipPlayer)": bare,
        "stop() -> silence (all of the above)": stops,
        "synthesis real-time factor": synthesis_seconds / audio_seconds if audio_seconds else None,
        "peak RSS MB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "voice start ms": voice_start,
    }


class SpeakerRecordingContext:
    def __enter__(self) -> SpeakerRecording:
        self.recording = SpeakerRecording()
        return self.recording

    def __exit__(self, *exc_info: object) -> None:
        self.recording.stop()


def run_child(name: str, trials: int) -> dict[str, Any]:
    """Measure one voice in a process of its own; {"error": why} if it could not be measured."""
    result = subprocess.run(
        [sys.executable, __file__, "--child", name, "--trials", str(trials)],
        capture_output=True, text=True, check=False,
    )
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if result.returncode != 0 or not lines:
        return {"error": (result.stderr.strip().splitlines() or [f"exit code {result.returncode}"])[-1]}
    return dict(json.loads(lines[-1]))


LATENCY_ROWS = (
    ("first audio, new sentence (LiveSpeaker)", FIRST_AUDIO_TARGET_MS),
    ("first audio, cached sentence (LiveSpeaker)", FIRST_AUDIO_TARGET_MS),
    ("first audio, ready clip (ClipPlayer)", FIRST_AUDIO_TARGET_MS),
    ("stop() -> silence (all of the above)", STOP_TARGET_MS),
)


def table(results: dict[str, dict[str, Any]]) -> list[str]:
    """The side-by-side table: per voice, median / p95 ms of each latency, then the rest."""
    names = list(results)
    lines = [f"{'measurement':44} {'target':>7}  " + "  ".join(f"{name + ' median / p95':>26}" for name in names)]
    for row, target in LATENCY_ROWS:
        cells = []
        for name in names:
            values = results[name].get(row)
            if not values:
                cells.append(f"{'-':>26}")
                continue
            ok = "" if p95(values) <= target else " NO"
            cells.append(f"{statistics.median(values):11.1f} / {p95(values):7.1f} ms{ok:>3}")
        lines.append(f"{row:44} {target:5.0f}ms  " + "  ".join(cells))
    for row, unit in (("synthesis real-time factor", "x"), ("peak RSS MB", "MB"), ("voice start ms", "ms")):
        cells = []
        for name in names:
            value = results[name].get(row)
            cells.append(f"{'-':>26}" if value is None else f"{value:23.3f} {unit:>2}")
        lines.append(f"{row:44} {'':>7}  " + "  ".join(cells))
    for name in names:
        if "error" in results[name]:
            lines.append(f"{name}: not measured: {results[name]['error']}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20, help="trials per measurement (default 20)")
    parser.add_argument("--voices", default=",".join(VOICES), help="which to compare (default: espeak,piper)")
    parser.add_argument("--child", choices=list(VOICES), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(VOICES[args.child], args.trials)))
        return 0
    names = [name.strip() for name in args.voices.split(",") if name.strip()]
    unknown = [name for name in names if name not in VOICES]
    if unknown:
        parser.error(f"unknown voices {unknown}; choose from {', '.join(VOICES)}")
    try:
        with AudioRig():
            results = {name: run_child(name, args.trials) for name in names}
    except RigUnavailable as err:
        print(f"bench_speech: no audio rig: {err}", file=sys.stderr)
        return 2
    print("\n".join(table(results)))
    return 1 if all("error" in result for result in results.values()) else 0


if __name__ == "__main__":
    threading.current_thread().name = "bench"
    sys.exit(main())
