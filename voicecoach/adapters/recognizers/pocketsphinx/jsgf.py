"""Render a `Grammar` as a JSGF grammar for pocketsphinx. Pure."""

from __future__ import annotations

from voicecoach.language.grammar import Grammar, SlotKind, SlotType
from voicecoach.language.numbers import number_words
from voicecoach.language.spoken_durations import FORMS
from voicecoach.language.templates import Expression, Sequence, Slot, Word, words_in

GRAMMAR_NAME = "voicecoach"

# Everyday words for the garbage loop: talk that is not a command is decoded as a run of
# these instead of being forced onto the nearest command. A short list keeps decoding cheap;
# one- and two-letter words (a, i, to, oh) were left out: they fit any sound and ate commands;
# words inside command phrasings (slow, good) were left out where they stole commands; "all"
# and "cold" took "hold on", "carry on", "pause" and "goodbye" (tune split, clean + brown
# 10 dB, with them 0.906 / 0.039 accuracy / false accepts, without 0.922 / 0.039). Words that
# may now stand around any command ("okay", "please", "just", "now", "thank") or are commands
# ("quiet") left the loop when the command language took them.
GARBAGE_WORDS: tuple[str, ...] = tuple(
    """the and that this was for with what when how but not yes hello maybe
    here there some time night bed leg legs body feel think know want need get make come
    see look tea water cat door warm right still really breathe rest tired
    worry tomorrow would could have did does going about evening morning""".split()
)


def to_jsgf(expression: Expression, slot_rules: dict[str, str]) -> str:
    """The JSGF rule body for `expression`; slots become references to `slot_rules`."""
    if isinstance(expression, Word):
        return expression.text
    if isinstance(expression, Slot):
        return f"<{slot_rules[expression.name]}>"
    if isinstance(expression, Sequence):
        return " ".join(to_jsgf(item, slot_rules) for item in expression.items)
    body = " | ".join(to_jsgf(option, slot_rules) for option in expression.options)
    return f"[ {body} ]" if expression.optional else f"( {body} )"


def grammar_to_jsgf(
    grammar: Grammar, garbage_weight: float | None = None, wrapped_weight: float | None = None
) -> str:
    """A JSGF document accepting exactly the grammar's spoken phrasings with the words around.

    With `garbage_weight`, the public rule also accepts any run of GARBAGE_WORDS, weighted
    against the commands (1e-16 measured best on the tune corpus); the caller rejects
    transcripts that are not phrasings. With `wrapped_weight` as well, a command followed by
    one everyday word is accepted too ("repeat after me", "go back to sleep"), so talk that
    merely starts like a command is decoded as such and then rejected. With a wake word, the
    bare commands are listened for too, so that they are heard and refused rather than fitted
    onto the wake word.
    """
    slot_rules = {name: f"slot_{name}" for name in grammar.slots}
    lines = ["#JSGF V1.0;", f"grammar {GRAMMAR_NAME};", ""]
    alternatives = [to_jsgf(phrasing.expression, slot_rules) for phrasing in grammar.spoken_phrasings()]
    lines.append("<core> = " + "\n    | ".join(f"( {a} )" for a in alternatives) + " ;")
    before = to_jsgf(grammar.around.before, slot_rules) if grammar.around.before is not None else ""
    after = to_jsgf(grammar.around.after, slot_rules) if grammar.around.after is not None else ""
    spoken = " ".join(part for part in (before, "<core>", after) if part)
    if grammar.wake_word:
        spoken = f"{grammar.wake_word} {spoken} | {spoken}"
    visibility = "" if garbage_weight is not None else "public "
    lines.append(f"{visibility}<command> = {spoken} ;")
    for name, slot in grammar.slots.items():
        lines.extend(_slot_rules(slot_rules[name], slot))
    if garbage_weight is not None:
        lines.append("<garbage> = " + " | ".join(GARBAGE_WORDS) + " ;")
        wrapped = ""
        if wrapped_weight is not None:
            wrapped = f" | /{wrapped_weight:g}/ <command> <garbage>"
        lines.append(f"public <utterance> = /1/ <command> | /{garbage_weight:g}/ <garbage>+{wrapped} ;")
    return "\n".join(lines) + "\n"


def _slot_rules(rule: str, slot: SlotType) -> list[str]:
    if slot.kind is not SlotKind.DURATION:
        return [f"<{rule}> = " + " | ".join(dict.fromkeys(slot.spoken())) + " ;"]
    counts = {"minutes": f"{rule}_minutes", "hours": f"{rule}_hours"}
    # A bare number ("sleep in twenty") is left out: followed by any sound, the decoder took
    # it for "sleep in forty five" and an everyday word, and so lost "forty five minutes".
    said = [form for form in FORMS if words_in(form.expression)]
    forms = " | ".join(f"( {to_jsgf(form.expression, counts)} )" for form in said)
    return [
        f"<{rule}> = {forms} ;",
        f"<{counts['minutes']}> = " + " | ".join(_count_words(1, 99)) + " ;",
        f"<{counts['hours']}> = " + " | ".join(_count_words(1, 12)) + " ;",
    ]


def _count_words(low: int, high: int) -> list[str]:
    return [number_words(value) for value in range(low, high + 1)]

