"""Member rosters as the party-member information systems export them, plus our own columns.

The branch (所在党支部) is matched by organization code first, then by exact organization name; a
name that several organizations share is a row error asking for the code. Birth date and gender
may be absent: they come from the ID-card number, and a written one that disagrees is an error.
民族, 学历 and 工作单位及职务 are read past and not kept (personal-data minimisation). A column the
file does not have leaves the stored value alone, so a party-system export does not wipe our
own columns (党员类别, 双报到社区, 流动党员流出地/流入地). Members not in the file are left untouched.
"""

from orgs.services.rosters.cells import Column
from orgs.services.rosters.member_conflicts import MemberConflictChecks
from orgs.services.rosters.member_rows import MemberRowReading
from orgs.services.rosters.member_writes import MemberWriting

ID_CARD_COLUMN = Column(
    "id_card", "公民身份号码", ("身份证号", "身份证号码", "身份证", "证件号码", "公民身份证号码"), required=True
)
NAME_COLUMN = Column("name", "姓名", ("党员姓名",), required=True)


class MemberImporter(MemberRowReading, MemberConflictChecks, MemberWriting):
    """Members: rows read in member_rows, checked against the database in member_conflicts, written in member_writes."""

    kind = "members"
    columns = (
        NAME_COLUMN,
        Column("gender", "性别"),
        Column("birth_date", "出生日期", ("出生年月", "生日")),
        ID_CARD_COLUMN,
        Column("joined_on", "入党时间", ("入党日期",), required=True),
        Column("regularized_on", "转正时间", ("转正日期",)),
        Column("status", "人员类别", ("党员状态", "党籍状态"), required=True),
        Column("branch", "所在党支部", ("所在支部", "所在党组织", "党支部", "支部", "所在党支部代码"), required=True),
        Column("phone", "联系电话", ("手机号码", "手机号", "手机", "电话", "电话号码")),
        Column("category", "党员类别", ("党员分类",)),
        Column("in_service_community", "双报到社区", ("双报到社区代码", "报到社区")),
        Column("floating_origin", "流动党员流出地", ("流出地",)),
        Column("floating_destination", "流动党员流入地", ("流入地",)),
    )
    sample_columns = ("name", "gender", "birth_date", "id_card", "joined_on", "status", "branch", "phone", "category")
