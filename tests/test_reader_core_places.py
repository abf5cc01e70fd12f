"""Bookmarks, the way back to where the last night stopped, and a finished document, in both
players: what is said, where the reading goes, what is reported."""

from __future__ import annotations

import io

import pytest

from tests.test_player import Harness
from tests.test_scripts_player import Session as ScriptSession
from voicecoach import phrases
from voicecoach.commands import CommandId
from voicecoach.document import Document, Section, Tip
from voicecoach.events import BookmarkAdded, Moved
from voicecoach.night import ResumeOffer, ResumeReason
from voicecoach.places import Place
from voicecoach.player import Player, PlayerSettings, PlayerState
from voicecoach.ports import Position
from voicecoach.scripts.loader import script_from_yaml

GUIDE = Document(
    "Night guide",
    (
        Section("Breathing", (Tip("Slow out", "Breathe out slowly. Count to six."), Tip("", "Rest your hands."))),
        Section("Legs", (Tip("Stretch", "Point your toes. Then relax them."), Tip("Warmth", "Try a warm pack."))),
    ),
)
SCRIPT = """
title: Short rest
steps:
  - section:
      title: Arrive
      steps:
        - say: Let your shoulders drop.
        - pause: 10
  - section:
      title: Feet
      steps:
        - say: Feel your feet.
        - pause: 10
"""


def article(**options: object) -> Harness:
    h = Harness(PlayerSettings(continuous=True), document=GUIDE)
    h.player = Player(GUIDE, h.speaker, h.events.append, PlayerSettings(continuous=True), **options)  # type: ignore[arg-type]
    h.player.start(0.0)
    return h


# ---------------------------------------------------------------- bookmarks


def test_bookmark_this_marks_the_sentence_under_way_and_reports_it() -> None:
    h = article()
    h.finish(4)  # title, heading, "Slow out.", "Breathe out slowly."; "Count to six." under way
    mark = len(h.speaker.played)
    h.say(CommandId.BOOKMARK)
    assert h.spoken_since(mark) == [phrases.bookmark_number(1)]
    assert [e.place for e in h.events if isinstance(e, BookmarkAdded)] == [Place(0, 0, 2)]
    h.say(CommandId.BOOKMARK)
    assert h.speaker.texts[-1] == phrases.already_bookmarked(1)
    assert len([e for e in h.events if isinstance(e, BookmarkAdded)]) == 1


def test_go_to_my_bookmark_and_bookmark_two_read_on_from_the_marked_sentence() -> None:
    h = article(bookmarks=[Place(1, 0, 1), Place(0, 1)])
    h.finish(2)
    mark = len(h.speaker.played)
    h.say(CommandId.GOTO_BOOKMARK)  # the latest made: (0, 1), which is bookmark 1 in reading order
    h.finish(3)
    assert h.spoken_since(mark)[:3] == ["<ack>", phrases.bookmark_number(1), "Rest your hands."]
    mark = len(h.speaker.played)
    h.say(CommandId.GOTO_BOOKMARK, number=2)
    h.finish(3)
    assert h.spoken_since(mark)[:3] == ["<ack>", phrases.bookmark_number(2), "Point your toes."]  # its sentence
    assert any(isinstance(e, Moved) and e.position == Position(1, 0) for e in h.events)


def test_list_bookmarks_reads_them_briefly_and_a_missing_one_is_refused() -> None:
    h = article(bookmarks=[Place(1, 0, 1), Place(0, 1)])
    h.finish(2)
    mark = len(h.speaker.played)
    h.say(CommandId.LIST_BOOKMARKS)
    h.finish(2)
    assert h.spoken_since(mark)[:3] == [
        "2 bookmarks.", "1: tip 2 of section 1, Rest your hands.", "2: tip 1 of section 2, Stretch.",
    ]
    mark = len(h.speaker.played)
    h.say(CommandId.GOTO_BOOKMARK, number=5)
    assert h.spoken_since(mark) == [phrases.no_such_bookmark(5, 2)]


def test_with_no_bookmarks_the_bookmark_commands_say_how_to_make_one() -> None:
    h = article()
    for command_id in (CommandId.GOTO_BOOKMARK, CommandId.LIST_BOOKMARKS):
        h.say(command_id)
        assert h.speaker.texts[-1] == phrases.NO_BOOKMARKS


def test_help_names_the_bookmark_commands_once_there_are_bookmarks() -> None:
    h = article()
    h.say(CommandId.HELP)
    h.finish(12)
    assert "Bookmark this." in h.speaker.texts and "Continue from where it stopped." not in h.speaker.texts
    h.say(CommandId.BOOKMARK)
    mark = len(h.speaker.played)
    h.say(CommandId.HELP)
    h.finish(12)
    assert any("go to my bookmark" in line for line in h.spoken_since(mark))


# ---------------------------------------------------------------- after a night's sleep

OFFER = ResumeOffer(Place(0, 1), Place(1, 0, 1), ResumeReason.AWAKE, 15)


def test_a_resume_after_sleep_says_where_it_starts_and_why_in_one_sentence() -> None:
    h = article(start=Position(1, 1), resume=OFFER)
    h.finish_all()
    assert h.speaker.texts[0] == phrases.resume_offer("tip 2 of section 1", True, 15)
    assert "where you were last awake" in h.speaker.texts[0] and h.speaker.texts[2] == "Rest your hands."
    before_end = ResumeOffer(Place(0, 1), Place(1, 0, 1), ResumeReason.BEFORE_END, 15)
    assert "15 minutes before the reading stopped" in phrases.resume_offer("x", before_end.reason is ResumeReason.AWAKE, 15)


