"""The plain mode as a screen reader hears it (#17 items 13 and 14): each thing said
once by default, the old everything-every-time form behind --verbose, lines not cut
when nobody reads them on a terminal, a resumed run that says which run it is, and
Chinese labels the Linux console cannot draw put in words."""

from __future__ import annotations

import io
import itertools
import re
import shutil
from pathlib import Path

from rich.console import Console

from tests.conftest import FIXTURE_FLOWS
from tui import exit_codes
from tui.core.records.store import RecordStore
from tui.options import Options
from tui.plain import run_plain

LONG_URL = ("https://help.example.org/cgi-bin/oshelpcenter?t=help_center/w_topic_detail"
            "&opcode=2&id=150915vvruve15091522e3eu&lang=en&plat=2&Channel=helpcenter")
SOURCES = (f'[{{ url = "{LONG_URL}", checked = 2026-11-22, kind = "official-help" }},\n'
           ' { url = "https://example.org/second", checked = 2026-11-23, kind = "official-help" }]')
FLOW = f"""schema = 1

[flow]
id = "demo-android-shared-computer"
platform = "demo"
surface = "android"
goal = "shared-computer"
title = {{ en = "Demo phone: shared computer", zh = "演示手机：共用电脑" }}
summary = {{ en = "Tap the bar, then delete the folder.", zh = "点提示条，再删除文件夹。" }}

[[steps]]
id = "tap-bar"
title = {{ en = "Tap the bar", zh = "点提示条" }}
menu.en = 'Chats: tap the bar "Windows 微信已登录", then 退出 (Quit).'
menu.zh = "聊天：点“Windows 微信已登录”提示条，再点“退出”。"
why = {{ en = "It ends the session.", zh = "结束会话。" }}
verify = {{ en = "The bar is gone.", zh = "提示条消失。" }}
confidence = "medium"
sources = {SOURCES}

[[steps]]
id = "delete-folder"
title = {{ en = "Delete the folder", zh = "删除文件夹" }}
menu.en = "Documents > xwechat_files > your wxid_… folder > Delete (删除, 某某)."
menu.zh = "文档 > xwechat_files > 你的 wxid_… 文件夹 > 删除。"
why = {{ en = "Chats stay on disk.", zh = "聊天记录留在磁盘上。" }}
verify = {{ en = "The folder is gone.", zh = "文件夹已删除。" }}
confidence = "low"
sources = [{{ url = "https://example.org/folder", checked = 2026-11-22, kind = "official-help" }}]

[[steps]]
id = "look"
title = {{ en = "Look again", zh = "再看一次" }}
why = {{ en = "To be sure.", zh = "确认一下。" }}
verify = {{ en = "Nothing left.", zh = "没有剩下的。" }}
confidence = "high"
sources = [{{ url = "https://example.org/look", checked = 2026-11-22, kind = "official-help" }}]
"""
RUN = ("demo", "android", "shared-computer")


def _flows(tmp_path: Path) -> Path:
    folder = tmp_path / "flows"
    shutil.copytree(FIXTURE_FLOWS, folder, dirs_exist_ok=True)
    (folder / "demo" / "android-shared-computer.toml").write_text(FLOW, encoding="utf-8")
    return folder


def _plain(tmp_path: Path, typed: str, *, run: tuple[str, str, str] | None = RUN,
           resume: str | None = None, terminal: bool = False, **options: object
           ) -> tuple[int, str, RecordStore]:
    counter = itertools.count(1)
    store = RecordStore(tmp_path / "records", suffix=lambda: f"{next(counter):04x}")
    opts = Options(lang="en", records_dir=tmp_path / "records", flow_dirs=(_flows(tmp_path),),
                   operator="ana", run=None if resume else run, resume=resume,
                   **options)  # type: ignore[arg-type]
    out = io.StringIO()
    console = Console(file=out, width=80, highlight=False, emoji=False, markup=False,
                      force_terminal=terminal, color_system=None)
    code = run_plain(opts, io.StringIO(typed), console, store)
    return code, out.getvalue(), store


def test_options_are_read_without_their_ids_which_are_said_once_as_a_shortcut(
        tmp_path: Path) -> None:
    code, out, _ = _plain(tmp_path, "1\n2\n1\nq\n", run=None)
    assert code == exit_codes.STOPPED, out
    assert "  1) Web browser\n" in out and "[web]" not in out and "[demo]" not in out
    assert "Answer 1-2 (b = back):" in out
    assert "Next time this run starts with: signoff run demo android shared-computer" in out
    _, verbose, _ = _plain(tmp_path / "v", "1\n2\n1\nq\n", run=None, verbose=True)
    assert "  1) Web browser  [web]\n" in verbose and "or the id in brackets" in verbose


def test_a_note_or_a_mark_is_one_line_not_the_whole_step_again(tmp_path: Path) -> None:
    code, out, store = _plain(tmp_path, "m\nno\nn\nthe desk\nq\n")
    assert code == exit_codes.STOPPED, out
    assert out.count("Step 1/3") == 1 and out.count("Why: It ends the session.") == 1
    assert "Marked: this step did not match your app.\n" in out
    assert "Note saved.\n" in out
    [record] = store.in_progress()
    assert record.step("tap-bar").note == "the desk" and record.step("tap-bar").mismatch
    _, verbose, _ = _plain(tmp_path / "v", "m\nno\nn\nthe desk\nq\n", verbose=True)
    assert verbose.count("Step 1/3") == 3, "--verbose keeps the whole step each time"


