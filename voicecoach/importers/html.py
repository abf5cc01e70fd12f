"""A saved HTML page → `Document`: trafilatura finds the article, the Markdown path reads it.

trafilatura drops navigation, comments, footers and ads, and writes the article body as
Markdown with its headings and lists, which `parse_markdown` then turns into sections and tips.
It only parses the string given; it never fetches anything.
"""

from __future__ import annotations

import logging
from configparser import ConfigParser
from types import ModuleType

from voicecoach.document import Document
from voicecoach.errors import ArticleError
from voicecoach.importers.markdown import parse_markdown

logger = logging.getLogger(__name__)

MIN_ARTICLE_WORDS = 4
FIX = (
    "open the page in your browser's reader view and save it again, "
    "or copy the article text into a .txt file and import that"
)


def _trafilatura() -> ModuleType:
    """trafilatura, imported on first use: it takes a quarter of a second, and only HTML needs it."""
    import trafilatura

    return trafilatura


def _lenient_config() -> ConfigParser:
    """trafilatura settings that keep short pages (its default wants 250 characters of text)."""
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", "1")
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


def _extract(text: str, lenient: bool) -> str | None:
    return _trafilatura().extract(
        text,
        output_format="markdown",
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        include_formatting=True,
        favor_recall=True,
        with_metadata=False,
        config=_lenient_config() if lenient else None,
    )


def _keep_if_readable(body: str | None) -> str | None:
    """The extracted text if it is at least a short sentence, not a lone navigation link."""
    return body if body and len(body.split()) >= MIN_ARTICLE_WORDS else None


def _where(source: str) -> str:
    return f"{source}: " if source else ""


def extract_markdown(text: str, source: str = "") -> tuple[str, str]:
    """(article body as Markdown, page title) from an HTML string; ArticleError when none is found."""
    try:
        # A short page is still an article to a person in bed; retry leniently before refusing.
        body = _keep_if_readable(_extract(text, lenient=False)) or _keep_if_readable(_extract(text, lenient=True))
        metadata = _trafilatura().extract_metadata(text) if body else None
    except Exception as err:  # trafilatura and lxml raise many types on malformed pages
        raise ArticleError(f"{_where(source)}this HTML page could not be read ({err}); {FIX}") from err
    if not body:
        raise ArticleError(f"{_where(source)}found no article text in this HTML page; {FIX}")
    title = (metadata.title or "") if metadata is not None else ""
    return body, title


def parse_html(text: str, source: str = "") -> Document:
    """Parse a saved HTML page into sections and tips.

    Raises `ArticleError` when the page holds no article text.
    """
    body, title = extract_markdown(text, source)
    logger.debug("trafilatura found %d characters of article text", len(body))
    try:
        return parse_markdown(body, source, title=title)
    except ArticleError as err:
        raise ArticleError(f"{_where(source)}found no readable article text in this HTML page; {FIX}") from err
