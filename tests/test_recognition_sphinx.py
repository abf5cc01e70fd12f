"""The real pocketsphinx engine on espeak-ng speech rendered at test time."""

from __future__ import annotations

import numpy as np
import pytest

from spoken import noise_only, speak
from voicecoach.audio import AudioClip
from voicecoach.commands import Command, CommandId
from voicecoach.errors import RecognizerError
from voicecoach.recognition.grammar import load_grammar
from voicecoach.recognition.rejection import Rejection
from voicecoach.recognition.sphinx import DecoderSettings, SphinxRecognizer

VOICES = ("en-us", "en-gb-x-rp")

# Two phrasings per spoken command (one where the grammar has only one).
PHRASES: dict[str, Command] = {
    "next": Command(CommandId.NEXT),
    "next tip": Command(CommandId.NEXT),
    "previous": Command(CommandId.PREVIOUS),
    "go back": Command(CommandId.PREVIOUS),
    "repeat": Command(CommandId.REPEAT),
    "say that again": Command(CommandId.REPEAT),
    "pause": Command(CommandId.PAUSE),
    "hold on": Command(CommandId.PAUSE),
    "resume": Command(CommandId.RESUME),
    "continue": Command(CommandId.RESUME),
    "stop": Command(CommandId.STOP),
    "stop reading": Command(CommandId.STOP),
    "slower": Command(CommandId.SLOWER),
    "slow down": Command(CommandId.SLOWER),
    "faster": Command(CommandId.FASTER),
    "speed up": Command(CommandId.FASTER),
    "louder": Command(CommandId.LOUDER),
    "volume up": Command(CommandId.LOUDER),
    "quieter": Command(CommandId.QUIETER),
    "volume down": Command(CommandId.QUIETER),
    "next section": Command(CommandId.NEXT_SECTION),
    "next chapter": Command(CommandId.NEXT_SECTION),
    "previous section": Command(CommandId.PREVIOUS_SECTION),
    "previous part": Command(CommandId.PREVIOUS_SECTION),
    "go to section three": Command(CommandId.GOTO_SECTION, {"number": 3}),
    "section twelve": Command(CommandId.GOTO_SECTION, {"number": 12}),
    "go to tip seven": Command(CommandId.GOTO_TIP, {"number": 7}),
    "tip number twenty five": Command(CommandId.GOTO_TIP, {"number": 25}),
    "restart": Command(CommandId.RESTART),
    "start again": Command(CommandId.RESTART),
    "where am i": Command(CommandId.WHERE),
    "where are we": Command(CommandId.WHERE),
    "help": Command(CommandId.HELP),
    "what can i say": Command(CommandId.HELP),
    "contents": Command(CommandId.CONTENTS),
    "table of contents": Command(CommandId.CONTENTS),
    "sleep in twenty minutes": Command(CommandId.SLEEP_TIMER, {"minutes": 20}),
    "sleep in forty five minutes": Command(CommandId.SLEEP_TIMER, {"minutes": 45}),
    "cancel the sleep timer": Command(CommandId.CANCEL_SLEEP_TIMER),
    "cancel timer": Command(CommandId.CANCEL_SLEEP_TIMER),
    "skip this": Command(CommandId.SKIP),
    "skip that one": Command(CommandId.SKIP),
    "how long left": Command(CommandId.TIME_LEFT),
    "how much time is left": Command(CommandId.TIME_LEFT),
    "longer exhale": Command(CommandId.LONGER_EXHALE),
    "breathe out longer": Command(CommandId.LONGER_EXHALE),
    "shorter exhale": Command(CommandId.SHORTER_EXHALE),
    "breathe out shorter": Command(CommandId.SHORTER_EXHALE),
    "relax": Command(CommandId.RELAX),
    "guided relaxation": Command(CommandId.RELAX),
    "back to the guide": Command(CommandId.GUIDE),
    "quit": Command(CommandId.QUIT),
    "goodbye": Command(CommandId.QUIT),
    "noise louder": Command(CommandId.NOISE_LOUDER),
    "noise quieter": Command(CommandId.NOISE_QUIETER),
    "noise on": Command(CommandId.NOISE_ON),
    "noise off": Command(CommandId.NOISE_OFF),
    "change the sound": Command(CommandId.NEXT_SOUND),
    "play brown noise": Command(CommandId.BROWN_NOISE),
    "play pink noise": Command(CommandId.PINK_NOISE),
    "play white noise": Command(CommandId.WHITE_NOISE),
    "play the fan": Command(CommandId.FAN_SOUND),
    "play rain sounds": Command(CommandId.RAIN_SOUND),
}

# Misrecognitions measured with the shipped grammar and rejection settings; strict, so a fix
# shows up as an unexpected pass. Overall rates are in benchmarks/bench_recognition.py.
KNOWN_MISSES = {
    ("go to tip seven", "en-us"): "heard as 'go to tip ten' and an everyday word",
    ("go to tip seven", "en-gb-x-rp"): "heard as 'go to tip ten' and an everyday word",
    ("section twelve", "en-gb-x-rp"): "absorbed by the everyday-word loop",
    ("skip this", "en-gb-x-rp"): "heard as 'skip please'",
    ("skip that one", "en-gb-x-rp"): "heard as 'skip that' and an everyday word too long to forgive",
    ("slower", "en-gb-x-rp"): "heard as 'louder', both said the non-rhotic way",
    ("next", "en-us"): "heard as everyday words",
}


