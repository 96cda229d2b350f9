"""In Chromium, the secretariat's year at its start: the national admin copies last year's cycle
into this year's, opens its screening, is told by the pre-check what the self-assessment stage
still lacks, draws Kalimantan Barat's shortlist, seats Kalimantan Barat's team from a workbook,
takes the categories not awarded this year out of use, opens the stage once nothing is missing,
and sees it all on the national progress board (nominees, team, stage).

The other 37 provinces' shortlists are drawn by their own secretariats meanwhile: the test adds
their nominees through the same command (`nomination.add`) between two browser steps.
"""

from __future__ import annotations

import io

import pytest

from tests.secretariat.progress_world import world
from tests.web.conftest import ARTIFACTS, follow, log_in

__all__ = ["world"]

pytestmark = pytest.mark.browser

PASSWORD = "rahasia-sekretariat-1"
KETAPANG = "61.04"


@pytest.fixture
def secretariat(django_user_model, settings, tmp_path):
    from paritrana.awards.domain.templates import create_cycle_from_template
    from paritrana.coverage.models import EmployerMetric, MetricRun, RegionMetric
    from paritrana.regions.models import Region

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PARITRANA_STORE_DIR = tmp_path / "store"
    last_year = create_cycle_from_template(assessment_year=2024)
    # This year's coverage figures for Kalimantan Barat's 14 kab/kota: Ketapang fourth.
    run = MetricRun.objects.create(year=2025, base_kind="sakernas_bekerja")
    kalbar = list(
        Region.objects.filter(level="kabkota", code__startswith="61.")
        .order_by("code")
        .values_list("code", flat=True)
    )
    others = [code for code in kalbar if code != KETAPANG]
    values = {code: 40.5 - 1.25 * i for i, code in enumerate(others[:3])}
    values[KETAPANG] = 25.38
    values |= {code: 25.0 - 1.25 * i for i, code in enumerate(others[3:])}
    RegionMetric.objects.bulk_create(
        RegionMetric(
            run=run,
            year=2025,
            base_kind="sakernas_bekerja",
            level="kabkota",
            region_code=code,
            ucj_pct=value,
            active=int(value * 1000),
        )
        for code, value in values.items()
    )
    # A village's and a company's figures too: the screening waits for every kind's.
    RegionMetric.objects.create(
        run=run,
        year=2025,
        base_kind="sakernas_bekerja",
        level="desa",
        region_code="61.04.01.2011",
        ucj_pct=12.5,
        active=125,
    )
    EmployerMetric.objects.create(
        run=run, year=2025, employer_id="NPP-31-000001", name="PT Contoh", kabkota="31.71"
    )
    admin = django_user_model.objects.create_superuser(
        username="sekretariat", password=PASSWORD, email="sekretariat@example.id"
    )
    return {"last_year": last_year, "admin": admin}


def _members_workbook() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Anggota"
    sheet.append(["provinsi", "nama", "email", "peran", "unsur", "instansi"])
    for row in (
        ("Kalimantan Barat", "Harisson", "sekda@kalbarprov.go.id", "Ketua", "Sekda", "Setda"),
        ("61", "Manto", "disnaker@kalbarprov.go.id", "Sekretaris", "Disnaker", "Disnakertrans"),
        ("61", "Nurhayati", "pontianak@bpjsketenagakerjaan.go.id", "Anggota", "BPJS", "Kanwil"),
        ("61", "Suryadi", "spsi.kalbar@example.id", "Anggota", "Serikat", "KSPSI Kalbar"),
        ("61", "Rudi Hartono", "apindo.kalbar@example.id", "Anggota", "APINDO", "Apindo"),
        ("61", "Dr. Eva Dharma", "eva@untan.ac.id", "Anggota", "Akademisi", "Untan"),
    ):
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _other_provinces_nominate(cycle, admin):
    """Each other province's secretariat nominates its first kab/kota (through the command)."""
    from paritrana.awards.domain.eligibility import Candidate
    from paritrana.commands.awards import add_nomination
    from paritrana.regions.models import Region

    category = cycle.categories.get(level="provinsi", code="pemda-kabkota")
    for province in Region.objects.filter(level="provinsi").exclude(code="61").order_by("code"):
        first = Region.objects.filter(level="kabkota", parent=province).order_by("code").first()
        add_nomination(
            admin,
            category=category,
            province=province.code,
            candidate=Candidate(entity="kabkota", name=first.name, region_code=first.code),
            reason=f"Daftar pendek {province.name}, ditarik oleh sekretariat provinsinya",
        )


