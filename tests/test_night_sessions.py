"""Nights across sessions on a real state file, in virtual time: the awake point and the rewind
before the end, "continue from where it stopped", bookmarks and a finished document the next
night; and SIGKILL at random moments of many nights, after which the next night still starts
where the listener was last awake."""

from __future__ import annotations

import os
import random
import signal
import time
from pathlib import Path

import pytest

from tests.fakes import VirtualTimeSpeaker
from tests.night_kill_child import COMMAND_AT, DOCUMENT_KEY, GUIDE, REWIND_SECONDS, TIMER_SECONDS, nights_forever
from voicecoach import phrases
from voicecoach.commands import Command, CommandId
from voicecoach.document import Document
from voicecoach.events import PlayerEvent, Quit, QuitReason, SentenceBegun
from voicecoach.night import NightEnd, ResumeReason, resume_offer
from voicecoach.places import Place
from voicecoach.player import Player, PlayerSettings
from voicecoach.ports import CommandArrived, InputClosed, Position
from voicecoach.session import Session
from voicecoach.sounds import Speech
from voicecoach.storage import JsonStateStore
from voicecoach.storage.fingerprints import DocumentPrint
from voicecoach.storage.place_keeper import PlaceKeeper
from voicecoach.virtual_loop import VirtualLoop

KEY = "night-test"


class Evening:
    """One session of GUIDE on the store in `directory`, as `voicecoach read` wires it."""

    def __init__(self, directory: Path, commands: list[tuple[float, Command]], *, sleep_s: float | None = None,
                 document: Document = GUIDE, controls: bool = True) -> None:
        store = JsonStateStore(directory)
        store.register_document(KEY, DocumentPrint.of(document))
        self.offer = resume_offer(store.load_night(KEY), REWIND_SECONDS)
        finished = store.is_finished(KEY)
        self.keeper = PlaceKeeper(store, KEY, lambda text: None, rewind_seconds=REWIND_SECONDS)
        self.loop = VirtualLoop()
        self.speaker = VirtualTimeSpeaker(loop=self.loop)
        self.events: list[PlayerEvent] = []
        start = store.load(KEY) or Position(0, 0)
        self.player = Player(
            document, self.speaker, self._emit, PlayerSettings(continuous=True, relaxation_available=True),
            start=start, resume=None if finished else self.offer, bookmarks=store.load_bookmarks(KEY), finished=finished,
        )
        if sleep_s is not None:
            self.player.set_sleep_timer(sleep_s, 0.0)
        last = 0.0
        for when, command in commands:
            self.loop.post_at(when, CommandArrived(command))
            last = max(last, when)
        self.loop.post_at(last, InputClosed("keys"))

    def _emit(self, event: PlayerEvent) -> None:
        self.events.append(event)
        self.keeper.on_event(event)

    def run(self) -> "Evening":
        Session(self.player, self.loop, input_open=True).run()
        self.keeper.session_ended(self.loop.now(), self.player.position)
        return self

    def said(self) -> list[str]:
        return [s.text for _, s in self.speaker.starts if isinstance(s, Speech)]

    def last_sentence(self) -> tuple[Position, int]:
        begun = [e for e in self.events if isinstance(e, SentenceBegun)][-1]
        return begun.position, begun.sentence


def at(when: float, command_id: CommandId, **args: int) -> tuple[float, Command]:
    return when, Command(command_id, args)


def test_after_a_sleep_timer_the_next_night_starts_where_the_listener_was_last_awake(tmp_path: Path) -> None:
    first = Evening(tmp_path, [at(5 * 60.0, CommandId.SLOWER)], sleep_s=12 * 60.0).run()
    assert [e.reason for e in first.events if isinstance(e, Quit)] == [QuitReason.SLEEP_TIMER]
    awake_tip = next(e for e in first.events if isinstance(e, SentenceBegun) and e.at >= 5 * 60.0).position
    stopped, sentence = first.last_sentence()
    second = Evening(tmp_path, [at(2.0, CommandId.CONTINUE_WHERE_STOPPED), at(30.0, CommandId.QUIT)])
    assert second.offer is not None and second.offer.reason is ResumeReason.AWAKE
    assert second.offer.start <= Place.of(awake_tip) and second.offer.start.sentence == 0
    second.run()
    assert second.said()[0].startswith("Welcome back. I'm starting at ") and "where you were last awake" in second.said()[0]
    assert phrases.FROM_WHERE_IT_STOPPED in second.said()
    assert any(isinstance(e, SentenceBegun) and (e.position, e.sentence) == (stopped, sentence) for e in second.events)


