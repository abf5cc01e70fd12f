"""What the article player and the script player share: state, voice, sounds, events, sleep timer. Pure.

Both players read content their own way (tips and sentences, or a timed plan of steps); how a
command to change the voice or the sleep timer is obeyed, how a sound is started and how events
are reported is the same, and lives here; so do bookmarks and the way back to where the last
night stopped, through a few hooks each player fills in (`_current_place`, `_go_to_place`...).

The sleep timer (`voicecoach.sleep_control`) runs for a length of time or to the end of tips or
sections. About `warning_s` before its end a soft tone and one quiet word are said, at the next
gap between sentences. From the warning to the end (its window), any command, key or button
first starts the timer again at its last length, then is obeyed; "go on" and play/pause only
say so (the reading goes on, or resumes). `extend_sleep_timer(now)` is the same for a sign of
the listener that is not a command (see there).
"""

from __future__ import annotations

import logging
from collections import deque
from dataclasses import replace
from enum import StrEnum
from typing import Callable, Sequence

from voicecoach import phrases, tuning
from voicecoach.bed.schedule import SoundBed
from voicecoach.bed.settings import BedSound
from voicecoach.bookmarks import Bookmarks
from voicecoach.commands import Command, CommandId
from voicecoach.events import (
    BookmarkAdded,
    CommandDone,
    CommandRefused,
    EarconPlayed,
    EventCallback,
    PlayerEvent,
    Quit,
    SleepTimerAction,
    SleepTimerChanged,
    SoundBedChanged,
    Speaking,
    StateChanged,
    VoiceChanged,
)
from voicecoach.fade import FadeSchedule
from voicecoach.night import ResumeOffer
from voicecoach.places import Place
from voicecoach.ports import Position, Speaker
from voicecoach.sleep_control import SleepControl, SleepSettings
from voicecoach.sleep_timer import SleepAtEnd, SleepTimer, SleepUnit
from voicecoach.sounds import SOUND_IDS, Earcon, EarconName, Sound, Speech, SpeechKind, Voice

logger = logging.getLogger(__name__)

Handler = Callable[[Command], None]

SOUND_OF: dict[CommandId, BedSound] = {
    CommandId.BROWN_NOISE: BedSound.BROWN,
    CommandId.PINK_NOISE: BedSound.PINK,
    CommandId.WHITE_NOISE: BedSound.WHITE,
    CommandId.FAN_SOUND: BedSound.FAN,
    CommandId.RAIN_SOUND: BedSound.RAIN,
}
"""The commands that choose a sound for the bed."""

SETS_THE_SLEEP_TIMER = frozenset({
    CommandId.SLEEP_TIMER, CommandId.SLEEP_END_OF_TIP, CommandId.SLEEP_END_OF_SECTION,
    CommandId.SLEEP_AFTER_SECTIONS, CommandId.EXTEND_SLEEP_TIMER, CommandId.CANCEL_SLEEP_TIMER, CommandId.QUIT,
})
"""Commands that decide the sleep timer themselves: in its window they do not first start it again."""
ONLY_AWAKE = frozenset({CommandId.TOGGLE_PAUSE, CommandId.RESUME})
"""In the window, while reading, these only say the listener is awake ("keep going", the
play/pause button): the timer starts again and the reading goes on, unpaused."""
WARNING_VOLUME = 0.6
"""The warning's word is said at this share of the voice's volume: quiet, for a sleeper."""
NIGHT_PAUSE_SECONDS = 3 * 3600.0
"""A pause at least this long is a night's sleep: "go on" starts the tip (or step) again."""
DEFAULT_BACK_SECONDS = 30
"""How far a bare "rewind" goes back, in seconds of speech."""


class PlayerState(StrEnum):
    """What a player is doing."""

    READING = "reading"
    WAITING = "waiting"  # a tip has ended; waiting for the listener to move on
    PAUSED = "paused"
    STOPPED = "stopped"
    FINISHED = "finished"  # the end of the content has been reached
    QUITTING = "quitting"  # saying goodbye
    QUIT = "quit"


