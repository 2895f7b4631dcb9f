"""Chinese phone numbers: validate and normalise mobiles and landlines."""

import re

_MOBILE = re.compile(r"1[3-9]\d{9}")
# Area codes: 010, 02x (3 digits) or 0[3-9]xx (4 digits); local numbers 7 or 8 digits.
_LANDLINE = re.compile(r"(0(?:10|2\d|[3-9]\d{2}))(\d{7,8})")
_STRIP = re.compile(r"[\s\-()（）]")


class InvalidPhone(ValueError):
    pass


def normalize_phone(raw: str) -> str:
    digits = _STRIP.sub("", raw or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    if _MOBILE.fullmatch(digits):
        return digits
    landline = _LANDLINE.fullmatch(digits)
    if landline:
        return f"{landline.group(1)}-{landline.group(2)}"
    raise InvalidPhone("not a Chinese mobile or landline number")
