"""Every object permission of Paritrana, written once as `rules` predicates.

The roles:

- national admin: a superuser or `assessment.manage_panels`; everything;
- provincial admin (`ProvincialAdmin`): the candidates, panels, rankings and reports of their
  own province's round;
- panel chair and secretary: their panel, its rankings and every candidate it judges that no
  conflict of interest bars them from;
- assessor: the candidates assigned to them that no conflict bars them from;
- candidate representative: their own candidate only; its report once its result is out;
- data officer (`coverage.add_dataimport`): data imports and metric computations;
- public: published results, the coverage dashboard and the reference data.

Pages, the API, the CLI and the exports ask `user.has_perm("access.<name>", obj)` or
`paritrana.access.check.require(...)`, which also says why in Bahasa Indonesia.
"""

from __future__ import annotations

from typing import Any

from rules.permissions import add_perm
from rules.predicates import predicate

from paritrana.access.actors import is_operator
from paritrana.access.models import ProvincialAdmin
from paritrana.assessment.domain.access import awaiting_own_scores, barring, seat_on
from paritrana.assessment.domain.decisions import Choice, confirmer, results_released
from paritrana.assessment.domain.panels import is_national_admin, panel_of, seats
from paritrana.assessment.domain.publication import is_published
from paritrana.assessment.domain.scores import ScoreTask
from paritrana.assessment.models import Assignment, MemberRole, Panel, PanelMember
from paritrana.awards.domain.nominations import NominationRound
from paritrana.awards.domain.workspace import represents
from paritrana.awards.models import Category, Cycle, Level, Nomination


def administered_provinces(user: Any) -> set[str]:
    """Province codes the user is provincial admin of (memoised on the user object)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_paritrana_provinces", None)
    if cached is None:
        cached = set(ProvincialAdmin.objects.filter(user=user).values_list("province", flat=True))
        user._paritrana_provinces = cached
    return cached


def _province_of(obj: Any) -> str:
    """The province whose provincial round holds `obj`; "" for the national round."""
    if isinstance(obj, PanelMember):
        obj = obj.panel
    if isinstance(obj, Nomination | NominationRound):
        return obj.province if obj.category.level == Level.PROVINCIAL else ""
    if isinstance(obj, Panel):
        return obj.province if obj.level == Level.PROVINCIAL else ""
    return ""


@predicate
def national_admin(user: Any) -> bool:
    """The national secretariat, or the operator at the server's command line."""
    return is_national_admin(user) or is_operator(user)


@predicate
def data_officer(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and user.has_perm("coverage.add_dataimport")
    )


@predicate
def provincial_admin(user: Any) -> bool:
    return bool(administered_provinces(user))


@predicate
def admin_of_province(user: Any, obj: Any) -> bool:
    province = _province_of(obj)
    return bool(province) and province in administered_provinces(user)


@predicate
def panel_member(user: Any) -> bool:
    return seats(user).exists()


@predicate
def runs_panel_of(user: Any, nomination: Nomination) -> bool:
    """Chair or secretary of the candidate's panel, not barred by a conflict."""
    seat = seat_on(user, panel_of(nomination))
    return (
        seat is not None
        and seat.role in (MemberRole.CHAIR, MemberRole.SECRETARY)
        and barring(user, nomination) is None
    )


@predicate
def assigned(user: Any, obj: Nomination | ScoreTask) -> bool:
    """An assessor the candidate is assigned to (in the task's stage, for a `ScoreTask`), not
    barred by a conflict."""
    nomination = obj.nomination if isinstance(obj, ScoreTask) else obj
    seat = seat_on(user, panel_of(nomination))
    if seat is None:
        return False
    assignments = Assignment.objects.filter(member=seat, nomination=nomination)
    if isinstance(obj, ScoreTask):
        assignments = assignments.filter(stage=obj.stage)
    return assignments.exists() and barring(user, nomination) is None


@predicate
def unbarred(user: Any, nomination: Nomination) -> bool:
    """No active conflict of interest bars the user from the candidate (through a seat on its
    panel): the conflict wins over any admin role the user also holds."""
    return barring(user, nomination) is None


@predicate
def sent_own_scores(user: Any, nomination: Nomination) -> bool:
    """No sheet of the user's for the candidate waits to be sent in an open stage (an
    assessor reads the others' scores of a candidate only once they have sent theirs)."""
    return not awaiting_own_scores(user, [nomination])


@predicate
def representative(user: Any, nomination: Nomination) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and represents(user, nomination)


@predicate
def result_released(user: Any, nomination: Nomination) -> bool:
    return results_released(nomination)


@predicate
def on_panel(user: Any, panel: Panel) -> bool:
    return seat_on(user, panel) is not None


@predicate
def runs_panel(user: Any, panel: Panel) -> bool:
    seat = seat_on(user, panel)
    return seat is not None and seat.role in (MemberRole.CHAIR, MemberRole.SECRETARY)


@predicate
def is_member(user: Any, member: PanelMember) -> bool:
    """The member themselves (their own seat)."""
    return bool(getattr(user, "is_authenticated", False)) and member.user_id == user.pk


