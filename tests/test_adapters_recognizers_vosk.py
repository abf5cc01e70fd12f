"""The Vosk adapter: its reading of Vosk's results, and (with a model) real recognition.

No Vosk model can be had on the development machine or in CI (they are downloads, not
packages), so the end-to-end test runs only where VOICECOACH_VOSK_MODEL names a model folder.
"""

from __future__ import annotations

import os

import pytest

from spoken import speak
from voicecoach.commands import Command, CommandId
from voicecoach.adapters.recognizers.vosk import VoskRecognizer, transcript_of


def test_a_result_with_words_gives_their_span_and_the_least_confidence() -> None:
    result = {
        "result": [
            {"conf": 0.98, "end": 1.02, "start": 0.61, "word": "next"},
            {"conf": 0.74, "end": 1.35, "start": 1.02, "word": "section"},
        ],
        "text": "next section",
    }
    transcript = transcript_of(result)
    assert transcript.text == "next section"
    assert transcript.speech_seconds == pytest.approx(0.74)
    assert transcript.confidence == 0.74


def test_an_empty_result_is_no_speech() -> None:
    transcript = transcript_of({"text": ""})
    assert (transcript.text, transcript.speech_seconds, transcript.confidence) == ("", 0.0, None)


@pytest.fixture(scope="module")
def vosk_recognizer() -> VoskRecognizer:
    folder = os.environ.get("VOICECOACH_VOSK_MODEL")
    if not folder:
        pytest.skip("no Vosk model here: set VOICECOACH_VOSK_MODEL to a model folder to run this")
    return VoskRecognizer(folder)


@pytest.mark.parametrize(
    ("phrase", "command"),
    [
        ("next tip", Command(CommandId.NEXT)),
        ("go to section three", Command(CommandId.GOTO_SECTION, {"number": 3})),
        ("sleep in twenty minutes", Command(CommandId.SLEEP_TIMER, {"minutes": 20})),
    ],
)
def test_a_real_model_hears_commands(vosk_recognizer: VoskRecognizer, phrase: str, command: Command) -> None:
    assert vosk_recognizer.recognize(speak(phrase)).command == command


def test_a_real_model_hears_talk_as_no_command(vosk_recognizer: VoskRecognizer) -> None:
    assert vosk_recognizer.recognize(speak("Did anybody feed the cat this evening?")).command is None
