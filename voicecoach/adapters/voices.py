"""Every voice a session speaks with: espeak-ng's, and Piper voices named "piper:NAME".

`SpeechVoices` is the one synthesiser the speakers see. Each sentence carries its voice
(`Voice.name`); a "piper:" name goes to that Piper voice's synthesiser (loaded on first use,
in the background), any other name to espeak-ng. When a Piper voice cannot be had (piper-tts is
not installed, no voice has that name, its files do not load), the listener is told once,
through `report`, and that voice's sentences are said by espeak-ng's default voice instead, so
the session goes on. A sentence that Piper fails on later is an ordinary speech error.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import replace
from typing import Callable, Protocol

from voicecoach.adapters.piper_tts import PiperSynthesizer
from voicecoach.adapters.piper_voices import (
    PIPER_PREFIX,
    PiperVoiceCatalog,
    PiperVoiceFiles,
    default_voice_folder,
    is_piper_name,
    piper_missing_reason,
    piper_voice_name,
)
from voicecoach.audio import AudioClip
from voicecoach.errors import SpeechEngineError
from voicecoach.sounds import Voice

logger = logging.getLogger(__name__)

FALLBACK = "speaking with espeak-ng instead"


class EspeakSynthesizer(Protocol):
    """What we use of `Pyttsx3Synthesizer`."""

    def synthesize(self, text: str, voice: Voice) -> AudioClip: ...

    def resolve_voice(self, name: str | None) -> str | None: ...

    def close(self) -> None: ...


class SpeechVoices:
    """A synthesiser that routes each sentence to espeak-ng or to the Piper voice it names."""

    def __init__(
        self,
        espeak: EspeakSynthesizer,
        catalog: Callable[[], PiperVoiceCatalog],
        report: Callable[[str], None],
        *,
        piper_factory: Callable[[PiperVoiceFiles], PiperSynthesizer] = PiperSynthesizer,
        piper_missing: Callable[[], str | None] = piper_missing_reason,
    ) -> None:
        """`catalog` finds the Piper voices (asked once, when a Piper voice is first wanted);
        `report` tells the listener about a voice that cannot be had (printed and spoken)."""
        self._espeak = espeak
        self._catalog_source = catalog
        self._catalog: PiperVoiceCatalog | None = None
        self._report = report
        self._piper_factory = piper_factory
        self._piper_missing = piper_missing
        self._lock = threading.Lock()
        self._piper: dict[str, PiperSynthesizer] = {}  # by lower-case name after "piper:"
        self._unavailable: set[str] = set()
        self._missing_package_said = False

    def synthesize(self, text: str, voice: Voice) -> AudioClip:
        """Speech for `text` in `voice`, from the engine its name asks for (or espeak-ng's default)."""
        if voice.name is None or not is_piper_name(voice.name):
            return self._espeak.synthesize(text, voice)
        piper = self._piper_voice(voice.name)
        if piper is None:
            return self._espeak.synthesize(text, replace(voice, name=None))
        return piper.synthesize(text, voice)

    def resolve_voice(self, name: str | None) -> None:
        """Check `name` before a session starts: an espeak-ng name it does not know raises
        SpeechEngineError (as before); a Piper voice starts loading, or is reported missing."""
        if name is not None and is_piper_name(name):
            self._piper_voice(name, wait=False)
            return
        self._espeak.resolve_voice(name)

    def close(self) -> None:
        """Close every engine."""
        with self._lock:
            voices, self._piper = list(self._piper.values()), {}
        for piper in voices:
            piper.close()
        self._espeak.close()

    def __enter__(self) -> SpeechVoices:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- internals -------------------------------------------------------------------------

    def _piper_voice(self, name: str, wait: bool = True) -> PiperSynthesizer | None:
        """The synthesiser of Piper voice `name`, or None (said once) when it cannot be had."""
        key = piper_voice_name(name).lower()
        with self._lock:
            if key in self._unavailable:
                return None
            piper = self._piper.get(key)
            if piper is None:
                problem = self._why_unavailable(key)
                if problem is not None:
                    self._give_up(key, problem)
                    return None
                piper = self._piper[key] = self._piper_factory(self._find(key))
        if not wait:
            return piper
        try:
            piper.wait_until_loaded()
        except SpeechEngineError as err:
            with self._lock:
                self._piper.pop(key, None)
                self._give_up(key, str(err))
            return None
        return piper

    def _why_unavailable(self, key: str) -> str | None:
        missing = self._piper_missing()
        if missing is not None:
            if self._missing_package_said:
                return ""  # said once already, for another Piper voice
            self._missing_package_said = True
            return missing
        if self._catalog_or_find().find(key) is None:
            return self._no_such_voice(key)
        return None

    def _catalog_or_find(self) -> PiperVoiceCatalog:
        if self._catalog is None:
            self._catalog = self._catalog_source()
            for problem in self._catalog.problems:
                logger.warning("%s", problem)
        return self._catalog

    def _find(self, key: str) -> PiperVoiceFiles:
        found = self._catalog_or_find().find(key)
        if found is None:  # _why_unavailable checked it; a catalog does not change
            raise SpeechEngineError(self._no_such_voice(key))
        return found

    def _no_such_voice(self, key: str) -> str:
        names = ", ".join(self._catalog_or_find().names()) or "none"
        return (
            f"There is no Piper voice called {key!r} (found: {names}). Put its .onnx and .onnx.json "
            f"files in {default_voice_folder()}, or see: voicecoach voices"
        )

    def _give_up(self, key: str, problem: str) -> None:
        """Remember that `key` falls back to espeak-ng, and say why (once; "" means said already)."""
        self._unavailable.add(key)
        logger.info("Piper voice %s%s unavailable; using espeak-ng", PIPER_PREFIX, key)
        if problem:
            self._report(f"{problem.rstrip('.')}. Meanwhile, {FALLBACK}.")
