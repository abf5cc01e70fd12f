"""VoiceListener with real webrtcvad and pocketsphinx on espeak-ng commands; the microphone is scripted."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator

import numpy as np
import pytest

from voicecoach.adapters.listener import (
    RECOGNISER_FAILED,
    MICROPHONE_FOUND,
    MICROPHONE_LOST,
    MICROPHONE_MISSING,
    RECOGNISER_MISSING,
    ListenerSettings,
    VoiceListener,
    WebRtcVoiceGate,
    first_source,
)
from voicecoach.audio import AudioClip
from voicecoach.commands import Command, CommandId
from voicecoach.errors import MicrophoneError, RecognizerError
from voicecoach.events import Speaking
from voicecoach.sounds import SpeechKind
from voicecoach.listening.ports import Recognition
from voicecoach.listening.rejection import Rejection
from voicecoach.ports import CommandArrived, LoopEvent, Notice, NotUnderstood, SoundFinished

from voice_clips import frames_16k, speech_end, spoken

WAIT = 30.0  # generous upper bound for the listener thread to get somewhere; not a timing check


class ScriptedSource:
    """Frames from a list, then either an error (the device went away) or waiting until closed."""

    def __init__(self, frames: list[bytes], then_fail: bool = False) -> None:
        self._frames = list(frames)
        self._then_fail = then_fail
        self.closed = threading.Event()

    def read(self) -> bytes:
        if self._frames:
            return self._frames.pop(0)
        if self._then_fail:
            raise MicrophoneError("the microphone sent no sound for 1 seconds")
        self.closed.wait()
        raise MicrophoneError("closed")

    def close(self) -> None:
        self.closed.set()


class ScriptedOpener:
    """Hands out sources or raises errors in order; afterwards an idle source."""

    def __init__(self, *outcomes: ScriptedSource | MicrophoneError) -> None:
        self._outcomes = list(outcomes)
        self.calls = 0

    def __call__(self) -> ScriptedSource:
        self.calls += 1
        outcome = self._outcomes.pop(0) if self._outcomes else ScriptedSource([])
        if isinstance(outcome, MicrophoneError):
            raise outcome
        return outcome


@pytest.fixture(scope="module")
def recognizer(whisper_model):  # type: ignore[no-untyped-def]
    """The default recogniser, Whisper base, as a live session builds it."""
    from voicecoach.adapters.recognizers.whisper.recognizer import WhisperRecognizer

    return WhisperRecognizer(whisper_model)


class Harness:
    """A listener posting into a queue, with a clock the test sets."""

    def __init__(self, recognizer, opener, settings: ListenerSettings = ListenerSettings(retry_seconds=0.0)) -> None:  # type: ignore[no-untyped-def]
        self.events: queue.Queue[LoopEvent] = queue.Queue()
        self.reports: list[str] = []
        self.time = 100.0
        self.listener = VoiceListener(
            self.events.put, lambda: self.time, lambda: recognizer,
            open_source=opener, settings=settings, report=self.reports.append,
        )

    def next_event(self) -> LoopEvent:
        return self.events.get(timeout=WAIT)


@pytest.fixture
def harnesses() -> Iterator[list[Harness]]:
    made: list[Harness] = []
    yield made
    for harness in made:
        harness.listener.close()


def command_frames(text: str) -> list[bytes]:
    return frames_16k(*spoken(text))


def test_a_spoken_command_arrives_as_a_voice_command(recognizer, harnesses) -> None:  # type: ignore[no-untyped-def]
    harness = Harness(recognizer, ScriptedOpener(ScriptedSource(command_frames("next tip"))))
    harnesses.append(harness)
    harness.listener.start()
    assert harness.next_event() == CommandArrived(Command(CommandId.NEXT), origin="voice")


def test_our_own_words_heard_back_are_not_obeyed(recognizer, harnesses) -> None:  # type: ignore[no-untyped-def]
    frames = command_frames("faster") + command_frames("stop")
    harness = Harness(recognizer, ScriptedOpener(ScriptedSource(frames)))
    harnesses.append(harness)
    # The reader has just said "Faster." and is still within the echo tail when the clip ends.
    harness.listener.on_player_event(Speaking(99.5, 1, "Faster.", SpeechKind.CONFIRMATION))
    harness.listener.on_loop_event(SoundFinished(1))
    harness.listener.start()
    # "faster" is dropped as an echo; "stop" (not among the words said) still arrives.
    assert harness.next_event() == CommandArrived(Command(CommandId.STOP), origin="voice")


def test_a_missing_microphone_is_said_once_and_its_return_too(recognizer, harnesses) -> None:  # type: ignore[no-untyped-def]
    gone = MicrophoneError("no microphone could be opened")
    opener = ScriptedOpener(gone, gone, gone, ScriptedSource(command_frames("pause")))
    harness = Harness(recognizer, opener)
    harnesses.append(harness)
    harness.listener.start()
    assert harness.next_event() == Notice(MICROPHONE_MISSING, gone)
    assert harness.next_event() == Notice(MICROPHONE_FOUND)
    assert harness.next_event() == CommandArrived(Command(CommandId.PAUSE), origin="voice")
    assert opener.calls >= 4
    assert len([report for report in harness.reports if "keep trying" in report]) == 1


def test_without_listen_a_missing_microphone_at_the_start_is_only_printed(recognizer, harnesses) -> None:  # type: ignore[no-untyped-def]
    gone = MicrophoneError("no microphone could be opened")
    settings = ListenerSettings(retry_seconds=0.0, say_missing_at_start=False)
    harness = Harness(recognizer, ScriptedOpener(gone, ScriptedSource([])), settings)
    harnesses.append(harness)
    harness.listener.start()
    assert harness.next_event() == Notice(MICROPHONE_FOUND)
    assert harness.reports[0].startswith("no microphone could be opened")


def test_a_microphone_lost_mid_session_is_said_and_found_again(recognizer, harnesses) -> None:  # type: ignore[no-untyped-def]
    opener = ScriptedOpener(ScriptedSource(command_frames("louder"), then_fail=True), ScriptedSource(command_frames("turn it down")))
    harness = Harness(recognizer, opener)
    harnesses.append(harness)
    harness.listener.start()
    assert harness.next_event() == CommandArrived(Command(CommandId.LOUDER), origin="voice")
    lost = harness.next_event()
    assert isinstance(lost, Notice) and lost.message == MICROPHONE_LOST
    assert harness.next_event() == Notice(MICROPHONE_FOUND)
    assert harness.next_event() == CommandArrived(Command(CommandId.QUIETER), origin="voice")


def test_a_near_miss_in_silence_gets_not_understood(harnesses) -> None:  # type: ignore[no-untyped-def]
    # The real decoder gives no reliable near miss for a fixed clip, so this one is scripted:
    # speech made of command words that is not a phrasing ("go to the").
    class NearMiss:
        grammar = None

        def recognize(self, clip: AudioClip) -> Recognition:
            return Recognition(None, "go to the", Rejection.NOT_A_PHRASING, 0.8, None)

    harness = Harness(NearMiss(), ScriptedOpener(ScriptedSource(command_frames("go to the"))))
    harnesses.append(harness)
    harness.listener.start()
    assert harness.next_event() == NotUnderstood("go to the")


def test_a_recogniser_that_cannot_start_is_said_and_listening_ends(harnesses) -> None:  # type: ignore[no-untyped-def]
    def broken():  # type: ignore[no-untyped-def]
        raise RecognizerError("pocketsphinx is not installed")

    events: queue.Queue[LoopEvent] = queue.Queue()
    listener = VoiceListener(events.put, lambda: 0.0, broken, open_source=ScriptedOpener())
    listener.start()
    notice = events.get(timeout=WAIT)
    assert isinstance(notice, Notice) and notice.message == RECOGNISER_MISSING
    listener.close()


def test_webrtc_gate_hears_speech_and_not_silence() -> None:
    gate = WebRtcVoiceGate()
    frames = command_frames("restart")  # 0.3 s noise floor, the word, 0.6 s noise floor
    flags = [gate.is_speech(frame) for frame in frames]
    assert any(flags[10:-20])
    assert not any(flags[-10:])


def test_first_source_hands_back_the_probe_then_opens_anew() -> None:
    probe, later = ScriptedSource([]), ScriptedSource([])
    opener = ScriptedOpener(probe, later)
    reopen = first_source(insist=False, report=lambda message: None, open_source=opener)
    assert reopen is not None
    assert reopen() is probe
    assert reopen() is later


def test_first_source_without_a_microphone() -> None:
    reports: list[str] = []
    gone = ScriptedOpener(MicrophoneError("no microphone could be opened"), MicrophoneError("still none"))
    assert first_source(insist=False, report=reports.append, open_source=gone) is None
    assert "voice commands are off" in reports[0]
    insisting = first_source(insist=True, report=reports.append, open_source=gone)
    assert insisting is gone


class SurenessRecorder:
    """Hears 'stop' in every clip, rated sure only when a rating is asked for; records the asks."""

    grammar = None

    def __init__(self) -> None:
        self.calls: list[bool] = []

    def recognize(self, clip: AudioClip, *, need_sureness: bool = False) -> Recognition:
        self.calls.append(need_sureness)
        return Recognition(Command(CommandId.STOP), "stop", None, 0.5, 1.0 if need_sureness else None, "stop")


def test_a_rating_is_asked_for_only_while_the_program_speaks(harnesses) -> None:  # type: ignore[no-untyped-def]
    quiet = SurenessRecorder()
    harness = Harness(quiet, ScriptedOpener(ScriptedSource(command_frames("stop"))))
    harnesses.append(harness)
    harness.listener.start()
    assert harness.next_event() == CommandArrived(Command(CommandId.STOP), origin="voice")
    assert quiet.calls == [False]

    speaking = SurenessRecorder()
    harness = Harness(speaking, ScriptedOpener(ScriptedSource(command_frames("stop"))))
    harnesses.append(harness)
    harness.listener.on_player_event(Speaking(99.5, 1, "Rest your legs.", SpeechKind.CONTENT))
    harness.listener.start()
    assert harness.next_event() == CommandArrived(Command(CommandId.STOP), origin="voice")
    assert speaking.calls == [True]


def test_an_engine_that_always_rates_is_obeyed_over_playback_when_sure(harnesses) -> None:  # type: ignore[no-untyped-def]
    # Whisper and Vosk rate every clip; without the rating reaching the echo guard, every
    # command said over the reading would be taken as unsure.
    class RatingEngine:
        def recognize(self, clip: AudioClip, *, need_sureness: bool = False) -> Recognition:
            return Recognition(Command(CommandId.STOP), "stop", None, 0.5, 0.97, "stop")

    harness = Harness(RatingEngine(), ScriptedOpener(ScriptedSource(command_frames("stop"))))
    harnesses.append(harness)
    harness.listener.on_player_event(Speaking(99.5, 1, "Rest your legs.", SpeechKind.CONTENT))
    harness.listener.start()
    assert harness.next_event() == CommandArrived(Command(CommandId.STOP), origin="voice")


def test_a_recogniser_that_throws_is_said_once_and_listening_goes_on(recognizer, harnesses) -> None:  # type: ignore[no-untyped-def]
    class Flaky:
        grammar = None

        def __init__(self) -> None:
            self.calls = 0

        def recognize(self, clip: AudioClip, *, need_sureness: bool = False) -> Recognition:
            self.calls += 1
            if self.calls <= 2:
                raise RecognizerError("pocketsphinx failed to decode the clip")
            return recognizer.recognize(clip, need_sureness=need_sureness)

    frames = command_frames("pause") + command_frames("pause") + command_frames("next tip")
    harness = Harness(Flaky(), ScriptedOpener(ScriptedSource(frames)))
    harnesses.append(harness)
    harness.listener.start()
    notice = harness.next_event()
    assert isinstance(notice, Notice) and notice.message == RECOGNISER_FAILED
    assert harness.next_event() == CommandArrived(Command(CommandId.NEXT), origin="voice")  # no second notice


def test_a_microphone_sending_garbage_obeys_nothing(recognizer, harnesses) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(7)
    garbage = [rng.integers(-32768, 32767, 480, dtype=np.int16).tobytes() for _ in range(150)]  # 4.5 s of static
    clicks = [np.full(480, 32767 if i % 2 else -32768, dtype=np.int16).tobytes() for i in range(20)]
    frames = garbage + clicks + command_frames("stop")
    harness = Harness(recognizer, ScriptedOpener(ScriptedSource(frames)))
    harnesses.append(harness)
    harness.listener.start()
    # The first thing that gets through is the real command after the garbage.
    assert harness.next_event() == CommandArrived(Command(CommandId.STOP), origin="voice")


class CountingRecognizer:
    """The real recogniser, noting the length of every clip it is given."""

    def __init__(self, inner) -> None:  # type: ignore[no-untyped-def]
        self.inner = inner
        self.clip_seconds: list[float] = []

    def recognize(self, clip: AudioClip, *, need_sureness: bool = False) -> Recognition:
        self.clip_seconds.append(clip.duration)
        return self.inner.recognize(clip, need_sureness=need_sureness)


def test_a_command_is_decoded_once_while_the_hangover_runs_out(recognizer, harnesses) -> None:  # type: ignore[no-untyped-def]
    counting = CountingRecognizer(recognizer)
    harness = Harness(counting, ScriptedOpener(ScriptedSource(command_frames("next section"))))
    harnesses.append(harness)
    harness.listener.start()
    assert harness.next_event() == CommandArrived(Command(CommandId.NEXT_SECTION), origin="voice")
    assert len(counting.clip_seconds) == 1  # the early decoding stood: nothing was said after it


def test_words_after_a_short_pause_are_decoded_with_those_before(recognizer, harnesses) -> None:  # type: ignore[no-untyped-def]
    first, rate = spoken("turn it")
    first = first[: int((speech_end("turn it") + 0.25) * rate)]  # a pause longer than the early wait
    second, _ = spoken("up", before=0.0)
    counting = CountingRecognizer(recognizer)
    harness = Harness(counting, ScriptedOpener(ScriptedSource(frames_16k(np.concatenate([first, second]), rate))))
    harnesses.append(harness)
    harness.listener.start()
    assert harness.next_event() == CommandArrived(Command(CommandId.LOUDER), origin="voice")
    assert len(counting.clip_seconds) == 2  # the early try on "turn it" alone was dropped
    assert counting.clip_seconds[1] > counting.clip_seconds[0]
