"""The Whisper adapter: its reading of faster-whisper's segments, and (with a model) real
recognition where VOICECOACH_WHISPER_MODEL names a faster-whisper model folder."""

from __future__ import annotations

import math
import os
from typing import NamedTuple

import pytest

from spoken import speak
from voicecoach.commands import Command, CommandId
from voicecoach.adapters.recognizers.whisper_transcriber import WhisperRecognizer, transcript_of


class Segment(NamedTuple):
    """The two fields of faster_whisper.transcribe.Segment the adapter reads."""

    text: str
    avg_logprob: float


def test_segments_are_joined_and_the_least_sure_one_sets_the_confidence() -> None:
    transcript = transcript_of([Segment(" Go to", -0.1), Segment(" section 3.", -0.5)], 1.2)
    assert transcript.text == "Go to section 3."
    assert transcript.speech_seconds == 1.2
    assert transcript.confidence == pytest.approx(math.exp(-0.5))


def test_no_segments_is_no_speech() -> None:
    transcript = transcript_of([], 0.8)
    assert (transcript.text, transcript.speech_seconds, transcript.confidence) == ("", 0.0, None)


@pytest.fixture(scope="module")
def whisper_recognizer() -> WhisperRecognizer:
    folder = os.environ.get("VOICECOACH_WHISPER_MODEL")
    if not folder:
        pytest.skip("no Whisper model here: set VOICECOACH_WHISPER_MODEL to a faster-whisper model folder")
    return WhisperRecognizer(folder)


def test_a_real_model_hears_a_command_and_not_talk(whisper_recognizer: WhisperRecognizer) -> None:
    assert whisper_recognizer.recognize(speak("go to section three")).command == Command(CommandId.GOTO_SECTION, {"number": 3})
    assert whisper_recognizer.recognize(speak("Did anybody feed the cat this evening?")).command is None
