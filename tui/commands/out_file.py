"""Provides how a command writes the file a person names (`--out`, `--ics`): a regular
file, replaced atomically, or nothing at all.

An atomic write renames a new file over the name, and renaming replaces the name, not
what it points to: run as root, `signoff due --ics /dev/null` replaced the device node
/dev/null with an empty regular file (and exports once replaced /dev/full). Every
command that writes a named file comes here, so none can forget the check.
"""

from __future__ import annotations

from pathlib import Path

from tui.commands.errors import CommandError
from tui.core.records.files import atomic_write, not_a_regular_file


def check_out_file(target: Path) -> None:
    """Refuse, in one sentence, a name that is not a regular file or nothing yet (a
    folder, a device, a FIFO, a socket, a symbolic link). Called before the work when
    the work is long, so that a wrong name is said at once."""
    if (why := not_a_regular_file(target)) is not None:
        raise CommandError(why if not target.is_dir() or target.is_symlink()
                           else f"{target} is a folder; give a file name")


def write_out_file(target: Path, data: bytes) -> None:
    """Write `data` as the file `target` (see check_out_file); one sentence on failure,
    and whatever was there before is left whole."""
    check_out_file(target)
    try:
        atomic_write(target, data)
    except OSError as exc:
        raise CommandError(f"cannot write {target} ({exc.strerror})") from exc
