"""Asking a permission and, when it is refused, saying why in Bahasa Indonesia.

`require(user, "access.view_candidate", nomination)` raises `AccessDenied` (a Django
`PermissionDenied`, so a page answers 403 and the API its error shape) with the reason: a
conflict of interest when one bars the user, otherwise what the permission is for.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from rules.permissions import has_perm as rule_allows

import paritrana.access.rules  # noqa: F401  (registers the permissions asked here)
from paritrana.assessment.domain.access import awaiting_own_scores, barring
from paritrana.assessment.domain.results import group_code
from paritrana.assessment.domain.scores import ScoreTask
from paritrana.assessment.models import group_name
from paritrana.awards.models import Nomination
from paritrana.errors import Forbidden


class AccessDenied(Forbidden, PermissionDenied):
    """A refusal with its reason for the user (Bahasa Indonesia): a domain error (403) and a
    Django PermissionDenied, so a page shows the 403 page and the API its error shape."""

    def __init__(self, message: str) -> None:
        Forbidden.__init__(self, message)


LOGIN = "Silakan masuk terlebih dahulu."

REASONS: dict[str, str] = {
    "access.import_data": "Impor data hanya untuk petugas data dan admin nasional.",
    "access.review_candidates": (
        "Daftar kandidat hanya untuk admin nasional, admin provinsi dan anggota tim penilai."
    ),
    "access.view_candidate": (
        "Data kandidat {name} hanya untuk perwakilannya, penilai yang ditugaskan, ketua dan "
        "sekretaris timnya, admin provinsinya dan admin nasional."
    ),
    "access.edit_candidate": "Anda tidak mewakili kandidat {name}.",
    "access.view_judging": (
        "Penilaian {name} hanya untuk penilai yang ditugaskan, ketua dan sekretaris timnya, "
        "admin provinsinya dan admin nasional."
    ),
    "access.score_candidate": "{name} tidak ditugaskan kepada Anda untuk dinilai.",
    "access.download_report": (
        "Laporan penilaian hanya untuk perwakilan kandidat, penilai yang ditugaskan, ketua dan "
        "sekretaris timnya, admin provinsinya dan admin nasional."
    ),
    "access.view_panel": (
        "{name} hanya dapat dilihat oleh anggotanya, admin provinsinya dan admin nasional."
    ),
    "access.manage_panel": (
        "{name} hanya dapat dikelola oleh ketua dan sekretarisnya, admin provinsinya dan admin "
        "nasional."
    ),
    "access.manage_judging": (
        "Tim penilai, aturan penilaian dan isian penilaian di admin hanya dapat diatur oleh "
        "admin nasional."
    ),
    "access.manage_accounts": (
        "Akun, peran dan grup di admin hanya dapat diatur oleh admin nasional."
    ),
    "access.declare_conflict": (
        "Konflik kepentingan hanya dapat dideklarasikan oleh anggota itu sendiri atau oleh "
        "ketua dan sekretaris timnya, admin provinsinya dan admin nasional."
    ),
    "access.override_conflict": (
        "Hanya admin nasional yang dapat mengesampingkan konflik kepentingan."
    ),
    "access.download_certificate": (
        "Piagam hanya dapat diunduh oleh admin nasional, admin provinsi, atau ketua dan "
        "sekretaris {name}."
    ),
    "access.download_summary": (
        "Ringkasan {name} hanya dapat diunduh oleh ketua dan sekretaris tim, admin provinsinya "
        "dan admin nasional; ringkasan hanya dibuat untuk tim penilai provinsi."
    ),
    "access.export_cycle": (
        "Daftar kandidat hanya dapat diunduh oleh anggota tim penilai siklus ini, admin "
        "provinsi dan admin nasional."
    ),
    "access.confirm_decision": (
        "Keputusan Juara {name} hanya dapat dikonfirmasi oleh ketua tim (atau sekretaris bila "
        "ketua berkonflik kepentingan dengan salah satu Juara)."
    ),
    "access.view_results": "Hasil belum diumumkan.",
    "access.manage_reference": (
        "Data rujukan (wilayah dan batas wilayah) hanya dapat dimuat oleh admin nasional."
    ),
    "access.issue_token": "Token API hanya dapat dibuat untuk akun Anda sendiri.",
    "access.revoke_token": "Token ini bukan milik Anda.",
    # Award cycle
    "access.manage_cycle": (
        "Siklus penghargaan dan tahap-tahapnya hanya dapat diatur oleh admin nasional."
    ),
    "access.nominate": (
        "Nominasi {name} hanya dapat diubah oleh admin provinsinya (babak provinsi) dan admin "
        "nasional."
    ),
    "access.download_export": (
        "Berkas ini hanya dapat diunduh oleh yang memintanya dan admin nasional."
    ),
    # Issue 15, roster
    "access.seat_panels": (
        "Susunan tim penilai hanya dapat diatur oleh admin nasional dan admin provinsi."
    ),
    # issue 15: progress board and reminders
    "access.view_progress": (
        "Papan kemajuan hanya untuk admin nasional dan admin provinsi (provinsinya sendiri)."
    ),
    "access.send_reminders": (
        "Pengingat hanya dapat dikirim oleh admin nasional dan admin provinsi (provinsinya "
        "sendiri)."
    ),
    # Issue 15: the secretariat's workbench
    "access.view_workbench": (
        "Meja kerja sekretariat hanya untuk admin nasional dan admin provinsi."
    ),
    "access.view_audit": "Riwayat perubahan siklus hanya dapat dibuka oleh sekretariat nasional.",
}


def _name(obj: Any) -> str:
    return str(getattr(obj, "name", "") or obj or "")


def allowed(user: Any, perm: str, obj: Any = None) -> bool:
    """May `user` do `perm` to `obj`? The rules themselves decide, for a superuser too:
    Django's `User.has_perm` answers yes to an active superuser for everything, but some
    actions belong to one person whoever is asking (a candidate's self-assessment to its
    representative, a score sheet to its assessor). The national admin's reach is written in
    the rules (`national_admin`)."""
    return bool(rule_allows(perm, user, obj))  # type: ignore[no-untyped-call]


def denied(user: Any, perm: str, obj: Any = None) -> str | None:
    """None when `user` has `perm` on `obj`, else the reason in Bahasa Indonesia."""
    if allowed(user, perm, obj):
        return None
    if not getattr(user, "is_authenticated", False) and perm != "access.view_results":
        return LOGIN
    if isinstance(obj, ScoreTask):
        # A score sheet of one stage: the conflict first, then the stage it is not assigned in.
        return _conflict(user, obj.nomination) or (
            f"{obj.nomination.name} tidak ditugaskan kepada Anda pada tahap "
            f"'{obj.stage.get_kind_display()}'."
        )
    if isinstance(obj, Nomination):
        conflict = _conflict(user, obj)
        if conflict is not None:
            return conflict
        if perm == "access.download_report" and awaiting_own_scores(user, [obj]):
            return (
                f"Laporan penilaian {obj.name} terbuka setelah Anda mengirim nilai Anda untuk "
                "kandidat ini."
            )
        if perm == "access.download_report" and allowed(user, "access.edit_candidate", obj):
            return (
                f"Laporan penilaian {obj.name} dapat diunduh setelah Juara "
                f"{obj.category.name} {group_name(group_code(obj))} dikonfirmasi atau tahap "
                "keputusan ditutup."
            )
    return REASONS.get(perm, "Anda tidak berhak membuka halaman ini.").format(name=_name(obj))


def _conflict(user: Any, nomination: Nomination) -> str | None:
    finding = barring(user, nomination)
    if finding is None:
        return None
    return (
        f"Anda berkonflik kepentingan dengan {nomination.name} ({finding.kind_label.lower()}): "
        "data, bukti, nilai dan laporannya tertutup bagi Anda."
    )


def require(user: Any, perm: str, obj: Any = None) -> None:
    """Raise AccessDenied with the reason unless `user` has `perm` on `obj`."""
    reason = denied(user, perm, obj)
    if reason is not None:
        raise AccessDenied(reason)
