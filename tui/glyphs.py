"""Provides the status symbols and the glyph profiles: what signoff may draw on a
given terminal, and `fold`, which replaces everything else with look-alikes of the
same width.

Three profiles:
- "unicode": any terminal emulator with a UTF-8 locale.
- "console": the Linux text console (TERM=linux). Its default fonts hold 256-512
  glyphs; signoff draws printable ASCII plus the single-line box set CONSOLE_BOX,
  all of which are in Debian's default console font (Lat15-Fixed16 from
  console-setup-linux) and in the kernel's built-in CP437 font. The list of the
  font's code points is committed in tests/data/console_glyphs.txt and checked.
- "ascii": printable ASCII only (`--ascii`, or a locale that is not UTF-8).

A symbol always goes with a word somewhere on the same screen (the legend or the
detail pane), so colour is never the only signal.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from rich.cells import cell_len

if TYPE_CHECKING:
    from tui.core.present import StepView

Profile = Literal["unicode", "console", "ascii"]

PRINTABLE_ASCII = frozenset(chr(c) for c in range(0x20, 0x7F))
CONSOLE_BOX = "─│┌┐└┘├┤┬┴┼"
"""The basic single-line box set: every one is in the console's default fonts."""
ALLOWED: dict[Profile, frozenset[str] | None] = {
    "unicode": None,
    "console": PRINTABLE_ASCII | frozenset(CONSOLE_BOX),
    "ascii": PRINTABLE_ASCII,
}


@dataclass(frozen=True)
class Symbols:
    done: str
    skipped: str
    pending: str
    mismatch: str
    here: str
    branch: str
    bar_full: str
    bar_empty: str
    warning: str


UNICODE = Symbols(done="✓", skipped="↷", pending="○", mismatch="≠", here="▶", branch="└─",
                  bar_full="█", bar_empty="░", warning="!")
ASCII = Symbols(done="x", skipped="~", pending="o", mismatch="#", here=">", branch="`-",
                bar_full="#", bar_empty="-", warning="!")


def symbols(ascii_only: bool) -> Symbols:
    return ASCII if ascii_only else UNICODE


def status_symbol(status: str, ascii_only: bool) -> str:
    sym = symbols(ascii_only)
    return {"done": sym.done, "skipped": sym.skipped}.get(status, sym.pending)


LOOK_ALIKES = {
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "“": '"', "”": '"', "„": '"',
    "″": '"', "«": "<", "»": ">", "‹": "<", "›": ">", "‐": "-", "‑": "-", "‒": "-",
    "–": "-", "—": "-", "―": "-", "−": "-", "…": ".", "·": ".", "•": "*", "●": "*",
    "○": "o", "◦": "o", "×": "x", "✓": "x", "✔": "x", "✗": "x", "↷": "~", "≠": "#",
    "⋮": ":", "⋯": ".", "≡": "=", "☰": "=", "⌄": "v",
    "→": ">", "←": "<", "↑": "^", "↓": "v", "▶": ">", "◀": "<", "▲": "^", "▼": "v",
    "⏎": "~", "⇥": ">", "⌫": "<", "\u00a0": " ", "\u2009": " ", "\u202f": " ",
    "▔": "-", "▁": "_", "▀": "-", "▄": "_", "▌": "|", "▐": "|", "▎": "|", "▊": "|",
    "▏": "|", "▕": "|", "▍": "|", "▋": "|", "▉": "|", "█": "#", "░": ":", "▒": ":",
    "▓": "#", "▂": "_", "▃": "_", "▅": "_", "▆": "_", "▇": "_",
}
_BOX_SHAPES = (("VERTICAL AND HORIZONTAL", "┼"), ("DOWN AND HORIZONTAL", "┬"),
               ("UP AND HORIZONTAL", "┴"), ("VERTICAL AND RIGHT", "├"),
               ("VERTICAL AND LEFT", "┤"), ("DOWN AND RIGHT", "┌"), ("DOWN AND LEFT", "┐"),
               ("UP AND RIGHT", "└"), ("UP AND LEFT", "┘"), ("HORIZONTAL", "─"),
               ("VERTICAL", "│"), ("LEFT", "─"), ("RIGHT", "─"), ("UP", "│"), ("DOWN", "│"))