def test_continue_from_where_it_stopped_takes_the_exact_sentence() -> None:
    h = article(resume=OFFER)
    h.finish(2)
    mark = len(h.speaker.played)
    h.say(CommandId.CONTINUE_WHERE_STOPPED)
    h.finish(3)
    assert h.spoken_since(mark)[:4] == ["<ack>", phrases.FROM_WHERE_IT_STOPPED, "Section 2: Legs.", "Point your toes."]
    assert h.player.position == Position(1, 0)


def test_continue_from_where_it_stopped_with_no_night_to_go_back_to() -> None:
    h = article()
    h.say(CommandId.CONTINUE_WHERE_STOPPED)
    assert h.speaker.texts[-1] == phrases.NO_PLACE_TO_CONTINUE


def test_a_finished_document_says_so_and_offers_the_beginning_or_the_relaxation() -> None:
    h = Harness(PlayerSettings(relaxation_available=True), start=Position(1, 1), document=GUIDE)
    h.player = Player(GUIDE, h.speaker, h.events.append, PlayerSettings(relaxation_available=True),
                      start=Position(1, 1), finished=True)
    h.player.start(0.0)
    h.finish_all()
    assert h.speaker.texts == [phrases.finished_offer("Night guide", relaxation=True)]
    assert "relax" in h.speaker.texts[0] and h.player.state is PlayerState.FINISHED
    h.say(CommandId.RESTART)
    h.finish(3)
    assert h.player.position == Position(0, 0) and h.player.state is PlayerState.READING


# ---------------------------------------------------------------- the script player


def test_a_script_keeps_bookmarks_by_step_and_goes_back_to_them() -> None:
    session = ScriptSession(SCRIPT).at(1.5, CommandId.BOOKMARK).at(14.0, CommandId.GOTO_BOOKMARK).run(until=18.0)
    assert [e.place for e in session.of_type(BookmarkAdded)] == [Place(0, 0)]
    said = [s.text for at, s in session.speaker.played if at >= 14.0 and hasattr(s, "text")]
    assert said[:3] == [phrases.bookmark_number(1), "Section 1: Arrive.", "Let your shoulders drop."]


def test_a_script_resumed_after_sleep_says_so_and_can_go_to_where_it_stopped() -> None:
    offer = ResumeOffer(Place(0, 0), Place(1, 0), ResumeReason.BEFORE_END, 15)
    session = ScriptSession(SCRIPT, resume=offer).at(3.0, CommandId.CONTINUE_WHERE_STOPPED).run(until=6.0)
    said = [s.text for _, s in session.speaker.played if hasattr(s, "text")]
    assert said[1] == phrases.resume_offer("step 1 of section 1: Arrive", False, 15)
    assert phrases.FROM_WHERE_IT_STOPPED in said and "Feel your feet." in said


def test_a_finished_script_says_so_as_it_starts_again() -> None:
    session = ScriptSession(SCRIPT, finished=True).run(until=4.0)
    said = [s.text for _, s in session.speaker.played if hasattr(s, "text")]
    assert said[:3] == ["Short rest", phrases.finished_again("Short rest"), "Let your shoulders drop."]
    assert script_from_yaml(io.StringIO(SCRIPT)).title == "Short rest"


@pytest.mark.parametrize("command_id", [CommandId.BOOKMARK, CommandId.LIST_BOOKMARKS, CommandId.GOTO_BOOKMARK])
def test_bookmark_commands_are_answered_in_a_script(command_id: CommandId) -> None:
    session = ScriptSession(SCRIPT).at(2.0, command_id).run(until=5.0)
    assert any(at >= 2.0 for at, _ in session.speaker.played)


# ---------------------------------------------------------------- help names what is valid at that moment


def help_heard(h: Harness) -> list[str]:
    mark = len(h.speaker.played)
    h.say(CommandId.HELP)
    h.finish(20)
    return h.spoken_since(mark)


def test_an_articles_help_follows_the_sleep_timer_the_bookmarks_the_offer_and_the_relaxation() -> None:
    h = article()
    heard = help_heard(h)
    assert any(line.startswith("Sleep in twenty minutes, sleep at the end of this tip") for line in heard)
    assert not any("How long left" in line for line in heard)
    assert phrases.RELAX_HELP not in heard  # `read ARTICLE` has no relaxation to switch to
    assert "Continue from where it stopped." not in heard
    h.say(CommandId.SLEEP_TIMER, minutes=20)
    heard = help_heard(h)
    assert any(line.startswith("How long left, ten more minutes, keep going") for line in heard)
    assert not any(line.startswith("Sleep in twenty minutes") for line in heard)
    h.say(CommandId.CANCEL_SLEEP_TIMER)
    assert any(line.startswith("Sleep in twenty minutes") for line in help_heard(h))

    offered = Harness(PlayerSettings(continuous=True), document=GUIDE)
    offered.player = Player(GUIDE, offered.speaker, offered.events.append,
                            PlayerSettings(continuous=True, relaxation_available=True), resume=OFFER)
    offered.player.start(0.0)
    heard = help_heard(offered)
    assert "Continue from where it stopped." in heard and phrases.RELAX_HELP in heard


def test_a_scripts_help_names_the_step_and_the_way_back_to_the_guide_only_in_the_default_session() -> None:
    alone = [s.text for at, s in ScriptSession(SCRIPT).at(1.0, CommandId.HELP).run(until=30.0).speaker.played
             if at >= 1.0 and hasattr(s, "text")]
    assert any(line.startswith("Sleep in twenty minutes, sleep at the end of this step") for line in alone)
    assert phrases.GUIDE_HELP not in alone
    in_library = [s.text for at, s in ScriptSession(SCRIPT, guide_available=True).at(1.0, CommandId.HELP).run(until=30.0)
                  .speaker.played if at >= 1.0 and hasattr(s, "text")]
    assert phrases.GUIDE_HELP in in_library
