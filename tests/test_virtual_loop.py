"""The virtual-time loop."""

from __future__ import annotations

from voicecoach.ports import FeedDue, InputClosed, TimerDue
from voicecoach.virtual_loop import VirtualLoop


def test_events_come_out_in_time_order_and_move_the_clock() -> None:
    loop = VirtualLoop()
    loop.post_at(2.0, TimerDue())
    loop.post_at(1.0, FeedDue())
    loop.post(InputClosed())
    assert isinstance(loop.next_event(), InputClosed) and loop.now() == 0.0
    assert isinstance(loop.next_event(), FeedDue) and loop.now() == 1.0
    assert isinstance(loop.next_event(), TimerDue) and loop.now() == 2.0
    assert loop.next_event() is None


def test_past_times_are_delivered_now_not_back_in_time() -> None:
    loop = VirtualLoop(start=5.0)
    loop.post_at(1.0, TimerDue())
    loop.next_event()
    assert loop.now() == 5.0
