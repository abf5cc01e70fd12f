"""quiet_stderr hides C libraries' chatter; separate_python_stderr keeps our own lines out of its reach."""

from __future__ import annotations

import ctypes.util
import os
import subprocess
import sys
import textwrap

import pytest

from voicecoach.adapters.stderr import quiet_stderr, separate_python_stderr


def test_quiet_stderr_hides_only_what_is_written_meanwhile(capfd: pytest.CaptureFixture[str]) -> None:
    with quiet_stderr():
        os.write(2, b"ALSA lib noise\n")
    os.write(2, b"after\n")
    assert capfd.readouterr().err == "after\n"


def _stderr_of_a_program_that_logs_while_quiet(separate: bool) -> str:
    """Run a child that logs one line while fd 2 is quieted (as a device opens on another thread)."""
    program = textwrap.dedent(
        f"""
        import logging, os
        from voicecoach.adapters.stderr import quiet_stderr, separate_python_stderr
        if {separate}:
            separate_python_stderr()
        logging.basicConfig(level=logging.INFO, format="%(message)s")
        with quiet_stderr():
            os.write(2, b"ALSA lib noise\\n")
            logging.getLogger("listener").info("heard 'next tip': obey")
        logging.getLogger("listener").info("after")
        """
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=30, check=True)
    return result.stderr


def test_a_log_line_written_while_stderr_is_quiet_is_kept_once_python_has_its_own_stderr() -> None:
    assert _stderr_of_a_program_that_logs_while_quiet(separate=True) == "heard 'next tip': obey\nafter\n"


def test_without_its_own_stderr_python_loses_lines_written_while_quiet() -> None:
    # The failure separate_python_stderr exists for: shown here so the test above means something.
    assert _stderr_of_a_program_that_logs_while_quiet(separate=False) == "after\n"


def test_a_stderr_replaced_by_a_test_harness_is_left_alone(capsys: pytest.CaptureFixture[str]) -> None:
    replaced = sys.stderr
    separate_python_stderr()
    assert sys.stderr is replaced
    print("still captured", file=sys.stderr)
    assert capsys.readouterr().err == "still captured\n"


def _stderr_of_an_alsa_underrun(silence: bool) -> str:
    """Run a child that makes alsa-lib report an underrun, as it does from inside a busy stream's write."""
    if ctypes.util.find_library("asound") is None:
        pytest.skip("no alsa-lib on this machine")
    program = textwrap.dedent(
        f"""
        import ctypes, ctypes.util, logging
        from voicecoach.adapters.stderr import separate_python_stderr, silence_alsa_messages
        separate_python_stderr()
        logging.basicConfig(level=logging.DEBUG, format="log: %(message)s")
        if {silence}:
            assert silence_alsa_messages()
        asound = ctypes.CDLL(ctypes.util.find_library("asound"))
        pcm = ctypes.c_void_p()
        assert asound.snd_pcm_open(ctypes.byref(pcm), b"null", 0, 0) == 0
        asound.snd_pcm_recover(pcm, -32, 0)  # -EPIPE, not silent: "underrun occurred"
        """
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=30, check=True)
    return result.stderr


def test_alsa_underrun_lines_go_to_the_debug_log_not_the_terminal() -> None:
    # Issue 13: "ALSA lib pcm.c:8570:(snd_pcm_recover) underrun occurred" was printed at start.
    stderr = _stderr_of_an_alsa_underrun(silence=True)
    assert "ALSA lib" not in stderr
    assert "log: ALSA pcm.c:" in stderr and "(snd_pcm_recover): %s occurred" in stderr  # shown with -v


def test_without_the_handler_alsa_prints_underruns_itself() -> None:
    # What silence_alsa_messages exists for, shown so the test above means something.
    assert "underrun occurred" in _stderr_of_an_alsa_underrun(silence=False)
