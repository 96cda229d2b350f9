from django.contrib.auth import views as auth_views
from django.urls import path

from paritrana.web.views import candidates, coverage, imports, regions
from paritrana.web.views.assessor import assessments, assessor_sheet, declare_conflict, score
from paritrana.web.views.calculator import calculator
from paritrana.web.views.panels import panel_detail, panel_interviews
from paritrana.web.views.results import breakdown, ranking, rankings

app_name = "web"

urlpatterns = [
    path("", regions.home, name="home"),
    path(
        "masuk/",
        auth_views.LoginView.as_view(template_name="web/login.html"),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(next_page="web:home"), name="logout"),
    path("wilayah/<str:code>/", regions.region_detail, name="region"),
    path("cari/", regions.search, name="search"),
    path("kalkulator-iuran/", calculator, name="calculator"),
    path("cakupan/", coverage.coverage_home, name="coverage_home"),
    path("cakupan/<str:code>/", coverage.coverage_region, name="coverage"),
    path("kandidat/", candidates.workspace_home, name="workspace_home"),
    path("kandidat/<int:pk>/", candidates.workspace, name="workspace"),
    path("seleksi/", candidates.review_list, name="reviews"),
    path("seleksi/<int:pk>/", candidates.review_detail, name="review"),
    path("bukti/<int:pk>/", candidates.evidence_file, name="evidence_file"),
    path("impor/", imports.import_list, name="imports"),
    path("impor/hitung/", imports.compute, name="compute"),
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
]
