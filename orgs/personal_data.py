"""Personal data: validation, encryption at rest, keyed hashes for look-up, and masking.

ID-card and phone numbers are stored three ways: AES-GCM ciphertext (to reveal one number to an
allowed role), an HMAC-SHA256 keyed hash (to look up and keep unique without decrypting), and a
masked form (what every page and export shows). Both keys derive from FIELD_ENCRYPTION_KEY.
"""

import base64
import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.utils.translation import gettext as _

_ID_CARD_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CARD_CHECK_CODES = "10X98765432"
_ID_CARD_SHAPE = re.compile(r"^\d{17}[\dX]$")
_MOBILE_SHAPE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE_SHAPE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
_CIPHER_PREFIX = "v1:"
# A number typed into free text: not part of a longer run of letters or digits, so codes, hashes and tokens stay.
_EDGE_BEFORE = r"(?<![0-9A-Za-z])"
_EDGE_AFTER = r"(?![0-9A-Za-z])"
_NUMBER_IN_TEXT = re.compile(
    _EDGE_BEFORE
    + r"(?:(?P<id_head>\d{6})\d{8}(?P<id_tail>\d{3}[\dXx])"
    + r"|(?P<prefix>(?:\+|00)?86[- ]?)?(?P<mobile_head>1[3-9]\d)[- ]?\d{4}[- ]?(?P<mobile_tail>\d{4}))"
    + _EDGE_AFTER,
    re.ASCII,
)
_SHORTEST_NUMBER = 11
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９＋Ｘｘ", "0123456789+Xx")  # same length: spans carry over


class PersonalDataError(ValueError):
    """A personal-data value that fails validation; the message is for the user."""


def normalize_id_card(value: str) -> str:
    return str(value).strip().replace(" ", "").upper()


def id_card_check_digit(first_seventeen: str) -> str:
    """GB 11643-1999: the weighted sum of the first 17 digits modulo 11 picks the check character."""
    total = sum(int(digit) * weight for digit, weight in zip(first_seventeen, _ID_CARD_WEIGHTS, strict=True))
    return _ID_CARD_CHECK_CODES[total % 11]


def id_card_problem(value: str) -> str | None:
    """Return a reason (translated) why the ID-card number is invalid, or None when it is valid."""
    number = normalize_id_card(value)
    if not _ID_CARD_SHAPE.match(number):
        return _("An ID-card number has 18 characters: 17 digits and a digit or X.")
    try:
        date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return _("The birth date inside the ID-card number is not a real date.")
    if id_card_check_digit(number[:17]) != number[17]:
        return _("The check digit of the ID-card number is wrong (GB 11643).")
    return None


def birth_date_from_id_card(value: str) -> date:
    number = normalize_id_card(value)
    return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def normalize_phone(value: str) -> str:
    text = str(value).strip().replace(" ", "")
    if text.endswith(".0"):  # a number typed into Excel comes back as a float
        text = text[:-2]
    if text.startswith("+86"):
        text = text[3:]
    return text


def phone_problem(value: str) -> str | None:
    """Return a reason (translated) why the phone number is invalid, or None when it is valid."""
    phone = normalize_phone(value)
    if _MOBILE_SHAPE.match(phone) or _LANDLINE_SHAPE.match(phone):
        return None
    return _("A phone number is an 11-digit mobile number or a landline with its area code.")


def mask_id_card(value: str) -> str:
    """Keep the first 6 and the last 4 characters of an ID-card number."""
    number = normalize_id_card(value)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def mask_phone(value: str) -> str:
    """Keep the first 3 and the last 4 digits of a phone number."""
    phone = normalize_phone(value).replace("-", "")
    if len(phone) <= 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]


def _masked_match(match: re.Match) -> str:
    if match["id_head"]:
        return match["id_head"] + "*" * 8 + match["id_tail"]
    return (match["prefix"] or "") + match["mobile_head"] + "****" + match["mobile_tail"]


def mask_numbers_in_text(text: str) -> str:
    """Free text as shown: each ID-card number (18 characters) and mobile number (11 digits starting with 1) in it
    masked as structured fields are, e.g. 电话13812345678 becomes 电话138****5678; other numbers stay."""
    if len(text) < _SHORTEST_NUMBER:  # most cells of an export: names, codes, dates
        return text
    parts, last = [], 0
    for match in _numbers_in(text):
        parts += [text[last : match.start()], _masked_match(match)]
        last = match.end()
    return "".join(parts) + text[last:] if parts else text


def _numbers_in(text: str):
    """The numbers in a text, full-width digits (as a Chinese input method types them) read as digits."""
    return _NUMBER_IN_TEXT.finditer(text.translate(_FULL_WIDTH_DIGITS))


def keep_typed_numbers(edited: str, typed: str) -> str:
    """The edited text with each masked number that the earlier text held put back as it was typed, so that
    saving a form that showed the text masked does not replace the evidence by its mask."""
    for match in _numbers_in(typed):
        edited = edited.replace(_masked_match(match), typed[match.start() : match.end()])
    return edited


@lru_cache(maxsize=4)
def _keys(master: str) -> tuple[bytes, bytes]:
    digest = hashlib.sha512(("starrating-field-keys:" + master).encode()).digest()
    return digest[:32], digest[32:]


def _encryption_key() -> bytes:
    return _keys(settings.FIELD_ENCRYPTION_KEY)[0]


def _hash_key() -> bytes:
    return _keys(settings.FIELD_ENCRYPTION_KEY)[1]


def encrypt(plaintext: str) -> str:
    nonce = os.urandom(12)
    ciphertext = AESGCM(_encryption_key()).encrypt(nonce, plaintext.encode(), None)
    return _CIPHER_PREFIX + base64.b64encode(nonce + ciphertext).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    raw = base64.b64decode(token.removeprefix(_CIPHER_PREFIX))
    return AESGCM(_encryption_key()).decrypt(raw[:12], raw[12:], None).decode()


def keyed_hash(normalized: str) -> str:
    return hmac.new(_hash_key(), normalized.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Protected:
    """The three stored forms of one personal number."""

    encrypted: str
    hash: str
    masked: str


def protect_id_card(value: str) -> Protected:
    number = normalize_id_card(value)
    return Protected(encrypt(number), keyed_hash(number), mask_id_card(number))


def protect_phone(value: str) -> Protected:
    if not str(value).strip():
        return Protected("", "", "")
    phone = normalize_phone(value)
    return Protected(encrypt(phone), keyed_hash(phone.replace("-", "")), mask_phone(phone))


def id_card_lookup_hash(value: str) -> str:
    return keyed_hash(normalize_id_card(value))
