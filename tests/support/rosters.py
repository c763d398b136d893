"""Rosters as the party-member information systems export them (DESIGN.md, "Rosters as users have them")."""

# The columns of a member roster exported from a party-member information system, in its order.
PARTY_SYSTEM_HEADERS = [
    "序号",
    "姓名",
    "性别",
    "民族",
    "出生日期",
    "公民身份号码",
    "学历",
    "入党时间",
    "转正时间",
    "人员类别",
    "所在党支部",
    "联系电话",
    "工作单位及职务",
]
