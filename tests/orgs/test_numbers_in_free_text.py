"""ID-card and mobile numbers typed into free text are found wherever they sit in the text and masked as structured
fields are; other numbers (points, codes, dates, postcodes) are left alone."""

import pytest

from orgs.personal_data import keep_typed_numbers, mask_numbers_in_text
from tests.factories import make_id_card


def test_a_mobile_number_inside_chinese_text_is_masked():
    assert mask_numbers_in_text("电话13812345678请回复") == "电话138****5678请回复"


def test_an_id_card_number_keeps_its_first_six_and_last_four_characters():
    id_card = make_id_card(12)
    assert mask_numbers_in_text(f"身份证{id_card}。") == f"身份证{id_card[:6]}********{id_card[-4:]}。"
    assert mask_numbers_in_text("号码11010119900307123X有误") == "号码110101********123X有误"


def test_every_number_of_a_text_is_masked():
    text = "联系13812345678或13900001111，身份证110105198005170011"
    assert mask_numbers_in_text(text) == "联系138****5678或139****1111，身份证110105********0011"


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("手机 138 1234 5678", "手机 138****5678"),
        ("手机138-1234-5678", "手机138****5678"),
        ("+8613812345678", "+86138****5678"),
        ("电话：１３８１２３４５６７８", "电话：138****5678"),
    ],
)
def test_a_mobile_number_written_with_spaces_dashes_a_prefix_or_full_width_digits_is_masked(typed, shown):
    assert mask_numbers_in_text(typed) == shown


@pytest.mark.parametrize(
    "text",
    [
        "自评18.5分，复核17分",
        "党组织代码C0101、B010101",
        "2024-01-01召开党员大会，20240315整改",
        "邮编518000",
        "固定电话0755-12345678",
        "编号123456789012",
        "1381234567",
        "138123456789",
        "序号12345678901",
        "abc13812345678def",
    ],
)
def test_ordinary_numbers_are_not_masked(text):
    assert mask_numbers_in_text(text) == text


def test_an_edit_of_the_masked_text_gets_the_typed_numbers_back():
    typed = "请回电13812345678，身份证110105198005170011"
    edited = mask_numbers_in_text(typed) + "；已补充材料"
    assert keep_typed_numbers(edited, typed) == typed + "；已补充材料"


def test_a_number_the_edit_removed_does_not_come_back():
    assert keep_typed_numbers("已处理", "请回电13812345678") == "已处理"
