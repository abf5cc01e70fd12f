"""Loading a recogniser by dotted path, the hook for other engines."""

import pytest

from voicecoach.audio import AudioClip
from voicecoach.errors import RecognizerError
from voicecoach.recognition.grammar import Grammar, default_grammar
from voicecoach.recognition.ports import Recognition, load_recognizer


class TranscriptRecognizer:
    """A stand-in engine that 'hears' a fixed transcript and uses the grammar to reject."""

    def __init__(self, grammar: Grammar) -> None:
        self.grammar = grammar

    def recognize(self, clip: AudioClip) -> Recognition:
        return Recognition(self.grammar.match("next section"), "next section")


def make(grammar: Grammar) -> TranscriptRecognizer:
    return TranscriptRecognizer(grammar)


def test_load_by_dotted_path() -> None:
    recognizer = load_recognizer("test_recognition_ports:make", default_grammar())
    assert isinstance(recognizer, TranscriptRecognizer)
    assert str(recognizer.recognize(AudioClip.__new__(AudioClip)).command) == "next_section"


@pytest.mark.parametrize("spec", ["nonsense", "no_such_module_xyz:make", "test_recognition_ports:nothing"])
def test_bad_specs_raise_recognizer_error(spec: str) -> None:
    with pytest.raises(RecognizerError):
        load_recognizer(spec, default_grammar())
