"""Every POST of the view modules is parsed by a form: request.POST and request.FILES only go into a form."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
VIEW_MODULES = sorted([*ROOT.glob("evaluations/views/*.py"), *ROOT.glob("orgs/views/*.py")])
REQUEST_DATA = {"POST", "FILES"}


def _is_form(call: ast.Call) -> bool:
    name = call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")
    return name.endswith("Form")


def _read_by_hand(source: str) -> list[int]:
    """Lines where request.POST or request.FILES is used other than as an argument of a form."""
    tree = ast.parse(source)
    handed_to_forms = set()
    for call in ast.walk(tree):
        if isinstance(call, ast.Call) and _is_form(call):
            for argument in call.args:
                # ``request.POST or None`` and ``request.POST if request.method == "POST" else None`` bind the form
                # on a POST only.
                if isinstance(argument, ast.BoolOp):
                    operands = argument.values
                elif isinstance(argument, ast.IfExp):
                    operands = [argument.body, argument.orelse]
                else:
                    operands = [argument]
                handed_to_forms.update(id(operand) for operand in operands)
    return sorted(
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in REQUEST_DATA and id(node) not in handed_to_forms
    )


@pytest.mark.parametrize("module", VIEW_MODULES, ids=lambda path: f"{path.parent.parent.name}/views/{path.name}")
def test_no_view_reads_the_posted_data_by_hand(module):
    assert _read_by_hand(module.read_text(encoding="utf-8")) == []


def test_the_check_finds_data_read_by_hand():
    source = """
def view(request):
    form = ThingForm(request.POST or None, request.FILES)
    other = OtherForm(request.POST if request.method == "POST" else None)
    code = request.POST.get("code")
    files = request.FILES
    return set(request.POST)
"""
    assert _read_by_hand(source) == [5, 6, 7]
