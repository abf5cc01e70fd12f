"""Render a `Grammar` as a JSGF grammar for pocketsphinx. Pure."""

from __future__ import annotations

from voicecoach.recognition.grammar import Grammar
from voicecoach.recognition.templates import to_jsgf

GRAMMAR_NAME = "voicecoach"

# Everyday words for the garbage loop: talk that is not a command is decoded as a run of
# these instead of being forced onto the nearest command. A short list keeps decoding cheap;
# one- and two-letter words (a, i, to, oh) were left out: they fit any sound and ate commands;
# words inside command phrasings (slow, good) were left out where they stole commands; "all"
# and "cold" took "hold on", "carry on", "pause" and "goodbye" (tune split, clean + brown
# 10 dB, with them 0.906 / 0.039 accuracy / false accepts, without 0.922 / 0.039).
GARBAGE_WORDS: tuple[str, ...] = tuple(
    """the and that this was for with what when how but not yes okay hello thank please maybe just
    now here there some time night bed leg legs body feel think know want need get make come
    see look tea water cat door warm right still really breathe rest quiet tired
    worry tomorrow will would could have did does going about evening morning""".split()
)


def grammar_to_jsgf(
    grammar: Grammar, garbage_weight: float | None = None, wrapped_weight: float | None = None
) -> str:
    """A JSGF document accepting exactly the grammar's phrasings.

    With `garbage_weight`, the public rule also accepts any run of GARBAGE_WORDS, weighted
    against the commands (1e-16 measured best on the tune corpus); the caller rejects
    transcripts that are not phrasings. With `wrapped_weight` as well, a command followed by
    one everyday word is accepted too ("repeat after me", "go back to sleep"), so talk that
    merely starts like a command is decoded as such and then rejected. One word, not a run,
    and nothing before the command: on 57 tune clips the first session's grammar took 149 ms
    median, one word after 237 ms, a run after 255 ms, runs on both sides 379 ms; the runs let
    even less talk through (see benchmarks/README.md) but at up to 2.5 times the decoding time.
    """
    slot_rules = {name: f"slot_{name}" for name in grammar.slots}
    lines = ["#JSGF V1.0;", f"grammar {GRAMMAR_NAME};", ""]
    alternatives = [to_jsgf(phrasing.expression, slot_rules) for phrasing in grammar.heard_phrasings()]
    visibility = "" if garbage_weight is not None else "public "
    lines.append(f"{visibility}<command> = " + "\n    | ".join(f"( {a} )" for a in alternatives) + " ;")
    for name, slot in grammar.slots.items():
        lines.append(f"<{slot_rules[name]}> = " + " | ".join(slot.spoken()) + " ;")
    if garbage_weight is not None:
        lines.append("<garbage> = " + " | ".join(GARBAGE_WORDS) + " ;")
        wrapped = ""
        if wrapped_weight is not None:
            wrapped = f" | /{wrapped_weight:g}/ <command> <garbage>"
        lines.append(f"public <utterance> = /1/ <command> | /{garbage_weight:g}/ <garbage>+{wrapped} ;")
    return "\n".join(lines) + "\n"
