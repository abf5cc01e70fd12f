"""Every example in README.md and docs/*.md is run, so an example that stops working fails CI.

Each code block of the docs (fenced or indented) is one example, found by reading the Markdown
with markdown-it-py; examples added later are covered without touching this file. What is done
with a block depends on what it is:

- after `<!-- not run: REASON -->`: nothing (it shows as skipped, with the reason). Keep these rare;
- ```` ```yaml ```` with `steps:` is a relaxation script: `voicecoach check` must find no problem,
  and `voicecoach render` must play it into a file;
- any other ```` ```yaml ```` is a config: the config loader must find no mistake, and a short
  reading with it (`read ARTICLE.txt --config FILE -o FILE.wav`) must work;
- ```` ```yaml mistakes ```` is a file with mistakes on purpose, and the next code block is what
  voicecoach prints for it (`check` for a script, `config --config FILE` for a config): the
  printed lines must be those, the file's path aside;
- ```` ```markdown article NAME ```` is an article, and the next code block is what
  `voicecoach import NAME` prints for it: the printed lines must be those;
- a block of shell lines that run `voicecoach` is run by bash, and every line must succeed
  (exit status 0, no traceback). Before that:
  - a placeholder is a file of tests/fixtures/docs/ copied to the working folder (ARTICLE.txt,
    SCRIPT.yaml, ...), or a name in `ALIASES`; CLIP.wav is "next", said by espeak-ng;
  - `[A|B]` and `ARTICLE.txt|.md|.html` run once with each choice, `[--json]` with it, and a
    trailing `...` is dropped;
  - a live session (`read`, `relax`, or no subcommand) without `-o` writes to a file in virtual
    time instead, so no sound card or microphone is needed;
  - HOME, the state folder and the config folder are fresh temporary folders;
- any other block fails: say what it is with a marker.

An example that fails because of work another part of the project owns is listed in
`KNOWN_FAILURES` (a piece of its text and the reason) and is expected to fail until then.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt

from voicecoach.adapters.tts import Pyttsx3Synthesizer
from voicecoach.adapters.wavfile import write_wav
from voicecoach.cli import main
from voicecoach.config import config_from_yaml
from voicecoach.errors import ConfigError
from voicecoach.sounds import Voice

ROOT = Path(__file__).resolve().parents[1]
DOCS = (ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")))
FIXTURES = Path(__file__).parent / "fixtures" / "docs"
ALIASES = {"ARTICLE": "ARTICLE.txt", "SOURCE": "ARTICLE.md", "NAME": "box-breathing", "my-script.yaml": "SCRIPT.yaml"}
KNOWN_FAILURES: dict[str, str] = {}  # e.g. {"voice: en-gb": "issue 13 item 3: voice names are refused"}
NOT_RUN = re.compile(r"<!--\s*not run:\s*(?P<reason>.+?)\s*-->", re.DOTALL)
LIVE_SUBCOMMANDS = (None, "read", "relax")
TIMEOUT_SECONDS = 300


@dataclass(frozen=True)
class Example:
    """One code block of a doc."""

    doc: str
    line: int
    info: str
    text: str
    not_run: str | None
    output: str | None  # the next code block, for an example with mistakes

    @property
    def id(self) -> str:
        return f"{self.doc}:{self.line}"


def examples() -> list[Example]:
    """Every code block of README.md and docs/*.md, in order."""
    found: list[Example] = []
    for path in DOCS:
        tokens = [token for token in MarkdownIt("commonmark").parse(path.read_text(encoding="utf-8")) if token.block]
        blocks = [index for index, token in enumerate(tokens) if token.type in ("fence", "code_block")]
        for number, index in enumerate(blocks):
            token = tokens[index]
            before = tokens[index - 1] if index else None
            marker = NOT_RUN.search(before.content) if before is not None and before.type == "html_block" else None
            following = tokens[blocks[number + 1]].content if number + 1 < len(blocks) else None
            found.append(Example(
                str(path.relative_to(ROOT)), token.map[0] + 1 if token.map else 0, token.info.strip(),
                token.content, marker["reason"] if marker else None, following,
            ))
    return found


def _cases() -> list[object]:
    cases: list[object] = []
    outputs = {
        (example.doc, example.output) for example in ALL if example.info.split()[1:2] in (["mistakes"], ["article"])
    }
    for example in ALL:
        if (example.doc, example.text) in outputs:
            continue  # the printed output of the example before it, checked with that one
        marks = []
        if example.not_run:
            marks.append(pytest.mark.skip(reason=f"not run: {example.not_run}"))
        for text, reason in KNOWN_FAILURES.items():
            if text in example.text:
                marks.append(pytest.mark.xfail(reason=reason, strict=True, raises=AssertionError))
        cases.append(pytest.param(example, id=example.id, marks=marks))
    return cases


ALL = examples()


def test_the_docs_have_examples_to_run() -> None:
    kinds = [kind_of(example) for example in ALL if not example.not_run]
    assert {"shell", "config", "script", "mistakes", "article"} <= set(kinds)


def kind_of(example: Example) -> str:
    """What an example is: shell, config, script or mistakes (see the module docstring)."""
    words = example.info.split()
    if words[:2] == ["markdown", "article"]:
        return "article"
    if words[:1] == ["yaml"]:
        if words[1:2] == ["mistakes"]:
            return "mistakes"
        data = yaml.safe_load(example.text)
        return "script" if isinstance(data, dict) and "steps" in data else "config"
    if words[:1] in ([], ["sh"], ["bash"], ["console"]) and re.search(r"(^|[|;&(]\s*)voicecoach(?![\w:.-])", example.text, re.MULTILINE):
        return "shell"
    return "unknown"


@pytest.mark.parametrize("example", _cases())
def test_example(
    example: Example, tmp_path: Path, capsys: pytest.CaptureFixture[str], synthesizer: Pyttsx3Synthesizer
) -> None:
    kind = kind_of(example)
    if kind == "config":
        config_from_yaml(example.text, f"{example.id} (config example)")
        path = tmp_path / "config.yaml"
        path.write_text(example.text, encoding="utf-8")
        reading = ["read", str(FIXTURES / "ARTICLE.txt"), "--config", str(path), "-o", str(tmp_path / "read.wav"),
                   "--state-dir", str(tmp_path / "state")]
        assert main(reading) == 0, capsys.readouterr().err
    elif kind == "script":
        path = tmp_path / "example.yaml"
        path.write_text(example.text, encoding="utf-8")
        assert main(["check", str(path)]) == 0, capsys.readouterr().out
        assert main(["render", str(path), "-o", str(tmp_path / "example.flac")]) == 0, capsys.readouterr().err
    elif kind == "mistakes":
        check_printed_mistakes(example, tmp_path, capsys)
    elif kind == "article":
        check_imported_article(example, tmp_path, capsys)
    elif kind == "shell":
        run_shell_example(example, tmp_path, synthesizer)
    else:
        pytest.fail(
            f"{example.id}: this code block is neither a voicecoach command, a ```yaml config or script, nor the "
            "output of a ```yaml mistakes example; run it in tests/test_docs.py, or put "
            "'<!-- not run: why -->' on the line before it"
        )


# ------------------------------------------------------------------ files with mistakes


def check_printed_mistakes(example: Example, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The mistakes example prints exactly the next block (the path it shows replaced by ours)."""
    assert example.output is not None, f"{example.id}: a ```yaml mistakes example needs its output in the next block"
    expected = [line for line in example.output.splitlines() if line.strip()]
    shown = re.match(r"^(?:voicecoach: )?(?P<path>.+?):\d+:\d+: ", expected[0])
    assert shown, f"{example.id}: the output should start with FILE:LINE:COLUMN: ..."
    path = tmp_path / Path(shown["path"]).name
    path.write_text(example.text, encoding="utf-8")
    is_script = re.search(r"^steps:", example.text, re.MULTILINE) is not None
    if is_script:
        status = main(["check", str(path)])
        printed = capsys.readouterr().out
    else:
        with pytest.raises(ConfigError):
            config_from_yaml(example.text)
        status = main(["config", "--config", str(path)])
        printed = capsys.readouterr().err
    assert status == 2
    assert printed.splitlines() == [line.replace(shown["path"], str(path)) for line in expected]


def check_imported_article(example: Example, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`voicecoach import NAME` of the article prints exactly the next block."""
    words = example.info.split()
    assert len(words) == 3 and example.output is not None, (
        f"{example.id}: write ```markdown article NAME.md and put what import prints in the next block"
    )
    path = tmp_path / words[2]
    path.write_text(example.text, encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(path)]) == 0
    assert capsys.readouterr().out.rstrip().splitlines() == example.output.rstrip().splitlines()


# ------------------------------------------------------------------ shell commands


def run_shell_example(example: Example, tmp_path: Path, synthesizer: Pyttsx3Synthesizer) -> None:
    """Run the block's lines with bash in a fresh folder, placeholders and live sessions made runnable."""
    work = tmp_path / "work"
    shutil.copytree(FIXTURES, work)
    if "CLIP.wav" in example.text:
        write_wav(work / "CLIP.wav", synthesizer.synthesize("next", Voice()))
    script = "\n".join(runnable_lines(example.text))
    result = subprocess.run(
        ["bash", "-e", "-o", "pipefail", "-x", "-c", script],
        cwd=work, env=example_environment(tmp_path), input="", capture_output=True, text=True, timeout=TIMEOUT_SECONDS,
    )
    report = f"{example.id}:\n{script}\n--- stderr:\n{result.stderr[-4000:]}"
    assert result.returncode == 0, report
    assert "Traceback" not in result.stderr, report


def runnable_lines(text: str) -> list[str]:
    """The block's lines, each choice of a `[A|B]` on its own line, placeholders and live sessions replaced."""
    lines: list[str] = []
    live = itertools.count(1)
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        for choice in expand_choices(line):
            lines.append(_VOICECOACH.sub(lambda match: _offline(match, next(live)), _aliased(choice)))
    return lines


_CHOICES = re.compile(r"\[(?P<inside>[^\]]+)\]|(?P<stem>\b[A-Z]+)(?P<endings>\.\w+(?:\|\.\w+)+)")
_VOICECOACH = re.compile(r"(?P<head>(?:^|[|;&(])\s*)voicecoach(?![\w:.-])(?P<args>(?:[ \t]+[^\s|;&>#]+)*)")


def expand_choices(line: str) -> list[str]:
    """`relax [NAME|SCRIPT.yaml]` → both; `read ARTICLE.txt|.md|.html` → three; `[--json]` kept; `...` dropped."""
    line = re.sub(r"\s\.\.\.(?=\s|$)", "", line)
    match = _CHOICES.search(line)
    if match is None:
        return [line]
    if match["inside"] is not None:
        options = match["inside"].split("|")
    else:
        options = [match["stem"] + ending for ending in match["endings"].split("|")]
    return [expanded for option in options
            for expanded in expand_choices(line[: match.start()] + option + line[match.end():])]


def _aliased(line: str) -> str:
    for placeholder, value in ALIASES.items():
        line = re.sub(rf"(?<![\w./-]){re.escape(placeholder)}(?![\w.-])", value, line)
    return line


def _offline(match: re.Match[str], number: int) -> str:
    """`voicecoach ...` as written, or with `-o live-N.wav` if it is a live session."""
    words = match["args"].split()
    subcommand = next((word for word in words if not word.startswith("-")), None)
    asks_for_help = any(word in ("-h", "--help", "--version") for word in words)
    writes_a_file = any(word in ("-o", "--output") or word.startswith("--output=") for word in words)
    if subcommand in LIVE_SUBCOMMANDS and not asks_for_help and not writes_a_file:
        return f"{match['head']}voicecoach{match['args']} -o live-{number}.wav"
    return match.group(0)


def example_environment(tmp_path: Path) -> dict[str, str]:
    """A fresh HOME and state folder, and `voicecoach` on PATH as this Python's voicecoach."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "voicecoach"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m voicecoach "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    environment = {key: value for key, value in os.environ.items()
                   if key not in ("VOICECOACH_CONFIG", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME")}
    (tmp_path / "home").mkdir()
    environment.update({
        "HOME": str(tmp_path / "home"),
        "VOICECOACH_STATE_DIR": str(tmp_path / "state"),
        "PATH": f"{bin_dir}{os.pathsep}{environment.get('PATH', '')}",
        "PYTHONPATH": str(ROOT),
    })
    return environment


# ------------------------------------------------------------------ the rules themselves


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("voicecoach relax [NAME|SCRIPT.yaml]   # a relaxation",
         ["voicecoach relax box-breathing -o live-1.wav   # a relaxation", "voicecoach relax SCRIPT.yaml -o live-2.wav   # a relaxation"]),
        ("voicecoach read ARTICLE.txt|.md|.html", [f"voicecoach read ARTICLE.{ending} -o live-{n}.wav"
                                                  for n, ending in enumerate(["txt", "md", "html"], start=1)]),
        ("voicecoach import ARTICLE [--json]", ["voicecoach import ARTICLE.txt --json"]),
        ("voicecoach check SCRIPT.yaml ...", ["voicecoach check SCRIPT.yaml"]),
        ("printf 'next\\n' | voicecoach read ARTICLE --stdin", ["printf 'next\\n' | voicecoach read ARTICLE.txt --stdin -o live-1.wav"]),
        ("printf '@2 stop\\n' | voicecoach read ARTICLE --stdin --output heard.wav",
         ["printf '@2 stop\\n' | voicecoach read ARTICLE.txt --stdin --output heard.wav"]),
        ("voicecoach                # the guide", ["voicecoach -o live-1.wav                # the guide"]),
        ("voicecoach config --show > out.yaml", ["voicecoach config --show > out.yaml"]),
        ("voicecoach render [SOURCE] -o out.flac", ["voicecoach render ARTICLE.md -o out.flac"]),
    ],
)
def test_how_a_command_line_is_made_runnable(line: str, expected: list[str]) -> None:
    assert runnable_lines(line) == expected


def test_an_example_that_is_not_run_says_why() -> None:
    text = "Text.\n\n<!-- not run: it plays on the sound card -->\n\n    scripts/run\n\nMore.\n\n    voicecoach list\n"
    tokens = [token for token in MarkdownIt("commonmark").parse(text) if token.block]
    html = next(token for token in tokens if token.type == "html_block")
    assert NOT_RUN.search(html.content)["reason"] == "it plays on the sound card"  # type: ignore[index]
    assert [token.type for token in tokens if token.type in ("html_block", "code_block")] == [
        "html_block", "code_block", "code_block",
    ]
