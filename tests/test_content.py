"""Tests for the built-in restless-legs guide and its locator."""

from __future__ import annotations

import re

import pytest

from tests.shared_example import EXAMPLE_ARTICLE
from voicecoach.content import BUILTIN_GUIDE_KEY, builtin_guide_path

NOT_MEDICAL_ADVICE = "This guide is general information, not medical advice."

CORE_SECTIONS = (
    "Why legs get restless now",
    "Right now, in bed",
    "Before bed tomorrow",
    "Food, drink and checks",
    "Getting support",
)

BOLD_LEAD_TIP = re.compile(r"^- \*\*[A-Z][^*]*:\*\* \S")

# Words a tip must not contain because a speech synthesiser reads them badly.
UNSPEAKABLE = re.compile(r"\be\.g\.|\bi\.e\.|\betc\.|\bRLS\b|https?://|www\.|[()|<>\[\]{}]")


@pytest.fixture(scope="module")
def guide_text() -> str:
    """The guide as shipped in the package."""
    return builtin_guide_path().read_text(encoding="utf-8")


def _sections(text: str) -> dict[str, list[str]]:
    """Map each '## ' heading to the lines under it."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        if line.startswith("## "):
            current = sections.setdefault(line[3:].strip(), [])
        elif current is not None:
            current.append(line)
    return sections


def _words(text: str) -> list[str]:
    """Lower-case words with punctuation and apostrophe styles normalised away."""
    text = text.lower().replace("\u2019", "'").replace("'", "")
    return re.findall(r"[a-z0-9]+", text)


def _ngrams(words: list[str], size: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def test_key_names_the_builtin_guide() -> None:
    assert BUILTIN_GUIDE_KEY == "builtin:restless-legs"


def test_guide_path_is_a_markdown_file_in_the_package() -> None:
    path = builtin_guide_path()
    assert path.is_file()
    assert path.suffix == ".md"
    assert path.parent.name == "content"


def test_guide_starts_with_its_title(guide_text: str) -> None:
    assert guide_text.splitlines()[0] == "# Restless legs during withdrawal"


def test_first_section_says_it_is_not_medical_advice_and_how_to_steer(guide_text: str) -> None:
    first_title, first_lines = next(iter(_sections(guide_text).items()))
    body = "\n".join(first_lines)
    assert first_title == "Welcome"
    assert NOT_MEDICAL_ADVICE in body
    assert "urgent help" in body
    for command in ("next", "repeat", "help"):
        assert re.search(rf"\b{command}\b", body), command


def test_core_sections_each_have_three_to_six_bold_lead_tips(guide_text: str) -> None:
    sections = _sections(guide_text)
    for title in CORE_SECTIONS:
        tips = [line for line in sections[title] if line.startswith("- ")]
        assert 3 <= len(tips) <= 6, title
        for tip in tips:
            assert BOLD_LEAD_TIP.match(tip), tip


def test_guide_has_welcome_core_and_closing_sections_in_order(guide_text: str) -> None:
    assert list(_sections(guide_text)) == ["Welcome", *CORE_SECTIONS, "To close"]


def test_tips_have_two_to_four_short_sentences(guide_text: str) -> None:
    for line in guide_text.splitlines():
        if not line.startswith("- **"):
            continue
        body = line.split(":** ", 1)[1]
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", body) if s]
        assert 2 <= len(sentences) <= 4, line
        for sentence in sentences:
            assert len(sentence.split()) <= 30, sentence


def test_lines_are_short_and_speakable(guide_text: str) -> None:
    for line in guide_text.splitlines():
        assert len(line) <= 400, line
        assert not UNSPEAKABLE.search(line), line
        assert line.isascii(), line


def test_guide_shares_no_eight_word_run_with_the_example_article(guide_text: str) -> None:
    if not EXAMPLE_ARTICLE.is_file():
        pytest.skip("the shared example article is not present on this machine")
    article = _ngrams(_words(EXAMPLE_ARTICLE.read_text(encoding="utf-8")), 8)
    shared = _ngrams(_words(guide_text), 8) & article
    assert not shared, sorted(" ".join(run) for run in shared)


def test_markdown_importer_reads_the_guide(guide_text: str) -> None:
    markdown = pytest.importorskip("voicecoach.importers.markdown")
    document = markdown.parse_markdown(guide_text, BUILTIN_GUIDE_KEY)
    titles = [section.title for section in document.sections]
    assert len(titles) >= 5
    for title in CORE_SECTIONS:
        assert title in titles
    for section in document.sections:
        if section.title in CORE_SECTIONS:
            assert len(section.tips) >= 3, section.title
            for tip in section.tips:
                assert tip.title and not tip.title.endswith(":"), tip
    assert document.title == "Restless legs during withdrawal"
    assert titles[0] == "Welcome" and titles[-1] == "To close"


def test_overlap_guard_catches_a_lightly_reworded_copy() -> None:
    copied = "It's CRUCIAL -- to consult a healthcare professional, about potential interactions!"
    original = "It's crucial to consult a healthcare professional about potential interactions and adjustments"
    assert _ngrams(_words(copied), 8) & _ngrams(_words(original), 8)
