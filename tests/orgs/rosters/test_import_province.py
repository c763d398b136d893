"""Where the tree is rooted at a province (ORG_TREE_ROOT_LEVEL=province), an organization roster builds province →
city → district → street → community, and only a provincial committee may go without a parent."""

from orgs.models import Level, Organization
from orgs.services.rosters import roster_import
from orgs.tree import street_path_of
from starrating.exports import write_table

HEADERS = ["党组织代码", "党组织名称", "上级党组织代码", "层级", "领域"]
PROVINCE = [
    ["P1", "合成省委", "", "省委", ""],
    ["M01", "合成市委", "P1", "市委", ""],
    ["D01", "合成区委", "M01", "区委", ""],
    ["S01", "东城街道党工委", "D01", "街道", ""],
    ["C0101", "东城第一社区党委", "S01", "社区", "城市社区"],
]


def import_orgs(tmp_path, rows):
    return roster_import(kind="orgs", path=write_table(tmp_path / "orgs.xlsx", HEADERS, rows), name="orgs.xlsx")


def test_a_province_s_roster_builds_its_five_levels(db, settings, tmp_path):
    settings.ORG_TREE_ROOT_LEVEL = "province"
    result = import_orgs(tmp_path, PROVINCE)
    assert result.ok, [error.message for error in result.errors]
    depths = dict(Organization.objects.values_list("code", "depth"))
    assert depths == {"P1": 1, "M01": 2, "D01": 3, "S01": 4, "C0101": 5}
    community = Organization.objects.get(code="C0101")
    assert street_path_of(community.path) == Organization.objects.get(code="S01").path
    assert Organization.objects.find_problems() == ([], [], [], [], [])


def test_a_district_without_a_parent_is_refused_in_a_province(db, settings, tmp_path):
    settings.ORG_TREE_ROOT_LEVEL = "province"
    result = import_orgs(tmp_path, [["D09", "孤立区委", "", "区委", ""]])
    assert not result.ok
    assert [error.message for error in result.errors] == ["第 2 行，“上级党组织代码”列：只有省委可以没有上级党组织。"]
    assert not Organization.objects.exists()


def test_a_district_may_not_sit_directly_under_a_province(db, settings, tmp_path):
    settings.ORG_TREE_ROOT_LEVEL = "province"
    result = import_orgs(tmp_path, [PROVINCE[0], ["D01", "合成区委", "P1", "区委", ""]])
    assert not result.ok
    assert "其下一级应为市委" in result.errors[0].message
    assert not Organization.objects.filter(level=Level.DISTRICT).exists()