def known(text: str, voice: str) -> tuple[str, str] | pytest.param:
    """(text, voice), marked as an expected failure when it is a measured miss."""
    reason = KNOWN_MISSES.get((text, voice))
    if reason is None:
        return (text, voice)
    return pytest.param(text, voice, marks=pytest.mark.xfail(reason=reason, strict=True))


DISTRACTORS = (
    "I need to stop worrying.",
    "Next time I will.",
    "Repeat after me.",
    "Go back to sleep.",
    "Let the weight of your legs sink into the bed.",
    "Did anybody feed the cat this evening?",
    "Breathing slowly tells the body that it is safe to rest.",
    "Hello.",
)


@pytest.fixture(scope="module")
def recognizer() -> SphinxRecognizer:
    return SphinxRecognizer()


def test_every_spoken_command_is_covered() -> None:
    covered = {command.id for command in PHRASES.values()}
    # Sentence steps get their phrasings from the lead (issue 15); until then keys and the headset give them.
    assert covered == set(CommandId) - {CommandId.TOGGLE_PAUSE, CommandId.NEXT_SENTENCE, CommandId.PREVIOUS_SENTENCE}


@pytest.mark.parametrize(("phrase", "voice"), [known(p, v) for p in sorted(PHRASES) for v in VOICES])
def test_command_is_recognised(recognizer: SphinxRecognizer, phrase: str, voice: str) -> None:
    result = recognizer.recognize(speak(phrase, voice))
    assert result.command == PHRASES[phrase], (result.text, result.rejected, result.score_gap)


@pytest.mark.parametrize(("sentence", "voice"), [known(t, v) for t in DISTRACTORS for v in VOICES])
def test_distractor_gives_none(recognizer: SphinxRecognizer, sentence: str, voice: str) -> None:
    result = recognizer.recognize(speak(sentence, voice))
    assert result.command is None
    assert result.rejected is not None


def test_command_words_are_also_listened_for_as_other_accents_say_them(recognizer: SphinxRecognizer) -> None:
    assert ("F", "AA", "S", "T", "AH") in recognizer.pronunciations("faster")
    assert ("S", "T", "AA", "T") in recognizer.pronunciations("start")


def test_accent_variants_can_be_left_out() -> None:
    plain = SphinxRecognizer(settings=DecoderSettings(accent_variants=False))
    assert plain.pronunciations("faster") == [("F", "AE", "S", "T", "ER")]


def test_noise_only_gives_none(recognizer: SphinxRecognizer) -> None:
    result = recognizer.recognize(noise_only(1.5))
    assert result.command is None


def test_too_short_clip_gives_no_speech(recognizer: SphinxRecognizer) -> None:
    result = recognizer.recognize(AudioClip(np.zeros(100, np.float32), 22050))
    assert result.command is None
    assert result.rejected == Rejection.NO_SPEECH


def test_long_talk_is_too_long(recognizer: SphinxRecognizer) -> None:
    talk = speak("Next. Stop. Pause. Louder. Go back. Where am I. Help. Next section. Quit. Faster.")
    assert recognizer.recognize(talk).rejected in (Rejection.TOO_LONG, Rejection.NOT_A_PHRASING)


def test_any_sample_rate_works(recognizer: SphinxRecognizer) -> None:
    clip = speak("next section")
    positions = np.arange(int(clip.duration * 44100)) * (clip.sample_rate / 44100)
    upsampled = np.interp(positions, np.arange(len(clip.samples)), clip.samples).astype(np.float32)
    assert recognizer.recognize(AudioClip(upsampled, 44100)).command == Command(CommandId.NEXT_SECTION)


def test_user_phrasing_is_heard() -> None:
    recognizer = SphinxRecognizer(load_grammar({"next": ["carry forward"]}))
    assert recognizer.recognize(speak("carry forward")).command == Command(CommandId.NEXT)


def test_word_missing_from_dictionary_is_a_recognizer_error() -> None:
    with pytest.raises(RecognizerError, match="zzyzxq"):
        SphinxRecognizer(load_grammar({"next": ["zzyzxq"]}))


def test_strict_measures_the_score_gap_and_default_does_not(recognizer: SphinxRecognizer) -> None:
    clip = speak("next section")
    quick, strict = recognizer.recognize(clip), recognizer.recognize(clip, strict=True)
    assert quick.command == strict.command == Command(CommandId.NEXT_SECTION)
    assert quick.score_gap is None
    assert strict.score_gap is not None and np.isfinite(strict.score_gap)


def test_a_clip_decodes_the_same_whatever_was_decoded_before() -> None:
    # Both voices in this order: fewer clips, or one voice, did not show the carried-over state.
    clips = [speak(phrase, voice) for phrase in sorted(PHRASES) for voice in VOICES]
    forward, backward = SphinxRecognizer(), SphinxRecognizer()
    heard_forward = [forward.recognize(clip).text for clip in clips]
    heard_backward = [backward.recognize(clip).text for clip in reversed(clips)][::-1]
    assert heard_forward == heard_backward
