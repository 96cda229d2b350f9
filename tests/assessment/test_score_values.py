"""Whatever is typed as a score, the answer is a refusal that names the criterion and its
levels (a form error on the page, 422 on the API), never a server error: NaN, a signalling NaN,
infinities, huge exponents and overlong text included."""

from __future__ import annotations

import json

import pytest

from paritrana.assessment.domain.assignments import assign
from paritrana.assessment.domain.scores import Entry, ScoreRefused, save_scores
from paritrana.assessment.models import Score

NOT_NUMBERS = ["sNaN", "NaN", "-nan", "Infinity", "-inf", "9" * 5000, "{regulasi}", "3 4"]


@pytest.fixture
def verification(cast):
    stage = cast.open("verifikasi")
    assign(stage=stage, member=cast.a, nomination=cast.ketapang, user=cast.admin)
    return stage


def _save(cast, stage, value, comment=""):
    return save_scores(
        stage=stage,
        member=cast.a,
        nomination=cast.ketapang,
        entries={"regulasi": Entry(value, comment)},
        user=cast.a.user,
    )


@pytest.mark.parametrize("typed", NOT_NUMBERS)
def test_the_domain_refuses_what_is_not_a_number(cast, verification, typed):
    with pytest.raises(ScoreRefused) as refused:
        _save(cast, verification, typed)
    message = str(refused.value)
    assert message.startswith("Nilai 'Regulasi' harus salah satu tingkat rubrik (1, 2, 3, 4, 5)")
    assert len(message) < 200  # a long entry is not echoed in full
    assert not Score.objects.exists()


def test_a_number_far_outside_the_rubric_is_refused_in_a_short_message(cast, verification):
    with pytest.raises(ScoreRefused) as refused:
        _save(cast, verification, "1e999")
    assert str(refused.value) == (
        "Nilai 'Regulasi' (1E+999) di luar tingkat rubrik: pilih salah satu dari 1, 2, 3, 4, 5."
    )


def test_a_value_equal_to_a_level_is_stored_as_that_level(cast, verification):
    _save(cast, verification, " 4,000 ")
    assert str(Score.objects.get().value.normalize()) == "4"


@pytest.mark.parametrize("typed", ["sNaN", "NaN", "Infinity", "9" * 5000])
def test_the_scoring_page_answers_with_a_form_error(client, cast, verification, typed):
    client.force_login(cast.a.user)
    url = f"/penilaian/{verification.pk}/{cast.ketapang.pk}/"
    response = client.post(url, {"score-regulasi": typed, "version": "0", "action": "save"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Nilai &#x27;Regulasi&#x27; harus salah satu tingkat rubrik (1, 2, 3, 4, 5)" in page
    assert not Score.objects.exists()


@pytest.mark.parametrize("typed", ["sNaN", "NaN", "Infinity", "-Infinity", "9" * 5000])
def test_the_api_answers_422_with_the_reason(client, cast, verification, typed):
    client.force_login(cast.a.user)
    url = f"/api/v1/penilaian/{verification.pk}/{cast.ketapang.pk}"
    body = {"scores": {"regulasi": {"value": typed}}, "version": 0}
    response = client.put(url, data=json.dumps(body), content_type="application/json")
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid"
    [detail] = error["details"]
    assert detail["field"].endswith("scores.regulasi.value")
    assert detail["message"].startswith("Nilai harus berupa angka salah satu tingkat rubrik")
    assert len(detail["message"]) < 200
    assert not Score.objects.exists()
    assert client.get(url).json()["version"] == 0
