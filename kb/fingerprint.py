"""Fingerprint of an English text: what a French unit records as `fr_from` to say which
English it was translated from. Stable across runs and platforms."""

import hashlib


def english_text(value):
    """A unit's English as one string (table rows are lists of cells)."""
    return "\n".join(value) if isinstance(value, list) else value


def fingerprint(value):
    return hashlib.sha256(english_text(value).encode("utf-8")).hexdigest()[:12]
