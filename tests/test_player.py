"""The article player, driven with a recording speaker and explicit times: no sleeps, no audio."""

from __future__ import annotations

from typing import Callable

import pytest

from tests.fakes import RecordingSpeaker
from tests.shared_example import EXAMPLE_ARTICLE
from voicecoach import phrases
from voicecoach.commands import Command, CommandId
from voicecoach.document import Document, Section, Tip, TipGroup
from voicecoach.events import CommandRefused, NoticeGiven, PlayerEvent, Quit
from voicecoach.importers import load_article
from voicecoach.player import Player, PlayerSettings, PlayerState
from voicecoach.ports import Position
from voicecoach.sounds import Earcon, Speech, SpeechKind, Voice

GUIDE = Document(
    "Night guide",
    (
        Section("Breathing", (Tip("Slow out", "Breathe out slowly. Count to six."), Tip("", "Rest your hands."))),
        Section("Legs", (Tip("Stretch", "Point your toes."), Tip("Warmth", "Try a warm pack."), Tip("", "Walk a little."))),
        Section("Closing", (Tip("", "Sleep well."),)),
    ),
)

# A section with its own opening tip, then two named groups; the first section has the document's name.
GROUPED = Document(
    "Calm nights",
    (
        Section("Calm nights", (Tip("", "Welcome in."),)),
        Section(
            "Ways to settle",
            (
                Tip("", "Try one at a time."),
                Tip("Iron check", "Ask for a blood test."),
                Tip("Medicine review", "Ask a pharmacist."),
                Tip("Daytime walk", "Walk in daylight."),
                Tip("Less coffee", "Keep it for mornings."),
                Tip("Warm bath", "Soak before bed."),
            ),
            (TipGroup("Help from a clinician", 1, 3), TipGroup("Everyday habits", 3, 6)),
        ),
        Section("Last word", (Tip("", "Be patient."),)),
    ),
)


class Harness:
    """A player with a recording speaker; `finish()` completes whatever is sounding."""

    def __init__(
        self, settings: PlayerSettings = PlayerSettings(), start: Position = Position(0, 0), document: Document = GUIDE
    ) -> None:
        self.speaker = RecordingSpeaker()
        self.events: list[PlayerEvent] = []
        self.player = Player(document, self.speaker, self.events.append, settings, start=start)
        self.now = 0.0

    def finish(self, count: int = 1) -> None:
        for _ in range(count):
            self.now += 1.0
            self.player.sound_finished(self.speaker.played[-1].id, self.now)

    def finish_all(self, limit: int = 100) -> None:
        """Let sounds finish until the player is idle."""
        for _ in range(limit):
            if self.player.is_idle or self.player.has_quit:
                return
            self.finish()
        raise AssertionError("player never became idle")

    def say(self, command_id: CommandId, **args: int) -> None:
        self.now += 0.5
        self.player.handle(Command(command_id, args), self.now)

    def spoken_since(self, mark: int) -> list[str]:
        return self.speaker.texts[mark:]


def test_start_reads_title_heading_and_first_tip_sentence_by_sentence() -> None:
    h = Harness()
    h.player.start(0.0)
    h.finish_all()
    assert h.speaker.texts == ["Night guide", "Breathing", "Slow out.", "Breathe out slowly.", "Count to six."]
    assert h.player.state is PlayerState.WAITING
    assert all(isinstance(s, Speech) for s in h.speaker.played)


def test_next_interrupts_confirms_and_reads_the_next_tip() -> None:
    h = Harness()
    h.player.start(0.0)
    h.finish(3)  # title, heading, first sentence
    mark = len(h.speaker.played)
    h.say(CommandId.NEXT)
    h.finish_all()
    assert h.speaker.stops == 1
    assert h.spoken_since(mark) == ["<ack>", "Next.", "Rest your hands."]
    assert h.player.position == Position(0, 1)


def test_next_across_a_section_says_the_new_heading() -> None:
    h = Harness(start=Position(0, 1))
    h.player.start(0.0)
    h.finish_all()
    mark = len(h.speaker.played)
    h.say(CommandId.NEXT)
    h.finish_all()
    assert h.spoken_since(mark) == ["<ack>", "Next.", "Section 2: Legs.", "Stretch.", "Point your toes."]


