"""Whisper's input: an 80-band log-mel spectrogram of 16 kHz audio, 100 frames a second. Pure numpy.

The same computation as OpenAI Whisper's `log_mel_spectrogram` (400-sample Hann window, hop
160, Slaney mel filters, log10 floored 8 decades under the peak, scaled to about -1..1), written
here so that listening needs no audio library beyond numpy.
"""

from __future__ import annotations

import functools

import numpy as np

SAMPLE_RATE = 16_000
N_FFT = 400
HOP = 160
N_MELS = 80
FRAMES_PER_SECOND = SAMPLE_RATE // HOP


@functools.cache
def mel_filters(sample_rate: int = SAMPLE_RATE, n_fft: int = N_FFT, n_mels: int = N_MELS) -> np.ndarray:
    """Slaney-style mel filter bank, shape (n_mels, n_fft // 2 + 1)."""
    fft_freqs = np.fft.rfftfreq(n=n_fft, d=1.0 / sample_rate)
    # The Slaney mel scale: linear below 1 kHz, logarithmic above.
    linear_step = 200.0 / 3
    log_start_hz = 1000.0
    log_start_mel = log_start_hz / linear_step
    log_step = np.log(6.4) / 27.0
    top_mel = log_start_mel + np.log(sample_rate / 2 / log_start_hz) / log_step
    mels = np.linspace(0.0, top_mel, n_mels + 2)
    freqs = linear_step * mels
    above = mels >= log_start_mel
    freqs[above] = log_start_hz * np.exp(log_step * (mels[above] - log_start_mel))
    spacing = np.diff(freqs)
    ramps = freqs[:, None] - fft_freqs[None, :]
    lower = -ramps[:-2] / spacing[:-1, None]
    upper = ramps[2:] / spacing[1:, None]
    weights = np.maximum(0.0, np.minimum(lower, upper))
    weights *= (2.0 / (freqs[2 : n_mels + 2] - freqs[:n_mels]))[:, None]
    return weights.astype(np.float32)


@functools.cache
def _window() -> np.ndarray:
    return np.hanning(N_FFT + 1)[:-1].astype(np.float32)


def log_mel(samples: np.ndarray, frames: int) -> np.ndarray:
    """The log-mel spectrogram of `samples` (float, 16 kHz) padded with silence or cut to
    exactly `frames` frames; shape (80, frames), float32."""
    wanted = frames * HOP
    audio = np.zeros(wanted, dtype=np.float32)
    audio[: min(wanted, len(samples))] = samples[:wanted]
    padded = np.pad(audio, (N_FFT // 2, N_FFT // 2), mode="reflect")
    starts = HOP * np.arange(frames)
    windows = padded[starts[:, None] + np.arange(N_FFT)[None, :]] * _window()
    power = np.abs(np.fft.rfft(windows, axis=1)) ** 2
    mel = mel_filters() @ power.T.astype(np.float32)
    log_spec = np.log10(np.maximum(mel, 1e-10))
    log_spec = np.maximum(log_spec, log_spec.max() - 8.0)
    return ((log_spec + 4.0) / 4.0).astype(np.float32)
