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
    "[" + "".join(re.escape(c) for c in sorted(_BIDI))
    + "\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]"
)
"""C0 and C1 controls but tab and newline, bidi controls, the Unicode line and
paragraph separators (which editors and some terminals take as line breaks), and lone
surrogates: a file name that is not UTF-8 comes from the system decoded with
surrogateescape, and printed to stdout it went out as its raw bytes."""


def literal(text: str, *, keep_newlines: bool = True) -> str:
    """The text with every control and bidi character replaced by a visible escape."""
    out = _UNSAFE.sub(_escape, text)
    if not keep_newlines:
        out = out.replace("\n", " ").replace("\t", " ")
    return out


_JSON_UNSAFE = re.compile(
    "[" + "".join(re.escape(c) for c in sorted(_BIDI)) + "\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def json_literal(dumped: str) -> str:
    """JSON text from json.dumps(ensure_ascii=False) with the characters it leaves raw
    that act on a terminal or an editor (bidi controls, C1 controls, U+2028/U+2029,
    which also end a line in JavaScript; lone surrogates, from file names that are not
    UTF-8) written as \\uXXXX escapes: the same data,
    read back by any JSON parser. Chinese text stays readable. ASCII text without DEL
    (most of a 45 MB `history --json`) has none of them, and saying so costs nothing."""
    if dumped.isascii() and "\x7f" not in dumped:
        return dumped
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


_SURROGATE = re.compile("[\ud800-\udfff]")


def storable(text: str) -> str:
    """The text with lone surrogates (bytes that were not UTF-8, decoded with
    surrogateescape from a terminal or argv) replaced by U+FFFD, so it can be written
    as UTF-8: a record that cannot be encoded would lose the change it carries."""
    return _SURROGATE.sub("\ufffd", text)


def has_undecodable(text: str) -> bool:
    """Whether `text` carries bytes that were not UTF-8 (as lone surrogates)."""
    return _SURROGATE.search(text) is not None
