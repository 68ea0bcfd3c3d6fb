"""The newcomer's website and installable app: a client of the CMS's public API, nothing more.

It imports nothing from the CMS's packages; everything it shows comes over HTTP from
`/api/v2/` (see `api.py`).
"""
