"""Secretary rosters: tenures keyed by organization, ID card and start date; linked to member records."""

from datetime import date

from orgs.models import Education, Secretary
from orgs.personal_data import decrypt
from orgs.services.rosters import roster_import
from starrating.exports import write_table
from tests.factories import make_id_card

HEADERS = ["姓名", "身份证号码", "党组织代码", "任职时间", "离任时间", "是否一肩挑", "学历"]
LI = make_id_card(51, date(1970, 2, 3))


def import_secretaries(tmp_path, rows, name="s.xlsx"):
    return roster_import(kind="secretaries", path=write_table(tmp_path / name, HEADERS, rows), name=name)


def test_secretaries_are_created_with_protected_id_cards(district, tmp_path):
    result = import_secretaries(tmp_path, [["李书记", LI, "C0101", "2021年1月5日", "", "是", "大学本科"]])

    assert result.ok, [e.message for e in result.errors]
    secretary = Secretary.objects.get()
    assert (secretary.organization, secretary.started_on, secretary.one_shoulder, secretary.education) == (
        district.community,
        date(2021, 1, 5),
        True,
        Education.BACHELOR,
    )
    assert decrypt(secretary.id_card_encrypted) == LI
    assert secretary.id_card_masked == LI[:6] + "********" + LI[-4:]


def test_a_secretary_who_is_a_member_is_linked_to_the_member(district, tmp_path):
    member_id = decrypt(district.member.id_card_encrypted)

    import_secretaries(tmp_path, [["张三", member_id, "C0101", "2021-01-05", "", "否", ""]], name="s.csv")

    assert Secretary.objects.get().member == district.member


def test_the_same_file_twice_leaves_the_same_tenures_and_an_end_date_updates(district, tmp_path):
    rows = [
        ["李书记", LI, "C0101", "2021-01-05", "", "是", "本科"],
        ["李书记", LI, "C0102", "2016-01-01", "2020-12-31", "否", "大专"],
    ]
    import_secretaries(tmp_path, rows)
    before = list(Secretary.objects.order_by("pk").values())

    again = import_secretaries(tmp_path, rows)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert list(Secretary.objects.order_by("pk").values()) == before

    rows[0][4] = "2025-12-31"
    changed = import_secretaries(tmp_path, rows)
    assert (changed.created, changed.updated, changed.unchanged) == (0, 1, 1)
    assert Secretary.objects.get(organization=district.community).ended_on == date(2025, 12, 31)
