"""The article player: a pure state machine that reads a document tip by tip and obeys commands.

It never sleeps or reads a clock: every call carries the current time (`now`, in seconds), the
speaker reports back through `sound_finished`, and timers come back through `tick`. Each
command gets a short spoken confirmation, and every change is reported as a typed event
(`voicecoach.events`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Sequence

from voicecoach import phrases
from voicecoach.bed.schedule import SoundBed
from voicecoach.commands import Command, CommandId
from voicecoach.cursor import Cursor
from voicecoach.document import Document
from voicecoach.events import (
    CommandRefused,
    EventCallback,
    Finished,
    Moved,
    NoticeGiven,
    Quit,
    QuitReason,
    SentenceBegun,
    SleepTimerAction,
    SleepTimerChanged,
    Started,
)
from voicecoach.fade import FadeSchedule
from voicecoach.night import ResumeOffer, ResumeReason
from voicecoach.places import Place
from voicecoach.ports import Position, Speaker
from voicecoach.reader_core import DEFAULT_BACK_SECONDS, Handler, PlayerState, ReaderCore
from voicecoach.sleep_timer import SleepAtEnd, SleepUnit
from voicecoach.sounds import EarconName, Speech, SpeechKind, Voice
from voicecoach.speech_time import speech_seconds, total_seconds

__all__ = ["MAX_FAILURES_IN_A_ROW", "Player", "PlayerSettings", "PlayerState"]

logger = logging.getLogger(__name__)


MAX_FAILURES_IN_A_ROW = 3
"""After this many sounds fail one after another, pause instead of failing on every sentence."""


@dataclass(frozen=True)
class PlayerSettings:
    """How a document is read."""

    voice: Voice = field(default_factory=Voice)
    continuous: bool = False
    """Read on to the next tip without waiting for "next"."""
    earcon_volume: float = 0.25
    """Volume of confirmation tones, 0..1 (kept low for the night)."""
    only_section: int | None = None
    """Stop at the end of this section (0-based) instead of reading on (for `render --section`)."""
    sleep_fade_seconds: float = 30.0
    """How long the sleep timer fades the voice out."""
    sleep_default_seconds: float = 20 * 60
    """How long a sleep timer runs when none is said (a bare "sleep")."""
    sleep_warning_seconds: float = 60.0
    """How long before the sleep timer's end its soft warning comes (0: none)."""
    opening_note: str | None = None
    """Said after the title on a fresh start, e.g. what else this session offers."""
    relaxation_available: bool = False
    """ "Relax" switches to a guided relaxation in this session (it is offered at a finished document)."""


