"""The README's promises that can be checked: the two Quick start commands and the CLI it documents."""
import re

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_quick_start_has_exactly_two_commands_and_ci_runs_the_second():
    block = re.search(r"## Quick start.*?```sh\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["./start.sh", "./test.sh"]
    ci = (ROOT / ".ci" / "run").read_text().strip().splitlines()
    assert ci[-1] == "./test.sh"
    assert "apt-get install -y chromium fonts-noto-cjk" in ci


def test_every_cli_command_is_documented():
    from ingest.__main__ import _parser

    commands = _parser()._subparsers._group_actions[0].choices
    for name in commands:
        assert f"python -m ingest {name}" in README
    assert "python -m indicators scores" in README
