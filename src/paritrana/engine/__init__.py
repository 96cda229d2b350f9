"""The coverage engine: ingest -> validated columnar store -> metrics, on DuckDB. No Django.

Everything here works on plain files and a `RegionIndex`, so a notebook, a batch job or another
engine can use it without the web application.
"""
