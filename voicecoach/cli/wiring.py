"""Building the adapters a session needs from the command line's settings; no reading logic here."""

from __future__ import annotations

import argparse
import functools
import dataclasses
import math
import sys
import threading
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from voicecoach.adapters.live_loop import LiveLoop
from voicecoach.adapters.typed_input import KEY_HELP, KeyReader, read_typed_lines, start_line_reader
from voicecoach.bed.settings import LEVEL_RANGE, BedSettings, BedSound
from voicecoach.chapters import ChapterFollower, Where
from voicecoach.config.model import Config
from voicecoach.errors import VoicecoachError
from voicecoach.fade import FadeSchedule
from voicecoach.events import EarconPlayed, PlayerEvent, Speaking
from voicecoach.ports import EventLoop, Notice, Position, Speaker
from voicecoach.durations import parse_timer_length
from voicecoach.session import Reader, Session
from voicecoach.sleep_control import PRESS_IN_WINDOW, window_change
from voicecoach.sounds import Voice
from voicecoach.storage.state import Settings
from voicecoach.storage.store import JsonStateStore
from voicecoach.virtual_loop import VirtualLoop

if TYPE_CHECKING:
    from voicecoach.language.grammar import Grammar
    from voicecoach.reader_core import ReaderCore as SleepTimed
    from voicecoach.adapters.listener import ClipRecognizer, VoiceListener
    from voicecoach.adapters.mpris import MediaButtons
    from voicecoach.adapters.voices import SpeechVoices
    from voicecoach.now_playing import Contents
    from voicecoach.bed.schedule import SoundBed


@dataclass(frozen=True)
class OutputSettings:
    """Where sound goes and how it sounds."""

    output: Path | None
    """Write the session to this WAV file in virtual time instead of playing it."""
    voice: Voice
    """Starting rate (words per minute), volume (0..1) and espeak voice name."""
    sleep_after: float | None
    """Seconds until the sleep timer fades the session out, or None."""
    use_stdin: bool
    """Take typed commands from standard input."""
    audio_format: str = "wav"
    """The kind of file `output` is: one of `adapters.wavfile.writable_formats()` (wav, flac, ogg, mp3)."""
    listen: bool | None = None
    """Voice commands from the microphone: True insists, False never, None when one can be opened."""
    config: Config = field(default_factory=Config)
    """The user's config: extra command phrasings, recogniser choice, earcon volume."""
    say_problems: bool = True
    """Speak problems found while starting (a Piper voice missing) as well as printing them;
    `render` only prints them, so they stay out of the file it writes."""
    bed: BedSettings | None = None
    """The sound bed; None takes the config's (`sound_bed`)."""


VOICE_HELP = "an espeak-ng voice (en-gb, en-us) or a Piper voice (piper:joe); see `voicecoach voices`"


def add_output_arguments(parser: argparse.ArgumentParser) -> None:
    """The options shared by `read` and `relax`."""
    parser.add_argument("--stdin", action="store_true", help="take commands as lines on standard input")
    parser.add_argument("-o", "--output", type=Path, help="write the session to an audio file (.wav, .flac, .ogg, .mp3) instead of playing it")
    parser.add_argument("--rate", type=int, default=None, help="speech rate in words per minute (80-260)")
    parser.add_argument("--volume", type=float, default=None, help="speech volume from 0.1 to 1")
    parser.add_argument("--voice", default=None, help=VOICE_HELP)
    parser.add_argument("--sleep", default=None, metavar="DURATION", help="fade out and stop after e.g. 20m")
    parser.add_argument("--state-dir", type=Path, default=None, help="where positions are kept")
    parser.add_argument("--config", type=Path, default=None, help="config file, which must exist (default: ~/.config/voicecoach/config.yaml, if there is one)")
    parser.add_argument(
        "--listen", action=argparse.BooleanOptionalAction, default=None,
        help="obey spoken commands (default: when a microphone can be opened; never with --output)",
    )
    add_noise_arguments(parser)


NOISE_CHOICES = (*(sound.value for sound in BedSound), "off")


def add_noise_arguments(parser: argparse.ArgumentParser) -> None:
    """The sound bed's options (read, relax, render)."""
    parser.add_argument("--noise", choices=NOISE_CHOICES, default=None,
                        help="play a sound bed under the voice: brown, pink, white, fan, rain, or off")
    parser.add_argument("--noise-level", type=float, default=None, metavar="LEVEL",
                        help="the sound bed's level, 0.05 to 1 (default 0.3)")
    parser.add_argument("--noise-after", default=None, metavar="DURATION",
                        help="how long the sound bed goes on after the reading ends, e.g. 10m (default 30m)")


