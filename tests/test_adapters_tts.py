"""Text to speech on the real espeak-ng engine, plus injected fakes for a broken or hung engine."""

from __future__ import annotations

import threading
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from voicecoach.adapters.tts import LEAD_IN_SECONDS, SILENCE_THRESHOLD, TAIL_SECONDS, Pyttsx3Synthesizer, trim_silence
from voicecoach.audio import SAMPLE_RATE, AudioClip
from voicecoach.errors import InputError, SpeechEngineError
from voicecoach.sounds import Voice

SENTENCE = "Let your legs grow heavy and your breath slow down."


def _peak(clip: AudioClip) -> float:
    return float(np.max(np.abs(clip.samples)))


def test_speech_is_a_mono_clip_at_the_mixing_rate(synthesizer: Pyttsx3Synthesizer) -> None:
    clip = synthesizer.synthesize(SENTENCE, Voice(rate=160, volume=0.8))
    assert clip.sample_rate == SAMPLE_RATE
    assert clip.samples.ndim == 1 and clip.samples.dtype == np.float32
    assert 1.0 < clip.duration < 10.0
    assert 0.05 < _peak(clip) <= 0.8 + 1e-6


def test_higher_volume_is_louder(synthesizer: Pyttsx3Synthesizer) -> None:
    quiet = synthesizer.synthesize(SENTENCE, Voice(volume=0.2))
    loud = synthesizer.synthesize(SENTENCE, Voice(volume=0.8))
    assert _peak(loud) == pytest.approx(4 * _peak(quiet), rel=0.01)
    assert len(loud.samples) == len(quiet.samples)


def test_slower_rate_gives_longer_speech_every_time(synthesizer: Pyttsx3Synthesizer) -> None:
    # Regression: pyttsx3's queued setProperty("rate") was lost after the first utterance.
    durations = {
        (rate, round_): synthesizer.synthesize(f"{SENTENCE} Round {round_}.", Voice(rate=rate)).duration
        for round_ in range(3)
        for rate in (120, 200)
    }
    for round_ in range(3):
        assert durations[(120, round_)] > 1.4 * durations[(200, round_)]


def test_silence_is_trimmed_to_a_short_lead_in_and_tail(synthesizer: Pyttsx3Synthesizer) -> None:
    clip = synthesizer.synthesize("Rest now.", Voice(rate=90, volume=1.0))  # slow: espeak pads ~0.5 s
    loud = np.flatnonzero(np.abs(clip.samples) > SILENCE_THRESHOLD)
    assert loud[0] / SAMPLE_RATE <= LEAD_IN_SECONDS + 0.001
    assert (len(clip.samples) - loud[-1]) / SAMPLE_RATE <= TAIL_SECONDS + 0.001


def test_named_voices_resolve_by_id_short_id_or_name(synthesizer: Pyttsx3Synthesizer) -> None:
    assert synthesizer.resolve_voice("en-us") == "gmw/en-us"
    assert synthesizer.resolve_voice("gmw/en-us") == "gmw/en-us"
    assert synthesizer.resolve_voice("English (America)") == "gmw/en-us"
    assert synthesizer.resolve_voice(None) is None
    assert synthesizer.synthesize("Hello.", Voice(name="en-gb-x-rp")).duration > 0.2


def test_unknown_voice_names_the_english_voices(synthesizer: Pyttsx3Synthesizer) -> None:
    with pytest.raises(SpeechEngineError, match="unknown voice 'no-such-voice'.*en-us"):
        synthesizer.synthesize("Hello.", Voice(name="no-such-voice"))


def test_repeats_come_from_the_cache_at_any_volume(synthesizer: Pyttsx3Synthesizer) -> None:
    text = "This sentence is said twice."
    assert not synthesizer.is_cached(text, Voice(rate=151))
    first = synthesizer.synthesize(text, Voice(rate=151, volume=0.5))
    assert synthesizer.is_cached(text, Voice(rate=151, volume=1.0))
    again = synthesizer.synthesize(text, Voice(rate=151, volume=0.5))
    np.testing.assert_array_equal(first.samples, again.samples)


def test_blank_text_is_an_empty_clip(synthesizer: Pyttsx3Synthesizer) -> None:
    assert synthesizer.synthesize("   ", Voice()).duration == 0.0


@pytest.mark.parametrize("voice", [Voice(volume=1.5), Voice(volume=-0.1), Voice(rate=0)])
def test_bad_voice_settings_are_input_errors(synthesizer: Pyttsx3Synthesizer, voice: Voice) -> None:
    with pytest.raises(InputError):
        synthesizer.synthesize("Hello.", voice)


def test_the_saved_message_is_not_printed(synthesizer: Pyttsx3Synthesizer, capsys: pytest.CaptureFixture[str]) -> None:
    synthesizer.synthesize("Nothing should be printed for this one.", Voice())
    assert "Audio saved" not in capsys.readouterr().out


def test_trim_silence_of_pure_silence_is_empty() -> None:
    assert trim_silence(AudioClip(np.zeros(1000, dtype=np.float32))).duration == 0.0


# -- injected engines for what the machine does not lack but cannot be made to do -------------


def _missing_library() -> Any:
    raise OSError("libespeak-ng.so.1: cannot open shared object file")


def test_missing_espeak_says_how_to_install_it() -> None:
    with Pyttsx3Synthesizer(engine_factory=_missing_library) as synth:
        with pytest.raises(SpeechEngineError, match="sudo apt-get install espeak-ng"):
            synth.synthesize("Hello.", Voice())
        with pytest.raises(SpeechEngineError, match="install espeak-ng"):
            synth.synthesize("Hello again.", Voice())


class SilentEngine:
    """A pyttsx3-shaped engine that accepts work and never produces audio; can block in runAndWait."""

    def __init__(self, block: threading.Event | None = None) -> None:
        self.block = block
        self.properties: dict[str, object] = {}

    def getProperty(self, name: str) -> object:
        if name == "voices":
            return [SimpleNamespace(id="gmw/en", name="English (Great Britain)")]
        return self.properties.get(name)

    def setProperty(self, name: str, value: object) -> None:
        self.properties[name] = value

    def connect(self, topic: str, callback: object) -> None:
        """Never calls back."""

    def save_to_file(self, text: str, path: str) -> None:
        """Accepts the job and writes nothing."""

    def runAndWait(self) -> None:
        if self.block is not None:
            self.block.wait()


def test_an_engine_that_writes_nothing_is_an_error_not_a_hang() -> None:
    with Pyttsx3Synthesizer(timeout=0.3, engine_factory=SilentEngine) as synth:
        with pytest.raises(SpeechEngineError, match="wrote no audio"):
            synth.synthesize("Hello.", Voice())


def test_a_hung_engine_raises_and_stays_broken() -> None:
    release = threading.Event()
    synth = Pyttsx3Synthesizer(timeout=0.3, engine_factory=lambda: SilentEngine(release))
    try:
        with pytest.raises(SpeechEngineError, match="hung"):
            synth.synthesize("Hello.", Voice())
        with pytest.raises(SpeechEngineError, match="hung"):
            synth.synthesize("Anything else.", Voice())
    finally:
        release.set()
        synth.close()
