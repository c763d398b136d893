"""ID-card and phone numbers: GB 11643 check digit, masking, encryption and keyed hashes."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from orgs.personal_data import (
    decrypt,
    id_card_check_digit,
    id_card_lookup_hash,
    id_card_problem,
    mask_id_card,
    mask_phone,
    phone_problem,
    protect_id_card,
    protect_phone,
)

VALID = "11010519491231002X"  # the GB 11643 standard's own example


def test_the_standard_example_is_valid():
    assert id_card_problem(VALID) is None
    assert id_card_check_digit(VALID[:17]) == "X"


def test_a_wrong_check_digit_is_named():
    assert "校验位" in id_card_problem("110105194912310021")


def test_an_impossible_birth_date_is_named():
    first = "11010519490231002"
    assert "出生日期" in id_card_problem(first + id_card_check_digit(first))


@given(st.from_regex(r"\d{6}(19[5-9]\d|200\d)(0[1-9]|1[0-2])(0[1-9]|1\d|2[0-8])\d{3}", fullmatch=True))
def test_every_number_with_its_check_digit_is_valid(first):
    number = first + id_card_check_digit(first)
    assert id_card_problem(number) is None
    wrong = "0" if number[-1] != "0" else "1"
    assert id_card_problem(number[:-1] + wrong) is not None


def test_masks_keep_six_and_four_of_an_id_and_three_and_four_of_a_phone():
    assert mask_id_card(VALID) == "110105********002X"
    assert mask_phone("13912345678") == "139****5678"


@pytest.mark.parametrize("phone", ["13912345678", "0731-88889999", "+8613912345678"])
def test_good_phone_numbers(phone):
    assert phone_problem(phone) is None


@pytest.mark.parametrize("phone", ["1391234567", "23912345678", "abc", "139123456789"])
def test_bad_phone_numbers_are_named(phone):
    assert "手机号码" in phone_problem(phone)


def test_encryption_round_trips_and_never_stores_the_number(settings):
    protected = protect_id_card(VALID.lower())
    assert VALID not in protected.encrypted
    assert decrypt(protected.encrypted) == VALID
    assert protected.hash == id_card_lookup_hash(VALID)
    assert protect_id_card(VALID).encrypted != protected.encrypted  # a fresh nonce every time
    phone = protect_phone("139 1234 5678")
    assert decrypt(phone.encrypted) == "13912345678"
    assert phone.masked == "139****5678"


def test_the_hash_depends_on_the_key(settings):
    before = id_card_lookup_hash(VALID)
    settings.FIELD_ENCRYPTION_KEY = "another key"
    assert id_card_lookup_hash(VALID) != before
