"""Child for the night-kill test: whole nights of a long article in virtual time, one after
another, on a real state file, until killed.

Each night starts where the last one's resume offer says, gets one command 30 s in ("slower":
the listener was awake then), and ends by a 20-minute sleep timer. After the command's save
the child writes "awake <night>" to `ack_fd`, and "ended <night>" after the night's last save.
"""

from __future__ import annotations

import os
import sys

from tests.fakes import VirtualTimeSpeaker
from voicecoach.commands import Command, CommandId
from voicecoach.document import Document, Section, Tip
from voicecoach.events import CommandDone, PlayerEvent
from voicecoach.night import resume_offer
from voicecoach.player import Player, PlayerSettings
from voicecoach.ports import CommandArrived, InputClosed
from voicecoach.session import Session
from voicecoach.storage import JsonStateStore
from voicecoach.storage.fingerprints import DocumentPrint
from voicecoach.storage.place_keeper import PlaceKeeper
from voicecoach.virtual_loop import VirtualLoop

DOCUMENT_KEY = "night-kill-test"
SENTENCE = "Let the weight of the day slip away as you breathe out slowly."
GUIDE = Document(
    "Long night",
    tuple(Section(f"Part {s}", tuple(Tip(f"Rest {s}.{t}", f"{SENTENCE} {SENTENCE}") for t in range(30))) for s in range(40)),
)
COMMAND_AT = 30.0
TIMER_SECONDS = 20 * 60.0
REWIND_SECONDS = 15 * 60.0


def one_night(state_dir: str, night: int, ack_fd: int) -> None:
    """One night: from the offer (or the saved place), a command, then sleep."""
    store = JsonStateStore(state_dir)
    store.register_document(DOCUMENT_KEY, DocumentPrint.of(GUIDE))
    offer = resume_offer(store.load_night(DOCUMENT_KEY), REWIND_SECONDS)
    keeper = PlaceKeeper(store, DOCUMENT_KEY, lambda text: None, rewind_seconds=REWIND_SECONDS)
    loop = VirtualLoop()
    speaker = VirtualTimeSpeaker(loop=loop)

    def emit(event: PlayerEvent) -> None:
        keeper.on_event(event)
        if isinstance(event, CommandDone):
            os.write(ack_fd, f"awake {night}\n".encode("ascii"))

    start = store.load(DOCUMENT_KEY)
    player = Player(GUIDE, speaker, emit, PlayerSettings(continuous=True), resume=offer,
                    **({"start": start} if start is not None else {}))
    player.set_sleep_timer(TIMER_SECONDS, 0.0)
    loop.post_at(COMMAND_AT, CommandArrived(Command(CommandId.SLOWER)))
    loop.post_at(COMMAND_AT, InputClosed("keys"))
    Session(player, loop, input_open=True).run()
    keeper.session_ended(loop.now(), player.position)
    os.write(ack_fd, f"ended {night}\n".encode("ascii"))


def nights_forever(state_dir: str, ack_fd: int) -> None:
    """Night 0, 1, 2, … until killed."""
    night = 0
    while True:
        one_night(state_dir, night, ack_fd)
        night += 1


if __name__ == "__main__":
    nights_forever(sys.argv[1], sys.stdout.fileno())
