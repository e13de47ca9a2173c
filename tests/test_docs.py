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


def test_the_flags_that_guard_data_and_servers_are_in_the_readme():
    load = {p.opts[0] for p in cli.commands["load"].params}
    start = {p.opts[0] for p in cli.commands["neo4j"].commands["start"].params}
    for flag in ({"--wipe", "--yes", "--uri", "--password"} & load) | ({"--bolt-port", "--http-port"} & start):
        assert f"`{flag}" in README, flag
    assert {"--wipe", "--yes", "--bolt-port", "--http-port"} <= load | start
