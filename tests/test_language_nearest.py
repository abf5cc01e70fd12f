"""The phrasings nearest to a rough transcript."""

from hypothesis import given
from hypothesis import strategies as st
import pytest

from voicecoach.commands import Command, CommandId
from voicecoach.language.grammar import default_grammar, normalise
from voicecoach.language.nearest import nearest, nearest_of, spelling_distance


def best(text: str) -> tuple[Command, str]:
    found = nearest(default_grammar(), normalise(text).split(), limit=3)
    assert found, text
    return found[0].command, " ".join(found[0].words)


@pytest.mark.parametrize(
    ("heard", "command", "words"),
    [
        ("Next tip.", Command(CommandId.NEXT), "next tip"),
        ("Next deep", Command(CommandId.NEXT), "next tip"),
        ("Next tube.", Command(CommandId.NEXT), "next tip"),
        ("Sleeping 10 minutes", Command(CommandId.SLEEP_TIMER, {"minutes": 10}), "sleep 10 minutes"),
        ("go to section tree", Command(CommandId.GOTO_SECTION, {"number": 3}), "go to section three"),
        ("Go to the 3rd section.", Command(CommandId.GOTO_SECTION, {"number": 3}), "go to the 3rd section"),
        ("Pals", Command(CommandId.PAUSE), "pause"),
        ("Okay, with you please stop talking", Command(CommandId.STOP), "okay with you please stop talking"),
        ("Which section am I on", Command(CommandId.WHERE), "which section am i on"),
        ("Stop in 10 minutes", Command(CommandId.SLEEP_TIMER, {"minutes": 10}), "stop in 10 minutes"),
    ],
)
def test_the_nearest_phrasing_keeps_the_words_around_it(heard: str, command: Command, words: str) -> None:
    assert best(heard) == (command, words)


def test_an_exact_phrasing_is_at_distance_zero_and_talk_is_far() -> None:
    grammar = default_grammar()
    assert nearest(grammar, ["louder"])[0].distance == 0.0
    talk = nearest(grammar, normalise("I think I will make some tea").split())
    assert all(candidate.distance > 3 for candidate in talk)


def test_one_candidate_per_command_and_value_best_first_unless_more_are_asked_for() -> None:
    found = nearest(default_grammar(), normalise("go to section tree").split(), limit=6)
    assert len({candidate.command for candidate in found}) == len(found)
    two = nearest(default_grammar(), normalise("next deep").split(), limit=8, per_command=2)
    assert [c.command for c in two].count(Command(CommandId.NEXT)) == 2
    assert [c.distance for c in found] == sorted(c.distance for c in found)


def test_spelling_distance() -> None:
    assert spelling_distance("pause", "pause") == 0.0
    assert spelling_distance("pals", "pause") < 0.4  # s for u is a full swap; the vowel and the e are cheap
    assert spelling_distance("tube", "tip") < spelling_distance("tube", "one")  # sounds alike: u/i, b/p
    assert spelling_distance("abc", "xyz") == 1.0
    assert spelling_distance("a", "b") == spelling_distance("b", "a")


@given(st.lists(st.sampled_from(sorted(default_grammar().words()) + ["tea", "car", "7", "mmm"]), max_size=7))
def test_any_words_give_candidates_that_are_commands(words: list[str]) -> None:
    for candidate in nearest(default_grammar(), words):
        assert isinstance(candidate.command.id, CommandId)
        assert candidate.distance >= 0


def _plain_spelling_distance(a: str, b: str) -> float:
    """The spelling distance written the plain way, to check the quick one against."""
    vowels, alike = set("aeiouy"), ("bp", "dt", "gkcq", "fv", "sz", "mn", "lr", "wv", "jg", "xs")

    def sound(letter: str) -> str:
        return "vowel" if letter in vowels else next((g for g in alike if letter in g), letter)

    def add(letter: str) -> float:
        return 0.6 if letter in vowels or letter in "h'" else 1.0

    def swap(x: str, y: str) -> float:
        return 0.0 if x == y else 0.5 if sound(x) == sound(y) else 1.0

    a, b = min(a, b), max(a, b)
    previous = [0.0]
    for letter in b:
        previous.append(previous[-1] + add(letter))
    for letter in a:
        current = [previous[0] + add(letter)]
        for j, other in enumerate(b, start=1):
            current.append(min(previous[j] + add(letter), current[j - 1] + add(other), previous[j - 1] + swap(letter, other)))
        previous = current
    return min(1.0, previous[-1] / max(len(a), len(b), 1))


@given(st.text("abcdefghijklmnopqrstuvwxyz'19", max_size=9), st.sampled_from(sorted(default_grammar().words())))
def test_spelling_distance_is_the_plain_edit_distance(heard: str, known: str) -> None:
    assert spelling_distance(heard, known) == _plain_spelling_distance(heard, known)


def test_the_other_phrasings_of_one_command_nearest_first() -> None:
    grammar = default_grammar()
    pink = Command(CommandId.PINK_NOISE)
    found = nearest_of(grammar, normalise("draping noise").split(), pink, limit=3)
    assert [c.command for c in found] == [pink] * len(found)
    assert ("play", "pink", "noise") in [c.words for c in found]  # the wording "nearest" left out
    assert [c.distance for c in found] == sorted(c.distance for c in found)
    assert len({c.words for c in found}) == len(found)
    three = Command(CommandId.GOTO_SECTION, {"number": 3})
    assert nearest_of(grammar, normalise("go to section tree").split(), three)[0].words == ("go", "to", "section", "three")
    assert nearest_of(grammar, [], pink) == []
