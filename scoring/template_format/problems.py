"""What is wrong with a template file: each problem with the path of its node, all of them in one error."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class TemplateError(ValueError):
    """A template file that cannot be loaded, with every problem found and the path of its node."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def segment(path: str, key: str) -> str:
    """The path of the field ``key`` under the node at ``path``: ``dimensions[A].points``."""
    return f"{path}.{key}" if path else key


def number_text(value: Decimal) -> str:
    """A number as a problem quotes it: whole numbers without a decimal point or an exponent."""
    return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
