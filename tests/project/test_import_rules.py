"""The pure rules import nothing of the database, directly or through another module of the project.

DESIGN.md: "scoring's engine and evaluations/rules/ import nothing of the database". The other import lines
(orgs below scoring below evaluations, view modules apart) are import-linter contracts in pyproject.toml.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROJECT_PACKAGES = ("orgs", "scoring", "evaluations", "starrating")
# The engine and what it is made of, and the process's pure rules; a package stands for itself and every module in it.
PURE = ("scoring.engine", "scoring.explain", "scoring.definitions", "evaluations.rules")
DATABASE = "django.db"


def module_file(name: str) -> Path | None:
    path = ROOT.joinpath(*name.split("."))
    if path.with_suffix(".py").is_file():
        return path.with_suffix(".py")
    if (path / "__init__.py").is_file():
        return path / "__init__.py"
    return None


def imports_of(name: str) -> set[str]:
    """The modules a module names in its import statements, wherever they stand in it."""
    tree = ast.parse(module_file(name).read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(
                f"{node.module}.{alias.name}" for alias in node.names if module_file(f"{node.module}.{alias.name}")
            )
    return found


def database_path(start: str) -> list[str] | None:
    """The chain of imports from ``start`` to django.db through the project's own modules, or None."""
    seen, queue = {start}, [[start]]
    while queue:
        chain = queue.pop(0)
        for imported in sorted(imports_of(chain[-1])):
            if imported == DATABASE or imported.startswith(DATABASE + "."):
                return [*chain, imported]
            if imported.split(".")[0] in PROJECT_PACKAGES and imported not in seen and module_file(imported):
                seen.add(imported)
                queue.append([*chain, imported])
    return None


def pure_modules() -> list[str]:
    names = []
    for pure in PURE:
        path = module_file(pure)
        names.append(pure)
        if path.name == "__init__.py":
            names += [f"{pure}.{file.stem}" for file in sorted(path.parent.glob("*.py")) if file.stem != "__init__"]
    return names


@pytest.mark.parametrize("module", pure_modules())
def test_a_pure_rule_module_reaches_no_database_code(module):
    chain = database_path(module)
    assert chain is None, "imports the database: " + " -> ".join(chain)


def test_the_check_finds_a_database_import_through_another_module():
    """The check itself can fail: a module that imports one that imports django.db is caught."""
    assert database_path("evaluations.models") is not None
    assert database_path("evaluations.services.scores.sheet")[-1].startswith(DATABASE)
