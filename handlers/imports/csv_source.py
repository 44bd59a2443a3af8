"""A CSV export read into rows: the dialect sniffed (commas, semicolons, tabs), the
encoding found (decoding), the columns picked by header (columns)."""

from __future__ import annotations

import csv
import io

from handlers.imports.cleaning import row_from
from handlers.imports.columns import column_map
from handlers.imports.decoding import decode
from handlers.imports.rows import ImportFailed, ImportRow, SourceRead

SNIFF_CHARS = 64 * 1024
DELIMITERS = ",;\t|"


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    sample = text[:SNIFF_CHARS]
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS)
    except csv.Error:
        # One column, or too few rows to tell: pick what the header line holds most of.
        first = sample.partition("\n")[0]
        delimiter = max(DELIMITERS, key=first.count)

        class Header(csv.excel):
            pass

        Header.delimiter = delimiter if first.count(delimiter) else ","
        return Header


def read_csv(data: bytes, mapping: dict[str, str] | None = None) -> SourceRead:
    """Every data row as an ImportRow or a refusal; ImportFailed when it is no contact CSV."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFailed("this is not a text file (a spreadsheet? save it as CSV first)")
    text, encoding_note = decode(data)
    if not text.strip():
        raise ImportFailed("the file is empty")
    dialect = _dialect(text)
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader)
    except csv.Error as exc:
        raise ImportFailed(f"line 1 is not CSV: {exc}") from None
    columns = column_map(header, mapping)
    read = SourceRead(columns.label)
    if encoding_note:
        read.notes.append(encoding_note)
    if getattr(dialect, "delimiter", ",") != ",":
        read.notes.append(f"columns separated by {_named(dialect.delimiter)}")
    if "email" not in columns.index:
        read.notes.append(
            "no email column: contacts are matched by their exact name at the same company"
        )
    index = columns.index.items()
    line = reader.line_num + 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                row = row_from(line, {f: cells[i] for f, i in index if i < len(cells)})
                if isinstance(row, ImportRow):
                    read.rows.append(row)
                else:
                    read.refused.append(row)
            line = reader.line_num + 1  # a quoted cell may span lines
    except csv.Error as exc:
        raise ImportFailed(f"line {line} is not CSV: {exc}") from None
    if not read.rows and not read.refused:
        raise ImportFailed("the file has a header row and no contacts")
    return read


def _named(delimiter: str) -> str:
    return {";": "semicolons", "\t": "tabs", "|": "bars"}.get(delimiter, repr(delimiter))
