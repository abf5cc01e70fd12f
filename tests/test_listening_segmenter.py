"""UtteranceSegmenter: utterances from voice-gated frames, counted in frames (no clock)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from voicecoach.listening.segmenter import SegmenterSettings, Utterance, UtteranceSegmenter

SETTINGS = SegmenterSettings()  # 30 ms frames, start 3 frames, hangover 10, max 160, preroll 5


def frame(index: int) -> bytes:
    """A distinct 960-byte frame, so tests can tell which frames an utterance kept."""
    return index.to_bytes(4, "little") * 240


def feed(segmenter: UtteranceSegmenter, pattern: list[bool]) -> list[tuple[int, Utterance]]:
    """Feed frames numbered from 0 with the given speech flags; (frame index, utterance) for each one ended."""
    ended = []
    for index, is_speech in enumerate(pattern):
        utterance = segmenter.process(frame(index), is_speech)
        if utterance is not None:
            ended.append((index, utterance))
    return ended


def test_a_short_command_is_one_utterance_with_preroll_and_hangover() -> None:
    pattern = [False] * 20 + [True] * 20 + [False] * 15
    ended = feed(UtteranceSegmenter(SETTINGS), pattern)
    assert len(ended) == 1
    index, utterance = ended[0]
    assert index == 20 + 20 + 10 - 1  # closed by the tenth quiet frame
    assert not utterance.too_long
    kept = [int.from_bytes(utterance.pcm[i : i + 4], "little") for i in range(0, len(utterance.pcm), 960)]
    assert kept == list(range(15, 50))  # five frames of preroll, the speech, the hangover
    assert abs(utterance.speech_seconds - 20 * 0.03) < 1e-9
    assert abs(utterance.seconds - 35 * 0.03) < 1e-9


def test_pauses_between_words_shorter_than_the_hangover_stay_inside() -> None:
    pattern = [True] * 10 + [False] * 8 + [True] * 10 + [False] * 12
    ended = feed(UtteranceSegmenter(SETTINGS), pattern)
    assert len(ended) == 1
    assert abs(ended[0][1].speech_seconds - 20 * 0.03) < 1e-9


def test_clicks_shorter_than_the_start_never_open_an_utterance() -> None:
    pattern = ([True, True, False] * 30) + [False] * 20
    segmenter = UtteranceSegmenter(SETTINGS)
    assert feed(segmenter, pattern) == []
    assert not segmenter.in_utterance


def test_talk_longer_than_the_maximum_is_dropped_and_reported_once_it_ends() -> None:
    pattern = [True] * 200 + [False] * 10 + [True] * 20 + [False] * 10
    ended = feed(UtteranceSegmenter(SETTINGS), pattern)
    assert [utterance.too_long for _, utterance in ended] == [True, False]
    assert ended[0][1].pcm == b""
    assert ended[0][0] == 209  # only after the talk fell quiet


def test_a_command_just_under_the_maximum_is_kept_despite_its_hangover() -> None:
    speech = SETTINGS.frames(SETTINGS.max_seconds) - SETTINGS.frames(SETTINGS.preroll_seconds)
    pattern = [False] * 10 + [True] * speech + [False] * 10
    ended = feed(UtteranceSegmenter(SETTINGS), pattern)
    assert [utterance.too_long for _, utterance in ended] == [False]


def test_reset_forgets_a_half_heard_utterance() -> None:
    segmenter = UtteranceSegmenter(SETTINGS)
    feed(segmenter, [True] * 10)
    assert segmenter.in_utterance
    segmenter.reset()
    assert not segmenter.in_utterance
    assert feed(segmenter, [False] * 20) == []


@settings(max_examples=200)
@given(st.lists(st.booleans(), max_size=600), st.integers(1, 5), st.integers(1, 15), st.integers(5, 120))
def test_any_stream_gives_bounded_whole_frame_utterances(
    pattern: list[bool], start: int, hangover: int, longest: int
) -> None:
    settings_ = SegmenterSettings(
        start_seconds=start * 0.03, hangover_seconds=hangover * 0.03, max_seconds=longest * 0.03
    )
    segmenter = UtteranceSegmenter(settings_)
    ended = feed(segmenter, pattern)
    for _, utterance in ended:
        assert len(utterance.pcm) % 960 == 0
        assert utterance.speech_seconds <= utterance.seconds + 1e-9
        if utterance.too_long:
            assert utterance.pcm == b""
        else:
            audio_frames = len(utterance.pcm) // 960
            assert audio_frames - hangover <= settings_.frames(settings_.max_seconds)
    # A run of `start` speech frames in a row always opens an utterance.
    has_start = any(all(pattern[i : i + start]) for i in range(len(pattern) - start + 1))
    assert has_start == (bool(ended) or segmenter.in_utterance)


def feed_with_provisional(segmenter: UtteranceSegmenter, pattern: list[bool]) -> list[tuple[int, str, Utterance]]:
    """Like `feed`, also noting each provisional utterance offered: (frame index, kind, utterance)."""
    seen = []
    for index, is_speech in enumerate(pattern):
        utterance = segmenter.process(frame(index), is_speech)
        provisional = segmenter.provisional()
        if provisional is not None:
            seen.append((index, "provisional", provisional))
        if utterance is not None:
            seen.append((index, "final", utterance))
    return seen


def test_a_provisional_utterance_is_offered_once_after_early_quiet() -> None:
    pattern = [False] * 20 + [True] * 20 + [False] * 15
    seen = feed_with_provisional(UtteranceSegmenter(SETTINGS), pattern)
    assert [(index, kind) for index, kind, _ in seen] == [(20 + 20 + 7 - 1, "provisional"), (49, "final")]
    provisional, final = seen[0][2], seen[1][2]
    assert provisional.speech_seconds == final.speech_seconds
    kept = [int.from_bytes(provisional.pcm[i : i + 4], "little") for i in range(0, len(provisional.pcm), 960)]
    # preroll and speech, the seven quiet frames heard so far, then those repeated to hangover length
    assert kept == list(range(15, 47)) + [40, 41, 42]
    assert provisional.seconds == final.seconds


def test_speech_after_the_provisional_utterance_changes_the_final_one() -> None:
    pattern = [False] * 20 + [True] * 10 + [False] * 8 + [True] * 10 + [False] * 15
    seen = feed_with_provisional(UtteranceSegmenter(SETTINGS), pattern)
    kinds = [kind for _, kind, _ in seen]
    assert kinds == ["provisional", "provisional", "final"]
    assert seen[0][2].speech_seconds < seen[2][2].speech_seconds == seen[1][2].speech_seconds


def test_no_provisional_utterance_for_talk_that_is_too_long() -> None:
    pattern = [False] * 5 + [True] * 200 + [False] * 15
    seen = feed_with_provisional(UtteranceSegmenter(SETTINGS), pattern)
    assert [kind for _, kind, _ in seen] == ["final"]
    assert seen[0][2].too_long
