"""LiveSpeaker: generations, finished events and notices; then real speech on the PulseAudio rig."""

from __future__ import annotations

import logging
import queue
import threading
from typing import Callable, Iterator

import numpy as np
import pytest

try:  # tests/ on sys.path (pytest's default for a directory without __init__.py)
    from audio_rig import AudioRig, audio_rig, rms, tone  # noqa: F401  (fixture)
except ModuleNotFoundError:  # tests/ made a package: run from the repository root
    from tests.audio_rig import AudioRig, audio_rig, rms, tone  # noqa: F401  (fixture)
from voicecoach.adapters.live_speaker import LiveSpeaker
from voicecoach.adapters.playback import ClipPlayer, open_default_output
from voicecoach.audio import AudioClip
from voicecoach.errors import AudioOutputError, SpeechEngineError
from voicecoach.ports import LoopEvent, Notice, SoundFinished
from voicecoach.sounds import Earcon, EarconName, Speech, SpeechKind, Voice

WAIT = 10.0  # seconds a test waits for a worker thread before failing (never reached when healthy)


def speech(sound_id: int, text: str = "hello", kind: SpeechKind = SpeechKind.CONTENT) -> Speech:
    return Speech(sound_id, text, kind, Voice())


class ToneSynthesizer:
    """A synthesiser stand-in: a short tone per text; raises for texts in `failing`."""

    def __init__(self, failing: tuple[str, ...] = ()) -> None:
        self.failing = failing
        self.texts: list[str] = []

    def synthesize(self, text: str, voice: Voice) -> AudioClip:
        self.texts.append(text)
        if text in self.failing:
            raise SpeechEngineError(f"cannot say {text!r}")
        return tone(0.05)


class ManualClipPlayer:
    """A ClipPlayer the test finishes by hand, to drive every interleaving deterministically."""

    def __init__(self, fail_with: AudioOutputError | None = None) -> None:
        self.started: queue.Queue[tuple[AudioClip, Callable[[], None], Callable[..., None] | None]] = queue.Queue()
        self.stops = 0
        self.fail_with = fail_with

    def play(self, clip: AudioClip, on_done: Callable[[], None], on_error: Callable[..., None] | None = None) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        self.started.put((clip, on_done, on_error))

    def stop(self) -> None:
        self.stops += 1

    def close(self) -> None:
        self.stops += 1

    def next_start(self) -> tuple[AudioClip, Callable[[], None], Callable[..., None] | None]:
        return self.started.get(timeout=WAIT)


class Posted:
    """Collects posted loop events across threads."""

    def __init__(self) -> None:
        self.events: queue.Queue[LoopEvent] = queue.Queue()

    def __call__(self, event: LoopEvent) -> None:
        self.events.put(event)

    def next(self) -> LoopEvent:
        return self.events.get(timeout=WAIT)

    def rest(self) -> list[LoopEvent]:
        found: list[LoopEvent] = []
        while not self.events.empty():
            found.append(self.events.get_nowait())
        return found


@pytest.fixture
def posted() -> Posted:
    return Posted()


@pytest.fixture
def player() -> ManualClipPlayer:
    return ManualClipPlayer()


@pytest.fixture
def make_speaker(posted: Posted) -> Iterator[Callable[..., LiveSpeaker]]:
    speakers: list[LiveSpeaker] = []

    def make(synthesizer: object, clip_player: object) -> LiveSpeaker:
        speaker = LiveSpeaker(synthesizer, clip_player, posted)  # type: ignore[arg-type]
        speakers.append(speaker)
        return speaker

    yield make
    for speaker in speakers:
        speaker.close()


def test_a_played_sound_is_reported_finished(make_speaker, player: ManualClipPlayer, posted: Posted) -> None:
    speaker = make_speaker(ToneSynthesizer(), player)
    speaker.play(speech(1))
    _, on_done, _ = player.next_start()
    on_done()
    assert posted.next() == SoundFinished(1)


def test_earcons_come_from_the_earcon_source(posted: Posted, player: ManualClipPlayer) -> None:
    asked: list[tuple[EarconName, float]] = []

    def source(name: EarconName, volume: float) -> AudioClip:
        asked.append((name, volume))
        return tone(0.02)

    speaker = LiveSpeaker(ToneSynthesizer(), player, posted, earcon_source=source)  # type: ignore[arg-type]
    try:
        speaker.play(Earcon(7, EarconName.ACK, 0.4))
        clip, on_done, _ = player.next_start()
        on_done()
        assert posted.next() == SoundFinished(7)
        assert asked == [(EarconName.ACK, 0.4)]
        assert clip.duration == pytest.approx(0.02, abs=1e-3)
    finally:
        speaker.close()


