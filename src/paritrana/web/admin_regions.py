"""The regions in the Django admin: browse the hierarchy, its zones and boundaries, read-only.
They are reference data: the Kemendagri hierarchy and the zones load from their packaged files
(`paritrana regions load`), boundary files through the `regions.load_boundaries` command (the
same as `paritrana regions boundaries FILE`), each checked as a whole. A province's zone
decides the national per-zone ranking groups: edited here as a row it would move candidates
between groups, after a decision too, with no audit."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from paritrana.access.policy import allowed
from paritrana.commands.reference import load_boundaries
from paritrana.regions.domain.boundaries import BoundaryFileError
from paritrana.regions.models import Region, RegionBoundary, Zone
from paritrana.web.admin_base import ReadOnlyAdmin


@admin.register(Zone)
class ZoneAdmin(ReadOnlyAdmin):
    list_display = ["name", "code", "order"]


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "level", "kind", "parent", "zone"]
    list_filter = ["level", "kind", "zone"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]
    list_select_related = ["parent", "zone"]
    show_full_result_count = False


class BoundaryFileForm(forms.Form):
    file = forms.FileField(
        label=_("GeoJSON file"),
        help_text=_(
            "A FeatureCollection of Polygon/MultiPolygon features in WGS84, each with its "
            "Kemendagri code. One problem rejects the whole file."
        ),
    )
    code_property = forms.CharField(
        label=_("Code property"),
        required=False,
        help_text=_("Leave empty to detect it (kode, KDEPUM, KDPKAB, ... or the feature id)."),
    )


@admin.register(RegionBoundary)
class RegionBoundaryAdmin(admin.ModelAdmin):
    list_display = ["region", "level", "vertices", "lon", "lat", "source", "loaded_at"]
    list_filter = ["level", "source"]
    search_fields = ["region__code", "region__name"]
    list_select_related = ["region"]
    readonly_fields = [
        "region",
        "level",
        "vertices",
        "lon",
        "lat",
        "source",
        "loaded_at",
        "loaded_by",
    ]
    exclude = ["geometry"]
    change_list_template = "admin/regions/regionboundary/change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # boundaries come from files, checked as a whole (see the upload view)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a newer file replaces a boundary; none is deleted unrecorded

    def get_urls(self):  # type: ignore[no-untyped-def]
        upload = self.admin_site.admin_view(self.upload_view)
        return [path("muat/", upload, name="regions_regionboundary_upload"), *super().get_urls()]

    def upload_view(self, request: HttpRequest) -> HttpResponse:
        if not allowed(request.user, "access.manage_reference"):
            return redirect("admin:index")
        form = BoundaryFileForm(request.POST or None, request.FILES or None)
        problems: list[str] = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = load_boundaries(
                    request.user,
                    content=upload.read(),
                    file_name=upload.name,
                    code_property=form.cleaned_data["code_property"] or None,
                )
            except BoundaryFileError as exc:
                problems = [str(p) for p in exc.problems]
                self.message_user(request, str(exc).splitlines()[0], messages.ERROR)
            else:
                self.message_user(
                    request,
                    f"{report.file}: {report.created} baru, {report.updated} diperbarui, "
                    f"{report.unchanged} tidak berubah (kode dari '{report.code_property}').",
                    messages.SUCCESS,
                )
                return redirect("admin:regions_regionboundary_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Load boundary file"),
            "form": form,
            "problems": problems,
        }
        return TemplateResponse(request, "admin/regions/regionboundary/upload.html", context)
