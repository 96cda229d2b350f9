from django.contrib import admin
from django.urls import include, path

from paritrana.api.app import api
from paritrana.web.views.login import AdminLoginForm, admin_login

# The admin's login says why an attempt at a locked account was refused, as /masuk/ does.
admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("admin/login/", admin_login),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("", include("paritrana.web.urls")),
]
