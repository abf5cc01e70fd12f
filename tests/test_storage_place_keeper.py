"""The place keeper: what a session saves as a player's events arrive, on a real state file."""

from __future__ import annotations

from pathlib import Path

from voicecoach.commands import Command, CommandId
from voicecoach.events import (
    BookmarkAdded,
    CommandDone,
    ExhaleChanged,
    Finished,
    Moved,
    Quit,
    QuitReason,
    SentenceBegun,
    SleepTimerAction,
    SleepTimerChanged,
    Started,
    VoiceChanged,
)
from voicecoach.night import Moment, NightEnd
from voicecoach.places import Place
from voicecoach.ports import Position
from voicecoach.storage.place_keeper import PLACE_NOT_SAVED, PlaceKeeper
from voicecoach.storage.state import Settings
from voicecoach.storage.store import JsonStateStore

KEY = "article:night-guide"


class Keeper:
    """A keeper on a real store in `directory`, recording what it says and prints."""

    def __init__(self, directory: Path, start_over_after_end: bool = False) -> None:
        self.store = JsonStateStore(directory)
        self.said: list[str] = []
        self.printed: list[str] = []
        self.keeper = PlaceKeeper(self.store, KEY, self.said.append, self.printed.append,
                                  start_over_after_end=start_over_after_end)

    def reopened(self) -> JsonStateStore:
        """The state as the next session will read it."""
        return JsonStateStore(self.store.path.parent)


def test_an_exhale_change_saves_nothing_and_does_not_crash(tmp_path: Path) -> None:
    # The session of issue 13 died here: the keeper read rate and volume from an exhale change.
    keeper = Keeper(tmp_path)
    keeper.keeper.on_event(Moved(1.0, Position(1, 0)))
    keeper.keeper.on_event(ExhaleChanged(5.0, change=1.0))
    assert keeper.reopened().load_settings() == Settings()
    assert keeper.reopened().load(KEY) == Position(1, 0)
    assert keeper.said == [] and keeper.printed == []


def test_moves_and_the_end_of_a_session_save_the_position(tmp_path: Path) -> None:
    keeper = Keeper(tmp_path)
    keeper.keeper.on_event(Started(0.0, Position(0, 0), "Night guide"))
    assert keeper.reopened().load(KEY) is None  # starting is not moving
    keeper.keeper.on_event(Moved(3.0, Position(0, 2)))
    assert keeper.reopened().load(KEY) == Position(0, 2)
    keeper.keeper.on_event(Quit(9.0, Position(1, 1), QuitReason.SLEEP_TIMER))
    assert keeper.reopened().load(KEY) == Position(1, 1)


def test_a_voice_change_saves_rate_and_volume_and_keeps_the_voice_name(tmp_path: Path) -> None:
    keeper = Keeper(tmp_path)
    keeper.store.save_settings(Settings(rate=150, volume=0.8, voice="en-gb"))
    keeper.keeper.on_event(VoiceChanged(2.0, rate=135, volume=0.7))
    assert keeper.reopened().load_settings() == Settings(rate=135, volume=0.7, voice="en-gb")


def test_other_events_save_nothing(tmp_path: Path) -> None:
    keeper = Keeper(tmp_path)
    keeper.keeper.on_event(CommandDone(1.0, Command(CommandId.WHERE)))  # before a session started: no night
    keeper.keeper.on_event(SleepTimerChanged(2.0, SleepTimerAction.SET, minutes=20))
    assert not keeper.store.path.exists()


def test_the_end_of_an_article_marks_it_finished_and_keeps_its_last_place(tmp_path: Path) -> None:
    keeper = Keeper(tmp_path)
    keeper.keeper.on_event(Finished(3.0, Position(2, 0)))
    assert keeper.reopened().is_finished(KEY) and keeper.reopened().load(KEY) is None
    keeper.keeper.on_event(Moved(9.0, Position(0, 0)))  # "restart": read again, no longer finished
    assert not keeper.reopened().is_finished(KEY)


