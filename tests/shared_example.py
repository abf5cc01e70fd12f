"""Where the shared example article is, if this machine has it (tests use it only as an extra check).

The repository may be checked out at /work/main or in a worktree deeper down (/work/wt/NAME), so
the folders above the repository are searched for `shared/examples/`.
"""

from __future__ import annotations

from pathlib import Path

_NAME = Path("shared") / "examples" / "restless-legs-withdrawal.txt"


def _find() -> Path:
    for folder in Path(__file__).resolve().parents[1:]:
        candidate = folder / _NAME
        if candidate.is_file():
            return candidate
    return Path(__file__).resolve().parents[2] / _NAME  # absent: tests that need it skip


EXAMPLE_ARTICLE = _find()
"""The scraped example article; `.exists()` is False on machines without it."""
