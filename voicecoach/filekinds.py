"""What kind of file a name promises: an article or a relaxation script. Pure, and cheap to import.

`read`, `relax`, `import` and `render` all ask this, so that a file given to the wrong one is
handled the same way everywhere (see README, "Using it"). The content still has the last word
where it can be read: `importers.load_article` sniffs it.
"""

from __future__ import annotations

from pathlib import PurePath
from types import MappingProxyType
from typing import Mapping

SCRIPT_SUFFIXES = frozenset({".yaml", ".yml"})
"""Relaxation scripts, which `relax` plays."""

ARTICLE_SUFFIXES: Mapping[str, str] = MappingProxyType({
    ".txt": "plain", ".text": "plain",
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
})  # fmt: skip
"""Article extensions and the article format each one names."""


def is_script_name(name: str | PurePath) -> bool:
    """Whether the file name is a relaxation script's (.yaml, .yml)."""
    return PurePath(name).suffix.lower() in SCRIPT_SUFFIXES


def is_article_name(name: str | PurePath) -> bool:
    """Whether the file name is an article's (.txt, .md, .html and their kin)."""
    return PurePath(name).suffix.lower() in ARTICLE_SUFFIXES
