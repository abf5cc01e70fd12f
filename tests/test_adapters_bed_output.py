"""Live playback of the sound bed: a fake stream for what the writer does, then the PulseAudio rig
for what a listener hears (the bed goes on under the voice, and stop still cuts the voice)."""

from __future__ import annotations

import queue
import threading
import time
from typing import Iterator

import numpy as np
import pytest

try:  # tests/ on sys.path (pytest's default for a directory without __init__.py)
    from audio_rig import AudioRig, audio_rig, rms, tone  # noqa: F401  (fixture)
except ModuleNotFoundError:  # tests/ made a package: run from the repository root
    from tests.audio_rig import AudioRig, audio_rig, rms, tone  # noqa: F401  (fixture)
from voicecoach.adapters.bed_output import BLOCK_FRAMES, BackgroundStreams, LiveBed
from voicecoach.adapters.playback import continuous_output, open_default_output
from voicecoach.audio import SAMPLE_RATE
from voicecoach.bed.noise import NoiseStream
from voicecoach.bed.render import FULL_SCALE, BedRenderer
from voicecoach.bed.schedule import SoundBed
from voicecoach.bed.settings import BedSettings, BedSound
from voicecoach.errors import AudioOutputError

WAIT = 10.0


class QueueSink:
    """A PcmSink whose writes wait in a small queue for the test to take them."""

    latency = 0.05

    def __init__(self, fail_writes: int = 0) -> None:
        self.blocks: queue.Queue[bytes] = queue.Queue(maxsize=4)
        self.calls: list[str] = []
        self.fail_writes = fail_writes
        self.paused = threading.Event()
        self.closed = threading.Event()

    def start(self) -> None:
        self.calls.append("start")

    def write(self, data: bytes) -> None:
        if self.fail_writes:
            self.fail_writes -= 1
            raise AudioOutputError("the device went away")
        self.blocks.put(data, timeout=WAIT)
        self.calls.append("write")

    def pause(self) -> None:
        self.calls.append("pause")
        self.paused.set()

    def close(self) -> None:
        self.calls.append("close")
        self.closed.set()

    def take(self) -> np.ndarray:
        return np.frombuffer(self.blocks.get(timeout=WAIT), dtype=np.int16).astype(np.float32) / 32767

    def drain(self) -> None:
        while True:
            try:
                self.blocks.get_nowait()
            except queue.Empty:
                return


