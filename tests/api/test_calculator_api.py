"""GET /api/v1/iuran/ (issue 16): the calculator as the page and the CLI show it: each programme
as BPJS bills it, the JKP recomposition as a note, and rules in words beside their keys."""

from __future__ import annotations

import pytest

from tests.api.conftest import error_of

URL = "/api/v1/iuran/?segmen=PU&tanggal=2024-06-01&upah=10000000&risiko=medium"


@pytest.mark.django_db
def test_each_programme_as_billed_and_the_recomposition_as_a_note(client):
    response = client.get(URL)
    assert response.status_code == 200
    data = response.json()
    billed = {line["programme"]: line for line in data["billed"]}
    assert list(billed) == ["JKK", "JKM", "JHT", "JP"]
    assert (billed["JKK"]["employer"], billed["JKM"]["employer"]) == (89_000, 30_000)
    assert (billed["JHT"]["employer"], billed["JHT"]["worker"]) == (370_000, 200_000)
    assert data["totals"] == {"employer": 689_000, "worker": 300_000, "billed": 989_000}
    assert data["totals"]["employer"] == sum(line["employer"] for line in billed.values())
    recomposition = data["recomposition"]
    assert (recomposition["from_jkk"], recomposition["from_jkm"]) == (7_000, 5_000)
    assert recomposition["government"] == 11_000
    assert recomposition["note"].startswith(
        "Dari iuran JKK 0,14% (Rp7.000) dan JKM 0,10% (Rp5.000) dari upah"
    )
    assert "tidak menambah tagihan" in recomposition["note"]


@pytest.mark.django_db
def test_rules_carry_words_beside_their_keys(client):
    jkk = client.get(URL).json()["billed"][0]
    rule = jkk["rules"][0]
    assert rule["key"] == "pu.jkk.rate.medium"  # the machine field stays
    assert rule["label"] == "JKK, kelompok risiko sedang"
    assert rule["description"] == "JKK, kelompok risiko sedang: 0,89% dari upah"


@pytest.mark.django_db
def test_a_wrong_input_is_a_422_in_the_one_error_shape(client):
    response = client.get("/api/v1/iuran/?segmen=PU&tanggal=2024-06-01&upah=-5&risiko=low")
    assert response.status_code == 422
    assert "upah: tidak boleh negatif" in error_of(response)["message"]
    missing = client.get("/api/v1/iuran/?segmen=PU&tanggal=2024-06-01&risiko=low")
    assert missing.status_code == 422
    assert "upah: wajib diisi" in error_of(missing)["message"]
    huge = client.get(
        "/api/v1/iuran/?segmen=PU&tanggal=2024-06-01&upah=1" + "0" * 30 + "&risiko=low"
    )
    assert huge.status_code == 422
    assert "upah: terlalu besar" in error_of(huge)["message"]


@pytest.mark.django_db
def test_an_age_no_participant_has_is_refused_as_on_the_page(client):
    """The page refused age 200 while the API computed with it (and the CLI): one range, the
    rules package's, for all three."""
    base = "/api/v1/iuran/?segmen=PU&tanggal=2024-06-01&upah=5000000&risiko=low"
    for age in (200, 3):
        response = client.get(f"{base}&usia={age}")
        assert response.status_code == 422, age
        assert f"usia: harus antara 15 dan 100 tahun, bukan {age}." in error_of(response)["message"]
    assert client.get(f"{base}&usia=57").status_code == 200
