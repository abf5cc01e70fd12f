"""The built-in recogniser: long-lived pocketsphinx decoders, a JSGF grammar and rejection.

Native decoders are built once: one constrained by the command grammar (rendered to JSGF, with
a weighted loop of everyday words that soaks up talk), and a free phone loop (allphone) that is
only run when a score gap is wanted: on a `strict` call (the listener asks for it while the
program speaks, for the echo guard) or when the policy rejects on the gap. The quiet lead-in
and tail are cut off first (`trim`), then the grammar decoder runs; its transcript must be
one of our phrasings, give or take a short everyday word after it (see `wrapped` and
`rejection`). The command words are also listened for as other accents say them
(`accents`). Every clip is decoded from a fresh front end, so what a file is heard as does not
depend on the files decoded before it.
"""

from __future__ import annotations

import logging
import math
import os
import threading
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from voicecoach.audio import AudioClip
from voicecoach.commands import Command
from voicecoach.errors import RecognizerError
from voicecoach.adapters.recognizers.pocketsphinx.accents import accent_variants
from voicecoach.language.grammar import Grammar, default_grammar
from voicecoach.adapters.recognizers.pocketsphinx.jsgf import GARBAGE_WORDS, grammar_to_jsgf
from voicecoach.listening.ports import Recognition
from voicecoach.listening.rejection import Evidence, Rejection, RejectionPolicy, judge
from voicecoach.listening.resample import RECOGNISER_RATE
from voicecoach.listening.trim import TrimSettings, decodable_pcm
from voicecoach.adapters.recognizers.pocketsphinx.wrapped import FRAMES_PER_SECOND, TimedWord, find_command

logger = logging.getLogger(__name__)

_NON_SPEECH = {"<s>", "</s>", "<sil>", "SIL", "[NOISE]"}
_SEARCH = "commands"
_PHONE_SEARCH = "phones"
# fwdflat/bestpath rescoring made the grammar search end on partial phrases ("go to") and cost
# a third of the time; without them 203/234 instead of 188/234 tune clips were right.
_DEFAULT_OPTIONS: Mapping[str, Any] = {
    "samprate": RECOGNISER_RATE,
    "lm": None,
    "loglevel": "FATAL",
    "fwdflat": False,
    "bestpath": False,
}


@dataclass(frozen=True)
class DecoderSettings:
    """pocketsphinx options for both decoders; defaults measured on the benchmark corpus."""

    model_dir: str | None = None
    """Folder with the acoustic model, dictionary and phone LM; None for pocketsphinx's en-us."""
    options: Mapping[str, Any] = field(default_factory=dict)
    """Extra pocketsphinx config values, e.g. {"beam": 1e-40}."""
    trim: TrimSettings | None = TrimSettings()
    """How to cut quiet off both ends before decoding; None decodes the whole clip."""
    accent_variants: bool = True
    """Add other accents' pronunciations of the command words (see `accents`)."""
    garbage_weight: float | None = 1e-16
    """Weight of the everyday-word loop against the commands in the JSGF; None for no loop.
    Re-measured with accent variants (tune, clean + brown 10 dB): 1e-14 / 1e-16 / 1e-18 gave
    accuracy / false accepts 0.913 / 0.035, 0.922 / 0.039, 0.927 / 0.059."""
    wrapped_weight: float | None = 1e-16
    """Weight of a command followed by an everyday word ("repeat after me"), which is then
    rejected as talk unless the word is short (`max_wrapped_seconds`); None leaves such talk
    to be forced onto the bare command. Measured in benchmarks/README.md (tune split, clean and
    brown 10 dB: 1e-12 / 1e-16 / 1e-20 gave 0.899 / 0.031, 0.922 / 0.039, 0.932 / 0.062)."""
    max_wrapped_seconds: float = 0.15
    """Everyday words around a phrasing lasting this long or less are forgiven as a breath or a
    click (see `wrapped`): 0.3 s gave accuracy 0.925 / false accepts 0.094, 0.15 s 0.906 / 0.035."""
    max_score_gap: float = float("inf")
    """Largest per-frame amount by which the free phone loop may beat the grammar (log units)
    before a command is refused as a poor fit. Off: at 6.0 it lost 17 of 108 test commands."""
    measure_score_gap: bool = False
    """Run the phone loop on every accepted command (it doubles decoding time); otherwise only
    when a sureness is asked for (while the program speaks)."""
    light: bool = True
    """Listen for the command language's light phrasings only (`Grammar.light`): a constrained
    decoder fits any sound onto its nearest phrasing, and with the whole language and the words
    around commands 12 of 128 test clips went wrong that were right with the light set."""