def test_previous_at_the_first_tip_says_so_and_rereads() -> None:
    h = Harness()
    h.player.start(0.0)
    h.finish_all()
    mark = len(h.speaker.played)
    h.say(CommandId.PREVIOUS)
    h.finish_all()
    assert h.spoken_since(mark)[:2] == ["<ack>", "This is the first tip."]
    assert h.player.position == Position(0, 0)


def test_repeat_reads_the_same_tip_again() -> None:
    h = Harness(start=Position(1, 1))
    h.player.start(0.0)
    h.finish_all()
    mark = len(h.speaker.played)
    h.say(CommandId.REPEAT)
    h.finish_all()
    assert h.spoken_since(mark) == ["<ack>", "Again.", "Warmth.", "Try a warm pack."]


def test_pause_silences_and_resume_rereads_the_interrupted_sentence() -> None:
    h = Harness()
    h.player.start(0.0)
    h.finish(3)  # now saying "Breathe out slowly."
    assert h.speaker.texts[-1] == "Breathe out slowly."
    h.say(CommandId.PAUSE)
    h.finish_all()
    assert h.player.state is PlayerState.PAUSED
    assert h.speaker.texts[-1] == "Paused."
    mark = len(h.speaker.played)
    h.say(CommandId.RESUME)
    h.finish_all()
    assert h.spoken_since(mark) == ["<ack>", "Going on.", "Breathe out slowly.", "Count to six."]


def test_toggle_pause_pauses_when_reading_and_moves_on_when_waiting() -> None:
    h = Harness()
    h.player.start(0.0)
    h.finish(2)
    h.say(CommandId.TOGGLE_PAUSE)
    assert h.player.state is PlayerState.PAUSED
    h.finish_all()
    h.say(CommandId.TOGGLE_PAUSE)
    h.finish_all()
    assert h.player.state is PlayerState.WAITING
    h.say(CommandId.TOGGLE_PAUSE)
    h.finish_all()
    assert h.player.position == Position(0, 1)


def test_stop_silences_at_once_and_says_stopped() -> None:
    h = Harness()
    h.player.start(0.0)
    h.finish(2)
    stops = h.speaker.stops
    h.say(CommandId.STOP)
    assert h.speaker.stops == stops + 1
    h.finish_all()
    assert h.player.state is PlayerState.STOPPED
    assert h.speaker.texts[-1] == "Stopped."


def test_where_reports_position_then_rereads_the_interrupted_sentence() -> None:
    h = Harness(start=Position(1, 1))
    h.player.start(0.0)
    h.finish(3)  # welcome, heading, "Warmth."
    mark = len(h.speaker.played)
    h.say(CommandId.WHERE)
    h.finish_all()
    assert h.spoken_since(mark) == [
        "Section 2 of 3, Legs, tip 2 of 3.",
        "Less than a minute left in this section, less than a minute in all.",
        "Try a warm pack.",
    ]


def test_contents_and_help_are_spoken_and_reading_goes_on() -> None:
    h = Harness()
    h.player.start(0.0)
    h.finish_all()
    mark = len(h.speaker.played)
    h.say(CommandId.CONTENTS)
    h.finish_all()
    assert h.spoken_since(mark) == ["There are 3 sections.", "1: Breathing.", "2: Legs.", "3: Closing."]
    mark = len(h.speaker.played)
    h.say(CommandId.HELP)
    h.finish_all()
    assert any("next" in line for line in h.spoken_since(mark))
    assert h.player.state is PlayerState.WAITING


def test_goto_section_and_tip_with_refusals_for_missing_ones() -> None:
    h = Harness()
    h.player.start(0.0)
    h.finish_all()
    h.say(CommandId.GOTO_SECTION, number=3)
    h.finish_all()
    assert h.player.position == Position(2, 0)
    mark = len(h.speaker.played)
    h.say(CommandId.GOTO_SECTION, number=9)
    h.finish_all()
    assert h.spoken_since(mark) == ["There is no section 9. There are 3 sections."]
    assert h.player.position == Position(2, 0)
    h.say(CommandId.GOTO_SECTION, number=2)
    h.say(CommandId.GOTO_TIP, number=3)
    h.finish_all()
    assert h.player.position == Position(1, 2)
    refused = [e for e in h.events if isinstance(e, CommandRefused)]
    assert len(refused) == 1


