"""From another engine's transcript to a command: spelling, unknown words, confidence, length."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from voicecoach.audio import AudioClip
from voicecoach.commands import Command, CommandId
from voicecoach.language.grammar import default_grammar
from voicecoach.listening.rejection import Rejection, RejectionPolicy
from voicecoach.adapters.recognizers.transcripts import TranscribingRecognizer, Transcript, recognition_of, spoken_form

POLICY = RejectionPolicy(min_sureness=0.5)


@pytest.mark.parametrize(
    ("written", "spoken"),
    [
        ("Go to section 3.", "go to section three"),
        (" Sleep in 45 minutes!", "sleep in forty five minutes"),
        ("Where am I?", "where am i"),
        ("Go to tip 250", "go to tip 250"),  # beyond what we say in words: left as it is
        ("", ""),
    ],
)
def test_spoken_form(written: str, spoken: str) -> None:
    assert spoken_form(written) == spoken


def test_a_whole_phrasing_is_a_command_with_its_number() -> None:
    result = recognition_of(Transcript("Go to section 3.", 0.9, 0.8), default_grammar(), POLICY)
    assert result.command == Command(CommandId.GOTO_SECTION, {"number": 3})
    assert (result.text, result.rejected, result.speech_seconds, result.sureness) == ("go to section three", None, 0.9, 0.8)


@pytest.mark.parametrize(
    ("transcript", "reason"),
    [
        (Transcript("skip [unk]", 0.6, 0.9), Rejection.NOT_A_PHRASING),  # Vosk: something else was said
        (Transcript("[unk]", 0.6, 0.9), Rejection.NOT_A_PHRASING),
        (Transcript("I need to stop worrying.", 1.4, 0.9), Rejection.NOT_A_PHRASING),
        (Transcript("Thank you.", 0.5, 0.9), Rejection.NOT_A_PHRASING),  # Whisper's favourite in noise
        (Transcript("next tip", 0.5, 0.3), Rejection.POOR_FIT),
        (Transcript("next tip", 5.0, 0.9), Rejection.TOO_LONG),
        (Transcript("", 0.0, None), Rejection.NO_SPEECH),
    ],
)
def test_what_is_not_a_sure_whole_phrasing_is_rejected(transcript: Transcript, reason: Rejection) -> None:
    result = recognition_of(transcript, default_grammar(), POLICY)
    assert result.command is None
    assert result.rejected is reason


def test_unknown_words_stay_visible_in_the_transcript() -> None:
    assert recognition_of(Transcript("Skip [unk]", 0.6, 0.9), default_grammar(), POLICY).text == "skip [unk]"


def test_an_engine_without_ratings_is_judged_on_the_words_alone() -> None:
    result = recognition_of(Transcript("next tip", 0.5, None), default_grammar(), POLICY)
    assert result.command == Command(CommandId.NEXT)


@given(st.text(max_size=80), st.floats(0, 10), st.one_of(st.none(), st.floats(0, 1)))
def test_any_transcript_gives_a_command_or_a_reason(text: str, seconds: float, confidence: float | None) -> None:
    result = recognition_of(Transcript(text, seconds, confidence), default_grammar(), POLICY)
    assert (result.command is None) != (result.rejected is None)


class ScriptedEngine(TranscribingRecognizer):
    """An engine that 'hears' a fixed transcript and records the PCM it was handed."""

    def __init__(self, text: str) -> None:
        super().__init__(None, POLICY)
        self.text = text
        self.handed: list[bytes] = []

    def _transcribe(self, pcm: bytes) -> Transcript:
        self.handed.append(pcm)
        return Transcript(self.text, 0.6, 0.9)


def test_an_engine_gets_trimmed_16_khz_pcm_and_its_transcript_is_judged() -> None:
    rate = 22050
    tone = 0.3 * np.sin(2 * np.pi * 440 * np.arange(int(0.5 * rate)) / rate)
    quiet = np.zeros(rate)  # a second of silence either side, to be cut
    engine = ScriptedEngine("next section")
    result = engine.recognize(AudioClip(np.concatenate([quiet, tone, quiet]).astype(np.float32), rate))
    assert result.command == Command(CommandId.NEXT_SECTION)
    (pcm,) = engine.handed
    assert 0.5 <= len(pcm) / 2 / 16000 <= 1.1  # the tone and its margins, not the 2.5 s clip


def test_a_clip_too_short_to_be_speech_never_reaches_the_engine() -> None:
    engine = ScriptedEngine("next section")
    result = engine.recognize(AudioClip(np.zeros(100, np.float32), 22050))
    assert result.rejected is Rejection.NO_SPEECH
    assert engine.handed == []
