"""`kb po` lives in kb/i18n/po.py; this name stays importable (`from kb import po`) for the
callers that use it."""

from .i18n.po import DEFAULT_OUT, ImportProblems, build_catalog, catalog_bytes, export, import_po, main, read_catalog  # noqa: F401
