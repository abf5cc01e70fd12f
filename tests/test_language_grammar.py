"""The command language: built-in phrasings, the words around them, slots, extras, validation."""

import io

from hypothesis import given, settings
from hypothesis import strategies as st
import pytest

from voicecoach.commands import ARGUMENT_OF, OPTIONAL_ARGUMENT, Command, CommandId
from voicecoach.errors import CommandError
from voicecoach.language.grammar import SlotKind, default_grammar, from_yaml, load_grammar, normalise
from voicecoach.language.matcher import first_full_match
from voicecoach.language.templates import Slot

SPOKEN = [c for c in CommandId if c != CommandId.TOGGLE_PAUSE]


def heard(text: str) -> Command | None:
    return default_grammar().match(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("next", Command(CommandId.NEXT)),
        ("Next tip.", Command(CommandId.NEXT)),
        ("go back", Command(CommandId.PREVIOUS)),
        ("say that again", Command(CommandId.REPEAT)),
        ("pause", Command(CommandId.PAUSE)),
        ("carry on", Command(CommandId.RESUME)),
        ("stop", Command(CommandId.STOP)),
        ("slow down", Command(CommandId.SLOWER)),
        ("speed up", Command(CommandId.FASTER)),
        ("louder", Command(CommandId.LOUDER)),
        ("volume down", Command(CommandId.QUIETER)),
        ("next section", Command(CommandId.NEXT_SECTION)),
        ("previous chapter", Command(CommandId.PREVIOUS_SECTION)),
        ("go to section twenty-five", Command(CommandId.GOTO_SECTION, {"number": 25})),
        ("section 3", Command(CommandId.GOTO_SECTION, {"number": 3})),
        ("tip number thirty", Command(CommandId.GOTO_TIP, {"number": 30})),
        ("start over", Command(CommandId.RESTART)),
        ("Where am I?", Command(CommandId.WHERE)),
        ("help", Command(CommandId.HELP)),
        ("table of contents", Command(CommandId.CONTENTS)),
        ("sleep in ninety minutes", Command(CommandId.SLEEP_TIMER, {"minutes": 90})),
        ("sleep in forty five minutes", Command(CommandId.SLEEP_TIMER, {"minutes": 45})),
        ("cancel the sleep timer", Command(CommandId.CANCEL_SLEEP_TIMER)),
        ("skip this", Command(CommandId.SKIP)),
        ("how long left", Command(CommandId.TIME_LEFT)),
        ("longer exhale", Command(CommandId.LONGER_EXHALE)),
        ("shorter exhale", Command(CommandId.SHORTER_EXHALE)),
        ("goodbye", Command(CommandId.QUIT)),
        ("back a sentence", Command(CommandId.PREVIOUS_SENTENCE)),
        ("next sentence", Command(CommandId.NEXT_SENTENCE)),
        ("noise louder", Command(CommandId.NOISE_LOUDER)),
        ("Noise quieter.", Command(CommandId.NOISE_QUIETER)),
        ("noise on", Command(CommandId.NOISE_ON)),
        ("noise off", Command(CommandId.NOISE_OFF)),
        ("change the sound", Command(CommandId.NEXT_SOUND)),
        ("play brown noise", Command(CommandId.BROWN_NOISE)),
        ("Play pink noise!", Command(CommandId.PINK_NOISE)),
        ("play white noise", Command(CommandId.WHITE_NOISE)),
        ("play the fan", Command(CommandId.FAN_SOUND)),
        ("play rain sounds", Command(CommandId.RAIN_SOUND)),
        ("turn the noise down", Command(CommandId.NOISE_QUIETER)),
        ("stop the noise", Command(CommandId.NOISE_OFF)),
        ("rain sounds", Command(CommandId.RAIN_SOUND)),
    ],
)
def test_one_phrasing_of_each(text: str, expected: Command) -> None:
    assert heard(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # polite and filler words around any command
        ("Pause, please.", Command(CommandId.PAUSE)),
        ("okay, next please", Command(CommandId.NEXT)),
        ("can you go back", Command(CommandId.PREVIOUS)),
        ("could you please just repeat that", Command(CommandId.REPEAT)),
        ("now stop", Command(CommandId.STOP)),
        ("keep going", Command(CommandId.RESUME)),
        ("go on", Command(CommandId.RESUME)),
        # volume and speed in everyday words
        ("turn the volume up", Command(CommandId.LOUDER)),
        ("turn it up a bit", Command(CommandId.LOUDER)),
        ("a little louder", Command(CommandId.LOUDER)),
        ("speak up", Command(CommandId.LOUDER)),
        ("turn it down", Command(CommandId.QUIETER)),
        ("a bit softer", Command(CommandId.QUIETER)),
        ("too loud", Command(CommandId.QUIETER)),
        ("a little slower", Command(CommandId.SLOWER)),
        ("slow down a bit", Command(CommandId.SLOWER)),
        ("not so fast", Command(CommandId.SLOWER)),
        ("read a bit faster", Command(CommandId.FASTER)),
        # ordinal and cardinal numbers 1-99
        ("go to the third section", Command(CommandId.GOTO_SECTION, {"number": 3})),
        ("chapter ninety nine", Command(CommandId.GOTO_SECTION, {"number": 99})),
        ("Go to section 47.", Command(CommandId.GOTO_SECTION, {"number": 47})),
        ("the twenty-first tip", Command(CommandId.GOTO_TIP, {"number": 21})),
        ("the 2nd tip", Command(CommandId.GOTO_TIP, {"number": 2})),
        ("skip to tip sixty", Command(CommandId.GOTO_TIP, {"number": 60})),
        # where, help and contents as questions
        ("Which section am I in?", Command(CommandId.WHERE)),
        ("what tip is this", Command(CommandId.WHERE)),
        ("where are we up to", Command(CommandId.WHERE)),
        ("what can I say?", Command(CommandId.HELP)),
        ("what are the commands", Command(CommandId.HELP)),
        ("what sections are there", Command(CommandId.CONTENTS)),
        ("What's in it?", Command(CommandId.CONTENTS)),
        # sleep timers said several ways, up to 12 hours
        ("sleep", Command(CommandId.SLEEP_TIMER)),
        ("sleep in an hour and a half", Command(CommandId.SLEEP_TIMER, {"minutes": 90})),
        ("set a sleep timer for half an hour", Command(CommandId.SLEEP_TIMER, {"minutes": 30})),
        ("stop in two hours and fifteen minutes", Command(CommandId.SLEEP_TIMER, {"minutes": 135})),
        ("turn off in 45 minutes", Command(CommandId.SLEEP_TIMER, {"minutes": 45})),
        ("Sleep in 1 hour.", Command(CommandId.SLEEP_TIMER, {"minutes": 60})),
        ("sleep in twelve hours", Command(CommandId.SLEEP_TIMER, {"minutes": 720})),
        ("sleep in eleven and a half hours", Command(CommandId.SLEEP_TIMER, {"minutes": 690})),
        # stop-like words
        ("be quiet", Command(CommandId.STOP)),
        ("hush", Command(CommandId.STOP)),
        ("that's enough", Command(CommandId.STOP)),
        ("stop talking", Command(CommandId.STOP)),
    ],
)
def test_the_language_people_speak_at_bedtime(text: str, expected: Command) -> None:
    assert heard(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "please",
        "I need to stop worrying",
        "next time I will",
        "go back to sleep",
        "help me get comfortable",
        "what time is it",
        "section one hundred",
        "sleep in thirteen hours",
        "tip",
        "sleep in zero minutes",
        "stop it now please and then",
    ],
)
def test_non_commands_give_none(text: str) -> None:
    assert heard(text) is None


