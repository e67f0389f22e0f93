"""On the Linux console (and in ASCII) no step of the built-in library puts a question
mark where a Chinese label was (#17 item 14): every label is said in words, from the
glossary or as "a Chinese label", and every path placeholder is an ASCII one."""

from __future__ import annotations

from tui.core.flows.loader import load_library
from tui.core.present import StepView
from tui.glyphs import fold, spell_out_view
from tui.paths import builtin_flows_dir


def test_no_built_in_step_folds_a_label_to_question_marks() -> None:
    library = load_library([builtin_flows_dir()])
    checked = 0
    for flow in library.flows.values():
        for use in flow.steps:
            view = spell_out_view(StepView.of(use.step, "en", ascii_only=True), "en")
            for text in (view.title, view.warning, view.menu, view.why, view.verify,
                         view.recheck):
                drawn = fold(text, "console")
                assert drawn.count("?") == text.count("?"), drawn
                assert "wxid_." not in drawn
                checked += 1
    assert checked > 500