class Clock:
    """Loop time that the test sets."""

    def __init__(self, now: float = 100.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def steady_bed(sound: BedSound = BedSound.BROWN, level: float = 0.5) -> SoundBed:
    """A bed turned on long ago: its gain is the same whenever a block is rendered."""
    return SoundBed(BedSettings(play=True, sound=sound, level=level), start=-100.0)


def close_while_draining(bed: LiveBed, sink: QueueSink) -> None:
    """Close `bed`, taking what it still writes so its writer never waits on a full queue."""
    done = threading.Event()

    def take_until_done() -> None:
        while not done.is_set():
            try:
                sink.blocks.get(timeout=0.05)
            except queue.Empty:
                continue

    drainer = threading.Thread(target=take_until_done)
    drainer.start()
    bed.close()
    done.set()
    drainer.join()


def test_the_writer_plays_the_bed_block_after_block_without_seams() -> None:
    sink = QueueSink()
    live = LiveBed(BedRenderer(steady_bed()), sink, Clock())
    try:
        heard = np.concatenate([sink.take() for _ in range(6)])
    finally:
        close_while_draining(live, sink)
    expected = NoiseStream(BedSound.BROWN).read(6 * BLOCK_FRAMES) * FULL_SCALE * 0.5
    assert np.allclose(heard, expected, atol=2 / 32767)
    assert sink.calls[0] == "start" and sink.calls[-1] == "close"


def test_the_master_gain_shapes_the_bed() -> None:
    sink = QueueSink()
    live = LiveBed(BedRenderer(steady_bed()), sink, Clock(), master_gain=lambda t: 0.25)
    try:
        heard = np.concatenate([sink.take() for _ in range(4)])
    finally:
        close_while_draining(live, sink)
    expected = NoiseStream(BedSound.BROWN).read(4 * BLOCK_FRAMES) * FULL_SCALE * 0.5 * 0.25
    assert np.allclose(heard, expected, atol=2 / 32767)


def test_a_silent_bed_stops_its_stream_and_starts_it_again_when_turned_on() -> None:
    bed = steady_bed()
    clock = Clock(100.0)
    sink = QueueSink()
    live = LiveBed(BedRenderer(bed), sink, clock)
    try:
        sink.take()
        bed.turn_off(100.0)
        clock.now = 110.0  # long after the fade-out
        sink.drain()  # what was queued before; the writer can now see the silence
        assert sink.paused.wait(WAIT)
        sink.drain()
        bed.turn_on(110.0)
        clock.now = 115.0  # faded in
        block = sink.take()
        assert rms(block) > FULL_SCALE * 0.2
        # Nothing was written between the pause and the new start: a silent bed costs no writes.
        after_pause = sink.calls[sink.calls.index("pause") + 1 :]
        assert after_pause[0] == "start" and after_pause.count("start") == 1
    finally:
        close_while_draining(live, sink)


def test_a_failing_device_is_reported_once_and_tried_again() -> None:
    reports: queue.Queue[str] = queue.Queue()
    sink = QueueSink(fail_writes=1)
    live = LiveBed(BedRenderer(steady_bed()), sink, Clock(), report=reports.put)
    try:
        assert reports.get(timeout=WAIT) == "The sound bed stopped: the device went away"
        assert sink.closed.wait(WAIT)  # released, to be opened again after RETRY_SECONDS
        assert reports.empty()
    finally:
        close_while_draining(live, sink)


def test_closing_while_it_sounds_fades_out_rather_than_cutting() -> None:
    sink = QueueSink()
    live = LiveBed(BedRenderer(steady_bed(level=1.0)), sink, Clock())
    sink.take()
    written: list[np.ndarray] = []
    stop = threading.Event()

    def keep_all() -> None:
        while not stop.is_set():
            try:
                written.append(np.frombuffer(sink.blocks.get(timeout=0.05), dtype=np.int16) / 32767)
            except queue.Empty:
                continue

    taker = threading.Thread(target=keep_all)
    taker.start()
    live.close()
    stop.set()
    taker.join()
    while not sink.blocks.empty():
        written.append(sink.take())
    last = written[-1]
    assert len(last) < BLOCK_FRAMES  # the short fade block
    assert abs(last[-1]) < 0.002 and abs(last[0]) > abs(last[-1])


def test_background_streams_are_made_off_the_writers_thread() -> None:
    streams = BackgroundStreams(seed=0, sample_rate=SAMPLE_RATE)
    assert streams(BedSound.WHITE) is None  # being made
    for thread in [t for t in threading.enumerate() if t.name == "bed-white"]:
        thread.join(WAIT)
    made = streams(BedSound.WHITE)
    assert isinstance(made, NoiseStream) and streams(BedSound.WHITE) is made


# ------------------------------------------------------------------ on the PulseAudio rig


@pytest.fixture(params=["pyaudio", "aplay"])
def outputs(request: pytest.FixtureRequest, audio_rig: AudioRig) -> Iterator[tuple[object, object]]:  # noqa: F811
    if request.param == "pyaudio":
        pytest.importorskip("pyaudio")
    player = open_default_output(prefer=request.param)
    yield player, continuous_output(player, SAMPLE_RATE, BLOCK_FRAMES)
    player.close()


@pytest.mark.audio
def test_the_bed_goes_on_under_the_voice_and_stop_cuts_only_the_voice(outputs, audio_rig: AudioRig) -> None:  # noqa: F811
    player, sink = outputs
    bed = steady_bed(BedSound.PINK, level=0.5)
    live = LiveBed(BedRenderer(bed), sink, time.monotonic)  # type: ignore[arg-type]
    rate = SAMPLE_RATE
    try:
        with audio_rig.recording() as rec:
            assert rec.wait_for_sound(threshold=0.01), "the bed never reached the speaker"
            player.play(tone(5.0, frequency=1000.0, amplitude=0.4), on_done=lambda: None)  # type: ignore[attr-defined]
            rec.wait_for_frames(rec.frames() + rate)
            player.stop()  # type: ignore[attr-defined]
            stopped_at = rec.frames()
            rec.wait_for_frames(stopped_at + int(1.5 * rate))
        heard = rec.clip().samples
    finally:
        live.close()
    after = heard[stopped_at + int(0.4 * rate) : stopped_at + int(1.4 * rate)]
    spectrum = np.abs(np.fft.rfft(after * np.hanning(len(after))))
    freqs = np.fft.rfftfreq(len(after), 1 / rate)
    at_tone = spectrum[(freqs > 990) & (freqs < 1010)].max()
    around = np.median(spectrum[(freqs > 800) & (freqs < 1200)])
    assert at_tone < 20 * around  # the tone is gone...
    assert rms(after) > 0.01  # ...and the bed is still there