def test_next_and_previous_section_and_restart() -> None:
    h = Harness(start=Position(1, 2))
    h.player.start(0.0)
    h.say(CommandId.PREVIOUS_SECTION)  # part-way through: back to the section's start
    assert h.player.position == Position(1, 0)
    h.say(CommandId.PREVIOUS_SECTION)
    assert h.player.position == Position(0, 0)
    h.say(CommandId.NEXT_SECTION)
    h.say(CommandId.NEXT_SECTION)
    assert h.player.position == Position(2, 0)
    mark = len(h.speaker.played)
    h.say(CommandId.NEXT_SECTION)
    assert h.spoken_since(mark) == ["This is the last section."]
    h.say(CommandId.RESTART)
    h.finish_all()
    assert h.player.position == Position(0, 0)
    assert "From the beginning." in h.speaker.texts


def test_slower_and_quieter_apply_from_the_confirmation_on_and_stop_at_limits() -> None:
    h = Harness(PlayerSettings(voice=Voice(rate=95, volume=0.2)))
    h.player.start(0.0)
    h.finish(2)
    h.say(CommandId.SLOWER)
    confirmation = h.speaker.played[-1]
    assert isinstance(confirmation, Speech) and confirmation.text == "Slower."
    assert confirmation.voice.rate == 80
    h.finish()
    reread = h.speaker.played[-1]
    assert isinstance(reread, Speech) and reread.kind is SpeechKind.CONTENT and reread.voice.rate == 80
    h.say(CommandId.SLOWER)
    assert h.speaker.texts[-1] == "This is the slowest I can go."
    h.say(CommandId.QUIETER)
    h.say(CommandId.QUIETER)
    assert h.speaker.texts[-1] == "This is the quietest I can go."
    assert h.player.voice.volume == pytest.approx(0.1)
    h.say(CommandId.FASTER)
    h.say(CommandId.LOUDER)
    assert h.player.voice == Voice(rate=95, volume=0.2)


def test_faster_mid_sentence_is_heard_at_once_and_the_sentence_said_again_at_the_new_rate() -> None:
    # A listener pressing + wants to hear the new speed now, not after a long sentence; the
    # confirmation has to interrupt the sentence, and a sentence cannot resume from its middle.
    h = Harness()
    h.player.start(0.0)
    h.finish(2)  # "Slow out." is being read
    interrupted = h.speaker.played[-1]
    stops = h.speaker.stops
    h.say(CommandId.FASTER)
    assert h.speaker.stops == stops + 1 and h.speaker.texts[-1] == "Faster."
    h.finish()
    again = h.speaker.played[-1]
    assert isinstance(interrupted, Speech) and isinstance(again, Speech)
    assert again.text == interrupted.text and again.voice.rate == interrupted.voice.rate + 15


def test_space_pauses_mid_sentence_and_resumes_that_sentence_from_its_start() -> None:
    h = Harness()
    h.player.start(0.0)
    h.finish(3)  # "Breathe out slowly." is being read
    mark = len(h.speaker.played)
    h.say(CommandId.TOGGLE_PAUSE)
    h.finish_all()
    h.say(CommandId.TOGGLE_PAUSE)
    h.finish_all()
    assert h.spoken_since(mark) == ["<ack>", "Paused.", "<ack>", "Going on.", "Breathe out slowly.", "Count to six."]


def test_last_tip_then_next_says_it_was_the_last() -> None:
    h = Harness(start=Position(2, 0))
    h.player.start(0.0)
    h.finish_all()
    assert h.player.state is PlayerState.FINISHED
    mark = len(h.speaker.played)
    h.say(CommandId.NEXT)
    h.finish_all()
    assert h.spoken_since(mark) == ["<ack>", "That was the last tip. Say restart to begin again."]


