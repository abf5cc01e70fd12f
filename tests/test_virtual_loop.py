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


def test_next_due_tells_when_the_earliest_event_comes_without_moving_the_clock() -> None:
    loop = VirtualLoop(start=1.0)
    assert loop.next_due() is None
    loop.post_at(4.0, TimerDue())
    loop.post_at(3.0, FeedDue())
    assert loop.next_due() == 3.0 and loop.now() == 1.0
    loop.next_event()
    assert loop.next_due() == 4.0 and loop.now() == 3.0
