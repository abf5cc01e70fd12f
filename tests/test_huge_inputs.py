"""Huge and hostile inputs are refused (or handled) in bounded memory, with a clear message.

Memory is measured with tracemalloc: the bound is on the peak of Python allocations while one
input is loaded. These are memory bounds, not timings; nothing here asserts how long a load takes.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path
from typing import Callable, Iterator

import pytest

from voicecoach import cli
from voicecoach.config import config_from_yaml, read_config
from voicecoach.errors import ArticleError, ConfigError, ScriptError
from voicecoach.importers import MAX_ARTICLE_BYTES, load_article, parse_article
from voicecoach.scripts import load_script_file, script_from_yaml

MB = 1024 * 1024


def peak_bytes(action: Callable[[], object]) -> tuple[int, BaseException | None]:
    """Peak traced Python memory (bytes) while `action` runs, and what it raised (if anything)."""
    tracemalloc.start()
    try:
        action()
        raised = None
    except BaseException as error:  # handed back to the test, which checks its type
        raised = error
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak, raised


def refusal(action: Callable[[], object]) -> BaseException | None:
    """What `action` raised, if anything (no memory tracing: the YAML scanner is slow under it)."""
    try:
        action()
    except BaseException as error:  # handed back to the test, which checks its type
        return error
    return None


def write_repeated(path: Path, chunk: str, total_bytes: int) -> Path:
    """Write `chunk` again and again until the file holds `total_bytes` (streamed, not built in memory)."""
    data = chunk.encode("utf-8") * max(1, MB // len(chunk.encode("utf-8")))  # write about 1 MB at a time
    with path.open("wb") as stream:
        written = 0
        while written < total_bytes:
            stream.write(data)
            written += len(data)
        stream.truncate(total_bytes)
    return path


# --------------------------------------------------------------------------- articles


@pytest.fixture(scope="module")
def fifty_mb_article(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("huge")
    paragraph = "Rest the legs on a pillow and let the calves go soft. Breathe out longer than in.\n\n"
    path = write_repeated(folder / "huge-article.txt", paragraph, 50 * MB)
    yield path
    path.unlink()


def test_a_50_mb_article_is_refused_naming_the_limit_in_bounded_memory(fifty_mb_article: Path) -> None:
    peak, raised = peak_bytes(lambda: load_article(fifty_mb_article))
    assert isinstance(raised, ArticleError)
    message = str(raised)
    assert str(fifty_mb_article) in message
    assert "50.0 MB" in message and f"{MAX_ARTICLE_BYTES // MB} MB" in message
    assert peak < 20 * MB, f"refusing a 50 MB file used {peak / MB:.1f} MB"


def test_read_on_a_50_mb_article_exits_2_with_one_clear_line(
    fifty_mb_article: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["read", str(fifty_mb_article), "--output", str(tmp_path / "x.wav"), "--state-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("voicecoach: ") and "MB" in err and "Traceback" not in err
    assert not (tmp_path / "x.wav").exists()


def test_a_50_mb_article_with_a_web_page_name_is_refused_too(tmp_path: Path) -> None:
    page = write_repeated(tmp_path / "page.html", "<p>Warm feet, cool room, dark curtains.</p>\n", 50 * MB)
    peak, raised = peak_bytes(lambda: load_article(page))
    assert isinstance(raised, ArticleError) and "MB" in str(raised)
    assert peak < 20 * MB


@pytest.mark.slow
def test_the_largest_accepted_plain_article_loads_in_bounded_memory(tmp_path: Path) -> None:
    paragraph = "Stretch the calves slowly. Keep the room cool and dark. Warm feet help.\n\n"
    path = write_repeated(tmp_path / "big.txt", paragraph, MAX_ARTICLE_BYTES - 2 * len(paragraph))
    peak, raised = peak_bytes(lambda: load_article(path))
    assert raised is None, raised
    assert peak < 150 * MB, f"loading a {MAX_ARTICLE_BYTES // MB} MB article used {peak / MB:.1f} MB"


@pytest.mark.parametrize(
    ("format", "text"),
    [
        ("markdown", ">" * 10_000 + " Deep down, rest the legs. Breathe out slowly."),
        ("markdown", "*" * 10_000 + "Rest the legs." + "*" * 10_000),
        ("markdown", "[" * 10_000 + "Rest the legs." + "](x)" * 10_000),
        ("markdown", "".join("  " * level + "- Rest the legs.\n" for level in range(300))),
        ("html", "<html><body>" + "<div>" * 10_000 + "<p>Rest the legs and breathe out slowly for a while.</p>"
         + "</div>" * 10_000 + "</body></html>"),
        ("html", "<p>" + "<b>" * 10_000 + "Rest the legs." + "</b>" * 10_000 + "</p>"),
        ("plain", "word " * 100_000),
    ],
    ids=["md-quotes", "md-emphasis", "md-links", "md-lists", "html-divs", "html-bold", "plain-one-line"],
)
def test_deeply_nested_articles_load_or_are_refused_without_recursion_errors(format: str, text: str) -> None:
    raised = refusal(lambda: parse_article(text, format, "deep"))
    assert raised is None or isinstance(raised, ArticleError), repr(raised)
    if raised is not None:
        assert str(raised).startswith("deep")


# --------------------------------------------------------------------------- scripts

def steps_yaml(count: int) -> str:
    return "title: Many steps\nsteps:\n" + "- pause: 1\n" * count


def test_a_script_with_100000_steps_is_refused_with_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text(steps_yaml(100_000))
    peak, raised = peak_bytes(lambda: load_script_file(path))
    assert isinstance(raised, ScriptError)
    assert str(path) in str(raised) and "1,000,000" in str(raised)
    assert peak < 20 * MB
    # The same text handed over as a string is refused the same way.
    peak, raised = peak_bytes(lambda: script_from_yaml(path.read_text(), "many"))
    assert isinstance(raised, ScriptError) and "1,000,000" in str(raised)
    assert peak < 40 * MB


def test_a_script_that_expands_to_100000_steps_is_refused_with_the_limit() -> None:
    text = "title: Repeats\nsteps:\n- repeat:\n    times: 1000\n    steps:\n" + "      - pause: 1\n" * 100
    peak, raised = peak_bytes(lambda: script_from_yaml(text, "repeats.yaml"))
    assert isinstance(raised, ScriptError)
    assert "100,000 steps" in str(raised) and "20,000" in str(raised)
    assert peak < 20 * MB


def test_a_script_just_under_the_step_limit_loads_in_bounded_memory() -> None:
    text = "title: Long night\nsteps:\n- repeat:\n    times: 100\n    steps:\n" + "      - pause: 1\n" * 100
    peak, raised = peak_bytes(lambda: script_from_yaml(text, "long.yaml"))
    assert raised is None, raised
    assert peak < 40 * MB


NESTED = {
    "flow-lists": "[" * 10_000 + "]" * 10_000,
    "flow-maps": "{a: " * 10_000 + "1" + "}" * 10_000,
    "block-maps": "".join("  " * level + "a:\n" for level in range(600)),
    "block-lists": "".join("  " * level + "- \n" for level in range(600)),
    "unclosed": "[" * 20_000,
}


@pytest.mark.parametrize("name", sorted(NESTED))
def test_deeply_nested_yaml_script_gives_our_error_not_recursion(name: str) -> None:
    raised = refusal(lambda: script_from_yaml(NESTED[name], name))
    assert isinstance(raised, ScriptError), repr(raised)
    assert str(raised).startswith(name)


@pytest.mark.parametrize("name", sorted(NESTED))
def test_deeply_nested_yaml_config_gives_our_error_not_recursion(name: str) -> None:
    raised = refusal(lambda: config_from_yaml(NESTED[name], name))
    assert isinstance(raised, ConfigError), repr(raised)
    assert str(raised).startswith(name)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(NESTED))
def test_deeply_nested_yaml_is_refused_in_bounded_memory(name: str) -> None:
    for load, error_type in ((script_from_yaml, ScriptError), (config_from_yaml, ConfigError)):
        peak, raised = peak_bytes(lambda: load(NESTED[name], name))
        assert isinstance(raised, error_type), repr(raised)
        assert peak < 40 * MB, f"{load.__name__} used {peak / MB:.1f} MB on {name}"


def billion_laughs(levels: int = 9) -> str:
    """The classic alias bomb: each level refers to the previous one ten times (10**levels values)."""
    lines = ["title: Laughs", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels + 1):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    lines.append(f"steps: [*a{levels}]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_script_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "laughs.yaml"
    path.write_text(billion_laughs())
    peak, raised = peak_bytes(lambda: load_script_file(path))
    assert isinstance(raised, ScriptError)
    assert str(raised).startswith(str(path)) and "aliases" in str(raised)
    assert peak < 10 * MB


def test_billion_laughs_config_is_refused_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(billion_laughs().replace("title: Laughs\n", "").replace("steps:", "voice:"))
    peak, raised = peak_bytes(lambda: read_config(path))
    assert isinstance(raised, ConfigError)
    assert str(raised).startswith(str(path)) and "alias" in str(raised)
    assert peak < 10 * MB


def test_a_self_referencing_alias_is_refused() -> None:
    with pytest.raises(ScriptError):
        script_from_yaml("title: t\nsteps: &s [*s]\n", "cycle.yaml")
    with pytest.raises(ConfigError):
        config_from_yaml("voice: &v [*v]\n", "cycle.yaml")


# --------------------------------------------------------------------------- config


@pytest.mark.parametrize("chunk", ["# a comment line\n", "# é ü 日本 — a wide comment\n"], ids=["ascii", "multibyte"])
def test_a_50_mb_config_is_refused_for_its_size_in_bounded_memory(tmp_path: Path, chunk: str) -> None:
    path = write_repeated(tmp_path / "config.yaml", chunk, 50 * MB)
    peak, raised = peak_bytes(lambda: read_config(path))
    assert isinstance(raised, ConfigError), repr(raised)
    assert str(raised).startswith(str(path)) and "KiB" in str(raised), str(raised)
    assert peak < 20 * MB

