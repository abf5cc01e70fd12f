"""The script player in virtual time: cue times to the millisecond, pause/resume, skip, sections, sleep."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TypeVar

import pytest

from voicecoach.commands import Command, CommandId
from voicecoach.events import CommandRefused, Finished, Moved, PlayerEvent, Quit, QuitReason, VoiceChanged
from voicecoach.player import PlayerState
from voicecoach.ports import Position
from voicecoach.scripts.compile import Chime, Cue, PlanStep, Say, Wait
from voicecoach.scripts.loader import script_from_yaml
from voicecoach.scripts.player import ScriptPlayer
from voicecoach.sounds import Earcon, EarconName, Sound, Speech, SpeechKind, Voice

SPEECH_SECONDS = 1.0  # every sentence takes this long on the fake speaker
EARCON_SECONDS = 0.25
E = TypeVar("E")


def duration(sound: Sound) -> float:
    """The fake speaker's fixed length of a sound."""
    return EARCON_SECONDS if isinstance(sound, Earcon) else SPEECH_SECONDS


@dataclass
class RecordingSpeaker:
    """Records each sound with the clock time it started; remembers which sound is sounding."""

    now: float = 0.0
    played: list[tuple[float, Sound]] = field(default_factory=list)
    stops: list[float] = field(default_factory=list)
    sounding: tuple[float, Sound] | None = None  # (finish time, sound)
    prefetched: list[tuple[float, str, Voice]] = field(default_factory=list)

    def play(self, sound: Sound) -> None:
        assert self.sounding is None, "the player never overlaps sounds"
        self.played.append((self.now, sound))
        self.sounding = (self.now + duration(sound), sound)

    def stop(self) -> None:
        self.stops.append(self.now)
        self.sounding = None

    def prefetch(self, text: str, voice: Voice) -> None:
        self.prefetched.append((self.now, text, voice))

    def content(self) -> list[tuple[float, str]]:
        """Content speech with its start time."""
        return [(t, s.text) for t, s in self.played if isinstance(s, Speech) and s.kind is SpeechKind.CONTENT]


class Session:
    """A virtual event loop: sound ends, player deadlines and scheduled commands, in time order."""

    def __init__(self, yaml_text: str, **options: object) -> None:
        self.speaker = RecordingSpeaker()
        self.events: list[PlayerEvent] = []
        self.player = ScriptPlayer(script_from_yaml(yaml_text), self.speaker, self.events.append, **options)
        self.commands: list[tuple[float, Command]] = []

    def at(self, when: float, command_id: CommandId, **args: int) -> "Session":
        self.commands.append((when, Command(command_id, args)))
        self.commands.sort(key=lambda pair: pair[0])
        return self

    def run(self, until: float = math.inf, start: float = 0.0) -> "Session":
        self.speaker.now = start
        self.player.start(start)
        while True:
            candidates: list[tuple[float, int]] = []
            if self.speaker.sounding is not None:
                candidates.append((self.speaker.sounding[0], 0))
            deadline = self.player.next_deadline()
            if deadline is not None:
                candidates.append((deadline, 1))
            if self.commands:
                candidates.append((self.commands[0][0], 2))
            if not candidates:
                return self
            when, kind = min(candidates)
            if when > until:
                return self
            self.speaker.now = when
            if kind == 0:
                assert self.speaker.sounding is not None
                sound = self.speaker.sounding[1]
                self.speaker.sounding = None
                self.player.sound_finished(sound.id, when)
            elif kind == 1:
                self.player.tick(when)
            else:
                _, command = self.commands.pop(0)
                self.player.handle(command, when)
            if self.player.has_quit and self.speaker.sounding is None:
                return self

    def speaker_texts_from(self, when: float) -> list[str]:
        """What was played from `when` on (earcons as <name>)."""
        return [s.text if isinstance(s, Speech) else f"<{s.name}>" for t, s in self.speaker.played if t >= when]

    def of_type(self, event_type: type[E]) -> list[E]:
        return [event for event in self.events if isinstance(event, event_type)]


def expected_content_times(plan: tuple[PlanStep, ...], begin: float) -> list[tuple[float, str]]:
    """When each content sound must start, worked out independently from the plan."""
    times: list[tuple[float, str]] = []
    clock = begin
    for item in plan:
        if isinstance(item, Say):
            times.append((clock, item.text))
            clock += SPEECH_SECONDS
        elif isinstance(item, Chime):
            clock += EARCON_SECONDS
        elif isinstance(item, Cue):
            if item.text:
                times.append((clock, item.text))
            clock += item.seconds
        elif isinstance(item, Wait):
            clock += item.seconds
    return times


