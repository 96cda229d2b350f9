"""The JSON API (django-ninja): one error envelope, OpenAPI at /api/v1/docs."""