def test_continuous_mode_reads_through_to_the_end_with_headings() -> None:
    h = Harness(PlayerSettings(continuous=True))
    h.player.start(0.0)
    h.finish_all()
    texts = h.speaker.texts
    assert texts.index("Section 2: Legs.") < texts.index("Point your toes.") < texts.index("Section 3: Closing.")
    assert texts[-1] == "Sleep well."
    assert h.player.state is PlayerState.FINISHED


def test_only_section_stops_at_the_end_of_that_section() -> None:
    h = Harness(PlayerSettings(continuous=True, only_section=1), start=Position(1, 0))
    h.player.start(0.0)
    h.finish_all()
    assert h.speaker.texts[-1] == "Walk a little."


def test_resumed_start_welcomes_back_at_the_saved_tip() -> None:
    h = Harness(start=Position(1, 2))
    h.player.start(0.0)
    assert h.speaker.texts[0].startswith("Welcome back. Continuing from tip 3 of section 2.")


def test_quit_says_goodbye_then_quits_with_the_position() -> None:
    h = Harness(start=Position(1, 1))
    h.player.start(0.0)
    h.finish(2)
    h.say(CommandId.QUIT)
    assert not h.player.has_quit
    h.finish()
    assert h.player.has_quit
    quit_event = h.events[-1]
    assert quit_event == Quit(quit_event.at, Position(1, 1))


def test_stale_finished_reports_are_ignored() -> None:
    h = Harness()
    h.player.start(0.0)
    first = h.speaker.played[0]
    h.say(CommandId.NEXT)
    count = len(h.speaker.played)
    h.player.sound_finished(first.id, 9.0)
    assert len(h.speaker.played) == count


def test_not_understood_plays_a_different_tone_and_a_hint() -> None:
    h = Harness()
    h.player.start(0.0)
    h.finish_all()
    h.player.not_understood("banana", 5.0)
    assert isinstance(h.speaker.played[-1], Earcon)
    h.finish()
    assert "didn't catch" in h.speaker.texts[-1]


def test_notice_is_spoken_and_reading_continues() -> None:
    h = Harness()
    h.player.start(0.0)
    h.finish(3)
    h.player.notice("The microphone is gone. Keys still work.", h.now)
    assert h.speaker.texts[-1] == "The microphone is gone. Keys still work."
    h.finish()
    assert h.speaker.texts[-1] == "Breathe out slowly."


def test_every_command_is_confirmed_by_a_sound() -> None:
    for command_id in CommandId:
        h = Harness(start=Position(1, 1))
        h.player.start(0.0)
        h.finish(3)
        before = len(h.speaker.played)
        args = {"number": 1} if command_id in (CommandId.GOTO_SECTION, CommandId.GOTO_TIP) else {}
        if command_id is CommandId.SLEEP_TIMER:
            args = {"minutes": 10}
        h.say(command_id, **args)
        assert len(h.speaker.played) > before, f"{command_id} made no sound"


def test_a_sentence_that_cannot_be_said_is_skipped_after_the_notice() -> None:
    h = Harness()
    h.player.start(0.0)
    h.finish(3)
    failing = h.speaker.played[-1]
    assert isinstance(failing, Speech) and failing.text == "Breathe out slowly."
    h.player.notice("speech synthesis failed", 4.0, failed_sound_id=failing.id)
    assert h.speaker.texts[-1] == "speech synthesis failed"
    h.finish()
    assert h.speaker.texts[-1] == "Count to six."


def test_repeated_failures_pause_instead_of_failing_forever() -> None:
    h = Harness()
    h.player.start(0.0)
    for _ in range(3):
        h.finish()  # the notice of the previous failure (or the title) ends
        h.player.notice("no sound device", h.now, failed_sound_id=h.speaker.played[-1].id)
    assert h.player.state is PlayerState.PAUSED
    assert any(isinstance(e, NoticeGiven) and e.message.startswith("Sound keeps failing") for e in h.events)


# -- quit and stop act at once, whatever is being said (issue 13: "q" waited ~20 s for the help)

