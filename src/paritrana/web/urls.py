from django.contrib.auth import views as auth_views
from django.urls import path

from paritrana.web.views import (
    audit_log,
    boundaries,
    candidates,
    coverage,
    dashboard,
    home,
    imports,
    pdfs,
    plotly,
    regions,
    secretariat,
)
from paritrana.web.views import progress as progress_views
from paritrana.web.views.assessor import assessments, assessor_sheet, declare_conflict, score
from paritrana.web.views.calculator import calculator
from paritrana.web.views.certificate_setup import certificate_setup
from paritrana.web.views.exports import export_file, export_list, ranking_xlsx
from paritrana.web.views.login import ThrottledLoginView
from paritrana.web.views.panel_setup import activate, panel_setup, panels_setup, panels_template
from paritrana.web.views.panels import panel_detail, panel_interviews
from paritrana.web.views.planning import planning
from paritrana.web.views.public import public_cycle, public_group, public_results
from paritrana.web.views.published import published_figures_page
from paritrana.web.views.representative_import import (
    representatives_import,
    representatives_template,
)
from paritrana.web.views.results import breakdown, ranking, rankings
from paritrana.web.views.shortlists import shortlist, shortlists
from paritrana.web.views.tokens import token_list, token_revoke

app_name = "web"

urlpatterns = [
    path("", regions.home, name="home"),
    path("masuk/", ThrottledLoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(next_page="web:home"), name="logout"),
    path("wilayah/<str:code>/", regions.region_detail, name="region"),
    path("cari/", regions.search, name="search"),
    path("kalkulator-iuran/", calculator, name="calculator"),
    path("angka-acuan/", published_figures_page, name="published_figures"),
    path("cakupan/", coverage.coverage_home, name="coverage_home"),
    path("cakupan/<str:code>/", coverage.coverage_region, name="coverage"),
    path("kandidat/", candidates.workspace_home, name="workspace_home"),
    path("kandidat/<int:pk>/", candidates.workspace, name="workspace"),
    path("seleksi/", candidates.review_list, name="reviews"),
    path("seleksi/<int:pk>/", candidates.review_detail, name="review"),
    path("bukti/<int:pk>/", candidates.evidence_file, name="evidence_file"),
    path("bukti/<int:pk>/lihat/", candidates.evidence_preview, name="evidence_preview"),
    path("impor/", imports.import_list, name="imports"),
    path("impor/hitung/", imports.compute, name="compute"),
    path("impor/hitungan/", imports.computations, name="computations"),
    path("impor/<int:pk>/", imports.import_detail, name="import"),
    path("impor/<int:pk>/laporan.xlsx", imports.import_report, name="import_report"),
    path("impor/templat/<str:kind>.xlsx", imports.import_template, name="import_template"),
    path("impor/skema/", imports.schemas, name="schemas"),
    # Assessors
    path("penilaian/", assessments, name="assessments"),
    path("penilaian/konflik/", declare_conflict, name="declare_conflict"),
    path("penilaian/<int:stage>/lembar.xlsx", assessor_sheet, name="assessor_sheet"),
    path("penilaian/<int:stage>/<int:nomination>/", score, name="score"),
    # Panels and results
    path("panel/<int:pk>/", panel_detail, name="panel"),
    path("panel/<int:pk>/wawancara/", panel_interviews, name="panel_interviews"),
    path("hasil/", rankings, name="rankings"),
    path("hasil/<int:category>/<str:group>/", ranking, name="ranking"),
    path("hasil/<int:category>/<str:group>/<int:nomination>/", breakdown, name="breakdown"),
    # PDF reports
    path(
        "hasil/<int:category>/<str:group>/piagam.pdf",
        pdfs.certificate_pdf,
        name="certificate_pdf",
    ),
    path(
        "hasil/<int:category>/<str:group>/<int:nomination>/laporan.pdf",
        pdfs.candidate_report_pdf_view,
        name="candidate_report_pdf",
    ),
    path(
        "panel/<int:pk>/ringkasan.pdf",
        pdfs.provincial_summary_pdf_view,
        name="provincial_summary_pdf",
    ),
    # Public results and planning
    path("pengumuman/", public_results, name="public_results"),
    path("pengumuman/<int:year>/", public_cycle, name="public_cycle"),
    path(
        "pengumuman/<int:year>/<str:level>/<str:category_code>/<str:group>/",
        public_group,
        name="public_group",
    ),
    path("perencanaan/<str:code>/", planning, name="planning"),
    # Exports
    path("unduhan/", export_list, name="exports"),
    path("unduhan/<int:pk>/berkas", export_file, name="export_file"),
    path("hasil/<int:category>/<str:group>/peringkat.xlsx", ranking_xlsx, name="ranking_xlsx"),
    # Dashboard
    path("dasbor/", dashboard.dashboard, name="dashboard"),
    path("dasbor/js/plotly-<str:version>.min.js", plotly.plotly_js, name="plotly_js"),
    path(
        "dasbor/batas/<slug:layer>-<slug:version>.geojson",
        boundaries.boundaries_geojson,
        name="dashboard_boundaries",
    ),
    path("dasbor/<str:code>/", dashboard.dashboard_region, name="dashboard_region"),
    # issue 15: shortlists (the national round of a national category is province "00")
    path("sekretariat/<int:cycle>/daftar-pendek/", shortlists, name="shortlists"),
    path(
        "sekretariat/<int:cycle>/daftar-pendek/<int:category>/<str:province>/",
        shortlist,
        name="shortlist",
    ),
    # A round's candidates' representatives from a workbook (its template: the round's nominees)
    path(
        "sekretariat/<int:cycle>/daftar-pendek/<int:category>/<str:province>/wakil/",
        representatives_import,
        name="representatives_import",
    ),
    path(
        "sekretariat/<int:cycle>/daftar-pendek/<int:category>/<str:province>/wakil/templat.xlsx",
        representatives_template,
        name="representatives_template",
    ),
    # API tokens
    path("akun/token/", token_list, name="tokens"),
    path("akun/token/<int:pk>/cabut/", token_revoke, name="token_revoke"),
    # Issue 15, roster: seating the panels, the members' workbook, activation of new accounts
    path("sekretariat/<int:cycle>/tim/", panels_setup, name="panels_setup"),
    path("sekretariat/<int:cycle>/tim/templat.xlsx", panels_template, name="panels_template"),
    path("sekretariat/<int:cycle>/tim/<int:panel>/", panel_setup, name="panel_setup"),
    path("aktivasi/<str:uidb64>/<str:token>/", activate, name="activate"),
    # issue 15: progress board, reminders, announcement PDF
    path("sekretariat/<int:cycle>/kemajuan/", progress_views.progress, name="progress"),
    path(
        "sekretariat/<int:cycle>/kemajuan/<str:province>/",
        progress_views.progress_province,
        name="progress_province",
    ),
    path(
        "sekretariat/<int:cycle>/kemajuan.xlsx", progress_views.progress_xlsx, name="progress_xlsx"
    ),
    path("sekretariat/<int:cycle>/pengingat/", progress_views.reminders, name="reminders"),
    path("pengingat/", progress_views.my_reminders, name="my_reminders"),
    # issue 16: each person's landing page after login
    path("beranda/", home.my_home, name="my_home"),
    path(
        "pengumuman/<int:year>/pengumuman.pdf",
        progress_views.announcement_pdf_view,
        name="announcement_pdf",
    ),
    # Issue 15, setup: the secretariat's workbench, cycle set-up and stages
    path("sekretariat/", secretariat.hub, name="secretariat"),
    path("sekretariat/<int:cycle>/", secretariat.cycle_setup, name="cycle_setup"),
    path(
        "sekretariat/<int:cycle>/kategori/<int:category>/",
        secretariat.category_setup,
        name="category_setup",
    ),
    path("sekretariat/<int:cycle>/riwayat/", audit_log.audit_log, name="audit_log"),
    path("sekretariat/<int:cycle>/piagam/", certificate_setup, name="certificate_setup"),
]
