"""Tests for voicecoach.importers.furniture: which whole lines are page furniture."""

from __future__ import annotations

import pytest

from voicecoach.importers.furniture import furniture_rule_for, is_furniture


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Article with TOC", "table of contents marker"),
        ("Table of Contents", "table of contents marker"),
        ("Author's profile picture", "author picture"),
        ("By Mara Quill", "byline"),
        ("Jun 08, 2025 · 5 min read", "date and read time"),
        ("March 3, 2024 • 12 mins read", "date and read time"),
        ("Updated on 2 February 2023 | 7 minute read", "date and read time"),
        ("Published: 2024-11-30", "date"),
        ("4 min read", "date and read time"),
        ("Related Post", "related posts"),
        ("You might also like", "related posts"),
        ("Thank you for visiting our website which covers about Sleep . See you.", "thank-you footer"),
        ("Thanks for reading Calm Corner Weekly!", "thank-you footer"),
        ("Go Home", "home link"),
        ("Back to top", "home link"),
        ("© 2025 Some Site", "copyright"),
    ],
)
def test_furniture_lines_are_recognised(line: str, rule: str) -> None:
    found = furniture_rule_for(line)
    assert found is not None and found.name == rule


@pytest.mark.parametrize(
    "line",
    [
        "By doing this every night you give the body a signal.",
        "Thank you, body, for carrying me through the day.",
        "Understanding the Link Between Rest and Breath",
        "Contents of a calm bedroom are simple.",
        "Go slowly.",
    ],
)
def test_article_lines_are_not_furniture(line: str) -> None:
    assert furniture_rule_for(line) is None


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Skip to content | Home | About", "skip link"),
        ("Skip to main content", "skip link"),
        ("Home | About | Contact", "site menu"),
        ("Home » Sleep » Restless legs", "site menu"),
        ("Share this: Twitter Facebook", "share buttons"),
    ],
)
def test_site_navigation_is_furniture(line: str, rule: str) -> None:
    found = furniture_rule_for(line)
    assert found is not None and found.name == rule


@pytest.mark.parametrize("line", ["Breathe in / hold / breathe out", "Warm | cool", "Rest, then stretch, then rest."])
def test_short_lists_in_prose_are_not_a_site_menu(line: str) -> None:
    assert furniture_rule_for(line) is None


def test_is_furniture_ignores_spacing() -> None:
    assert is_furniture("  Share   this:  Twitter ")
    assert not is_furniture("Share the load with a friend.")