TWENTY_MINUTES = """\
title: Twenty minutes
rate: 170
ramp: {rate: 130, volume: 0.5, pause_factor: 1.5}
steps:
  - section:
      title: Arrive
      steps:
        - say: Let the bed hold you.
        - chime: soft
        - pause: 7.5
  - section:
      title: Breathe
      steps:
        - breathe: {pattern: 4-7-8, cycles: 20}
        - say: Let the breath go back to its own pace.
        - breathe: {pattern: box, cycles: 15, cues: [In, Hold, Out, null]}
  - section:
      title: Rest
      steps:
        - repeat:
            times: 30
            steps:
              - say: Feel your feet grow heavy.
              - pause: 15.25
        - breathe: {pattern: custom, inhale: 3.3, exhale: 6.7, hold_after: 1.1, cycles: 10}
"""


def test_a_twenty_minute_script_plays_every_cue_on_time_to_the_millisecond() -> None:
    session = Session(TWENTY_MINUTES).run()
    plan = session.player.plan
    # The title is said first; the plan starts when it ends.
    expected = expected_content_times(plan, begin=SPEECH_SECONDS)
    actual = session.speaker.content()
    assert [text for _, text in actual] == [text for _, text in expected]
    assert all(abs(a - e) < 0.0005 for (a, _), (e, _) in zip(actual, expected)), [
        (round(a, 4), round(e, 4), text) for (a, text), (e, _) in zip(actual, expected) if abs(a - e) >= 0.0005
    ][:5]
    finished = session.of_type(Finished)
    assert len(finished) == 1 and finished[0].at >= 20 * 60
    assert session.player.is_idle and session.player.state is PlayerState.FINISHED


def test_breath_cues_sit_exactly_on_phase_boundaries() -> None:
    session = Session("title: B\nsteps:\n  - breathe: {pattern: 4-7-8, cycles: 3}\n").run()
    starts = [round(t - SPEECH_SECONDS, 3) for t, _ in session.speaker.content()]
    assert starts == [0.0, 4.0, 11.0, 19.0, 23.0, 30.0, 38.0, 42.0, 49.0]
    assert session.of_type(Finished)[0].at == pytest.approx(SPEECH_SECONDS + 57.0, abs=1e-9)


def test_a_cue_still_sounding_is_stopped_when_the_next_phase_starts() -> None:
    text = "title: B\nsteps:\n  - breathe: {pattern: custom, inhale: 0.5, exhale: 0.75, cycles: 2}\n"
    session = Session(text).run()
    starts = [round(t - SPEECH_SECONDS, 3) for t, _ in session.speaker.content()]
    assert starts == [0.0, 0.5, 1.25, 1.75]
    # Each cue (1 s long on this speaker) was cut short by the next one; the last may end.
    assert [round(t - SPEECH_SECONDS, 3) for t in session.speaker.stops] == [0.5, 1.25, 1.75]


def test_pause_keeps_the_breath_phase_and_resume_continues_it() -> None:
    text = "title: B\nsteps:\n  - breathe: {pattern: 4-7-8, cycles: 1}\n  - say: Done.\n"
    # Title ends at 1.0; hold starts at 5.0 and would end at 12.0. Pause 2.5 s into the hold.
    session = Session(text).at(7.5, CommandId.PAUSE).at(100.0, CommandId.RESUME).run()
    assert session.player.state is PlayerState.FINISHED
    content = session.speaker.content()
    assert content[:3] == [(1.0, "Breathe in"), (5.0, "Hold"), (100.0 + 4.5, "Breathe out")]
    assert content[3] == (100.0 + 4.5 + 8.0, "Done.")
    assert session.player.next_deadline() is None


def test_pause_is_idle_and_has_no_deadline() -> None:
    text = "title: B\nsteps:\n  - breathe: box\n"
    session = Session(text).at(3.0, CommandId.PAUSE).run(until=50.0)
    assert session.player.state is PlayerState.PAUSED
    assert session.player.is_idle and session.player.next_deadline() is None
    confirmations = [s.text for _, s in session.speaker.played if isinstance(s, Speech) and s.kind is SpeechKind.CONFIRMATION]
    assert confirmations == ["Paused."]


