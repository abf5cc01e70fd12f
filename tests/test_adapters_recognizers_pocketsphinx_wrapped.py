"""Forgiving a moment of everyday words around a command."""

from voicecoach.commands import Command, CommandId
from voicecoach.language.grammar import default_grammar
from voicecoach.adapters.recognizers.pocketsphinx.wrapped import TimedWord, find_command

EVERYDAY = {"the", "will", "time", "what", "after"}
MATCH = default_grammar().match


def timed(*spans: tuple[str, int]) -> list[TimedWord]:
    """Words with the given lengths in frames, one after another."""
    words, frame = [], 0
    for word, frames in spans:
        words.append(TimedWord(word, frame, frame + frames - 1))
        frame += frames
    return words


def test_a_bare_phrasing_is_found() -> None:
    found = find_command(timed(("next", 30), ("tip", 25)), MATCH, EVERYDAY, 0.3)
    assert found is not None and found.command == Command(CommandId.NEXT) and found.text == "next tip"


def test_a_short_everyday_word_after_the_command_is_forgiven() -> None:
    found = find_command(timed(("skip", 30), ("that", 20), ("what", 12)), MATCH, EVERYDAY, 0.3)
    assert found is not None and found.command == Command(CommandId.SKIP) and found.text == "skip that"


def test_a_short_word_before_the_command_is_forgiven() -> None:
    found = find_command(timed(("the", 10), ("stop", 35)), MATCH, EVERYDAY, 0.3)
    assert found is not None and found.command == Command(CommandId.STOP)


def test_talk_after_a_command_word_is_not_a_command() -> None:
    words = timed(("next", 30), ("time", 25), ("will", 20))
    assert find_command(words, MATCH, EVERYDAY, 0.3) is None


def test_extra_words_that_are_not_everyday_words_are_not_forgiven() -> None:
    assert find_command(timed(("stop", 30), ("tip", 5)), MATCH, EVERYDAY, 0.3) is None


def test_the_longest_phrasing_wins() -> None:
    found = find_command(timed(("next", 30), ("tip", 25), ("the", 8)), MATCH, EVERYDAY, 0.3)
    assert found is not None and found.text == "next tip"


def test_nothing_heard_is_no_command() -> None:
    assert find_command([], MATCH, EVERYDAY, 0.3) is None


def test_nothing_is_forgiven_after_a_number() -> None:
    words = timed(("go", 15), ("to", 10), ("tip", 25), ("ten", 25), ("what", 10))
    assert find_command(words, MATCH, EVERYDAY, 0.3) is None


def test_a_short_word_before_a_number_command_is_forgiven() -> None:
    words = timed(("the", 8), ("section", 40), ("three", 30))
    found = find_command(words, MATCH, EVERYDAY, 0.3)
    assert found is not None and found.command == Command(CommandId.GOTO_SECTION, {"number": 3})
