"""Member rosters as the party-member information systems export them, in .xlsx and .csv."""

from datetime import date, datetime

import pytest

from orgs.models import Member, MemberCategory, MemberStatus
from orgs.personal_data import decrypt, id_card_lookup_hash
from orgs.services.rosters import roster_import
from starrating.exports import write_table
from tests.factories import make_id_card
from tests.support.rosters import PARTY_SYSTEM_HEADERS

WANG = make_id_card(11, date(1975, 3, 9))
ZHAO = make_id_card(22, date(1990, 12, 1))


def party_system_rows(phone_wang="13900000011"):
    return [
        [
            1,
            "王五",
            "男",
            "汉族",
            datetime(1975, 3, 9),
            WANG,
            "本科",
            datetime(2001, 7, 1),
            "2002/7/1",
            "正式党员",
            "B010101",
            phone_wang,
            "某街道办事处 科员",
        ],
        [
            2,
            "赵六",
            "女",
            "回族",
            "",
            ZHAO,
            "大专",
            "2019年6月30日",
            "",
            "预备党员",
            "东城第一社区第一网格党支部",
            "",
            "某公司",
        ],
    ]


def import_members(tmp_path, rows, headers=PARTY_SYSTEM_HEADERS, name="members.xlsx", **kwargs):
    return roster_import(kind="members", path=write_table(tmp_path / name, headers, rows), name=name, **kwargs)


@pytest.mark.parametrize("name", ["members.xlsx", "members.csv"])
def test_a_party_system_roster_creates_members_with_protected_numbers(district, tmp_path, name):
    result = import_members(tmp_path, party_system_rows(), name=name)

    assert result.ok, [e.message for e in result.errors]
    assert (result.created, result.updated, result.unchanged) == (2, 0, 0)
    wang = Member.objects.get(id_card_hash=id_card_lookup_hash(WANG))
    assert wang.branch == district.branch
    assert wang.joined_on == date(2001, 7, 1)
    assert wang.regularized_on == date(2002, 7, 1)
    assert wang.status == MemberStatus.FULL
    assert wang.id_card_masked == WANG[:6] + "********" + WANG[-4:]
    assert decrypt(wang.id_card_encrypted) == WANG
    assert wang.phone_masked == "139****0011"
    assert decrypt(wang.phone_encrypted) == "13900000011"
    assert wang.category == MemberCategory.VILLAGE_COMMUNITY  # from the branch's domain


def test_a_missing_birth_date_comes_from_the_id_card(district, tmp_path):
    import_members(tmp_path, party_system_rows())

    zhao = Member.objects.get(id_card_hash=id_card_lookup_hash(ZHAO))
    assert zhao.birth_date == date(1990, 12, 1)
    assert zhao.joined_on == date(2019, 6, 30)
    assert zhao.status == MemberStatus.PROBATIONARY
    assert zhao.branch == district.branch  # matched by its exact name


def test_ethnicity_education_and_workplace_are_read_past_and_not_kept(district, tmp_path):
    result = import_members(tmp_path, party_system_rows(), dry_run=True)

    assert result.columns_ignored == ["序号", "民族", "学历", "工作单位及职务"]
    assert "民族" not in result.columns_used
    stored = {field.name for field in Member._meta.get_fields()}
    assert not stored & {"ethnicity", "education", "workplace", "position"}


def test_the_same_file_twice_leaves_the_same_rows(district, tmp_path):
    import_members(tmp_path, party_system_rows())
    before = list(Member.objects.order_by("pk").values())
    history = Member.history.count()

    second = import_members(tmp_path, party_system_rows())

    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    assert list(Member.objects.order_by("pk").values()) == before
    assert Member.history.count() == history


def test_a_changed_phone_updates_the_member_found_by_id_card(district, tmp_path):
    import_members(tmp_path, party_system_rows())

    second = import_members(tmp_path, party_system_rows(phone_wang="13811112222"))

    assert (second.created, second.updated, second.unchanged) == (0, 1, 1)
    wang = Member.objects.get(id_card_hash=id_card_lookup_hash(WANG))
    assert wang.phone_masked == "138****2222"
    assert decrypt(wang.phone_encrypted) == "13811112222"