def bed_settings(args: argparse.Namespace, base: BedSettings) -> BedSettings:
    """`base` (the config's sound bed) with the --noise options applied."""
    changes: dict[str, object] = {}
    noise = getattr(args, "noise", None)
    if noise == "off":
        changes["play"] = False
    elif noise is not None:
        changes.update(play=True, sound=BedSound(noise))
    level = getattr(args, "noise_level", None)
    if level is not None:
        low, high = LEVEL_RANGE
        if not (math.isfinite(level) and low <= level <= high):
            raise VoicecoachError(f"--noise-level {level} is out of range; use {low} to {high}")
        changes["level"] = level
    after = getattr(args, "noise_after", None)
    if after is not None:
        try:
            seconds = parse_timer_length(after)
        except ValueError as err:
            raise VoicecoachError(f"--noise-after {after!r} is not a duration; write it like 10m or 0m") from err
        if seconds > 12 * 3600:
            raise VoicecoachError(f"--noise-after {after!r} is too long; use at most 12h")
        changes["after_end_s"] = float(seconds)
    return dataclasses.replace(base, **changes) if changes else base


def output_settings(args: argparse.Namespace, default_voice: Voice, config: Config | None = None) -> OutputSettings:
    """Turn the parsed shared options into settings, validating ranges with plain messages."""
    voice = Voice(
        rate=args.rate if args.rate is not None else default_voice.rate,
        volume=args.volume if args.volume is not None else default_voice.volume,
        name=args.voice if args.voice is not None else default_voice.name,
    )
    if not 80 <= voice.rate <= 260:
        raise VoicecoachError(f"--rate {voice.rate} is out of range; use 80 to 260 words per minute")
    if not 0.1 <= voice.volume <= 1.0:
        raise VoicecoachError(f"--volume {voice.volume} is out of range; use 0.1 to 1")
    sleep_after = sleep_seconds(args.sleep) if args.sleep else None
    audio_format = "wav"
    if args.output is not None:
        from voicecoach.adapters.wavfile import format_for  # soundfile only when writing a file

        audio_format = format_for(args.output)  # a kind we cannot write is refused now, not after the session
    config = config or Config()
    return OutputSettings(
        args.output, voice, sleep_after, args.stdin, audio_format=audio_format, listen=getattr(args, "listen", None),
        config=config, bed=bed_settings(args, config.sound_bed),
    )


def sleep_seconds(text: str) -> float:
    """Seconds for a --sleep value: "20m", "90s", "1h", or a bare number of minutes."""
    try:
        seconds = parse_timer_length(text)
    except ValueError as err:
        raise VoicecoachError(f"--sleep {text!r} is not a duration; write it like 20m or 45s") from err
    if seconds <= 0:
        raise VoicecoachError(f"--sleep {text!r} must be longer than zero; write it like 20m")
    return float(seconds)


OutletFactory = Callable[[OutputSettings, ExitStack], "Outlet"]
"""Opens the devices of a session: `Outlet` itself, or a stand-in in tests (tests/test_sessions_stateful.py)."""

LISTENER_START_DELAY = 0.3
"""Seconds after the first sound starts before the listener builds its recogniser."""
BED_SEED = 0
"""The sound bed's noise is the same every night (nobody can tell), so rendered files are exact."""