def test_the_default_earcon_source_renders_real_earcons(make_speaker, player: ManualClipPlayer) -> None:
    speaker = make_speaker(ToneSynthesizer(), player)
    speaker.play(Earcon(3, EarconName.CHIME_BELL, 0.5))
    clip, _, _ = player.next_start()
    assert clip.duration > 0 and rms(clip.samples) > 0


def test_a_stopped_sound_is_never_reported_even_if_the_player_finishes_late(
    make_speaker, player: ManualClipPlayer, posted: Posted
) -> None:
    speaker = make_speaker(ToneSynthesizer(), player)
    speaker.play(speech(1))
    _, late_done, _ = player.next_start()
    speaker.stop()
    late_done()  # the race: the clip thread finishes just as stop() is called
    speaker.play(speech(2))
    _, on_done, _ = player.next_start()
    on_done()
    assert posted.next() == SoundFinished(2)
    assert posted.rest() == []
    assert player.stops >= 1


def test_a_replaced_sound_is_not_reported(make_speaker, player: ManualClipPlayer, posted: Posted) -> None:
    speaker = make_speaker(ToneSynthesizer(), player)
    speaker.play(speech(1))
    _, first_done, _ = player.next_start()
    speaker.play(speech(2))
    _, second_done, _ = player.next_start()
    first_done()
    second_done()
    assert posted.next() == SoundFinished(2)
    assert posted.rest() == []


def test_a_failing_synthesiser_posts_a_notice_and_the_speaker_goes_on(
    make_speaker, player: ManualClipPlayer, posted: Posted
) -> None:
    speaker = make_speaker(ToneSynthesizer(failing=("boom",)), player)
    speaker.play(speech(1, "boom"))
    notice = posted.next()
    assert isinstance(notice, Notice)
    assert isinstance(notice.error, SpeechEngineError)
    assert "boom" in notice.message
    speaker.play(speech(2, "fine"))
    _, on_done, _ = player.next_start()
    on_done()
    assert posted.next() == SoundFinished(2)


def test_an_unexpected_synthesiser_crash_is_a_notice_too(make_speaker, player: ManualClipPlayer, posted: Posted) -> None:
    class Crashing:
        def synthesize(self, text: str, voice: Voice) -> AudioClip:
            raise RuntimeError("driver fell over")

    speaker = make_speaker(Crashing(), player)
    speaker.play(speech(1))
    notice = posted.next()
    assert isinstance(notice, Notice) and isinstance(notice.error, SpeechEngineError)
    assert "driver fell over" in notice.message


def test_a_failing_player_posts_a_notice(make_speaker, posted: Posted) -> None:
    broken = ManualClipPlayer(fail_with=AudioOutputError("the speaker went away"))
    speaker = make_speaker(ToneSynthesizer(), broken)
    speaker.play(speech(1))
    notice = posted.next()
    assert notice == Notice("the speaker went away", broken.fail_with, failed_sound_id=1)


def test_a_playback_error_after_the_start_is_a_notice(make_speaker, player: ManualClipPlayer, posted: Posted) -> None:
    speaker = make_speaker(ToneSynthesizer(), player)
    speaker.play(speech(1))
    _, _, on_error = player.next_start()
    assert on_error is not None
    error = AudioOutputError("the device stopped working")
    on_error(error)
    assert posted.next() == Notice("the device stopped working", error, failed_sound_id=1)


def test_failing_to_say_an_error_is_logged_and_counted_as_said(make_speaker, player: ManualClipPlayer, posted: Posted) -> None:
    logged: queue.Queue[logging.LogRecord] = queue.Queue()
    handler = logging.Handler()
    handler.emit = logged.put  # type: ignore[method-assign]
    log = logging.getLogger("voicecoach.adapters.live_speaker")
    log.addHandler(handler)
    try:
        speaker = make_speaker(ToneSynthesizer(failing=("speech is broken",)), player)
        speaker.play(speech(1, "speech is broken", kind=SpeechKind.ERROR))
        record = logged.get(timeout=WAIT)
    finally:
        log.removeHandler(handler)
    assert "speech is broken" in record.getMessage()
    # A notice here would be spoken, fail, and be posted again, forever; finished lets the player go on.
    assert posted.next() == SoundFinished(1)
    assert posted.rest() == []
    speaker.play(speech(2, "fine"))
    _, on_done, _ = player.next_start()
    on_done()
    assert posted.next() == SoundFinished(2)


def test_prefetch_synthesises_ahead(make_speaker, player: ManualClipPlayer, posted: Posted) -> None:
    synthesizer = ToneSynthesizer()
    speaker = make_speaker(synthesizer, player)
    speaker.play(speech(6, "this sentence"))
    speaker.prefetch("next sentence", Voice())
    _, on_done, _ = player.next_start()
    on_done()
    assert posted.next() == SoundFinished(6)
    speaker.close()  # lets the worker drain its queue
    assert synthesizer.texts == ["this sentence", "next sentence"]


