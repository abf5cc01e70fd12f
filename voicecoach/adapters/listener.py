"""Continuous listening: microphone frames → voice gate → utterances → recogniser → loop events.

A `VoiceListener` runs one daemon thread that
1. opens the microphone (retrying every `retry_seconds` while there is none, saying so once),
2. asks webrtcvad whether each 30 ms frame is speech and cuts utterances with the pure
   `UtteranceSegmenter` (an energy threshold alone fires on fans and breathing),
3. recognises each utterance on a decoder thread, starting as soon as the speech has gone
   quiet for a moment (the segmenter's provisional utterance) rather than after the whole
   hangover, so the result is mostly ready when the hangover ends; if speech comes back, the
   early result is dropped and the whole utterance decoded. Not while the program speaks: the
   echo guard's fit limit was measured on whole utterances, and "stop" said over our own voice
   fitted worse with the shorter real tail (refused as unsure on the rig). Then the pure
   `EchoGuard` decides:
   a command is posted as
   `CommandArrived(command, origin="voice")`, a near miss as `NotUnderstood(transcript)`,
   echoes of our own voice and noise are only logged.
The player already answers a command with the ACK earcon and a near miss with the
NOT_UNDERSTOOD earcon and a hint, so no heard command goes unanswered.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Callable, Protocol

import numpy as np

from voicecoach.adapters.microphone import SAMPLE_RATE, FrameSource, MicrophoneOpener, open_microphone
from voicecoach.audio import AudioClip
from voicecoach.listening.echo import EchoGuard, Heard, Verdict
from voicecoach.errors import MicrophoneError, RecognizerError
from voicecoach.events import EarconPlayed, PlayerEvent, Speaking
from voicecoach.ports import CommandArrived, LoopEvent, Notice, NotUnderstood, SoundFinished
from voicecoach.listening.ports import Recognition
from voicecoach.listening.noise_floor import NoiseFloor, NoiseFloorSettings
from voicecoach.listening.segmenter import SegmenterSettings, Utterance, UtteranceSegmenter

logger = logging.getLogger(__name__)

MICROPHONE_MISSING = "I can't hear a microphone. Keys still work; I'll keep listening for one."
MICROPHONE_LOST = "I lost the microphone. Keys still work; I'll keep listening for one."
MICROPHONE_FOUND = "Microphone found. I'm listening."
RECOGNISER_FAILED = "I had trouble understanding speech just now. Keys still work."
RECOGNISER_MISSING = "I can't understand speech on this computer, so only keys will work."


class VoiceGate(Protocol):
    """Says whether a 30 ms frame of 16 kHz PCM holds speech."""

    def is_speech(self, frame: bytes) -> bool: ...


class WebRtcVoiceGate:
    """webrtcvad's voice-activity detector (aggressiveness 0..3; higher rejects more noise)."""

    def __init__(self, aggressiveness: int = 2) -> None:
        try:
            import webrtcvad
        except ImportError as error:
            raise RecognizerError("webrtcvad is not installed; run scripts/setup to install it") from error
        self._vad = webrtcvad.Vad(aggressiveness)

    def is_speech(self, frame: bytes) -> bool:
        """True if webrtcvad hears speech in `frame`."""
        return bool(self._vad.is_speech(frame, SAMPLE_RATE))


class ClipRecognizer(Protocol):
    """The recogniser port (see voicecoach.listening.ports.Recognizer)."""

    def recognize(self, clip: AudioClip, *, need_sureness: bool = False) -> Recognition: ...


@dataclass(frozen=True)
class ListenerSettings:
    """How the listener behaves around a missing microphone."""

    retry_seconds: float = 3.0
    """How often to try the microphone again while there is none."""
    say_missing_at_start: bool = True
    """Speak MICROPHONE_MISSING if there is no microphone at the start (False: only print it)."""
    segmenter: SegmenterSettings = SegmenterSettings()
    noise_floor: NoiseFloorSettings = NoiseFloorSettings()
    """Frames must stand this far above the room's noise to count as speech."""


