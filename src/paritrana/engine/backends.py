"""Where the metric SQL runs: DuckDB (embedded, the default) or Apache Spark.

The metric definitions (`engine.metrics`) are SELECT statements written once, in DuckDB's
spelling of a portable subset of SQL, over named relations: `records` (participant-month
records), the reference tables (`geo`, `province_zone`, `employers`, `workforce`, `targets`,
`benefits`, `active_counts`, `rates`) and the metric tables built from them. They never read
files themselves, use no unsigned or 128-bit types, no `GROUP BY ALL`, `UNION ... BY NAME`,
semi/anti joins, struct or list literals, `any_value`, `QUALIFY` or `?` parameters: those are
what other engines lack or spell differently (`DUCKDB_ONLY` lists them; a test checks every
definition). DuckDB runs the text as it is; other engines get it through SQLGlot
(`transpile`), which turns e.g. `x::BIGINT` into `CAST(x AS BIGINT)` and `arg_max` into
`MAX_BY`.

A backend gives the metrics four things: `records(name, files)` registers Parquet files as a
relation, `create(name, sql)` materialises a SELECT under a name, `append(name, sql)` adds a
SELECT's rows to one, `rows(sql)` runs a query. DuckDB's is here; Spark's is `engine.spark`
(PySpark is an optional extra: `pip install -e '.[spark]'`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Protocol

import duckdb

from paritrana.engine.database import sql_list, sql_string
from paritrana.engine.store import STORE_COLUMNS

DuckDB = duckdb.DuckDBPyConnection
ENGINES = ("duckdb", "spark")

# What the shared definitions must not contain: DuckDB spellings other engines reject or read
# differently (each with why), checked by tests over every definition and over the text
# generated for Trino.
DUCKDB_ONLY: dict[str, str] = {
    r"read_parquet\s*\(": "reads files inside the SQL (backends register relations instead)",
    r"\bU(BIGINT|INTEGER|SMALLINT|TINYINT)\b": "unsigned types",
    r"\bHUGEINT\b": "128-bit integers",
    r"\bBY\s+NAME\b": "UNION ... BY NAME",
    r"GROUP\s+BY\s+ALL\b": "GROUP BY ALL (Trino reads ALL as a set quantifier)",
    r"ORDER\s+BY\s+ALL\b": "ORDER BY ALL",
    r"\b(ANTI|SEMI)\s+JOIN\b": "semi and anti joins",
    r"\bQUALIFY\b": "QUALIFY",
    r"\bany_value\s*\(": "any_value (ignores NULLs in DuckDB, not everywhere)",
    r"\?": "? parameters (values are written as literals)",
    r"\{": "struct literals",
    r"\[": "list literals (and list order)",
}


def duckdb_only(sql: str) -> list[str]:
    """The DuckDB-only constructs found in `sql` (empty when it is portable)."""
    return [why for pattern, why in DUCKDB_ONLY.items() if re.search(pattern, sql, re.I)]


def transpile(sql: str, dialect: str) -> str:
    """`sql` (a shared definition) in `dialect`'s spelling ("spark", "trino", ...), through
    SQLGlot; anything SQLGlot cannot express there raises rather than being dropped."""
    import sqlglot

    if dialect == "duckdb":
        return sql
    return str(
        sqlglot.transpile(
            sql, read="duckdb", write=dialect, unsupported_level=sqlglot.ErrorLevel.RAISE
        )[0]
    )


def date_literal(value: object) -> str:
    """A date as SQL text (the definitions take no parameters)."""
    return f"DATE '{value}'"


def text_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class Backend(Protocol):
    name: str
    # DuckDB reduces one month at a time (memory); Spark takes every month in one job.
    month_at_a_time: bool
    # Every shared definition run, as written (before any transpiling), in order.
    definitions: list[str]

    def records(self, name: str, files: list[Path]) -> None: ...

    def create(self, name: str, sql: str) -> None: ...

    def append(self, name: str, sql: str) -> None: ...

    def rows(self, sql: str) -> list[tuple[Any, ...]]: ...

    def write_parquet(self, name: str, path: Path) -> None: ...


class DuckDBBackend:
    name = "duckdb"
    month_at_a_time = True

    def __init__(self, con: DuckDB) -> None:
        self.con = con
        self.definitions: list[str] = []

    def records(self, name: str, files: list[Path]) -> None:
        if files:
            source = f"SELECT * FROM read_parquet({sql_list(files)}, hive_partitioning = false)"
        else:
            typed = ", ".join(
                f"CAST(NULL AS {kind}) AS {column}"
                for column, kind in STORE_COLUMNS["contributions"].items()
            )
            source = f"SELECT {typed} WHERE false"
        self.con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {source}")

    def create(self, name: str, sql: str) -> None:
        self.definitions.append(sql)
        self.con.execute(f"CREATE OR REPLACE TABLE {name} AS {sql}")

    def append(self, name: str, sql: str) -> None:
        self.definitions.append(sql)
        self.con.execute(f"INSERT INTO {name} {sql}")

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        self.definitions.append(sql)
        return self.con.execute(sql).fetchall()

    def write_parquet(self, name: str, path: Path) -> None:
        self.con.execute(f"COPY {name} TO {sql_string(str(path))} (FORMAT parquet)")
