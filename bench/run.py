"""signoff against a bare Textual app and a Rich-only prompt, in one run.

    .venv/bin/python bench/run.py            # the full benchmark (a few minutes)
    .venv/bin/python bench/run.py --quick    # one round, small data: checks it still runs

Everything is measured from outside, the way a person meets it: each program is
spawned in an 80x24 pseudo-terminal (TERM=xterm-256color) and its output is fed to a
terminal emulator (pyte); "ready" is the moment the emulated screen shows the whole
first screen, never a log line the program prints about itself. Peak memory is VmHWM
from /proc/PID/status at that moment. Programs are measured interleaved (A B A B ...)
so that a busy machine slows both alike; ratios are medians of the pairs.

This is not a test: nothing here asserts a time. The budgets are printed next to the
ratios so that a reader can see which are met.
"""

from __future__ import annotations

import argparse
import fcntl
import itertools
import json
import os
import platform
import pty
import re
import select
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyte

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.path.insert(1, str(ROOT))

import generate  # noqa: E402

PY = sys.executable
COLS, ROWS = 80, 24
PARTS = ("app", "keys", "plain", "records", "flows")
"""What --only can pick: start/memory/exit, keypress, plain mode and small commands,
records at scale, flow loading."""
DATE_ROW = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")


def signoff_argv(*args: str) -> list[str]:
    script = Path(PY).parent / "signoff"
    return [str(script), *args] if script.exists() else [PY, "-m", "tui", *args]


# -- a program in a pseudo-terminal -----------------------------------------------------
class Timeout(Exception):
    pass


