"""The pure rejection rules."""

import pytest

from voicecoach.commands import Command, CommandId
from voicecoach.listening.rejection import Evidence, Rejection, RejectionPolicy, judge

POLICY = RejectionPolicy(max_speech_seconds=3.0, min_sureness=0.5)
NEXT = Command(CommandId.NEXT)


@pytest.mark.parametrize(
    ("evidence", "expected"),
    [
        (Evidence("next", NEXT, 0.5, 0.9), None),
        (Evidence("next", NEXT, 0.5, None), None),
        (Evidence("", None, 0.0, None), Rejection.NO_SPEECH),
        (Evidence("next", NEXT, 5.0, 1.0), Rejection.TOO_LONG),
        (Evidence("go to", None, 0.6, None), Rejection.NOT_A_PHRASING),
        (Evidence("next", NEXT, 0.5, 0.2), Rejection.POOR_FIT),
    ],
)
def test_judge(evidence: Evidence, expected: Rejection | None) -> None:
    assert judge(POLICY, evidence) == expected


def test_length_is_checked_before_the_phrasing() -> None:
    assert judge(POLICY, Evidence("go to", None, 4.0, None)) == Rejection.TOO_LONG
