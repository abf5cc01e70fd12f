"""The script player: a pure state machine that plays a compiled relaxation script in time.

Like the article player it never sleeps or reads a clock: each call carries `now`; the speaker
reports back through `sound_finished`, and deadlines come back through `tick`. Breath cues are
locked to the breath: each phase's deadline is its scheduled start plus its length, computed
from the previous deadline, never from when a tick happened to arrive, so nothing drifts.
"""

from __future__ import annotations

import logging
from typing import Sequence

from voicecoach import phrases as common
from voicecoach import tuning
from voicecoach.bed.schedule import SoundBed
from voicecoach.commands import Command, CommandId
from voicecoach.events import (
    CommandRefused,
    EventCallback,
    ExhaleChanged,
    Finished,
    Moved,
    NoticeGiven,
    Quit,
    QuitReason,
    SleepTimerAction,
    SleepTimerChanged,
    Started,
)
from voicecoach.fade import FadeSchedule
from voicecoach.night import ResumeOffer, ResumeReason
from voicecoach.places import Place
from voicecoach.reader_core import DEFAULT_BACK_SECONDS, Handler, PlayerState, ReaderCore
from voicecoach.ports import Position, Speaker
from voicecoach.sleep_timer import SleepAtEnd, SleepUnit
from voicecoach.scripts import phrases
from voicecoach.scripts.compile import Chime, Cue, PlanStep, Say, Wait, compile_script, nominal_seconds
from voicecoach.scripts.model import Phase, Script
from voicecoach.scripts.navigation import PlanIndex
from voicecoach.sounds import Earcon, EarconName, Sound, Speech, SpeechKind, Voice

logger = logging.getLogger(__name__)

EXHALE_STEP_SECONDS = 1.0
MIN_EXHALE_SECONDS = 2.0
MAX_EXHALE_SECONDS = 20.0
ACK_VOLUME = 0.25
"""Volume of the confirmation tones when the caller gives none (the CLI passes `night_volume`)."""
SLEEP_FADE_SECONDS = 30.0
LOOKAHEAD_STEPS = 4
"""How far past pauses and chimes the player looks for the next sentence to prefetch."""
REFERENCE_VOICE = Voice()
"""The voice a script's own rates and volumes are written for (150 wpm, volume 0.8): a listener
who chose another rate or volume hears every rate and volume of the script scaled by theirs over
this one (see docs/scripts.md, "Your voice settings")."""