def _resumed(h: Harness) -> None:
    """The welcome back is being said (the player was made at a saved place)."""


def _reading(h: Harness) -> None:
    h.finish(2)  # title, heading: the first content sentence is under way


def _answering(command_id: CommandId, **args: int) -> "Callable[[Harness], None]":
    def arrange(h: Harness) -> None:
        h.finish(2)
        h.say(command_id, **args)
        h.finish()  # the first sound of the answer has been heard; the rest is queued or sounding
    return arrange


def _at_the_end(h: Harness) -> None:
    h.finish(3)  # welcome back, heading, the last tip: "That is the end..." is under way
    assert h.speaker.texts[-1] == phrases.END_OF_GUIDE


def _not_understood(h: Harness) -> None:
    h.finish(2)
    h.player.not_understood("banana", h.now)


def _noticed(h: Harness) -> None:
    h.finish(2)
    h.player.notice("The microphone is gone. Keys still work.", h.now)


BUSY_STATES = {
    "title": (lambda h: None, Position(0, 0)),
    "welcome back": (_resumed, Position(1, 1)),
    "reading": (_reading, Position(0, 0)),
    "help": (_answering(CommandId.HELP), Position(0, 0)),
    "contents": (_answering(CommandId.CONTENTS), Position(0, 0)),
    "where": (_answering(CommandId.WHERE), Position(0, 0)),
    "next": (_answering(CommandId.NEXT), Position(0, 0)),
    "next section": (_answering(CommandId.NEXT_SECTION), Position(0, 0)),
    "restart": (_answering(CommandId.RESTART), Position(0, 0)),
    "paused": (_answering(CommandId.PAUSE), Position(0, 0)),
    "sleep timer": (_answering(CommandId.SLEEP_TIMER, minutes=20), Position(0, 0)),
    "slower": (_answering(CommandId.SLOWER), Position(0, 0)),
    "at the end": (_at_the_end, Position(2, 0)),
    "not understood": (_not_understood, Position(0, 0)),
    "a notice": (_noticed, Position(0, 0)),
}


@pytest.mark.parametrize("state", BUSY_STATES)
def test_quit_says_goodbye_at_once_in_every_state(state: str) -> None:
    arrange, start = BUSY_STATES[state]
    h = Harness(start=start)
    h.player.start(0.0)
    arrange(h)
    mark, stops = len(h.speaker.played), h.speaker.stops
    h.say(CommandId.QUIT)
    assert h.spoken_since(mark) == ["Goodbye. Sleep well."]  # nothing queued is said first
    assert h.speaker.stops == stops + 1  # what was sounding is cut off
    h.finish()
    assert h.player.has_quit and h.spoken_since(mark) == ["Goodbye. Sleep well."]


@pytest.mark.parametrize("state", BUSY_STATES)
def test_stop_is_confirmed_at_once_and_then_silence_in_every_state(state: str) -> None:
    arrange, start = BUSY_STATES[state]
    h = Harness(start=start)
    h.player.start(0.0)
    arrange(h)
    mark = len(h.speaker.played)
    h.say(CommandId.STOP)
    assert h.spoken_since(mark) == ["<ack>"]
    h.finish_all()
    assert h.spoken_since(mark) == ["<ack>", "Stopped."]
    assert h.player.state is PlayerState.STOPPED


def test_a_line_not_understood_during_the_goodbye_is_not_answered_over_it() -> None:
    # Found by tests/test_sessions_stateful.py: "didn't catch that" cut the goodbye off.
    h = Harness()
    h.player.start(0.0)
    h.finish(2)
    h.say(CommandId.QUIT)
    mark, stops = len(h.speaker.played), h.speaker.stops
    h.player.not_understood("banana", h.now + 0.2)
    assert h.speaker.stops == stops and h.spoken_since(mark) == []  # the goodbye goes on
    h.finish()
    assert h.player.has_quit and h.speaker.texts[-1] == "Goodbye. Sleep well."


