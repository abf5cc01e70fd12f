"""`voicecoach config [--show | --path] [--config PATH]`: print the effective config or its path."""

from __future__ import annotations

import argparse
from typing import Any

import yaml

from voicecoach.config import LoadedConfig, config_path, config_to_dict, read_config

EXIT_OK = 0


def add_config_argument(parser: argparse.ArgumentParser) -> None:
    """The shared `--config PATH` option (other subcommands may add it too)."""
    parser.add_argument(
        "--config",
        metavar="PATH",
        default=None,
        help="config file to use, which must exist (default: $VOICECOACH_CONFIG, else "
        "~/.config/voicecoach/config.yaml if there is one)",
    )


def register(subparsers: Any) -> None:
    """Add the `config` subcommand."""
    parser = subparsers.add_parser(
        "config",
        help="show the effective settings, or where the config file is",
        description="Print the settings voicecoach will use, as YAML, each marked with where it came "
        "from; or print the path of the config file. A bad config is reported as file:line:column.",
    )
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--show", action="store_true", help="print the effective config as YAML (the default)")
    action.add_argument("--path", action="store_true", help="print the path of the config file")
    add_config_argument(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the path, or the effective config; a bad config raises ConfigError (exit 2 via cli.main)."""
    if args.path:
        print(config_path(args.config))
        return EXIT_OK
    print(render(read_config(args.config)), end="")
    return EXIT_OK


def render(loaded: LoadedConfig) -> str:
    """The effective config as YAML, each setting preceded by a comment saying where it came from."""
    if loaded.found:
        lines = [f"# voicecoach config from {loaded.path}"]
    else:
        lines = [f"# no config file at {loaded.path}; these are the defaults"]
    for key, value in config_to_dict(loaded.config).items():
        origin = loaded.origins.get(key)
        lines.append(f"# {key}: {'set at ' + str(origin) if origin else 'default'}")
        lines.append(yaml.safe_dump({key: value}, sort_keys=False, default_flow_style=False, allow_unicode=True).rstrip())
    return "\n".join(lines) + "\n"