class ReaderCore:
    """The shared half of a player; subclasses say how to inform, refuse and where they are."""

    def __init__(
        self,
        speaker: Speaker,
        emit: EventCallback,
        *,
        voice: Voice,
        earcon_volume: float,
        fade: FadeSchedule | None,
        sleep_fade_seconds: float,
        sleep_default_seconds: float = 20 * 60,
        bed: SoundBed | None = None,
        sleep_warning_seconds: float = 60.0,
        bookmarks: Sequence[Place] = (),
        resume: ResumeOffer | None = None,
    ) -> None:
        """`bookmarks` are the document's, in the order they were made; `resume` is where the
        last night stopped, when it ended asleep (the player starts at `resume.start`)."""
        self._speaker = speaker
        self._bed = bed  # the sound bed under the voice, if the session has one
        self._emit_event = emit
        self._voice = voice
        self._earcon_volume = earcon_volume
        self._fade = fade if fade is not None else FadeSchedule()
        self._sleep = SleepControl(self._fade, SleepSettings(sleep_fade_seconds, sleep_default_seconds, sleep_warning_seconds))
        """The sleep timer; a bare "sleep" runs for the config's sleep_default."""
        self._pending_warning: list[Sound] = []  # the sleep timer's warning, said at the next gap
        self._start_notes: list[str] = []  # said after the opening words (an automatic sleep timer)
        self._bookmarks = Bookmarks(bookmarks)
        self._resume_offer = resume
        self._paused_at: float | None = None  # when a pause (or stop) began
        self._quit_after_sentence = False  # the sleep timer ran out mid-sentence
        self._state = PlayerState.STOPPED
        self._queue: deque[Sound] = deque()
        self._playing: Sound | None = None
        self._ids = SOUND_IDS  # shared: sounds of readers switched in one session never share an id
        self._now = 0.0
        self._break_wanted = False  # a typed line waits: stop at the next natural point
        self._held = False  # stopped at a natural point for that line; go on after it
        self._handlers: dict[CommandId, Handler] = {}  # every command; subclasses fill it

    def shared_handlers(self) -> dict[CommandId, Handler]:
        """Handlers for the commands both players obey the same way."""
        return {
            CommandId.SLOWER: lambda c: self._adjust(tuning.slower, phrases.SLOWER, phrases.SLOWEST),
            CommandId.FASTER: lambda c: self._adjust(tuning.faster, phrases.FASTER, phrases.FASTEST),
            CommandId.LOUDER: lambda c: self._adjust(tuning.louder, phrases.LOUDER, phrases.LOUDEST),
            CommandId.QUIETER: lambda c: self._adjust(tuning.quieter, phrases.QUIETER, phrases.QUIETEST),
            CommandId.SLEEP_TIMER: self._set_sleep_timer_command,
            CommandId.SLEEP_END_OF_TIP: lambda c: self._sleep_at_end_command(c, SleepUnit.TIP),
            CommandId.SLEEP_END_OF_SECTION: lambda c: self._sleep_at_end_command(c, SleepUnit.SECTION),
            CommandId.SLEEP_AFTER_SECTIONS: lambda c: self._sleep_at_end_command(c, SleepUnit.SECTION),
            CommandId.EXTEND_SLEEP_TIMER: self._extend_sleep_timer_command,
            CommandId.CANCEL_SLEEP_TIMER: self._cancel_sleep_timer,
            CommandId.TIME_LEFT: self._time_left,
            CommandId.BOOKMARK: self._bookmark,
            CommandId.GOTO_BOOKMARK: self._goto_bookmark,
            CommandId.LIST_BOOKMARKS: self._list_bookmarks,
            CommandId.CONTINUE_WHERE_STOPPED: self._continue_where_stopped,
            CommandId.RELAX: lambda c: self._inform([phrases.NOT_IN_THIS_SESSION]),
            CommandId.GUIDE: lambda c: self._inform([phrases.NOT_IN_THIS_SESSION]),
            CommandId.NOISE_LOUDER: lambda c: self._bed_command(self._noise_louder),
            CommandId.NOISE_QUIETER: lambda c: self._bed_command(self._noise_quieter),
            CommandId.NOISE_ON: lambda c: self._bed_command(self._noise_on),
            CommandId.NOISE_OFF: lambda c: self._bed_command(self._noise_off),
            CommandId.NEXT_SOUND: lambda c: self._bed_command(self._next_sound),
            **{command: self._choose_sound(sound) for command, sound in SOUND_OF.items()},
        }

    def bed_help(self) -> list[str]:
        """The help line for the sound bed, as it is now (none without a bed)."""
        return [] if self._bed is None else [phrases.noise_help(self._bed.playing)]

    def help_lines(self, always: list[str]) -> list[str]:
        """What "help" says now: `always`, the sleep timer's, the bookmarks', the way back to where
        the last night stopped (while that is offered), and the sound bed's."""
        return phrases.help_now(
            always, unit=self._tip_word, sleep_running=self._sleep.running, bookmarks=len(self._bookmarks),
            can_continue=self._resume_offer is not None,
        ) + self.bed_help()

    # ----------------------------------------------------------------- what the session sees

    @property
    def state(self) -> PlayerState:
        """What the player is doing now."""
        return self._state

    @property
    def voice(self) -> Voice:
        """The voice (rate, volume) after the listener's adjustments."""
        return self._voice

    @property
    def has_quit(self) -> bool:
        """The player said goodbye (or the sleep timer ended the night) and the session may end."""
        return self._state is PlayerState.QUIT

    @property
    def is_leaving(self) -> bool:
        """The goodbye is being said, or the player has quit: nothing more is taken or answered."""
        return self._state in (PlayerState.QUITTING, PlayerState.QUIT)

    @property
    def fade(self) -> FadeSchedule:
        """The master volume over time that speakers apply (the sleep timer's fade)."""
        return self._fade

    @property
    def sleep_timer(self) -> SleepTimer | None:
        """The running sleep timer by time, if any."""
        return self._sleep.timer

    @property
    def sleep_at_end(self) -> SleepAtEnd | None:
        """The running sleep timer at the end of tips or sections, if any."""
        return self._sleep.at_end

    @property
    def sleep_length_seconds(self) -> float | None:
        """The length the listener last gave the timer by time (what a sign of them starts it
        again for), or None."""
        return None if self._sleep.length_minutes == 0 else self._sleep.length_minutes * 60.0

    def set_sleep_timer(
        self, seconds: float, now: float, *, announce: bool = False, length_seconds: float | None = None
    ) -> None:
        """Fade out and stop `seconds` from `now` (the --sleep option, or the config's automatic
        timer); said after the opening words only if `announce` (the listener did not set it).
        `length_seconds` is its length when it goes on from another reader (else `seconds`)."""
        self._now = now
        self._sleep.set_for(seconds, now)
        if length_seconds is not None:
            self._sleep.set_length(length_seconds)
        self._emit(SleepTimerChanged(now, SleepTimerAction.SET, minutes=seconds / 60.0))
        if announce:
            self._start_notes.append(phrases.sleep_set(max(1, round(seconds / 60))))

    def in_sleep_window(self, now: float) -> bool:
        """Whether a sign of the listener now starts the sleep timer again (from its warning, or
        its fade, to its end)."""
        return self._sleep.in_window(now)

    def extend_sleep_timer(self, now: float) -> bool:
        """A sign that the listener is awake which is not a command: for the media-button helper
        (issue 15), a button pressed while the sleep timer warns. Call it on the session's thread
        (from the loop, as for any event), before obeying the button.

        In the timer's window (from its warning, or its fade, to its end) the timer starts again
        at its last length, that is said, and True is returned: the press is used up. Otherwise
        nothing changes and False is returned: obey the button as usual.
        """
        self._now = now
        if self.is_leaving or not self._sleep.in_window(now):
            return False
        self._inform([self._restart_sleep_timer()], kind=SpeechKind.CONFIRMATION)
        return True

    def wait_at_next_break(self) -> None:
        """A typed line is waiting to be obeyed: at the next natural point (the end of the tip,
        or of the script's sentence, pause, chime or breath phase under way) wait for it instead
        of going on. The next command, whatever its source, releases the wait."""
        self._break_wanted = True

    def handle(self, command: Command, now: float) -> None:
        """Obey one command from keys, stdin or speech."""
        self._now = now
        self._break_wanted = False
        if self.is_leaving:
            return
        logger.debug("command %s in state %s", command, self._state)
        if self._sleep.in_window(now) and command.id not in SETS_THE_SLEEP_TIMER:
            self._obey_in_window(command)
        else:
            self._handlers[command.id](command)
        self._emit(CommandDone(now, command))

    def _obey_in_window(self, command: Command) -> None:
        """A command while the sleep timer warns: it shows the listener is awake, so the timer
        starts again first; then the command is obeyed, and the new length said after its words."""
        more = self._restart_sleep_timer()
        if command.id in ONLY_AWAKE and self._state is PlayerState.READING:
            self._inform([more], kind=SpeechKind.CONFIRMATION)
            return
        self._handlers[command.id](command)
        self._queue.append(Speech(next(self._ids), more, SpeechKind.CONFIRMATION, self._voice))
        self._pump()

    # ----------------------------------------------------------------- for subclasses to provide

    def _inform(self, sentences: list[str], kind: SpeechKind = SpeechKind.INFO) -> None:
        """Say `sentences`, then carry on as before."""
        raise NotImplementedError

    @property
    def position(self) -> Position:
        """The current place (0-based), as saved between nights."""
        raise NotImplementedError

    def _finish_quietly(self) -> None:
        """End the night after the sleep timer, keeping the place."""
        raise NotImplementedError

    def _pump(self) -> None:
        """Play the next sound (queued, or the content's), if nothing sounds."""
        raise NotImplementedError

    _tip_word = "tip"
    """What a tip is called in this player's words ("step" in a relaxation script)."""

    def _current_place(self) -> Place:
        """Where the reading is, to the sentence (what a bookmark marks)."""
        raise NotImplementedError

    def _go_to_place(self, place: Place, words: list[str]) -> None:
        """Go to `place` (clamped into the content), say `words`, and read on from there."""
        raise NotImplementedError

    def _describe(self, place: Place) -> str:
        """`place` in a few words, for the list of bookmarks ("section 2, Legs, tip 1, Stretch")."""
        raise NotImplementedError

    def _seconds_to_end(self, at_end: SleepAtEnd) -> float:
        """About how long the reading takes to reach the end that ends `at_end`."""
        raise NotImplementedError
    def _upcoming(self) -> tuple[str, Voice] | None:
        """The words (and voice) most likely to be said after the sound just started, if known."""
        return None

    # ----------------------------------------------------------------- the shared head of pumping

    def _take_break(self) -> bool:
        """At a natural point: True (and held) if a typed line is waiting for one."""
        if not self._break_wanted:
            return False
        self._break_wanted = False
        self._held = True
        return True

    def _sounded_queued(self) -> bool:
        """Do what comes before the content: wait for a sound, play a queued one, end a quitting
        or sleeping session. True when that was all there was to do."""
        if self._playing is not None:
            return True
        if self._pending_warning:
            self._queue.extendleft(reversed(self._pending_warning))  # before anything else
            self._pending_warning = []
        if self._queue:
            self._play(self._queue.popleft())
            return True
        if self._quit_after_sentence:
            self._finish_quietly()
            return True
        if self._state is PlayerState.QUITTING:
            self._set_state(PlayerState.QUIT)
            self._emit(Quit(self._now, self.position))
            return True
        return False

    # ----------------------------------------------------------------- shared commands

    def _refuse(self, command: Command, reason: str) -> None:
        self._emit(CommandRefused(self._now, str(command), reason))
        self._inform([reason])

    def _adjust(self, step: Callable[[Voice], tuning.Adjustment], done: str, at_limit: str) -> None:
        adjustment = step(self._voice)
        self._voice = adjustment.voice
        self._emit(VoiceChanged(self._now, self._voice.rate, self._voice.volume))
        self._inform([at_limit if adjustment.at_limit else done], kind=SpeechKind.CONFIRMATION)

    def _set_sleep_timer_command(self, command: Command) -> None:
        minutes = command.args.get("minutes", max(1, round(self._sleep.settings.default_s / 60)))
        if minutes <= 0:
            self._refuse(command, phrases.SLEEP_NEEDS_MINUTES)
            return
        self._sleep.set_for(minutes * 60.0, self._now)
        self._emit(SleepTimerChanged(self._now, SleepTimerAction.SET, minutes=minutes))
        self._inform([phrases.sleep_set(minutes)], kind=SpeechKind.CONFIRMATION)

    def _sleep_at_end_command(self, command: Command, unit: SleepUnit) -> None:
        """At the end of this tip (step) or section; "after N sections"; said (or pressed) again,
        one end later."""
        number = command.args.get("number")
        running = self._sleep.at_end
        if number is not None and number <= 0:
            self._refuse(command, phrases.SLEEP_NEEDS_SECTIONS)
            return
        if number is not None:
            at_end = SleepAtEnd(unit, number, number)
        elif running is not None and running.unit is unit:
            at_end = running.one_more()
        else:
            at_end = SleepAtEnd(unit)
        self._sleep.set_at_end(at_end, self._now)
        self._emit(SleepTimerChanged(self._now, SleepTimerAction.SET, unit=unit, count=at_end.left))
        self._inform([phrases.sleep_at_end_set(unit, at_end.left, self._tip_word)], kind=SpeechKind.CONFIRMATION)

    def _extend_sleep_timer_command(self, command: Command) -> None:
        """ "N more minutes": the reading goes on N minutes longer than it would have (with no
        timer, a timer for N minutes); bare ("more time"): the timer again at its last length."""
        minutes = command.args.get("minutes")
        if minutes is None:
            if not self._sleep.running:
                self._inform([phrases.NO_SLEEP_TIMER])
                return
            self._inform([self._restart_sleep_timer()], kind=SpeechKind.CONFIRMATION)
            return
        if minutes <= 0:
            self._refuse(command, phrases.SLEEP_NEEDS_MINUTES)
            return
        seconds = self._sleep_seconds_left() + minutes * 60.0
        self._pending_warning = []
        self._sleep.set_for(seconds, self._now, as_length=False)
        self._emit(SleepTimerChanged(self._now, SleepTimerAction.EXTENDED, minutes=seconds / 60.0))
        self._inform([phrases.sleep_more(seconds / 60.0)], kind=SpeechKind.CONFIRMATION)

    def _restart_sleep_timer(self) -> str:
        """Start the running timer again at its last length; what to say about it."""
        self._pending_warning = []
        self._sleep.restart(self._now)
        at_end = self._sleep.at_end
        if at_end is not None:
            self._emit(SleepTimerChanged(self._now, SleepTimerAction.EXTENDED, unit=at_end.unit, count=at_end.left))
            return phrases.sleep_more_ends(at_end.unit, at_end.count, self._tip_word)
        minutes = self._sleep.length_minutes
        self._emit(SleepTimerChanged(self._now, SleepTimerAction.EXTENDED, minutes=minutes))
        return phrases.sleep_more(minutes)

    def _sleep_seconds_left(self) -> float:
        """About how long the running timer has left (0 with none)."""
        if self._sleep.timer is not None:
            return self._sleep.seconds_left(self._now)
        if self._sleep.at_end is not None:
            return self._seconds_to_end(self._sleep.at_end)
        return 0.0

    def _cancel_sleep_timer(self, command: Command) -> None:
        self._pending_warning = []
        if not self._sleep.cancel(self._now):
            self._inform([phrases.NO_SLEEP_TIMER])
            return
        self._emit(SleepTimerChanged(self._now, SleepTimerAction.CANCELLED))
        self._inform([phrases.SLEEP_CANCELLED], kind=SpeechKind.CONFIRMATION)

    def _time_left(self, command: Command) -> None:
        self._inform([self._sleep_time_left() or phrases.NO_SLEEP_TIMER])

    def _sleep_time_left(self) -> str | None:
        """How long the sleep timer has left, in words; None with no timer."""
        at_end = self._sleep.at_end
        if at_end is not None:
            return phrases.time_left_at_end(at_end.unit, at_end.left, self._seconds_to_end(at_end), self._tip_word)
        if self._sleep.timer is not None:
            return phrases.time_left(self._sleep.seconds_left(self._now))
        return None

    # ----------------------------------------------------------------- the sleep timer's warning and end

    def _sleep_tick(self) -> bool:
        """At a deadline: give the warning if it is due; True when the timer's end has come."""
        if self._sleep.warning_due(self._now):
            self._warn()
        return self._sleep.is_over(self._now)

    def _warn_before_end(self) -> None:
        """At a natural point: the at-end timer's warning, once it is close enough to its end."""
        at_end = self._sleep.at_end
        if at_end is not None and self._sleep.warning_due_at_end(self._seconds_to_end(at_end)):
            self._warn()

    def _warn(self) -> None:
        """The soft tone and one quiet word, at once if nothing sounds, else at the next gap."""
        self._sleep.mark_warned()
        self._emit(SleepTimerChanged(self._now, SleepTimerAction.WARNED))
        quiet = replace(self._voice, volume=max(tuning.MIN_VOLUME, round(self._voice.volume * WARNING_VOLUME, 3)))
        self._pending_warning = [
            self._earcon(EarconName.SLEEP_WARNING),
            Speech(next(self._ids), phrases.SLEEP_WARNING, SpeechKind.INFO, quiet),
        ]
        if self._playing is None:
            self._pump()

    def _end_reached(self, section_ended: bool) -> bool:
        """The reading reached the end of a tip or step (and of its section, if `section_ended`):
        True, with the session ended quietly, when that was the at-end timer's end."""
        unit = SleepUnit.SECTION if section_ended else SleepUnit.TIP
        if not self._sleep.end_reached(unit, section_ended):
            return False
        self._pending_warning = []
        self._emit(SleepTimerChanged(self._now, SleepTimerAction.ENDED))
        self._sleep.fade_out_now(self._now)  # the sound bed fades out as after a timed end
        self._finish_quietly()
        return True

    # ----------------------------------------------------------------- bookmarks and the last night

    def _bookmark(self, command: Command) -> None:
        place = self._current_place()
        number = self._bookmarks.number_of(place)
        if number is not None:
            self._inform([phrases.already_bookmarked(number)])
            return
        number = self._bookmarks.add(place)
        if number is None:
            self._refuse(command, phrases.TOO_MANY_BOOKMARKS)
            return
        self._emit(BookmarkAdded(self._now, place))
        self._inform([phrases.bookmark_number(number)], kind=SpeechKind.CONFIRMATION)

    def _goto_bookmark(self, command: Command) -> None:
        if not self._bookmarks:
            self._inform([phrases.NO_BOOKMARKS])
            return
        number = command.args.get("number")
        if number is None:
            place = self._bookmarks.latest
            number = None if place is None else self._bookmarks.number_of(place)
        else:
            place = self._bookmarks.get(number)
        if place is None or number is None:
            self._refuse(command, phrases.no_such_bookmark(command.args.get("number", 0), len(self._bookmarks)))
            return
        self._go_to_place(place, [phrases.bookmark_number(number)])

    def _list_bookmarks(self, command: Command) -> None:
        if not self._bookmarks:
            self._inform([phrases.NO_BOOKMARKS])
            return
        self._inform(phrases.bookmark_list([self._describe(place) for place in self._bookmarks.numbered()]))

    def _continue_where_stopped(self, command: Command) -> None:
        offer = self._resume_offer
        if offer is None or self._current_place() == offer.stopped:
            self._inform([phrases.NO_PLACE_TO_CONTINUE])
            return
        self._go_to_place(offer.stopped, [phrases.FROM_WHERE_IT_STOPPED])

    def _paused_for_a_night(self) -> bool:
        """Whether the pause (or stop) being ended lasted a night's sleep."""
        paused_at, self._paused_at = self._paused_at, None
        return paused_at is not None and self._now - paused_at >= NIGHT_PAUSE_SECONDS

    # ----------------------------------------------------------------- the sound bed

    def _bed_command(self, action: Callable[[SoundBed], str]) -> None:
        """Change the bed with `action` (which returns what to say), confirm it, report it."""
        bed = self._bed
        if bed is None:
            self._inform([phrases.NO_SOUND_BED])
            return
        answer = action(bed)
        self._emit(SoundBedChanged(self._now, bed.sound, bed.level, bed.playing))
        self._inform([answer], kind=SpeechKind.CONFIRMATION)

    def _noise_louder(self, bed: SoundBed) -> str:
        if not bed.playing:
            return phrases.NOISE_IS_OFF
        return phrases.NOISE_LOUDER if bed.louder(self._now) else phrases.NOISE_LOUDEST

    def _noise_quieter(self, bed: SoundBed) -> str:
        if not bed.playing:
            return phrases.NOISE_IS_OFF
        return phrases.NOISE_QUIETER if bed.quieter(self._now) else phrases.NOISE_QUIETEST

    def _noise_on(self, bed: SoundBed) -> str:
        if bed.playing:
            return phrases.noise_already_on(bed.sound)
        bed.turn_on(self._now)
        return phrases.noise_on(bed.sound)

    def _noise_off(self, bed: SoundBed) -> str:
        if not bed.playing:
            return phrases.NOISE_IS_OFF
        bed.turn_off(self._now)
        return phrases.NOISE_OFF

    def _next_sound(self, bed: SoundBed) -> str:
        was_playing = bed.playing
        sound = bed.next_sound(self._now)
        return phrases.noise_sound(sound) if was_playing else phrases.noise_on(sound)

    def _choose_sound(self, sound: BedSound) -> Handler:
        def choose(bed: SoundBed) -> str:
            bed.choose(sound, self._now)
            return phrases.noise_sound(sound)

        return lambda command: self._bed_command(choose)

    # ----------------------------------------------------------------- sounds and events

    def _play(self, sound: Sound) -> None:
        self._silence()
        self._playing = sound
        if isinstance(sound, Speech):
            self._emit(Speaking(self._now, sound.id, sound.text, sound.kind))
        else:
            self._emit(EarconPlayed(self._now, sound.id, sound.name))
        self._speaker.play(sound)
        upcoming = self._upcoming()
        if upcoming is not None:
            # Synthesised while this sound plays, so the next sentence follows without a gap
            # even with a voice that takes a noticeable time to synthesise (Piper).
            self._speaker.prefetch(*upcoming)

    def _queued_speech(self) -> Speech | None:
        """The first sentence waiting in the queue, if any."""
        return next((sound for sound in self._queue if isinstance(sound, Speech)), None)

    def _silence(self) -> None:
        if self._playing is not None:
            self._speaker.stop()
            self._playing = None

    def _earcon(self, name: EarconName) -> Earcon:
        return Earcon(next(self._ids), name, self._earcon_volume)

    def _set_state(self, state: PlayerState) -> None:
        if state is not self._state:
            halted = (PlayerState.PAUSED, PlayerState.STOPPED)
            if state in halted and self._state not in halted:
                self._paused_at = self._now
            self._state = state
            self._emit(StateChanged(self._now, str(state)))

    def _emit(self, event: PlayerEvent) -> None:
        if self._bed is not None:
            self._bed.on_player_event(event)  # the bed follows the reading: its end, goodbye
        self._emit_event(event)
