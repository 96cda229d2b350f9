from django.urls import path

from paritrana.web.views import regions
from paritrana.web.views.calculator import calculator

app_name = "web"

urlpatterns = [
    path("", regions.home, name="home"),
    path("wilayah/<str:code>/", regions.region_detail, name="region"),
    path("cari/", regions.search, name="search"),
    path("kalkulator-iuran/", calculator, name="calculator"),
]
