"""Demo data of identity resolution: the demo registers a few persons twice (another script, a
variant spelling, a placeholder birth date), so one deduplication run fills the review queue
with real pairs to decide. Written through the service, like a `korak identity dedupe` run."""

import sys
from typing import TYPE_CHECKING

from korak.identity.linkage import registry

if TYPE_CHECKING:
    from korak.demo.build import Staff


def build(*, staff: "Staff", seed: int, quiet: bool) -> None:
    # The seed drew the persons already; scoring them is deterministic.
    del staff, seed
    run = registry.dedupe_registry(actor="demo")
    if not quiet:
        print(f"identity: {run.persons} persons deduplicated, {run.queued} pairs in the review queue", file=sys.stderr)
