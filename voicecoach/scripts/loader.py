"""Layered script loading: YAML nodes → `Script` (pure), text → `Script` (pure), file → `Script`.

Every problem in a file is collected and raised together as `ScriptProblems`, each with
`file:line:column`, what is wrong and how to fix it. Only `load_script_file` touches files.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Callable, Sequence, TextIO

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from voicecoach.errors import ScriptError, ScriptProblems
from voicecoach.scripts.model import (
    DEFAULT_CUES,
    NAMED_PATTERNS,
    PATTERN_NAMES,
    BreatheStep,
    BreathingPattern,
    ChimeSound,
    ChimeStep,
    PauseStep,
    Phase,
    Ramp,
    RepeatStep,
    SayStep,
    Script,
    SectionStep,
    Step,
)
from voicecoach.scripts.node_reader import Field, NodeReader, kind_of, suggest
from voicecoach.sounds import Voice
from voicecoach.tuning import MAX_RATE, MIN_RATE
from voicecoach.yamlmarks import YamlRules, check_graph, compose, has_allowed_tag, location

logger = logging.getLogger(__name__)

MAX_FILE_BYTES = 1_000_000
MAX_STEP_NESTING = 20  # sections and repeats inside each other
MAX_EXPANDED_STEPS = 20_000  # plan steps once repeats and breaths are expanded
MAX_PAUSE_SECONDS = 3600.0
MAX_PHASE_SECONDS = 60.0
MAX_CYCLES = 100
MAX_REPEAT = 1000
STEP_KINDS = ("say", "pause", "breathe", "chime", "repeat", "section")
_STEP_OPTIONS = {"say": ("rate", "volume", "voice"), "chime": ("volume",)}
_SCRIPT_KEYS = ("title", "description", "voice", "rate", "volume", "ramp", "steps")
SCRIPT_YAML: YamlRules[ScriptError] = YamlRules("scripts", ScriptError, max_depth=100, aliases=True)


def load_script_file(path: Path | str) -> Script:
    """Read and check the script at `path`; ScriptError (or ScriptProblems) when it cannot be used."""
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _whole_file(name, f"the file is {size:,} bytes; scripts may be at most {MAX_FILE_BYTES:,}",
                              "split it into smaller scripts")
        data = path.read_bytes()
    except OSError as error:
        raise _whole_file(name, f"cannot read the file ({error.strerror or error})",
                          "check the path and that you may read it") from error
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _whole_file(name, "the file is not UTF-8 text", "save it as UTF-8 plain text") from error
    return script_from_yaml(text, name)


def script_from_yaml(source: str | TextIO, source_name: str = "<script>") -> Script:
    """Parse YAML text (or a text stream) into a Script; ScriptError (or ScriptProblems) on problems."""
    if not isinstance(source, str):
        source = source.read()
    if len(source.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise _whole_file(source_name, f"the script is longer than {MAX_FILE_BYTES:,} bytes",
                          "split it into smaller scripts")
    root = compose(source, source_name, SCRIPT_YAML)
    if root is None:
        raise _whole_file(source_name, "the script is empty", "start with 'title:' and a list of 'steps:'")
    tag_problems = check_graph(root, source_name, SCRIPT_YAML)
    return script_from_node(root, source_name, tag_problems)


def script_from_node(root: Node, source_name: str, earlier: Sequence[ScriptError] = ()) -> Script:
    """Build a Script from a composed YAML node graph (already checked by `check_graph`)."""
    reader = _Reader(source_name, list(earlier))
    script = reader.script(root)
    if reader.problems or script is None:
        problems = sorted(reader.problems, key=lambda p: (p.location.line, p.location.column))
        raise ScriptProblems(problems)
    return script


def _whole_file(name: str, problem: str, fix: str) -> ScriptProblems:
    return ScriptProblems([ScriptError(location(name, None), problem, fix)])


class _Reader(NodeReader):
    """Walks the node graph once, building steps and collecting every problem it meets."""

    # -- the script ------------------------------------------------------------------------
    def script(self, root: Node) -> Script | None:
        fields = self.mapping(root, _SCRIPT_KEYS, "the script")
        if fields is None:
            return None
        title = None
        if "title" in fields:
            title = self.text(fields["title"].value, "title", "write a short title after 'title:'")
        else:
            self.report(root, "the script has no title", "add a line 'title: <a short name>'")
        description = ""
        if "description" in fields:
            description = self.text(fields["description"].value, "description",
                                    "write a sentence after 'description:', or remove it", required=False) or ""
        voice = self.voice(fields)
        ramp = self.ramp(fields["ramp"].value) if "ramp" in fields else None
        steps: tuple[Step, ...] = ()
        if "steps" in fields:
            steps, count = self.steps(fields["steps"].value, depth=0, top=True, what="steps")
            if count > MAX_EXPANDED_STEPS and not self.expansion_reported:
                self.report(fields["steps"].key, f"the script expands to {count:,} steps; at most "
                            f"{MAX_EXPANDED_STEPS:,} are allowed", "use fewer repeats or breathing cycles")
        else:
            self.report(root, "the script has no steps", "add 'steps:' followed by a list of '- say: ...' items")
        if title is None:
            return None
        return Script(title=title, steps=steps, description=description, voice=voice, ramp=ramp)

    def voice(self, fields: dict[str, Field]) -> Voice:
        default = Voice()
        rate = self.number(fields["rate"].value, "rate", MIN_RATE, MAX_RATE, whole=True) if "rate" in fields else None
        volume = self.number(fields["volume"].value, "volume", 0.0, 1.0) if "volume" in fields else None
        name = None
        if "voice" in fields:
            name = self.text(fields["voice"].value, "voice", "name an espeak-ng voice such as 'gmw/en-us'")
        return Voice(
            rate=int(rate) if rate is not None else default.rate,
            volume=float(volume) if volume is not None else default.volume,
            name=name,
        )

    def ramp(self, node: Node) -> Ramp | None:
        fields = self.mapping(node, ("rate", "volume", "pause_factor"), "ramp")
        if fields is None:
            return None
        if not fields:
            self.report(node, "ramp is empty", "give at least one of rate, volume, pause_factor")
            return None
        rate = self.number(fields["rate"].value, "ramp rate", MIN_RATE, MAX_RATE, whole=True) if "rate" in fields else None
        volume = self.number(fields["volume"].value, "ramp volume", 0.0, 1.0) if "volume" in fields else None
        factor = 1.0
        if "pause_factor" in fields:
            factor = self.number(fields["pause_factor"].value, "ramp pause_factor", 0.25, 4.0) or 1.0
        return Ramp(
            rate=int(rate) if rate is not None else None,
            volume=float(volume) if volume is not None else None,
            pause_factor=float(factor),
        )

    # -- steps -----------------------------------------------------------------------------
    def steps(self, node: Node, *, depth: int, top: bool, what: str) -> tuple[tuple[Step, ...], int]:
        """A list of steps and how many plan steps they expand to."""
        if not has_allowed_tag(node):
            return (), 0
        if not isinstance(node, SequenceNode):
            self.report(node, f"{what} must be a list, not {kind_of(node)}",
                        "start each step on its own line with '- ', e.g. '- say: Let your shoulders drop.'")
            return (), 0
        if not node.value:
            self.report(node, f"{what} is empty", "add at least one step, e.g. '- pause: 4'")
            return (), 0
        if depth > MAX_STEP_NESTING:
            self.report(node, f"steps are nested more than {MAX_STEP_NESTING} levels deep",
                        "flatten the repeats and sections")
            return (), 0
        steps: list[Step] = []
        total = 0
        for item in node.value:
            step, count = self.step(item, depth=depth, top=top)
            total += count
            if step is not None:
                steps.append(step)
        return tuple(steps), total

    def step(self, node: Node, *, depth: int, top: bool) -> tuple[Step | None, int]:
        if not has_allowed_tag(node):
            return None, 0
        if not isinstance(node, MappingNode):
            self.report(node, f"a step must be a mapping such as 'say: ...', not {kind_of(node)}",
                        "write one of: " + ", ".join(f"'{kind}: ...'" for kind in STEP_KINDS))
            return None, 0
        if not node.value:
            self.report(node, "this step is empty", "write one of: " + ", ".join(f"'{kind}: ...'" for kind in STEP_KINDS))
            return None, 0
        keys = [(k, v) for k, v in node.value if isinstance(k, ScalarNode) and str(k.value) in STEP_KINDS]
        if not keys:
            first = node.value[0][0] if node.value else node
            name = str(first.value) if isinstance(first, ScalarNode) else "?"
            if isinstance(first, ScalarNode) and has_allowed_tag(first):
                self.report(first, f"unknown step '{name}'", suggest(name, STEP_KINDS))
            return None, 0
        if len(keys) > 1:
            names = " and ".join(f"'{k.value}'" for k, _ in keys)
            self.report(keys[1][0], f"one step can do one thing, but this one has {names}",
                        "put each on its own line starting with '- '")
            return None, 0
        kind = str(keys[0][0].value)
        options = _STEP_OPTIONS.get(kind, ())
        fields = self.mapping(node, (kind, *options), f"a '{kind}' step")
        if fields is None or kind not in fields:
            return None, 0
        return self._STEP_READERS[kind](self, fields, depth=depth, top=top)

    def say(self, fields: dict[str, Field], **_: Any) -> tuple[Step | None, int]:
        text = self.text(fields["say"].value, "say", "write the words to say after 'say:'")
        rate = volume = name = None
        if "rate" in fields:
            rate = self.number(fields["rate"].value, "rate", MIN_RATE, MAX_RATE, whole=True)
        if "volume" in fields:
            volume = self.number(fields["volume"].value, "volume", 0.0, 1.0)
        if "voice" in fields:
            name = self.text(fields["voice"].value, "voice", "name an espeak-ng voice such as 'gmw/en-us'")
        if text is None:
            return None, 1
        return SayStep(text, int(rate) if rate is not None else None,
                       float(volume) if volume is not None else None, name), 1

    def pause(self, fields: dict[str, Field], **_: Any) -> tuple[Step | None, int]:
        seconds = self.duration(fields["pause"].value, "pause", MAX_PAUSE_SECONDS)
        return (PauseStep(seconds) if seconds is not None else None), 1

    def chime(self, fields: dict[str, Field], **_: Any) -> tuple[Step | None, int]:
        node = fields["chime"].value
        name = self.text(node, "chime", "choose soft, bell or none")
        volume = self.number(fields["volume"].value, "chime volume", 0.0, 1.0) if "volume" in fields else 0.6
        if name is None:
            return None, 1
        try:
            sound = ChimeSound(name.lower())
        except ValueError:
            self.report(node, f"unknown chime '{name}'", suggest(name.lower(), tuple(ChimeSound)))
            return None, 1
        return ChimeStep(sound, float(volume if volume is not None else 0.6)), 1

    def breathe(self, fields: dict[str, Field], **_: Any) -> tuple[Step | None, int]:
        node = fields["breathe"].value
        if isinstance(node, ScalarNode) and has_allowed_tag(node) and not node.tag.endswith(":null"):
            pattern = self.pattern(node, {})
            return (BreatheStep(pattern, 4) if pattern else None), 4 * 4
        keys = ("pattern", "inhale", "hold", "exhale", "hold_after", "cycles", "cues")
        options = self.mapping(node, keys, "breathe")
        if options is None:
            return None, 0
        pattern_node = options["pattern"].value if "pattern" in options else None
        if pattern_node is None and not {"inhale", "exhale"} <= options.keys():
            self.report(node, "breathe needs a pattern",
                        "add 'pattern: 4-7-8' or 'pattern: box', or give inhale and exhale seconds")
            return None, 0
        pattern = self.pattern(pattern_node, options) if pattern_node is not None else self.custom(node, options, "custom")
        cycles = 4
        if "cycles" in options:
            cycles = self.number(options["cycles"].value, "cycles", 1, MAX_CYCLES, whole=True)
        cues = self.cues(options["cues"].value) if "cues" in options else tuple(DEFAULT_CUES)
        if pattern is None or cycles is None or cues is None:
            return None, 0
        return BreatheStep(pattern, int(cycles), cues), int(cycles) * 4  # type: ignore[arg-type]

    def pattern(self, node: Node, options: dict[str, Field]) -> BreathingPattern | None:
        name = self.text(node, "pattern", "choose 4-7-8, box or custom")
        if name is None:
            return None
        key = name.lower()
        if key == "custom":
            for needed in ("inhale", "exhale"):
                if needed not in options:
                    self.report(node, f"a custom pattern needs '{needed}' seconds",
                                f"add '{needed}: 4' (or another number of seconds)")
            if "inhale" not in options or "exhale" not in options:
                return None
        elif key not in NAMED_PATTERNS:
            self.report(node, f"unknown breathing pattern '{name}'",
                        f"use one of {', '.join(PATTERN_NAMES)} (custom with inhale, hold, exhale seconds)")
            return None
        return self.custom(node, options, key)

    def custom(self, node: Node, options: dict[str, Field], name: str) -> BreathingPattern | None:
        base = NAMED_PATTERNS.get(name, BreathingPattern(name, 0, 0, 0, 0))
        seconds: dict[str, float] = {}
        ok = True
        for phase in ("inhale", "hold", "exhale", "hold_after"):
            if phase in options:
                value = self.duration(options[phase].value, phase, MAX_PHASE_SECONDS,
                                      positive=phase in ("inhale", "exhale"))
                ok = ok and value is not None
                seconds[phase] = value or 0.0
            else:
                seconds[phase] = base.seconds(Phase(phase))
        if not ok:
            return None
        return BreathingPattern(name, **seconds)

    def cues(self, node: Node) -> tuple[str | None, ...] | None:
        if not has_allowed_tag(node):
            return None
        if not isinstance(node, SequenceNode) or not 1 <= len(node.value) <= 4:
            self.report(node, "cues must be a list of 1 to 4 phrases (breathe in, hold, breathe out, hold)",
                        "write e.g. 'cues: [Breathe in, Hold, Breathe out]'; use null for a silent phase")
            return None
        cues: list[str | None] = []
        for item in node.value:
            if isinstance(item, ScalarNode) and item.tag.endswith(":null"):
                cues.append(None)
            else:
                cues.append(self.text(item, "a cue", "write the words, or null for a silent phase"))
        cues.extend(DEFAULT_CUES[len(cues):])
        return tuple(cues)

    def repeat(self, fields: dict[str, Field], *, depth: int, top: bool) -> tuple[Step | None, int]:
        options = self.mapping(fields["repeat"].value, ("times", "steps"), "repeat")
        if options is None:
            return None, 0
        times = None
        if "times" in options:
            times = self.number(options["times"].value, "times", 1, MAX_REPEAT, whole=True)
        else:
            self.report(fields["repeat"].key, "repeat needs 'times'", "add 'times: 3' (or another number)")
        if "steps" not in options:
            self.report(fields["repeat"].key, "repeat needs 'steps'", "add 'steps:' and a list of steps to repeat")
            return None, 0
        steps, count = self.steps(options["steps"].value, depth=depth + 1, top=False, what="repeat steps")
        if times is None or not steps:
            return None, count
        total = int(times) * count
        if total > MAX_EXPANDED_STEPS and not self.expansion_reported:
            self.expansion_reported = True
            self.report(options["times"].value, f"this repeat expands to {total:,} steps; at most "
                        f"{MAX_EXPANDED_STEPS:,} are allowed", "repeat fewer times")
        return RepeatStep(int(times), steps), total

    def section(self, fields: dict[str, Field], *, depth: int, top: bool) -> tuple[Step | None, int]:
        key = fields["section"].key
        if not top:
            self.report(key, "a section can only be a top-level step",
                        "move the section out of the repeat or section it is in")
        options = self.mapping(fields["section"].value, ("title", "steps"), "section")
        if options is None:
            return None, 0
        title = self.text(options["title"].value, "section title", "write a short title after 'title:'") \
            if "title" in options else None
        if "title" not in options:
            self.report(key, "section needs a 'title'", "add 'title: <a short name>'")
        if "steps" not in options:
            self.report(key, "section needs 'steps'", "add 'steps:' and a list of steps")
            return None, 0
        steps, count = self.steps(options["steps"].value, depth=depth + 1, top=False, what="section steps")
        if title is None or not steps or not top:
            return None, count
        return SectionStep(title, steps), count

    _STEP_READERS: dict[str, Callable[..., tuple[Step | None, int]]] = {
        "say": say, "pause": pause, "chime": chime, "breathe": breathe, "repeat": repeat, "section": section,
    }