def test_each_sentence_started_asks_for_the_next_one_to_be_prepared() -> None:
    h = Harness()
    h.player.start(0.0)
    h.finish_all()
    # While the title plays the heading is prepared, and so on: always the next sentence to say.
    assert [text for text, _ in h.speaker.prefetched] == ["Breathing", "Slow out.", "Breathe out slowly.", "Count to six."]
    assert all(voice == PlayerSettings().voice for _, voice in h.speaker.prefetched)


def test_reading_on_prepares_the_next_tips_first_sentence() -> None:
    h = Harness(PlayerSettings(continuous=True), start=Position(1, 0))
    h.player.start(0.0)
    while h.speaker.texts[-1] != "Point your toes.":  # the welcome back, the heading, the tip's title
        h.finish()
    assert h.speaker.prefetched[-1][0] == "Warmth."  # the next tip's first sentence: its title


def test_next_sentence_starts_the_following_sentence_of_the_tip() -> None:
    h = Harness()
    h.player.start(0.0)
    h.finish(2)  # the title and the heading: "Slow out." is sounding
    mark = len(h.speaker.played)
    h.say(CommandId.NEXT_SENTENCE)
    h.finish_all()
    assert h.spoken_since(mark) == ["<ack>", "Breathe out slowly.", "Count to six."]
    assert h.player.position == Position(0, 0) and h.player.state is PlayerState.WAITING


def test_previous_sentence_starts_the_one_before_and_at_a_tips_end_the_last() -> None:
    h = Harness()
    h.player.start(0.0)
    h.finish(3)  # "Breathe out slowly." is sounding
    mark = len(h.speaker.played)
    h.say(CommandId.PREVIOUS_SENTENCE)
    h.finish(2)
    assert h.spoken_since(mark) == ["<ack>", "Slow out.", "Breathe out slowly."]
    h.finish_all()  # waiting at the end of the tip
    mark = len(h.speaker.played)
    h.say(CommandId.PREVIOUS_SENTENCE)
    h.finish_all()
    assert h.spoken_since(mark) == ["<ack>", "Count to six."]


def test_sentence_steps_cross_into_the_neighbouring_tips() -> None:
    h = Harness(start=Position(1, 1))
    h.player.start(0.0)
    while h.speaker.texts[-1] != "Warmth.":
        h.finish()
    mark = len(h.speaker.played)
    h.say(CommandId.PREVIOUS_SENTENCE)  # before the tip's first sentence: the previous tip's last
    h.finish_all()
    assert h.spoken_since(mark) == ["<ack>", "Point your toes."]
    assert h.player.position == Position(1, 0)
    mark = len(h.speaker.played)
    h.say(CommandId.NEXT_SENTENCE)  # after the tip's last sentence: the next tip, as "next"
    h.finish_all()
    assert h.spoken_since(mark) == ["<ack>", "Next.", "Warmth.", "Try a warm pack."]
    assert h.player.position == Position(1, 1)


def test_previous_sentence_at_the_very_start_says_the_first_again_and_reads_on_from_a_pause() -> None:
    h = Harness()
    h.player.start(0.0)
    h.finish(2)
    h.say(CommandId.PAUSE)
    h.finish_all()
    mark = len(h.speaker.played)
    h.say(CommandId.PREVIOUS_SENTENCE)
    assert h.player.state is PlayerState.READING
    h.finish_all()
    assert h.spoken_since(mark) == ["<ack>", "Slow out.", "Breathe out slowly.", "Count to six."]


# --- groups of tips (sub-headings) ---------------------------------------------------------------


def grouped(start: Position = Position(0, 0), settings: PlayerSettings = PlayerSettings()) -> Harness:
    h = Harness(settings, start=start, document=GROUPED)
    h.player.start(0.0)
    h.finish_all()
    return h


def test_where_names_the_group_and_counts_tips_within_it() -> None:
    h = grouped(Position(1, 4))
    mark = len(h.speaker.played)
    h.say(CommandId.WHERE)
    h.finish_all()
    assert h.spoken_since(mark)[0] == "Section 2 of 3, Ways to settle, Everyday habits, tip 2 of 3."
    h.say(CommandId.GOTO_SECTION, number=2)
    mark = len(h.speaker.played)
    h.say(CommandId.WHERE)
    assert h.spoken_since(mark)[0] == "Section 2 of 3, Ways to settle, tip 1 of 1."


