"""What the article player and the script player share: state, voice, sounds, events, sleep timer. Pure.

Both players read content their own way (tips and sentences, or a timed plan of steps); how a
command to change the voice or the sleep timer is obeyed, how a sound is started and how events
are reported is the same, and lives here.
"""

from __future__ import annotations

import logging
from collections import deque
from enum import StrEnum
from typing import Callable

from voicecoach import phrases, tuning
from voicecoach.bed.schedule import SoundBed
from voicecoach.bed.settings import BedSound
from voicecoach.commands import Command, CommandId
from voicecoach.events import (
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
from voicecoach.ports import Position, Speaker
from voicecoach.sleep_timer import SleepTimer
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
    ) -> None:
        self._speaker = speaker
        self._bed = bed  # the sound bed under the voice, if the session has one
        self._emit_event = emit
        self._voice = voice
        self._earcon_volume = earcon_volume
        self._fade = fade if fade is not None else FadeSchedule()
        self._sleep_fade_seconds = sleep_fade_seconds
        self._sleep_default_seconds = sleep_default_seconds
        """How long a sleep timer runs when none is said (a bare "sleep"): the config's sleep_default."""
        self._sleep_timer: SleepTimer | None = None
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
            CommandId.CANCEL_SLEEP_TIMER: self._cancel_sleep_timer,
            CommandId.TIME_LEFT: self._time_left,
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
        """The running sleep timer, if any."""
        return self._sleep_timer

    def set_sleep_timer(self, seconds: float, now: float) -> None:
        """Fade out and stop `seconds` from `now` (the --sleep option), without a spoken confirmation."""
        self._now = now
        self._begin_sleep_timer(seconds)
        self._emit(SleepTimerChanged(now, SleepTimerAction.SET, minutes=seconds / 60.0))

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
        self._handlers[command.id](command)
        self._emit(CommandDone(now, command))

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
        minutes = command.args.get("minutes", max(1, round(self._sleep_default_seconds / 60)))
        if minutes <= 0:
            self._refuse(command, phrases.SLEEP_NEEDS_MINUTES)
            return
        self._begin_sleep_timer(minutes * 60.0)
        self._emit(SleepTimerChanged(self._now, SleepTimerAction.SET, minutes=minutes))
        self._inform([phrases.sleep_set(minutes)], kind=SpeechKind.CONFIRMATION)

    def _cancel_sleep_timer(self, command: Command) -> None:
        if self._sleep_timer is None:
            self._inform([phrases.NO_SLEEP_TIMER])
            return
        self._sleep_timer = None
        self._fade.cancel(self._now)
        self._emit(SleepTimerChanged(self._now, SleepTimerAction.CANCELLED))
        self._inform([phrases.SLEEP_CANCELLED], kind=SpeechKind.CONFIRMATION)

    def _time_left(self, command: Command) -> None:
        if self._sleep_timer is None:
            self._inform([phrases.NO_SLEEP_TIMER])
            return
        self._inform([phrases.time_left(self._sleep_timer.remaining(self._now))])

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

    def _begin_sleep_timer(self, seconds: float) -> None:
        self._sleep_timer = SleepTimer(seconds, self._sleep_fade_seconds, start=self._now)
        self._fade.add(self._sleep_timer)

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
            self._state = state
            self._emit(StateChanged(self._now, str(state)))

    def _emit(self, event: PlayerEvent) -> None:
        if self._bed is not None:
            self._bed.on_player_event(event)  # the bed follows the reading: its end, goodbye
        self._emit_event(event)
