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
    install = next(line for line in ci if line.startswith("apt-get install -y chromium fonts-noto-cjk"))
    assert {"tesseract-ocr", "tesseract-ocr-chi-sim"} <= set(install.split())  # the image tests read by OCR


def test_every_cli_command_is_documented():
    from ingest.__main__ import _parser

    commands = _parser()._subparsers._group_actions[0].choices
    for name in commands:
        assert f"python -m ingest {name}" in README
    assert "python -m indicators scores" in README


def _shown(default) -> str:
    if default is None:
        return "—"
    return f"`{default.relative_to(ROOT) if hasattr(default, 'relative_to') else default}`"


def test_the_configuration_section_lists_every_setting_with_its_default():
    from base.settings import SETTINGS

    section = re.search(r"## Configuration\n(.*?)(\n## |\Z)", README, re.S).group(1)
    rows = dict(re.findall(r"^\| `(PILOT_\w+)` \| (.*?) \|", section, re.M))
    assert set(rows) == {s.name for s in SETTINGS}, "README's Configuration table and base/settings.py differ"
    assert rows == {s.name: _shown(s.default) for s in SETTINGS}
    tops = [p for p in ROOT.iterdir() if not p.name.startswith(".") and p.name != "tests"]
    code = "\n".join(
        f.read_text(encoding="utf-8")
        for top in tops
        for f in ([top] if top.is_file() else top.rglob("*"))
        if f.suffix == ".py"
    )
    named = set(re.findall(r"[\"'](PILOT_\w+)[\"']", code))  # a setting is named as a string
    assert named <= {s.name for s in SETTINGS}, f"settings read outside base/settings.py: {named}"


def test_every_warehouse_command_is_documented():
    for name in ("backup", "restore", "migrate"):
        assert f"python -m warehouse {name}" in README