@predicate
def manages_seat(user: Any, member: PanelMember) -> bool:
    """Manages the panel the seat is on (`access.manage_panel`)."""
    return bool(manage_panel(user, member.panel))


@predicate
def provincial_panel(user: Any, panel: Panel) -> bool:
    return panel.level == Level.PROVINCIAL


@predicate
def seated_in_cycle(user: Any, cycle: Cycle) -> bool:
    return seats(user).filter(panel__cycle=cycle).exists()


@predicate
def published(user: Any, category: Category) -> bool:
    return is_published(category.cycle, category.level)


@predicate
def requested_it(user: Any, export: Any) -> bool:
    return export.requested_by_id is not None and export.requested_by_id == getattr(
        user, "pk", None
    )


@predicate
def confirms(user: Any, choice: Choice) -> bool:
    """The chair of the group's panel, or its secretary when the chair is conflicted with one
    of the chosen Juara (`decisions.confirmer`)."""
    if not isinstance(choice, Choice) or not getattr(user, "is_authenticated", False):
        return False
    seat = confirmer(choice.category, choice.group, choice.chosen)
    return seat is not None and seat.user_id == user.pk


@predicate
def is_owner(user: Any, owner: Any) -> bool:
    """The object is the user's own account."""
    return getattr(user, "pk", None) is not None and getattr(owner, "pk", None) == user.pk


@predicate
def owns_token(user: Any, token: Any) -> bool:
    return getattr(user, "pk", None) is not None and token.user_id == user.pk


judges = runs_panel_of | assigned
staff = national_admin | admin_of_province

# Data
add_perm("access.import_data", national_admin | data_officer)
# Candidates
add_perm("access.review_candidates", national_admin | provincial_admin | panel_member)
add_perm("access.view_candidate", (staff & unbarred) | judges | representative)
add_perm("access.edit_candidate", representative)
add_perm("access.view_judging", (staff & unbarred) | judges)
add_perm("access.score_candidate", assigned)
add_perm(
    "access.download_report",
    (((staff & unbarred) | judges) & sent_own_scores) | (representative & result_released),
)
# Panels, rankings and decisions
add_perm("access.view_panel", staff | on_panel)
# Panels, members, conflicts, assignments, interviews, scores and judging rules (commands in
# paritrana.commands.panels and .scores): one definition each, asked by pages, API, CLI, admin.
manage_panel = staff | runs_panel
add_perm("access.manage_panel", manage_panel)
add_perm("access.manage_judging", national_admin)
add_perm("access.declare_conflict", is_member | manages_seat)
add_perm("access.override_conflict", national_admin)
add_perm("access.download_certificate", staff | runs_panel)
add_perm("access.download_summary", provincial_panel & (staff | runs_panel))
add_perm("access.export_cycle", national_admin | provincial_admin | seated_in_cycle)
# Decisions (the Juara and their re-decisions)
add_perm("access.confirm_decision", confirms)
# Public results
add_perm("access.view_results", published | national_admin)
# Downloads in the background
add_perm("access.download_export", requested_it | national_admin)
# Reference data: the hierarchy and official boundaries
add_perm(
    "access.manage_reference",
    national_admin | predicate(lambda user: bool(user.has_perm("regions.change_regionboundary"))),
)
# API tokens: one's own; the operator makes them for an account at the command line
# Accounts, their roles and groups as the Django admin edits them (paritrana.commands.accounts)
add_perm("access.manage_accounts", national_admin)
add_perm("access.issue_token", is_owner | predicate(is_operator))
add_perm("access.revoke_token", owns_token | national_admin)
# Award cycle (paritrana.commands.awards): cycles and their stages are set up by the national
# admin; the shortlist and nominations by hand of a province's round by its provincial admin
# and the national admin (the national round by the national admin only); the candidate's
# workspace by its representative alone (`access.edit_candidate`, a superuser included).
add_perm("access.manage_cycle", national_admin)
add_perm("access.nominate", staff)
# Issue 15, roster: the secretariat's panel pages (/sekretariat/<cycle>/tim/) and the members'
# import are for the national admin and provincial admins (each import row is then asked
# `access.manage_panel` on its own panel, a missing panel `access.manage_judging`).
add_perm("access.seat_panels", national_admin | provincial_admin)

# issue 15: progress board and reminders (paritrana.commands.progress, web/api/cli progress):
# the national admin on every province and the national round; a provincial admin on its own
# province's round (the object: a province code, or None for the board as a whole, which then
# shows their provinces only).


@predicate
def administers_province(user: Any, province: Any) -> bool:
    provinces = administered_provinces(user)
    if province is None:
        return bool(provinces)
    return isinstance(province, str) and province in provinces


add_perm("access.view_progress", national_admin | administers_province)
add_perm("access.send_reminders", national_admin | administers_province)
# Issue 15, the secretariat's workbench (/sekretariat/): the national admin sets cycles up; a
# provincial admin sees the hub with its own province's pages.
add_perm("access.view_workbench", national_admin | provincial_admin)
# The cycle's audit log (/sekretariat/<cycle>/riwayat/): the national secretariat, who sets the
# cycle up and answers for it.
add_perm("access.view_audit", national_admin)
