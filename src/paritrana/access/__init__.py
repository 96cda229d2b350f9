"""Who may do what: the roles, the API tokens and every object permission, written once.

The permissions are `rules` predicates registered in `paritrana.access.rules`; everything asks
them through `paritrana.access.policy` (`allowed`, `require`, and the `visible_*` lists).
"""