class Player(ReaderCore):
    """Reads a `Document` aloud through a `Speaker`, steered by `Command`s."""

    def __init__(
        self,
        document: Document,
        speaker: Speaker,
        emit: EventCallback,
        settings: PlayerSettings = PlayerSettings(),
        *,
        start: Position = Position(0, 0),
        welcome_back: bool | None = None,
        fade: FadeSchedule | None = None,
        bed: SoundBed | None = None,
        bookmarks: Sequence[Place] = (),
        resume: ResumeOffer | None = None,
        finished: bool = False,
    ) -> None:
        """`start` is the saved place; `resume` (after a night that ended asleep) says where it
        starts instead and why; `finished` (the document was heard to its end last time) offers
        the beginning (or the relaxation) and waits."""
        if document.tip_count == 0:
            raise ValueError("a document to play needs at least one tip")
        super().__init__(
            speaker,
            emit,
            voice=settings.voice,
            earcon_volume=settings.earcon_volume,
            fade=fade,
            sleep_fade_seconds=settings.sleep_fade_seconds,
            sleep_default_seconds=settings.sleep_default_seconds,
            bed=bed,
            sleep_warning_seconds=settings.sleep_warning_seconds,
            bookmarks=bookmarks,
            resume=resume,
        )
        self._document = document
        self._settings = settings
        if resume is not None:
            start = resume.start.position
        self._cursor = Cursor.at(document, start.section, start.tip)
        self._resumed = start != Position(0, 0) if welcome_back is None else welcome_back
        self._finished = finished
        self._sentence = 0
        self._sentence_started_at: float | None = None  # when the content sentence under way began
        self._reading = False  # after the queued announcements, read the current tip on
        self._failures = 0  # sounds that failed in a row
        self._handlers: dict[CommandId, Handler] = {
            **self.shared_handlers(),
            CommandId.NEXT: self._next,
            CommandId.SKIP: self._next,
            CommandId.PREVIOUS: self._previous,
            CommandId.NEXT_SENTENCE: self._next_sentence,
            CommandId.PREVIOUS_SENTENCE: self._previous_sentence,
            CommandId.REPEAT: self._repeat,
            CommandId.REPEAT_SENTENCE: self._repeat_sentence,
            CommandId.BACK_SECONDS: self._back_seconds,
            CommandId.PAUSE: self._pause,
            CommandId.RESUME: self._resume,
            CommandId.TOGGLE_PAUSE: self._toggle_pause,
            CommandId.STOP: self._stop,
            CommandId.NEXT_SECTION: self._next_section,
            CommandId.PREVIOUS_SECTION: self._previous_section,
            CommandId.GOTO_SECTION: self._goto_section,
            CommandId.GOTO_TIP: self._goto_tip,
            CommandId.RESTART: self._restart,
            CommandId.WHERE: lambda c: self._inform([phrases.where(self._cursor), self._time_left_here()]),
            CommandId.CONTENTS: lambda c: self._inform(phrases.contents(self._document)),
            CommandId.HELP: lambda c: self._inform(
                self.help_lines(phrases.HELP + ([phrases.RELAX_HELP] if self._settings.relaxation_available else []))
            ),
            CommandId.LONGER_EXHALE: lambda c: self._inform([phrases.ONLY_IN_BREATHING]),
            CommandId.SHORTER_EXHALE: lambda c: self._inform([phrases.ONLY_IN_BREATHING]),
            CommandId.QUIT: self._quit,
        }

    # ----------------------------------------------------------------- what the session sees

    @property
    def position(self) -> Position:
        """The current section and tip (0-based), as saved between nights."""
        return Position(self._cursor.section, self._cursor.tip)

    @property
    def section_title(self) -> str:
        """The title of the section being read (a rendered file's chapter)."""
        return self._cursor.current_section.title

    @property
    def is_idle(self) -> bool:
        """Nothing is sounding or about to sound: the player waits for the listener (at the end
        of a tip, or, reading on, held there for a typed line: see `wait_at_next_break`)."""
        return self._playing is None and not self._queue and not self._reading

    def next_deadline(self) -> float | None:
        """When `tick` must be called next (the sleep timer's warning or end), or None."""
        if self._state is PlayerState.QUIT:
            return None
        return self._sleep.deadline()

    # ----------------------------------------------------------------- inputs

    def start(self, now: float) -> None:
        """Begin reading: the title and first heading, or a welcome back at the saved place."""
        self._now = now
        self._emit(Started(now, self.position, self._document.title))
        if self._finished:
            offer = phrases.finished_offer(self._document.title, self._settings.relaxation_available)
            self._announce([offer, *self._start_notes], then_read=False, state=PlayerState.FINISHED, earcon=False)
            return
        offer = self._resume_offer
        if offer is not None:
            where = phrases.tip_of(self._cursor)
            opening = [phrases.resume_offer(where, offer.reason is ResumeReason.AWAKE, offer.rewind_minutes)]
        elif self._resumed:
            opening = [phrases.welcome_back(self._cursor)]
        else:
            opening = [self._document.title] if self._document.title else []
            if self._settings.opening_note:
                opening.append(self._settings.opening_note)
        opening += self._start_notes
        self._announce(opening, headings=self._opening_headings(), then_read=True, earcon=False)

    def sound_finished(self, sound_id: int, now: float) -> None:
        """The speaker finished a sound; sounds we are no longer waiting for are ignored."""
        self._now = now
        if self._playing is None or self._playing.id != sound_id:
            return
        finished, self._playing = self._playing, None
        if isinstance(finished, Speech) and finished.kind is SpeechKind.CONTENT:
            self._failures = 0
            self._sentence += 1
        self._pump()

    def tick(self, now: float) -> None:
        """A deadline has come: the sleep timer warns, or ends the session at the end of a sentence."""
        self._now = now
        if self._state is PlayerState.QUIT or not self._sleep_tick():
            return
        self._emit(SleepTimerChanged(now, SleepTimerAction.ENDED))
        self._sleep.ended()
        self._pending_warning = []
        if self._playing is not None:
            self._reading = False  # let the sentence end (it is already faded out), then stop
            self._queue.clear()
            self._quit_after_sentence = True
            return
        self._finish_quietly()

    def return_to(self, now: float) -> None:
        """Come back to this document after another reader played: say so, then reread the tip."""
        self._now = now
        self._move(self._cursor, [phrases.back_to(self._document.title)])

    def not_understood(self, heard: str, now: float) -> None:
        """A command could not be understood: a different tone and a short hint, never silence
        (but nothing talks over the goodbye)."""
        self._now = now
        if self.is_leaving:
            return
        self._emit(CommandRefused(now, heard, "not understood"))
        self._silence()
        self._queue.clear()
        self._queue.append(self._earcon(EarconName.NOT_UNDERSTOOD))
        self._queue.append(self._speech(phrases.NOT_UNDERSTOOD, SpeechKind.INFO))
        self._pump()

    def notice(self, message: str, now: float, failed_sound_id: int | None = None) -> None:
        """Say something an adapter reported (a device lost, a sentence that failed), then carry on.

        A content sentence that could not be made audible is skipped, so one bad sentence cannot
        loop; after several failures in a row the player pauses rather than fail on every sentence.
        """
        self._now = now
        self._emit(NoticeGiven(now, message))
        failed = self._playing if self._playing is not None and self._playing.id == failed_sound_id else None
        if failed is None:
            self._inform([message], kind=SpeechKind.ERROR)
            return
        self._failures += 1
        if isinstance(failed, Speech) and failed.kind is SpeechKind.CONTENT:
            self._sentence += 1
        if self._failures >= MAX_FAILURES_IN_A_ROW:
            self._silence()
            self._queue.clear()
            self._reading = False
            self._set_state(PlayerState.PAUSED)
            self._emit(NoticeGiven(now, phrases.PAUSED_AFTER_FAILURES))
            return
        self._inform([message], kind=SpeechKind.ERROR)

    # ----------------------------------------------------------------- commands

    def _next(self, command: Command) -> None:
        target = self._cursor.next_tip()
        if target is None:
            self._announce([phrases.LAST_TIP], then_read=False, state=PlayerState.WAITING)
            return
        self._move(target, [phrases.NEXT])

    def _previous(self, command: Command) -> None:
        target = self._cursor.previous_tip()
        if target is None:
            self._move(self._cursor, [phrases.FIRST_TIP])
            return
        self._move(target, [phrases.PREVIOUS])

    def _repeat(self, command: Command) -> None:
        self._move(self._cursor, [phrases.AGAIN])

    def _next_sentence(self, command: Command) -> None:
        """Start the sentence after the one under way; after a tip's last, the next tip (as "next")."""
        following = self._sentence + 1
        if following < len(self._cursor.current_tip.sentences):
            self._read_from_sentence(following)
            return
        self._next(command)

    def _previous_sentence(self, command: Command) -> None:
        """Start the sentence before the one under way (at a tip's end: its last sentence); before
        a tip's first, the previous tip's last sentence; at the very start, the first again."""
        sentences = self._cursor.current_tip.sentences
        earlier = min(self._sentence, len(sentences)) - 1
        if earlier >= 0:
            self._read_from_sentence(earlier)
            return
        target = self._cursor.previous_tip()
        if target is None:
            self._read_from_sentence(0)
            return
        self._move(target, [], sentence=len(target.current_tip.sentences) - 1)

    def _repeat_sentence(self, command: Command) -> None:
        """The sentence under way again from its start (at a tip's end: its last sentence)."""
        self._read_from_sentence(min(self._sentence, len(self._cursor.current_tip.sentences) - 1))

    def _back_seconds(self, command: Command) -> None:
        """Back to the sentence that was being said about N seconds of speech ago (at this rate)."""
        seconds = command.args.get("seconds", DEFAULT_BACK_SECONDS)
        playing = self._playing
        heard = 0.0
        if isinstance(playing, Speech) and playing.kind is SpeechKind.CONTENT and self._sentence_started_at is not None:
            heard = self._now - self._sentence_started_at
        cursor, index = self._cursor, min(self._sentence, len(self._cursor.current_tip.sentences))
        while heard < seconds:
            earlier = self._sentence_before(cursor, index)
            if earlier is None:
                break
            cursor, index = earlier
            heard += speech_seconds(cursor.current_tip.sentences[index], self._voice.rate)
        index = min(index, len(cursor.current_tip.sentences) - 1)
        words = [phrases.back_seconds(seconds)]
        if cursor == self._cursor:
            self._sentence = index
            self._announce(words, then_read=True)
        else:
            self._move(cursor, words, sentence=index)

    @staticmethod
    def _sentence_before(cursor: Cursor, index: int) -> tuple[Cursor, int] | None:
        """The sentence before sentence `index` of `cursor`'s tip, crossing into earlier tips."""
        if index > 0:
            return cursor, index - 1
        earlier = cursor.previous_tip()
        if earlier is None:
            return None
        return earlier, len(earlier.current_tip.sentences) - 1

    def _read_from_sentence(self, index: int) -> None:
        """Read on from sentence `index` of this tip, after the acknowledgement tone (no words:
        stepping through sentences should be quick)."""
        self._sentence = index
        self._announce([], then_read=True)

    def _pause(self, command: Command) -> None:
        self._halt(PlayerState.PAUSED, phrases.PAUSED)

    def _stop(self, command: Command) -> None:
        self._halt(PlayerState.STOPPED, phrases.STOPPED)

    def _resume(self, command: Command) -> None:
        if self._state is PlayerState.READING:
            self._inform([phrases.ALREADY_READING])
        elif self._paused_for_a_night() and self._state is not PlayerState.FINISHED:
            self._sentence = 0  # after a night's sleep, the tip again from its start
            self._announce([phrases.FROM_THE_TIP_START], then_read=True)
        elif self._sentence >= len(self._cursor.current_tip.sentences) or self._state is PlayerState.WAITING:
            self._next(command)
        elif self._state is PlayerState.FINISHED:
            self._announce([phrases.AT_END], then_read=False, state=PlayerState.FINISHED)
        else:
            self._announce([phrases.RESUMING], then_read=True)

    def _toggle_pause(self, command: Command) -> None:
        if self._state is PlayerState.READING:
            self._pause(command)
        else:
            self._resume(command)

    def _next_section(self, command: Command) -> None:
        target = self._cursor.next_section()
        if target is None:
            self._inform([phrases.LAST_SECTION])
            return
        self._move(target, [], announce_section=True)

    def _previous_section(self, command: Command) -> None:
        target = self._cursor.previous_section()
        if target is None:
            self._move(self._cursor, [phrases.FIRST_SECTION], announce_section=True)
            return
        self._move(target, [], announce_section=True)

    def _goto_section(self, command: Command) -> None:
        number = command.args["number"]
        target = self._cursor.goto_section(number - 1)
        if target is None:
            self._refuse(command, phrases.no_such_section(number, len(self._document.sections)))
            return
        self._move(target, [], announce_section=True)

    def _goto_tip(self, command: Command) -> None:
        number = command.args["number"]
        target = self._cursor.goto_tip(number - 1)
        if target is None:
            part = self._cursor.part
            self._refuse(command, phrases.no_such_tip(number, part.size, part.title))
            return
        self._move(target, [phrases.tip_number(number)])

    def _restart(self, command: Command) -> None:
        self._move(Cursor(self._document), [phrases.FROM_THE_START, self._document.title], announce_section=True)

    def _opening_headings(self) -> list[str]:
        """What is said after the opening words: the section (unless it repeats the title) and group."""
        cursor = self._cursor
        if self._resumed:
            return [phrases.section_heading(cursor)]  # the welcome back has named the group
        title = cursor.current_section.title
        headings = [] if phrases.repeats(title, self._document.title) else [title]
        group = phrases.group_heading(cursor)
        return headings + ([group] if group else [])

    def _quit(self, command: Command) -> None:
        self._silence()
        self._queue.clear()  # at once: nothing queued (the rest of the help, a heading) comes first
        self._held = False
        self._reading = False
        self._set_state(PlayerState.QUITTING)
        self._queue.append(self._speech(phrases.GOODBYE, SpeechKind.CONFIRMATION))
        self._pump()

    # ----------------------------------------------------------------- building blocks

    def _move(self, target: Cursor, words: list[str], *, announce_section: bool = False, sentence: int = 0) -> None:
        """Go to `target`, say `words` (and the section heading if asked or if it changed), read
        on from its sentence `sentence`."""
        previous = self._cursor
        self._cursor = target
        self._sentence = sentence
        self._emit(Moved(self._now, self.position))
        self._announce(words, headings=self._transition(previous, target, announce_section, words), then_read=True)

    def _transition(self, previous: Cursor, target: Cursor, announce_section: bool, words: list[str]) -> list[str]:
        """The headings said on the way from `previous` to `target`: a new section, then a new group.

        A section heading that only repeats the title just said (a restart) is left out.
        """
        headings: list[str] = []
        entering_section = announce_section or target.section != previous.section
        if entering_section and not (words and phrases.repeats(target.current_section.title, words[-1])):
            headings.append(phrases.section_heading(target))
        group = phrases.group_heading(target)
        if group and (entering_section or not target.same_group(previous)):
            headings.append(group)
        return headings

    def _halt(self, state: PlayerState, word: str) -> None:
        self._announce([word], then_read=False, state=state)

    def _inform(self, sentences: list[str], kind: SpeechKind = SpeechKind.INFO) -> None:
        """Say something and then carry on as before, re-reading an interrupted sentence."""
        self._silence()
        self._queue.clear()
        for sentence in sentences:
            self._queue.append(self._speech(sentence, kind))
        self._pump()

    def _announce(
        self,
        words: list[str],
        *,
        headings: list[str] | None = None,
        then_read: bool,
        state: PlayerState | None = None,
        earcon: bool = True,
    ) -> None:
        """Interrupt whatever sounds, say `words` then `headings`, and read on if `then_read`."""
        self._held = False
        self._silence()
        self._queue.clear()
        if earcon:
            self._queue.append(self._earcon(EarconName.ACK))
        for word in words:
            self._queue.append(self._speech(word, SpeechKind.CONFIRMATION))
        for heading in headings or ():
            self._queue.append(self._speech(heading, SpeechKind.HEADING))
        self._reading = then_read
        self._set_state(PlayerState.READING if then_read else (state or self._state))
        self._pump()

    def _pump(self) -> None:
        """Start the next sound if nothing is sounding."""
        if self._sounded_queued():
            return
        if not self._reading and self._held and self._state is PlayerState.READING:
            self._held = False
            self._reading = True  # held at the end of a tip for a typed line: read on after it
        if not self._reading:
            return
        sentences = self._cursor.current_tip.sentences
        if self._sentence < len(sentences):
            self._warn_before_end()
            if self._sounded_queued():
                return  # the sleep timer's warning first
            self._sentence_started_at = self._now
            self._emit(SentenceBegun(self._now, self.position, self._sentence))
            self._play(self._speech(sentences[self._sentence], SpeechKind.CONTENT))
            return
        self._tip_ended()

    def _tip_ended(self) -> None:
        following = self._cursor.next_tip()
        only = self._settings.only_section
        leaves_section = following is not None and following.section != self._cursor.section
        if self._end_reached(section_ended=following is None or leaves_section):
            return  # the sleep timer at the end of this tip or section
        if following is None or (only is not None and leaves_section):
            self._reading = False
            self._set_state(PlayerState.FINISHED)
            self._emit(Finished(self._now, self.position))
            if following is None and not self._settings.continuous:
                self._queue.append(self._speech(phrases.END_OF_GUIDE, SpeechKind.INFO))
                self._pump()
            return
        if not self._settings.continuous:
            self._reading = False
            self._set_state(PlayerState.WAITING)
            return
        if self._take_break():
            self._reading = False
            return
        previous, self._cursor = self._cursor, following
        self._sentence = 0
        self._emit(Moved(self._now, self.position))
        for heading in self._transition(previous, following, False, []):
            self._queue.append(self._speech(heading, SpeechKind.HEADING))
        self._pump()

    def _finish_quietly(self) -> None:
        """End the session after the sleep timer, keeping the place (no goodbye: they are asleep)."""
        self._quit_after_sentence = False
        self._silence()
        self._queue.clear()
        self._reading = False
        self._set_state(PlayerState.QUIT)
        self._emit(Quit(self._now, self.position, QuitReason.SLEEP_TIMER))

    def _speech(self, text: str, kind: SpeechKind) -> Speech:
        return Speech(next(self._ids), text, kind, self._voice)

    # ----------------------------------------------------------------- places, for bookmarks and the night

    def _current_place(self) -> Place:
        sentences = len(self._cursor.current_tip.sentences)
        return Place(self._cursor.section, self._cursor.tip, max(0, min(self._sentence, sentences - 1)))

    def _go_to_place(self, place: Place, words: list[str]) -> None:
        target = Cursor.at(self._document, place.section, place.tip)
        sentence = min(place.sentence, len(target.current_tip.sentences) - 1)
        self._move(target, words, sentence=max(0, sentence))

    def _describe(self, place: Place) -> str:
        cursor = Cursor.at(self._document, place.section, place.tip)
        return f"{phrases.tip_of(cursor)}, {cursor.current_tip.label.rstrip('.')}"

    def _seconds_to_end(self, at_end: SleepAtEnd) -> float:
        """The speech left from the sentence under way to the end that ends `at_end`."""
        cursor: Cursor | None = self._cursor
        first = min(self._sentence, len(self._cursor.current_tip.sentences))
        left, seconds = at_end.left, 0.0
        while cursor is not None:
            seconds += total_seconds(cursor.current_tip.sentences[first:], self._voice.rate)
            following = cursor.next_tip()
            if at_end.unit is SleepUnit.TIP or following is None or following.section != cursor.section:
                left -= 1
            if left <= 0:
                break
            cursor, first = following, 0
        return seconds

    def _time_left_here(self) -> str:
        """The time left in the section and the document, from the sentence under way, at this rate."""
        rate = self._voice.rate
        cursor: Cursor | None = self._cursor
        first = min(self._sentence, len(self._cursor.current_tip.sentences))
        section = total = 0.0
        while cursor is not None:
            seconds = total_seconds(cursor.current_tip.sentences[first:], rate)
            total += seconds
            if cursor.section == self._cursor.section:
                section += seconds
            cursor, first = cursor.next_tip(), 0
        return phrases.where_time_left(section, total)

    def _upcoming(self) -> tuple[str, Voice] | None:
        """What follows the sound just started: a queued sentence, else the tip's next one
        (the first of the next tip when reading on)."""
        queued = self._queued_speech()
        if queued is not None:
            return queued.text, queued.voice
        if not self._reading:
            return None
        playing = self._playing
        index = self._sentence
        if isinstance(playing, Speech) and playing.kind is SpeechKind.CONTENT:
            index += 1
        sentences = self._cursor.current_tip.sentences
        if index < len(sentences):
            return sentences[index], self._voice
        following = self._cursor.next_tip()
        if self._settings.continuous and following is not None and following.section == self._cursor.section:
            return following.current_tip.sentences[0], self._voice
        return None