class GatedSynthesizer(ToneSynthesizer):
    """Holds the first synthesis until the test opens the gate."""

    def __init__(self) -> None:
        super().__init__()
        self.entered = threading.Event()
        self.gate = threading.Event()

    def synthesize(self, text: str, voice: Voice) -> AudioClip:
        if not self.entered.is_set():
            self.entered.set()
            self.gate.wait(WAIT)
        return super().synthesize(text, voice)


def test_a_new_sound_drops_the_prefetches_not_yet_begun(make_speaker, player: ManualClipPlayer, posted: Posted) -> None:
    synthesizer = GatedSynthesizer()
    speaker = make_speaker(synthesizer, player)
    speaker.play(speech(1, "first"))
    assert synthesizer.entered.wait(WAIT)
    speaker.prefetch("what would have followed the first", Voice())
    speaker.play(speech(2, "second"))  # e.g. "next" said: the guess about what follows is stale
    synthesizer.gate.set()
    _, on_done, _ = player.next_start()
    on_done()
    assert posted.next() == SoundFinished(2)
    speaker.close()
    assert synthesizer.texts == ["first", "second"]


# -- on the rig, with real speech ----------------------------------------------------------


@pytest.fixture(params=["espeak-ng", "piper"])
def live(request: pytest.FixtureRequest, audio_rig: AudioRig, posted: Posted) -> Iterator[tuple[LiveSpeaker, ClipPlayer]]:  # noqa: F811
    """A live speaker on the rig with each voice: "stop" must cut Piper as fast as espeak-ng."""
    from voicecoach.adapters.tts import Pyttsx3Synthesizer

    own = None
    if request.param == "piper":
        synthesizer = request.getfixturevalue("piper_joe")  # shared by the session: not closed here
    else:
        synthesizer = own = Pyttsx3Synthesizer()
    clip_player = open_default_output()
    speaker = LiveSpeaker(synthesizer, clip_player, posted)
    yield speaker, clip_player
    speaker.close()
    clip_player.close()
    if own is not None:
        own.close()


@pytest.mark.audio
def test_real_speech_is_heard_and_reported_finished(live, audio_rig: AudioRig, posted: Posted) -> None:  # noqa: F811
    speaker, _ = live
    with audio_rig.recording() as rec:
        speaker.play(speech(1, "Let your shoulders drop."))
        assert posted.next() == SoundFinished(1)
    heard = rec.clip().samples
    windows = [rms(heard[i : i + 2205]) for i in range(0, len(heard), 2205)]
    assert max(windows) > 0.02


@pytest.mark.audio
def test_real_speech_stops_at_once_and_is_not_reported(live, audio_rig: AudioRig, posted: Posted) -> None:  # noqa: F811
    speaker, _ = live
    long_text = "Breathe in slowly through the nose, hold it gently, and let it go. " * 3
    with audio_rig.recording() as rec:
        speaker.play(speech(1, long_text))
        assert rec.wait_for_sound(threshold=0.02), "the speech never reached the speaker"
        speaker.stop()
        stopped_at = rec.frames()
        speaker.play(Earcon(2, EarconName.ACK, 0.5))
        assert posted.next() == SoundFinished(2)
        rec.wait_for_frames(stopped_at + int(0.3 * rec.sample_rate))
    assert posted.rest() == []
    # Long speech would still be going; what follows the stop is only the short earcon.
    after = rec.clip().samples[stopped_at:]
    loud = np.flatnonzero(np.abs(after) > 0.01)
    assert len(loud) > 0  # the earcon
    assert (loud[-1] - loud[0]) / rec.sample_rate < 1.0


def test_master_gain_shapes_each_clip_from_when_it_starts(player: ManualClipPlayer, posted: Posted) -> None:
    from voicecoach.adapters.live_speaker import LiveSpeaker

    speaker = LiveSpeaker(ToneSynthesizer(), player, posted, gain_at=lambda t: 0.0 if t >= 9.92 - 1e-9 else 1.0,
                          clock=lambda: 9.9)
    try:
        speaker.play(speech(1))
        clip, _, _ = player.next_start()
        plain = ToneSynthesizer().synthesize("x", speech(1).voice)
        ten_ms = int(0.01 * clip.sample_rate)
        assert np.allclose(clip.samples[:ten_ms], plain.samples[:ten_ms])  # the clip starts at 9.9 s: untouched
        assert np.max(np.abs(clip.samples[2 * ten_ms + 1 :])) == 0.0  # from 9.92 s on: silent
        assert np.max(np.abs(plain.samples[2 * ten_ms + 1 :])) > 0.1
    finally:
        speaker.close()
