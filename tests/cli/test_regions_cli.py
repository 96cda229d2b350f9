"""`paritrana regions show|search` as a data officer would type them."""

from __future__ import annotations

import json

import pytest

from paritrana.cli import main


@pytest.fixture(autouse=True)
def _use_test_database(regions):
    """The CLI runs against the test database that pytest-django set up."""


def test_show_prints_the_parent_chain_and_counts_per_level(capsys):
    assert main(["regions", "show", "6104", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["code"] == "61.04"
    assert data["name"] == "Kabupaten Ketapang"
    assert data["kind"] == "kabupaten"
    assert data["zone"] == "Kalimantan"
    assert data["parents"] == [{"code": "61", "name": "Kalimantan Barat", "level": "provinsi"}]
    assert data["descendants"] == {"kecamatan": 20, "desa": 262}


def test_show_of_a_village_lists_three_parents_and_no_descendants(capsys):
    assert main(["regions", "show", "61.04.01.2011", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [p["code"] for p in data["parents"]] == ["61", "61.04", "61.04.01"]
    assert data["descendants"] == {}
    assert data["kind"] == "desa"


def test_show_in_human_form_names_the_zone_and_counts(capsys):
    assert main(["regions", "show", "61"]) == 0
    out = capsys.readouterr().out
    assert "Kalimantan Barat" in out
    assert "Zona penghargaan: Kalimantan" in out
    assert "2.145" in out  # villages, Indonesian thousands separator


def test_show_of_an_unknown_code_fails_with_a_clear_message(capsys):
    assert main(["regions", "show", "61.99"]) == 2
    assert "61.99 tidak ditemukan" in capsys.readouterr().err


def test_show_of_a_bps_code_says_it_is_a_bps_code(capsys):
    assert main(["regions", "show", "6104010001"]) == 2
    assert "kode BPS" in capsys.readouterr().err


def test_search_is_tolerant_of_prefixes(capsys):
    assert main(["regions", "search", "Kab.", "Ketapang", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["code"] for r in rows] == ["61.04"]
    assert rows[0]["parent"] == "Kalimantan Barat"


def test_search_with_no_match_is_an_error(capsys):
    assert main(["regions", "search", "qqqzzz"]) == 2
    assert "Tidak ada wilayah" in capsys.readouterr().err