def test_our_own_columns_set_category_registration_and_floating_places(district, tmp_path):
    headers = [
        "姓名",
        "身份证号",
        "入党日期",
        "人员类别",
        "所在党支部",
        "手机号码",
        "党员类别",
        "双报到社区",
        "流出地",
        "流入地",
    ]
    rows = [
        ["王五", WANG, "2001.07", "正式党员", "B010101", "13900000011", "机关企事业单位党员", "C0102", "", ""],
        ["赵六", ZHAO, "2019-06-30", "正式", "B010101", "", "流动党员", "", "湖南省冷水江市", "广东省深圳市"],
    ]
    result = import_members(tmp_path, rows, headers=headers, name="m.csv")

    assert result.ok, [e.message for e in result.errors]
    wang = Member.objects.get(id_card_hash=id_card_lookup_hash(WANG))
    assert wang.joined_on == date(2001, 7, 1)
    assert wang.category == MemberCategory.AGENCY_INSTITUTION
    assert wang.in_service_community == district.sibling_community
    zhao = Member.objects.get(id_card_hash=id_card_lookup_hash(ZHAO))
    assert (zhao.category, zhao.floating_origin, zhao.floating_destination) == (
        MemberCategory.FLOATING,
        "湖南省冷水江市",
        "广东省深圳市",
    )


def test_a_party_system_file_keeps_the_category_set_by_our_own_file(district, tmp_path):
    import_members(
        tmp_path,
        [["王五", WANG, "2001-07-01", "正式党员", "B010101", "两新组织党员"]],
        headers=["姓名", "公民身份号码", "入党时间", "人员类别", "所在党支部", "党员类别"],
    )

    again = import_members(tmp_path, party_system_rows()[:1])

    assert again.unchanged == 0 and again.updated == 1  # the phone is new
    assert Member.objects.get(id_card_hash=id_card_lookup_hash(WANG)).category == MemberCategory.TWO_NEW


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_csv_files_in_utf8_with_or_without_bom_and_in_gb18030_are_read(district, tmp_path, encoding):
    text = (
        f"姓名,公民身份号码,入党时间,人员类别,所在党支部\n王五,{WANG},2001-07-01,正式党员,东城第一社区第一网格党支部\n"
    )
    path = tmp_path / "m.csv"
    path.write_bytes(text.encode(encoding))

    result = roster_import(kind="members", path=path, name="m.csv")

    assert result.ok, [e.message for e in result.errors]
    assert Member.objects.get(id_card_hash=id_card_lookup_hash(WANG)).name == "王五"


@pytest.mark.parametrize(
    "header", ["公民身份号码", "身份证号", "身份证号码", " 身份证号码 ", "身份证号码（18位）", "*身份证号"]
)
def test_header_variants_are_recognised(district, tmp_path, header):
    result = import_members(
        tmp_path,
        [["王五", WANG, "2001-07-01", "正式党员", "B010101"]],
        headers=["姓名", header, "入党时间", "人员类别", "所在党支部"],
        name="m.csv",
        dry_run=True,
    )

    assert result.ok, [e.message for e in result.errors]
    assert result.created == 1


def test_a_title_row_above_the_header_is_skipped_and_rows_keep_their_numbers(district, tmp_path):
    path = write_table(
        tmp_path / "m.xlsx",
        ["党员信息表"],
        [
            ["姓名", "公民身份号码", "入党时间", "人员类别", "所在党支部"],
            ["王五", WANG[:-1] + ("0" if WANG[-1] != "0" else "1"), "2001-07-01", "正式党员", "B010101"],
        ],
    )

    result = roster_import(kind="members", path=path, name="m.xlsx")

    assert [(e.row, e.column) for e in result.errors] == [(3, "公民身份号码")]


def test_the_preview_sample_shows_masked_numbers_only(district, tmp_path):
    result = import_members(tmp_path, party_system_rows(), dry_run=True)

    flat = " ".join(" ".join(row) for row in result.sample)
    assert WANG not in flat and "13900000011" not in flat
    assert WANG[:6] + "********" + WANG[-4:] in flat
    assert not Member.objects.filter(name="王五").exists()
