"""Reading the files an import takes: CSV (any common delimiter), XLSX and JSON Lines.

Each file is read as a `Table`: its column names and its rows, streamed one at a time as
(row number as a person sees it in the file, {column: text}). Before anything is written the
whole file is checked once (`Table.check`): its encoding, its shape, merged cells and formulas
without a saved value, so a bad file is refused with a message naming the row and column and
nothing is half-written.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from .errors import ArchiveError
from .messages import N_, Message

FORMATS = ("csv", "xlsx", "jsonl")
SNIFF_BYTES = 64 * 1024
DELIMITERS = ",;\t|"
# A cell of a CSV may hold a whole narrative: Python's default of 128 KB refuses long ones.
csv.field_size_limit(16 * 1024 * 1024)
SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


class UnreadableFile(ArchiveError):
    """The file cannot be imported as it is; the message says where and what to do."""


@dataclass
class Table:
    """A file to import: where it is, how to read it, and what it holds."""

    path: Path
    kind: str
    encoding: str = "utf-8"
    delimiter: str = ","
    columns: list[str] = field(default_factory=list)
    rows_total: int = 0

    def rows(self) -> Iterator[tuple[int, dict[str, str]]]:
        """(row number in the file, {column: text}) for each data row, streamed."""
        return {"csv": _csv_rows, "xlsx": _xlsx_rows, "jsonl": _jsonl_rows}[self.kind](self)

    def sha256(self) -> str:
        """The SHA-256 of the file as received."""
        digest = hashlib.sha256()
        with self.path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return digest.hexdigest()


def open_table(path: str | Path, encoding: str | None = None, kind: str | None = None) -> Table:
    """The file at `path` as a Table, checked from end to end; UnreadableFile if it cannot be
    read (wrong encoding, merged cells, a formula without its value, a broken line...)."""
    path = Path(path)
    kind = kind or _kind(path)
    table = Table(path, kind)
    if kind == "csv":
        table.encoding = _encoding(path, encoding)
        table.delimiter = _delimiter(path, table.encoding)
    elif kind == "jsonl":
        table.encoding = encoding or "utf-8-sig"
    else:
        _refuse_merged_cells(path)
    table.columns = _columns(table)
    # The whole file checked once, counting its rows (a CSV's cells are checked without
    # building each row's dict: the import builds them as it reads).
    counted = _csv_cells(table, checked=True) if kind == "csv" else table.rows()
    table.rows_total = sum(1 for _ in counted)
    return table


def _kind(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    kind = {"tsv": "csv", "txt": "csv", "json": "jsonl", "ndjson": "jsonl"}.get(suffix, suffix)
    if kind not in FORMATS:
        raise UnreadableFile(
            Message(
                "%(file)s: Gawahi imports CSV (.csv), Excel (.xlsx) and JSON Lines (.jsonl) files.",
                file=path.name,
            )
        )
    return kind


def _encoding(path: Path, declared: str | None) -> str:
    """The declared encoding, else UTF-8 (or UTF-16 when the file starts with its mark)."""
    with path.open("rb") as handle:
        start = handle.read(4)
    if declared:
        try:
            codecs.lookup(declared)
        except LookupError:
            raise UnreadableFile(
                Message("%(encoding)r is not an encoding Python knows.", encoding=declared)
            ) from None
        return declared
    if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    return "utf-8-sig"


def _delimiter(path: Path, encoding: str) -> str:
    with path.open("rb") as handle:
        raw = handle.read(SNIFF_BYTES)
    try:
        # Not final: the sample may end inside a character.
        sample = codecs.getincrementaldecoder(encoding)().decode(raw, final=False)
    except UnicodeDecodeError as error:
        raise _wrong_encoding(path, encoding, error, raw[: error.start].count(b"\n") + 1) from None
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","


def _text(path: Path, encoding: str) -> io.TextIOWrapper:
    return path.open(encoding=encoding, newline="")


def _wrong_encoding(path: Path, encoding: str, error: UnicodeDecodeError, row: int | None):
    where = Message("row %(row)d", row=row) if row else Message(N_("the start"))
    name = "UTF-8" if encoding.startswith("utf-8") else encoding
    byte = error.object[error.start : error.start + 1].hex().upper()
    return UnreadableFile(
        Message(
            "%(file)s is not %(encoding)s text: byte 0x%(byte)s near %(where)s cannot be read. "
            "Save the file as UTF-8 (in Excel: 'CSV UTF-8'), or say which encoding it is in "
            "(for example windows-1252 or latin-1). Nothing was imported.",
            file=path.name, encoding=name, byte=byte, where=where,
        )
    )  # fmt: skip


def _columns(table: Table) -> list[str]:
    if table.kind == "csv":
        with _text(table.path, table.encoding) as handle:
            try:
                header = next(csv.reader(handle, delimiter=table.delimiter), [])
            except UnicodeDecodeError as error:
                raise _wrong_encoding(table.path, table.encoding, error, 1) from None
    elif table.kind == "xlsx":
        header = next(_xlsx_cells(table.path), (1, []))[1]
    else:
        header = _jsonl_columns(table)
    columns = [str(name).strip() if name is not None else "" for name in header]
    _check_header(table.path, columns)
    return columns


def _check_header(path: Path, columns: list[str]) -> None:
    if not any(columns):
        raise UnreadableFile(
            Message("%(file)s has no header row naming its columns.", file=path.name)
        )
    for number, name in enumerate(columns, start=1):
        if not name:
            raise UnreadableFile(
                Message(
                    "%(file)s: column %(number)d of the header row has no name. Name it or "
                    "remove the column.",
                    file=path.name,
                    number=number,
                )
            )
    seen = set()
    for name in columns:
        if name in seen:
            raise UnreadableFile(
                Message("%(file)s: two columns are called %(name)r. Rename one.",
                        file=path.name, name=name)
            )  # fmt: skip
        seen.add(name)


def _csv_rows(table: Table) -> Iterator[tuple[int, dict[str, str]]]:
    columns, width = table.columns, len(table.columns)
    for number, cells in _csv_cells(table):
        _check_width(table, cells, number)
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        # A CSV's cells are text already: trimmed, with nothing else of _cell() to do.
        yield number, {name: value.strip() for name, value in zip(columns, cells, strict=False)}


def _csv_cells(table: Table, checked: bool = False) -> Iterator[tuple[int, list[str]]]:
    """(row number, cells) of each CSV row that is not blank; `checked`: each row's width
    checked as it is read."""
    with _text(table.path, table.encoding) as handle:
        reader = csv.reader(handle, delimiter=table.delimiter)
        number = 1
        try:
            next(reader, None)
            for cells in reader:
                number = reader.line_num
                if not any(cell.strip() for cell in cells):
                    continue
                if checked:
                    _check_width(table, cells, number)
                yield number, cells
        except UnicodeDecodeError as error:
            raise _wrong_encoding(table.path, table.encoding, error, number + 1) from None
        except csv.Error as error:
            raise UnreadableFile(f"{table.path.name}, row {number + 1}: {error}.") from None


def _row(table: Table, cells: list[Any], number: int) -> dict[str, str]:
    _check_width(table, cells, number)
    cells = list(cells) + [""] * (len(table.columns) - len(cells))
    return {name: _cell(value) for name, value in zip(table.columns, cells, strict=False)}


def _check_width(table: Table, cells: list[Any], number: int) -> None:
    """UnreadableFile when a row has values beyond the header's last column."""
    if len(cells) > len(table.columns) and any(_cell(c) for c in cells[len(table.columns) :]):
        raise UnreadableFile(
            Message(
                "%(file)s, row %(number)d: %(cells)d cells but the header names "
                "%(columns)d columns. Is a value holding a stray %(delimiter)s?",
                file=table.path.name,
                number=number,
                cells=len(cells),
                columns=len(table.columns),
                delimiter=_delimiter_name(table.delimiter),
            )
        )


