"""A whole case as one JSON document: exported, and imported all or nothing.

The document names every related row by its slug (a party, a source, a tag), never by a
database key, so it reads the same from any database: export, import into an empty
database, export again, and the two documents are equal.

Import trusts nothing it has not checked. Before writing anything it verifies the
document's shape, every source text against its SHA-256, every quote against its source
text at its offsets, and every reference to a party, source or tag; then it creates every
row afresh through ``save()`` (so history rows, digests and search text are written as for
any creation) inside one transaction. Parties are matched to those the database already
has by name and alias, sources by their text's SHA-256, tags by slug or name: those are
used as they are, never changed. Any problem refuses the whole document, writing nothing.
"""

from .checking import read_case_document
from .document import ImportRefused, dump_case_document, export_case
from .importing import ImportReport, import_case

__all__ = [
    "ImportRefused",
    "ImportReport",
    "dump_case_document",
    "export_case",
    "import_case",
    "read_case_document",
]
