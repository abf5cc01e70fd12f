"""Finer steps back in the article player: a sentence again, seconds of speech back, where am I
with the time left, and where a resume starts after a pause and after a night's sleep."""

from __future__ import annotations

import pytest

from tests.test_player import Harness
from voicecoach import phrases
from voicecoach.commands import Command, CommandId
from voicecoach.document import Document, Section, Tip
from voicecoach.events import Moved, SentenceBegun
from voicecoach.player import PlayerSettings, PlayerState
from voicecoach.ports import Position
from voicecoach.reader_core import NIGHT_PAUSE_SECONDS
from voicecoach.sounds import Voice
from voicecoach.speech_time import speech_seconds

LONG = Document(
    "Long nights",
    (
        Section("One", (Tip("", "First one. Second one. Third one."), Tip("", "Fourth one. Fifth one."))),
        Section("Two", (Tip("", "Sixth one here, a little longer than the rest of them."),)),
    ),
)
RATE = PlayerSettings().voice.rate
SHORT = speech_seconds("First one.", RATE)  # every "Nth one." sentence takes as long


def reading(start: Position = Position(0, 0)) -> Harness:
    h = Harness(PlayerSettings(continuous=True), start=start, document=LONG)
    h.player.start(0.0)
    return h


def test_say_that_sentence_again_rereads_the_one_under_way_from_its_start() -> None:
    h = reading()
    h.finish(3)  # title, heading, "First one."; "Second one." is under way
    mark = len(h.speaker.played)
    h.say(CommandId.REPEAT_SENTENCE)
    h.finish()
    assert h.spoken_since(mark)[:2] == ["<ack>", "Second one."]


def test_back_a_sentence_is_the_one_before() -> None:
    h = reading()
    h.finish(3)
    mark = len(h.speaker.played)
    h.say(CommandId.PREVIOUS_SENTENCE)
    h.finish()
    assert h.spoken_since(mark)[:2] == ["<ack>", "First one."]


def test_back_thirty_seconds_counts_what_was_heard_of_this_sentence_then_earlier_ones() -> None:
    h = reading(Position(0, 1))
    h.finish(3)  # welcome, heading, "Fourth one."; "Fifth one." has just begun
    mark = len(h.speaker.played)
    h.say(CommandId.BACK_SECONDS, seconds=int(SHORT * 2.5))  # half a second into it, then ~2 more
    h.finish_all()
    said = h.spoken_since(mark)
    assert said[:3] == ["<ack>", phrases.back_seconds(int(SHORT * 2.5)), "Third one."]  # across the tip before
    assert any(isinstance(e, Moved) and e.position == Position(0, 0) for e in h.events)


def test_back_a_few_seconds_within_the_sentence_restarts_it_and_a_bare_rewind_is_thirty() -> None:
    h = reading()
    h.finish(3)  # "Second one." began at 3.0
    h.now += 1.5
    mark = len(h.speaker.played)
    h.player.handle(Command(CommandId.BACK_SECONDS, {"seconds": 1}), h.now)  # 1.5 s of it heard
    h.finish(2)
    assert h.spoken_since(mark)[:3] == ["<ack>", "Back 1 second.", "Second one."]
    mark = len(h.speaker.played)
    h.say(CommandId.BACK_SECONDS)
    h.finish(2)
    assert h.spoken_since(mark)[1] == "Back 30 seconds." and h.player.position == Position(0, 0)
    assert h.spoken_since(mark)[2] == "First one."  # the start of the document stops it


def test_where_am_i_adds_the_time_left_in_the_section_and_the_document() -> None:
    h = reading()
    h.finish(3)  # "Second one." under way
    mark = len(h.speaker.played)
    h.say(CommandId.WHERE)
    h.finish()
    said = h.spoken_since(mark)
    assert said[0] == "Section 1 of 2, One, tip 1 of 2."
    section = 4 * SHORT  # "Second one." (interrupted: said again) to "Fifth one."
    whole = section + speech_seconds(LONG.sections[1].tips[0].text, RATE)
    assert said[1] == phrases.where_time_left(section, whole)
    assert phrases.where_time_left(30, 200) == "Less than a minute left in this section, 3 minutes in all."
    assert phrases.where_time_left(150, 150) == "About 2 minutes left in this section, 2 minutes in all."


def test_the_time_left_follows_the_rate() -> None:
    document = Document("Long", (Section("All", tuple(Tip("", "Word " * 60 + "end.") for _ in range(6))),))
    heard = {}
    for rate in (100, 200):
        h = Harness(PlayerSettings(continuous=True, voice=Voice(rate=rate)), document=document)
        h.player.start(0.0)
        h.say(CommandId.WHERE)
        h.finish()
        heard[rate] = h.speaker.texts[-1]
    assert heard[100] == "About 3 minutes left in this section, 3 minutes in all."
    assert heard[200] == "About 1 minute left in this section, 1 minute in all."


def test_a_short_pause_resumes_at_the_start_of_the_interrupted_sentence() -> None:
    h = reading()
    h.finish(3)  # "Second one." under way
    h.say(CommandId.PAUSE)
    h.finish_all()
    h.now += 600.0
    mark = len(h.speaker.played)
    h.say(CommandId.RESUME)
    h.finish(2)
    assert h.spoken_since(mark)[:3] == ["<ack>", phrases.RESUMING, "Second one."]


def test_after_a_nights_pause_a_resume_starts_the_tip_again() -> None:
    h = reading()
    h.finish(4)  # "Third one." under way
    h.say(CommandId.PAUSE)
    h.finish_all()
    h.now += NIGHT_PAUSE_SECONDS
    mark = len(h.speaker.played)
    h.say(CommandId.TOGGLE_PAUSE)
    h.finish(2)
    assert h.spoken_since(mark)[:3] == ["<ack>", phrases.FROM_THE_TIP_START, "First one."]
    assert h.player.state is PlayerState.READING


def test_each_content_sentence_is_reported_with_its_place() -> None:
    h = reading()
    h.finish(4)
    begun = [(e.position, e.sentence) for e in h.events if isinstance(e, SentenceBegun)]
    assert begun == [(Position(0, 0), 0), (Position(0, 0), 1), (Position(0, 0), 2)]


@pytest.mark.parametrize("command_id", [CommandId.REPEAT_SENTENCE, CommandId.BACK_SECONDS, CommandId.PREVIOUS_SENTENCE])
def test_sentence_steps_at_a_tips_end_take_its_last_sentence(command_id: CommandId) -> None:
    h = Harness(PlayerSettings(), document=LONG)  # waits at the end of each tip
    h.player.start(0.0)
    h.finish_all()
    mark = len(h.speaker.played)
    h.say(command_id, **({"seconds": 1} if command_id is CommandId.BACK_SECONDS else {}))
    h.finish_all()
    assert "Third one." in h.spoken_since(mark)