class ScriptPlayer(ReaderCore):
    """Plays a `Script` through a `Speaker`, steered by the same `Command`s as articles."""

    _tip_word = "step"

    def __init__(
        self,
        script: Script,
        speaker: Speaker,
        emit: EventCallback,
        *,
        start_section: int = 0,
        start_step: int = 0,
        fade: FadeSchedule | None = None,
        sleep_fade_seconds: float = SLEEP_FADE_SECONDS,
        sleep_default_seconds: float = 20 * 60,
        voice: Voice = REFERENCE_VOICE,
        earcon_volume: float = ACK_VOLUME,
        bed: SoundBed | None = None,
        sleep_warning_seconds: float = 60.0,
        bookmarks: Sequence[Place] = (),
        resume: ResumeOffer | None = None,
        finished: bool = False,
        guide_available: bool = False,
    ) -> None:
        """`voice` is the listener's choice (--rate, --volume, --voice, the config): the script's
        rates and volumes are scaled by it, and its name replaces the script's voice (a `say` that
        names its own voice keeps it). `earcon_volume` is the confirmation tones' (night_volume).
        `resume` (after a night that ended asleep) says where to start instead of `start_*`, and
        why; `finished` (the script was heard to its end last time) says so as it starts again;
        `guide_available` (the relaxation of a session that began with the guide) adds "back to
        the guide" to the help."""
        self._guide_available = guide_available
        self._plan: tuple[PlanStep, ...] = compile_script(script)
        if not self._plan:
            raise ValueError("a script to play needs at least one step that makes a sound or a pause")
        super().__init__(
            speaker,
            emit,
            voice=voice,  # the listener's choice, then their slower/faster/louder/quieter
            earcon_volume=earcon_volume,
            fade=fade,
            sleep_fade_seconds=sleep_fade_seconds,
            sleep_default_seconds=sleep_default_seconds,
            bed=bed,
            sleep_warning_seconds=sleep_warning_seconds,
            bookmarks=bookmarks,
            resume=resume,
        )
        if resume is not None:
            start_section, start_step = resume.start.section, resume.start.tip
        self._finished = finished
        self._script = script
        self._index_of = PlanIndex.of(self._plan)
        self._spoken = tuple(
            index for index, item in enumerate(self._plan) if isinstance(item, Say) or (isinstance(item, Cue) and item.text)
        )  # the plan steps that say something: where sentence steps land
        section = min(max(start_section, 0), self._index_of.section_count - 1)
        step = min(max(start_step, 0), self._index_of.step_count(section) - 1)
        self._index = self._index_of.start_of(section, step)
        self._exhale_change = 0.0
        self._started = False  # the current plan step has begun (sound played or deadline set)
        self._awaiting: int | None = None  # the sound whose end ends the current step
        self._deadline: float | None = None
        self._remaining: float | None = None  # of a timed step, while paused
        self._handlers: dict[CommandId, Handler] = {
            **self.shared_handlers(),
            CommandId.NEXT: self._skip,
            CommandId.SKIP: self._skip,
            CommandId.PREVIOUS: self._previous,
            CommandId.NEXT_SENTENCE: self._next_spoken,
            CommandId.PREVIOUS_SENTENCE: self._previous_spoken,
            CommandId.REPEAT: self._repeat,
            CommandId.REPEAT_SENTENCE: self._repeat_spoken,
            CommandId.BACK_SECONDS: self._back_seconds,
            CommandId.PAUSE: lambda c: self._halt(PlayerState.PAUSED, common.PAUSED),
            CommandId.STOP: lambda c: self._halt(PlayerState.STOPPED, common.STOPPED),
            CommandId.RESUME: self._resume,
            CommandId.TOGGLE_PAUSE: self._toggle_pause,
            CommandId.LONGER_EXHALE: lambda c: self._exhale(+EXHALE_STEP_SECONDS),
            CommandId.SHORTER_EXHALE: lambda c: self._exhale(-EXHALE_STEP_SECONDS),
            CommandId.NEXT_SECTION: self._next_section,
            CommandId.PREVIOUS_SECTION: self._previous_section,
            CommandId.GOTO_SECTION: self._goto_section,
            CommandId.GOTO_TIP: self._goto_step,
            CommandId.RESTART: lambda c: self._jump(0, 0, [common.FROM_THE_START], heading=True),
            CommandId.WHERE: lambda c: self._inform([self._where(), self._time_left_here()]),
            CommandId.CONTENTS: lambda c: self._inform(phrases.contents(self._index_of.titles)),
            CommandId.HELP: lambda c: self._inform(
                self.help_lines(phrases.HELP + ([common.GUIDE_HELP] if self._guide_available else []))
            ),
            CommandId.TIME_LEFT: self._time_left,
            CommandId.QUIT: self._quit,
        }

    # ----------------------------------------------------------------- what the session sees

    @property
    def position(self) -> Position:
        """The current section and step within it (0-based), as saved between nights."""
        place = self._current.place
        return Position(place.section, place.step)

    @property
    def section_title(self) -> str:
        """The title of the section being played (a rendered file's chapter)."""
        return self._current.place.section_title

    @property
    def plan(self) -> tuple[PlanStep, ...]:
        """The compiled plan being played."""
        return self._plan

    @property
    def is_idle(self) -> bool:
        """Nothing is sounding and nothing is scheduled (finished, paused, stopped, or held at the
        end of a step for a typed line: see `wait_at_next_break`)."""
        return (
            self._playing is None
            and not self._queue
            and self._deadline is None
            and not (self._state is PlayerState.READING and not self._started)
        )

    def next_deadline(self) -> float | None:
        """When `tick` must be called next: the end of a timed step, or the sleep timer's end."""
        if self._state is PlayerState.QUIT:
            return None
        moments = [] if self._deadline is None else [self._deadline]
        for moment in (self._sleep.deadline(), self._warning_before_end_at()):
            if moment is not None:
                moments.append(moment)
        return min(moments) if moments else None

    def _warning_before_end_at(self) -> float | None:
        """During a timed step (a long pause, say), when the at-end timer's warning is due."""
        at_end = self._sleep.at_end
        if at_end is None or self._sleep.warned or self._deadline is None or self._sleep.settings.warning_s <= 0:
            return None
        return max(self._now, self._deadline + self._seconds_after_step(at_end) - self._sleep.settings.warning_s)

    # ----------------------------------------------------------------- inputs

    def start(self, now: float) -> None:
        """Begin playing at the start position."""
        self._now = now
        self._emit(Started(now, self.position, self._script.title))
        self._set_state(PlayerState.READING)
        self._started = False
        opening = [self._speech(self._script.title, SpeechKind.HEADING)]
        place = self._current.place
        offer = self._resume_offer
        if self._finished:
            opening.append(self._speech(common.finished_again(self._script.title), SpeechKind.INFO))
        elif offer is not None:
            where = phrases.section_heading(place.section, place.section_title).rstrip(".")
            where = f"step {place.step + 1} of {where[0].lower()}{where[1:]}"
            words = common.resume_offer(where, offer.reason is ResumeReason.AWAKE, offer.rewind_minutes)
            opening.append(self._speech(words, SpeechKind.INFO))
        elif self._index > 0:
            opening.append(self._speech(phrases.welcome_back(place.section, place.section_title), SpeechKind.INFO))
        opening += [self._speech(note, SpeechKind.INFO) for note in self._start_notes]
        self._say_over(opening)

    def sound_finished(self, sound_id: int, now: float) -> None:
        """The speaker finished a sound; ids we are not waiting for are ignored."""
        self._now = now
        if self._playing is None or self._playing.id != sound_id:
            return
        finished, self._playing = self._playing, None
        is_content = isinstance(finished, Speech) and finished.kind is SpeechKind.CONTENT
        if self._quit_after_sentence and (is_content or not self._queue):
            self._finish_quietly()
            return
        if sound_id == self._awaiting:
            self._awaiting = None
            self._advance(now)
            return
        self._pump()

    def tick(self, now: float) -> None:
        """A deadline has come: a timed step ends (perhaps several, if the tick is late), or sleep."""
        self._now = now
        if self._state is PlayerState.QUIT:
            return
        warn_at = self._warning_before_end_at()
        if warn_at is not None and warn_at <= now:
            self._warn()  # the at-end timer's warning, in a long pause
        while self._deadline is not None and self._deadline <= now and self._state is PlayerState.READING:
            ended_at, self._deadline = self._deadline, None
            self._advance(ended_at)
        if self._sleep_tick():
            self._sleep.ended()
            self._pending_warning = []
            self._emit(SleepTimerChanged(now, SleepTimerAction.ENDED))
            if isinstance(self._playing, Speech) and self._playing.kind is SpeechKind.CONTENT:
                self._quit_after_sentence = True  # end at the end of this sentence
            else:
                self._finish_quietly()

    def not_understood(self, heard: str, now: float) -> None:
        """A command could not be understood: a different tone and a short hint (but nothing
        talks over the goodbye)."""
        self._now = now
        if self.is_leaving:
            return
        self._emit(CommandRefused(now, heard, "not understood"))
        self._say_over([self._earcon(EarconName.NOT_UNDERSTOOD), self._speech(common.NOT_UNDERSTOOD, SpeechKind.INFO)])

    def return_to(self, now: float) -> None:
        """Come back to this script after another reader played: say so, then replay the current step."""
        self._now = now
        place = self._current.place
        self._jump(place.section, place.step, [common.back_to(self._script.title)])

    def notice(self, message: str, now: float, failed_sound_id: int | None = None) -> None:
        """Say something an adapter reported, then carry on; a step that could not be said counts as said."""
        self._now = now
        self._emit(NoticeGiven(now, message))
        if failed_sound_id is not None and self._playing is not None and self._playing.id == failed_sound_id:
            self.sound_finished(failed_sound_id, now)
        self._inform([message], kind=SpeechKind.ERROR)

    # ----------------------------------------------------------------- the plan in time

    @property
    def _current(self) -> PlanStep:
        return self._plan[min(self._index, len(self._plan) - 1)]

    def _advance(self, start: float) -> None:
        """The current step ended at `start`; begin the next one from that moment (or, when a
        typed line waits, hold here: the line's command sees the step that has just ended)."""
        if self._take_break():
            return
        self._held = False
        previous = self._current.place
        following = self._plan[self._index + 1].place if self._index + 1 < len(self._plan) else None
        if (following is None or following.step != previous.step or following.section != previous.section) and (
            self._end_reached(section_ended=following is None or following.section != previous.section)
        ):
            return  # the sleep timer at the end of this step or section
        self._index += 1
        self._started = False
        if self._index >= len(self._plan):
            self._index = len(self._plan) - 1
            self._started = True
            self._set_state(PlayerState.FINISHED)
            self._emit(Finished(self._now, self.position))
            return
        if self._current.place != previous:
            self._emit(Moved(self._now, self.position))
        self._begin(start)

    def _begin(self, start: float) -> None:
        """Begin the current step, scheduled to start at `start` (≤ now)."""
        item = self._current
        self._warn_before_end()
        if self._pending_warning and self._playing is None and not isinstance(item, Cue):
            self._pump()  # the sleep timer's warning first; this step begins once it is said
            return
        if isinstance(item, (Wait, Cue)):
            seconds = self._seconds_of(item)
            self._started = True
            self._deadline = start + seconds
            if self._deadline <= self._now:
                return  # a late tick: this phase is already over; tick() moves on without a sound
            if isinstance(item, Cue) and item.text:
                self._queue.clear()  # the breath comes first: cut any confirmation short
                self._play(self._speech(item.text, SpeechKind.CONTENT, self._effective(item.voice)))
            elif self._pending_warning and self._playing is None:
                self._pump()  # a silent breath phase: a gap for the warning
            return
        if self._playing is not None or self._queue:
            return  # say it once the confirmations are done (_pump)
        self._started = True
        sound: Sound
        if isinstance(item, Say):
            sound = self._speech(item.text, SpeechKind.CONTENT, self._effective(item.voice))
        else:
            sound = Earcon(next(self._ids), item.name, round(min(1.0, item.volume * self._volume_scale()), 3))
        self._awaiting = sound.id
        self._play(sound)

    def _pump(self) -> None:
        """Play the next queued sound, or (re)start the current step once nothing else sounds."""
        if self._sounded_queued():
            return
        if self._state is PlayerState.READING and self._held:
            self._held = False
            self._advance(self._now)  # the held step is over: go on once the answer has been said
        elif self._state is PlayerState.READING and not self._started:
            self._begin(self._now)

    def _seconds_of(self, item: Wait | Cue) -> float:
        if isinstance(item, Cue) and item.phase is Phase.EXHALE and self._exhale_change:
            return min(MAX_EXHALE_SECONDS, max(MIN_EXHALE_SECONDS, item.seconds + self._exhale_change))
        return item.seconds

    def _effective(self, voice: Voice) -> Voice:
        """A plan voice as the listener hears it: its rate and volume scaled by theirs (over the
        reference voice), and their voice name instead of the script's."""
        scaled_rate = round(voice.rate * self._voice.rate / REFERENCE_VOICE.rate)
        rate = min(tuning.MAX_RATE, max(tuning.MIN_RATE, scaled_rate))
        volume = min(1.0, voice.volume * self._volume_scale())
        name = voice.name
        if self._voice.name is not None and voice.name == self._script.voice.name:
            name = self._voice.name
        return Voice(rate=rate, volume=round(volume, 3), name=name)

    def _volume_scale(self) -> float:
        return self._voice.volume / REFERENCE_VOICE.volume

    # ----------------------------------------------------------------- commands

    def _skip(self, command: Command) -> None:
        place = self._current.place
        target = self._index_of.next_step(place.section, place.step)
        if target is None:
            self._inform([phrases.LAST_STEP])
            return
        self._jump(*target, [phrases.NEXT_STEP])

    def _previous(self, command: Command) -> None:
        place = self._current.place
        target = self._index_of.previous_step(place.section, place.step)
        if target is None:
            self._jump(place.section, place.step, [phrases.FIRST_STEP])
            return
        self._jump(*target, [phrases.PREVIOUS_STEP])

    def _repeat(self, command: Command) -> None:
        place = self._current.place
        self._jump(place.section, place.step, [phrases.AGAIN])

    def _next_spoken(self, command: Command) -> None:
        """Start the next thing said (a sentence or a breath cue), past pauses and chimes."""
        later = next((index for index in self._spoken if index > self._index), None)
        if later is None:
            self._inform([phrases.LAST_STEP])
            return
        self._jump_to(later, [], moved_only_if_changed=True)

    def _previous_spoken(self, command: Command) -> None:
        """Start the last thing said before the one under way (during a pause or chime: the
        sentence just said); at the very start, the first one again."""
        earlier = [index for index in self._spoken if index < self._index]
        target = earlier[-1] if earlier else (self._spoken[0] if self._spoken else self._index)
        self._jump_to(target, [], moved_only_if_changed=True)

    def _next_section(self, command: Command) -> None:
        section = self._current.place.section
        if section + 1 >= self._index_of.section_count:
            self._inform([common.LAST_SECTION])
            return
        self._jump(section + 1, 0, [], heading=True)

    def _previous_section(self, command: Command) -> None:
        section = self._current.place.section
        if section == 0:
            self._jump(0, 0, [common.FIRST_SECTION], heading=True)
            return
        self._jump(section - 1, 0, [], heading=True)

    def _goto_section(self, command: Command) -> None:
        number = command.args["number"]
        if not 1 <= number <= self._index_of.section_count:
            self._refuse(command, common.no_such_section(number, self._index_of.section_count))
            return
        self._jump(number - 1, 0, [], heading=True)

    def _goto_step(self, command: Command) -> None:
        number = command.args["number"]
        section = self._current.place.section
        count = self._index_of.step_count(section)
        if not 1 <= number <= count:
            self._refuse(command, f"There is no step {number} here. This section has {count} steps.")
            return
        self._jump(section, number - 1, [f"Step {number}."])

    def _resume(self, command: Command) -> None:
        if self._state is PlayerState.READING:
            self._inform([common.ALREADY_READING])
            return
        if self._state is PlayerState.FINISHED:
            self._inform([phrases.AT_END])
            return
        if self._paused_for_a_night():
            place = self._current.place  # after a night's sleep, the step again from its start
            self._jump(place.section, place.step, [phrases.FROM_THE_STEP_START])
            return
        if self._remaining is not None:
            # Carry on with the breath phase (or pause) where it was: no cue is repeated.
            self._deadline = self._now + self._remaining
            self._remaining = None
        self._set_state(PlayerState.READING)
        self._say_over([self._ack(), self._speech(common.RESUMING, SpeechKind.CONFIRMATION)])

    def _toggle_pause(self, command: Command) -> None:
        if self._state is PlayerState.READING:
            self._halt(PlayerState.PAUSED, common.PAUSED)
        else:
            self._resume(command)

    def _halt(self, state: PlayerState, word: str) -> None:
        if self._state is PlayerState.READING:
            if self._deadline is not None:
                self._remaining = max(0.0, self._deadline - self._now)
                self._deadline = None
            elif isinstance(self._current, (Say, Chime)):
                self._started = False  # the interrupted sentence is said again on resume
                self._awaiting = None
        if self._state is not PlayerState.FINISHED:
            self._set_state(state)
        self._say_over([self._ack(), self._speech(word, SpeechKind.CONFIRMATION)])

    def _exhale(self, change: float) -> None:
        item = self._current
        if not isinstance(item, Cue):
            self._inform([common.ONLY_IN_BREATHING])
            return
        exhales = [c.seconds for c in self._plan if isinstance(c, Cue) and c.phase is Phase.EXHALE]
        wanted = self._exhale_change + change
        at_limit = any(not MIN_EXHALE_SECONDS <= s + wanted <= MAX_EXHALE_SECONDS for s in exhales)
        if not at_limit:
            self._exhale_change = wanted
        self._emit(ExhaleChanged(self._now, self._exhale_change))
        if change > 0:
            words = phrases.LONGEST_EXHALE if at_limit else phrases.LONGER_EXHALE
        else:
            words = phrases.SHORTEST_EXHALE if at_limit else phrases.SHORTER_EXHALE
        self._inform([words], kind=SpeechKind.CONFIRMATION)

    def _time_left(self, command: Command) -> None:
        sentences = [phrases.script_left(self._script_left())]
        sleep = self._sleep_time_left()
        if sleep is not None:
            sentences.append("Sleep timer: " + sleep)
        self._inform(sentences)

    def _repeat_spoken(self, command: Command) -> None:
        """The sentence (or breath cue) under way, or the last one said, again from its start."""
        said = [index for index in self._spoken if index <= self._index]
        self._jump_to(said[-1] if said else self._index, [], moved_only_if_changed=True)

    def _back_seconds(self, command: Command) -> None:
        """Back to the plan step under way about N seconds ago, by the plan's own lengths."""
        seconds = command.args.get("seconds", DEFAULT_BACK_SECONDS)
        index = self._index
        heard = nominal_seconds(self._current) - self._step_left()
        while heard < seconds and index > 0:
            index -= 1
            heard += nominal_seconds(self._plan[index])
        self._jump_to(index, [common.back_seconds(seconds)], moved_only_if_changed=True)

    def _step_left(self) -> float:
        """About how long the current step still runs."""
        if self._deadline is not None:
            return max(0.0, self._deadline - self._now)
        if self._remaining is not None:
            return self._remaining
        if self._held or (self._started and self._awaiting is None):
            return 0.0
        return nominal_seconds(self._current)

    def _quit(self, command: Command) -> None:
        self._deadline = None
        self._set_state(PlayerState.QUITTING)
        self._say_over([self._speech(common.GOODBYE, SpeechKind.CONFIRMATION)])

    # ----------------------------------------------------------------- building blocks

    def _jump(self, section: int, step: int, words: list[str], *, heading: bool = False) -> None:
        """Go to the start of `step` in `section`, say `words` (and the heading), then play on."""
        self._jump_to(self._index_of.start_of(section, step), words, heading=heading)

    def _jump_to(self, index: int, words: list[str], *, heading: bool = False, moved_only_if_changed: bool = False) -> None:
        """Go to plan step `index`, say `words` (and the heading), then play on."""
        previous = self._current.place
        self._index = index
        place = self._current.place
        self._started = False
        self._held = False
        self._awaiting = None
        self._deadline = self._remaining = None
        if not moved_only_if_changed or place != previous:
            self._emit(Moved(self._now, self.position))
        sounds: list[Sound] = [self._ack()]
        sounds += [self._speech(word, SpeechKind.CONFIRMATION) for word in words]
        if heading or place.section != previous.section:
            sounds.append(self._speech(phrases.section_heading(place.section, self._index_of.titles[place.section]),
                                       SpeechKind.HEADING))
        self._set_state(PlayerState.READING)
        self._say_over(sounds)

    def _inform(self, sentences: list[str], kind: SpeechKind = SpeechKind.INFO) -> None:
        """Say something, then carry on as before (an interrupted sentence is said again)."""
        self._say_over([self._speech(sentence, kind) for sentence in sentences])

    def _say_over(self, sounds: list[Sound]) -> None:
        """Interrupt whatever sounds and say `sounds`; a cut-off sentence will be said again."""
        if self._playing is not None and self._playing.id == self._awaiting:
            self._started = False
            self._awaiting = None
        self._silence()
        self._queue.clear()
        self._queue.extend(sounds)
        self._pump()

    def _where(self) -> str:
        item = self._current
        if isinstance(item, Cue):
            return phrases.where_breathing(item.cycle, item.cycles, item.phase)
        place = item.place
        return phrases.where_step(place.section, self._index_of.section_count, place.section_title,
                                  place.step, self._index_of.step_count(place.section))

    def _script_left(self) -> float:
        left = sum(nominal_seconds(item) for item in self._plan[self._index + 1:])
        if self._deadline is not None:
            left += max(0.0, self._deadline - self._now)
        elif self._remaining is not None:
            left += self._remaining
        elif not self._held:  # held: the current step is over
            left += nominal_seconds(self._current)
        return left

    def _finish_quietly(self) -> None:
        """End the session after the sleep timer, keeping the place (no goodbye: they are asleep)."""
        self._quit_after_sentence = False
        self._silence()
        self._queue.clear()
        self._deadline = None
        self._set_state(PlayerState.QUIT)
        self._emit(Quit(self._now, self.position, QuitReason.SLEEP_TIMER))

    def _speech(self, text: str, kind: SpeechKind, voice: Voice | None = None) -> Speech:
        if voice is None:
            item = self._current
            voice = self._effective(item.voice if isinstance(item, (Say, Cue)) else self._script.voice)
        return Speech(next(self._ids), text, kind, voice)

    def _ack(self) -> Earcon:
        return self._earcon(EarconName.ACK)

    # ----------------------------------------------------------------- places, for bookmarks and the night

    def _current_place(self) -> Place:
        place = self._current.place
        return Place(place.section, place.step)

    def _go_to_place(self, place: Place, words: list[str]) -> None:
        section = min(max(place.section, 0), self._index_of.section_count - 1)
        step = min(max(place.tip, 0), self._index_of.step_count(section) - 1)
        self._jump(section, step, words)

    def _describe(self, place: Place) -> str:
        section = min(place.section, self._index_of.section_count - 1)
        return f"section {section + 1}, {self._index_of.titles[section]}, step {place.tip + 1}"

    def _seconds_to_end(self, at_end: SleepAtEnd) -> float:
        """The plan's time from now to the end that ends `at_end`."""
        return self._step_left() + self._seconds_after_step(at_end)

    def _seconds_after_step(self, at_end: SleepAtEnd) -> float:
        """The plan's time after the current plan step up to the end that ends `at_end`."""
        seconds = 0.0
        left = at_end.left
        for index in range(self._index, len(self._plan)):
            here = self._plan[index].place
            following = self._plan[index + 1].place if index + 1 < len(self._plan) else None
            if index > self._index:
                seconds += nominal_seconds(self._plan[index])
            step_ends = following is None or (following.section, following.step) != (here.section, here.step)
            section_ends = following is None or following.section != here.section
            if (at_end.unit is SleepUnit.TIP and step_ends) or section_ends:
                left -= 1
                if left <= 0:
                    break
        return seconds

    def _time_left_here(self) -> str:
        """The plan's time left in this section and in the whole script."""
        section = self._current.place.section
        total = self._script_left()
        later = sum(nominal_seconds(item) for item in self._plan[self._index + 1:] if item.place.section != section)
        return common.where_time_left(total - later, total)

    def _upcoming(self) -> tuple[str, Voice] | None:
        """What follows the sound just started: a queued sentence, else the next spoken step
        (the current one, if what sounds is a confirmation before it)."""
        queued = self._queued_speech()
        if queued is not None:
            return queued.text, queued.voice
        if self._state is not PlayerState.READING:
            return None
        first = self._index + 1 if self._started else self._index
        for item in self._plan[first : first + LOOKAHEAD_STEPS]:
            if isinstance(item, Say) or (isinstance(item, Cue) and item.text):
                return str(item.text), self._effective(item.voice)
        return None
