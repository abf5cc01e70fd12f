"""The pure utterance segmenter, driven with exact chunk lengths."""

from voicecoach.recognition.segmenter import Segment, SegmenterSettings, UtteranceSegmenter

CHUNK = 0.03  # 30 ms, webrtcvad's largest frame


def feed(segmenter: UtteranceSegmenter, pattern: list[tuple[bool, float]]) -> list[tuple[float, Segment]]:
    """Feed runs of (is_speech, seconds); return (time, event) for each boundary."""
    events, now = [], 0.0
    for is_speech, seconds in pattern:
        for _ in range(round(seconds / CHUNK)):
            now += CHUNK
            event = segmenter.process(CHUNK, is_speech)
            if event is not None:
                events.append((round(now, 2), event))
    return events


def test_command_between_silences() -> None:
    events = feed(UtteranceSegmenter(), [(False, 0.6), (True, 0.6), (False, 0.9)])
    assert events == [(0.81, Segment.STARTED), (1.8, Segment.ENDED)]


def test_click_does_not_start() -> None:
    assert feed(UtteranceSegmenter(), [(False, 0.3), (True, 0.09), (False, 1.0)]) == []


def test_short_pause_inside_a_command_does_not_end_it() -> None:
    events = feed(UtteranceSegmenter(), [(True, 0.3), (False, 0.3), (True, 0.3), (False, 0.6)])
    assert [event for _, event in events] == [Segment.STARTED, Segment.ENDED]


def test_long_talk_is_too_long_and_waits_for_a_pause() -> None:
    segmenter = UtteranceSegmenter(SegmenterSettings(max_seconds=2.0))
    events = feed(segmenter, [(True, 3.0), (False, 0.3), (True, 0.6), (False, 0.9), (True, 0.3), (False, 0.9)])
    assert [event for _, event in events] == [Segment.STARTED, Segment.TOO_LONG, Segment.STARTED, Segment.ENDED]
    assert events[1][0] == 2.01


def test_reset_forgets_the_utterance() -> None:
    segmenter = UtteranceSegmenter()
    feed(segmenter, [(True, 0.3)])
    assert segmenter.in_utterance
    segmenter.reset()
    assert not segmenter.in_utterance
