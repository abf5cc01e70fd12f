"""Text to speech with pyttsx3 on espeak-ng: each sentence rendered to a WAV, read back as a clip.

Why it is built this way (seen on Debian 12, pyttsx3 2.99, espeak-ng 1.51):

* pyttsx3's espeak driver runs espeak-ng asynchronously. `runAndWait()` returns before the WAV
  is written, so we wait for pyttsx3's "finished-utterance" notification (sent after the file
  is closed), bounded by a timeout.
* Queued `setProperty("rate", ...)` calls were lost: the driver's end-of-loop `stop()` cancels
  espeak's command queue, which still holds the parameter change. Measured: alternating 120 and
  200 wpm gave 7.04 s both times. So we set rate and voice on the driver directly and wait for
  espeak's queue to drain (`espeak_Synchronize`) before each save; the tests check that a slower
  rate gives a longer clip, alternately, several times.
* The driver prints "Audio saved to ..." from espeak's callback thread; we filter exactly that
  line out of stdout while a synthesis runs, letting everything else through.
* pyttsx3 engines are not thread-safe, so one dedicated worker thread owns the engine; callers
  hand it jobs through a queue and wait with a timeout, so a hung engine raises
  `SpeechEngineError` instead of hanging the player. After a timeout the synthesiser is broken
  for good (the stuck thread cannot be killed) and says so on every later call.
* Volume is applied by scaling samples (espeak's own volume stays at 100%), so a volume change
  never needs a new synthesis and the cache holds one clip per (text, rate, voice).
* A voice name is resolved by espeak-ng itself, in the worker thread (`espeak_voices.py`): any
  name `espeak-ng -v` takes (a voice, a voice file, a language, with a +variant) works, and an
  unknown one raises `SpeechEngineError` listing the English voices; espeak-ng would silently
  fall back to its default, and a listener would never learn why the voice did not change.
"""

from __future__ import annotations

import io
import logging
import queue
import shutil
import sys
import tempfile
import threading
from collections import OrderedDict
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO
from collections.abc import Callable

import numpy as np

from voicecoach.adapters.espeak_voices import resolve_espeak_voice
from voicecoach.adapters.wavfile import read_audio
from voicecoach.audio import SAMPLE_RATE, AudioClip
from voicecoach.errors import InputError, SpeechEngineError
from voicecoach.sounds import Voice

logger = logging.getLogger(__name__)

INSTALL_HINT = "install espeak-ng: sudo apt-get install espeak-ng"

SILENCE_THRESHOLD = 0.005
"""Samples quieter than this (about -46 dBFS) count as silence when trimming a clip."""

LEAD_IN_SECONDS = 0.02
"""Silence kept before the first sound, so soft consonants are not clipped."""

TAIL_SECONDS = 0.15
"""Silence kept after the last sound: a short natural tail (espeak adds up to ~0.5 s at slow rates)."""


@dataclass(frozen=True)
class _Job:
    """One synthesis request for the worker thread."""

    text: str
    rate: int
    voice_id: str | None
    path: Path
    result: Future[AudioClip]


@dataclass(frozen=True)
class _VoiceLookup:
    """A voice name for the worker thread to resolve with the engine."""

    name: str
    result: Future[str]


