"""Pseudonymisation of participant identifiers (NIK or card number) at import.

    key = first 64 bits of SHA-256(secret | SHA-256(secret | identifier))

The nested, secret-prefixed hash is the HMAC idea (no length extension, no rainbow tables
without the secret) in a form DuckDB computes inside the import query, so the raw identifier
never leaves the reader: it is hashed in the same SQL statement that reads the file and is
never written anywhere. 64 bits keep the store small; at 40 M participants the chance of any
two colliding is about 4e-5, far below the noise of the source data.

The same identifier with the same secret always gives the same key, so a participant keeps
one key across files and years; a different secret (another installation) gives unrelated keys.
Identifiers are normalised first: surrounding spaces removed, inner spaces and dots dropped.
"""

from __future__ import annotations

import hashlib
import re


def normalise_identifier(value: str) -> str:
    return re.sub(r"[\s.]", "", value.strip())


def pseudonymise(identifier: str, secret: str) -> int:
    """Python reference of the SQL expression below (used in tests and for single lookups)."""
    value = normalise_identifier(identifier)
    inner = hashlib.sha256(f"{secret}|{value}".encode()).hexdigest()
    outer = hashlib.sha256(f"{secret}|{inner}".encode()).hexdigest()
    return int(outer[:16], 16)


def sql_expression(column: str, secret_parameter: str = "$secret") -> str:
    """DuckDB expression computing `pseudonymise(column, secret)` for a VARCHAR column.

    The secret is passed as a prepared-statement parameter, never spliced into the SQL text."""
    normalised = f"regexp_replace(trim({column}), '[\\s.]', '', 'g')"
    inner = f"sha256({secret_parameter} || '|' || {normalised})"
    return f"('0x' || substr(sha256({secret_parameter} || '|' || {inner}), 1, 16))::UBIGINT"
