"""Provides `looks_like_code`: a guard against saving verification codes in records.

Records are kept for years, synced and exported; a 6-digit code or a PIN typed into a
note would outlive its purpose there. A warning before saving costs one keypress.
"""

from __future__ import annotations

import re

_DIGIT_RUN = re.compile(r"(?<![\d.,:/-])(\d[ -]?){4,8}(?![\d.,:/-])")
_SECRET_WORDS = re.compile(r"\b(pin|password|passcode|otp|code)\b\s*[:=]?\s*\S+|密码|验证码",
                           re.IGNORECASE)


def looks_like_code(text: str) -> bool:
    """True for notes such as "123456", "code 482 913", "PIN: 0000", "验证码 5521"."""
    candidates = [m.group().replace(" ", "").replace("-", "") for m in _DIGIT_RUN.finditer(text)]
    if any(4 <= len(c) <= 8 and not _is_date_or_time(c) for c in candidates):
        return True
    return bool(_SECRET_WORDS.search(text))


def _is_date_or_time(digits: str) -> bool:
    """20261122 or 1130 are more likely a date or a time than a code."""
    return len(digits) == 8 and digits.startswith(("19", "20"))
