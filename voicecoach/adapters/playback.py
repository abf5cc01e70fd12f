"""Interruptible playback of AudioClips on the default output device.

`open_default_output()` gives a `ClipPlayer`: PyAudio when it is installed (a writer thread
feeding ~23 ms chunks, so `stop()` silences within a chunk or two), else an `aplay` subprocess
that `stop()` terminates. With no device it raises `AudioOutputError` instead of a traceback,
and PortAudio's ALSA/JACK chatter on stderr is kept out of the listener's terminal.

`continuous_output(player)` gives a second, long-running `PcmSink` on the same device (the
sound bed's: see `adapters/bed_output.py`); the sound server mixes it with the clips.
"""

from __future__ import annotations

import fcntl
import logging
import shutil
import subprocess
import threading
from typing import Any, Callable, Protocol

from voicecoach.adapters.stderr import quiet_stderr, silence_alsa_messages
from voicecoach.audio import SAMPLE_RATE, AudioClip
from voicecoach.errors import AudioOutputError

logger = logging.getLogger(__name__)

CHUNK_FRAMES = 512
"""Frames written per chunk: ~23 ms at 22050 Hz, the longest a stop() waits for a write."""

TAIL_MARGIN_SECONDS = 0.05
"""Extra wait after the last chunk so the device buffer drains before the stream closes."""

NO_OUTPUT_HINT = "No audio output device found; connect a speaker or headphones, or try --output FILE.wav"
FIX_HINT = "check the speaker, or try --output FILE.wav"

DoneCallback = Callable[[], None]
ErrorCallback = Callable[[AudioOutputError], None]


class ClipPlayer(Protocol):
    """Plays one clip at a time and can be silenced at once."""

    def play(self, clip: AudioClip, on_done: DoneCallback, on_error: ErrorCallback | None = None) -> None:
        """Start `clip` (stopping any clip still playing) and return at once.

        `on_done` is called from a worker thread when the clip has been heard to its end; it is
        not called for a clip that `stop()` cut short. Failures after the start go to `on_error`.
        """

    def stop(self) -> None:
        """Silence the current clip; returns when it is silent."""

    def close(self) -> None:
        """Stop and release the device."""


class _Job:
    """One clip being played by a worker thread."""

    def __init__(
        self,
        on_done: DoneCallback,
        on_error: ErrorCallback | None,
        on_cancel: Callable[[], None] | None = None,
    ) -> None:
        self.cancelled = threading.Event()
        self.on_done = on_done
        self.on_error = on_error
        self.on_cancel = on_cancel
        self.thread: threading.Thread | None = None

    def cancel(self) -> None:
        self.cancelled.set()
        if self.on_cancel is not None:
            self.on_cancel()

    def fail(self, error: AudioOutputError) -> None:
        if self.cancelled.is_set():
            return
        if self.on_error is None:
            logger.error("playback failed: %s", error)
        else:
            self.on_error(error)

    def finish(self) -> None:
        if not self.cancelled.is_set():
            self.on_done()


