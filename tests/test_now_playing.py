"""NowPlaying: the track, status and position a media display shows, from player events. Pure."""

from __future__ import annotations

import pytest

from tests.fakes import RecordingSpeaker
from voicecoach.commands import Command, CommandId
from voicecoach.document import Document, Section, Tip
from voicecoach.events import Moved, PlayerEvent, Quit, Started, StateChanged
from voicecoach.now_playing import Changes, DocumentContents, NowPlaying, PlaybackStatus, Track
from voicecoach.player import Player
from voicecoach.ports import Position

GUIDE = Document(
    "Night guide",
    (
        Section("Breathing", (Tip("Slow out", "Breathe out slowly."), Tip("", "Rest your hands."))),
        Section("Legs", (Tip("Stretch", "Point your toes."),)),
    ),
)
CONTENTS = DocumentContents(GUIDE)


def test_a_document_tip_is_a_track_titled_by_its_section() -> None:
    assert CONTENTS.track_at(Position(0, 1)) == Track("Night guide", 1, "Breathing", 2, "Rest your hands.")
    assert CONTENTS.track_at(Position(1, 0)) == Track("Night guide", 2, "Legs", 1, "Stretch. Point your toes.")
    assert CONTENTS.track_at(Position(9, 9)).section == "Legs"  # an old saved place is clamped


@pytest.mark.parametrize(
    ("state", "status"),
    [("reading", PlaybackStatus.PLAYING), ("paused", PlaybackStatus.PAUSED), ("waiting", PlaybackStatus.PAUSED),
     ("stopped", PlaybackStatus.STOPPED), ("finished", PlaybackStatus.STOPPED), ("quitting", PlaybackStatus.STOPPED),
     ("quit", PlaybackStatus.STOPPED)],
)
def test_status_follows_the_player_state(state: str, status: PlaybackStatus) -> None:
    now = NowPlaying()
    now.follow(StateChanged(0.0, "reading"), CONTENTS)
    now.follow(StateChanged(1.0, state), CONTENTS)
    assert now.status is status


def test_changes_say_what_a_display_must_be_told() -> None:
    now = NowPlaying()
    assert now.follow(Started(0.0, Position(0, 0), "Night guide"), CONTENTS) == Changes(track=True)
    assert now.follow(StateChanged(0.1, "reading"), CONTENTS) == Changes(status=True)
    assert not now.follow(StateChanged(0.2, "reading"), CONTENTS)  # no change, nothing to tell
    assert now.follow(Moved(3.0, Position(0, 1)), CONTENTS) == Changes(track=True)
    assert now.follow(Quit(9.0, Position(0, 1)), CONTENTS) == Changes(status=True)
    assert now.status is PlaybackStatus.STOPPED
    assert now.track_serial == 2


def test_position_is_the_time_the_tip_has_sounded_not_counting_pauses() -> None:
    now = NowPlaying()
    now.follow(Started(0.0, Position(0, 0), "Night guide"), CONTENTS)
    now.follow(StateChanged(1.0, "reading"), CONTENTS)
    assert now.position(3.5) == pytest.approx(2.5)
    now.follow(StateChanged(4.0, "paused"), CONTENTS)
    assert now.position(60.0) == pytest.approx(3.0)
    now.follow(StateChanged(60.0, "reading"), CONTENTS)
    assert now.position(61.0) == pytest.approx(4.0)
    now.follow(Moved(62.0, Position(0, 1)), CONTENTS)  # a new tip starts from 0
    assert now.position(62.5) == pytest.approx(0.5)


def test_a_real_players_events_keep_it_current() -> None:
    now = NowPlaying()
    events: list[PlayerEvent] = []
    player = Player(GUIDE, RecordingSpeaker(), lambda event: (events.append(event), now.follow(event, CONTENTS)))
    player.start(0.0)
    assert (now.status, now.track) == (PlaybackStatus.PLAYING, CONTENTS.track_at(Position(0, 0)))
    player.handle(Command(CommandId.NEXT), 2.0)
    assert now.track == CONTENTS.track_at(Position(0, 1))
    player.handle(Command(CommandId.PAUSE), 3.0)
    assert now.status is PlaybackStatus.PAUSED and now.position(10.0) == pytest.approx(1.0)