class VoiceListener:
    """Listens in a daemon thread and posts voice commands to a session loop; `close` stops it."""

    def __init__(
        self,
        post: Callable[[LoopEvent], None],
        clock: Callable[[], float],
        make_recognizer: Callable[[], ClipRecognizer],
        *,
        guard: EchoGuard | None = None,
        open_source: MicrophoneOpener = open_microphone,
        make_gate: Callable[[], VoiceGate] = WebRtcVoiceGate,
        settings: ListenerSettings = ListenerSettings(),
        report: Callable[[str], None] = lambda message: None,
    ) -> None:
        self._post = post
        self._clock = clock
        self._make_recognizer = make_recognizer
        self._open_source = open_source
        self._make_gate = make_gate
        self._settings = settings
        self._report = report
        self._guard = guard if guard is not None else EchoGuard()
        self._guard_lock = threading.Lock()
        self._closed = threading.Event()
        self._recognizer_failed = False
        self._source: FrameSource | None = None
        self._thread = threading.Thread(target=self._run, name="voice-listener", daemon=True)

    def start(self) -> None:
        """Begin listening in the background."""
        self._thread.start()

    def close(self, timeout: float = 2.0) -> None:
        """Stop listening and release the microphone."""
        self._closed.set()
        source = self._source
        if source is not None:
            source.close()
        if self._thread.is_alive():
            self._thread.join(timeout)

    # ----------------------------------------------------------------- what we say

    def on_player_event(self, event: PlayerEvent) -> None:
        """Follow the sounds a player starts, so our own voice is not taken for a command."""
        if isinstance(event, (Speaking, EarconPlayed)):
            text = event.text if isinstance(event, Speaking) else str(event.name)
            with self._guard_lock:
                self._guard.started(text, event.at, words=isinstance(event, Speaking))

    def on_loop_event(self, event: LoopEvent) -> None:
        """Follow events posted by the speaker: a finished sound ends what we were saying."""
        if isinstance(event, SoundFinished):
            with self._guard_lock:
                self._guard.ended(self._clock())

    def tap(self, post: Callable[[LoopEvent], None]) -> Callable[[LoopEvent], None]:
        """Wrap a speaker's `post` so finished sounds are noted here before reaching the loop."""

        def tapped(event: LoopEvent) -> None:
            self.on_loop_event(event)
            post(event)

        return tapped

    # ----------------------------------------------------------------- the thread

    def _run(self) -> None:
        try:
            recognizer = self._make_recognizer()
            gate = self._make_gate()
        except RecognizerError as error:
            self._report(f"{error}")
            self._post(Notice(RECOGNISER_MISSING, error))
            return
        grammar = getattr(recognizer, "grammar", None)
        if grammar is not None and not self._guard.command_words:
            self._guard.command_words = frozenset(word.lower() for word in grammar.words())
        missing_said = False
        first = True
        while not self._closed.is_set():
            try:
                source = self._open_source()
            except MicrophoneError as error:
                if not missing_said:
                    missing_said = True
                    self._report(f"{error}; I'll keep trying every {self._settings.retry_seconds:g} seconds")
                    if self._settings.say_missing_at_start or not first:
                        self._post(Notice(MICROPHONE_MISSING, error))
                first = False
                self._closed.wait(self._settings.retry_seconds)
                continue
            if missing_said:
                self._report("microphone found; listening again")
                self._post(Notice(MICROPHONE_FOUND))
            missing_said = False
            first = False
            self._source = source
            try:
                self._listen(source, gate, recognizer)
            except MicrophoneError as error:
                if self._closed.is_set():
                    return
                missing_said = True
                self._report(f"{error}; I'll keep trying every {self._settings.retry_seconds:g} seconds")
                self._post(Notice(MICROPHONE_LOST, error))
            finally:
                self._source = None
                source.close()

    def _listen(self, source: FrameSource, gate: VoiceGate, recognizer: ClipRecognizer) -> None:
        segmenter = UtteranceSegmenter(self._settings.segmenter)
        floor = NoiseFloor(self._settings.noise_floor)
        early: tuple[float, Future[_Decoded]] | None = None
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="voice-decoder") as decoder:
            while not self._closed.is_set():
                frame = source.read()
                loud = floor.is_loud(frame)  # always, so the floor follows the room
                utterance = segmenter.process(frame, loud and gate.is_speech(frame))
                provisional = segmenter.provisional()
                if provisional is not None:
                    if self._speaking_during(provisional, now := self._clock()):
                        logger.debug("no early decoding: we made a sound during the utterance")
                    else:
                        early = (provisional.speech_seconds, decoder.submit(self._recognise, provisional, recognizer, now))
                if utterance is None:
                    continue
                if early is not None and early[0] == utterance.speech_seconds and not utterance.too_long:
                    decoded = early[1]  # nothing was said since: the early decoding stands
                else:
                    if early is not None:
                        logger.debug("early decoding dropped: %.2f s of speech, then %.2f s", early[0], utterance.speech_seconds)
                    decoded = decoder.submit(self._recognise, utterance, recognizer, self._clock())
                early = None
                decoder.submit(self._act, decoded)

    def _speaking_during(self, utterance: Utterance, ended: float) -> bool:
        """True if we made a sound while `utterance` (ending at `ended`) was heard."""
        with self._guard_lock:
            return self._guard.speaking_during(ended - utterance.seconds, ended)

    def _recognise(self, utterance: Utterance, recognizer: ClipRecognizer, ended: float) -> "_Decoded":
        started = ended - utterance.seconds
        if utterance.too_long:
            logger.debug("ignored %.1f s of talk: too long for a command", utterance.seconds)
            return _Decoded(utterance, None, started, ended)
        samples = np.frombuffer(utterance.pcm, dtype="<i2").astype(np.float32) / 32768.0
        speaking = self._speaking_during(utterance, ended)
        clip = AudioClip(samples, SAMPLE_RATE)
        try:
            # pocketsphinx rates a command only at the cost of a second decode; only the
            # guard's check of commands said over our own voice needs the rating.
            recognition = recognizer.recognize(clip, need_sureness=True) if speaking else recognizer.recognize(clip)
        except RecognizerError as error:
            logger.warning("could not recognise an utterance: %s", error)
            if not self._recognizer_failed:  # said once: a failing recogniser must not talk all night
                self._recognizer_failed = True
                self._report(str(error))
                self._post(Notice(RECOGNISER_FAILED, error))
            return _Decoded(utterance, None, started, ended)
        return _Decoded(utterance, recognition, started, ended)

    def _act(self, decoded: "Future[_Decoded]") -> None:
        """Obey, answer or ignore what was decoded (runs on the decoder thread, in order)."""
        try:
            result = decoded.result()
        except Exception:  # a fault in one decoding must not end listening for the night
            logger.exception("decoding an utterance failed")
            return
        recognition = result.recognition
        if recognition is None:
            return
        heard = Heard(
            recognition.command,
            recognition.text,
            result.started,
            result.ended,
            recognition.speech_seconds or result.utterance.speech_seconds,
            recognition.sureness,
            recognition.rejected,
            recognition.phrase,
        )
        with self._guard_lock:
            verdict = self._guard.judge(heard)
        logger.info(
            "heard %r as %r (%s, sureness %s): %s",
            recognition.text, recognition.phrase, recognition.rejected or f"command {recognition.command}",
            recognition.sureness, verdict,
        )
        if verdict is Verdict.OBEY and recognition.command is not None:
            self._post(CommandArrived(recognition.command, origin="voice"))
        elif verdict is Verdict.NOT_UNDERSTOOD:
            self._post(NotUnderstood(recognition.text))


@dataclass(frozen=True)
class _Decoded:
    """An utterance, what the recogniser made of it (None: nothing to act on), and when it was."""

    utterance: Utterance
    recognition: Recognition | None
    started: float
    ended: float


def first_source(
    insist: bool,
    report: Callable[[str], None],
    open_source: MicrophoneOpener = open_microphone,
) -> MicrophoneOpener | None:
    """Try the microphone once before a session starts.

    Returns an opener that first hands back the microphone already opened (so it is not opened
    twice), or plain `open_source` when there is none but the listener insists (--listen: it
    says so and keeps trying). Without a microphone and without --listen, returns None after
    printing one line: the session then runs on keys alone.
    """
    try:
        opened: FrameSource | None = open_source()
    except MicrophoneError as error:
        if insist:
            return open_source
        report(f"{error}; voice commands are off (use --listen to keep trying)")
        return None
    lock = threading.Lock()

    def reopen() -> FrameSource:
        nonlocal opened
        with lock:
            source, opened = opened, None
        return source if source is not None else open_source()

    return reopen
