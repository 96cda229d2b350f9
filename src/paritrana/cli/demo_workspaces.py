"""The demo candidates' workspaces: Kabupaten Ketapang's candidacy and the answers and evidence
of the candidates' representatives.

Ketapang's representative (the `ketapang` account) answered one question and uploaded one
document in the provincial self-assessment and has begun its national file; every other
national candidate has a representative account of its own (which cannot log in) that answered
every question, uploaded a document and submitted. Everything goes through the commands: the
secretariat links each representative (`representative.add`: Kalimantan Barat's provincial
admin in its round, the national admin in the national one), who then fills in the workspace
(`save_answers`, `add_evidence`, `submit`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model

from paritrana.awards.domain.eligibility import Candidate
from paritrana.awards.domain.workspace import questions
from paritrana.awards.models import (
    Category,
    Cycle,
    Level,
    Nomination,
    NominationStatus,
    Representative,
)
from paritrana.cli.demo_panels import KETAPANG, demo_account
from paritrana.cli.demo_scoring import HIGH
from paritrana.commands.awards import add_evidence, add_nomination, save_answers, submit
from paritrana.commands.representatives import add_representative
from paritrana.regions.models import Region

REPRESENTATIVE = "ketapang"
PROVINCIAL_ADMIN = "kalbar"
NATIONAL_ADMIN = "admin"


def _link(secretariat: str, nomination: Nomination, person: Any) -> None:
    """`person` represents `nomination`, linked by the `secretariat` account (once: a
    promoted Juara I's representatives come along with it)."""
    if not Representative.objects.filter(user=person, nomination=nomination).exists():
        add_representative(
            get_user_model().objects.get(username=secretariat),
            nomination=nomination,
            account=person.get_username(),
        )


def nominate_ketapang(cycle: Cycle) -> Nomination | None:
    """Kabupaten Ketapang in Kalimantan Barat's kab/kota category: drawn from the data, or else
    added by the provincial admin with a reason (the demo's accounts follow its candidacy)."""
    category = Category.objects.filter(
        cycle=cycle, level=Level.PROVINCIAL, code="pemda-kabkota", enabled=True
    ).first()
    region = Region.objects.filter(code=KETAPANG).first()
    if category is None or region is None:
        return None
    found = category.nominations.filter(key=KETAPANG).first()
    if found is not None:
        return found
    return add_nomination(
        get_user_model().objects.get(username=PROVINCIAL_ADMIN),
        category=category,
        province="61",
        candidate=Candidate(entity="kabkota", name=region.name, region_code=KETAPANG),
        reason="Diusulkan Tim Provinsi: Perbup perlindungan pekerja rentan sudah berjalan, "
        "meskipun sampel data sintetis belum menempatkannya di daftar pendek (demo).",
    )


def provincial_workspace(cycle: Cycle) -> None:
    """During the provincial self-assessment Ketapang's representative answered one question
    and uploaded one document; the stage then closes, so they stay readable."""
    nominees = Nomination.objects.filter(
        category__cycle=cycle,
        category__level=Level.PROVINCIAL,
        category__code="pemda-kabkota",
        province="61",
    ).select_related("category__cycle")
    target = nominees.filter(key=KETAPANG).first() or nominees.order_by("key").first()
    if target is None:
        return
    user = get_user_model().objects.get(username=REPRESENTATIVE)
    _link(PROVINCIAL_ADMIN, target, user)
    save_answers(
        user,
        nomination=target,
        answers={
            "regulasi": "Peraturan Bupati tentang perlindungan jaminan sosial "
            "ketenagakerjaan bagi pekerja rentan dan non-ASN (contoh demo)."
        },
    )
    add_evidence(
        user,
        nomination=target,
        content=DEMO_PDF,
        original_name="perbup-contoh.pdf",
        kind="regulasi",
        title="Perbup perlindungan Jamsostek (contoh demo)",
        number="12 Tahun 2025",
        document_date=dt.date(2025, 3, 1),
    )


def _representative_of(nomination: Nomination) -> Any:
    """Kalimantan Barat's kab/kota Juara I is the `ketapang` account's; every other national
    candidate has a representative account of its own that cannot log in."""
    if nomination.category.code == "pemda-kabkota" and nomination.province == "61":
        return get_user_model().objects.get(username=REPRESENTATIVE)
    return demo_account(f"wakil-{nomination.key.lower()}")


def national_workspaces(cycle: Cycle) -> None:
    """Every national candidate's representative answers the questions, uploads a document
    and submits; Ketapang's has answered one question and uploaded one document so far."""
    candidates = (
        Nomination.objects.filter(
            category__cycle=cycle,
            category__level=Level.NATIONAL,
            status=NominationStatus.NOMINATED,
        )
        .select_related("category__cycle")
        .order_by("category__order", "key")
    )
    for nomination in candidates:
        user = _representative_of(nomination)
        _link(NATIONAL_ADMIN, nomination, user)
        asked = [c.code for c in questions(nomination)]
        started = user.username == REPRESENTATIVE
        answers = {code: ANSWERS.get(code, ANSWER) for code in asked[: 1 if started else None]}
        if answers:
            save_answers(user, nomination=nomination, answers=answers)
        add_evidence(user, nomination=nomination, content=DEMO_PDF, **_document(nomination))
        if not started:
            submit(user, nomination=nomination)


ANSWER = "Jawaban contoh demo (data sintetis): program berjalan dan didukung dokumen terlampir."


ANSWERS = {code: f"{text} (contoh demo)" for code, text in HIGH.items()}


def _document(nomination: Nomination) -> dict[str, Any]:
    if nomination.entity == "perusahaan":
        return {
            "original_name": "kepesertaan-contoh.pdf",
            "kind": "lainnya",
            "title": "Rekap kepesertaan dan pembayaran iuran 2025 (contoh demo)",
        }
    return {
        "original_name": "regulasi-contoh.pdf",
        "kind": "regulasi",
        "title": f"Peraturan perlindungan Jamsostek {nomination.name} (contoh demo)",
        "number": "7 Tahun 2025",
        "document_date": dt.date(2025, 2, 3),
    }


# A minimal valid PDF (with its cross-reference table, as evidence checks require), so the
# demo's evidence opens in any viewer.
DEMO_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"xref\n0 4\n"
    b"0000000000 65535 f \n"
    b"0000000009 00000 n \n"
    b"0000000052 00000 n \n"
    b"0000000101 00000 n \n"
    b"trailer<</Size 4/Root 1 0 R>>\n"
    b"startxref\n164\n%%EOF\n"
)
