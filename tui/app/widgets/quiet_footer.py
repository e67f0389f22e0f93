"""Provides QuietFooter: the key bar of every screen, compact and without the palette
key (ctrl+p is in the help screen). Its drawing in the first frame and its rebuild only
when the keys change are FirstFrameFooter's (tui.app.textual_patches)."""

from __future__ import annotations

from tui.app.textual_patches import FirstFrameFooter


class QuietFooter(FirstFrameFooter):
    pass
