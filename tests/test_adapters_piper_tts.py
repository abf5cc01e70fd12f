"""Text to speech with the real Piper voice (joe), plus injected engines for what it cannot show."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from voicecoach.adapters.piper_tts import (
    LENGTH_SCALE_RANGE,
    PIPER_WORDS_PER_MINUTE,
    SENTENCE_GAP_SECONDS,
    PiperSynthesizer,
)
from voicecoach.adapters.piper_voices import PiperVoiceFiles
from voicecoach.adapters.tts import LEAD_IN_SECONDS, SILENCE_THRESHOLD, TAIL_SECONDS
from voicecoach.audio import SAMPLE_RATE, AudioClip
from voicecoach.errors import InputError, SpeechEngineError
from voicecoach.sounds import Voice

SENTENCES = (
    "Let your legs grow heavy and your breath slow down.",
    "Turn the lamps low an hour before bed.",
    "Breathe out a little longer than you breathe in.",
)


def speech_level_db(samples: np.ndarray) -> float:
    """RMS level of the speech in `samples` (10 ms frames louder than -40 dBFS), in dBFS."""
    frames = samples[: len(samples) // 220 * 220].reshape(-1, 220).astype(np.float64)
    rms = np.sqrt(np.mean(frames**2, axis=1))
    return float(20 * np.log10(np.sqrt(np.mean(rms[rms > 0.01] ** 2))))


def test_speech_is_a_trimmed_mono_clip_at_the_mixing_rate(piper_joe: PiperSynthesizer) -> None:
    clip = piper_joe.synthesize(SENTENCES[0], Voice(rate=150, volume=1.0))
    assert clip.sample_rate == SAMPLE_RATE and clip.samples.ndim == 1 and clip.samples.dtype == np.float32
    assert 1.5 < clip.duration < 6.0
    loud = np.flatnonzero(np.abs(clip.samples) > SILENCE_THRESHOLD)
    assert loud[0] / SAMPLE_RATE <= LEAD_IN_SECONDS + 0.001
    assert (len(clip.samples) - loud[-1]) / SAMPLE_RATE <= TAIL_SECONDS + 0.001


def test_rate_is_the_length_scale_slower_is_longer(piper_joe: PiperSynthesizer) -> None:
    slow = piper_joe.synthesize(SENTENCES[1], Voice(rate=100))
    fast = piper_joe.synthesize(SENTENCES[1], Voice(rate=220))
    # 2.2 times the length scale; Piper's own timing varies, and measured 1.6 to 1.8 times as long.
    assert slow.duration > 1.4 * fast.duration
    assert piper_joe.length_scale(150) == pytest.approx(PIPER_WORDS_PER_MINUTE / 150)


def test_the_default_rate_is_about_as_long_as_espeak(piper_joe: PiperSynthesizer, synthesizer) -> None:
    piper = sum(piper_joe.synthesize(text, Voice()).duration for text in SENTENCES)
    espeak = sum(synthesizer.synthesize(text, Voice()).duration for text in SENTENCES)
    assert 0.75 < piper / espeak < 1.33, (piper, espeak)


def test_speech_has_espeaks_level_at_the_same_volume(piper_joe: PiperSynthesizer, synthesizer) -> None:
    for volume in (0.8, 0.3):
        piper = np.concatenate([piper_joe.synthesize(text, Voice(volume=volume)).samples for text in SENTENCES])
        espeak = np.concatenate([synthesizer.synthesize(text, Voice(volume=volume)).samples for text in SENTENCES])
        assert abs(speech_level_db(piper) - speech_level_db(espeak)) < 3.0


def test_volume_scales_the_same_cached_clip(piper_joe: PiperSynthesizer) -> None:
    loud = piper_joe.synthesize(SENTENCES[2], Voice(volume=0.8))
    quiet = piper_joe.synthesize(SENTENCES[2], Voice(volume=0.2))
    # The same synthesis (Piper's output varies from run to run, so equal lengths show the cache).
    assert len(loud.samples) == len(quiet.samples)
    assert np.max(np.abs(loud.samples)) == pytest.approx(4 * np.max(np.abs(quiet.samples)), rel=0.01)


def test_bad_values_and_empty_text(piper_joe: PiperSynthesizer) -> None:
    with pytest.raises(InputError):
        piper_joe.synthesize("Hello.", Voice(volume=1.5))
    with pytest.raises(InputError):
        piper_joe.synthesize("Hello.", Voice(rate=0))
    assert piper_joe.synthesize("   ", Voice()).duration == 0.0


def test_files_that_are_no_model_give_an_error_naming_them(tmp_path: Path) -> None:
    pytest.importorskip("piper", reason="piper-tts is not installed (scripts/setup --piper)")
    model = tmp_path / "en_US-broken-medium.onnx"
    model.write_bytes(b"\x00 not an onnx model")
    config = tmp_path / "en_US-broken-medium.onnx.json"
    config.write_text('{"audio": {"sample_rate": 22050}}')
    synth = PiperSynthesizer(PiperVoiceFiles("en_US-broken-medium", model, config, "test folder"))
    with pytest.raises(SpeechEngineError) as caught:
        synth.wait_until_loaded()
    assert str(model) in str(caught.value) and "complete" in str(caught.value)
    with pytest.raises(SpeechEngineError):
        synth.synthesize("Hello.", Voice())


class SixteenKilohertzVoice:
    """An engine like a low-quality Piper voice: 16 kHz, and a text split into two sentences."""

    own_length_scale = 1.2

    def __init__(self) -> None:
        self.scales: list[float] = []

    def speak(self, text: str, length_scale: float) -> list[tuple[np.ndarray, int]]:
        self.scales.append(length_scale)
        tone = (0.2 * np.sin(2 * np.pi * 220 * np.arange(8000) / 16000)).astype(np.float32)
        return [(tone, 16000), (tone, 16000)]


def _files() -> PiperVoiceFiles:
    return PiperVoiceFiles("en_US-test-low", Path("model.onnx"), Path("model.onnx.json"), "test")


def test_other_sample_rates_are_resampled_and_sentences_joined_with_a_gap() -> None:
    engine = SixteenKilohertzVoice()
    synth = PiperSynthesizer(_files(), loader=lambda files: engine)
    clip = synth.synthesize("One. Two.", Voice(rate=150, volume=1.0))
    assert clip.sample_rate == SAMPLE_RATE
    # Two half-second tones and the gap, with the same quiet lead-in and tail as espeak-ng's.
    assert clip.duration == pytest.approx(LEAD_IN_SECONDS + 0.5 + SENTENCE_GAP_SECONDS + 0.5 + TAIL_SECONDS, abs=0.01)
    gap = clip.samples[int((LEAD_IN_SECONDS + 0.51) * SAMPLE_RATE) : int((LEAD_IN_SECONDS + 0.69) * SAMPLE_RATE)]
    assert np.max(np.abs(gap)) == 0.0
    # The tones start and stop at full swing; faded, the clip starts and ends without a click.
    assert np.max(np.abs(clip.samples[: int(LEAD_IN_SECONDS * SAMPLE_RATE)])) <= SILENCE_THRESHOLD
    assert np.max(np.abs(clip.samples[-int(TAIL_SECONDS * SAMPLE_RATE) :])) <= SILENCE_THRESHOLD
    assert engine.scales == [pytest.approx(1.2 * PIPER_WORDS_PER_MINUTE / 150)]


def test_length_scale_stays_in_a_range_piper_speaks_well() -> None:
    synth = PiperSynthesizer(_files(), loader=lambda files: SixteenKilohertzVoice())
    assert synth.length_scale(10) == LENGTH_SCALE_RANGE[1]
    assert synth.length_scale(10_000) == LENGTH_SCALE_RANGE[0]


def test_a_failing_engine_is_a_speech_error_naming_the_voice() -> None:
    class Failing(SixteenKilohertzVoice):
        def speak(self, text: str, length_scale: float) -> list[tuple[np.ndarray, int]]:
            raise RuntimeError("onnxruntime fell over")

    synth = PiperSynthesizer(_files(), loader=lambda files: Failing())
    with pytest.raises(SpeechEngineError, match="en_US-test-low.*onnxruntime fell over"):
        synth.synthesize("Hello.", Voice())
    assert isinstance(synth.synthesize("", Voice()), AudioClip)