def test_every_spoken_command_has_phrasings_that_match_back() -> None:
    grammar = default_grammar()
    for command in SPOKEN:
        phrases = grammar.phrases(command, sample_values=[1, 12, 30, 90])
        assert phrases, command
        for phrase in phrases:
            matched = grammar.match(phrase)
            assert matched is not None and matched.id == command, phrase
            if command in ARGUMENT_OF and command not in OPTIONAL_ARGUMENT:
                assert set(matched.args) == {ARGUMENT_OF[command]}


def test_each_slot_says_its_values_back() -> None:
    for slot in default_grammar().slots.values():
        for value in slot.sample_values():
            assert slot.parse(slot.say(value).split()) == value, (slot.name, value)


def test_slot_kinds() -> None:
    slots = default_grammar().slots
    assert {name: slot.kind for name, slot in slots.items()} == {
        "number": SlotKind.CARDINAL, "ordinal": SlotKind.ORDINAL, "duration": SlotKind.DURATION,
        "minutes": SlotKind.CARDINAL, "seconds": SlotKind.CARDINAL,
    }
    assert slots["minutes"].argument == "minutes"
    assert slots["seconds"].argument == "seconds"
    assert slots["duration"].high == 12 * 60


def test_core_sentences_leave_the_words_around_out() -> None:
    sentences = default_grammar().core_sentences
    assert all(sentence.tokens for sentence in sentences)
    firsts = {sentence.tokens[0].text for sentence in sentences if not isinstance(sentence.tokens[0], Slot)}
    assert "please" not in firsts and "okay" not in firsts


