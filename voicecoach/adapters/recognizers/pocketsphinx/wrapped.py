"""Finding a command inside a hypothesis with a moment of everyday words around it. Pure.

The grammar decoder may explain a clip as a command followed by an everyday word (see
`jsgf.grammar_to_jsgf`): that is how talk such as "repeat after me" is told from the command
"repeat". Words before a command are handled alike, should a grammar allow them. But a
breath, a click or a trailing noise is also decoded as a short everyday word ("next tip" ->
"next tip the"). So words around a phrasing are forgiven when they are all everyday words and
together last no longer than a short word; anything longer is talk.
Nothing is forgiven after a command that ends in a number: a number followed by more sound is
as likely a longer number misheard ("seven" -> "ten would") as a click, and a wrong section is
worse than being asked again.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Collection, Sequence

from voicecoach.commands import Command

FRAMES_PER_SECOND = 100  # pocketsphinx's default frame rate


@dataclass(frozen=True)
class TimedWord:
    """One word of a hypothesis and the frames it spans (first and last, inclusive)."""

    word: str
    first_frame: int
    last_frame: int

    @property
    def seconds(self) -> float:
        return (self.last_frame - self.first_frame + 1) / FRAMES_PER_SECOND


@dataclass(frozen=True)
class Found:
    """The command found, and the words it was said with."""

    command: Command
    text: str


def find_command(
    words: Sequence[TimedWord],
    match: Callable[[str], Command | None],
    everyday: Collection[str],
    max_extra_seconds: float,
) -> Found | None:
    """The command in `words`, allowing short everyday words before and after it; else None.

    The whole hypothesis is tried first; then every shorter stretch whose left-out words are
    all `everyday` words lasting `max_extra_seconds` or less together, longest stretch first.
    """
    count = len(words)
    for length in range(count, 0, -1):
        for start in range(0, count - length + 1):
            inner, outer = words[start : start + length], [*words[:start], *words[start + length :]]
            if outer and not _forgivable(outer, everyday, max_extra_seconds):
                continue
            text = " ".join(word.word for word in inner)
            command = match(text)
            trailing = start + length < count
            if command is not None and not (trailing and command.args):
                return Found(command, text)
    return None


def _forgivable(extra: Sequence[TimedWord], everyday: Collection[str], max_seconds: float) -> bool:
    return all(word.word in everyday for word in extra) and sum(word.seconds for word in extra) <= max_seconds
