"""Input files read safely: regular files only, never more than a limit, never blocking.

A FIFO named ``x.txt``, an input linked to ``/dev/zero``, a device or a folder where a
file is expected each give one :class:`~kg.errors.InputError` instead of a hang; so do
files (and JSON lines) over the byte limit.

>>> import os, tempfile
>>> fifo = os.path.join(tempfile.mkdtemp(), "x.txt"); os.mkfifo(fifo)
>>> read_text(fifo)  # doctest: +ELLIPSIS
Traceback (most recent call last):
kg.errors.InputError: ...x.txt: is a FIFO, not a regular file; skipped [E016]
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from .errors import Codes, InputError, UsageError, error

__all__ = ["MAX_BYTES", "is_regular", "read_text", "read_lines", "check_writable", "replace_file"]

MAX_BYTES = 64 * 1024 * 1024  # per file (.txt, .json) or line (.jsonl): far above any news article
_SNIFF = 8192  # bytes looked at to tell a binary file
_KINDS = {
    stat.S_IFIFO: "a FIFO",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}


def _unreadable(where: str, e: OSError) -> InputError:
    return InputError(where, f"file cannot be read: {e.strerror or e}", code=Codes.UNREADABLE)


def _not_regular(where: str, mode: int) -> InputError:
    kind = _KINDS.get(stat.S_IFMT(mode), "a special file")
    return InputError(where, f"is {kind}, not a regular file; skipped", code=Codes.NOT_A_FILE)


def _too_large(where: str, size: int, limit: int, line: int | None = None, what: str = "file") -> InputError:
    return InputError(
        where, f"{what} is too large: {size:,} bytes, over the limit of {limit:,}; skipped", line, Codes.TOO_LARGE
    )


def is_regular(path: str | Path) -> bool:
    """Whether ``path`` is a regular file (links followed); never opens it."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def open_regular(path: str | Path) -> IO[bytes]:
    """``path`` opened for binary reading if it is a regular file (links followed), else an InputError.

    The type is checked before opening, and again on the open file: the open is
    non-blocking, so a FIFO swapped in between cannot hang it.
    """
    where = str(path)
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise InputError(where, "file does not exist", code=Codes.MISSING) from None
    except OSError as e:
        raise _unreadable(where, e) from None
    if not stat.S_ISREG(mode):
        raise _not_regular(where, mode)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as e:
        raise _unreadable(where, e) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise _not_regular(where, mode)
    return os.fdopen(fd, "rb")


def read_text(path: str | Path, max_bytes: int = MAX_BYTES) -> str:
    """The UTF-8 text of a regular file of at most ``max_bytes``; an InputError for anything else."""
    where = str(path)
    try:
        with open_regular(path) as f:
            data = f.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise _too_large(where, max(os.fstat(f.fileno()).st_size, len(data)), max_bytes)
    except OSError as e:
        raise _unreadable(where, e) from None
    if not data.strip():
        raise InputError(where, "file is empty", code=Codes.EMPTY)
    if b"\x00" in data[:_SNIFF]:
        raise InputError(where, "file looks binary, not text", code=Codes.BINARY)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(where, f"file is not UTF-8 text (bad byte at offset {e.start})", code=Codes.NOT_UTF8) from None


def read_lines(path: str | Path, max_bytes: int = MAX_BYTES) -> Iterator[tuple[int, str | InputError]]:
    """``(line number, text)`` for each non-blank line of a UTF-8 file, streamed.

    Lines are split at ``\\n`` only: a JSON string may hold U+2028 or U+0085, which
    :meth:`str.splitlines` would split at.  A line over ``max_bytes`` or not UTF-8 comes
    as ``(n, InputError)`` and the next line is read; a file that cannot be read at all
    gives one InputError, raised.
    """
    where = str(path)
    try:
        with open_regular(path) as f:
            if b"\x00" in f.peek(_SNIFF)[:_SNIFF]:  # type: ignore[attr-defined]
                raise InputError(where, "file looks binary, not text", code=Codes.BINARY)
            n, blank = 0, True
            while raw := f.readline(max_bytes + 1):
                n += 1
                if len(raw) > max_bytes and not raw.endswith(b"\n"):
                    size = len(raw)
                    while (more := f.readline(1 << 20)) and not more.endswith(b"\n"):
                        size += len(more)
                    blank = False
                    yield n, _too_large(where, size + len(more), max_bytes, n, "line")
                    continue
                if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
                    raw = raw[3:]
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError as e:
                    blank = False
                    yield (
                        n,
                        InputError(where, f"line is not UTF-8 text (bad byte at offset {e.start})", n, Codes.NOT_UTF8),
                    )
                    continue
                if text.strip():
                    blank = False
                    yield n, text
    except OSError as e:
        raise _unreadable(where, e) from None
    if blank:
        raise InputError(where, "file is empty", code=Codes.EMPTY)


# ---- writing ---------------------------------------------------------------------------


def _problem(e: OSError) -> str:
    return e.strerror or str(e)


def check_writable(path: str | Path, what: str = "output") -> Path:
    """``path`` if a file can be written there (its folders are created), else a :class:`~kg.errors.UsageError`.

    Checked by creating and removing a file beside it, so a build finds out before it
    starts, not after an hour of work.

    >>> check_writable("/proc/out.ttl")
    Traceback (most recent call last):
    ...
    kg.errors.UsageError: /proc/out.ttl: cannot write the output here: No such file or directory [E011]
    """
    path = Path(path)
    if path.is_dir():
        raise error(f"{path}: is a folder; give a file name for the {what}", Codes.BAD_OUTPUT, UsageError)
    if path.exists() and not path.is_file():
        raise error(f"{path}: is not a regular file; give a file name for the {what}", Codes.BAD_OUTPUT, UsageError)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, probe = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
        os.close(fd)
        os.unlink(probe)
    except OSError as e:
        raise error(f"{path}: cannot write the {what} here: {_problem(e)}", Codes.BAD_OUTPUT, UsageError) from None
    return path


@contextmanager
def replace_file(path: str | Path) -> Iterator[Path]:
    """A fresh temporary path beside ``path``; once the block ends, it replaces ``path`` at once.

    Readers see the old file or the new one, never a part; two writers of the same file
    each write their own temporary file, and the last to finish wins.  A failure leaves
    ``path`` as it was and gives a one-line :class:`~kg.errors.KgError`.

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> with replace_file(out) as tmp:
    ...     _ = tmp.write_text("done")
    >>> out.read_text(), [p.name for p in out.parent.iterdir()]
    ('done', ['a.txt'])
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
        os.close(fd)
    except OSError as e:
        raise error(f"{path}: cannot write here: {_problem(e)}", Codes.BAD_OUTPUT) from None
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except OSError as e:
        raise error(f"{path}: cannot write: {_problem(e)}", Codes.BAD_OUTPUT) from None
    finally:
        if tmp.exists():
            tmp.unlink()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