class SphinxRecognizer:
    """Recognises one command per clip with pocketsphinx; thread-safe, decoders built once."""

    def __init__(
        self,
        grammar: Grammar | None = None,
        # pocketsphinx keeps the 3 s its rejection was tuned at: its everyday-word loop takes
        # longer talk for commands more often than Whisper does.
        policy: RejectionPolicy = RejectionPolicy(max_speech_seconds=3.0),
        settings: DecoderSettings = DecoderSettings(),
    ) -> None:
        grammar = grammar if grammar is not None else default_grammar()
        self.grammar = grammar.light() if settings.light else grammar
        self.policy = policy
        self.settings = settings
        self._lock = threading.Lock()
        self._trim = settings.trim
        self._commands, self._phones = _build_decoders(self.grammar, settings)

    def recognize(self, clip: AudioClip, *, need_sureness: bool = False) -> Recognition:
        """Decode `clip` (mono, any rate) and return the command or the reason it was rejected.

        `need_sureness` also runs the phone loop on an accepted command (about as much time
        again), whose score gap becomes the sureness (`sureness_of_gap`).
        """
        pcm = decodable_pcm(clip.samples, clip.sample_rate, self._trim)
        if pcm is None:
            return Recognition(None, "", judge(self.policy, Evidence("", None, 0.0)))
        with self._lock:
            text, grammar_score, segments = _decode(self._commands, pcm)
            command = self._command_in(segments) if text else None
            speech_seconds = _speech_seconds(segments)
            gap = None
            too_long = speech_seconds > self.policy.max_speech_seconds
            if command is not None and not too_long and self._wants_phone_loop(need_sureness):
                _, phone_score, phones = _decode(self._phones, pcm)
                frames = max(1, self._phones.n_frames())
                gap = (phone_score - grammar_score) / frames
                speech_seconds = _speech_seconds(phones)
        sureness = sureness_of_gap(gap) if gap is not None else None
        rejected = judge(self.policy, Evidence(text, command, speech_seconds, sureness))
        if rejected is None and gap is not None and gap > self.settings.max_score_gap:
            rejected = Rejection.POOR_FIT
        logger.debug("heard %r (gap %s, %.2f s speech): %s", text, gap, speech_seconds, rejected or command)
        return Recognition(None if rejected else command, text, rejected, speech_seconds, sureness, text, gap)

    def pronunciations(self, word: str) -> list[tuple[str, ...]]:
        """The phones the decoder listens for when `word` is said, one tuple per pronunciation."""
        with self._lock:
            return _pronunciations(self._commands, word)

    def _command_in(self, segments: list[tuple[str, int, int]]) -> Command | None:
        words = [TimedWord(_plain(word), first, last) for word, first, last in segments if _is_word(word)]
        found = find_command(words, self.grammar.match, GARBAGE_WORDS, self.settings.max_wrapped_seconds)
        return found.command if found is not None else None

    def _wants_phone_loop(self, need_sureness: bool) -> bool:
        settings = self.settings
        return need_sureness or settings.measure_score_gap or settings.max_score_gap != float("inf")


def sureness_of_gap(gap: float) -> float:
    """The score gap (per-frame log units by which the free phone loop beat the grammar; lower
    is surer) as a sureness from 0 to 1: 0.5 at a gap of 10, the limit the echo guard used for
    commands said over the program's voice (commands cut from the stream measured 0.4 to 9.1)."""
    return 1.0 / (1.0 + math.exp((gap - 10.0) / 2.0))


def _build_decoders(grammar: Grammar, settings: DecoderSettings) -> tuple[Any, Any]:
    try:
        import pocketsphinx
    except ImportError as error:
        raise RecognizerError("pocketsphinx is not installed; install it with 'pip install pocketsphinx'") from error
    model_dir = settings.model_dir or pocketsphinx.get_model_path("en-us")
    base: dict[str, Any] = {**_DEFAULT_OPTIONS, **settings.options}
    if settings.model_dir:
        base.update(hmm=os.path.join(model_dir, "en-us"), dict=os.path.join(model_dir, "cmudict-en-us.dict"))
    try:
        # One decoder, two searches: they share the acoustic model (~30 MB less than two decoders).
        decoder = pocketsphinx.Decoder(**base)
        garbage = settings.garbage_weight
        _check_words(decoder, grammar.words() | set(GARBAGE_WORDS if garbage is not None else ()))
        if settings.accent_variants:
            _add_accent_variants(decoder, grammar.words())
        decoder.add_jsgf_string(_SEARCH, grammar_to_jsgf(grammar, garbage, settings.wrapped_weight))
        decoder.add_allphone_file(_PHONE_SEARCH, os.path.join(model_dir, "en-us-phone.lm.bin"))
    except (RuntimeError, ValueError, OSError) as error:
        raise RecognizerError(f"cannot start the pocketsphinx recogniser: {error}") from error
    return _Search(decoder, _SEARCH), _Search(decoder, _PHONE_SEARCH)