class Outlet:
    """The speaker, loop and input sources of one session, closed together."""

    def __init__(self, settings: OutputSettings, stack: ExitStack) -> None:
        from voicecoach.bed.render import BedRenderer
        from voicecoach.bed.schedule import SoundBed

        self.settings = settings
        self.fade = FadeSchedule()
        self.loop: EventLoop = VirtualLoop() if settings.output is not None else LiveLoop()
        self.synthesizer = stack.enter_context(speech_voices(settings.config, self._voice_problem))
        self.synthesizer.resolve_voice(settings.voice.name)
        self.speaker: Speaker
        self.timeline = None
        self.bed: SoundBed | None = None
        """The sound bed under the voice; None where it cannot play (players then leave it out of help)."""
        bed_choice = settings.bed if settings.bed is not None else settings.config.sound_bed
        if settings.output is not None:
            from voicecoach.adapters.timeline_speaker import TimelineSpeaker

            self.bed = SoundBed(bed_choice, start=self.loop.now())
            renderer = BedRenderer(self.bed, seed=BED_SEED)
            self.timeline = TimelineSpeaker(self.synthesizer, self.loop, gain_at=self.fade.gain_at, bed=renderer)
            self.speaker = self.timeline
        else:
            from voicecoach.adapters.live_speaker import LiveSpeaker
            from voicecoach.adapters.playback import open_default_output

            clip_player = open_default_output()
            stack.callback(clip_player.close)
            live_loop = self.loop
            self.listener = start_listener(settings.listen, live_loop, stack, settings.config)
            post = live_loop.post if self.listener is None else self.listener.tap(live_loop.post)
            self.speaker = LiveSpeaker(
                self.synthesizer, clip_player, post, gain_at=self.fade.gain_at, clock=live_loop.now
            )
            self.bed = start_live_bed(bed_choice, clip_player, live_loop, self.fade, stack)
            self.media_buttons = start_media_buttons(live_loop, stack)
        self._stack = stack

    listener: "VoiceListener | None" = None
    media_buttons: "MediaButtons | None" = None
    _listener_started = False
    _chapters: ChapterFollower | None = None
    heard_until: float | None = None
    """Set by `finish`: the loop time at which the last sound (the sound bed's fade included) ended."""

    def follow_chapters(self, title: str, where: Where) -> None:
        """For a session written to a file: tag it with `title` and a chapter per section, `where`
        telling which section the session is in (called at each event)."""
        if self.settings.output is not None:
            self._chapters = ChapterFollower(title, where, self.loop.now())

    def _voice_problem(self, message: str) -> None:
        """A voice that cannot be had: spoken and printed (the session prints each notice it
        says), or only printed when just a file is being written."""
        if self.settings.say_problems:
            self.loop.post(Notice(message))
        else:
            report_problem(message)

    @property
    def listening(self) -> bool:
        """True when spoken commands are (or will be, once a microphone appears) obeyed."""
        return self.listener is not None

    def on_player_event(self, event: PlayerEvent, contents: "Contents | None" = None) -> None:
        """Pass a player's events on to the media buttons (with `contents`, what that player
        reads, for the display; and the sleep timer's window, in which a press only says the
        listener is awake) and to the listener (so it knows what is being said).

        The listener starts once the first sound is under way: building the recogniser takes
        about half a second of CPU, and the first words should not wait for it.
        """
        if self._chapters is not None:
            self._chapters.on_event(event)
        if self.media_buttons is not None:
            follow_sleep_window(self.media_buttons, event)
            if contents is not None:
                self.media_buttons.on_player_event(event, contents)
        if self.listener is None:
            return
        self.listener.on_player_event(event)
        if isinstance(event, (Speaking, EarconPlayed)) and not self._listener_started:
            self._listener_started = True
            timer = threading.Timer(LISTENER_START_DELAY, self.listener.start)
            timer.daemon = True
            timer.start()
            self._stack.callback(timer.cancel)

    @property
    def is_virtual(self) -> bool:
        """True when writing to a file in virtual time."""
        return self.timeline is not None

    def connect_inputs(self, session_factory: Callable[[bool], Session]) -> Session:
        """Wire stdin, keys and the microphone to a new session; returns it. With no input, it ends by itself."""
        if self.settings.use_stdin:
            if self.is_virtual:
                session = session_factory(False)
                session.add_lines(read_typed_lines(sys.stdin))
                return session
            session = session_factory(True)
            start_line_reader(sys.stdin, self.loop.post, interactive=sys.stdin.isatty())
            return session
        if not self.is_virtual and sys.stdin.isatty():
            print(KEY_HELP, file=sys.stderr)
            keys = KeyReader(self.loop.post)
            self._stack.callback(keys.close)
            return session_factory(True)
        return session_factory(self.listener is not None)

    def run_session(self, reader: Reader) -> Position:
        """Run a session of `reader` on these devices to its end and return the final position."""
        session = self.connect_inputs(
            lambda input_open: Session(
                reader, self.loop, input_open=input_open, on_problem=report_problem,
                language=functools.partial(typed_language, self.settings.config),
            )
        )
        session.run()
        self.finish()
        return reader.position

    def finish(self) -> None:
        """The session has ended: let the sound bed play out (its time after the reading's end,
        then its fade), into the file of a virtual session or on the speaker."""
        bed_end = self._bed_ends_at()
        self.heard_until = self.loop.now() if bed_end is None else max(self.loop.now(), bed_end)
        if self.timeline is not None and self.settings.output is not None:
            from voicecoach.adapters.wavfile import write_audio

            write_audio(self.settings.output, self.timeline.mix(until=self.heard_until), self.settings.audio_format)
            if self._chapters is not None:
                from voicecoach.adapters.audiotags import write_tags

                # The last chapter takes the sound bed's tail.
                write_tags(self.settings.output, self.settings.audio_format, self._chapters.tags(self.heard_until))
        elif bed_end is not None:
            while (left := bed_end - self.loop.now()) > 0:
                time.sleep(min(left, 1.0))

    def _bed_ends_at(self) -> float | None:
        """When the sound bed has faded out for good (its own end, or the sleep timer's)."""
        if self.bed is None:
            return None
        self.bed.session_ended(self.loop.now())
        ends = [end for end in (self.bed.silent_from(), self.fade.silent_from()) if end is not None]
        return max(self.loop.now(), min(ends)) if ends and min(ends) > -math.inf else None


