"""Who may do what: the roles, the API tokens and every object permission, written once.

The permissions are `rules` predicates registered in `paritrana.access.rules`; the web pages,
the API, the CLI and the exports all ask `user.has_perm(<name>, obj)` or `access.check.require`.
"""
