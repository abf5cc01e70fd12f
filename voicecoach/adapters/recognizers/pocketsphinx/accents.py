"""Pronunciations of the command words as speakers of other Englishes say them. Pure.

pocketsphinx's dictionary spells words the General American way ("faster" F AE S T ER), and
its acoustic model matches a speaker who says them otherwise less well than the everyday words
that soak up talk. A few regular differences cover most English accents a user may have:

- non-rhotic (England, Wales, Australia, New Zealand, South Africa, much of the Caribbean):
  no R sound unless a vowel follows it ("start" S T AA T) and an unstressed final "-er" said as
  a plain vowel ("faster" ... T AH);
- the rounded vowel of "stop", "on", "volume" (AO rather than AA);
- the long vowel of "after", "faster", "bath" before F, S and TH (AA rather than AE).

`accent_variants` applies these rules to one pronunciation (phones without stress marks, as
in pocketsphinx's cmudict) and returns the pronunciations that differ from it.
"""

from __future__ import annotations

from typing import Sequence

VOWELS = frozenset("AA AE AH AO AW AY EH ER EY IH IY OW OY UH UW".split())

MIN_PHONES = 2
"""Shortest variant worth listening for."""

_LOT_BEFORE = frozenset("P B T D K G F V TH DH S Z SH ZH CH JH M N NG L".split())
_BATH_BEFORE = frozenset(("F", "S", "TH"))


def non_rhotic(phones: Sequence[str]) -> tuple[str, ...]:
    """`phones` without an R that no vowel follows, and with a final ER said as AH."""
    out: list[str] = []
    for index, phone in enumerate(phones):
        following = phones[index + 1] if index + 1 < len(phones) else None
        vowel_follows = following is not None and following in VOWELS
        if phone == "R" and out and out[-1] in VOWELS and not vowel_follows:
            continue
        if phone == "ER" and following is None and index > 1:
            out.append("AH")
            continue
        out.append(phone)
    return tuple(out)


def rounded_lot(phones: Sequence[str]) -> tuple[str, ...]:
    """`phones` with the AA of a closed syllable ("stop", "on") said as AO."""
    return _said_as(phones, "AA", "AO", _LOT_BEFORE)


def broad_bath(phones: Sequence[str]) -> tuple[str, ...]:
    """`phones` with the AE before F, S or TH ("after", "faster") said as AA."""
    return _said_as(phones, "AE", "AA", _BATH_BEFORE)


def _said_as(phones: Sequence[str], vowel: str, instead: str, before: frozenset[str]) -> tuple[str, ...]:
    """`phones` with each `vowel` that one of `before` follows replaced by `instead`."""
    return tuple(
        instead if phone == vowel and index + 1 < len(phones) and phones[index + 1] in before else phone
        for index, phone in enumerate(phones)
    )


def accent_variants(phones: Sequence[str]) -> list[tuple[str, ...]]:
    """Other accents' pronunciations of the word spelled `phones`, without `phones` itself.

    Two variants at most: non-rhotic alone, and non-rhotic with the British vowels (the way
    southern England says it); each only when it differs from what came before. A variant of a
    single phone is left out: "are" as a bare AA fitted almost any sound ("slower" was heard as
    "where are we").
    """
    original = tuple(phones)
    rhotic_dropped = non_rhotic(original)
    british = non_rhotic(broad_bath(rounded_lot(original)))
    variants: list[tuple[str, ...]] = []
    for variant in (rhotic_dropped, british):
        if variant != original and variant not in variants and len(variant) >= MIN_PHONES:
            variants.append(variant)
    return variants