def test_an_interrupted_sentence_is_said_again_after_resume() -> None:
    text = "title: S\nsteps:\n  - say: One.\n  - say: Two.\n"
    session = Session(text).at(1.5, CommandId.PAUSE).at(10.0, CommandId.RESUME).run()
    texts = [s.text if isinstance(s, Speech) else f"<{s.name}>" for _, s in session.speaker.played]
    assert texts == ["S", "One.", "<ack>", "Paused.", "<ack>", "Going on.", "One.", "Two."]


SECTIONS = """\
title: Sections
steps:
  - section:
      title: First
      steps:
        - say: A1.
        - pause: 30
        - say: A3.
  - section:
      title: Second
      steps:
        - say: B1.
        - breathe: {pattern: box, cycles: 2}
"""


def test_skip_goes_to_the_next_step() -> None:
    session = Session(SECTIONS).at(2.5, CommandId.SKIP).run()
    texts = [text for _, text in session.speaker.content()]
    assert texts[:3] == ["A1.", "A3.", "B1."]
    moved = [(e.position.section, e.position.tip) for e in session.of_type(Moved)]
    assert moved[:3] == [(0, 1), (0, 2), (1, 0)]


def test_next_section_announces_the_heading_and_plays_on() -> None:
    session = Session(SECTIONS).at(1.5, CommandId.NEXT_SECTION).run()
    said = [s.text for _, s in session.speaker.played if isinstance(s, Speech)]
    assert said[:4] == ["Sections", "A1.", "Section 2: Second.", "B1."]
    assert session.player.position == Position(1, 1)


def test_where_says_section_and_step_or_breathing_phase() -> None:
    session = Session(SECTIONS).at(5.0, CommandId.WHERE).at(6.5, CommandId.NEXT_SECTION).at(20.0, CommandId.WHERE).run()
    info = [s.text for _, s in session.speaker.played if isinstance(s, Speech) and s.kind is SpeechKind.INFO]
    assert info[0] == "Section 1 of 2, First, step 2 of 3."
    assert info[1] == "Less than a minute left in this section, 1 minute in all."
    assert info[2].startswith("Breathing, cycle 1 of 2, ")


def test_goto_section_refuses_a_missing_section() -> None:
    session = Session(SECTIONS).at(1.5, CommandId.GOTO_SECTION, number=5).run(until=3.0)
    refused = session.of_type(CommandRefused)
    assert refused and "There is no section 5" in refused[0].reason


def test_slower_scales_the_speech_rate_of_what_follows() -> None:
    text = "title: S\nrate: 150\nsteps:\n  - say: One.\n  - pause: 5\n  - say: Two.\n"
    session = Session(text).at(3.0, CommandId.SLOWER).run()
    voices = {s.text: s.voice.rate for _, s in session.speaker.played if isinstance(s, Speech)}
    assert voices["One."] == 150 and voices["Two."] == 135


VOICED = """\
title: Voiced
voice: gmw/en-us
rate: 165
volume: 0.8
ramp: {rate: 130, volume: 0.4}
steps:
  - say: First.
  - chime: soft
    volume: 0.5
  - say: Own voice.
    voice: en-gb-x-rp
    rate: 120
  - breathe: {pattern: box, cycles: 1, cues: [In, null, null, null]}
  - say: Last.
"""


def voices_heard(session: Session) -> dict[str, Voice]:
    return {s.text: s.voice for _, s in session.speaker.played if isinstance(s, Speech)}


def test_a_script_as_written_plays_at_the_reference_voice() -> None:
    session = Session(VOICED).run()
    heard = voices_heard(session)
    assert heard["First."] == Voice(165, 0.8, "gmw/en-us")
    assert heard["Own voice."].rate == 120 and heard["Own voice."].name == "en-gb-x-rp"
    assert heard["Last."].rate < 165 and heard["Last."].volume < 0.8  # the ramp


def test_the_listeners_rate_and_volume_scale_the_scripts_own_and_its_ramp() -> None:
    written = voices_heard(Session(VOICED).run())
    session = Session(VOICED, voice=Voice(rate=120, volume=0.4)).run()
    heard = voices_heard(session)
    for text, voice in written.items():
        assert heard[text].rate == round(voice.rate * 120 / 150), text
        assert heard[text].volume == pytest.approx(voice.volume * 0.4 / 0.8, abs=0.001), text
    assert heard["First."] == Voice(132, 0.4, "gmw/en-us")
    # The chime is part of the script: it follows the speech volume.
    chimes = [s for _, s in session.speaker.played if isinstance(s, Earcon) and s.name is EarconName.CHIME_SOFT]
    written_chime = [s for _, s in Session(VOICED).run().speaker.played
                     if isinstance(s, Earcon) and s.name is EarconName.CHIME_SOFT]
    assert chimes[0].volume == pytest.approx(written_chime[0].volume / 2, abs=0.001)


