"""Operations of the coverage app: imports, computations and the summaries pages read."""
