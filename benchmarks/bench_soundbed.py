"""The sound bed: spectral slope of each sound, the largest step over a rendered hour, live CPU.

    .venv/bin/python benchmarks/bench_soundbed.py [--slope-seconds 60] [--hour-seconds 3600]
                                                  [--cpu-seconds 120] [--sounds brown,pink,...]

1. Spectral slope: `voicecoach render` of a one-sentence script with `--noise SOUND`, read back
   from the WAV; Welch spectrum of the bed after the speech, a line fitted to half-octave band
   levels from 100 Hz to 6.4 kHz (`voicecoach.bed.measure.spectral_slope`). Also its K-weighted
   RMS against the level asked for.
2. Discontinuity: the same render with `--noise-after` an hour (brown noise by default: it moves
   slowly, so a seam would stand out), read back in blocks; the largest sample-to-sample step
   over the typical (RMS) step, overall and at the 10 s block joins of the timeline's mix and at
   every point where one of the loops comes round. For Gaussian steps the largest of an hour's
   80 million is about 6 typical ones; a seam in brown noise would be tens.
3. Live CPU: on the headless PulseAudio rig (`scripts/audio-rig`), the bed alone playing through
   `LiveBed` on PyAudio (aplay if PyAudio is missing); this process's CPU time (all threads)
   over `--cpu-seconds` of playback once the loops exist, extrapolated to an 8-hour night. The
   loops' one-off making is reported apart, and so is a silent (switched-off) bed's idle cost.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import soundfile

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from audio_rig import AudioRig, RigUnavailable  # noqa: E402

from voicecoach.adapters.bed_output import BLOCK_FRAMES, BackgroundStreams, LiveBed  # noqa: E402
from voicecoach.adapters.playback import continuous_output, open_default_output  # noqa: E402
from voicecoach.audio import SAMPLE_RATE  # noqa: E402
from voicecoach.bed.measure import StepMeter, spectral_slope  # noqa: E402
from voicecoach.bed.noise import LOOP_FRAMES, NoiseStream, k_weighted_rms  # noqa: E402
from voicecoach.bed.render import FULL_SCALE, BedRenderer  # noqa: E402
from voicecoach.bed.schedule import TAIL_FADE_SECONDS, SoundBed  # noqa: E402
from voicecoach.bed.settings import BedSettings, BedSound  # noqa: E402

SCRIPT = "title: Rest\nsteps:\n  - say: Rest now.\n"
EXPECTED_SLOPE = {BedSound.WHITE: 0.0, BedSound.PINK: -3.01, BedSound.BROWN: -6.02}
LEVEL = 0.5
NIGHT_SECONDS = 8 * 3600
JOIN_SECONDS = 10  # the timeline mixes the bed in blocks of this many seconds (GAIN_BLOCK_SECONDS)


def render(folder: Path, sound: BedSound, after_seconds: float) -> Path:
    """A file of one short sentence followed by `after_seconds` of `sound` and its fade."""
    script = folder / "rest.yaml"
    script.write_text(SCRIPT, encoding="utf-8")
    out = folder / f"{sound}.wav"
    subprocess.run(
        [sys.executable, "-m", "voicecoach", "render", str(script), "-o", str(out), "--noise", str(sound),
         "--noise-level", str(LEVEL), "--noise-after", f"{after_seconds:.0f}s"],
        check=True, capture_output=True, text=True,
    )
    return out


def bed_stretch(path: Path, after_seconds: float) -> tuple[int, int]:
    """First and last frame of the steady bed in a rendered file: after the speech (and the
    bed's fade-in), before the tail's fade."""
    frames = soundfile.info(str(path)).frames
    fade_starts = frames - int(TAIL_FADE_SECONDS * SAMPLE_RATE)
    return max(5 * SAMPLE_RATE, fade_starts - int(after_seconds * SAMPLE_RATE) + SAMPLE_RATE), fade_starts


def slopes(folder: Path, sounds: list[BedSound], seconds: float) -> None:
    print(f"\n1. Spectral slope from a rendered file ({seconds:.0f} s of bed at level {LEVEL}, 100 Hz - 6.4 kHz)")
    print(f"{'sound':8} {'slope dB/oct':>13} {'expected':>9} {'K-RMS dBFS':>11} {'asked':>7}")
    for sound in sounds:
        path = render(folder, sound, seconds)
        first, last = bed_stretch(path, seconds)
        samples, _ = soundfile.read(str(path), start=first, stop=last, dtype="float32")
        expected = EXPECTED_SLOPE.get(sound)
        shown = f"{expected:9.2f}" if expected is not None else f"{'—':>9}"
        level = 20 * np.log10(k_weighted_rms(samples))
        print(f"{sound.value:8} {spectral_slope(samples, SAMPLE_RATE):13.2f} {shown} {level:11.1f} "
              f"{20 * np.log10(FULL_SCALE * LEVEL):7.1f}")
        path.unlink()


def discontinuities(folder: Path, sounds: list[BedSound], seconds: float) -> None:
    print(f"\n2. Largest step over {seconds / 60:.0f} rendered minutes (steps over the typical step)")
    print(f"{'sound':8} {'frames':>11} {'largest':>8} {'at s':>9} {'joins':>6} {'max at joins':>13} "
          f"{'loop points':>12} {'max at loops':>13}")
    for sound in sounds:
        path = render(folder, sound, seconds)
        first, last = bed_stretch(path, seconds)
        joins = set(range(JOIN_SECONDS * SAMPLE_RATE, last, JOIN_SECONDS * SAMPLE_RATE))
        loops = {k * length for length in LOOP_FRAMES for k in range(1, last // length + 1)}
        meter = StepMeter()
        at_joins, at_loops = 0.0, 0.0
        block = 60 * SAMPLE_RATE
        previous: float | None = None
        for start in range(first, last, block):
            samples, _ = soundfile.read(str(path), start=start, stop=min(start + block, last), dtype="float64")
            meter.feed(samples)
            joined = samples if previous is None else np.concatenate([[previous], samples])
            base = start if previous is None else start - 1
            steps = np.abs(np.diff(joined))
            inside_joins = [i for i in joins if base + 1 <= i < base + 1 + len(steps)]
            inside_loops = [i for i in loops if base + 1 <= i < base + 1 + len(steps)]
            if inside_joins:
                at_joins = max(at_joins, float(steps[np.array(inside_joins) - base - 1].max()))
            if inside_loops:
                at_loops = max(at_loops, float(steps[np.array(inside_loops) - base - 1].max()))
            previous = float(samples[-1])
        result = meter.result()
        print(f"{sound.value:8} {result.count:11d} {result.ratio:8.2f} {result.largest_at / SAMPLE_RATE:9.1f} "
              f"{len([j for j in joins if j > first]):6d} {at_joins / result.rms:13.2f} "
              f"{len([j for j in loops if j > first]):12d} {at_loops / result.rms:13.2f}")
        path.unlink()


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def live_cpu(sound: BedSound, seconds: float) -> None:
    print(f"\n3. CPU of live playback ({sound.value}, {seconds:.0f} s measured, extrapolated to 8 h)")
    started = cpu_seconds()
    wall = time.perf_counter()
    NoiseStream(sound)  # the loops, made once (cached for the player below)
    making = cpu_seconds() - started
    print(f"making the loops of one sound: {making:.2f} s CPU ({time.perf_counter() - wall:.2f} s wall), "
          f"{sum(LOOP_FRAMES) * 4 / 1e6:.1f} MB")
    player = open_default_output()
    try:
        for label, play in (("playing", True), ("switched off (idle)", False)):
            bed = SoundBed(BedSettings(play=play, sound=sound, level=0.3), start=time.monotonic())
            streams = BackgroundStreams(0, SAMPLE_RATE)
            streams(sound)
            while streams(sound) is None:
                time.sleep(0.05)
            sink = continuous_output(player, SAMPLE_RATE, BLOCK_FRAMES)
            live = LiveBed(BedRenderer(bed, streams=streams), sink, time.monotonic)
            time.sleep(4.0)  # past the fade-in, the stream opened
            before, wall = cpu_seconds(), time.perf_counter()
            time.sleep(seconds)
            used, elapsed = cpu_seconds() - before, time.perf_counter() - wall
            live.close()
            share = used / elapsed
            print(f"{label:22} {100 * share:6.3f} % of one core = {share * NIGHT_SECONDS:7.1f} s CPU per 8-hour night")
    finally:
        player.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slope-seconds", type=float, default=60.0, help="bed rendered per sound for its slope")
    parser.add_argument("--hour-seconds", type=float, default=3600.0, help="bed rendered for the step check")
    parser.add_argument("--cpu-seconds", type=float, default=120.0, help="live playback measured")
    parser.add_argument("--sounds", default=",".join(s.value for s in BedSound), help="sounds for the slope")
    parser.add_argument("--step-sounds", default="brown", help="sounds for the step check (each renders an hour)")
    args = parser.parse_args()
    sounds = [BedSound(name) for name in args.sounds.split(",")]
    with tempfile.TemporaryDirectory() as folder:
        slopes(Path(folder), sounds, args.slope_seconds)
        discontinuities(Path(folder), [BedSound(name) for name in args.step_sounds.split(",")], args.hour_seconds)
    try:
        with AudioRig():
            live_cpu(BedSound.RAIN, args.cpu_seconds)
    except RigUnavailable as err:
        print(f"bench_soundbed: no audio rig for the live CPU: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