def test_scaled_rates_stay_within_what_espeak_can_say() -> None:
    fast = voices_heard(Session(VOICED, voice=Voice(rate=260)).run())
    slow = voices_heard(Session(VOICED, voice=Voice(rate=80)).run())
    assert fast["First."].rate == 260  # 165 × 260/150 would be 286
    assert slow["Own voice."].rate == 80  # 120 × 80/150 would be 64


def test_the_listeners_voice_replaces_the_scripts_but_not_a_steps_own() -> None:
    heard = voices_heard(Session(VOICED, voice=Voice(name="en-gb")).run())
    assert heard["First."].name == "en-gb" and heard["In"].name == "en-gb" and heard["Last."].name == "en-gb"
    assert heard["Own voice."].name == "en-gb-x-rp"
    assert heard["Voiced"].name == "en-gb"  # the title too


def test_slower_after_a_chosen_rate_goes_on_from_the_listeners_rate() -> None:
    text = "title: S\nrate: 150\nsteps:\n  - say: One.\n  - pause: 5\n  - say: Two.\n"
    session = Session(text, voice=Voice(rate=120)).at(3.0, CommandId.SLOWER).run()
    heard = voices_heard(session)
    assert heard["One."].rate == 120 and heard["Two."].rate == 105
    assert session.of_type(VoiceChanged)[0].rate == 105  # what is saved: the listener's own rate


def test_confirmation_tones_play_at_the_earcon_volume() -> None:
    session = Session(VOICED, earcon_volume=0.07).at(1.5, CommandId.PAUSE).at(3.0, CommandId.RESUME).run()
    acks = [s for _, s in session.speaker.played if isinstance(s, Earcon) and s.name is EarconName.ACK]
    assert len(acks) == 2 and all(ack.volume == 0.07 for ack in acks)


def test_faster_mid_sentence_says_the_sentence_again_at_the_new_rate() -> None:
    session = Session("title: S\nsteps:\n  - say: Let the legs go heavy.\n").at(1.5, CommandId.FASTER).run()
    said = [(t, s.text, s.voice.rate) for t, s in session.speaker.played if isinstance(s, Speech)]
    assert said[1:] == [(1.0, "Let the legs go heavy.", 150), (1.5, "Faster.", 165), (2.5, "Let the legs go heavy.", 165)]


def test_longer_exhale_lengthens_following_exhales() -> None:
    text = "title: B\nsteps:\n  - breathe: {pattern: 4-7-8, cycles: 2}\n"
    session = Session(text).at(2.0, CommandId.LONGER_EXHALE).run()
    starts = [round(t - SPEECH_SECONDS, 3) for t, s in session.speaker.content()]
    # Exhales last 9 s instead of 8 from the command on.
    assert starts == [0.0, 4.0, 11.0, 20.0, 24.0, 31.0]
    assert session.of_type(Finished)[0].at == pytest.approx(SPEECH_SECONDS + 40.0)


def test_exhale_commands_outside_breathing_are_explained() -> None:
    session = Session("title: S\nsteps:\n  - say: One.\n  - pause: 5\n").at(3.0, CommandId.SHORTER_EXHALE).run()
    info = [s.text for _, s in session.speaker.played if isinstance(s, Speech) and s.kind is SpeechKind.INFO]
    assert info == ["That works during a breathing exercise."]


def test_a_late_tick_does_not_make_the_breath_drift() -> None:
    speaker = RecordingSpeaker()
    events: list[PlayerEvent] = []
    player = ScriptPlayer(script_from_yaml("title: B\nsteps:\n  - breathe: {pattern: box, cycles: 3}\n"), speaker,
                          events.append)
    player.start(0.0)
    speaker.sounding = None
    player.sound_finished(speaker.played[0][1].id, 1.0)  # title done; breathing starts at 1.0
    assert player.next_deadline() == 5.0
    player.tick(5.3)  # 300 ms late
    assert player.next_deadline() == 9.0
    player.tick(9.0)
    player.tick(17.5)  # very late: the 9..13 phase passed unheard; the next ends at 17.0, then 21.0
    assert player.next_deadline() == 21.0