def test_the_record_id_is_said_at_the_start_not_after_every_tick(tmp_path: Path) -> None:
    code, out, store = _plain(tmp_path, "d\nd\nd\n")
    assert code == exit_codes.OK, out
    [record] = store.scan().records
    during = out[:out.index("Finished:")]
    assert during.count(record.id) == 1, during
    assert f"Record {record.id} started" in during and during.count("Saved.\n") == 3
    _, verbose, _ = _plain(tmp_path / "v", "d\nd\nd\n", verbose=True)
    assert len(re.findall(r"Saved \(record [\w-]+\)\.", verbose)) == 4


def test_sources_have_one_heading_and_a_url_is_never_split(tmp_path: Path) -> None:
    _, out, _ = _plain(tmp_path, "q\n")
    step = out[out.index("Step 1/3"):]
    assert step.count("Sources") == 1
    assert f"Sources:\n  {LONG_URL} (2026-11-22)\n  https://example.org/second (2026-11-23)\n" \
        in step
    _, verbose, _ = _plain(tmp_path / "v", "q\n", verbose=True)
    assert verbose.count("Sources: https://") == 2


def test_piped_lines_are_not_wrapped(tmp_path: Path) -> None:
    """Nobody reads a pipe at 80 columns: a line is a line, whatever its length."""
    _, out, _ = _plain(tmp_path, "q\n")
    assert "Demo phone: shared computer\nTap the bar, then delete the folder.\n" in out
    assert any(len(line) > 80 for line in out.splitlines()), "printed as it is, unwrapped"
    assert LONG_URL in out


def test_on_a_terminal_words_wrap_but_a_url_stays_whole(tmp_path: Path) -> None:
    _, out, _ = _plain(tmp_path, "q\n", terminal=True)
    assert LONG_URL in out, "a URL split over two lines cannot be followed"
    # (what follows a prompt shares its line here: nobody typed the answer and Enter)
    lines = [line.split("quit: ")[0] for line in out.splitlines() if LONG_URL not in line]
    assert all(len(line) <= 80 for line in lines), lines
    assert "Chats: tap the bar" in out and max(map(len, lines)) > 60, "wrapped, not cut"


def test_the_other_languages_menu_is_said_on_o_not_every_time(tmp_path: Path) -> None:
    code, out, _ = _plain(tmp_path, "o\nx\nq\n")
    assert code == exit_codes.STOPPED, out
    assert "Please type d, s, n, m, o, b, f or q." in out
    before, after = out.split("o where in Chinese", 1)
    assert "微信已登录”提示条" not in before, "not said before it is asked for"
    assert after.count("In the other UI language: 聊天：点“Windows 微信已登录”提示条") == 1
    _, verbose, _ = _plain(tmp_path / "v", "q\n", verbose=True)
    assert "In the other UI language: 聊天" in verbose


def test_a_resumed_run_says_which_run_it_is(tmp_path: Path) -> None:
    _, _, store = _plain(tmp_path, "d\nq\n")
    [record] = store.in_progress()
    code, out, _ = _plain(tmp_path, "q\n", resume=record.id)
    assert code == exit_codes.STOPPED, out
    head = out.splitlines()[:2]
    assert head == ["Resuming Demo phone: shared computer",
                    f"Record {record.id}: 1 of 3 steps done or skipped."], out
    assert out.index("Record ") < out.index("Step 2/3")


def test_a_full_run_says_less_than_the_verbose_form(tmp_path: Path) -> None:
    typed = "1\n2\n1\nm\nn\nthe desk\nd\nd\nd\n"
    _, concise, _ = _plain(tmp_path, typed, run=None)
    _, verbose, _ = _plain(tmp_path / "v", typed, run=None, verbose=True)
    assert len(concise.splitlines()) <= len(verbose.splitlines()) - 15


# -- item 14: the Linux console (and ASCII) cannot draw Chinese ----------------------------
def test_on_the_console_a_chinese_label_is_said_in_words(tmp_path: Path) -> None:
    code, out, _ = _plain(tmp_path, "d\nq\n", console=True)
    assert code == exit_codes.STOPPED, out
    assert ('tap the bar "Windows WeChat is logged in" (Chinese label not shown: this '
            'console cannot draw it), then Quit.') in out
    assert "your wxid_<your id> folder" in out and "wxid_." not in out
    assert "Delete (Chinese label not shown: this console cannot draw it)" in out
    assert out.isascii()
    steps = re.sub(r"https?://\S+", "", out)
    assert "?" not in steps, "no question marks for labels"


def test_in_ascii_an_unknown_label_is_named_not_questioned(tmp_path: Path) -> None:
    """A label nobody glossed is named as one, never shown as ??."""
    from tui.glyphs import spell_out

    text = spell_out("Right-click > 某某功能 > Delete", "en")
    assert text == "Right-click > [a Chinese label this console cannot draw] > Delete"
    assert spell_out("look for 退出登录 (Log Out), then 设置 (Settings, bottom right)",
                     "en") == ("look for Log Out (Chinese label not shown: this console "
                               "cannot draw it), then Settings (bottom right)")
    assert spell_out("and so on…", "en") == "and so on..."
    assert spell_out("权限配置 (or 客户与上下游)", "en") == (
        "Permission Settings (Chinese label not shown: this console cannot draw it) "
        "(or Customers and Partners)"), "Chinese in the aside after a label too"
