"""Writing outputs without destroying input: every command line output goes through here.

* :func:`check_output` refuses an output path that is one of the inputs (the same file,
  through any link), a table of an input dataset folder, a folder or a device, or a file
  in a folder that does not exist — before any work is done.
* :func:`write_file` writes a file atomically: into a temporary file next to it, then
  renamed into place, so the final name holds the previous complete file or the new
  complete file, never half of one (also when the process is stopped by SIGINT or SIGTERM,
  see :func:`stopping_cleanly`, or the disk fills up).
* :func:`write_folder` does the same for a folder of tables: new folders appear whole;
  in an existing folder every new table is written first and then all are renamed in one
  go with the stop signals held back, and files that are not ours are left alone.

Every OS error becomes an :class:`OutputError` that names the final path, says that
nothing was written under it, and says what to do.

>>> folder = Path(tempfile.mkdtemp())
>>> write_file(folder / "out.txt", b"complete").read_bytes()
b'complete'
>>> sorted(path.name for path in folder.iterdir())  # no temporary file is left
['out.txt']
>>> try:
...     check_output(folder / "out.txt", [folder / "out.txt"])
... except OutputError as error:
...     print(str(error).split(";")[0].endswith("is also an input of this command"))
True
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from graph.errors import InputError
from graph.model import DECISIONS_FILE, TABLE_FILES

# The files of a dataset folder: an output that would replace one of an input folder is refused.
DATASET_FILES = frozenset({*TABLE_FILES.values(), DECISIONS_FILE})
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
TEMPORARY_SUFFIX = ".tmp"


class OutputError(InputError):
    """An output that may not or could not be written; nothing was written under its name."""


class Stopped(KeyboardInterrupt):
    """The process received SIGTERM (raised by :func:`stopping_cleanly`'s handler)."""


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def check_output(output: str | Path, inputs: Iterable[str | Path | None]) -> Path:
    """``output`` when a file may be written there; OutputError when not.

    Refused: one of ``inputs`` (the same file by any name), a table of an input dataset
    folder (``entities.csv`` … inside it), an existing folder, device or FIFO, and a file
    whose folder does not exist. An existing regular file that is no input is replaced
    (atomically, keeping its permissions).
    """
    path = Path(output)
    for item in inputs:
        if item is None:
            continue
        given = Path(item)
        if _same_file(path, given):
            raise OutputError(
                f"{path} is also an input of this command; writing it would destroy the input. "
                "Choose another output file."
            )
        if given.is_dir() and path.name in DATASET_FILES and _same_file(path.parent, given):
            raise OutputError(
                f"{path} is a table of the input dataset {given}; writing it would destroy the input. "
                "Choose a file outside the dataset folder."
            )
    if path.exists() and not stat.S_ISREG(path.stat().st_mode):
        what = "a folder" if path.is_dir() else "not a regular file (a device, FIFO or socket)"
        raise OutputError(
            f"{path} is {what}; give the name of a file to write"
            + (", or - for standard output." if not path.is_dir() else ".")
        )
    if not path.parent.is_dir():
        raise OutputError(f"The folder {path.parent} does not exist; create it or choose another output.")
    return path


def check_output_folder(
    folder: str | Path, inputs: Iterable[str | Path | None], names: Iterable[str] = DATASET_FILES
) -> Path:
    """``folder`` when tables ``names`` may be written into it; OutputError when not.

    Its parent must exist; the folder itself may be new. Refused: a path that is a file,
    and a folder where one of the files to write is one of ``inputs``. Whether an existing
    dataset there may be replaced is the command's decision (see ``ingest --merge``).
    """
    path = Path(folder)
    if path.exists() and not path.is_dir():
        raise OutputError(f"{path} exists and is not a folder; choose a folder for the tables.")
    if not path.parent.is_dir():
        raise OutputError(
            f"The folder {path.parent} does not exist; create it or choose another output folder."
        )
    given = [Path(item) for item in inputs if item is not None]
    for name in names:
        for item in given:
            if item.is_file() and _same_file(path / name, item):
                raise OutputError(
                    f"{path / name} is also an input of this command; writing it would destroy the "
                    "input. Choose another output folder."
                )
    return path


def holds_dataset(folder: str | Path) -> bool:
    """True when ``folder`` holds one of a dataset's tables."""
    path = Path(folder)
    return path.is_dir() and any((path / name).exists() for name in DATASET_FILES)


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _failed(path: Path, error: OSError, previous: bool) -> OutputError:
    kept = "the previous file is unchanged" if previous else "nothing was written"
    reason = error.strerror or str(error)
    if error.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        hint = "Free some space or write to another disk."
    elif error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        hint = "Choose a folder you may write to."
    else:
        hint = "Check the output path."
    return OutputError(f"Could not write {path} ({reason}); {kept}. {hint}")


def write_file(output: str | Path, data: bytes | Callable[[Callable[[bytes], object]], None]) -> Path:
    """Write ``data`` to ``output`` atomically and return the path.

    ``data`` is the bytes, or a function that is given a ``write(bytes)`` to call (for an
    output made piece by piece). The bytes go into a temporary file in the same folder
    (``.NAME.XXXX.tmp``), which then takes the final name; on any error or interruption the
    temporary file is removed and the final name keeps what it held.
    """
    path = Path(output)
    previous = path.exists()
    try:
        mode = path.stat().st_mode & 0o777 if previous else _new_file_mode()
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX
        )
    except OSError as error:
        raise _failed(path, error, previous) from None
    try:
        with os.fdopen(handle, "wb") as file:
            if isinstance(data, bytes | bytearray | memoryview):
                file.write(data)
            else:
                data(file.write)
            file.flush()
            os.fsync(file.fileno())  # a full disk may only say so here
        os.chmod(temporary, mode)  # mkstemp makes it private (0600); give it a new file's mode
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise _failed(path, error, previous) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


@contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back for a few renames, so a set of tables is replaced whole."""
    try:
        held = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    except (AttributeError, ValueError, OSError):  # not on this platform, or not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def write_folder(folder: str | Path, write: Callable[[Path], None], replaces: Iterable[str] = ()) -> Path:
    """Write a folder of tables atomically: ``write(staging)`` fills a temporary folder next to
    ``folder``, whose files then take their places.

    A new ``folder`` is the staging folder renamed. In an existing one, each file written
    replaces the file of its name and the files named in ``replaces`` that were not
    written are removed, all at once with the stop signals held back; other files stay.
    """
    target = Path(folder)
    previous = target.exists()
    staging = target.parent / f".{target.name}-{uuid.uuid4().hex[:8]}{TEMPORARY_SUFFIX}"
    try:
        staging.mkdir()  # not mkdtemp: the folder gets the user's usual permissions
    except OSError as error:
        raise _failed(target, error, previous) from None
    try:
        write(staging)
        with _signals_held():
            if not previous:
                os.rename(staging, target)
                return target
            written = sorted(path.name for path in staging.iterdir())
            for name in written:
                os.replace(staging / name, target / name)
            for name in set(replaces) - set(written):
                (target / name).unlink(missing_ok=True)
    except OSError as error:
        raise _failed(target, error, previous) from None
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return target


def _in_finalizer(frame: FrameType | None) -> bool:
    """Whether ``frame`` runs inside an object's ``__del__`` (however deep)."""
    while frame is not None:
        if frame.f_code.co_name == "__del__":
            return True
        frame = frame.f_back
    return False


@contextmanager
def stopping_cleanly() -> Iterator[None]:
    """Turn SIGTERM into an exception (:class:`Stopped`, a KeyboardInterrupt) for the block, so
    that a stopped command runs its clean-up (no temporary file is left behind) as Ctrl-C does;
    and neither SIGTERM nor Ctrl-C (SIGINT, a KeyboardInterrupt) is lost in a finalizer."""

    def stop(number: int, frame: FrameType | None) -> None:
        if _in_finalizer(frame):
            # An exception raised in a finalizer (a ``__del__`` run by the garbage collector) is
            # printed as "Exception ignored" and lost, and the command ran on to its end: the
            # stop is delivered again as soon as the finalizer has returned.
            again = threading.Timer(0.01, os.kill, (os.getpid(), number))
            again.daemon = True  # never what keeps a finished command alive
            again.start()
            return
        raise Stopped() if number == signal.SIGTERM else KeyboardInterrupt()

    try:
        before = {number: signal.signal(number, stop) for number in (signal.SIGTERM, signal.SIGINT)}
    except ValueError:  # not the main thread: nothing to install
        yield
        return
    try:
        yield
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)
