"""Flow file text for tests that write small flows: the header of a schema-1 flow and
one step, so the lint, loader and schema tests build their fixtures the same way."""

from __future__ import annotations

HEAD = """schema = 1

[flow]
id = "demo-android-shared-computer"
platform = "demo"
surface = "android"
goal = "shared-computer"
title = { en = "T", zh = "标题" }
summary = { en = "S", zh = "摘要" }
"""
"""A schema-1 flow's header, before its steps (tests count lines from here)."""

SOURCE = '{ url = "https://example.org/x", checked = 2026-11-22, kind = "official-help" }'


def step(step_id: str = "one", extra: str = "", source: str = SOURCE,
         confidence: str = "medium", title: str | None = None) -> str:
    """One inline step; its title carries its id (or is `title`, and in Chinese
    `title`（中文）), so no two are written alike."""
    titles = (f'{{ en = "{title}", zh = "{title}（中文）" }}' if title is not None
              else f'{{ en = "Do {step_id}", zh = "做 {step_id}" }}')
    return f"""
[[steps]]
id = "{step_id}"
title = {titles}
why = {{ en = "Because.", zh = "因为。" }}
verify = {{ en = "Done.", zh = "完成。" }}
confidence = "{confidence}"
sources = [{source}]
{extra}"""
