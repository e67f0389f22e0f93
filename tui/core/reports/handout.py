"""Provides the printable handout: one flow's checklist on paper, for a class to tick
by hand, in HTML (for a browser's "Print to PDF") or Markdown.

The step fields come from StepView, as on screen, so a handout cannot say something
the app does not. Each phase starts a new page; each step stays whole on a page. The
flow's content hash and the day printed are on it, so a trainer can tell a sheet
printed before the flow changed. The words are the front end's (a mapping), as for the
Markdown export: the core knows no catalogue.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from tui.core.flows.model import Flow
from tui.core.present import StepView
from tui.core.reports.markdown import md_text
from tui.core.safe_text import literal

Words = Mapping[str, str]

CJK_FONTS = ('"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", '
             '"Microsoft YaHei", "WenQuanYi Micro Hei", "Hiragino Sans GB", sans-serif')
"""Named so that a printer or PDF gets Chinese glyphs wherever one of them exists."""


@dataclass(frozen=True)
class Handout:
    title: str
    summary: str
    phases: tuple[tuple[str, tuple[StepView, ...]], ...]
    """(phase heading, its steps) in the flow's order."""
    flow_id: str
    flow_hash: str
    printed: date
    lang: str


def handout_of(flow: Flow, answers: Mapping[str, str], lang: str, printed: date,
               words: Words) -> Handout:
    phases: list[tuple[str, list[StepView]]] = []
    for step in flow.applicable_steps(answers):
        heading = words.get(f"phase.{step.phase}", step.phase)
        if not phases or phases[-1][0] != heading:
            phases.append((heading, []))
        phases[-1][1].append(StepView.of(step, lang))
    return Handout(literal(flow.title.get(lang)), literal(flow.summary.get(lang)),
                   tuple((h, tuple(s)) for h, s in phases), flow.id, flow.content_hash,
                   printed, lang)


def _fields(view: StepView, w: Words) -> list[tuple[str, str, str]]:
    """(css class, label, text) of a step, warning first, as on screen."""
    out = []
    if view.needs_warning:
        out.append(("warning", w["field.warning"], view.warning or w["ho.irreversible"]))
    if view.menu:
        out.append(("where", w["field.menu"], view.menu))
    if view.menu_other:
        out.append(("where", w["field.menu_other"], view.menu_other))
    out += [("why", w["field.why"], view.why), ("verify", w["field.verify"], view.verify)]
    return [(c, label, text) for c, label, text in out if text]


def _sources(view: StepView, w: Words) -> str:
    return "; ".join(w["ho.source"].format(url=s.url, checked=s.checked) for s in view.sources)


def _foot(h: Handout, w: Words) -> str:
    return w["ho.footer"].format(flow=h.flow_id, hash=h.flow_hash,
                                 date=h.printed.isoformat())


def handout_markdown(h: Handout, w: Words) -> str:
    out = [f"# {md_text(h.title)}", "", md_text(h.summary), "",
           w["ho.name_line"], ""]
    n = 0
    for heading, steps in h.phases:
        out += [f"## {md_text(heading)}", ""]
        for view in steps:
            n += 1
            optional = f" ({w['field.optional']})" if view.optional else ""
            out += [f"- [ ] **{n}. {md_text(view.title)}**{optional}"]
            out += [f"  - {label}: {md_text(text)}" for _, label, text in _fields(view, w)]
            if view.sources:
                out.append(f"  - {w['field.sources']}: {md_text(_sources(view, w))}")
            if view.reviewed:
                out.append(f"  - {w['field.reviewed']}: {view.reviewed}")
        out.append("")
    out += ["---", "", _foot(h, w), ""]
    return "\n".join(out)


_CSS = """
@page { size: A4; margin: 15mm 14mm 18mm; }
html { font-family: "Helvetica Neue", Arial, CJK_FONTS; font-size: 11pt; line-height: 1.4; }
h1 { font-size: 20pt; margin: 0 0 4pt; }
h2 { font-size: 14pt; border-bottom: 1.5pt solid #000; margin: 14pt 0 6pt; }
.summary { margin: 0 0 8pt; }
.name { margin: 8pt 0 4pt; }
section.phase + section.phase { break-before: page; }
ol { list-style: none; padding: 0; margin: 0; }
li.step { break-inside: avoid; margin: 0 0 10pt; padding-left: 22pt; position: relative; }
.box { position: absolute; left: 0; top: 1pt; width: 11pt; height: 11pt;
       border: 1.2pt solid #000; }
.title { font-weight: bold; }
dl { margin: 2pt 0 0; }
dt { font-weight: bold; display: inline; }
dd { display: inline; margin: 0; }
dl div { margin: 1pt 0; }
.warning { border-left: 3pt solid #000; padding-left: 4pt; }
.sources { font-size: 8.5pt; color: #333; overflow-wrap: anywhere; }
footer { font-size: 8.5pt; color: #333; margin-top: 12pt; }
@media screen { body { max-width: 190mm; margin: 10mm auto; } }
""".replace("CJK_FONTS", CJK_FONTS)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def handout_html(h: Handout, w: Words) -> str:
    lang = "zh-CN" if h.lang == "zh" else "en"
    out = [f'<!doctype html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">',
           f"<title>{_e(h.title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>",
           f"<header><h1>{_e(h.title)}</h1>", f'<p class="summary">{_e(h.summary)}</p>',
           f'<p class="name">{_e(w["ho.name_line"])}</p></header>']
    n = 0
    for heading, steps in h.phases:
        out.append(f'<section class="phase">\n<h2>{_e(heading)}</h2>\n<ol>')
        for view in steps:
            n += 1
            optional = f" ({_e(w['field.optional'])})" if view.optional else ""
            out.append(f'<li class="step"><span class="box"></span>'
                       f'<span class="title">{n}. {_e(view.title)}</span>{optional}<dl>')
            for css, label, text in _fields(view, w):
                out.append(f'<div class="{css}"><dt>{_e(label)}:</dt> <dd>{_e(text)}</dd></div>')
            out.append("</dl>")
            if view.sources:
                reviewed = f" · {_e(w['field.reviewed'])}: {view.reviewed}" if view.reviewed \
                    else ""
                out.append(f'<p class="sources">{_e(w["field.sources"])}: '
                           f"{_e(_sources(view, w))}{reviewed}</p>")
            out.append("</li>")
        out.append("</ol>\n</section>")
    out.append(f"<footer>{_e(_foot(h, w))}</footer>\n</body>\n</html>\n")
    return "\n".join(out)
