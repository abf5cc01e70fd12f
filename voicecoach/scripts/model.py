"""What a guided-relaxation script is, as frozen values: a `Script` holds steps, some of which nest."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from voicecoach.sounds import Voice


class Phase(StrEnum):
    """The four phases of one breath, in the order they happen."""

    INHALE = "inhale"
    HOLD = "hold"
    EXHALE = "exhale"
    HOLD_AFTER = "hold_after"


PHASES: tuple[Phase, ...] = (Phase.INHALE, Phase.HOLD, Phase.EXHALE, Phase.HOLD_AFTER)
DEFAULT_CUES: tuple[str, ...] = ("Breathe in", "Hold", "Breathe out", "Hold")


@dataclass(frozen=True)
class BreathingPattern:
    """Seconds for each phase of one breath; a phase of 0 seconds is left out."""

    name: str
    inhale: float
    hold: float
    exhale: float
    hold_after: float = 0.0

    def seconds(self, phase: Phase) -> float:
        """How long `phase` lasts."""
        return float(getattr(self, phase.value))

    @property
    def cycle_seconds(self) -> float:
        """How long one whole breath lasts."""
        return self.inhale + self.hold + self.exhale + self.hold_after


# Named patterns a script can ask for; "custom" means the script gives the seconds itself.
NAMED_PATTERNS: dict[str, BreathingPattern] = {
    "4-7-8": BreathingPattern("4-7-8", inhale=4, hold=7, exhale=8, hold_after=0),
    "box": BreathingPattern("box", inhale=4, hold=4, exhale=4, hold_after=4),
}
PATTERN_NAMES: tuple[str, ...] = (*NAMED_PATTERNS, "custom")


@dataclass(frozen=True)
class SayStep:
    """Say some text; `rate`, `volume` and `voice` override the script's voice for this step only."""

    text: str
    rate: int | None = None
    volume: float | None = None
    voice: str | None = None


@dataclass(frozen=True)
class PauseStep:
    """Silence for a number of seconds."""

    seconds: float


@dataclass(frozen=True)
class BreatheStep:
    """Paced breathing: `cycles` breaths of `pattern`, with one spoken cue (or None) per phase."""

    pattern: BreathingPattern
    cycles: int
    cues: tuple[str | None, str | None, str | None, str | None] = (
        DEFAULT_CUES[0],
        DEFAULT_CUES[1],
        DEFAULT_CUES[2],
        DEFAULT_CUES[3],
    )

    def cue(self, phase: Phase) -> str | None:
        """The words spoken at the start of `phase`, or None for a silent phase."""
        return self.cues[PHASES.index(phase)]


class ChimeSound(StrEnum):
    """The tones a script can ask for; "none" is silence, handy to switch a chime off."""

    SOFT = "soft"
    BELL = "bell"
    NONE = "none"


@dataclass(frozen=True)
class ChimeStep:
    """A short generated tone, `volume` relative to the speech volume at that point (0..1)."""

    sound: ChimeSound
    volume: float = 0.6


@dataclass(frozen=True)
class RepeatStep:
    """Do `steps` `times` times."""

    times: int
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class SectionStep:
    """A titled part of a script that "next section" and "where am I" know about (top level only)."""

    title: str
    steps: tuple[Step, ...]


Step = SayStep | PauseStep | BreatheStep | ChimeStep | RepeatStep | SectionStep


@dataclass(frozen=True)
class Ramp:
    """Where the voice ends up by the end of the script: slower, quieter, with longer pauses.

    `rate` (words per minute) and `volume` (0..1) are the values at the very end, reached
    linearly from the script's own; pauses are multiplied by up to `pause_factor` (1 = unchanged).
    """

    rate: int | None = None
    volume: float | None = None
    pause_factor: float = 1.0


@dataclass(frozen=True)
class Script:
    """A guided-relaxation script: a title, a voice, an optional ramp and its steps."""

    title: str
    steps: tuple[Step, ...]
    description: str = ""
    voice: Voice = Voice()
    ramp: Ramp | None = None
