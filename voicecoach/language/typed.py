"""Typed command lines ("next", "goto_section 3", "sleep in ten minutes"): the command language
of speech, plus short forms and the command names. Pure."""

from __future__ import annotations

from voicecoach.commands import ARGUMENT_OF, OPTIONAL_ARGUMENT, Command, CommandId
from voicecoach.errors import CommandError
from voicecoach.language.grammar import Grammar, default_grammar, normalise


def parse_typed_line(line: str, grammar: Grammar | None = None) -> Command:
    """The command a typed line says; CommandError with a hint when it says none."""
    grammar = grammar if grammar is not None else default_grammar()
    found = grammar.parse(line, typed=True)
    if found is not None:
        return found.command
    raise CommandError(_hint(line.strip(), normalise(line)))


def _hint(line: str, words: str) -> str:
    """What to tell someone whose line was not understood."""
    for command in sorted(CommandId, key=lambda c: -len(c.value)):
        name = command.value.replace("_", " ")
        if words == name and command in ARGUMENT_OF and command not in OPTIONAL_ARGUMENT:
            return f"{command} needs a number, for example '{name} 2'."
        if words.startswith(name + " ") and words[len(name) + 1 :].isdigit() and command not in ARGUMENT_OF:
            return f"{command} takes no number; just say '{name}'."
    return f"I don't know the command {line!r}; type 'help' for the list."
