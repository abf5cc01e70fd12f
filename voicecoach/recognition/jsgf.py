"""Render a `Grammar` as a JSGF grammar for pocketsphinx. Pure."""

from __future__ import annotations

from voicecoach.recognition.grammar import Grammar
from voicecoach.recognition.templates import to_jsgf

GRAMMAR_NAME = "voicecoach"


def grammar_to_jsgf(grammar: Grammar) -> str:
    """A JSGF document whose public rule <command> accepts exactly the grammar's phrasings."""
    slot_rules = {name: f"slot_{name}" for name in grammar.slots}
    lines = ["#JSGF V1.0;", f"grammar {GRAMMAR_NAME};", ""]
    alternatives = [to_jsgf(phrasing.expression, slot_rules) for phrasing in grammar.phrasings]
    lines.append("public <command> = " + "\n    | ".join(f"( {a} )" for a in alternatives) + " ;")
    for name, slot in grammar.slots.items():
        lines.append(f"<{slot_rules[name]}> = " + " | ".join(slot.spoken()) + " ;")
    return "\n".join(lines) + "\n"
