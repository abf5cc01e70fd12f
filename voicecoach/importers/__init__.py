"""Article import: turn a .txt, .md or .html file into a `Document` ready to be read aloud.

`parse_article(text, format, source)` is the pure entry point. `load_article(path)` is the only
place that touches the file: it checks size, kind and encoding before handing text over, and
explains every refusal with an `ArticleError` naming the file and what to do.

What a file is comes from its content first and its name second: a saved web page named
`.txt` is read as HTML, a plain-text file named `.pdf` is read as text, and a name only
explains a refusal ("this is a PDF") when the bytes cannot be read as text.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Callable

from voicecoach.document import Document
from voicecoach.errors import ArticleError
from voicecoach.filekinds import ARTICLE_SUFFIXES, is_script_name
from voicecoach.importers.html import parse_html
from voicecoach.importers.markdown import parse_markdown
from voicecoach.importers.plaintext import parse_plain_text

logger = logging.getLogger(__name__)

__all__ = ["ARTICLE_FORMATS", "MAX_ARTICLE_BYTES", "detect_format", "load_article", "parse_article"]

MAX_ARTICLE_BYTES = 2 * 1024 * 1024
"""Largest article file we read (2 MB): ten times a long article; a 5 MB Markdown file took ~260 MB to parse."""

ARTICLE_FORMATS: dict[str, Callable[[str, str], Document]] = {
    "plain": parse_plain_text,
    "markdown": parse_markdown,
    "html": parse_html,
}

_SAVE_AS_TEXT = "copy the article text into a .txt file (or save the web page as .html) and import that"

# Files people may well try, and the kind we tell them they gave us.
_REFUSED_EXTENSIONS = {
    ".pdf": "a PDF", ".doc": "a Word document", ".docx": "a Word document", ".odt": "an OpenDocument file",
    ".rtf": "an RTF document", ".epub": "an e-book", ".mobi": "an e-book", ".zip": "a zip archive",
    ".png": "an image", ".jpg": "an image", ".jpeg": "an image", ".gif": "an image", ".webp": "an image",
    ".mp3": "an audio file", ".wav": "an audio file", ".ogg": "an audio file", ".m4a": "an audio file",
}  # fmt: skip
_MAGIC_BYTES = (
    (b"%PDF", "a PDF"),
    (b"PK\x03\x04", "a zip archive (Word, OpenDocument or e-book)"),
    (b"\xd0\xcf\x11\xe0", "an old Word or Office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG", "an image"),
    (b"\xff\xd8\xff", "an image"),
    (b"GIF8", "an image"),
    (b"RIFF", "an audio or image file"),
    (b"ID3", "an audio file"),
    (b"OggS", "an audio file"),
    (b"\x7fELF", "a program"),
)
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_HTML_PAGE = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL)
_HTML_SNIFF = re.compile(r"<(?:!doctype\s+html|html|head|body|article|div|p|h[1-6]|ul|ol|li|br)\b", re.IGNORECASE)
_MARKDOWN_SNIFF = re.compile(r"^(?:#{1,6}\s+\S|\S[^\n]*\n(?:=+|-{3,})[ \t]*$)", re.MULTILINE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
MAX_CONTROL_SHARE = 0.05


def parse_article(text: str, format: str, source: str = "") -> Document:
    """Parse article text of a known format ("plain", "markdown" or "html") into a `Document`."""
    parser = ARTICLE_FORMATS.get(format)
    if parser is None:
        known = ", ".join(ARTICLE_FORMATS)
        raise ArticleError(f"{source or 'article'}: unknown article format {format!r}; use one of {known}")
    return parser(text, source)


def detect_format(name: str, text: str) -> str:
    """The format for a file name and its text: a whole web page is HTML whatever its name;
    otherwise by extension, else by sniffing the content."""
    if _HTML_PAGE.match(text[:4000]):
        return "html"
    suffix = Path(name).suffix.lower()
    if suffix in ARTICLE_SUFFIXES:
        return ARTICLE_SUFFIXES[suffix]
    head = text[:4000]
    if _HTML_SNIFF.search(head):
        return "html"
    if _MARKDOWN_SNIFF.search(head):
        return "markdown"
    return "plain"


def load_article(path: Path) -> Document:
    """Read an article file and parse it; `ArticleError` says what is wrong and what to do."""
    name = str(path)
    _check_file(path, name)
    data = _read_bytes(path, name)
    text = _decode(data, name, _REFUSED_EXTENSIONS.get(path.suffix.lower()))
    format = detect_format(path.name, text)
    logger.debug("reading %s as %s", name, format)
    return parse_article(text, format, name)


def _check_file(path: Path, name: str) -> None:
    """Refuse before reading: missing, a folder, a relaxation script, too big, or empty."""
    try:
        if path.is_dir():
            raise ArticleError(f"{name}: this is a folder, not a file; give the path of one article file")
        size = path.stat().st_size
    except FileNotFoundError as err:
        raise ArticleError(f"{name}: no such file; check the path and the spelling") from err
    except OSError as err:
        raise ArticleError(f"{name}: cannot open this file ({err.strerror}); check it exists and you may read it") from err
    if is_script_name(path):
        raise ArticleError(
            f"{name}: this is a relaxation script, not an article; play it with: voicecoach relax {name}"
        )
    if size > MAX_ARTICLE_BYTES:
        megabytes = size / (1024 * 1024)
        raise ArticleError(
            f"{name}: this file is {megabytes:.1f} MB, more than the {MAX_ARTICLE_BYTES // (1024 * 1024)} MB "
            f"an article may be; save just the article part into a smaller file"
        )
    if size == 0:
        raise ArticleError(f"{name}: the file is empty; save the article text into it first")


def _read_bytes(path: Path, name: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise ArticleError(f"{name}: cannot read this file ({err.strerror}); check you may read it") from err


def _decode(data: bytes, name: str, named_kind: str | None = None) -> str:
    """Text from bytes: UTF-8, or UTF-8/UTF-16 with a byte-order mark; refuse binary files.

    `named_kind` is what the file's extension says it is ("a PDF"); it names a refusal, but a
    file that holds readable text is read whatever its name says.
    """
    for magic, kind in _MAGIC_BYTES:
        if data.startswith(magic):
            raise ArticleError(f"{name}: this is {named_kind or kind}, not a text file; {_SAVE_AS_TEXT}")
    binary = f"{name}: this is {named_kind or 'a binary file'}, not text; {_SAVE_AS_TEXT}"
    encoding = next((codec for bom, codec in _BOMS if data.startswith(bom)), None)
    if encoding is None and b"\x00" in data:
        raise ArticleError(binary)
    try:
        text = data.decode(encoding or "utf-8")
    except UnicodeDecodeError as err:
        if named_kind or _CONTROL.search(data[:4096].decode("latin-1")):
            raise ArticleError(binary) from err
        raise ArticleError(
            f"{name}: this text is not UTF-8 (byte {err.start} cannot be read); "
            "open it in a text editor and save it again as UTF-8"
        ) from err
    if _looks_binary(text):
        raise ArticleError(binary)
    if named_kind:
        logger.info("%s is named like %s but holds text; reading it as text", name, named_kind)
    if not text.strip():
        raise ArticleError(f"{name}: the file holds only blank space; save the article text into it first")
    return text


def _looks_binary(text: str) -> bool:
    """Mostly control characters: decodable by chance, but not something to read aloud."""
    sample = text[:8192]
    if "\x00" in sample:
        return True
    return bool(sample) and len(_CONTROL.findall(sample)) / len(sample) > MAX_CONTROL_SHARE
