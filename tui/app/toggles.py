"""Provides TextCheckbox and TextRadioButton: check boxes and radio buttons drawn as [x]
and (*) where glyphs or colour are limited, so their state shows without colour.

Only the export dialog has them; they live apart from tui.app.terminal, which the start
screen needs, so that Textual's toggle widgets are imported with that dialog and not
before the first frame.
"""

from __future__ import annotations

from textual.widgets import Checkbox, RadioButton

from tui.app.textual_patches import PlainToggle


class TextCheckbox(PlainToggle, Checkbox):
    """A Checkbox drawn as [x] / [ ] where the app says glyphs or colour are limited."""


class TextRadioButton(PlainToggle, RadioButton):
    """A RadioButton drawn as (*) / ( ) where the app says glyphs or colour are limited."""

    ON = "(*)"
    OFF = "( )"
