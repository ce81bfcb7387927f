"""Our own CSV tables: three files (plus the optional decisions.csv), or a zip of them.

Everything is checked in memory by graph.load's validator: nothing is written to disk.
A zip is read member by member with a cap on what it unpacks to (the sizes it declares
may lie); encrypted, damaged or unknown-method archives are reported, not raised.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import PurePosixPath

from graph.load import read_tables
from graph.model import DECISIONS_FILE, TABLE_FILES, Dataset
from graph.readers.registry import Reader, register
from graph.report import ImportReport

MAX_UNPACKED_BYTES = 50 * 1024 * 1024
TABLE_NAMES = (*TABLE_FILES.values(), DECISIONS_FILE)


def sniff(head: bytes) -> bool:
    return head.startswith((b"PK\x03\x04", b"PK\x05\x06"))


def read_csv_files(files: list[tuple[str, bytes]]) -> tuple[Dataset | None, ImportReport]:
    """Our tables uploaded as separate CSV files."""
    report = ImportReport()
    by_name = {PurePosixPath(name).name.lower(): content for name, content in files}
    missing = sorted(set(TABLE_FILES.values()) - set(by_name))
    extra = sorted(set(by_name) - set(TABLE_NAMES))
    for name in extra:
        report.add(
            "error",
            name,
            None,
            None,
            "this file is not one of our tables.",
            "name the files entities.csv, claims.csv and sources.csv (and decisions.csv if you have one).",
        )
    for name in missing:
        report.add(
            "error",
            name,
            None,
            None,
            "this table is missing from the upload.",
            "upload entities.csv, claims.csv and sources.csv together.",
        )
    if missing or extra:
        return None, report
    return read_tables(by_name, "upload", report)


def _unpack(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: str, report: ImportReport
) -> bytes | None:
    """One member's bytes (capped: the size it declares may lie), or None with the reason in ``report``."""
    if info.flag_bits & 0x1:
        report.add(
            "error",
            where,
            None,
            None,
            "the archive is encrypted (password-protected).",
            "zip the tables again without a password.",
        )
        return None
    try:
        with archive.open(info) as member:
            return member.read(MAX_UNPACKED_BYTES + 1)
    except NotImplementedError as error:
        report.add(
            "error",
            where,
            None,
            None,
            f"the archive uses a compression method this program cannot unpack ({error}).",
            "zip the tables again with ordinary (deflate) compression.",
        )
        return None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, ValueError) as error:
        report.add(
            "error",
            where,
            None,
            None,
            f"the archive is damaged and this file cannot be unpacked ({error}).",
            "zip the tables again.",
        )
        return None


def _members(name: str, archive: zipfile.ZipFile, report: ImportReport) -> dict[str, bytes] | None:
    """Our tables in the archive by file name (other members are ignored), or None with the reason in
    ``report``."""
    tables: dict[str, bytes] = {}
    total = 0
    for info in archive.infolist():
        base = PurePosixPath(info.filename).name.lower()
        if info.is_dir() or base not in TABLE_NAMES:
            continue
        where = f"{name}/{info.filename}"
        if base in tables:
            report.add(
                "error",
                where,
                None,
                None,
                f"the archive holds two {base} files.",
                "keep one copy of each table in the zip.",
            )
            return None
        data = _unpack(archive, info, where, report)
        if data is None:
            return None
        total += len(data)
        if len(data) > MAX_UNPACKED_BYTES or total > MAX_UNPACKED_BYTES:
            report.add(
                "error",
                where,
                None,
                None,
                f"the archive unpacks to more than {MAX_UNPACKED_BYTES:,} bytes.",
                "import a smaller dataset.",
            )
            return None
        tables[base] = data
    return tables


def read_zip(name: str, content: bytes) -> tuple[Dataset | None, ImportReport]:
    report = ImportReport()
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        report.add(
            "error",
            name,
            None,
            None,
            "the file is not a valid zip archive.",
            "zip entities.csv, claims.csv and sources.csv again.",
        )
        return None, report
    with archive:
        tables = _members(name, archive, report)
    if tables is None:
        return None, report
    missing = sorted(set(TABLE_FILES.values()) - set(tables))
    for table in missing:
        report.add(
            "error",
            name,
            None,
            None,
            f"the archive has no {table}.",
            "a dataset zip holds entities.csv, claims.csv and sources.csv.",
        )
    if missing:
        return None, report
    return read_tables(tables, PurePosixPath(name).stem or "upload", report)


register(Reader("tables", "Our CSV tables in a zip", (".zip",), sniff, read_zip))
