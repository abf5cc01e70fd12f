"""Text to speech with a Piper voice (piper-tts on onnxruntime): each sentence becomes a clip.

The same shape as the espeak-ng synthesiser (`tts.py`): `synthesize(text, voice)` returns a
trimmed clip at SAMPLE_RATE with the volume applied by scaling samples, cached per (text, rate)
so a volume change needs no new synthesis; the caller's thread (the live speaker's worker, or
the timeline in virtual time) waits for it, and our own player plays it, so "stop" cuts it
exactly as it cuts espeak.

Why it is built this way (piper-tts 1.8, the en_US joe medium voice, on this project's 2-core VM):

* Loading a voice takes 1–2 s (onnxruntime builds its session), so it starts in a background
  thread as soon as the synthesiser is made, while the rest of the session starts; the first
  sentence waits for it.
* Rate is the voice's length scale: `length_scale = own_scale × PIPER_WORDS_PER_MINUTE / rate`.
  The joe voice speaks the built-in guide at about 170 words per minute at its own scale, so
  150 wpm (our default) gives clips within ~10 % of espeak-ng's length at 150 wpm.
* Piper would normalise each sentence to full scale, which makes a one-word "Good." as loud as
  a long sentence; instead its raw output is scaled by LEVEL_GAIN, measured so that speech has
  the RMS level of espeak-ng's at the same volume (espeak ~0.11, joe raw ~0.075).
* Its output can start or stop mid-sound; a 5 ms fade at each end and silence around it give
  every clip espeak-ng's quiet lead-in and tail, so sentences never run into one another.
* onnxruntime may be called from several threads, but piper's espeak phonemiser is one global
  object; one lock serialises synthesis (the live speaker has one worker anyway).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, Callable, Protocol

import numpy as np

from voicecoach.adapters.piper_voices import INSTALL_HINT, PiperVoiceFiles
from voicecoach.adapters.tts import LEAD_IN_SECONDS, TAIL_SECONDS, trim_silence
from voicecoach.adapters.wavfile import resample
from voicecoach.audio import SAMPLE_RATE, AudioClip
from voicecoach.errors import InputError, SpeechEngineError
from voicecoach.sounds import Voice

logger = logging.getLogger(__name__)

PIPER_WORDS_PER_MINUTE = 170.0
"""About how fast a Piper voice speaks at its own length scale (joe, measured on the guide)."""

LENGTH_SCALE_RANGE = (0.3, 3.0)
"""Length scales beyond these make Piper mumble or drawl; the rate range stays well inside."""

LEVEL_GAIN = 1.45
"""Raw Piper samples × this ≈ espeak-ng's speech level at the same volume (see the docstring)."""

SENTENCE_GAP_SECONDS = 0.2
"""Silence put between the parts of a text that Piper itself splits into sentences."""

EDGE_FADE_SECONDS = 0.005
"""Fade at each end of Piper's output, so a sentence that starts or stops mid-sound does not click."""

LOAD_TIMEOUT_SECONDS = 60.0
"""How long the first sentence waits for the voice to load before giving up."""


class PiperEngine(Protocol):
    """What we use of a loaded Piper voice (piper.PiperVoice through `_PiperVoiceEngine`)."""

    @property
    def own_length_scale(self) -> float: ...

    def speak(self, text: str, length_scale: float) -> list[tuple[np.ndarray, int]]:
        """One (float samples, sample rate) per sentence Piper finds in `text`."""


EngineLoader = Callable[[PiperVoiceFiles], PiperEngine]


