"""The microphone through SpeechRecognition's `sr.Microphone`: 30 ms frames of 16 kHz mono PCM.

`open_microphone()` opens the default input device and returns a `MicrophoneFrames` whose
`read()` gives one frame of 16-bit little-endian PCM (960 bytes). Everything that goes wrong —
no PyAudio, no input device, a device that went away, a stream that stopped delivering — is a
`MicrophoneError`, so the listener has one path for "no microphone".

Two things a real desktop does that are easy to miss (both seen on the PulseAudio rig):
- when the microphone goes away, PulseAudio makes the *monitor of the speaker* the default
  source and quietly moves open recording streams there, so the stream goes on delivering our
  own voice and a naive re-open "finds" a microphone; a monitor source is therefore not taken
  for a microphone, when opening and every `check_seconds` while reading (asked of `pactl`
  when it is there);
- a stream whose source was unloaded does not fail, it just stops delivering frames, so a read
  that gets nothing for `stall_seconds` counts as a lost microphone (reads block in a pump
  thread, so a stalled device never blocks the listener).
No audio is written anywhere: frames live only in memory until recognised.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import queue
import threading
import time
from typing import Any, Callable, Protocol

from voicecoach.adapters.stderr import quiet_stderr, silence_alsa_messages
from voicecoach.errors import MicrophoneError

logger = logging.getLogger(__name__)

SAMPLE_RATE = 16000
FRAME_SAMPLES = 480  # 30 ms: a frame size webrtcvad accepts
FRAME_BYTES = FRAME_SAMPLES * 2


class FrameSource(Protocol):
    """A stream of fixed-size PCM frames; `read` raises MicrophoneError when the device is gone."""

    def read(self) -> bytes: ...

    def close(self) -> None: ...


MicrophoneOpener = Callable[[], FrameSource]


class MicrophoneFrames:
    """An open `sr.Microphone` read frame by frame, without blocking past a stall.

    PortAudio's blocking read is the only reliable way to get frames through ALSA's pulse plugin
    (its "frames available" count was seen stuck at 0 for a second and creeping up by a few
    frames at a time), so a pump thread does the blocking reads and hands frames over through a
    queue; `read` waits on the queue with a timeout. Only the pump thread touches the stream,
    so closing never races a read: the pump closes it after its last read returns.
    """

    def __init__(
        self,
        microphone: Any,
        stall_seconds: float = 1.0,
        first_frame_seconds: float = 3.0,
        check_seconds: float = 2.0,
        source_is_monitor: Callable[[], bool] = lambda: False,
    ) -> None:
        self._microphone = microphone
        self._check_seconds = check_seconds
        self._source_is_monitor = source_is_monitor
        self._next_check = time.monotonic() + check_seconds
        self._stall_seconds = stall_seconds
        self._first_frame_seconds = first_frame_seconds
        self._started = False
        self._frames: queue.SimpleQueue[bytes | MicrophoneError] = queue.SimpleQueue()
        self._closed = threading.Event()
        self._pump = threading.Thread(target=self._read_frames, name="microphone", daemon=True)
        self._pump.start()

    def read(self) -> bytes:
        """The next 30 ms frame; MicrophoneError if the device failed or stopped sending sound."""
        if self._closed.is_set():
            raise MicrophoneError("the microphone was closed")
        timeout = self._stall_seconds if self._started else self._first_frame_seconds
        try:
            item = self._frames.get(timeout=timeout)
        except queue.Empty as error:
            raise MicrophoneError(f"the microphone sent no sound for {timeout:g} seconds") from error
        if isinstance(item, MicrophoneError):
            raise item
        self._started = True
        if time.monotonic() >= self._next_check:
            self._next_check = time.monotonic() + self._check_seconds
            if self._source_is_monitor():
                raise MicrophoneError("the microphone went away; only the speaker's own sound is left")
        return item

    def close(self) -> None:
        """Stop reading; the pump thread releases PortAudio after its current read. Safe to call twice."""
        self._closed.set()
        self._frames.put(MicrophoneError("the microphone was closed"))

    def _read_frames(self) -> None:
        stream = self._microphone.stream
        try:
            while not self._closed.is_set():
                self._frames.put(stream.read(FRAME_SAMPLES))
        except (OSError, ValueError) as error:
            self._frames.put(MicrophoneError(f"the microphone stopped working: {error}"))
        finally:
            try:
                with quiet_stderr():
                    self._microphone.__exit__(None, None, None)
            except OSError as error:
                logger.debug("closing the microphone: %s", error)


def default_source_is_monitor() -> bool:
    """True when PulseAudio's default source is a monitor of an output (what a lost mic falls back to)."""
    pactl = shutil.which("pactl")
    if pactl is None:
        return False
    try:
        result = subprocess.run(
            [pactl, "get-default-source"], capture_output=True, text=True, timeout=2.0, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        logger.debug("pactl get-default-source: %s", error)
        return False
    return result.returncode == 0 and result.stdout.strip().endswith(".monitor")


OPEN_ATTEMPTS = 3
"""Tries to open the input stream: a device just released by another stream can refuse for a moment."""
OPEN_RETRY_SECONDS = 0.2


def open_microphone(stall_seconds: float = 1.0) -> MicrophoneFrames:
    """Open the default microphone at 16 kHz mono; MicrophoneError with a plain reason if there is none."""
    try:
        import speech_recognition as sr
    except ImportError as error:
        raise MicrophoneError("SpeechRecognition is not installed; run scripts/setup to install it") from error
    if default_source_is_monitor():
        raise MicrophoneError("no microphone: the only input is the speaker's own sound")
    for attempt in range(1, OPEN_ATTEMPTS):
        try:
            return MicrophoneFrames(_open_stream(sr), stall_seconds, source_is_monitor=default_source_is_monitor)
        except _DeviceRefused as error:
            logger.debug("microphone refused to open (try %d of %d): %s", attempt, OPEN_ATTEMPTS, error)
            time.sleep(OPEN_RETRY_SECONDS)
    return MicrophoneFrames(_open_stream(sr), stall_seconds, source_is_monitor=default_source_is_monitor)


def _open_stream(sr: Any) -> Any:
    """An entered `sr.Microphone`, or MicrophoneError saying why none could be opened."""
    silence_alsa_messages()  # "overrun occurred", printed from inside the stream's reads
    try:
        with quiet_stderr():
            microphone = sr.Microphone(sample_rate=SAMPLE_RATE, chunk_size=FRAME_SAMPLES)
            microphone.__enter__()
    except AttributeError as error:  # sr.Microphone's way of saying PyAudio is missing
        raise MicrophoneError("PyAudio is not installed; run scripts/setup to install it") from error
    except (OSError, ValueError, AssertionError) as error:
        raise _DeviceRefused(f"no microphone could be opened: {error}") from error
    if microphone.stream is None:  # sr.Microphone hides the reason an input stream failed to open
        raise _DeviceRefused("no microphone could be opened: there is no working input device")
    return microphone


class _DeviceRefused(MicrophoneError):
    """The input device would not open (worth another try, unlike a missing library)."""
