"""Provides the per-subject report as HTML that prints cleanly to PDF (A4).

HR files an offboarding as a PDF; a browser's "Print to PDF" is the tool every
auditor already has, so this is plain HTML with print CSS: A4 margins, the table
header repeated on each page, a step row never split across pages, long hashes and
fingerprints wrapped rather than cut off, and CJK fonts named for the Chinese report.
Every text is HTML-escaped (< > & " ') after the literal filter, so a note reading
`<script>` is shown as those characters and never run.
"""

from __future__ import annotations

import html

from tui.core.reports.handout import CJK_FONTS
from tui.core.reports.subject import WORDS, SubjectReport, Words

_CSS = """
@page { size: A4; margin: 14mm 12mm 16mm; }
html { font-family: "Helvetica Neue", Arial, CJK_FONTS; font-size: 10pt; line-height: 1.35; }
h1 { font-size: 17pt; margin: 0 0 6pt; }
h2 { font-size: 12.5pt; border-bottom: 1.2pt solid #000; margin: 14pt 0 5pt;
     break-after: avoid; }
dl { margin: 0 0 6pt; display: grid; grid-template-columns: max-content 1fr; gap: 1pt 8pt; }
dt { font-weight: bold; }
dd { margin: 0; overflow-wrap: anywhere; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 8.5pt; }
table { width: 100%; border-collapse: collapse; font-size: 9pt; table-layout: fixed; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 0.6pt solid #555; padding: 2pt 4pt; text-align: left; vertical-align: top;
         overflow-wrap: anywhere; }
th { background: #eee; }
col.n { width: 7%; } col.step { width: 24%; } col.status { width: 10%; }
col.who { width: 11%; } col.when { width: 24%; } col.why { width: 24%; }
td.when { white-space: nowrap; font-variant-numeric: tabular-nums; }
.note { font-size: 8.5pt; color: #333; }
@media print { th { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
@media screen { body { max-width: 190mm; margin: 10mm auto; } }
""".replace("CJK_FONTS", CJK_FONTS)

_COLS = ("n", "step", "status", "who", "when", "why")


def _e(text: str) -> str:
    """Escaped for HTML text and attributes alike: < > & " and '."""
    return html.escape(text, quote=True)


def _pairs(items: list[tuple[str, str]]) -> list[str]:
    """A definition list; values are escaped here, keys are signoff's own words."""
    return ["<dl>"] + [f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in items] + ["</dl>"]


def subject_html(report: SubjectReport, lang: str, words: Words = WORDS) -> str:
    """The report as a standalone HTML page in `lang` (en or zh)."""
    w = words
    title = w["sr.title"].format(who=report.who)
    out = [f'<!doctype html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>',
           '<meta charset="utf-8">', f"<title>{_e(title)}</title>",
           f"<style>{_CSS}</style>\n</head>\n<body>", f"<h1>{_e(title)}</h1>"]
    count = str(len(report.runs)) + (f" ({w['sr.practice']})" if report.practice else "")
    out += _pairs([(k, _e(v)) for k, v in report.fields]
                  + [(w["sr.head"], f"<code>{_e(report.head)}</code>"),
                     (w["sr.verify"], _e(report.verified)), (w["sr.count"], _e(count))])
    out.append(f'<p class="note">{_e(w["sr.times"])}</p>')
    for n, run in enumerate(report.runs, start=1):
        out.append(f"<section>\n<h2>{_e(w['sr.run'].format(n=n, id=run.id))}</h2>")
        signed = (("sr.key", f"<code>{_e(run.key)}</code>") if run.key
                  else ("sr.unsigned", _e(run.unsigned)))
        items = [("sr.flow", f"<code>{_e(run.flow)}</code>"),
                 ("sr.version", f"<code>{_e(run.flow_hash)}</code>"),
                 ("sr.started", _e(run.started)), ("sr.finished", _e(run.finished)),
                 ("sr.operator", _e(run.operator or w["md.not_given"])),
                 ("sr.outcome", _e(w["sr.outcome_value"].format(mode=run.mode,
                                                                 outcome=run.outcome))),
                 signed]
        if run.place:
            items.append(("sr.place", f"<code>{_e(run.place)}</code>"))
        out += _pairs([(w[k], v) for k, v in items])
        out.append("<table>\n<colgroup>" + "".join(f'<col class="{c}">' for c in _COLS)
                   + "</colgroup>\n<thead><tr>"
                   + "".join(f"<th>{_e(w[f'sr.col.{c}'])}</th>" for c in _COLS)
                   + "</tr></thead>\n<tbody>")
        out += [f"<tr><td>{s.n}</td><td>{_e(s.title)}</td><td>{_e(s.status)}</td>"
                f'<td>{_e(s.who)}</td><td class="when">{_e(s.when)}</td>'
                f"<td>{_e(s.why)}</td></tr>"
                for s in run.steps]
        out.append("</tbody>\n</table>\n</section>")
    out.append("</body>\n</html>\n")
    return "\n".join(out)
