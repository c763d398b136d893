"""Organization rosters build and reshape the tree: paths, child counts, moves, idempotence."""

import pytest

from orgs.models import AuditAction, AuditEvent, Level, Organization
from orgs.services.rosters import roster_import
from starrating.exports import write_table

HEADERS = ["党组织代码", "党组织名称", "上级党组织代码", "层级", "领域", "党组织类型"]


def parent_of(code):
    return Organization.objects.get_parent(Organization.objects.get(code=code)).code


def import_orgs(tmp_path, rows, name="orgs.xlsx", **kwargs):
    return roster_import(kind="orgs", path=write_table(tmp_path / name, HEADERS, rows), name=name, **kwargs)


NEW_STREET = [
    ["S03", "南城街道党工委", "D01", "街道党工委", "", ""],
    ["C0301", "南城第一社区党委", "S03", "社区", "城市社区", "社区"],
    ["B030101", "南城第一网格党支部", "C0301", "党支部", "城市社区", ""],
    ["C0302", "南城村党总支", "S03", "社区/村党组织", "农村", "社区"],
]


def test_new_organizations_are_created_under_their_parents_with_consistent_paths(district, tmp_path):
    result = import_orgs(tmp_path, NEW_STREET)

    assert result.ok, [e.message for e in result.errors]
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    street = Organization.objects.get(code="S03")
    assert parent_of("S03") == "D01"
    assert street.level == Level.STREET
    assert sorted(child.code for child in Organization.objects.get_children(street)) == ["C0301", "C0302"]
    assert street.numchild == 2
    assert Organization.objects.get(code="D01").numchild == 3
    assert parent_of("B030101") == "C0301"
    assert Organization.objects.get(code="C0301").domain == "urban_community"
    assert Organization.objects.find_problems() == ([], [], [], [], [])


def test_the_same_file_twice_changes_nothing_the_second_time(district, tmp_path):
    import_orgs(tmp_path, NEW_STREET)
    before = list(Organization.objects.order_by("pk").values())

    second = import_orgs(tmp_path, NEW_STREET)

    assert (second.created, second.updated, second.unchanged) == (0, 0, 4)
    assert list(Organization.objects.order_by("pk").values()) == before


def test_a_changed_row_updates_the_organization_by_its_code(district, tmp_path):
    result = import_orgs(tmp_path, [["C0101", "东城第一社区党委（更名）", "S01", "社区", "城市社区", "社区"]])

    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    assert Organization.objects.get(code="C0101").name == "东城第一社区党委（更名）"


def test_an_organization_moves_to_a_new_parent_with_its_subtree(district, tmp_path):
    result = import_orgs(tmp_path, [["C0101", "东城第一社区党委", "S02", "社区", "城市社区", "社区"]])

    assert result.updated == 1
    community = Organization.objects.get(code="C0101")
    assert parent_of("C0101") == "S02"
    assert Organization.objects.get(code="G01010101").path.startswith(community.path)
    assert Organization.objects.get(code="S01").numchild == 1
    assert Organization.objects.find_problems() == ([], [], [], [], [])


def test_two_organizations_can_swap_places_in_one_file(district, tmp_path):
    rows = [
        ["B010101", "东城第一社区第一网格党支部", "C0102", "党支部", "", ""],
        ["C0102", "东城村党总支", "S02", "社区", "农村", "社区"],
    ]
    result = import_orgs(tmp_path, rows, name="orgs.csv")

    assert result.ok, [e.message for e in result.errors]
    assert parent_of("B010101") == "C0102"
    assert parent_of("C0102") == "S02"
    assert Organization.objects.find_problems() == ([], [], [], [], [])


def test_a_child_listed_before_its_parent_is_still_placed_under_it(district, tmp_path):
    result = import_orgs(tmp_path, list(reversed(NEW_STREET)))

    assert result.ok
    assert parent_of("B030101") == "C0301"


def test_columns_used_and_ignored_are_reported(district, tmp_path):
    path = write_table(
        tmp_path / "o.csv", ["组织代码", "组织名称", "上级代码", "级别", "备注"], [["S03", "南城", "D01", "街道", "x"]]
    )

    result = roster_import(kind="orgs", path=path, name="o.csv", dry_run=True)

    assert result.columns_used == ["组织代码", "组织名称", "上级代码", "级别"]
    assert result.columns_ignored == ["备注"]
    assert not Organization.objects.filter(code="S03").exists()


@pytest.mark.parametrize("dry_run", [True, False])
def test_only_a_real_import_is_audited(district, tmp_path, dry_run):
    import_orgs(tmp_path, NEW_STREET, by=district.users["district_admin"], dry_run=dry_run)

    events = AuditEvent.objects.filter(action=AuditAction.IMPORT)
    assert events.count() == (0 if dry_run else 1)
    if not dry_run:
        assert events.get().detail | {} == {
            "kind": "orgs",
            "file": "orgs.xlsx",
            "rows": 4,
            "created": 4,
            "updated": 0,
            "unchanged": 0,
            "errors": 0,
        }
        assert events.get().actor == district.users["district_admin"]