def test_a_long_night_goes_back_the_rewind_before_the_end_not_to_the_start(tmp_path: Path) -> None:
    Evening(tmp_path, [at(10.0, CommandId.SLOWER)], sleep_s=60 * 60.0).run()
    store = JsonStateStore(tmp_path)
    store.register_document(KEY, DocumentPrint.of(GUIDE))
    night = store.load_night(KEY)
    assert night is not None and night.end is NightEnd.SLEEP_TIMER
    second = Evening(tmp_path, [at(2.0, CommandId.QUIT)])
    assert second.offer is not None and second.offer.reason is ResumeReason.BEFORE_END
    read_then = [m for m in night.trail if m.at <= night.last.at - REWIND_SECONDS][-1]
    assert second.offer.start == Place(read_then.place.section, read_then.place.tip)
    second.run()
    assert "15 minutes before the reading stopped" in second.said()[0]


def test_a_goodbye_resumes_where_it_stopped_with_no_offer(tmp_path: Path) -> None:
    Evening(tmp_path, [at(200.0, CommandId.QUIT)]).run()
    second = Evening(tmp_path, [at(2.0, CommandId.QUIT)])
    assert second.offer is None
    second.run()
    assert second.said()[0].startswith("Welcome back. Continuing from tip")


def test_bookmarks_made_one_night_are_there_the_next(tmp_path: Path) -> None:
    Evening(tmp_path, [at(100.0, CommandId.BOOKMARK), at(200.0, CommandId.QUIT)]).run()
    marked = JsonStateStore(tmp_path).load_bookmarks(KEY)
    assert len(marked) == 1
    second = Evening(tmp_path, [at(2.0, CommandId.GOTO_BOOKMARK, number=1), at(20.0, CommandId.QUIT)]).run()
    assert phrases.bookmark_number(1) in second.said()
    assert any(isinstance(e, SentenceBegun) and Place.of(e.position, e.sentence) == marked[0] for e in second.events)


def test_a_document_read_to_its_end_is_offered_again_from_its_beginning(tmp_path: Path) -> None:
    short = Document("Short", GUIDE.sections[:1])
    Evening(tmp_path, [], document=short).run()
    assert JsonStateStore(tmp_path).is_finished(KEY)
    second = Evening(tmp_path, [at(1.0, CommandId.RESTART), at(30.0, CommandId.QUIT)], document=short)
    second.run()
    assert second.said()[0] == phrases.finished_offer("Short", relaxation=True)
    assert not JsonStateStore(tmp_path).is_finished(KEY)  # read again from the beginning


# ---------------------------------------------------------------- kill -9 in the middle of nights

TRIALS = 40
SEED = 20261214


def kill_one_child(state_dir: Path, delay: float) -> list[str]:
    """Fork a child living nights, let it run `delay` s past its first acknowledgement, SIGKILL it."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        try:
            nights_forever(str(state_dir), write_fd)
        finally:
            os._exit(1)
    os.close(write_fd)
    try:
        output = os.read(read_fd, 65536)
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        while chunk := os.read(read_fd, 65536):
            output += chunk
    finally:
        os.close(read_fd)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    return [line for line in output.decode("ascii").split("\n")[:-1]]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork and SIGKILL")
def test_after_each_of_many_kills_the_next_night_starts_from_a_valid_awake_point(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    for trial in range(TRIALS):
        acks = kill_one_child(tmp_path, rng.uniform(0.0, 0.3))
        store = JsonStateStore(tmp_path)
        assert store.notices == [], f"trial {trial}: {store.notices}"
        store.register_document(DOCUMENT_KEY, DocumentPrint.of(GUIDE))
        night = store.load_night(DOCUMENT_KEY)
        assert night is not None, f"trial {trial}: acknowledged {acks[-1:]} but no night saved"
        if acks and acks[-1].startswith("awake"):  # killed after the command was saved, before the end
            assert night.awake.at == pytest.approx(COMMAND_AT, abs=5.0), (trial, night.awake)
        if acks and acks[-1].startswith("ended"):
            # Between nights: the one that ended, whole; or the next begun, its start saved and perhaps
            # its command too (the child writes "awake" after the save, so a kill can fall in between).
            next_begun = night.end is None and (night.awake.at == 0.0 or night.awake.at == pytest.approx(COMMAND_AT, abs=5.0))
            assert night.end is NightEnd.SLEEP_TIMER or next_begun, (trial, night)
        offer = resume_offer(night, REWIND_SECONDS)
        if night.end is not NightEnd.GOODBYE:
            assert offer is not None and offer.start <= offer.stopped
            assert 0 <= offer.start.section < len(GUIDE.sections)
            assert night.last.at <= TIMER_SECONDS + 30.0