class Pyttsx3Synthesizer:
    """Turns text into speech clips with pyttsx3 (espeak-ng), one engine in one worker thread."""

    def __init__(
        self,
        timeout: float = 10.0,
        cache_size: int = 40,  # ~5 s clips are ~0.4 MB each: 40 keep a tip and the confirmations at hand
        engine_factory: Callable[[], Any] | None = None,
    ) -> None:
        """`engine_factory` builds a pyttsx3-compatible engine (default `pyttsx3.init`); tests inject fakes."""
        self._timeout = timeout
        self._cache_size = cache_size
        self._engine_factory = engine_factory or _default_engine
        self._cache: OrderedDict[tuple[str, int, str | None], AudioClip] = OrderedDict()
        self._lock = threading.Lock()
        self._jobs: queue.Queue[_Job | _VoiceLookup | None] = queue.Queue()
        self._resolved: dict[str, str] = {}  # voice names already resolved → engine identifiers
        self._ready: Future[dict[str, str]] = Future()
        self._worker: threading.Thread | None = None
        self._broken: str | None = None
        self._workdir = Path(tempfile.mkdtemp(prefix="voicecoach-tts-"))
        self._counter = 0

    # -- public ----------------------------------------------------------------------------

    def synthesize(self, text: str, voice: Voice) -> AudioClip:
        """Speech for `text` in `voice` as a clip at SAMPLE_RATE, volume applied, silence trimmed."""
        if not 0.0 <= voice.volume <= 1.0:
            raise InputError(f"speech volume {voice.volume} is out of range; use a value from 0 to 1")
        if voice.rate <= 0:
            raise InputError(f"speech rate {voice.rate} must be a positive number of words per minute")
        if not text.strip():
            return AudioClip(np.zeros(0, dtype=np.float32), SAMPLE_RATE)
        voice_id = self.resolve_voice(voice.name)
        key = (text, voice.rate, voice_id)
        with self._lock:
            clip = self._cache.get(key)
            if clip is not None:
                self._cache.move_to_end(key)
            else:
                clip = self._synthesize_uncached(text, voice.rate, voice_id)
                self._cache[key] = clip
                if len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        return clip.scaled(voice.volume)

    def is_cached(self, text: str, voice: Voice) -> bool:
        """True if speech for `text` at this rate and voice is already in the cache (volume aside)."""
        with self._lock:
            return (text, voice.rate, self.resolve_voice(voice.name)) in self._cache

    def voices(self) -> dict[str, str]:
        """Every voice the engine offers: espeak identifier → human name."""
        return dict(self._await_ready())

    def resolve_voice(self, name: str | None) -> str | None:
        """The engine's identifier for `name`: any name espeak-ng takes ("en-gb", "gmw/en",
        "English (America)", "en-us+f3"); SpeechEngineError for one it does not know."""
        if name is None:
            return None
        known = self._resolved.get(name)
        if known is not None:
            return known
        self._await_ready()
        lookup = _VoiceLookup(name, Future())
        self._jobs.put(lookup)
        try:
            voice_id = lookup.result.result(timeout=self._timeout)
        except FutureTimeout as err:
            self._broken = f"the speech engine hung looking up voice {name!r} and was given up; restart voicecoach"
            raise SpeechEngineError(self._broken) from err
        self._resolved[name] = voice_id
        return voice_id

    def close(self) -> None:
        """Stop the worker thread and remove temporary files."""
        if self._worker is not None and self._worker.is_alive() and self._broken is None:
            self._jobs.put(None)
            self._worker.join(timeout=self._timeout)
        shutil.rmtree(self._workdir, ignore_errors=True)

    def __enter__(self) -> Pyttsx3Synthesizer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- calling side ----------------------------------------------------------------------

    def _await_ready(self) -> dict[str, str]:
        """Start the worker if needed and return its voice table, or raise why it cannot run."""
        if self._broken is not None:
            raise SpeechEngineError(self._broken)
        if self._worker is None:
            self._worker = threading.Thread(target=self._run_worker, name="voicecoach-tts", daemon=True)
            self._worker.start()
        try:
            return self._ready.result(timeout=self._timeout)
        except FutureTimeout as err:
            self._broken = f"the speech engine did not start within {self._timeout:g} s; {INSTALL_HINT}"
            raise SpeechEngineError(self._broken) from err

    def _synthesize_uncached(self, text: str, rate: int, voice_id: str | None) -> AudioClip:
        """Hand one job to the worker and wait for its clip."""
        self._await_ready()
        self._counter += 1
        job = _Job(text, rate, voice_id, self._workdir / f"utterance-{self._counter}.wav", Future())
        self._jobs.put(job)
        try:
            return job.result.result(timeout=self._timeout)
        except FutureTimeout as err:
            self._broken = (
                f"the speech engine hung for more than {self._timeout:g} s and was given up; "
                "restart voicecoach"
            )
            raise SpeechEngineError(self._broken) from err
        finally:
            job.path.unlink(missing_ok=True)

    # -- worker thread ---------------------------------------------------------------------

    def _run_worker(self) -> None:
        """Own the pyttsx3 engine: build it, then serve jobs until told to stop."""
        try:
            session = _EngineSession(self._engine_factory)
        except SpeechEngineError as err:
            self._broken = str(err)
            self._ready.set_exception(err)
            return
        self._ready.set_result(session.voices)
        while (job := self._jobs.get()) is not None:
            if isinstance(job, _VoiceLookup):
                self._look_up(session, job)
                continue
            try:
                # The worker gives up a little before the caller does, so its clearer error wins.
                clip = session.render(job.text, job.rate, job.voice_id, job.path, 0.8 * self._timeout)
                job.result.set_result(clip)
            except SpeechEngineError as err:
                job.result.set_exception(err)
            except Exception as err:  # a driver failure must reach the caller, not kill the thread
                job.result.set_exception(SpeechEngineError(f"speech synthesis failed: {err}"))


    @staticmethod
    def _look_up(session: _EngineSession, lookup: _VoiceLookup) -> None:
        try:
            lookup.result.set_result(session.resolve_voice(lookup.name))
        except SpeechEngineError as err:
            lookup.result.set_exception(err)
        except Exception as err:  # a driver failure must reach the caller, not kill the thread
            lookup.result.set_exception(SpeechEngineError(f"looking up voice {lookup.name!r} failed: {err}"))


