"""Text a forked child hands back through a memory file (tui.runtime.spill): the bytes it
put are the text's UTF-8, mapped back whole, and written to a stream they reach it as
the text would have: as bytes only to the interpreter's own UTF-8 stdout, as text to
any other stream (one that translates newlines or encodes otherwise gets text); and
forked.both's result comes back through such a file (or the pipe) whole."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.core.test_verify_in_two import _no_other_threads
from tui.runtime import forked, spill
from tui.runtime.forked import both

TEXT = '  {\n   "subject": "王小明 \\u202e \\u0000 \\\\ \\" ",\n   "x": "é"\n  }'


def test_what_a_child_put_is_taken_back_whole() -> None:
    _no_other_threads()
    with spill.scratch() as fd:
        assert fd is not None
        _, size = both(lambda: None, lambda: spill.put(fd, [TEXT * 3000, "", TEXT], ",\n"))
        held = spill.take(fd, size)
    assert held.text() == ",\n".join([TEXT * 3000, "", TEXT])  # closed, still mapped
    assert size == len(held.text().encode())
    assert spill.take(os.memfd_create("empty"), 0).text() == ""


def test_a_short_file_is_not_taken() -> None:
    with spill.scratch() as fd:
        assert fd is not None
        spill.put(fd, ["abc"])
        with pytest.raises(ValueError):
            spill.take(fd, 4)


@pytest.mark.parametrize(("newline", "encoding"), [("\r\n", "utf-8"), ("\n", "latin-1"),
                                                   (None, "utf-8")])
def test_other_streams_get_the_text(newline: str | None, encoding: str) -> None:
    raw = io.BytesIO()
    to = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline=newline)
    spill.write(to, "a\n")
    spill.write(to, spill.Encoded("b\n王".encode()))
    to.flush()
    expected = io.BytesIO()
    same = io.TextIOWrapper(expected, encoding=encoding, errors="replace", newline=newline)
    same.write("a\nb\n王")
    same.flush()
    assert raw.getvalue() == expected.getvalue()
    text = io.StringIO()
    spill.write(text, spill.Encoded("b\n王".encode()))
    assert text.getvalue() == "b\n王"


def test_stdout_gets_the_bytes_in_their_place() -> None:
    probe = ("import sys\nfrom tui.runtime import spill\n"
             "assert spill._utf8_bytes_of(sys.stdout)\n"
             "spill.write(sys.stdout, 'a\\n')\n"
             "spill.write(sys.stdout, spill.Encoded('王\\n'.encode()))\n"
             "spill.write(sys.stdout, 'b')\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, timeout=60,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"}, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "a\n王\nb".encode()


@contextlib.contextmanager
def _no_scratch() -> Iterator[None]:
    yield None


@pytest.mark.parametrize("through", ["memory file", "pipe"])
def test_what_the_child_made_comes_back_whole(monkeypatch: pytest.MonkeyPatch,
                                              through: str) -> None:
    """forked.both: the child's result (pickled) comes back through a memory file, or the
    pipe where there is none; a child that dies before it sends leaves its work to the
    parent."""
    _no_other_threads()
    if through == "pipe":
        monkeypatch.setattr(forked, "scratch", _no_scratch)
    parent = os.getpid()
    made = {"text": TEXT * 20000, "names": [f"{n}.toml" for n in range(50000)]}
    assert both(lambda: 1, lambda: made) == (1, made)

    def dies() -> str:
        if os.getpid() != parent:
            os._exit(0)  # as if killed: nothing sent, and a clean exit
        return "here"

    assert both(lambda: 1, dies) == (1, "here")
