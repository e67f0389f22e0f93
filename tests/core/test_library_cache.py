"""The library cache: used only while every flow file is unchanged, ignored when damaged
or not safely the user's own, and never by `flows lint`."""

from __future__ import annotations

import os
import pickle
import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_FLOWS, REPO
from tui.cli import main
from tui.core.flows import cache as library_cache
from tui.core.flows import loader
from tui.core.flows.cache import (
    CACHE_FILE,
    cache_digest,
    first_question,
    load_library_cached,
    open_library,
    read_cache,
    write_cache,
)
from tui.core.flows.loader import load_library
from tui.core.flows.model import Library, Problem

DAY_NS = 86_400 * 10**9


@pytest.fixture
def flows(tmp_path: Path) -> Path:
    """A copy of the fixture flows with old timestamps (new ones are never cached)."""
    folder = tmp_path / "flows"
    shutil.copytree(FIXTURE_FLOWS, folder)
    _age(folder, 3)
    return folder


def _age(folder: Path, days: int) -> None:
    stamp = time.time_ns() - days * DAY_NS
    for path in folder.rglob("*.toml"):
        os.utime(path, ns=(stamp, stamp))


def _cache(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def _no_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> Library:
        raise AssertionError("the cache should have been used")

    monkeypatch.setattr(loader, "load_library", refuse)


def _fake(note: str) -> Library:
    return Library({}, {}, {}, {}, (Problem(Path("fake.toml"), 1, note, "none"),))


def test_a_valid_cache_gives_the_same_library_without_loading(
        flows: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_library_cached([flows], _cache(tmp_path))
    assert first == load_library([flows])
    assert (_cache(tmp_path) / CACHE_FILE).is_file()
    _no_loading(monkeypatch)
    assert load_library_cached([flows], _cache(tmp_path)) == first


def test_problems_are_cached_too(flows: Path, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    (flows / "demo" / "broken.toml").write_text("schema = 1\n[flow]\nid = 3\n")
    _age(flows, 3)
    first = load_library_cached([flows], _cache(tmp_path))
    assert first.problems
    _no_loading(monkeypatch)
    assert load_library_cached([flows], _cache(tmp_path)).problems == first.problems


def test_a_changed_file_of_the_same_size_is_read_again(flows: Path, tmp_path: Path) -> None:
    load_library_cached([flows], _cache(tmp_path))
    target = flows / "demo" / "web-shared-computer.toml"
    before = target.read_bytes()
    target.write_bytes(before.replace(b"Demo web: shared", b"Demo web: SHARED"))
    assert target.stat().st_size == len(before)
    _age(flows, 2)
    library = load_library_cached([flows], _cache(tmp_path))
    assert library.flows["demo-web-shared-computer"].title.en == "Demo web: SHARED computer"
    assert library == load_library([flows])


def test_an_added_or_removed_file_is_noticed(flows: Path, tmp_path: Path) -> None:
    before = load_library_cached([flows], _cache(tmp_path))
    extra = flows / "demo" / "extra.toml"
    extra.write_text("schema = 2\n")
    _age(flows, 2)
    added = load_library_cached([flows], _cache(tmp_path))
    assert any(p.file == extra for p in added.problems)
    extra.unlink()
    assert load_library_cached([flows], _cache(tmp_path)) == before


def test_another_folder_list_is_another_cache(flows: Path, tmp_path: Path) -> None:
    user = tmp_path / "user"
    user.mkdir()
    assert cache_digest([flows]) != cache_digest([flows, user])
    assert cache_digest([flows]) != cache_digest([user, flows])


def test_another_signoff_version_does_not_trust_the_cache(
        flows: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    digest = cache_digest([flows])
    monkeypatch.setattr(library_cache, "__version__", "9.9.9")
    assert cache_digest([flows]) != digest


def test_a_file_changed_just_now_is_not_cached(flows: Path, tmp_path: Path) -> None:
    (flows / "demo" / "platform.toml").touch()
    load_library_cached([flows], _cache(tmp_path))
    assert not (_cache(tmp_path) / CACHE_FILE).exists()


@pytest.mark.parametrize("damage", [b"", b"garbage", b"signoff-library-cache 1\n",
                                    "digest+garbage", "digest+truncated"])
def test_a_damaged_cache_is_ignored_and_rebuilt(flows: Path, tmp_path: Path,
                                                damage: bytes | str) -> None:
    good = load_library_cached([flows], _cache(tmp_path))
    path = _cache(tmp_path) / CACHE_FILE
    whole = path.read_bytes()
    if damage == "digest+garbage":
        data = whole[:100] + b"\x00garbage"
    elif damage == "digest+truncated":
        data = whole[: len(whole) // 2]
    else:
        assert isinstance(damage, bytes)
        data = damage
    path.write_bytes(data)
    assert load_library_cached([flows], _cache(tmp_path)) == good
    assert path.read_bytes() == whole


class _Trap:
    """Unpickling this would create a file: what a planted cache could do."""

    def __init__(self, target: Path) -> None:
        self.target = target

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (Path.touch, (str(self.target),))


@pytest.mark.parametrize("where", ["front", "body"])
def test_a_cache_naming_other_classes_is_never_unpickled(
        flows: Path, tmp_path: Path, where: str) -> None:
    _cache(tmp_path).mkdir(mode=0o700)
    trap = pickle.dumps(_Trap(tmp_path / "sprung"))
    front = pickle.dumps(first_question(load_library([flows])))
    payload = trap + trap if where == "front" else front + trap
    header = b"signoff-library-cache 2\n" + cache_digest([flows]).encode() + b"\n"
    (_cache(tmp_path) / CACHE_FILE).write_bytes(header + payload)
    assert read_cache(_cache(tmp_path), cache_digest([flows])) is None
    opened = open_library([flows], _cache(tmp_path))
    assert opened.library() == load_library([flows])
    assert not (tmp_path / "sprung").exists()


def test_a_front_that_does_not_describe_its_body_is_not_trusted(
        flows: Path, tmp_path: Path) -> None:
    """The front is what the plain mode asks first; the body what the answer is judged
    against. A cache whose two halves disagree is not a cache of these flows."""
    cache = _cache(tmp_path)
    write_cache(cache, cache_digest([flows]), load_library([flows]))
    opened = open_library([flows], cache)
    assert opened.platforms is not None and opened.library() == load_library([flows])
    data = (cache / CACHE_FILE).read_bytes()
    forged = pickle.dumps((0, (("forged", "Forged", "伪造"),)))
    header_end = data.index(b"\n", len(b"signoff-library-cache 2\n")) + 1
    body = data[header_end:]
    real_front_length = len(pickle.dumps(first_question(load_library([flows])),
                                         protocol=pickle.HIGHEST_PROTOCOL))
    (cache / CACHE_FILE).write_bytes(data[:header_end] + forged + body[real_front_length:])
    opened = open_library([flows], cache)
    assert opened.platforms == (("forged", "Forged", "伪造"),)  # what a question may show
    assert read_cache(cache, cache_digest([flows])) is None
    assert opened.library() == load_library([flows])  # from the files, not the forgery
    assert opened.platforms != (("forged", "Forged", "伪造"),)


def test_a_group_writable_cache_folder_is_neither_read_nor_written(
        flows: Path, tmp_path: Path) -> None:
    cache = _cache(tmp_path)
    write_cache(cache, cache_digest([flows]), _fake("poisoned"))
    assert read_cache(cache, cache_digest([flows])) is not None
    cache.chmod(0o770)
    assert load_library_cached([flows], cache) == load_library([flows])
    cache.chmod(0o700)
    assert read_cache(cache, cache_digest([flows])) == _fake("poisoned")


def test_a_group_writable_cache_file_is_ignored(flows: Path, tmp_path: Path) -> None:
    cache = _cache(tmp_path)
    write_cache(cache, cache_digest([flows]), _fake("poisoned"))
    (cache / CACHE_FILE).chmod(0o620)
    assert read_cache(cache, cache_digest([flows])) is None


def test_symbolic_links_are_refused(flows: Path, tmp_path: Path) -> None:
    real = tmp_path / "real"
    write_cache(real, cache_digest([flows]), _fake("poisoned"))
    linked_dir = tmp_path / "linked"
    linked_dir.symlink_to(real)
    assert read_cache(linked_dir, cache_digest([flows])) is None
    cache = _cache(tmp_path)
    cache.mkdir(mode=0o700)
    (cache / CACHE_FILE).symlink_to(real / CACHE_FILE)
    assert read_cache(cache, cache_digest([flows])) is None


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file away needs root")
def test_a_cache_owned_by_someone_else_is_ignored(flows: Path, tmp_path: Path) -> None:
    cache = _cache(tmp_path)
    write_cache(cache, cache_digest([flows]), _fake("poisoned"))
    os.chown(cache / CACHE_FILE, 65534, 65534)
    assert read_cache(cache, cache_digest([flows])) is None
    os.chown(cache / CACHE_FILE, 0, 0)
    os.chown(cache, 65534, 65534)
    assert read_cache(cache, cache_digest([flows])) is None


def test_an_unusable_cache_folder_still_loads(flows: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert load_library_cached([flows], blocker / "cache") == load_library([flows])


def _poison_user_flows(capsys: pytest.CaptureFixture[str]) -> None:
    """Cache a fake library for the CLI's folders, and check that `flows list` uses it
    (so the lint test below would fail if lint used the cache too)."""
    from tui.paths import builtin_flows_dir, cache_dir, user_flows_dir

    folders = [builtin_flows_dir(), user_flows_dir()]
    write_cache(cache_dir(), cache_digest(folders), _fake("poisoned"))
    assert main(["flows", "list"]) == 0
    out = capsys.readouterr()
    assert "No flows loaded." in out.out and "poisoned" in out.err


def test_lint_never_uses_the_cache(capsys: pytest.CaptureFixture[str]) -> None:
    _poison_user_flows(capsys)
    assert main(["flows", "lint"]) == 0
    out = capsys.readouterr()
    assert "poisoned" not in out.out + out.err
    assert out.out.startswith("OK: ") and " 0 flows" not in out.out


def test_the_cache_lives_in_the_cache_folder() -> None:
    from tui.paths import cache_dir

    assert cache_dir() == Path(os.environ["SIGNOFF_CACHE_DIR"])
    assert REPO not in cache_dir().parents


def test_the_plain_mode_reads_the_cache_and_shows_the_same_first_prompt(
        tmp_path: Path) -> None:
    """End to end: the second start parses no TOML flow file and prints the same."""
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(REPO)}

    def start() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-X", "importtime", "-m", "tui", "--plain"],
                              input="q\n", capture_output=True, text=True, cwd=REPO,
                              env=env, timeout=60)

    cold, warm = start(), start()
    assert cold.returncode == warm.returncode
    assert cold.stdout == warm.stdout and "Which app?" in warm.stdout
    assert (_cache(tmp_path) / CACHE_FILE).is_file()
    assert "tui.core.flows.loader" in cold.stderr
    assert "tui.core.flows.loader" not in warm.stderr


def test_a_file_dated_in_the_future_is_cached(flows: Path, tmp_path: Path) -> None:
    _age(flows, -3)
    load_library_cached([flows], _cache(tmp_path))
    assert (_cache(tmp_path) / CACHE_FILE).is_file()