def _link_representatives(cycle, admin) -> None:
    """Every nominee without one gets a representative (through the command, as each province's
    secretariat does on its candidates' pages)."""
    from paritrana.awards.models import Nomination
    from paritrana.commands.representatives import add_representative

    for nomination in Nomination.objects.filter(
        category__cycle=cycle, representatives__isnull=True
    ).select_related("category__cycle"):
        add_representative(
            admin,
            nomination=nomination,
            name=f"Wakil {nomination.name}",
            email=f"wakil-{nomination.key.replace('.', '')}@contoh.go.id",
        )


def test_the_secretariat_sets_up_the_year_and_sees_it_on_the_board(page, secretariat, tmp_path):
    from paritrana.assessment.models import Panel
    from paritrana.awards.models import Cycle, StageStatus

    log_in(page, "sekretariat", PASSWORD)

    # 1. Copy last year's cycle into this year's.
    page.goto("/sekretariat/")
    copy = page.locator("#copy-form")
    copy.locator("select[name=source]").select_option(str(secretariat["last_year"].pk))
    copy.locator("input[name=assessment_year]").fill("2025")
    follow(page, copy.get_by_role("button", name="Salin siklus"))
    cycle = Cycle.objects.get(assessment_year=2025)
    assert cycle.copied_from_id == secretariat["last_year"].pk
    assert page.url.endswith(f"/sekretariat/{cycle.pk}/")
    provincial = {s.kind: s for s in cycle.stages.filter(level="provinsi")}

    # 2. Open the provincial screening (the next stage to open is checked at once): nothing
    # missing.
    screening = page.locator(f"#stage-{provincial['penyaringan'].pk}")
    assert screening.locator(".precheck-ok").inner_text() == "Tidak ada yang kurang."
    follow(page, screening.get_by_role("button", name="Buka tahap"))
    provincial["penyaringan"].refresh_from_db()
    assert provincial["penyaringan"].status == StageStatus.OPEN

    # Meanwhile, the other 37 provinces draw their own shortlists.
    _other_provinces_nominate(cycle, secretariat["admin"])

    # 3. The self-assessment stage's pre-check says what is missing, and refuses without a reason.
    page.goto(f"/sekretariat/{cycle.pk}/?periksa={provincial['penilaian_mandiri'].pk}")
    row = page.locator(f"#stage-{provincial['penilaian_mandiri'].pk}")
    findings = row.locator(".findings li").all_inner_texts()
    assert any(text.startswith("1 provinsi belum punya kandidat") for text in findings), findings
    assert any("kategori belum punya kandidat" in text for text in findings), findings
    assert row.locator("textarea[name=reason]").get_attribute("required") is not None
    page.screenshot(path=str(ARTIFACTS / "secretariat-precheck.png"), full_page=True)

    # 4. Draw Kalimantan Barat's shortlist of kab/kota: the top 7, each with its reason.
    kabkota = cycle.categories.get(level="provinsi", code="pemda-kabkota")
    page.goto(f"/sekretariat/{cycle.pk}/daftar-pendek/{kabkota.pk}/61/")
    draw = page.locator("#draw")
    draw.locator("input[name=confirm]").check()
    follow(page, draw.get_by_role("button", name="Tarik daftar pendek"))
    ketapang = page.locator("#shortlist tr", has_text="Kabupaten Ketapang")
    assert "masuk: peringkat 4 dari 14 menurut cakupan UCJ 25,38%" in ketapang.inner_text()
    assert kabkota.nominations.filter(province="61", status="nominated").count() == 7

    # 5. Seat Kalimantan Barat's team from a workbook: checked first, then imported.
    workbook = tmp_path / "tim-kalbar-2025.xlsx"
    workbook.write_bytes(_members_workbook())
    page.goto(f"/sekretariat/{cycle.pk}/tim/")
    form = page.locator("#roster-form")
    form.locator("input[type=file]").set_input_files(str(workbook))
    follow(page, form.get_by_role("button", name="Periksa (pratinjau)"))
    assert page.locator("#preview tbody tr").count() == 6
    assert Panel.objects.filter(cycle=cycle).count() == 0  # a preview writes nothing
    follow(page, page.locator("#confirm-form").get_by_role("button"))
    assert page.locator("#import-result").is_visible()
    team = Panel.objects.get(cycle=cycle, level="provinsi", province="61")
    assert sorted(team.members.values_list("role", flat=True)) == [
        "anggota",
        "anggota",
        "anggota",
        "anggota",
        "ketua",
        "sekretaris",
    ]
    assert team.members.get(role="ketua").user.email == "sekda@kalbarprov.go.id"

    # 6. Ketapang's representative is linked on its page: a new person, who gets a one-time
    # activation link; every other nominee's through the command. Then take the categories
    # nobody was nominated in out of use this year (the pre-check's second finding), and the
    # stage opens with nothing missing.
    ketapang = kabkota.nominations.get(key="61.04")
    page.goto(f"/seleksi/{ketapang.pk}/")
    form = page.locator("#representative-form")
    form.locator("input[name=name]").fill("Siti Aminah")
    form.locator("input[name=email]").fill("siti.aminah@ketapangkab.go.id")
    follow(page, form.get_by_role("button", name="Tambah"))
    assert "/aktivasi/" in page.locator("#invitations .activation-link").inner_text()
    assert "belum diaktifkan" in page.locator("#representative-list").inner_text()
    page.screenshot(path=str(ARTIFACTS / "secretariat-representative.png"), full_page=True)
    _link_representatives(cycle, secretariat["admin"])
    page.goto(f"/sekretariat/{cycle.pk}/")
    unused = [
        c
        for c in cycle.categories.filter(level="provinsi", enabled=True)
        if not c.nominations.exists()
    ]
    assert unused
    for category in unused:
        row = page.locator(f"#category-{category.pk}")
        row.locator("input[name=enabled]").uncheck()
        follow(page, row.get_by_role("button", name="Simpan"))
    assert not cycle.categories.filter(pk__in=[c.pk for c in unused], enabled=True).exists()
    page.goto(f"/sekretariat/{cycle.pk}/?periksa={provincial['penilaian_mandiri'].pk}")
    row = page.locator(f"#stage-{provincial['penilaian_mandiri'].pk}")
    assert row.locator(".precheck-ok").inner_text() == "Tidak ada yang kurang."
    follow(page, row.get_by_role("button", name="Buka tahap"))
    provincial["penilaian_mandiri"].refresh_from_db()
    assert provincial["penilaian_mandiri"].status == StageStatus.OPEN

    # 7. The national progress board: Kalimantan Barat's seven nominees, none submitted yet;
    # every other province's one.
    page.goto(f"/sekretariat/{cycle.pk}/kemajuan/")
    kalbar = page.locator('#board-provinces tr[data-province="61"]')
    cells = kalbar.locator("td").all_inner_texts()
    assert cells[:3] == ["Pemerintah Kabupaten/Kota", "7", "0 / 7"], cells
    assert kalbar.locator(".team").inner_text() == "tim penilai 6 orang"
    assert page.locator('#board-provinces tr[data-province="62"] .team').inner_text() == (
        "belum ada tim penilai"
    )
    assert page.locator('#board-provinces tr[data-province="62"] td').nth(1).inner_text() == "1"
    page.screenshot(path=str(ARTIFACTS / "secretariat-board.png"), full_page=True)
    follow(page, kalbar.get_by_role("link", name="Kalimantan Barat"))
    assert "Kabupaten Ketapang" in page.locator("main").inner_text()


def test_the_board_says_what_is_late_a_phrase_a_line_on_a_laptop(page, world):
    """The board's last column lists what is late ("1 penilaian mandiri terlambat"): it was
    squeezed to a word a line, every row of the national board four or five lines tall. Each
    phrase now takes at most two lines, and the board still fits a 1366 px screen."""
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, world.admin.get_username(), "rahasia-uji-123")
    page.goto(f"/sekretariat/{world.cycle.pk}/kemajuan/")
    phrases = page.locator("#board-provinces td.late-words span.late")
    assert phrases.count() >= 1
    for phrase in phrases.all():
        height = phrase.evaluate(
            "e => e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight)"
        )
        assert height <= 2.1, (phrase.inner_text(), height)
    box = page.locator("#board-provinces").evaluate(
        "t => [t.parentElement.scrollWidth, t.parentElement.clientWidth]"
    )
    assert box[0] <= box[1]
    page.screenshot(path=str(ARTIFACTS / "secretariat-board-late.png"), full_page=True)
