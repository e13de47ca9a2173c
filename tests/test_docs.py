"""The README documents every command and every report, and opens with the two set-up commands."""

from pathlib import Path

from graphbuild import reports
from graphbuild.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_setup_commands():
    first_block = README.split("```bash", 1)[1].split("```", 1)[0].strip().splitlines()
    assert [line.split("#")[0].strip() for line in first_block] == ["make run", "make test"]


def test_every_command_has_help_and_a_readme_entry():
    for name, command in cli.commands.items():
        assert command.help, name
        assert f"graphbuild {name}" in README, name


def test_every_report_is_in_the_readme():
    for name in reports.REPORTS:
        assert f"| `{name}` |" in README, name


def test_every_build_option_is_in_the_readme():
    for param in cli.commands["build"].params:
        for opt in param.opts:
            if opt.startswith("--"):
                assert opt in README, opt


def test_the_large_corpora_section_has_a_command_for_workers_and_for_the_cache():
    section = README.split("## Large corpora", 1)[1].split("\n## ", 1)[0]
    assert "`graphbuild build corpus/ --out out --workers 8`" in section
    assert "`graphbuild build corpus/ --out out --cache ~/.cache/graphbuild`" in section
