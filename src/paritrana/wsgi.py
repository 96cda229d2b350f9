import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paritrana.settings")
application = get_wsgi_application()

# Django imports the URL configuration, and with it every view module (WeasyPrint, openpyxl, the
# API's schemas), on the first request: 1.5 s that the first visitor after each (re)start of a
# server process waited for. Done here, it is part of starting the process.
len(get_resolver().url_patterns)
