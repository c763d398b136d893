"""Every command of the project answers ``--help`` with its description and options (a clerk or an operator reads
it before running an import or a seed)."""

import pytest
from django.core.management import get_commands, load_command_class
from django.core.management.base import BaseCommand

PROJECT_APPS = ("orgs", "scoring", "evaluations")
COMMANDS = sorted(name for name, app in get_commands().items() if app in PROJECT_APPS)


def test_the_project_has_its_commands():
    assert {"seed_demo", "seed_demo_campaigns", "seed_synthetic", "import_roster", "apply_consequences"} <= set(
        COMMANDS
    )


@pytest.mark.parametrize("name", COMMANDS)
def test_help_describes_the_command(name, capsys):
    command: BaseCommand = load_command_class(get_commands()[name], name)
    with pytest.raises(SystemExit) as exit_info:
        command.run_from_argv(["manage.py", name, "--help"])
    assert exit_info.value.code == 0
    printed = capsys.readouterr().out
    assert f"usage: manage.py {name}" in printed and str(command.help).split()[0] in printed