def test_next_into_a_new_group_names_it_and_within_a_group_does_not() -> None:
    h = grouped(Position(1, 0))
    mark = len(h.speaker.played)
    h.say(CommandId.NEXT)
    h.finish_all()
    assert h.spoken_since(mark) == ["<ack>", "Next.", "Help from a clinician.", "Iron check.", "Ask for a blood test."]
    mark = len(h.speaker.played)
    h.say(CommandId.NEXT)
    h.finish_all()
    assert h.spoken_since(mark) == ["<ack>", "Next.", "Medicine review.", "Ask a pharmacist."]
    h.say(CommandId.NEXT)
    h.finish_all()
    assert "Everyday habits." in h.speaker.texts
    mark = len(h.speaker.played)
    h.say(CommandId.PREVIOUS)  # back across the border: the group is named again
    h.finish_all()
    assert h.spoken_since(mark)[:3] == ["<ack>", "Back one.", "Help from a clinician."]
    assert h.player.position == Position(1, 2)


def test_next_section_stays_at_section_level_and_skips_the_groups() -> None:
    h = grouped(Position(1, 1))
    h.say(CommandId.NEXT_SECTION)
    h.finish_all()
    assert h.player.position == Position(2, 0)
    h.say(CommandId.PREVIOUS_SECTION)
    h.finish_all()
    assert h.player.position == Position(1, 0)


def test_goto_tip_counts_within_the_group_and_a_refusal_names_it() -> None:
    h = grouped(Position(1, 3))
    h.say(CommandId.GOTO_TIP, number=3)
    h.finish_all()
    assert h.player.position == Position(1, 5)
    mark = len(h.speaker.played)
    h.say(CommandId.GOTO_TIP, number=4)
    h.finish_all()
    assert h.spoken_since(mark)[0] == "There is no tip 4 here. Everyday habits has 3 tips."


def test_continuous_reading_names_each_group_as_it_begins() -> None:
    h = grouped(settings=PlayerSettings(continuous=True))
    texts = h.speaker.texts
    assert texts.count("Help from a clinician.") == 1 and texts.count("Everyday habits.") == 1
    assert texts.index("Section 2: Ways to settle.") < texts.index("Try one at a time.")
    assert texts.index("Try one at a time.") < texts.index("Help from a clinician.") < texts.index("Iron check.")
    assert texts.index("Ask a pharmacist.") < texts.index("Everyday habits.") < texts.index("Daytime walk.")


def test_welcome_back_names_the_group() -> None:
    h = grouped(Position(1, 4))
    assert h.speaker.texts[:2] == [
        "Welcome back. Continuing from tip 2 of Everyday habits, in section 2. Say restart to begin again.",
        "Section 2: Ways to settle.",
    ]


def test_the_title_is_not_said_twice_when_the_first_section_repeats_it() -> None:
    h = grouped()
    assert h.speaker.texts == ["Calm nights", "Welcome in."]
    h.say(CommandId.RESTART)
    h.finish_all()
    assert h.speaker.texts[2:] == ["<ack>", "From the beginning.", "Calm nights", "Welcome in."]


@pytest.mark.skipif(not EXAMPLE_ARTICLE.exists(), reason="shared example article not present")
def test_where_names_the_group_in_the_shared_example() -> None:
    document = load_article(EXAMPLE_ARTICLE)
    number = next(i for i, s in enumerate(document.sections, start=1) if s.title.startswith("Effective"))
    h = Harness(document=document)
    h.player.start(0.0)
    h.say(CommandId.GOTO_SECTION, number=number)
    h.say(CommandId.NEXT)
    h.finish_all()
    mark = len(h.speaker.played)
    h.say(CommandId.WHERE)
    section = document.sections[number - 1].title
    expected = f"Section {number} of {len(document.sections)}, {section}, Medical Interventions, tip 1 of 3."
    assert h.spoken_since(mark)[0] == expected
