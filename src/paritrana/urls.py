from django.contrib import admin
from django.urls import include, path

from paritrana.api.app import api
from paritrana.web.views.errors import favicon
from paritrana.web.views.login import AdminLoginForm, admin_login

# The admin's login says why an attempt at a locked account was refused, as /masuk/ does.
admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("admin/login/", admin_login),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    # Browsers ask for /favicon.ico by themselves, whatever the page's <link rel="icon"> says.
    path("favicon.ico", favicon),
    path("", include("paritrana.web.urls")),
]

# The site's own error pages, in the visitor's language (JSON under /api/).
handler400 = "paritrana.web.views.errors.bad_request"
handler403 = "paritrana.web.views.errors.permission_denied"
handler404 = "paritrana.web.views.errors.page_not_found"
handler500 = "paritrana.web.views.errors.server_error"