class _JobRunner:
    """Keeps at most one playing job and stops it on request (shared by both players)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._job: _Job | None = None

    def start(self, job: _Job, target: Callable[[], None]) -> None:
        self.stop()
        job.thread = threading.Thread(target=target, name="clip-player", daemon=True)
        with self._lock:
            self._job = job
        job.thread.start()

    def stop(self) -> None:
        with self._lock:
            job, self._job = self._job, None
        if job is None:
            return
        job.cancel()
        # on_done may call play() again from the worker itself; it must not wait for itself.
        if job.thread is not None and job.thread is not threading.current_thread():
            job.thread.join()


class PyAudioClipPlayer:
    """A `ClipPlayer` on PortAudio through PyAudio."""

    def __init__(self) -> None:
        import pyaudio  # optional dependency: imported only when this player is chosen

        self._pyaudio = pyaudio
        self._device_lock = threading.Lock()  # streams are opened and closed from several threads
        silence_alsa_messages()  # "underrun occurred", printed from inside a stream's writes
        with quiet_stderr():
            self._pa = pyaudio.PyAudio()
        self._runner = _JobRunner()
        try:
            self._pa.get_default_output_device_info()
            self._open(SAMPLE_RATE).close()  # a device can be listed yet refuse to open
        except (OSError, AudioOutputError) as err:
            self._pa.terminate()
            raise AudioOutputError(NO_OUTPUT_HINT) from err

    def _open(self, rate: int, frames_per_buffer: int = CHUNK_FRAMES) -> Any:
        try:
            with self._device_lock, quiet_stderr():
                return self._pa.open(
                    format=self._pyaudio.paInt16,
                    channels=1,
                    rate=rate,
                    output=True,
                    frames_per_buffer=frames_per_buffer,
                )
        except OSError as err:
            raise AudioOutputError(f"The audio device cannot play ({err}); {FIX_HINT}") from err

    def continuous_sink(self, rate: int, frames_per_buffer: int) -> "PcmSink":
        """A second, long-running stream on this device (the sound bed's)."""
        return _PyAudioPcmSink(lambda: self._open(rate, frames_per_buffer), self._device_lock)

    def play(self, clip: AudioClip, on_done: DoneCallback, on_error: ErrorCallback | None = None) -> None:
        """Open a stream for `clip` now (errors raise here) and feed it from a worker thread."""
        self._runner.stop()
        stream = self._open(clip.sample_rate)
        job = _Job(on_done, on_error)
        data = clip.to_int16().tobytes()
        self._runner.start(job, lambda: self._feed(job, stream, data))

    def _feed(self, job: _Job, stream: Any, data: bytes) -> None:
        chunk_bytes = CHUNK_FRAMES * 2
        try:
            for start in range(0, len(data), chunk_bytes):
                if job.cancelled.is_set():
                    break
                stream.write(data[start : start + chunk_bytes])
            else:
                # The last chunks are still in the device buffer; wait them out, unless stopped.
                if not job.cancelled.wait(stream.get_output_latency() + TAIL_MARGIN_SECONDS):
                    stream.stop_stream()
        except OSError as err:
            job.fail(AudioOutputError(f"The audio device stopped working ({err}); {FIX_HINT}"))
            return
        finally:
            with self._device_lock:
                stream.close()  # on a running stream this discards what is buffered: instant silence
        job.finish()

    def stop(self) -> None:
        """Silence the current clip; returns once its stream is closed."""
        self._runner.stop()

    def close(self) -> None:
        """Stop and release PortAudio."""
        self._runner.stop()
        self._pa.terminate()


class AplayClipPlayer:
    """A `ClipPlayer` that pipes raw PCM into `aplay`, for machines without PyAudio."""

    def __init__(self, aplay: str = "aplay", buffer_ms: int = 50) -> None:
        path = shutil.which(aplay)
        if path is None:
            raise AudioOutputError(
                "Neither PyAudio nor aplay is installed; pip install PyAudio, or try --output FILE.wav"
            )
        self._aplay = path
        self._buffer_us = buffer_ms * 1000
        self._runner = _JobRunner()
        probe = subprocess.run(
            self._command(SAMPLE_RATE), input=b"\0\0" * 220, capture_output=True, check=False
        )
        if probe.returncode != 0:
            raise AudioOutputError(NO_OUTPUT_HINT)

    def _command(self, rate: int) -> list[str]:
        return [self._aplay, "-q", "-t", "raw", "-f", "S16_LE", "-c", "1", "-r", str(rate),
                f"--buffer-time={self._buffer_us}", "-"]

    def play(self, clip: AudioClip, on_done: DoneCallback, on_error: ErrorCallback | None = None) -> None:
        """Start aplay for `clip` and feed it from a worker thread."""
        self._runner.stop()
        try:
            process = subprocess.Popen(
                self._command(clip.sample_rate), stdin=subprocess.PIPE, stderr=subprocess.DEVNULL
            )
        except OSError as err:
            raise AudioOutputError(f"aplay cannot start ({err}); {FIX_HINT}") from err
        job = _Job(on_done, on_error, on_cancel=lambda: _terminate(process))
        data = clip.to_int16().tobytes()
        self._runner.start(job, lambda: self._feed(job, process, data))

    def _feed(self, job: _Job, process: subprocess.Popen[bytes], data: bytes) -> None:
        stdin = process.stdin
        # Small writes so a cancel is seen between them; a pipe holds ~64 KiB (~1.5 s).
        chunk_bytes = CHUNK_FRAMES * 2
        try:
            for start in range(0, len(data), chunk_bytes):
                if job.cancelled.is_set():
                    break
                stdin.write(data[start : start + chunk_bytes])  # type: ignore[union-attr]
            stdin.close()  # type: ignore[union-attr]
        except (BrokenPipeError, ValueError, OSError) as err:
            # stop() terminated aplay, or aplay died; its exit code below tells which.
            logger.debug("aplay pipe closed: %s", err)
        code = process.wait()
        if code != 0:
            job.fail(AudioOutputError(f"aplay failed with exit code {code}; {FIX_HINT}"))
            return
        job.finish()

    def stop(self) -> None:
        """Terminate the aplay of the current clip."""
        self._runner.stop()

    def close(self) -> None:
        """Stop; aplay holds nothing between clips."""
        self._runner.stop()

    def continuous_sink(self, rate: int, frames_per_buffer: int) -> "PcmSink":
        """A long-running aplay of its own (the sound bed's)."""
        return _AplayPcmSink(self._aplay, rate)


class PcmSink(Protocol):
    """A continuous output stream of 16-bit mono PCM, fed by one thread."""

    @property
    def latency(self) -> float:
        """About how long (seconds) a block written now waits before it is heard."""

    def start(self) -> None:
        """Open (or resume) the stream; raises AudioOutputError when it cannot."""

    def write(self, data: bytes) -> None:
        """Queue `data`, blocking while the device's buffer is full; raises AudioOutputError."""

    def pause(self) -> None:
        """Let what is queued play out, then stop (`start` resumes)."""

    def close(self) -> None:
        """Stop and release the stream."""


class _PyAudioPcmSink:
    """A PcmSink on a PortAudio stream, opened on first start and kept until close."""

    def __init__(self, open_stream: Callable[[], Any], device_lock: threading.Lock) -> None:
        self._open_stream = open_stream
        self._device_lock = device_lock
        self._stream: Any = None

    @property
    def latency(self) -> float:
        return float(self._stream.get_output_latency()) if self._stream is not None else 0.0

    def start(self) -> None:
        if self._stream is None:
            self._stream = self._open_stream()
            return
        try:
            if self._stream.is_stopped():
                self._stream.start_stream()
        except OSError as err:
            self.close()
            raise AudioOutputError(f"The audio device cannot play ({err}); {FIX_HINT}") from err

    def write(self, data: bytes) -> None:
        try:
            self._stream.write(data)
        except (OSError, AttributeError) as err:  # AttributeError: written after a failed start
            raise AudioOutputError(f"The audio device stopped working ({err}); {FIX_HINT}") from err

    def pause(self) -> None:
        if self._stream is None:
            return
        try:
            self._stream.stop_stream()  # plays out what is buffered first
        except OSError as err:
            logger.debug("stopping the continuous stream failed: %s", err)
            self.close()

    def close(self) -> None:
        stream, self._stream = self._stream, None
        if stream is None:
            return
        try:
            with self._device_lock:
                stream.close()
        except OSError as err:
            logger.debug("closing the continuous stream failed: %s", err)


PIPE_BYTES = 4096
"""The pipe into a continuous aplay is shrunk to one page (~93 ms of audio): changes are heard soon."""
CONTINUOUS_APLAY_BUFFER_MS = 200
"""aplay's own buffer for a continuous stream: long enough to ride out a busy moment."""


class _AplayPcmSink:
    """A PcmSink that pipes into an aplay started on `start` and ended by `pause` or `close`."""

    def __init__(self, aplay: str, rate: int) -> None:
        self._command = [aplay, "-q", "-t", "raw", "-f", "S16_LE", "-c", "1", "-r", str(rate),
                         f"--buffer-time={CONTINUOUS_APLAY_BUFFER_MS * 1000}", "-"]
        self._process: subprocess.Popen[bytes] | None = None
        self._rate = rate

    @property
    def latency(self) -> float:
        return CONTINUOUS_APLAY_BUFFER_MS / 1000 + PIPE_BYTES / (2 * self._rate)

    def start(self) -> None:
        if self._process is not None:
            return
        try:
            self._process = subprocess.Popen(self._command, stdin=subprocess.PIPE, stderr=subprocess.DEVNULL)
        except OSError as err:
            raise AudioOutputError(f"aplay cannot start ({err}); {FIX_HINT}") from err
        try:
            fcntl.fcntl(self._process.stdin.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)  # type: ignore[union-attr]
        except OSError as err:  # an old kernel: the pipe stays larger, changes are heard later
            logger.debug("cannot shrink the pipe into aplay: %s", err)

    def write(self, data: bytes) -> None:
        process = self._process
        try:
            if process is None or process.stdin is None:
                raise BrokenPipeError("aplay is not running")
            process.stdin.write(data)
            process.stdin.flush()
        except (BrokenPipeError, ValueError, OSError) as err:
            self.close()
            raise AudioOutputError(f"aplay stopped ({err}); {FIX_HINT}") from err

    def pause(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        try:
            process.stdin.close()  # type: ignore[union-attr]
        except (BrokenPipeError, OSError) as err:
            logger.debug("closing the pipe into aplay: %s", err)
        process.wait()

    def close(self) -> None:
        process, self._process = self._process, None
        if process is not None:
            _terminate(process)
            process.wait()


def continuous_output(player: ClipPlayer, rate: int, frames_per_buffer: int) -> PcmSink:
    """A continuous stream on the device `player` plays on; AudioOutputError if it has none."""
    make = getattr(player, "continuous_sink", None)
    if make is None:
        raise AudioOutputError("This audio output cannot play a sound bed alongside the voice")
    sink: PcmSink = make(rate, frames_per_buffer)
    return sink


def _terminate(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()


def open_default_output(prefer: str = "auto") -> ClipPlayer:
    """The best player this machine has: "pyaudio", "aplay", or "auto" (PyAudio, else aplay).

    Raises `AudioOutputError` with a plain hint when there is nothing to play on.
    """
    if prefer not in ("auto", "pyaudio", "aplay"):
        raise AudioOutputError(f"Unknown audio output {prefer!r}; use auto, pyaudio or aplay")
    if prefer in ("auto", "pyaudio"):
        try:
            return PyAudioClipPlayer()
        except ImportError as err:
            if prefer == "pyaudio":
                raise AudioOutputError("PyAudio is not installed; pip install PyAudio") from err
            logger.info("PyAudio is not installed; playing through aplay")
    return AplayClipPlayer()