def test_sleep_timer_ends_the_session_at_the_end_of_a_sentence_and_keeps_the_place() -> None:
    text = "title: S\nsteps:\n  - repeat:\n      times: 40\n      steps:\n        - say: Rest.\n        - pause: 1.5\n"
    session = Session(text).at(2.0, CommandId.SLEEP_TIMER, minutes=1).run()
    quit_event = session.of_type(Quit)[-1]
    assert quit_event.reason is QuitReason.SLEEP_TIMER
    assert 62.0 - 1e-9 <= quit_event.at <= 62.0 + SPEECH_SECONDS + 1e-9
    assert session.player.has_quit
    assert session.player.position.tip > 0
    fade = session.player.fade
    assert fade.gain_at(10.0) == 1.0 and fade.gain_at(61.0) < 0.01 and fade.gain_at(62.0) == 0.0


def test_cancel_sleep_timer_and_how_long_left() -> None:
    text = "title: S\nsteps:\n  - pause: 600\n"
    session = Session(text).at(2.0, CommandId.SLEEP_TIMER, minutes=5).at(62.0, CommandId.TIME_LEFT)
    session.at(70.0, CommandId.CANCEL_SLEEP_TIMER).run(until=400.0)
    info = [s.text for _, s in session.speaker.played if isinstance(s, Speech) and s.kind is not SpeechKind.HEADING]
    assert info == [
        "Sleep timer set for 5 minutes.",
        "About 9 minutes of this session left.",
        "Sleep timer: About 4 minutes left.",
        "Sleep timer off.",
    ]
    assert not session.player.has_quit


def test_help_lists_what_can_be_said_and_quit_says_goodbye() -> None:
    session = Session("title: S\nsteps:\n  - pause: 60\n").at(2.0, CommandId.HELP).at(9.0, CommandId.QUIT).run()
    said = [s.text for _, s in session.speaker.played if isinstance(s, Speech)]
    assert said[1].startswith("You can say:") and said[-1] == "Goodbye. Sleep well."
    assert session.player.has_quit


def test_start_section_begins_there() -> None:
    session = Session(SECTIONS, start_section=1).run()
    assert [text for _, text in session.speaker.content()][0] == "B1."


# -- quit and stop act at once, whatever is being said or counted (issue 13)

NIGHT = """\
title: Night
steps:
  - section:
      title: Arrive
      steps:
        - say: Settle in.
        - pause: 30
        - chime: soft
        - breathe: {pattern: 4-7-8, cycles: 3}
  - section:
      title: Rest
      steps:
        - say: Rest now.
"""
# Title 0..1, "Settle in." 1..2, pause 2..32, chime 32..32.25, "Breathe in" from 32.25 (4 s).
BUSY_SCRIPT_STATES: dict[str, tuple[list[tuple[float, CommandId]], float, dict[str, int]]] = {
    "title": ([], 0.5, {}),
    "welcome back": ([], 1.5, {"start_section": 1}),
    "a spoken step": ([], 1.5, {}),
    "a pause": ([], 10.0, {}),
    "a chime": ([], 32.1, {}),
    "a breath cue": ([], 32.5, {}),
    "a silent breath phase": ([], 34.0, {}),
    "help": ([(10.0, CommandId.HELP)], 11.5, {}),
    "contents": ([(10.0, CommandId.CONTENTS)], 11.5, {}),
    "where": ([(10.0, CommandId.WHERE)], 10.5, {}),
    "how long left": ([(10.0, CommandId.TIME_LEFT)], 10.5, {}),
    "next": ([(10.0, CommandId.NEXT)], 10.1, {}),
    "next section": ([(10.0, CommandId.NEXT_SECTION)], 10.5, {}),
    "paused": ([(10.0, CommandId.PAUSE)], 10.1, {}),
    "longer exhale": ([(33.5, CommandId.LONGER_EXHALE)], 34.0, {}),
}


def sounds_from(session: Session, when: float) -> list[str]:
    return [s.text if isinstance(s, Speech) else f"<{s.name}>" for t, s in session.speaker.played if t >= when]


