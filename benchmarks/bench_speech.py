"""Speech latency on the headless PulseAudio rig: time to first audio, and stop() to silence.

    .venv/bin/python benchmarks/bench_speech.py [--trials 20]

What is measured: the arrival (time.monotonic()) of ~12 ms chunks recorded by `parec` from the
rig's speaker.monitor, so each number includes the monitor capture latency (parec asks for
10 ms) — an upper bound on what a listener would hear.

* first audio: `play()` called → first chunk louder than the threshold arrives from the monitor.
  Measured for LiveSpeaker with a new sentence (synthesis + playback), LiveSpeaker with a
  sentence already in the synthesiser's cache, and the bare ClipPlayer with a ready clip.
* stop → silence: `stop()` called → first chunk after which the monitor stays silent.

Targets: first audio ≤ 250 ms, stop → silence ≤ 100 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from audio_rig import AudioRig, RigUnavailable, SpeakerRecording, rms, tone  # noqa: E402

from voicecoach.adapters.live_speaker import LiveSpeaker  # noqa: E402
from voicecoach.adapters.playback import ClipPlayer, open_default_output  # noqa: E402
from voicecoach.adapters.tts import Pyttsx3Synthesizer  # noqa: E402
from voicecoach.ports import LoopEvent  # noqa: E402
from voicecoach.sounds import Speech, SpeechKind, Voice  # noqa: E402

LOUD = 0.003  # RMS of a chunk that counts as sound (the null sink's silence is exact zeros)
QUIET_SPAN = 0.25  # seconds the monitor must stay silent for a stop to count as silenced
FIRST_AUDIO_TARGET_MS = 250.0
STOP_TARGET_MS = 100.0


class Monitor:
    """Walks the chunks of a SpeakerRecording by arrival time."""

    def __init__(self, recording: SpeakerRecording) -> None:
        self.recording = recording

    def first_loud_after(self, start: float, timeout: float = 5.0) -> float:
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


def run(trials: int) -> list[tuple[str, list[float], float]]:
    posted: list[LoopEvent] = []
    synthesizer = Pyttsx3Synthesizer()
    player: ClipPlayer = open_default_output()
    speaker = LiveSpeaker(synthesizer, player, posted.append)
    voice = Voice()
    rows: list[tuple[str, list[float], float]] = []
    try:
        with SpeakerRecordingContext() as recording:
            monitor = Monitor(recording)
            synthesizer.synthesize("Warm up the engine.", voice)  # engine start-up is not per sentence
            fresh, cached, bare, stops = [], [], [], []
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
            rows.append(("first audio, new sentence (LiveSpeaker)", fresh, FIRST_AUDIO_TARGET_MS))
            rows.append(("first audio, cached sentence (LiveSpeaker)", cached, FIRST_AUDIO_TARGET_MS))
            rows.append(("first audio, ready clip (ClipPlayer)", bare, FIRST_AUDIO_TARGET_MS))
            rows.append(("stop() -> silence (all of the above)", stops, STOP_TARGET_MS))
    finally:
        speaker.close()
        player.close()
        synthesizer.close()
    return rows


class SpeakerRecordingContext:
    def __enter__(self) -> SpeakerRecording:
        self.recording = SpeakerRecording()
        return self.recording

    def __exit__(self, *exc_info: object) -> None:
        self.recording.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20, help="trials per measurement (default 20)")
    args = parser.parse_args()
    try:
        with AudioRig():
            rows = run(args.trials)
    except RigUnavailable as err:
        print(f"bench_speech: no audio rig: {err}", file=sys.stderr)
        return 2
    print(f"{'measurement':44} {'n':>4} {'median ms':>10} {'p95 ms':>8} {'max ms':>8} {'target':>8}  ok")
    for name, values, target in rows:
        med, high = statistics.median(values), p95(values)
        ok = "yes" if high <= target else "NO"
        print(f"{name:44} {len(values):4d} {med:10.1f} {high:8.1f} {max(values):8.1f} {target:8.0f}  {ok}")
    return 0


if __name__ == "__main__":
    threading.current_thread().name = "bench"
    sys.exit(main())
