"""Typed input: the lines of a piped stream reach the session whatever bytes they hold."""

from __future__ import annotations

import io
import threading

from voicecoach.adapters.typed_input import read_typed_lines, start_line_reader
from voicecoach.ports import InputClosed, LineArrived, LoopEvent
from voicecoach.session import is_binary_line

BINARY = b"next\n\x7fELF\x02\x01\xff\xfe\xd0\n\x00\x00more\n"


def strict_stdin(data: bytes) -> io.TextIOWrapper:
    """A stdin that, read as text, raises UnicodeDecodeError (what a UTF-8 locale gives)."""
    return io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", errors="strict")


def test_undecodable_bytes_are_kept_as_escapes_not_raised() -> None:
    lines = read_typed_lines(strict_stdin(BINARY))
    assert lines[0] == "next\n"
    assert len(lines) == 3 and all(is_binary_line(line) for line in lines[1:])


def test_a_text_stream_without_bytes_is_read_as_it_is() -> None:
    assert read_typed_lines(io.StringIO("next\nwhere\n")) == ["next\n", "where\n"]


def test_the_reader_thread_posts_every_line_then_closes_even_on_binary_input() -> None:
    posted: list[LoopEvent] = []
    closed = threading.Event()

    def post(event: LoopEvent) -> None:
        posted.append(event)
        if isinstance(event, InputClosed):
            closed.set()

    start_line_reader(strict_stdin(BINARY), post, interactive=False)
    assert closed.wait(30.0)  # an upper bound for a thread to read 20 bytes, not a timing check
    assert [type(event) for event in posted] == [LineArrived] * 3 + [InputClosed]
