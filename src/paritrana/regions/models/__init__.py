from paritrana.regions.models.boundary import RegionBoundary
from paritrana.regions.models.region import Level, Region, Zone

__all__ = ["Level", "Region", "RegionBoundary", "Zone"]
