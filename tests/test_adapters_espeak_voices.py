"""Voice names resolved by espeak-ng itself, through the real synthesiser and its worker thread."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from voicecoach.adapters.tts import Pyttsx3Synthesizer
from voicecoach.errors import SpeechEngineError
from voicecoach.sounds import Voice


@pytest.mark.parametrize(
    ("name", "voice_file"),
    [
        ("en-gb", "gmw/en"),  # a language: the example of --help and docs/config.md
        ("en-uk", "gmw/en"),  # another language espeak-ng lists for British English
        ("EN-GB", "gmw/en"),
        ("en", "gmw/en"),
        ("gmw/en", "gmw/en"),  # a voice file
        ("gmw/en-GB-x-rp", "gmw/en-gb-x-rp"),
        ("en-us", "gmw/en-us"),  # a voice file's last part
        ("English (Great Britain)", "gmw/en"),  # a voice name
        ("English_(Great_Britain)", "gmw/en"),  # ...as `espeak-ng --voices` prints it
        ("en-us+f3", "gmw/en-us+f3"),  # with a variant
        ("en-gb+Alex", "gmw/en+Alex"),
        ("en+3", "gmw/en+m3"),  # a bare number is espeak-ng's male variant
    ],
)
def test_every_kind_of_name_espeak_ng_takes_is_accepted(synthesizer: Pyttsx3Synthesizer, name: str, voice_file: str) -> None:
    assert synthesizer.resolve_voice(name) == voice_file
    assert synthesizer.synthesize("Rest now.", Voice(name=name)).duration > 0.2


def test_a_variant_really_changes_the_voice(synthesizer: Pyttsx3Synthesizer) -> None:
    plain = synthesizer.synthesize("Let your shoulders drop.", Voice(name="en-us")).samples
    female = synthesizer.synthesize("Let your shoulders drop.", Voice(name="en-us+f3")).samples
    assert len(plain) != len(female) or not np.allclose(plain, female)
    # ...and a language gives the voice espeak-ng picks for it: en-gb is gmw/en.
    british = synthesizer.synthesize("Let your shoulders drop.", Voice(name="en-gb")).samples
    np.testing.assert_array_equal(british, synthesizer.synthesize("Let your shoulders drop.", Voice(name="gmw/en")).samples)


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("xx", r"unknown voice 'xx'; try one of: .*en-gb.*en-us.*espeak-ng --voices"),
        ("english", r"unknown voice 'english'"),
        # espeak-ng would fall back on the prefix and speak Norwegian ("no"), or British ("en").
        ("no-such-voice", r"unknown voice 'no-such-voice'"),
        ("en-zz", r"unknown voice 'en-zz'"),
        ("en-gb+nosuch", r"unknown voice variant 'nosuch' in 'en-gb\+nosuch'; try one of: .*f3.*--voices=variant"),
        ("f3", r"'f3' is a voice variant, not a voice; add it to a voice, for example en-us\+f3"),
        ("+f3", r"names no voice before the '\+'"),
    ],
)
def test_a_name_espeak_ng_does_not_know_is_a_clear_error(synthesizer: Pyttsx3Synthesizer, name: str, message: str) -> None:
    with pytest.raises(SpeechEngineError, match=message):
        synthesizer.resolve_voice(name)
    with pytest.raises(SpeechEngineError, match=message):
        synthesizer.synthesize("Hello.", Voice(name=name))


@pytest.mark.skipif(shutil.which("mbrola") is not None, reason="mbrola is installed here")
def test_an_mbrola_voice_without_mbrola_says_what_to_install(synthesizer: Pyttsx3Synthesizer) -> None:
    with pytest.raises(SpeechEngineError, match=r"mbrola program .* apt-get install mbrola mbrola-en1"):
        synthesizer.resolve_voice("mb-en1")


def test_a_refused_name_leaves_the_synthesiser_working(synthesizer: Pyttsx3Synthesizer) -> None:
    with pytest.raises(SpeechEngineError):
        synthesizer.resolve_voice("xx")
    assert synthesizer.synthesize("Still here.", Voice()).duration > 0.2
