"""Interview slots and who came."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from paritrana.awards.models import Nomination, Stage


class Attendance(models.TextChoices):
    PENDING = "belum", _("Not recorded yet")
    HEAD_IN_PERSON = "kepala_hadir", _("The head attended in person")
    DELEGATED = "diwakilkan", _("Represented by a delegate")
    ABSENT = "tidak_hadir", _("Did not attend")


# Who "the head" is depends on the candidate: a region's head, a village's, a company's leadership
# (the category's eligibility "entity"); anything else is a region.
HEAD_IN_PERSON_WORDS = {
    "perusahaan": _("Company leadership attended in person"),
    "desa": _("The village head attended in person"),
}
REGIONAL_HEAD_IN_PERSON = _("Regional head attended in person")


def head_in_person_words(entity: str) -> str:
    """ "Kepala daerah hadir langsung", or for a company "Pimpinan perusahaan hadir langsung"."""
    return str(HEAD_IN_PERSON_WORDS.get(entity, REGIONAL_HEAD_IN_PERSON))


class InterviewSlot(models.Model):
    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="interview_slots")
    nomination = models.ForeignKey(
        Nomination, on_delete=models.CASCADE, related_name="interview_slots"
    )
    starts_at = models.DateTimeField(_("starts"))
    minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=30)
    place = models.CharField(_("place or meeting link"), max_length=200, blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=14, choices=Attendance.choices, default=Attendance.PENDING
    )
    # Officials attending in their public role (not participants): name and position.
    attendee = models.CharField(_("who attended (name, position)"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["stage_id", "starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "nomination"], name="one_slot_per_candidate")
        ]
        verbose_name = _("interview slot")
        verbose_name_plural = _("interview slots")

    def __str__(self) -> str:
        # In the server's time zone (WIB), as the schedule pages write it: stored in UTC.
        return f"{self.nomination} {timezone.localtime(self.starts_at):%d/%m/%Y %H:%M}"

    @property
    def entity(self) -> str:
        return str(self.nomination.category.eligibility.get("entity", ""))

    @property
    def attendance_words(self) -> str:
        """The attendance in words fitting the candidate (a company's leadership, not a head of
        region)."""
        if self.attendance == Attendance.HEAD_IN_PERSON:
            return head_in_person_words(self.entity)
        return str(self.get_attendance_display())

    def attendance_choices(self) -> list[tuple[str, str]]:
        """The attendance choices in the words fitting this candidate."""
        head = head_in_person_words(self.entity)
        return [
            (value, head if value == Attendance.HEAD_IN_PERSON else str(label))
            for value, label in Attendance.choices
        ]
