"""Everything the player says in its own voice, in one place, short and calm. Pure."""

from __future__ import annotations

from voicecoach.bed.settings import SPOKEN_NAMES, BedSound
from voicecoach.cursor import Cursor
from voicecoach.document import Document

NEXT = "Next."
PREVIOUS = "Back one."
AGAIN = "Again."
PAUSED = "Paused."
STOPPED = "Stopped."
RESUMING = "Going on."
ALREADY_READING = "I'm reading."
FROM_THE_START = "From the beginning."
SLOWER = "Slower."
SLOWEST = "This is the slowest I can go."
FASTER = "Faster."
FASTEST = "This is the fastest I can go."
LOUDER = "Louder."
LOUDEST = "This is the loudest I can go."
QUIETER = "Quieter."
QUIETEST = "This is the quietest I can go."
LAST_TIP = "That was the last tip. Say restart to begin again."
FIRST_TIP = "This is the first tip."
LAST_SECTION = "This is the last section."
FIRST_SECTION = "This is the first section."
AT_END = "We are at the end. Say restart to begin again."
END_OF_GUIDE = "That is the end. Say restart to hear it again, or goodbye to stop."
GOODBYE = "Goodbye. Sleep well."
ONLY_IN_BREATHING = "That works during a breathing exercise."
NO_SLEEP_TIMER = "There is no sleep timer."
SLEEP_CANCELLED = "Sleep timer off."
SLEEP_NEEDS_MINUTES = "Say how many minutes, for example, sleep in twenty minutes."
PAUSED_AFTER_FAILURES = "Sound keeps failing, so I have paused. Say resume to try again."
OFFER_RELAXATION = "Say relax at any time for a guided relaxation."
NOT_IN_THIS_SESSION = "That works when voicecoach starts without a file."
NOT_UNDERSTOOD = "Sorry, I didn't catch that. Say help to hear what you can say."
NOISE_LOUDER = "Noise louder."
NOISE_LOUDEST = "This is the loudest the noise goes."
NOISE_QUIETER = "Noise quieter."
NOISE_QUIETEST = "This is the quietest the noise goes. Say noise off to stop it."
NOISE_OFF = "Noise off."
NOISE_IS_OFF = "The noise is off. Say noise on to start it."
NO_SOUND_BED = "There is no sound bed in this session."

HELP = [
    "You can say: next, back, repeat, pause, go on, or stop.",
    "Slower, faster, louder, or quieter.",
    "Next section, previous section, go to section and a number, or go to tip and a number.",
    "Where am I, contents, restart, sleep in twenty minutes, cancel sleep timer, how long left, and goodbye.",
    "Relax, for a guided relaxation, and back to the guide.",
]


def where(cursor: Cursor) -> str:
    """Where the listener is, e.g. "Section 3 of 6, Effective strategies, Lifestyle changes, tip 2 of 4."."""
    sections = len(cursor.document.sections)
    part = cursor.part
    group = f"{part.title}, " if part.title else ""
    return (
        f"Section {cursor.section + 1} of {sections}, {cursor.current_section.title}, "
        f"{group}tip {cursor.tip_in_part + 1} of {part.size}."
    )


def section_heading(cursor: Cursor) -> str:
    """The heading said when entering a section, e.g. "Section 2: Right now, in bed."."""
    return f"Section {cursor.section + 1}: {cursor.current_section.title}."


def group_heading(cursor: Cursor) -> str | None:
    """The sub-heading said when entering a group of tips, e.g. "Lifestyle changes.", or None outside one."""
    group = cursor.current_group
    return None if group is None else f"{group.title.rstrip('.:')}."


def repeats(heading: str, title: str) -> bool:
    """Whether a heading says the same words as the title just spoken (so it need not be said again)."""
    def words(text: str) -> str:
        return "".join(ch for ch in text.casefold() if ch.isalnum())

    return bool(words(heading)) and words(heading) == words(title)


def contents(document: Document) -> list[str]:
    """The section headings, one sentence each."""
    count = len(document.sections)
    lines = [f"There {'is' if count == 1 else 'are'} {count} section{'s' if count != 1 else ''}."]
    lines += [f"{number}: {section.title}." for number, section in enumerate(document.sections, start=1)]
    return lines


def welcome_back(cursor: Cursor) -> str:
    """The offer to continue where the listener stopped last time."""
    group = cursor.current_group
    within = f"{group.title}, in section {cursor.section + 1}" if group else f"section {cursor.section + 1}"
    return f"Welcome back. Continuing from tip {cursor.tip_in_part + 1} of {within}. Say restart to begin again."


def tip_number(number: int) -> str:
    """Confirmation of a jump to a tip."""
    return f"Tip {number}."


def no_such_section(number: int, count: int) -> str:
    """Refusal of a jump to a section that does not exist."""
    return f"There is no section {number}. There are {count} sections."


def no_such_tip(number: int, count: int, group: str = "") -> str:
    """Refusal of a jump to a tip that does not exist (tips count within their group, if any)."""
    where = group or "This section"
    return f"There is no tip {number} here. {where} has {count} tip{'s' if count != 1 else ''}."


def sleep_set(minutes: int) -> str:
    """Confirmation of a sleep timer."""
    return f"Sleep timer set for {minutes} minute{'s' if minutes != 1 else ''}."


def time_left(seconds: float) -> str:
    """How long the sleep timer has left, in words a sleepy person can take in."""
    minutes = int(round(seconds / 60))
    if minutes < 1:
        return "Less than a minute left."
    return f"About {minutes} minute{'s' if minutes != 1 else ''} left."


def back_to(title: str) -> str:
    """Said when the listener switches back to something they were hearing."""
    return f"Back to {title}."


def noise_sound(sound: BedSound) -> str:
    """Confirmation of a sound chosen for the bed, e.g. "Pink noise."."""
    name = SPOKEN_NAMES[sound]
    return f"{name[0].upper()}{name[1:]}."


def noise_on(sound: BedSound) -> str:
    """Confirmation that the bed started, naming its sound."""
    return f"Noise on: {SPOKEN_NAMES[sound]}."


def noise_already_on(sound: BedSound) -> str:
    """Answer to "noise on" when it is on."""
    return f"The noise is on: {SPOKEN_NAMES[sound]}."


def noise_help(playing: bool) -> str:
    """The help line for the sound bed: what can be said about it now."""
    sounds = "play brown noise, pink noise, white noise, the fan, or rain sounds"
    if playing:
        return f"Noise louder, noise quieter, noise off, change the sound, or {sounds}."
    return f"Noise on, or {sounds}."
