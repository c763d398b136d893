"""What the commands that load rules from a YAML file share: reading the file and reporting a refusal, each
problem on its own line, in the words the loading service gave."""

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

Loaded = TypeVar("Loaded")


def load_yaml_file(command: BaseCommand, file: Path, load: Callable[[str], Loaded]) -> Loaded:
    """The file's text handed to ``load``; an unreadable file or a refusal stops the command with its problems."""
    try:
        source_yaml = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(_("The file %(file)s cannot be read: %(error)s") % {"file": file, "error": error}) from error
    try:
        return load(source_yaml)
    except ValidationError as error:
        for message in error.messages:
            command.stderr.write(message)
        raise CommandError(
            _("%(file)s was not loaded: %(count)s problems.") % {"file": file, "count": len(error.messages)}
        ) from error
