"""Reference data: the Kemendagri hierarchy, official boundaries and synthetic coverage data."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from paritrana.commands.registry import command
from paritrana.engine.metrics import Progress
from paritrana.engine.synth import SynthSummary
from paritrana.regions.domain.boundaries import BoundaryLoadReport
from paritrana.regions.domain.loading import LoadReport


@command(
    "regions.load",
    label=_("Load the Kemendagri regions"),
    perm="access.manage_reference",
    atomic=False,
)  # the loader commits in steps of its own and is idempotent
def load_regions(actor: Any, *, progress: Progress | None = None) -> LoadReport:
    from paritrana.regions.domain import load_kemendagri

    return load_kemendagri(progress=progress)


@command(
    "regions.load_boundaries", label=_("Load region boundaries"), perm="access.manage_reference"
)
def load_boundaries(
    actor: Any, *, content: bytes, file_name: str, code_property: str | None = None
) -> BoundaryLoadReport:
    """Check and load a GeoJSON boundary file whole (one problem loads nothing)."""
    from paritrana.regions.domain.boundaries import load_boundaries as load

    return load(content=content, file_name=file_name, code_property=code_property, user=actor)


@command("data.synth", label=_("Load synthetic data"), perm="access.import_data", atomic=False)
def load_synthetic(
    actor: Any,
    *,
    participants: int,
    year: int,
    seed: int,
    progress: Progress | None = None,
    published_scale: bool = False,
) -> SynthSummary:
    """Generate and load a synthetic year (demo and benchmarks; labelled synthetic).
    `published_scale`: the records are a sample, the counts at the published national scale."""
    from paritrana.coverage.domain.synthetic import load_synthetic as load

    summary, _imports = load(
        participants=participants,
        year=year,
        seed=seed,
        progress=progress,
        published_scale=published_scale,
    )
    return summary
