"""Parent codes that would make a loop are refused, within the file and against the existing tree."""

from orgs.models import Organization
from orgs.services.rosters import roster_import
from starrating.exports import write_table

HEADERS = ["党组织代码", "党组织名称", "上级党组织代码", "层级"]


def import_orgs(tmp_path, rows):
    return roster_import(kind="orgs", path=write_table(tmp_path / "orgs.xlsx", HEADERS, rows), name="orgs.xlsx")


def paths():
    return dict(Organization.objects.values_list("code", "path"))


def test_a_loop_between_new_organizations_is_refused(district, tmp_path):
    before = paths()
    rows = [["B0103A", "甲支部", "B0103B", "党支部"], ["B0103B", "乙支部", "B0103A", "党支部"]]

    result = import_orgs(tmp_path, rows)

    assert [(e.row, e.column) for e in result.errors] == [(2, "上级党组织代码"), (3, "上级党组织代码")]
    assert result.errors[0].reason == "上级党组织代码形成循环：B0103A → B0103B → B0103A。"
    assert paths() == before


def test_moving_an_organization_under_its_own_descendant_is_refused(district, tmp_path):
    before = paths()
    # G01010101 already sits under B010101, which sits under C0101: C0101 cannot go under the group.
    rows = [
        ["C0101", "东城第一社区党委", "B010101", "社区"],
        ["B010101", "东城第一社区第一网格党支部", "C0101", "党支部"],
    ]

    result = import_orgs(tmp_path, rows)

    assert result.errors[0].row == 2
    assert result.errors[0].column == "上级党组织代码"
    assert result.errors[0].reason.startswith("上级党组织代码形成循环：C0101 → B010101")
    assert paths() == before


def test_a_loop_through_an_existing_organization_not_in_the_file_is_refused(district, tmp_path):
    before = paths()
    # The street S01 moved under the branch B010101, whose existing chain is C0101 → S01.
    result = import_orgs(tmp_path, [["S01", "东城街道党工委", "B010101", "街道党工委"]])

    assert (result.errors[0].row, result.errors[0].column) == (2, "上级党组织代码")
    assert "S01 → B010101 → C0101 → S01" in result.errors[0].reason
    assert paths() == before


def test_an_organization_cannot_be_its_own_parent(district, tmp_path):
    result = import_orgs(tmp_path, [["C0103", "新社区", "C0103", "社区"]])

    assert [(e.row, e.column, e.reason) for e in result.errors] == [
        (2, "上级党组织代码", "党组织不能以自己为上级党组织。")
    ]
    assert not Organization.objects.filter(code="C0103").exists()