class PiperSynthesizer:
    """Turns text into speech clips with one Piper voice; see the module docstring."""

    def __init__(
        self,
        files: PiperVoiceFiles,
        *,
        loader: EngineLoader | None = None,
        cache_size: int = 40,
        load_timeout: float = LOAD_TIMEOUT_SECONDS,
    ) -> None:
        """Starts loading the voice at once, in a background thread; `loader` is for tests."""
        self.files = files
        self._loader = loader or load_piper_voice
        self._cache_size = cache_size
        self._load_timeout = load_timeout
        self._cache: OrderedDict[tuple[str, int], AudioClip] = OrderedDict()
        self._lock = threading.Lock()
        self._engine: Future[PiperEngine] = Future()
        threading.Thread(target=self._load, name=f"piper-load-{files.name}", daemon=True).start()

    def wait_until_loaded(self) -> None:
        """Return once the voice is ready; SpeechEngineError saying why if it cannot be loaded."""
        self._ready_engine()

    def synthesize(self, text: str, voice: Voice) -> AudioClip:
        """Speech for `text` at `voice.rate` and `voice.volume` (its name is ours already)."""
        if not 0.0 <= voice.volume <= 1.0:
            raise InputError(f"speech volume {voice.volume} is out of range; use a value from 0 to 1")
        if voice.rate <= 0:
            raise InputError(f"speech rate {voice.rate} must be a positive number of words per minute")
        if not text.strip():
            return AudioClip(np.zeros(0, dtype=np.float32), SAMPLE_RATE)
        engine = self._ready_engine()
        key = (text, voice.rate)
        with self._lock:
            clip = self._cache.get(key)
            if clip is not None:
                self._cache.move_to_end(key)
            else:
                clip = self._render(engine, text, voice.rate)
                self._cache[key] = clip
                if len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        return clip.scaled(voice.volume)

    def length_scale(self, rate: int) -> float:
        """The length scale that makes this voice speak at about `rate` words per minute."""
        own = self._ready_engine().own_length_scale
        low, high = LENGTH_SCALE_RANGE
        return min(high, max(low, own * PIPER_WORDS_PER_MINUTE / rate))

    def close(self) -> None:
        """Forget the cached clips (the model is freed with the synthesiser)."""
        with self._lock:
            self._cache.clear()

    # -- internals -------------------------------------------------------------------------

    def _load(self) -> None:
        try:
            self._engine.set_result(self._loader(self.files))
        except SpeechEngineError as err:
            self._engine.set_exception(err)
        except Exception as err:  # onnxruntime and json raise their own types for a bad file
            self._engine.set_exception(SpeechEngineError(
                f"the Piper voice {self.files.name} ({self.files.model}) cannot be loaded: {err}; "
                "check that its .onnx and .onnx.json files are complete"
            ))

    def _ready_engine(self) -> PiperEngine:
        try:
            return self._engine.result(timeout=self._load_timeout)
        except FutureTimeout as err:
            raise SpeechEngineError(
                f"the Piper voice {self.files.name} did not load within {self._load_timeout:g} s"
            ) from err

    def _render(self, engine: PiperEngine, text: str, rate: int) -> AudioClip:
        try:
            parts = engine.speak(text, self.length_scale(rate))
        except Exception as err:  # onnxruntime errors have no common base we could name
            raise SpeechEngineError(f"the Piper voice {self.files.name} could not say {text!r}: {err}") from err
        pieces: list[np.ndarray] = []
        gap = np.zeros(int(SENTENCE_GAP_SECONDS * SAMPLE_RATE), dtype=np.float32)
        for samples, rate_hz in parts:
            if pieces:
                pieces.append(gap)
            pieces.append(resample(np.asarray(samples, dtype=np.float32), rate_hz, SAMPLE_RATE))
        if not pieces:
            return AudioClip(np.zeros(0, dtype=np.float32), SAMPLE_RATE)
        joined = np.clip(np.concatenate(pieces) * LEVEL_GAIN, -1.0, 1.0).astype(np.float32)
        return trim_silence(AudioClip(_with_quiet_edges(joined), SAMPLE_RATE))


def _with_quiet_edges(samples: np.ndarray) -> np.ndarray:
    """`samples` faded in and out over EDGE_FADE_SECONDS and padded with silence.

    Piper's output can begin or end in the middle of a sound (seen: "Settling down" began at
    full level in its first millisecond), which clicks and leaves no quiet between sentences;
    espeak-ng pads its own. Padded, `trim_silence` gives every clip the same lead-in and tail."""
    edge = min(len(samples) // 2, int(EDGE_FADE_SECONDS * SAMPLE_RATE))
    shaped = samples.copy()
    if edge > 0:
        ramp = (0.5 - 0.5 * np.cos(np.linspace(0.0, np.pi, edge))).astype(np.float32)
        shaped[:edge] *= ramp
        shaped[-edge:] *= ramp[::-1]
    pad = np.zeros(int((LEAD_IN_SECONDS + TAIL_SECONDS) * SAMPLE_RATE), dtype=np.float32)
    return np.concatenate([pad, shaped, pad])


class _PiperVoiceEngine:
    """A loaded `piper.PiperVoice`, as a `PiperEngine`."""

    def __init__(self, voice: Any, synthesis_config: type) -> None:
        self._voice = voice
        self._config = synthesis_config

    @property
    def own_length_scale(self) -> float:
        return float(self._voice.config.length_scale or 1.0)

    def speak(self, text: str, length_scale: float) -> list[tuple[np.ndarray, int]]:
        config = self._config(length_scale=length_scale, normalize_audio=False)
        return [(chunk.audio_float_array, chunk.sample_rate) for chunk in self._voice.synthesize(text, config)]


def load_piper_voice(files: PiperVoiceFiles) -> PiperEngine:
    """Load `files` with piper-tts (SpeechEngineError if it is not installed)."""
    try:
        from piper import PiperVoice, SynthesisConfig
    except ImportError as err:
        raise SpeechEngineError(f"Piper (the piper-tts package) is not installed; {INSTALL_HINT}") from err
    return _PiperVoiceEngine(PiperVoice.load(files.model, files.config), SynthesisConfig)