def test_user_extra_phrasing() -> None:
    grammar = load_grammar({"next": ["onward"], "goto_tip": ["read out tip {number}"]})
    assert grammar.match("onward") == Command(CommandId.NEXT)
    assert grammar.match("okay onward please") == Command(CommandId.NEXT)
    assert grammar.match("read out tip seven") == Command(CommandId.GOTO_TIP, {"number": 7})
    assert grammar.match("next") == Command(CommandId.NEXT)
    assert heard("onward") is None  # the built-in grammar is unchanged


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"nxt": ["onward"]}, "unknown command 'nxt'"),
        ({"next": "(onward"}, "bracket is not closed"),
        ({"next": ["onward {number}"]}, "takes no {…} values"),
        ({"goto_tip": ["read tip"]}, "exactly one {number} or {ordinal}"),
        ({"goto_tip": ["read tip {count}"]}, "unknown value {count}"),
        ({"sleep_timer": ["doze {number}"]}, "exactly one {duration} or {minutes}"),
        ({"next": ["pause"]}, "would mean both"),
        ({"next": [3]}, "must be a list of strings"),
    ],
)
def test_bad_extra_phrasings_explain_themselves(extra: dict, message: str) -> None:
    with pytest.raises(CommandError, match=message):
        load_grammar(extra)


def test_from_yaml_stream() -> None:
    grammar = from_yaml(io.StringIO("slots: {n: {from: 1, to: 3}}\ncommands:\n  next: ['onward']\n"))
    assert grammar.match("onward") == Command(CommandId.NEXT)
    assert grammar.match("next") is None


def test_from_yaml_bad_yaml_and_bad_around() -> None:
    with pytest.raises(CommandError, match="not valid YAML"):
        from_yaml(io.StringIO("commands: [unclosed"))
    with pytest.raises(CommandError, match="optional words only"):
        from_yaml(io.StringIO("around: {before: please}\ncommands:\n  next: ['onward']\n"))


def test_a_wake_word_is_needed_before_spoken_commands() -> None:
    grammar = default_grammar().with_wake_word("Coach")
    assert grammar.match("coach, next please") == Command(CommandId.NEXT)
    assert grammar.match("next") is None
    with pytest.raises(CommandError, match="one word"):
        default_grammar().with_wake_word("hey coach")


def test_normalise() -> None:
    assert normalise("  Where, am   I?! ") == "where am i"
    assert normalise("twenty-five") == "twenty five"
    assert normalise("What's 'that'") == "what's that"


@given(st.text(max_size=60))
def test_match_never_raises(text: str) -> None:
    result = heard(text)
    assert result is None or isinstance(result, Command)


@given(st.lists(st.sampled_from(sorted(default_grammar().words())), max_size=6))
def test_match_word_salad_never_raises(words: list[str]) -> None:
    result = heard(" ".join(words))
    assert result is None or isinstance(result, Command)


def test_sentences_lists_every_sentence_once() -> None:
    sentences = default_grammar().sentences()
    assert len(sentences) == len(set(sentences))
    assert {"next tip", "go to section twelve", "go to tip thirty", "sleep in twenty minutes"} <= set(sentences)
    assert "sleep in an hour and a half" in sentences


