"""The README documents every command and every report, and opens with the two set-up commands."""

import re
from pathlib import Path

from graphbuild import reports
from graphbuild.cli import cli

README_DIR = Path(__file__).resolve().parent.parent
README = (README_DIR / "README.md").read_text(encoding="utf-8")


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


def test_every_neo4j_subcommand_and_export_format_is_in_the_readme():
    documented = {name for names in re.findall(r"graphbuild neo4j ([a-z|]+)", README) for name in names.split("|")}
    assert set(cli.commands["neo4j"].commands) <= documented
    formats = next(p for p in cli.commands["export"].params if p.name == "fmt").type.choices
    for fmt in formats:
        assert f"graphbuild export --format {fmt}" in README, fmt


def test_the_engines_and_their_address_are_in_the_readme():
    engine = next(p for p in cli.commands["build"].params if p.name == "engine")
    assert f"[--engine {'|'.join(engine.type.choices)}]" in README
    assert "--engine ray --address ray://" in README and "RAY_ADDRESS" in README


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


def test_every_build_option_is_in_the_readme():
    for param in cli.commands["build"].params:
        for opt in param.opts:
            if opt.startswith("--"):
                assert opt in README, opt


def test_the_large_corpora_section_has_a_command_for_workers_and_for_the_cache():
    section = README.split("## Large corpora", 1)[1].split("\n## ", 1)[0]
    assert "`graphbuild build corpus/ --out out --workers 8`" in section
    assert "`graphbuild build corpus/ --out out --cache ~/.cache/graphbuild`" in section


def test_the_flags_that_guard_data_and_servers_are_in_the_readme():
    load = {p.opts[0] for p in cli.commands["load"].params}
    start = {p.opts[0] for p in cli.commands["neo4j"].commands["start"].params}
    for flag in ({"--wipe", "--yes", "--uri", "--password"} & load) | ({"--bolt-port", "--http-port"} & start):
        assert f"`{flag}" in README, flag
    assert {"--wipe", "--yes", "--bolt-port", "--http-port"} <= load | start


MAKEFILE = (Path(__file__).resolve().parent.parent / "Makefile").read_text(encoding="utf-8")


def _recipe(target: str) -> tuple[list[str], str]:
    """A Makefile target's prerequisites and recipe."""
    head, body = re.search(rf"^{re.escape(target)}:([^\n]*)\n((?:\t[^\n]*\n)*)", MAKEFILE, re.M).groups()
    return head.split(), body


def test_make_run_installs_only_what_building_needs_and_make_test_the_rest():
    prerequisites, _ = _recipe("run")
    assert prerequisites == ["install"]
    _, install = _recipe("$(STAMP)")
    assert "pip install --quiet -e .\n" in install and "[" not in install.replace("-r requirements", "")
    prerequisites, _ = _recipe("test")
    _, extra = _recipe(prerequisites[0])
    assert "'.[test]'" in extra


def test_the_next_step_after_make_run_is_a_block_of_commands():
    next_steps = README.split("**Next, after `make run`:**", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    assert ". .venv/bin/activate" in next_steps and "graphbuild report" in next_steps


def test_the_screenshot_script_takes_a_query_and_the_generated_password(tmp_path, monkeypatch):
    import importlib.util
    import json

    from graphbuild.stores import server

    spec = importlib.util.spec_from_file_location("browser_screenshot", README_DIR / "docs" / "browser_screenshot.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)  # Playwright is imported only to take the picture
    args = script.arguments().parse_args(["http://127.0.0.1:7474", "--query", "MATCH g = (:Model) RETURN g"])
    assert args.query == "MATCH g = (:Model) RETURN g"
    home = tmp_path / "dev"
    server.write_private(home / server.CREDENTIALS, json.dumps({"user": "neo4j", "password": "generated-secret"}))
    (tmp_path / server.CONNECTION).write_text(json.dumps({"uri": "bolt://127.0.0.1:7999", "home": str(home)}))
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    monkeypatch.setattr(server, "RUNTIME", tmp_path)
    monkeypatch.setattr(server.saved_credentials, "__defaults__", (tmp_path,))
    assert script.login("bolt://127.0.0.1:7999") == ("neo4j", "generated-secret")
    assert "chromium" in README.split("browser_screenshot.py", 1)[1].split("\n## ", 1)[0]
