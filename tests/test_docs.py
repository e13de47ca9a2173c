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


CONNECTION = {"--uri", "--user", "--password", "--database"}  # documented as NEO4J_URI, NEO4J_USER, ...


def test_every_report_option_and_parameter_is_in_the_readme():
    import click

    for option in cli.commands["report"].params:
        if isinstance(option, click.Option):
            long = [o for o in option.opts if o.startswith("--")]
            assert set(long) & CONNECTION or any(o in README for o in long), long
    for report in reports.REPORTS.values():
        row = next(line for line in README.splitlines() if line.startswith(f"| `{report.name}` |"))
        for param in report.params:
            assert f"`{param}`" in row, (report.name, param)
