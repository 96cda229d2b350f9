from django.urls import path

from paritrana.web.views import coverage, regions
from paritrana.web.views.calculator import calculator

app_name = "web"

urlpatterns = [
    path("", regions.home, name="home"),
    path("wilayah/<str:code>/", regions.region_detail, name="region"),
    path("cari/", regions.search, name="search"),
    path("kalkulator-iuran/", calculator, name="calculator"),
    path("cakupan/", coverage.coverage_home, name="coverage_home"),
    path("cakupan/<str:code>/", coverage.coverage_region, name="coverage"),
]
