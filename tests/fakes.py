"""Fakes for what a test machine lacks: a speaker that records and takes virtual time."""

from __future__ import annotations

from dataclasses import dataclass, field

from voicecoach.ports import EventLoop, SoundFinished
from voicecoach.sounds import Earcon, Sound, Speech, Voice

SECONDS_PER_CHARACTER = 0.06
EARCON_SECONDS = 0.15


def fake_duration(sound: Sound) -> float:
    """A stand-in length for a sound: proportional to the text, fixed for earcons."""
    if isinstance(sound, Earcon):
        return EARCON_SECONDS
    return SECONDS_PER_CHARACTER * len(sound.text)


@dataclass
class RecordingSpeaker:
    """Records what it is asked to play and stop; reports nothing by itself."""

    played: list[Sound] = field(default_factory=list)
    stops: int = 0
    prefetched: list[tuple[str, Voice]] = field(default_factory=list)

    def play(self, sound: Sound) -> None:
        self.played.append(sound)

    def stop(self) -> None:
        self.stops += 1

    def prefetch(self, text: str, voice: Voice) -> None:
        self.prefetched.append((text, voice))

    @property
    def texts(self) -> list[str]:
        """What was said, in order (earcons as <name>)."""
        return [s.text if isinstance(s, Speech) else f"<{s.name}>" for s in self.played]


@dataclass
class VirtualTimeSpeaker(RecordingSpeaker):
    """A recording speaker on a virtual loop: each sound finishes after its fake duration."""

    loop: EventLoop | None = None
    starts: list[tuple[float, Sound]] = field(default_factory=list)

    def play(self, sound: Sound) -> None:
        super().play(sound)
        assert self.loop is not None
        self.starts.append((self.loop.now(), sound))
        self.loop.post_at(self.loop.now() + fake_duration(sound), SoundFinished(sound.id))
