"""Writes screenshots/*.svg of the real app, each screen in English and Chinese, from
the fixture flows, a fixed clock and counted record ids (run: scripts/screenshots).

Not collected by pytest (no test_ prefix)."""

from __future__ import annotations

import asyncio
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.helpers.app import FIXTURE_FLOWS, fixed_store, ready  # noqa: E402
from tui.app.signoff_app import SignoffApp  # noqa: E402
from tui.options import Options  # noqa: E402

OUT = REPO / "screenshots"
RECORDS = Path("/tmp/signoff-screenshots")
CHECKLIST = ("n", "1", "1", "1", "1", "1")
SHOTS: dict[str, tuple[str, ...]] = {
    "start": (),
    "question": ("n", "1", "1", "1", "1"),
    "confirm": ("n", "1", "2", "1"),
    "checklist": (*CHECKLIST, "space", "s", "n o space t i m e", "enter"),
    "skip": (*CHECKLIST, "s"),
    "summary": (*CHECKLIST, "space", "s", "n o space s i g n a l", "enter", "n", "o k",
                "enter", "f"),
    "history": (*CHECKLIST, "space", "f", "y", "b", "h", "down", "v"),
    "help": ("question_mark",),
    "present": (*CHECKLIST, "space", "v"),
    "report": (*CHECKLIST, "space", "f", "y", "b", "p", *CHECKLIST, "s", "n o space p h o n e",
               "enter", "m", "f", "y", "b", "c"),
}


async def shoot(name: str, presses: tuple[str, ...], lang: str) -> Path:
    root = RECORDS / f"{name}-{lang}"
    shutil.rmtree(root, ignore_errors=True)
    app = SignoffApp(Options(lang=lang, records_dir=root, flow_dirs=(FIXTURE_FLOWS,),
                             operator="ana"), store=fixed_store(root))
    path = OUT / f"{name}-{lang}.svg"
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        for press in presses:
            await pilot.press(*press.split(" "))
            await ready(pilot)  # also waits for "Saved" rather than "Saving"
        app.save_screenshot(filename=path.name, path=str(OUT))
    return path


async def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, presses in SHOTS.items():
        for lang in ("en", "zh"):
            print(await shoot(name, presses, lang))


if __name__ == "__main__":
    asyncio.run(main())