@lru_cache(maxsize=4096)
def fold_char(char: str, profile: Profile) -> str:
    """A stand-in for `char` from the profile's set, taking the same number of cells."""
    allowed = ALLOWED[profile]
    if allowed is None or char in allowed or char in "\n\r\t":
        return char
    width = cell_len(char)
    if width == 0:
        return ""
    name = unicodedata.name(char, "")
    if name.startswith("BOX DRAWINGS"):
        shape = next((box for words, box in _BOX_SHAPES if words in name), "+")
        if profile == "console":
            return shape
        return {"─": "-", "│": "|"}.get(shape, "+")
    if char in LOOK_ALIKES:
        return LOOK_ALIKES[char]
    plain = "".join(c for c in unicodedata.normalize("NFKD", char)
                    if not unicodedata.combining(c))
    if len(plain) == width and all(c in PRINTABLE_ASCII for c in plain):
        return plain
    return "?" * width


def fold(text: str, profile: Profile) -> str:
    """`text` with every character the profile cannot draw replaced, cell for cell.
    ASCII (control characters and escape sequences included) passes unchanged."""
    if profile == "unicode" or text.isascii():
        return text
    return "".join(c if c < "\x80" else fold_char(c, profile) for c in text)


_HAN = "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A run of Chinese with its aside, and an aside that only repeats the English before
    it in Chinese ("Transfer (在职继承)"). Compiled on first use, not on import: only a
    terminal that cannot draw Chinese needs them, and compiling them took 2-3 ms of
    every start of the app and of the plain mode."""
    run = re.compile(f"(?P<run>[{_HAN}]+)(?P<aside> \\((?P<inner>[^()]*)\\))?")
    aside = re.compile(f"\\((?:[{_HAN}]+(?:[,;/] ?|$))+\\)".replace("$", "(?=\\))"))
    return run, aside


_MARK, _END = "\x00", "\x01"


def spell_out(text: str, lang: str) -> str:
    """`text` for a terminal that cannot draw Chinese, in words instead of `??`.

    The flows write "English (中文)" where both are given: that aside becomes a note that
    the label is not shown. A label quoted alone ("Windows 微信已登录") is said in
    English from the glossary, with the note once, after the quoted label. Any other
    Chinese is named as a Chinese label. A placeholder in a path (`wxid_…`) becomes
    `wxid_<your id>`: a row of question marks or a lone dot reads like a real folder."""
    from tui.i18n import t
    from tui.i18n.labels import LABELS

    if text.isascii():
        return text
    chinese_run, only_chinese_aside = _patterns()
    note = t("label.not_shown", lang)
    text = only_chinese_aside.sub(note, text)
    text = text.replace("_…", "_" + t("label.id", lang)).replace("…", "...")

    def gloss(match: re.Match[str]) -> str:
        english = LABELS.get(match["run"])
        aside = match["aside"] or ""
        if not english:
            return t("label.unknown", lang) + chinese_run.sub(gloss, aside)
        inner = match["inner"] or ""
        if inner.lower() == english.lower():  # "退出登录 (Log Out)": said once
            aside = ""
        elif inner.lower().startswith(english.lower() + ", "):  # "设置 (Settings, bottom right)"
            aside = f" ({inner[len(english) + 2:]})"
        return f"{_MARK}{english}{_END}{chinese_run.sub(gloss, aside)}"  # Chinese in the aside too

    text = chinese_run.sub(gloss, text)
    first = text.find(_MARK)
    if first >= 0:
        end = text.index(_END, first)
        if text.count('"', 0, first) % 2 and (close := text.find('"', end)) >= 0:
            end = close + 1  # inside a quoted label: the note goes after its closing quote
        else:
            end += 1
        text = f"{text[:end]} {note}{text[end:]}"
    for mark in (_MARK, _END):
        text = text.replace(mark, "")
    return text


def spell_out_view(view: StepView, lang: str) -> StepView:
    """A step's own text with `spell_out` applied: what both front ends show on a
    terminal that cannot draw Chinese (the app still folds what is left, cell for cell)."""
    from dataclasses import replace

    return replace(view, title=spell_out(view.title, lang),
                   warning=spell_out(view.warning, lang), menu=spell_out(view.menu, lang),
                   why=spell_out(view.why, lang), verify=spell_out(view.verify, lang),
                   recheck=spell_out(view.recheck, lang))
