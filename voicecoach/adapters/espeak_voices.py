"""Voice names as espeak-ng understands them: voice names, file names, languages, and +variants.

espeak-ng itself decides, never a list of ours. A name is tried the way the `espeak-ng -v`
command line tries it: first as a voice name or voice file (`espeak_SetVoiceByName`: "gmw/en",
"en-us", "English (America)"), then as a language (`espeak_SetVoiceByProperties`: "en-gb",
"en-uk"). A name as `espeak-ng --voices` prints it, with `_` for spaces
("English_(Great_Britain)"), is taken as the voice name it stands for.

Two things espeak-ng would accept silently are refused with a message, because the listener
would never learn why the voice is not the one they asked for:
  - a language no voice lists (`espeak-ng --voices=LANG` shows each voice's languages):
    espeak-ng falls back on a prefix, so "no-such-voice" would speak Norwegian ("no");
  - a `+variant` that is not one of espeak-ng's (`espeak-ng --voices=variant`), which it ignores.

These calls change espeak's current voice: make them only from the thread that owns the engine
(the synthesiser's worker), which sets the voice again before every sentence anyway.
"""

from __future__ import annotations

import ctypes
from typing import Any

from voicecoach.errors import SpeechEngineError

EE_OK = 0
VARIANT_PREFIX = "!v/"


def resolve_espeak_voice(name: str, espeak: Any) -> str:
    """What to pass to `espeak_SetVoiceByName` for `name`: a voice file, lower case, with any
    +variant as espeak-ng names it. `espeak` is pyttsx3's binding of libespeak-ng (`_espeak`).
    Raises SpeechEngineError naming what espeak-ng knows instead."""
    base, plus, variant = name.strip().partition("+")
    base = base.strip()
    if not base:
        raise SpeechEngineError(f"voice {name!r} names no voice before the '+'; write it like en-us+f3")
    if _find_variant(base, espeak) is not None:
        raise SpeechEngineError(
            f"{name!r} is a voice variant, not a voice; add it to a voice, for example en-us+{base}"
        )
    identifier = _voice_file(base, espeak)
    if identifier is None or identifier.startswith(VARIANT_PREFIX):
        raise SpeechEngineError(_unknown_voice(name, base, espeak))
    if not plus:
        return identifier.lower()
    return f"{identifier.lower()}+{_variant_file(name, variant.strip(), espeak)}"


def english_voices(espeak: Any) -> list[str]:
    """The English languages espeak-ng has a voice for (en-gb, en-us...), to suggest."""
    languages = {language for voice in espeak.ListVoices(None) for language in _languages(voice)[:1]}
    return sorted(language for language in languages if language.startswith("en"))


def _voice_file(base: str, espeak: Any) -> str | None:
    """The voice file espeak-ng chooses for `base`, or None if it knows no such voice or language."""
    for candidate in dict.fromkeys((base, base.replace("_", " "))):
        if espeak.SetVoiceByName(candidate.encode("utf-8")) == EE_OK:
            return _current_identifier(espeak)
    language = base.lower()
    spec = espeak.VOICE()
    spec.languages = language.encode("utf-8")
    listed = any(language in _languages(voice) for voice in espeak.ListVoices(spec))
    if listed and espeak.SetVoiceByProperties(spec) == EE_OK:
        return _current_identifier(espeak)
    return None


def _languages(voice: Any) -> list[str]:
    """Every language a voice lists, lower case (`espeak-ng --voices` shows the first, then the
    others in brackets). espeak packs them as <priority byte><name>\\0 ..., ending with a zero
    byte; the struct's field is a char pointer that ctypes would read only up to the first."""
    address = ctypes.c_void_p.from_buffer(voice, type(voice).languages.offset).value
    found: list[str] = []
    while address and ctypes.string_at(address, 1)[0] != 0:
        name = ctypes.string_at(address + 1)
        found.append(name.decode("utf-8", errors="ignore").lower())
        address += len(name) + 2
    return found


def _current_identifier(espeak: Any) -> str | None:
    current = espeak.GetCurrentVoice()
    if not current or not current.contents.identifier:
        return None
    return str(current.contents.identifier.decode("utf-8"))


def _variant_file(name: str, variant: str, espeak: Any) -> str:
    """The variant's file name as espeak-ng spells it ("f3", "Alex"); a bare number n means "mn"."""
    found = _find_variant(f"m{variant}" if variant.isdigit() else variant, espeak)
    if found is not None:
        return found
    some = ", ".join(sorted((f for f in _variants(espeak) if len(f) <= 3), key=str.lower)[:8]) or "f1, m3"
    raise SpeechEngineError(
        f"unknown voice variant {variant!r} in {name!r}; try one of: {some} "
        "(see all with: espeak-ng --voices=variant)"
    )


def _find_variant(wanted: str, espeak: Any) -> str | None:
    """The file name of the variant called `wanted` (by file name or name, any case), or None."""
    for file_name, human in _variants(espeak).items():
        if wanted.lower() in (file_name.lower(), human.lower()):
            return file_name
    return None


def _variants(espeak: Any) -> dict[str, str]:
    """espeak-ng's variants: file name ("f3") → name ("female3")."""
    spec = espeak.VOICE()
    spec.languages = b"variant"
    found = {}
    for voice in espeak.ListVoices(spec):
        identifier = voice.identifier.decode("utf-8")
        if identifier.startswith(VARIANT_PREFIX):
            found[identifier[len(VARIANT_PREFIX):]] = voice.name.decode("utf-8")
    return found


def _unknown_voice(name: str, base: str, espeak: Any) -> str:
    if base.lower().startswith("mb-") or "mbrola" in base.lower():
        package = f"mbrola-{base[3:].lower()}" if base.lower().startswith("mb-") else "mbrola-us1"
        return (
            f"espeak-ng cannot load voice {name!r}: MBROLA voices need the mbrola program and the "
            f"voice's data (sudo apt-get install mbrola {package}), or choose another voice"
        )
    english = ", ".join(english_voices(espeak)) or "en"
    return f"unknown voice {name!r}; try one of: {english} (see all with: espeak-ng --voices)"