def start_live_bed(
    choice: BedSettings, clip_player: object, loop: EventLoop, fade: FadeSchedule, stack: ExitStack
) -> "SoundBed | None":
    """The sound bed on its own stream beside the voice's, or None (said once) if the device has none."""
    from voicecoach.adapters.bed_output import BLOCK_FRAMES, BackgroundStreams, LiveBed
    from voicecoach.adapters.playback import continuous_output
    from voicecoach.audio import SAMPLE_RATE
    from voicecoach.bed.render import BedRenderer
    from voicecoach.bed.schedule import SoundBed

    try:
        sink = continuous_output(clip_player, SAMPLE_RATE, BLOCK_FRAMES)  # type: ignore[arg-type]
    except VoicecoachError as error:
        message = f"{error}; the voice goes on without a sound bed."
        report_problem(message)
        loop.post(Notice(message))
        return None
    bed = SoundBed(choice, start=loop.now())
    renderer = BedRenderer(bed, seed=BED_SEED, streams=BackgroundStreams(BED_SEED, SAMPLE_RATE))
    live = LiveBed(renderer, sink, loop.now, master_gain=fade.gain_at, report=notice_poster(loop))
    stack.callback(live.close)
    return bed


def start_media_buttons(loop: EventLoop, stack: ExitStack) -> "MediaButtons":
    """voicecoach on the session bus (MPRIS), so a headset's buttons and the media keys reach
    it; connects in the background, and with no bus logs one line and does nothing."""
    from voicecoach.adapters.mpris import MediaButtons

    buttons = MediaButtons(loop.post, loop.now)
    buttons.start()
    stack.callback(buttons.close)
    return buttons


def follow_sleep_window(buttons: "MediaButtons", event: PlayerEvent) -> None:
    """While the sleep timer warns, every button press only says the listener is awake
    (`PRESS_IN_WINDOW`: the timer starts again, nothing pauses or skips); after, each button is
    itself again. Called with each of the player's events, on the session's thread."""
    opened = window_change(event)
    if opened is not None:
        buttons.divert_presses(PRESS_IN_WINDOW if opened else None)


def speech_voices(config: Config, report: Callable[[str], None]) -> "SpeechVoices":
    """The synthesiser of a session: espeak-ng, and the Piper voices found (see `voicecoach voices`)."""
    from voicecoach.adapters.piper_voices import find_piper_voices
    from voicecoach.adapters.tts import Pyttsx3Synthesizer
    from voicecoach.adapters.voices import SpeechVoices

    return SpeechVoices(Pyttsx3Synthesizer(), lambda: find_piper_voices(config.voice_folders), report)