def _delimiter_name(delimiter: str) -> str:
    names = {",": N_("comma"), ";": N_("semicolon"), "\t": N_("tab"), "|": N_("bar")}
    return Message(names[delimiter]) if delimiter in names else delimiter


def _cell(value: Any) -> str:
    """A cell as text: dates as YYYY-MM-DD, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        midnight = value.time() == datetime.min.time()
        return value.date().isoformat() if midnight else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _xlsx_rows(table: Table) -> Iterator[tuple[int, dict[str, str]]]:
    cells = _xlsx_cells(table.path)
    next(cells, None)
    for number, values in cells:
        if any(_cell(value) for value in values):
            yield number, _row(table, values, number)


def _xlsx_cells(path: Path) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cell values) of the first sheet: formulas as their saved values; a formula
    saved without one (a file written by a program that does not calculate) is refused."""
    import openpyxl  # only imports that read spreadsheets pay for loading it

    try:
        values = openpyxl.load_workbook(path, read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise UnreadableFile(f"{path.name} is not an Excel (.xlsx) workbook: {error}") from None
    try:
        pairs = zip(
            values.active.iter_rows(min_row=1), formulas.active.iter_rows(min_row=1), strict=False
        )
        for number, (value_row, formula_row) in enumerate(pairs, start=1):
            yield number, _values(path, number, value_row, formula_row)
    finally:
        values.close()
        formulas.close()


def _values(path: Path, number: int, value_row: tuple, formula_row: tuple) -> list[Any]:
    from openpyxl.utils import get_column_letter

    cells = []
    for column, (value_cell, formula_cell) in enumerate(
        zip(value_row, formula_row, strict=False), 1
    ):
        written = getattr(formula_cell, "value", None)
        if isinstance(written, str) and written.startswith("=") and value_cell.value is None:
            raise UnreadableFile(
                f"{path.name}, row {number}, column {get_column_letter(column)}: a formula "
                f"({written}) saved without its value. Open the file in a spreadsheet program and "
                "save it again, or copy the column and paste it as values. Nothing was imported."
            )
        cells.append(getattr(value_cell, "value", None))
    return cells


def _refuse_merged_cells(path: Path) -> None:
    """Merged cells hold their value in the first cell only: the rows below would lose it."""
    try:
        with zipfile.ZipFile(path) as archive_file:
            sheet = _first_sheet(archive_file)
            with archive_file.open(sheet) as handle:
                merged = [
                    element.get("ref")
                    for _, element in ElementTree.iterparse(handle)
                    if element.tag == f"{SHEET_NS}mergeCell"
                ]
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as error:
        raise UnreadableFile(f"{path.name} is not an Excel (.xlsx) workbook: {error}") from None
    if merged:
        shown = ", ".join(merged[:10]) + (" ..." if len(merged) > 10 else "")
        raise UnreadableFile(
            f"{path.name} has merged cells ({shown}): only the first cell of each holds the "
            "value, so the rows below it would be imported without it. Unmerge them and fill "
            "in every row. Nothing was imported."
        )


def _first_sheet(archive_file: zipfile.ZipFile) -> str:
    sheet = re.compile(r"xl/worksheets/sheet\d+\.xml")
    names = [name for name in archive_file.namelist() if sheet.fullmatch(name)]
    if not names:
        raise KeyError("no worksheet")
    return min(names, key=lambda name: int(re.search(r"\d+", name.rsplit("/", 1)[1]).group()))


def _jsonl_columns(table: Table) -> list[str]:
    columns: dict[str, None] = {}
    for _, record in _jsonl_records(table):
        columns.update(dict.fromkeys(record))
    return list(columns)


def _jsonl_records(table: Table) -> Iterator[tuple[int, dict[str, Any]]]:
    with table.path.open(encoding=table.encoding) as handle:
        number = 0
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                yield number, _json_object(table.path, line, number)
        except UnicodeDecodeError as error:
            raise _wrong_encoding(table.path, "utf-8", error, number + 1) from None


def _json_object(path: Path, line: str, number: int) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise UnreadableFile(f"{path.name}, line {number}: not JSON ({error.msg}).") from None
    if not isinstance(record, dict):
        raise UnreadableFile(f"{path.name}, line {number}: each line must be a JSON object.")
    return record


def _jsonl_rows(table: Table) -> Iterator[tuple[int, dict[str, str]]]:
    for number, record in _jsonl_records(table):
        yield number, {name: _json_cell(record.get(name)) for name in table.columns}


def _json_cell(value: Any) -> str:
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    return _cell(value)
