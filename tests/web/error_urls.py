"""The site's routes and error handlers plus one page that fails, for the 500 page's tests."""

from django.urls import path

from paritrana.urls import handler400, handler403, handler404, handler500
from paritrana.urls import urlpatterns as site


def broken_page(request):
    raise RuntimeError("a fault of ours, for the test")


urlpatterns = [path("rusak/", broken_page), *site]

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]