def test_the_light_phrasings_say_only_what_the_language_says() -> None:
    grammar = default_grammar()
    light = grammar.light()
    assert light.phrasings and not light.around.words()
    for sentence in light.core_sentences:
        slots = [token for token in sentence.tokens if isinstance(token, Slot)]
        values = grammar.slots[slots[0].name].sample_values()[:3] if slots else ()
        for text in light.fill(sentence, values):
            found = grammar.parse(text)
            assert found is not None and found.command.id is sentence.command, text


# ---------------------------------------------------------------- issue 14: the night's phrasings


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the sleep timer's forms
        ("sleep at the end of this tip", Command(CommandId.SLEEP_END_OF_TIP)),
        ("stop after this step", Command(CommandId.SLEEP_END_OF_TIP)),
        ("sleep timer until the end of this tip", Command(CommandId.SLEEP_END_OF_TIP)),
        ("Sleep at the end of this section.", Command(CommandId.SLEEP_END_OF_SECTION)),
        ("stop when this chapter ends", Command(CommandId.SLEEP_END_OF_SECTION)),
        ("sleep after two sections", Command(CommandId.SLEEP_AFTER_SECTIONS, {"number": 2})),
        ("stop after 3 chapters", Command(CommandId.SLEEP_AFTER_SECTIONS, {"number": 3})),
        ("sleep timer for one section", Command(CommandId.SLEEP_AFTER_SECTIONS, {"number": 1})),
        ("ten more minutes", Command(CommandId.EXTEND_SLEEP_TIMER, {"minutes": 10})),
        ("okay, five more minutes please", Command(CommandId.EXTEND_SLEEP_TIMER, {"minutes": 5})),
        ("another half an hour", Command(CommandId.EXTEND_SLEEP_TIMER, {"minutes": 30})),
        ("give me an hour more", Command(CommandId.EXTEND_SLEEP_TIMER, {"minutes": 60})),
        ("extend the sleep timer by twenty minutes", Command(CommandId.EXTEND_SLEEP_TIMER, {"minutes": 20})),
        ("more time", Command(CommandId.EXTEND_SLEEP_TIMER)),
        ("I'm still awake", Command(CommandId.EXTEND_SLEEP_TIMER)),
        ("not yet", Command(CommandId.EXTEND_SLEEP_TIMER)),
        ("keep going", Command(CommandId.RESUME)),  # stays resume; during the warning it extends
        # after a night's sleep
        ("continue from where it stopped", Command(CommandId.CONTINUE_WHERE_STOPPED)),
        ("go on from where we left off", Command(CommandId.CONTINUE_WHERE_STOPPED)),
        ("take me to where it stopped", Command(CommandId.CONTINUE_WHERE_STOPPED)),
        # finer steps back
        ("say that sentence again", Command(CommandId.REPEAT_SENTENCE)),
        ("repeat the sentence", Command(CommandId.REPEAT_SENTENCE)),
        ("back a sentence", Command(CommandId.PREVIOUS_SENTENCE)),
        ("go back one sentence", Command(CommandId.PREVIOUS_SENTENCE)),
        ("next sentence", Command(CommandId.NEXT_SENTENCE)),
        ("skip this sentence", Command(CommandId.NEXT_SENTENCE)),
        ("back thirty seconds", Command(CommandId.BACK_SECONDS, {"seconds": 30})),
        ("go back 45 seconds", Command(CommandId.BACK_SECONDS, {"seconds": 45})),
        ("rewind ten seconds", Command(CommandId.BACK_SECONDS, {"seconds": 10})),
        ("rewind", Command(CommandId.BACK_SECONDS)),
        ("go back a bit", Command(CommandId.BACK_SECONDS)),
        ("back half a minute", Command(CommandId.BACK_SECONDS)),
        # bookmarks
        ("bookmark this", Command(CommandId.BOOKMARK)),
        ("add a bookmark here", Command(CommandId.BOOKMARK)),
        ("mark this place", Command(CommandId.BOOKMARK)),
        ("go to my bookmark", Command(CommandId.GOTO_BOOKMARK)),
        ("take me to my last bookmark", Command(CommandId.GOTO_BOOKMARK)),
        ("bookmark two", Command(CommandId.GOTO_BOOKMARK, {"number": 2})),
        ("go to bookmark number 3", Command(CommandId.GOTO_BOOKMARK, {"number": 3})),
        ("the second bookmark", Command(CommandId.GOTO_BOOKMARK, {"number": 2})),
        ("list bookmarks", Command(CommandId.LIST_BOOKMARKS)),
        ("what bookmarks do I have?", Command(CommandId.LIST_BOOKMARKS)),
        ("read me my bookmarks", None),  # "me" is not in the phrasing: not a command
    ],
)
def test_the_nights_phrasings(text: str, expected: Command | None) -> None:
    assert heard(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("sleep at the end of this tip", Command(CommandId.SLEEP_END_OF_TIP)),
        ("sleep at the end of this step", Command(CommandId.SLEEP_END_OF_TIP)),
        ("sleep at the end of this section", Command(CommandId.SLEEP_END_OF_SECTION)),
        ("sleep after three sections", Command(CommandId.SLEEP_AFTER_SECTIONS, {"number": 3})),
        ("give me ten minutes more", Command(CommandId.EXTEND_SLEEP_TIMER, {"minutes": 10})),
        ("more time", Command(CommandId.EXTEND_SLEEP_TIMER)),
        ("continue from where it stopped", Command(CommandId.CONTINUE_WHERE_STOPPED)),
        ("say that sentence again", Command(CommandId.REPEAT_SENTENCE)),
        ("back a sentence", Command(CommandId.PREVIOUS_SENTENCE)),
        ("next sentence", Command(CommandId.NEXT_SENTENCE)),
        ("back thirty seconds", Command(CommandId.BACK_SECONDS, {"seconds": 30})),
        ("rewind", Command(CommandId.BACK_SECONDS)),
        ("bookmark this", Command(CommandId.BOOKMARK)),
        ("go to my bookmark", Command(CommandId.GOTO_BOOKMARK)),
        ("bookmark two", Command(CommandId.GOTO_BOOKMARK, {"number": 2})),
        ("list bookmarks", Command(CommandId.LIST_BOOKMARKS)),
    ],
)
def test_the_light_recogniser_hears_the_plain_forms_of_the_nights_commands(text: str, expected: Command) -> None:
    assert default_grammar().light().match(text) == expected