class _Search:
    """One named search of a shared decoder, made active before each use (callers hold a lock)."""

    def __init__(self, decoder: Any, name: str) -> None:
        self._decoder = decoder
        self._name = name

    def forget_earlier_utterances(self) -> None:
        """Start the feature front end afresh (0.1 ms): pocketsphinx carries its state over
        from the last utterance, which made the same clip decode differently after other clips
        (a test heard "slower" as "play" after 60 other commands, and as "slower" on its own)."""
        self._decoder.reinit_feat()

    def active(self) -> Any:
        """The decoder with this search active."""
        self._decoder.activate_search(self._name)
        return self._decoder

    def n_frames(self) -> int:
        """Frames in the last utterance decoded."""
        return int(self._decoder.n_frames())

    def lookup_word(self, word: str) -> Any:
        """The decoder's pronunciation of `word`, or None."""
        return self._decoder.lookup_word(word)


def _check_words(decoder: Any, words: Iterable[str]) -> None:
    unknown = sorted(word for word in words if decoder.lookup_word(word) is None)
    if unknown:
        raise RecognizerError(
            f"the recogniser cannot say these words of the command phrasings: {', '.join(unknown)}; "
            "use other words in your extra phrasings or wake word"
        )


def _pronunciations(dictionary: Any, word: str) -> list[tuple[str, ...]]:
    """Every pronunciation `dictionary` (a decoder or `_Search`) has for `word` ('word', 'word(2)', ...)."""
    found: list[tuple[str, ...]] = []
    while (phones := dictionary.lookup_word(word if not found else f"{word}({len(found) + 1})")) is not None:
        found.append(tuple(phones.split()))
    return found


def _add_accent_variants(decoder: Any, words: Iterable[str]) -> None:
    """Give each command word the pronunciations of other accents as alternatives ('word(3)').

    Added before the grammar search is built, which is when pocketsphinx takes in alternatives."""
    for word in sorted(words):
        dictionary_own = _pronunciations(decoder, word)
        known = list(dictionary_own)
        for variant in (v for phones in dictionary_own for v in accent_variants(phones)):
            if variant not in known:
                known.append(variant)
                decoder.add_word(f"{word}({len(known)})", " ".join(variant), False)


def _decode(search: "_Search", pcm: bytes) -> tuple[str, float, list[tuple[str, int, int]]]:
    """Transcript, log score and (word, first frame, last frame) segments of one utterance."""
    decoder = search.active()
    try:
        search.forget_earlier_utterances()
        decoder.start_utt()
        decoder.process_raw(pcm, False, True)
        decoder.end_utt()
    except RuntimeError as error:
        raise RecognizerError(f"pocketsphinx failed to decode the clip: {error}") from error
    hypothesis = decoder.hyp()
    if hypothesis is None:
        return "", float("-inf"), []
    score = float(decoder.get_logmath().log(hypothesis.score))
    segments = [(seg.word, seg.start_frame, seg.end_frame) for seg in decoder.seg()]
    return hypothesis.hypstr, score, segments


def _is_word(segment_word: str) -> bool:
    """True for a spoken word of the dictionary, false for silence, fillers and null links."""
    return segment_word not in _NON_SPEECH and not segment_word.startswith(("+", "("))


def _plain(segment_word: str) -> str:
    """The word without pocketsphinx's pronunciation-variant mark: 'repeat(2)' -> 'repeat'."""
    return segment_word.split("(", 1)[0]


def _speech_seconds(segments: list[tuple[str, int, int]]) -> float:
    """Seconds from the first to the last segment that is not silence or filler."""
    spoken = [(start, end) for word, start, end in segments if _is_word(word)]
    if not spoken:
        return 0.0
    return (spoken[-1][1] - spoken[0][0] + 1) / FRAMES_PER_SECOND
