"""Full-loop latency on the headless rig: the real program, commands played into the virtual microphone.

    .venv/bin/python benchmarks/bench_full_loop.py [--trials 20] [--idle-seconds 180]

What is measured (time.monotonic() arrival of ~12 ms parec chunks, as in bench_speech.py):
* command → response: the end of the spoken words of "next tip"/"previous tip" in the microphone
  stream (the first non-zero chunk recorded from micfeed.monitor plus the known offset of the end
  of speech in the WAV) → first speaker chunk louder than the threshold (the ACK earcon).
* stop → content cut: the end of "stop" said over a long sentence → first speaker chunk whose
  strongest frequency is the ACK earcon's first note (the sentence has been cut off by then).
* start → first audio: process spawned → first loud speaker chunk; and first printed line → first
  loud chunk (the reader's own start, without Python's import time).
* idle listening: CPU seconds (utime+stime from /proc) per wall second of the program waiting
  for a command with the microphone open, and its peak RSS (VmHWM).
Targets: command → response ≤ 300 ms median, stop ≤ 100 ms, first audio ≤ 250 ms, idle ≤ 5 % of
one core, RSS ≤ 100 MB.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

TESTS = Path(__file__).resolve().parents[1] / "tests"
sys.path.insert(0, str(TESTS))
sys.path.insert(0, str(TESTS.parent))  # tests import benchmarks.noise

from audio_rig import AudioRig, RigUnavailable, SpeakerRecording, rms  # noqa: E402
from full_loop_program import Program, dominant_frequency  # noqa: E402
from voice_clips import speech_end, spoken, write_wav  # noqa: E402

FIXTURE = TESTS / "fixtures" / "articles" / "evening-walk.md"
LOUD = 0.003
MIC_CHUNK = 256


class MicRecording:
    """parec on micfeed.monitor: when what is played into the microphone arrives there."""

    def __init__(self) -> None:
        self._chunks: list[tuple[float, float]] = []  # (arrival, peak)
        self._lock = threading.Lock()
        self._process = subprocess.Popen(
            ["parec", "--device=micfeed.monitor", "--rate=16000", "--channels=1", "--format=s16le", "--latency-msec=10"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self._process.stdout is not None
        while True:
            data = os.read(self._process.stdout.fileno(), MIC_CHUNK * 2)
            if not data:
                return
            samples = np.frombuffer(data[: len(data) // 2 * 2], dtype="<i2")
            with self._lock:
                self._chunks.append((time.monotonic(), float(np.abs(samples).max()) if len(samples) else 0.0))

    def first_sound_after(self, start: float, timeout: float = 5.0) -> float:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                found = next((t for t, peak in self._chunks if t > start and peak > 0), None)
            if found is not None:
                return found - MIC_CHUNK / 16000  # the chunk's first sample arrived up to a chunk earlier
            time.sleep(0.002)
        raise TimeoutError("nothing reached the microphone")

    def stop(self) -> None:
        self._process.terminate()
        self._process.wait()


def wait_quiet(recording: SpeakerRecording, seconds: float, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = time.monotonic()
        recent = [s for t, s in recording.chunks() if t > now - seconds]
        if now - recording_start(recording) > seconds and recent and all(rms(s) <= LOUD for s in recent):
            return
        time.sleep(0.05)
    raise TimeoutError("the speaker never went quiet")


def recording_start(recording: SpeakerRecording) -> float:
    chunks = recording.chunks()
    return chunks[0][0] if chunks else time.monotonic()


def first_loud(recording: SpeakerRecording, after: float, timeout: float = 5.0, earcon: bool = False) -> float:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for t, s in recording.chunks():
            if t > after and rms(s) > LOUD:
                if not earcon or abs(dominant_frequency(s, recording.sample_rate) - 440.0) < 60:
                    return t
        time.sleep(0.003)
    raise TimeoutError("no response on the speaker")


def summary(name: str, values: list[float], target: float) -> str:
    if not values:
        return f"| {name} | 0 | – | – | – | {target:.0f} |"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return f"| {name} | {len(values)} | {statistics.median(values):.0f} | {p95:.0f} | {max(values):.0f} | {target:.0f} |"


ENGINE_ARGS: list[str] = []
"""Extra arguments for every program started (a --config naming the recogniser, when asked)."""


def command_trials(rig: AudioRig, folder: Path, trials: int, quiet_before: float = 1.0) -> tuple[list[float], int]:
    texts = ["next tip", "previous tip"]
    wavs = {text: write_wav(folder / f"{text.replace(' ', '_')}.wav", *spoken(text)) for text in texts}
    ends = {text: speech_end(text) for text in texts}
    program = Program("read", str(FIXTURE), "--stdin", "--restart", "--listen", "--state-dir", str(folder / "s1"), *ENGINE_ARGS, verbose=False)
    latencies: list[float] = []
    missed = 0
    mic = MicRecording()
    try:
        with rig.recording() as recording:
            program.wait_for("Your body takes the hint.", timeout=30)
            for index in range(trials):
                wait_quiet(recording, quiet_before)
                text = texts[index % 2]
                started = time.monotonic()
                rig.play_into_mic(wavs[text])
                spoken_end = mic.first_sound_after(started) + ends[text]
                try:
                    latencies.append((first_loud(recording, spoken_end, timeout=4.0) - spoken_end) * 1000)
                except TimeoutError:
                    missed += 1
    finally:
        mic.stop()
        program.quit()
    return latencies, missed


def stop_trials(rig: AudioRig, folder: Path, trials: int) -> tuple[list[float], int]:
    wav = write_wav(folder / "stop.wav", *spoken("stop"))
    end = speech_end("stop")
    latencies: list[float] = []
    missed = 0
    program = Program("read", str(FIXTURE), "--stdin", "--restart", "--listen", "--rate", "90",
                      "--state-dir", str(folder / "s2"), *ENGINE_ARGS, verbose=False)
    mic = MicRecording()
    try:
        with rig.recording() as recording:
            program.wait_for("Your body takes the hint.", timeout=40)
            for index in range(trials):
                wait_quiet(recording, 1.0)
                program.type("repeat")  # re-reads the tip: "Turn the lamps low an hour before bed." is long at 90 wpm
                program.wait_for("Turn the lamps low", timeout=15, after=time.monotonic())
                time.sleep(0.8)
                started = time.monotonic()
                rig.play_into_mic(wav)
                spoken_end = mic.first_sound_after(started) + end
                try:
                    latencies.append((first_loud(recording, spoken_end, timeout=4.0, earcon=True) - spoken_end) * 1000)
                except TimeoutError:
                    missed += 1
    finally:
        mic.stop()
        program.quit()
    return latencies, missed


def start_trials(rig: AudioRig, folder: Path, trials: int) -> tuple[list[float], list[float]]:
    spawn, printed = [], []
    for index in range(trials):
        with rig.recording() as recording:
            wait_quiet(recording, 0.3)
            program = Program("read", str(FIXTURE), "--stdin", "--restart", "--listen", "--state-dir", str(folder / f"s3-{index}"), *ENGINE_ARGS, verbose=False)
            try:
                first = program.wait_for("A calm evening", timeout=30)
                sound = first_loud(recording, program.started, timeout=10)
            finally:
                program.quit()
        spawn.append((sound - program.started) * 1000)
        printed.append((sound - first[0]) * 1000)
    return spawn, printed


def idle_listening(folder: Path, seconds: float) -> tuple[float, float]:
    program = Program("read", str(FIXTURE), "--stdin", "--restart", "--listen", "--state-dir", str(folder / "s4"), *ENGINE_ARGS, verbose=False)
    try:
        program.wait_for("Your body takes the hint.", timeout=30)
        time.sleep(3.0)
        ticks = os.sysconf("SC_CLK_TCK")

        def cpu() -> float:
            fields = Path(f"/proc/{program.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / ticks

        cpu0, wall0 = cpu(), time.monotonic()
        time.sleep(seconds)
        share = (cpu() - cpu0) / (time.monotonic() - wall0) * 100
        status = Path(f"/proc/{program.process.pid}/status").read_text()
        hwm = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM")) / 1024
    finally:
        program.quit()
    return share, hwm


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--start-trials", type=int, default=5)
    parser.add_argument("--idle-seconds", type=float, default=180.0)
    parser.add_argument("--quiet-before", type=float, default=1.0,
                        help="seconds of quiet from the speaker before each command is said (the echo guard's "
                             "tail is 1 s: sooner counts as said while the program speaks)")
    parser.add_argument("--commands-only", action="store_true", help="only the command → response trials")
    parser.add_argument("--start-only", action="store_true", help="only the process start → first audio trials")
    parser.add_argument("--engine", choices=("whisper", "pocketsphinx"), default="whisper",
                        help="the recogniser the program listens with (default: the default, whisper)")
    args = parser.parse_args()
    try:
        rig = AudioRig().__enter__()
    except RigUnavailable as error:
        print(f"cannot run: {error}", file=sys.stderr)
        return 1
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            config = folder / "config.yaml"
            config.write_text(f"recognizer:\n  engine: {args.engine}\n", encoding="utf-8")
            ENGINE_ARGS[:] = ["--config", str(config)]
            if args.start_only:
                spawn, printed = start_trials(rig, folder, args.start_trials)
                print("| measurement | n | median ms | p95 ms | max ms | target ms |\n|---|---:|---:|---:|---:|---:|")
                print(summary("process start → first audio", spawn, 250))
                print(summary("first printed line → first audio", printed, 250))
                return 0
            command, command_missed = command_trials(rig, folder, args.trials, args.quiet_before)
            if not args.commands_only:
                stop, stop_missed = stop_trials(rig, folder, args.trials)
                spawn, printed = start_trials(rig, folder, args.start_trials)
                share, hwm = idle_listening(folder, args.idle_seconds)
    finally:
        rig.__exit__(None, None, None)
    print(f"recogniser: {args.engine}\n")
    print("| measurement | n | median ms | p95 ms | max ms | target ms |")
    print("|---|---:|---:|---:|---:|---:|")
    print(summary(f"command end → response (missed {command_missed})", command, 300))
    if args.commands_only:
        return 0
    print(summary(f"\"stop\" end → sentence cut / earcon (missed {stop_missed})", stop, 100))
    print(summary("process start → first audio", spawn, 250))
    print(summary("first printed line → first audio", printed, 250))
    print(f"\nidle listening for {args.idle_seconds:.0f} s: {share:.1f} % of one core (target ≤ 5 %), "
          f"peak RSS {hwm:.0f} MB (target ≤ 250 MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
