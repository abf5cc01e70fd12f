"""Everything the player says in its own voice, in one place, short and calm. Pure."""

from __future__ import annotations

from voicecoach.bed.settings import SPOKEN_NAMES, BedSound
from voicecoach.cursor import Cursor
from voicecoach.document import Document
from voicecoach.sleep_timer import SleepUnit

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
SLEEP_NEEDS_SECTIONS = "Say how many sections, for example, sleep after two sections."
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

SLEEP_WARNING = "Fading."
"""The one quiet word of the sleep timer's warning, after its soft tone."""
NO_PLACE_TO_CONTINUE = "This is where the reading stopped."
FROM_WHERE_IT_STOPPED = "From where it stopped."
FROM_THE_TIP_START = "Going on from the start of this tip."
NO_BOOKMARKS = "There are no bookmarks yet. Say bookmark this to make one."
TOO_MANY_BOOKMARKS = "That makes too many bookmarks; twenty is the most I keep."

HELP = [
    "You can say: next, back, repeat, pause, go on, or stop.",
    "Say that sentence again, back a sentence, next sentence, or back thirty seconds.",
    "Slower, faster, louder, or quieter.",
    "Next section, previous section, go to section and a number, or go to tip and a number.",
    "Where am I, contents, restart, and goodbye.",
]
"""The help that is always true; `help_now` adds what can be said at that moment."""
RELAX_HELP = "Relax, for a guided relaxation, and back to the guide."
"""Help in a session that offers the relaxation (plain `voicecoach`, or a finished document)."""
GUIDE_HELP = "Back to the guide, to go on reading the guide."
"""Help in the relaxation of a session that started with the guide."""


def help_now(
    always: list[str], *, unit: str, sleep_running: bool, bookmarks: int, can_continue: bool
) -> list[str]:
    """The help lines for this moment: `always`, then the sleep timer's, the bookmarks' and the
    way back to where the last night stopped, as far as they can be said now (`unit`: tip or step)."""
    lines = list(always)
    if sleep_running:
        lines.append("How long left, ten more minutes, keep going when it warns you, or cancel the sleep timer.")
    else:
        lines.append(f"Sleep in twenty minutes, sleep at the end of this {unit} or section, or sleep after two sections.")
    if bookmarks:
        lines.append("Bookmark this, go to my bookmark, bookmark and a number, or list bookmarks.")
    else:
        lines.append("Bookmark this.")
    if can_continue:
        lines.append("Continue from where it stopped.")
    return lines


def where_time_left(section_seconds: float, document_seconds: float) -> str:
    """The time left in the section and in the whole document at the current rate."""
    in_section = _about_minutes(section_seconds)
    in_all = _about_minutes(document_seconds, short=True)
    return f"{in_section} left in this section, {in_all} in all."


def _about_minutes(seconds: float, short: bool = False) -> str:
    minutes = int(round(seconds / 60))
    if minutes < 1:
        return "less than a minute" if short else "Less than a minute"
    text = f"{minutes} minute{'s' if minutes != 1 else ''}"
    return text if short else f"About {text}"


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


def tip_of(cursor: Cursor) -> str:
    """The tip in a few words, e.g. "tip 2 of Lifestyle changes, in section 3", "tip 1 of section 2"."""
    group = cursor.current_group
    within = f"{group.title}, in section {cursor.section + 1}" if group else f"section {cursor.section + 1}"
    return f"tip {cursor.tip_in_part + 1} of {within}"


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


def sleep_at_end_set(unit: SleepUnit, count: int, tip_word: str = "tip") -> str:
    """Confirmation of a sleep timer at the end of this tip (or step) or section, or after `count`."""
    if count == 1:
        return f"Sleep timer: at the end of this {tip_word if unit is SleepUnit.TIP else 'section'}."
    word = f"{tip_word}s" if unit is SleepUnit.TIP else "sections"
    return f"Sleep timer: after {count} {word}, this one included."


def sleep_more(minutes: float) -> str:
    """The timer was given more time: it now ends `minutes` from now."""
    whole = max(1, int(round(minutes)))
    return f"{whole} more minute{'s' if whole != 1 else ''}."


def sleep_more_ends(unit: SleepUnit, count: int, tip_word: str = "tip") -> str:
    """The at-end timer was started again: it now ends `count` ends after the one under way."""
    if count == 1:
        return f"Until the end of the next {tip_word if unit is SleepUnit.TIP else 'section'}."
    word = f"{tip_word}s" if unit is SleepUnit.TIP else "sections"
    return f"Another {count} {word}."


def time_left_at_end(unit: SleepUnit, left: int, seconds: float, tip_word: str = "tip") -> str:
    """How long the at-end timer has left."""
    name = tip_word if unit is SleepUnit.TIP else "section"
    where = f"the end of this {name}" if left == 1 else f"the end of the {left} {name}s to go"
    return f"The reading stops at {where}, in {_about_minutes(seconds, short=True)}."


def back_seconds(seconds: int) -> str:
    """Confirmation of a step back by speech time."""
    return f"Back {seconds} second{'s' if seconds != 1 else ''}."


def resume_offer(where: str, awake: bool, minutes: int) -> str:
    """Said at the start after a night that ended asleep: where the reading starts, and why."""
    why = "where you were last awake" if awake else f"{minutes} minute{'s' if minutes != 1 else ''} before the reading stopped"
    return (
        f"Welcome back. I'm starting at {where}, {why}; "
        "say continue from where it stopped to go on from there instead."
    )


def bookmark_number(number: int) -> str:
    """Confirmation of a new bookmark, or of a jump to one."""
    return f"Bookmark {number}."


def already_bookmarked(number: int) -> str:
    """The place is already a bookmark."""
    return f"This place is already bookmark {number}."


def no_such_bookmark(number: int, count: int) -> str:
    """Refusal of a jump to a bookmark that does not exist."""
    return f"There is no bookmark {number}. There {'is' if count == 1 else 'are'} {count}."


def bookmark_list(descriptions: list[str]) -> list[str]:
    """The bookmarks read aloud, briefly: how many, then each with its number."""
    count = len(descriptions)
    lines = [f"{count} bookmark{'s' if count != 1 else ''}."]
    return lines + [f"{number}: {text}." for number, text in enumerate(descriptions, start=1)]


def finished_offer(title: str, relaxation: bool) -> str:
    """Said when a document heard to its end last time is started again."""
    choice = "restart to hear it from the beginning, or relax for a guided relaxation" if relaxation else (
        "restart to hear it from the beginning")
    return f"You finished {title or 'this'} last time. Say {choice}."


def finished_again(title: str) -> str:
    """Said when a document heard to its end last time starts again from its beginning."""
    return f"You finished {title or 'this'} last time; here it is again from the beginning."


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
