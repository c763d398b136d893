"""An importer whose grant covers one street cannot write into another street."""

import pytest

from orgs.models import Member, Organization
from orgs.permissions import assign_role
from orgs.roles import Role
from orgs.services.rosters import roster_import
from starrating.exports import write_table
from tests.factories import UserFactory, make_id_card

OUT_OF_SCOPE = "该党组织不在您的管辖范围内。"


@pytest.fixture
def street_importer(district):
    user = UserFactory(username="street_importer")
    assign_role(user=user, role=Role.DISTRICT_ADMIN, organization=district.street)
    return user


def test_members_for_a_branch_of_another_street_are_refused(district, street_importer, tmp_path):
    path = write_table(
        tmp_path / "m.csv",
        ["姓名", "公民身份号码", "入党时间", "人员类别", "所在党支部"],
        [["王五", make_id_card(41), "2001-07-01", "正式党员", "B020101"]],
    )

    result = roster_import(kind="members", path=path, name="m.csv", by=street_importer)

    assert [(e.row, e.column, e.reason) for e in result.errors] == [(2, "所在党支部", OUT_OF_SCOPE)]
    assert Member.objects.count() == 2


def test_an_organization_of_another_street_cannot_be_changed_or_added_under(district, street_importer, tmp_path):
    rows = [
        ["C0201", "改名", "S02", "社区"],
        ["C0202", "新社区", "S02", "社区"],
        ["C0103", "东城新社区", "S01", "社区"],
    ]
    path = write_table(tmp_path / "o.xlsx", ["党组织代码", "党组织名称", "上级党组织代码", "层级"], rows)

    result = roster_import(kind="orgs", path=path, name="o.xlsx", by=street_importer)

    assert [(e.row, e.column, e.reason) for e in result.errors] == [
        (2, "党组织代码", OUT_OF_SCOPE),
        (3, "上级党组织代码", OUT_OF_SCOPE),
    ]
    assert not Organization.objects.filter(code__in=["C0202", "C0103"]).exists()
