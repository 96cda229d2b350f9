"""The award's rows in the Django admin, registered from the interface layer so that every
write goes through a command (see `base`)."""

from paritrana.web.admin import awards, judging  # noqa: F401  (registers the admins)
