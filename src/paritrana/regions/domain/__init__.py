"""Operations on the Kemendagri hierarchy: code parsing, loading, lookup and search."""

from paritrana.regions.domain.codes import InvalidRegionCode, normalize_code
from paritrana.regions.domain.loading import LoadReport, load_kemendagri
from paritrana.regions.domain.queries import (
    RegionNotFound,
    children_with_counts,
    descendant_counts,
    get_region,
    parent_chain,
    search_regions,
)

__all__ = [
    "InvalidRegionCode",
    "LoadReport",
    "RegionNotFound",
    "children_with_counts",
    "descendant_counts",
    "get_region",
    "load_kemendagri",
    "normalize_code",
    "parent_chain",
    "search_regions",
]