@pytest.mark.parametrize("state", BUSY_SCRIPT_STATES)
def test_script_quit_says_goodbye_at_once_in_every_state(state: str) -> None:
    commands, when, options = BUSY_SCRIPT_STATES[state]
    session = Session(NIGHT, **options)
    for at, command_id in commands:
        session.at(at, command_id)
    session.at(when, CommandId.QUIT).run()
    assert sounds_from(session, when) == ["Goodbye. Sleep well."]
    assert session.speaker.played[-1][0] == when  # at once, not after what was queued
    assert session.player.has_quit


def test_a_line_not_understood_during_the_goodbye_is_not_answered_over_it() -> None:
    # Found by tests/test_sessions_stateful.py: "didn't catch that" cut the goodbye off.
    session = Session(NIGHT).at(10.0, CommandId.QUIT)
    session.run(until=10.2)
    stops = list(session.speaker.stops)
    session.player.not_understood("banana", 10.2)
    assert session.speaker.stops == stops and sounds_from(session, 10.0) == ["Goodbye. Sleep well."]
    assert session.speaker.sounding is not None
    session.player.sound_finished(session.speaker.sounding[1].id, 11.0)
    assert session.player.has_quit


@pytest.mark.parametrize("state", BUSY_SCRIPT_STATES)
def test_script_stop_is_confirmed_at_once_and_then_silence_in_every_state(state: str) -> None:
    commands, when, options = BUSY_SCRIPT_STATES[state]
    session = Session(NIGHT, **options)
    for at, command_id in commands:
        session.at(at, command_id)
    session.at(when, CommandId.STOP).run(until=300.0)
    assert sounds_from(session, when) == ["<ack>", "Stopped."]
    assert session.speaker.played[-2][0] == when
    assert session.player.state is PlayerState.STOPPED and session.player.next_deadline() is None


def test_the_next_spoken_step_is_prepared_across_pauses_and_chimes() -> None:
    text = "title: P\nsteps:\n  - say: Settle in.\n  - pause: 5\n  - chime: soft\n  - say: Let go.\n"
    session = Session(text, voice=Voice(rate=120)).run()
    prefetched = [(round(at, 3), words, voice.rate) for at, words, voice in session.speaker.prefetched]
    # While the title plays, the first step; while that plays (and the chime), the one after.
    assert prefetched == [(0.0, "Settle in.", 120), (1.0, "Let go.", 120), (7.0, "Let go.", 120)]


SPOKEN_STEPS = """\
title: Steps
steps:
  - section:
      title: One
      steps:
        - say: First words.
        - pause: 5
        - chime: soft
        - say: Second words.
  - section:
      title: Two
      steps:
        - breathe: {pattern: custom, inhale: 4, exhale: 6, cycles: 1, cues: [In, null, Out, null]}
"""


def test_next_sentence_goes_past_pauses_and_chimes_to_what_is_said_next() -> None:
    session = Session(SPOKEN_STEPS).at(1.5, CommandId.NEXT_SENTENCE).run()
    texts = session.speaker_texts_from(1.5)
    assert texts[:2] == ["<ack>", "Second words."]
    assert session.of_type(Moved)[0].position == Position(0, 3)


def test_next_sentence_steps_cue_by_cue_and_says_when_nothing_follows() -> None:
    session = Session(SPOKEN_STEPS, start_section=1).at(3.0, CommandId.NEXT_SENTENCE).at(4.0, CommandId.NEXT_SENTENCE).run()
    texts = session.speaker_texts_from(3.0)
    assert texts[:2] == ["<ack>", "Out"]
    assert texts[2] == "That is the last step."
    assert [moved for moved in session.of_type(Moved) if moved.at == 3.0] == []  # the same step: no new track


def test_previous_sentence_in_a_pause_says_the_sentence_just_said() -> None:
    session = Session(SPOKEN_STEPS).at(4.0, CommandId.PREVIOUS_SENTENCE).run(until=6.0)
    assert session.speaker_texts_from(4.0)[:2] == ["<ack>", "First words."]
    assert [moved.position for moved in session.of_type(Moved) if moved.at == 4.0] == [Position(0, 0)]


def test_previous_sentence_crosses_back_into_the_previous_section() -> None:
    session = Session(SPOKEN_STEPS, start_section=1).at(2.5, CommandId.PREVIOUS_SENTENCE).run(until=6.0)
    assert session.speaker_texts_from(2.5)[:3] == ["<ack>", "Section 1: One.", "Second words."]
    assert [moved.position for moved in session.of_type(Moved) if moved.at == 2.5] == [Position(0, 3)]
