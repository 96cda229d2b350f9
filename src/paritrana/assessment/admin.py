"""Panels, judging rules, conflicts and the rest of judging are registered in the admin by
`paritrana.web.admin_judging`, in the interface layer, so that every write goes through a
command."""