def test_every_command_has_a_light_phrasing() -> None:
    light = {phrasing.command for phrasing in default_grammar().light_phrasings}
    assert light == set(CommandId) - {CommandId.TOGGLE_PAUSE}


_WORDS = sorted(default_grammar().words()) + ["3", "21st", "tea", "banana"]
_SENTENCES = sorted({text for command in CommandId for text in default_grammar().phrases(command, [3, 21, 90])})


@st.composite
def _heard_words(draw: st.DrawFn) -> list[str]:
    """A phrasing of ours, maybe with a word or two added or changed, or any words at all."""
    if draw(st.booleans()):
        return draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=8))
    words = normalise(draw(st.sampled_from(_SENTENCES))).split()
    for _ in range(draw(st.integers(0, 2))):
        at = draw(st.integers(0, len(words)))
        words[at:at + draw(st.integers(0, 1))] = [draw(st.sampled_from(_WORDS))]
    return words or ["next"]


@settings(max_examples=400, deadline=None)
@given(_heard_words(), st.booleans())
def test_parse_skips_only_phrasings_that_cannot_hold_the_words(words: list[str], typed: bool) -> None:
    """`parse` tries only the phrasings whose words (and, for a slot, number words) cover every
    word heard: it must find what trying every phrasing in order finds."""
    grammar = default_grammar()
    expected = None
    for phrasing, expression, _, _ in grammar._wrapped:
        if phrasing.typed_only and not typed:
            continue
        if first_full_match(expression, tuple(words), grammar._parse_slot) is not None:
            expected = phrasing
            break
    found = grammar.parse(" ".join(words), typed=typed)
    assert (found.phrasing if found else None) == expected
    assert grammar.parse(" ".join(words), typed=typed) == found  # remembered, and the same
