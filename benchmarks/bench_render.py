"""Render speed of a 20-minute relaxation script and of the built-in guide, in × real time.

    .venv/bin/python benchmarks/bench_render.py [--runs 3]

Renders in virtual time with the real pyttsx3/espeak-ng synthesiser (a fresh synthesiser per
run, so nothing is cached between runs) and writes FLAC to a temporary folder. Reports the
median wall time, the audio length, the speed as audio seconds per wall second, and the peak
resident memory of this process.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROUND = """\
  - section:
      title: Round {number}
      steps:
        - say: Let your shoulders soften, and let the bed hold your weight.
        - pause: 20
        - breathe: {{pattern: 4-7-8, cycles: 4, cues: [Breathe in, Hold, Breathe out]}}
        - chime: soft
        - say: Notice your feet, heavy and warm.
        - pause: 15
"""
TWENTY_MINUTES = (
    "title: Twenty minute benchmark\nrate: 160\nramp: {rate: 130, volume: 0.5, pause_factor: 1.3}\nsteps:\n"
    + "".join(ROUND.format(number=number) for number in range(1, 11))
)


def render(sources: list[str], out: Path) -> tuple[float, float, int]:
    """Wall seconds, audio seconds and peak RSS (KiB) of one `voicecoach render [SOURCE]` process."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", "import resource, sys; from voicecoach.cli import main; code = main(sys.argv[1:]);"
         " print('RSS', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss); sys.exit(code)",
         "render", *sources, "-o", str(out)],
        capture_output=True, text=True, check=True,
    )
    wall = time.perf_counter() - started
    rss = int(result.stdout.split("RSS")[-1].split()[0])
    seconds = float(subprocess.run(["soxi", "-D", str(out)], capture_output=True, text=True, check=True).stdout)
    return wall, seconds, rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "twenty.yaml"
        script.write_text(TWENTY_MINUTES)
        cases = {"20-minute script": [str(script)], "built-in guide": []}
        print("| what | audio | wall (median of %d) | speed | peak RSS |" % args.runs)
        print("|---|---:|---:|---:|---:|")
        for name, source in cases.items():
            runs = [render(source, Path(folder) / f"out-{i}.flac") for i in range(args.runs)]
            wall = statistics.median(run[0] for run in runs)
            audio = runs[0][1]
            rss = max(run[2] for run in runs)
            print(f"| {name} | {audio / 60:.1f} min | {wall:.2f} s | {audio / wall:.0f}× real time | {rss / 1024:.0f} MB |")


if __name__ == "__main__":
    main()