def test_a_script_heard_to_the_end_starts_from_the_top_next_time(tmp_path: Path) -> None:
    keeper = Keeper(tmp_path, start_over_after_end=True)
    keeper.keeper.on_event(Moved(60.0, Position(2, 4)))
    keeper.keeper.on_event(Finished(90.0, Position(2, 4)))
    assert keeper.reopened().load(KEY) == Position(0, 0)
    # Saying goodbye after the end does not bring back the last step...
    keeper.keeper.on_event(Quit(95.0, Position(2, 4)))
    assert keeper.reopened().load(KEY) == Position(0, 0)


def test_moving_after_the_end_saves_the_new_place_again(tmp_path: Path) -> None:
    keeper = Keeper(tmp_path, start_over_after_end=True)
    keeper.keeper.on_event(Finished(90.0, Position(2, 4)))
    keeper.keeper.on_event(Moved(91.0, Position(1, 0)))  # "previous section" after the end
    keeper.keeper.on_event(Quit(95.0, Position(1, 0)))
    assert keeper.reopened().load(KEY) == Position(1, 0)


def test_a_failing_disk_is_printed_each_time_and_said_once(tmp_path: Path) -> None:
    keeper = Keeper(tmp_path)
    keeper.store.path.mkdir()  # the state file cannot be replaced by a file now
    keeper.keeper.on_event(Moved(1.0, Position(0, 1)))
    keeper.keeper.on_event(VoiceChanged(2.0, rate=135, volume=0.8))
    keeper.keeper.on_event(Moved(3.0, Position(0, 2)))
    assert keeper.said == [PLACE_NOT_SAVED]
    assert len(keeper.printed) == 3 and all("could not save" in line for line in keeper.printed)


# ---------------------------------------------------------------- bookmarks and the night (issue 14)


def test_a_bookmark_made_is_kept_with_the_places(tmp_path: Path) -> None:
    keeper = Keeper(tmp_path)
    keeper.keeper.on_event(BookmarkAdded(4.0, Place(1, 2, 3)))
    keeper.keeper.on_event(BookmarkAdded(9.0, Place(0, 1)))
    assert keeper.reopened().load_bookmarks(KEY) == [Place(1, 2, 3), Place(0, 1)]


def test_the_night_is_written_as_it_goes_and_says_how_it_ended(tmp_path: Path) -> None:
    keeper = Keeper(tmp_path)
    keeper.keeper.on_event(Started(100.0, Position(0, 0), "Night guide"))
    keeper.keeper.on_event(SentenceBegun(101.0, Position(0, 0), 1))
    keeper.keeper.on_event(CommandDone(102.0, Command(CommandId.SLOWER)))
    night = keeper.reopened().load_night(KEY)
    assert night is not None and night.awake == Moment(2.0, Place(0, 0, 1)) and night.end is None
    keeper.keeper.on_event(Moved(160.0, Position(0, 1)))
    keeper.keeper.on_event(SentenceBegun(170.0, Position(0, 1), 2))
    keeper.keeper.on_event(Quit(175.0, Position(0, 1), QuitReason.SLEEP_TIMER))
    night = keeper.reopened().load_night(KEY)
    assert night is not None and night.end is NightEnd.SLEEP_TIMER
    assert night.trail == (Moment(0.0, Place(0, 0)), Moment(60.0, Place(0, 1)))
    assert night.stopped == Moment(75.0, Place(0, 1, 2))
    assert keeper.reopened().load(KEY) == Position(0, 1)


def test_a_session_that_ends_by_itself_ends_the_night_quietly(tmp_path: Path) -> None:
    keeper = Keeper(tmp_path)
    keeper.keeper.on_event(Started(0.0, Position(0, 0), "Night guide"))
    keeper.keeper.on_event(Moved(30.0, Position(0, 1)))
    keeper.keeper.session_ended(50.0, Position(0, 1))
    night = keeper.reopened().load_night(KEY)
    assert night is not None and night.end is NightEnd.QUIET and night.stopped == Moment(50.0, Place(0, 1))


def test_a_goodbye_is_not_turned_into_a_quiet_end(tmp_path: Path) -> None:
    keeper = Keeper(tmp_path)
    keeper.keeper.on_event(Started(0.0, Position(0, 0), "Night guide"))
    keeper.keeper.on_event(Quit(20.0, Position(0, 0), QuitReason.GOODBYE))
    keeper.keeper.session_ended(21.0, Position(0, 0))
    night = keeper.reopened().load_night(KEY)
    assert night is not None and night.end is NightEnd.GOODBYE