class Term:
    """One program in an 80x24 pty, its output fed to pyte as it arrives."""

    def __init__(self, argv: Sequence[str], env: dict[str, str]) -> None:
        self.screen = pyte.Screen(COLS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.start = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: size the terminal, then become the program
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
                os.execve(argv[0], list(argv), env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.eof = False
        self.status: int | None = None

    def lines(self) -> list[str]:
        # pyte's own `display` can fail on an empty cell; a wide character's second
        # cell is empty here, so joining cells gives the same text
        buffer = self.screen.buffer
        return ["".join(buffer[y][x].data for x in range(COLS)) for y in range(ROWS)]

    def text(self) -> str:
        return "\n".join(self.lines())

    def _read(self, timeout: float) -> float | None:
        """Feed what arrives within `timeout`; the time it arrived, or None."""
        if self.eof:
            time.sleep(min(timeout, 0.01))
            return None
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return None
        try:
            data = os.read(self.fd, 1 << 16)
        except OSError:
            data = b""
        arrived = time.perf_counter()
        if not data:
            self.eof = True
            return None
        self.stream.feed(data)
        return arrived

    def wait_for(self, done: Callable[[list[str]], bool], timeout: float, what: str) -> float:
        """Seconds since spawn until the screen satisfies `done` (by arrival time)."""
        deadline = time.perf_counter() + timeout
        if done(self.lines()):
            return time.perf_counter()
        while time.perf_counter() < deadline:
            arrived = self._read(max(0.0, deadline - time.perf_counter()))
            if arrived is not None and done(self.lines()):
                return arrived
            if self.eof and self.poll() is not None:
                break
        raise Timeout(f"{what}: not seen within {timeout:.0f} s; the screen was:\n{self.text()}")

    def send(self, data: bytes) -> float:
        sent = time.perf_counter()
        os.write(self.fd, data)
        return sent

    def hwm_mib(self) -> float:
        with open(f"/proc/{self.pid}/status") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return float("nan")

    def poll(self) -> int | None:
        if self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
        return self.status

    def wait_exit(self, timeout: float) -> float:
        """The moment the process ended (output is drained meanwhile)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.poll() is not None:
                return time.perf_counter()
            self._read(0.002)
        raise Timeout("the program did not exit")

    def close(self) -> None:
        if self.poll() is None:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        os.close(self.fd)


# -- results ---------------------------------------------------------------------------
@dataclass
class Row:
    name: str
    unit: str
    ours: list[float] = field(default_factory=list)
    ref: list[float] = field(default_factory=list)
    budget: str = ""

    def ratio(self) -> float | None:
        pairs = [a / b for a, b in zip(self.ours, self.ref, strict=False) if b]
        return statistics.median(pairs) if pairs else None


def fmt(values: list[float], unit: str) -> str:
    if not values:
        return "-"
    digits = 1 if unit == "MiB" or statistics.median(values) >= 10 else 2
    med = statistics.median(values)
    return (f"{med:.{digits}f} ({min(values):.{digits}f}-{max(values):.{digits}f})"
            if len(values) > 1 else f"{med:.{digits}f}")


def p90(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]


# -- the programs and what "ready" means for each ----------------------------------------
TREE: list[str] = []
"""--tree DIR: import signoff from DIR (e.g. a git worktree of an older commit)."""


def environment(records: Path, config: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("TEXTUAL", "SIGNOFF", "COLUMNS", "LINES", "LC_", "LANG",
                                "PYTHONPATH"))}
    if TREE:
        env["PYTHONPATH"] = TREE[0]
    env.update(TERM="xterm-256color", COLORTERM="truecolor", LANG="C.UTF-8",
               SIGNOFF_RECORDS_DIR=str(records), SIGNOFF_CONFIG_DIR=str(config),
               SIGNOFF_CACHE_DIR=str(config.parent / "cache"),
               PYTHONDONTWRITEBYTECODE="1")
    return env


def bare_ready(lines: list[str]) -> bool:
    return "Count: 0" in "".join(lines) and "Quit" in lines[-1]


def start_ready(lines: list[str]) -> bool:
    text = "\n".join(lines)
    return ("Sign out of chat" in text and "New run" in lines[-1]
            and ("No interrupted runs." in text or " done" in text)
            and "Looking for" not in text)


def checklist_ready(lines: list[str]) -> bool:
    return "Tick" in lines[-1] and " done, " in "\n".join(lines)


def progress(lines: list[str]) -> str:
    for line in lines:
        match = re.search(r"\d+ done, \d+ skipped, \d+ to do", line)
        if match:
            return match.group(0)
    return ""


def count_of(lines: list[str]) -> str:
    match = re.search(r"Count: \d+", "".join(lines))
    return match.group(0) if match else ""


def history_ready(expected: int) -> Callable[[list[str]], bool]:
    want = min(expected, 10)

    def ready(lines: list[str]) -> bool:
        return "Filter" in lines[-1] and sum(bool(DATE_ROW.search(ln)) for ln in lines) >= want

    return ready


def plain_ready(lines: list[str]) -> bool:
    return "Answer 1-" in "\n".join(lines)


# -- measurements -------------------------------------------------------------------------
def launch_ready(argv: list[str], env: dict[str, str], ready: Callable[[list[str]], bool],
                 what: str) -> tuple[Term, float, float]:
    term = Term(argv, env)
    at = term.wait_for(ready, 60, what)
    return term, (at - term.start) * 1000, term.hwm_mib()


def quit_time(term: Term, key: bytes) -> float:
    sent = term.send(key)
    ended = term.wait_exit(30)
    term.close()
    return (ended - sent) * 1000


def presses(term: Term, key: bytes, shown: Callable[[list[str]], str], count: int,
            settled: list[float] | None = None) -> list[float]:
    """Time from each key until `shown` changes on screen, then 30 ms before the next
    key. With `settled`, the screen is read during those 30 ms too, and the time until
    the last frame that arrived in them is kept: the checklist draws the tick first and
    the detail pane a frame later, and both are reported."""
    out = []
    for _ in range(count):
        before = shown(term.lines())

        def changed(lines: list[str], before: str = before) -> bool:
            return shown(lines) not in ("", before)

        sent = term.send(key)
        at = term.wait_for(changed, 10, "keypress")
        out.append((at - sent) * 1000)
        if settled is None:
            time.sleep(0.03)
            continue
        last, until = at, at + 0.03
        while (left := until - time.perf_counter()) > 0:
            arrived = term._read(left)
            if arrived is not None:
                last = arrived
        settled.append((last - sent) * 1000)
    return out


def largest_flow() -> tuple[str, str, str, int]:
    from tui.core.flows.loader import load_library
    from tui.paths import builtin_flows_dir

    library = load_library([builtin_flows_dir()])
    # Ticking in order meets every prerequisite (they are placed first), but not a wait:
    # a step 24 hours after another refuses the tick, and the keypress timing stops.
    untimed = [f for f in library.flows.values()
               if not any(p.wait_hours for use in f.steps for p in use.after)]
    flow = max(untimed, key=lambda f: (len(f.steps), f.id))
    return flow.platform, flow.surface, flow.goal, len(flow.steps)


def open_checklist(env: dict[str, str], flow: tuple[str, str, str, int]) -> Term:
    term = Term(signoff_argv("run", *flow[:3]), env)
    deadline = time.perf_counter() + 60
    while not checklist_ready(term.lines()):
        if time.perf_counter() > deadline:
            raise Timeout(f"checklist not shown:\n{term.text()}")
        text = term.text()
        answer = (b"bench\r" if re.search(r"OK +Cancel", text) else
                  b"1" if "Choose" in term.lines()[-1] else None)
        if answer is not None:
            def moved(lines: list[str], before: str = text) -> bool:
                return "\n".join(lines) != before

            term.send(answer)
            term.wait_for(moved, 10, "answer")
            settle = time.perf_counter() + 0.3
            while time.perf_counter() < settle:
                term._read(0.05)
        term._read(0.05)
    return term


def timed_run(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   stdin=subprocess.DEVNULL, check=False)
    return (time.perf_counter() - started) * 1000


def command_ok(argv: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({result.returncode}): {result.stderr}")


# -- the benchmark -------------------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="one round and small data: seconds, for the smoke test")
    parser.add_argument("--rounds", type=int, help="A/B rounds (default 10; --quick 1)")
    parser.add_argument("--sizes", help="record counts, comma-separated "
                        "(default 1000,10000,100000; --quick 20)")
    parser.add_argument("--data", default="/tmp/signoff-bench",
                        help="where generated records and flows are kept between runs")
    parser.add_argument("--json", metavar="FILE", help="also write the raw numbers here")
    parser.add_argument("--tree", metavar="DIR",
                        help="measure the signoff in DIR (e.g. a worktree of an older commit)")
    parser.add_argument("--only", metavar="PARTS",
                        help="measure only these parts, comma-separated: "
                        f"{', '.join(PARTS)} (default: all)")
    args = parser.parse_args(argv)
    only = set(args.only.split(",")) if args.only else set(PARTS)
    if only - set(PARTS):
        parser.error(f"--only: unknown part {', '.join(sorted(only - set(PARTS)))}; "
                     f"use {', '.join(PARTS)}")
    if args.tree:
        TREE.append(str(Path(args.tree).resolve()))
    rounds = args.rounds or (1 if args.quick else 10)
    key_runs = max(rounds, 1 if args.quick else 6)
    n_press = 3 if args.quick else 20
    sizes = [int(s) for s in (args.sizes or ("20" if args.quick else "1000,10000,100000"))
             .split(",")]
    n_flows = 20 if args.quick else 1000
    data = Path(args.data)
    data.mkdir(parents=True, exist_ok=True)
    config = data / "config"
    config.mkdir(exist_ok=True)
    empty = data / "records-empty"
    shutil.rmtree(empty, ignore_errors=True)
    empty.mkdir(mode=0o700)
    base_env = environment(empty, config)
    bare = [PY, str(BENCH / "bare_app.py")]
    rich = [PY, str(BENCH / "rich_prompt.py")]
    flow = largest_flow()
    rows: list[Row] = []

    def row(name: str, unit: str, budget: str = "") -> Row:
        rows.append(Row(name, unit, budget=budget))
        return rows[-1]

    ready, memory, exits = (row("ready (start screen)", "ms", "<= 1.25x"),
                            row("peak memory at ready", "MiB", "<= 1.25x"),
                            row("exit after quit key", "ms", "<= 1.0x"))
    keys = row(f"keypress (tick; checklist of {flow[3]} steps)", "ms", "p90 <= 16 ms")
    detail: list[float] = []
    """Each tick until its last frame (the detail pane) arrived (reported, no budget)."""
    plain = row("plain mode: first prompt", "ms", "<= 2x")
    version = row("signoff --version", "ms", "<= 2x")
    hist_small = row("history --json (10 records)", "ms", "<= 2x")
    ten = data / "records-10"
    generate.make_records(10, ten)
    ten_env = environment(ten, config)
    command_ok(signoff_argv("history", "--json"), ten_env)

    print(f"signoff vs bare Textual app: {rounds} rounds A B A B ...", file=sys.stderr)
    for _ in range(rounds):
        if "app" in only:
            term, ms, mib = launch_ready(bare, base_env, bare_ready, "bare app")
            ready.ref.append(ms)
            memory.ref.append(mib)
            exits.ref.append(quit_time(term, b"q"))
            term, ms, mib = launch_ready(signoff_argv(), base_env, start_ready, "start screen")
            ready.ours.append(ms)
            memory.ours.append(mib)
            exits.ours.append(quit_time(term, b"q"))
        if "plain" in only:
            term, ms, _ = launch_ready(rich, base_env, plain_ready, "rich prompt")
            term.close()
            for target in (plain, version, hist_small):
                target.ref.append(ms)
            term, ms, _ = launch_ready(signoff_argv("--plain"), base_env, plain_ready,
                                       "plain")
            term.close()
            plain.ours.append(ms)
            version.ours.append(timed_run(signoff_argv("--version"), base_env))
            hist_small.ours.append(timed_run(signoff_argv("history", "--json"), ten_env))
    if "keys" in only:
        print(f"keypress latency: {key_runs} runs x {n_press} presses", file=sys.stderr)
    for _ in range(key_runs if "keys" in only else 0):
        term, _, _ = launch_ready(bare, base_env, bare_ready, "bare app")
        time.sleep(0.3)
        keys.ref.extend(presses(term, b" ", count_of, n_press))
        quit_time(term, b"q")
        term = open_checklist(base_env, flow)
        time.sleep(0.3)
        keys.ours.extend(presses(term, b" ", progress, n_press, detail))
        quit_time(term, b"\x18")  # ctrl+x: save and exit

    # -- records at scale --------------------------------------------------------------
    scale: dict[int, dict[str, list[float]]] = {}
    history_ten: list[float] = []
    for size in (sizes if args.quick else [10, *sizes]) if "records" in only else []:
        folder = generate.make_records(size, data / f"records-{size}")
        env = environment(folder, config)
        results: dict[str, list[float]] = {}
        # "cold" means no record index (it lives in the cache folder)
        shutil.rmtree(Path(env["SIGNOFF_CACHE_DIR"]) / "records-index", ignore_errors=True)
        print(f"{size} records", file=sys.stderr)
        results["history --json (cold: no index)"] = [
            timed_run(signoff_argv("history", "--json"), env)]
        repeat = 1 if args.quick or size >= 100_000 else 3
        results["history --json"] = [timed_run(signoff_argv("history", "--json"), env)
                                     for _ in range(repeat)]
        results["History screen ready"] = []
        for _ in range(repeat):
            term, _, _ = launch_ready(signoff_argv(), env, start_ready, "start screen")
            sent = term.send(b"h")
            at = term.wait_for(history_ready(size), 30 if args.quick else 180,
                                   "history screen")
            results["History screen ready"].append((at - sent) * 1000)
            term.close()
        results["export --format csv"] = [
            timed_run(signoff_argv("export", "--format", "csv"), env) for _ in range(repeat)]
        results["verify"] = [timed_run(signoff_argv("verify"), env) for _ in range(repeat)]
        command_ok(signoff_argv("verify"), env)
        if size == 10:
            history_ten = results["History screen ready"]
        else:
            scale[size] = results

    flow_times: dict[str, list[float]] = {}
    folder = (generate.make_flows(n_flows, data / f"flows-{n_flows}") if "flows" in only
              else data)
    code = ("import sys,time;t=time.perf_counter();from tui.core.{0} import {1} as load;"
            "from tui.paths import builtin_flows_dir;from pathlib import Path;"
            "from tui.paths import cache_dir;dirs=[builtin_flows_dir(),*map(Path,sys.argv[1:])];"
            "lib=load(dirs,cache_dir()) if 'cached' in load.__name__ else load(dirs);"
            "print((time.perf_counter()-t)*1000, len(lib.flows), len(lib.problems))")
    tree = Path(TREE[0] if TREE else ROOT)
    cache = data / "flow-cache"  # the cached rows: one untimed run fills it, then warm runs
    shutil.rmtree(cache, ignore_errors=True)
    if (tree / "tui/core/flows/cache.py").exists():  # the layout since the reshaping
        loaders = [("", "flows.loader", "load_library"),
                   (", warm cache", "flows.cache", "load_library_cached")]
    else:
        loaders = [("", "loader", "load_library")] + (
            [(", warm cache", "library_cache", "load_library_cached")]
            if (tree / "tui/core/library_cache.py").exists() else [])
    for (kind, module, func), (label, extra) in [
            (v, f) for v in loaders for f in (("shipped library", []),
                                              (f"+ {n_flows} generated flows", [str(folder)]))
    ] if "flows" in only else ():
        times = []
        warm_up = 1 if kind else 0
        for n in range(warm_up + (1 if args.quick else 5)):
            out = subprocess.run([PY, "-c", code.format(module, func), *extra],
                                 capture_output=True, text=True, check=True, cwd=tree,
                                 env={**os.environ, "SIGNOFF_CACHE_DIR": str(cache)}
                                 ).stdout.split()
            if n >= warm_up:
                times.append(float(out[0]))
        flow_times[f"{label}{kind} ({out[1]} flows, {out[2]} problems)"] = times

    report([r for r in rows if r.ours], scale, history_ten, flow_times, keys, detail)
    if args.json:
        Path(args.json).write_text(json.dumps({
            "rows": [r.__dict__ for r in rows], "scale": scale, "history_10": history_ten,
            "flows": flow_times}, indent=1))
    return 0


def report(rows: list[Row], scale: dict[int, dict[str, list[float]]],
           history_ten: list[float], flow_times: dict[str, list[float]], keys: Row,
           detail: list[float]) -> None:
    import textual

    print(f"machine: {os.cpu_count()} cores, {platform.machine()}, Python "
          f"{platform.python_version()}, Textual {textual.__version__}, "
          f"{platform.system()} {platform.release()}")
    print()
    if rows:
        print("| measure | signoff: median (min-max) | reference: median (min-max) "
              "| median paired ratio | budget |")
        print("|---|---|---|---|---|")
    for r in rows:
        reference = ("bare Textual app" if r.budget.startswith(("<= 1", "p90")) else
                     "Rich-only prompt")
        ratio = r.ratio()
        if r is keys:
            shown = f"p90 {p90(r.ours):.1f} ms (bare: p90 {p90(r.ref):.1f} ms)"
        else:
            shown = f"{ratio:.2f}x" if ratio is not None else "-"
        print(f"| {r.name} [{r.unit}] | {fmt(r.ours, r.unit)} | {fmt(r.ref, r.unit)} "
              f"({reference}) | {shown} | {r.budget} |")
        if r is keys and detail:
            print(f"| the same ticks, until their last frame (detail pane) [ms] | "
                  f"{fmt(detail, 'ms')} | - | p90 {p90(detail):.1f} ms | (not budgeted) |")
    if rows:
        print()
    sizes = sorted(scale)
    if sizes:
        print("| records | " + " | ".join(f"{s:,}" for s in sizes) + " | growth per 10x |")
        print("|---|" + "---|" * (len(sizes) + 1))
        for name in scale[sizes[0]]:
            meds = [statistics.median(scale[s][name]) for s in sizes]
            growth = ", ".join(f"{b / a:.1f}x" for a, b in itertools.pairwise(meds) if a)
            print(f"| {name} [ms] | " + " | ".join(f"{m:,.0f}" for m in meds)
                  + f" | {growth or '-'} |")
        if history_ten and 10_000 in scale:
            ratio = (statistics.median(scale[10_000]["History screen ready"])
                     / statistics.median(history_ten))
            print(f"| History screen ready, 10,000 vs 10 records | {ratio:.2f}x "
                  f"(10 records: {statistics.median(history_ten):.0f} ms) | budget <= 1.5x |")
        elif history_ten:
            print(f"| History screen ready, 10 records [ms] | "
                  f"{statistics.median(history_ten):.0f} |")
        print()
    if flow_times:
        print("| flow loading | median (min-max) [ms] |")
        print("|---|---|")
    for label, times in flow_times.items():
        print(f"| {label} | {fmt(times, 'ms')} |")


if __name__ == "__main__":
    raise SystemExit(main())
