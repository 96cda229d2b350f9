"""The metric SQL is written once, without DuckDB-only constructs, and SQLGlot renders it for
Spark and Trino. No Trino server runs here: Trino's text is generated and checked as text
(it parses back with SQLGlot's Trino dialect and contains none of the DuckDB-only
constructs); Spark's is run for real by test_spark_parity."""

from __future__ import annotations

import os

import pytest

from paritrana.engine.backends import duckdb_only, transpile
from paritrana.engine.metrics import compute_year
from tests.store_fixture import DEC, REGIONS, build_store

if os.environ.get("CI") == "true":
    import sqlglot
else:
    sqlglot = pytest.importorskip("sqlglot")


@pytest.fixture(scope="module")
def definitions(tmp_path_factory) -> list[str]:
    """Every shared definition a computation runs (facts, aggregated counts, roll-ups,
    coverage, compliance, the check against the records)."""
    root = build_store(
        tmp_path_factory.mktemp("store"), active_counts=[("31.71", "PU", DEC, 40, 1)]
    )
    return compute_year(store_root=root, regions=REGIONS, year=2025, use_cache=False).sql


def test_the_check_finds_each_known_breaker():
    found = duckdb_only(
        "SELECT x::UBIGINT, ?::DATE FROM read_parquet(['a.parquet', 'b.parquet']) "
        "UNION ALL BY NAME SELECT * FROM t GROUP BY ALL"
    )
    assert found == [
        "reads files inside the SQL (backends register relations instead)",
        "unsigned types",
        "UNION ... BY NAME",
        "GROUP BY ALL (Trino reads ALL as a set quantifier)",
        "? parameters (values are written as literals)",
        "list literals (and list order)",
    ]


def test_every_definition_is_free_of_duckdb_only_constructs(definitions):
    names = " ".join(definitions)
    for relation in ("repeat_payers", "employers", "rates", "active_counts", "monthly_active"):
        assert relation in names  # the facts, the inputs and the roll-ups are all here
    assert len(definitions) >= 20
    for sql in definitions:
        assert duckdb_only(sql) == [], sql


@pytest.mark.parametrize("dialect", ["trino", "spark"])
def test_every_definition_renders_and_parses_back_in_another_dialect(definitions, dialect):
    for sql in definitions:
        text = transpile(sql, dialect)
        assert sqlglot.parse_one(text, read=dialect) is not None
        assert duckdb_only(text) == [], text
        assert "::" not in text, text


def test_trino_text_spells_duckdb_functions_the_trino_way(definitions):
    trino = "\n".join(transpile(sql, "trino") for sql in definitions)
    assert "MAX_BY(" in trino and "arg_max" not in trino.lower()  # the reference month's count
    assert "BITWISE_AND(" in trino  # programme bits
    assert "FILTER(WHERE" in trino
