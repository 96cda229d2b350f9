"""Operations on award cycles: templates, copying, stages, eligibility, the audit trail."""
