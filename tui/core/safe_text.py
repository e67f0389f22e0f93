"""Provides `literal()`: text from flows, notes and names made safe to print.

Flow files, notes and operator names are data typed by people. Printed raw, an
escape sequence in them could clear the screen, move the cursor or rewrite a line of
a record someone is reading, and bidi controls could reorder what they see. Every
front end passes such text through here, so control characters show as visible
escapes (ESC becomes the four characters \\x1b) and nothing is ever interpreted.
"""

from __future__ import annotations

import re

_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_UNSAFE = re.compile(
    "[" + "".join(re.escape(c) for c in sorted(_BIDI)) + "\x00-\x08\x0b-\x1f\x7f-\x9f]"
)


def literal(text: str, *, keep_newlines: bool = True) -> str:
    """The text with every control and bidi character replaced by a visible escape."""
    out = _UNSAFE.sub(_escape, text)
    if not keep_newlines:
        out = out.replace("\n", " ").replace("\t", " ")
    return out