class _EngineSession:
    """The pyttsx3 engine and its driver knobs; used only from the worker thread."""

    def __init__(self, engine_factory: Callable[[], Any]) -> None:
        try:
            self._engine = engine_factory()
            self.voices = {v.id: v.name for v in self._engine.getProperty("voices")}
        except Exception as err:  # OSError, RuntimeError, ImportError: no espeak-ng library or driver
            raise SpeechEngineError(f"cannot start text-to-speech ({err}); {INSTALL_HINT}") from err
        self._driver = getattr(getattr(self._engine, "proxy", None), "_driver", None)
        self._synchronize()  # the driver's own start-up settings are queued in espeak too
        self._default_voice = self._engine.getProperty("voice") or "gmw/en"
        self._finished = threading.Event()
        self._errors: list[BaseException] = []
        self._engine.connect("finished-utterance", self._on_finished)
        self._engine.connect("error", self._on_error)
        self._set_now("volume", 1.0)

    def _set_now(self, name: str, value: object) -> None:
        """Set a property on the driver at once, not through pyttsx3's queue (see module docstring)."""
        if self._driver is None:
            self._engine.setProperty(name, value)
        else:
            self._driver.setProperty(name, value)

    def resolve_voice(self, name: str) -> str:
        """The identifier to set for `name`: espeak-ng decides; other drivers match their voice list."""
        if self._is_espeak:
            from pyttsx3.drivers import _espeak

            self._synchronize()
            return resolve_espeak_voice(name, _espeak)
        wanted = name.strip().lower()
        for voice_id, human in self.voices.items():
            if wanted in (voice_id.lower(), voice_id.lower().rsplit("/", 1)[-1], human.lower()):
                return voice_id
        raise SpeechEngineError(f"unknown voice {name!r}; try one of: {', '.join(sorted(self.voices))}")

    @property
    def _is_espeak(self) -> bool:
        return type(self._driver).__module__ == "pyttsx3.drivers.espeak"

    def _synchronize(self) -> None:
        """Wait until espeak has applied every queued parameter (no-op for other drivers)."""
        if self._is_espeak:
            from pyttsx3.drivers import _espeak

            _espeak.Synchronize()

    def render(self, text: str, rate: int, voice_id: str | None, path: Path, timeout: float) -> AudioClip:
        """Synthesise `text` into `path` and return it as a trimmed clip."""
        self._set_now("rate", rate)
        self._set_now("voice", voice_id or self._default_voice)
        self._synchronize()  # applied before the driver's end-of-loop stop() could cancel them
        self._finished.clear()
        self._errors.clear()
        with _QuietSaves(path):
            self._engine.save_to_file(text, str(path))
            self._engine.runAndWait()
            done = self._finished.wait(timeout)
        if self._errors:
            raise SpeechEngineError(f"speech synthesis failed: {self._errors[0]}")
        if not done or not path.exists():
            raise SpeechEngineError(f"the speech engine wrote no audio within {timeout:g} s; {INSTALL_HINT}")
        try:
            clip = read_audio(path)
        except InputError as err:
            raise SpeechEngineError(f"the speech engine wrote an unreadable file: {err}") from err
        return trim_silence(clip)

    def _on_finished(self, name: Any = None, completed: bool = True) -> None:
        if completed:
            self._finished.set()

    def _on_error(self, name: Any = None, exception: BaseException | None = None) -> None:
        self._errors.append(exception or RuntimeError("unknown driver error"))
        self._finished.set()


class _QuietSaves(io.TextIOBase):
    """A stdout stand-in that drops pyttsx3's "Audio saved to <path>" line and passes the rest on."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._line = f"Audio saved to {path}"
        self._target: TextIO = sys.stdout
        self._swallow_newline = False

    def __enter__(self) -> _QuietSaves:
        self._target = sys.stdout
        sys.stdout = self  # type: ignore[assignment]
        return self

    def __exit__(self, *exc_info: object) -> None:
        if sys.stdout is self:
            sys.stdout = self._target

    def write(self, text: str) -> int:
        if text == self._line:
            self._swallow_newline = True
            return len(text)
        if self._swallow_newline and text == "\n":
            self._swallow_newline = False
            return len(text)
        return self._target.write(text)

    def flush(self) -> None:
        self._target.flush()


def _default_engine() -> Any:
    """A pyttsx3 engine on its platform driver (espeak-ng on Linux)."""
    import pyttsx3

    return pyttsx3.init()


def trim_silence(clip: AudioClip) -> AudioClip:
    """`clip` with leading silence cut to LEAD_IN_SECONDS and trailing silence to TAIL_SECONDS."""
    loud = np.flatnonzero(np.abs(clip.samples) > SILENCE_THRESHOLD)
    if len(loud) == 0:
        return AudioClip(np.zeros(0, dtype=np.float32), clip.sample_rate)
    start = max(0, int(loud[0]) - int(LEAD_IN_SECONDS * clip.sample_rate))
    end = min(len(clip.samples), int(loud[-1]) + 1 + int(TAIL_SECONDS * clip.sample_rate))
    return AudioClip(clip.samples[start:end].astype(np.float32), clip.sample_rate)
