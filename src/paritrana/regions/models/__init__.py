from paritrana.regions.models.region import Level, Region, Zone

__all__ = ["Level", "Region", "Zone"]