def start_listener(listen: bool | None, loop: EventLoop, stack: ExitStack, config: Config) -> "VoiceListener | None":
    """A voice listener for a live session, or None (--no-listen, or no microphone and not --listen)."""
    if listen is False:
        return None
    from voicecoach.adapters.listener import ListenerSettings, VoiceListener, first_source

    opener = first_source(insist=bool(listen), report=report_problem)
    if opener is None:
        return None
    if config.recognizer.online_opt_in:
        report_problem(ONLINE_NOT_AVAILABLE)
        loop.post(Notice(ONLINE_NOT_AVAILABLE))
    if config.recognizer.wake_word:
        loop.post(Notice(wake_word_reminder(config.recognizer.wake_word)))
    listener = VoiceListener(
        loop.post, loop.now, recognizer_factory(config, loop.post), open_source=opener,
        settings=ListenerSettings(say_missing_at_start=bool(listen)), report=report_problem,
    )
    stack.callback(listener.close)
    return listener


ONLINE_NOT_AVAILABLE = (
    "Your settings allow online speech recognition, but voicecoach only listens on this computer. "
    "Nothing is sent anywhere."
)


def wake_word_reminder(wake_word: str) -> str:
    """Said once as listening starts: with a wake word, a bare command is not obeyed. ("help"
    needs it too, so help itself need not repeat it: whoever can ask for help knows it.)"""
    return f"Start each spoken command with {wake_word}, for example: {wake_word}, next."


@functools.lru_cache(maxsize=4)
def _language_with(extra: tuple[tuple[str, tuple[str, ...]], ...]) -> "Grammar":
    from voicecoach.language.grammar import load_grammar

    return load_grammar({command: list(phrasings) for command, phrasings in extra})


def typed_language(config: Config) -> "Grammar":
    """The command language typed lines are read in: the built-in one plus the config's extra
    phrasings (typed lines need no wake word)."""
    return _language_with(tuple((command.value, tuple(phrasings)) for command, phrasings in config.commands.items()))


def recognizer_factory(config: Config, post: Callable[[Notice], None]) -> "Callable[[], ClipRecognizer]":
    """Builds the recogniser the config asks for, with the config's extra phrasings; when the
    default model cannot be had, says once that a simpler recogniser listens instead."""

    def make() -> "ClipRecognizer":
        from voicecoach.adapters.recognizers.engines import FELL_BACK, configured_recognizer

        engine = configured_recognizer(config)
        if engine.fallback_reason:
            report_problem(f"{engine.fallback_reason}; listening with pocketsphinx instead")
            post(Notice(FELL_BACK))
        return engine.recognizer

    return make


def auto_sleep_seconds(config: Config, now: Callable[[], datetime] = datetime.now) -> int | None:
    """The length of the config's automatic sleep timer if a session starting `now` (local time)
    is in its hours, else None."""
    auto = config.auto_sleep
    moment = now()
    if auto is None or not auto.covers(moment.hour * 60 + moment.minute):
        return None
    return auto.length_s


def start_sleep_timer(
    reader: "SleepTimed", settings: OutputSettings, now: float, clock: Callable[[], datetime] = datetime.now
) -> None:
    """The session's sleep timer at the start (`now` on the session's loop, `clock` the local
    time of day): --sleep, else the automatic one of the night's hours (said after the opening
    words, since the listener did not ask for it), else none."""
    if settings.sleep_after is not None:
        reader.set_sleep_timer(settings.sleep_after, now)
        return
    seconds = auto_sleep_seconds(settings.config, clock)
    if seconds is not None:
        reader.set_sleep_timer(seconds, now, announce=True)


def starting_voice(config: Config, saved: Settings) -> Voice:
    """The voice to start with: what the listener last chose aloud, else the config."""
    return Voice(
        rate=saved.rate if saved.rate is not None else config.rate,
        volume=saved.volume if saved.volume is not None else config.volume,
        name=saved.voice if saved.voice is not None else config.voice,
    )


def print_spoken(event: PlayerEvent) -> None:
    """Show what is being said, for a partner who reads along or a test that checks the order."""
    if isinstance(event, Speaking):
        print(f"[{event.at:8.3f}] {event.text}", flush=True)


def report_problem(message: str) -> None:
    """Print a problem that is also spoken."""
    print(f"voicecoach: {message}", file=sys.stderr, flush=True)


def say_store_notices(store: JsonStateStore, outlet: "Outlet") -> None:
    """Print and speak what the state store had to say on opening (e.g. a corrupt file moved aside)."""
    for notice in store.notices:
        report_problem(str(notice))
        outlet.loop.post(Notice(str(notice)))


def notice_poster(loop: EventLoop) -> Callable[[str], None]:
    """A function that asks the session to speak a problem message."""
    return lambda message: loop.post(Notice(message))
