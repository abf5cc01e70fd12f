"""Stable names for documents in the state file."""

from __future__ import annotations

import hashlib
import os
import re

_URL = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)


def document_key(title: str, source: str) -> str:
    """A key that names the same document on every run: a hash of its source, else of its title.

    Sources with a scheme ("https://…", "builtin:guide") are used as they are; anything else is
    taken as a file path and made absolute, so `article.txt` and `./article.txt` agree. The title
    is used only when there is no source, so renaming an article's heading keeps its place.
    """
    if source.strip():
        cleaned = source.strip()
        if not _URL.match(cleaned) or os.path.isabs(cleaned):
            cleaned = os.path.abspath(os.path.expanduser(cleaned))
        basis = "source:" + cleaned
    else:
        basis = "title:" + " ".join(title.split()).casefold()
    return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:20]
