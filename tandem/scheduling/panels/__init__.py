"""Panel assignment for exhibitions: plain dataclasses in and out, no Django
(docs/scheduling.md, "Panel assignment")."""

from .model import (
    Panel,
    PanelInstance,
    PanelResult,
    Presentation,
    Rater,
    Uncovered,
    panel_instance_from_json,
    panel_result_to_json,
)


def assign(instance, **options):
    """`solve.assign`, imported on first use: OR-Tools loads only when panels are assigned,
    not in every web process that reads the package's dataclasses."""
    from .solve import assign as _assign

    return _assign(instance, **options)


__all__ = [
    "Panel",
    "PanelInstance",
    "PanelResult",
    "Presentation",
    "Rater",
    "Uncovered",
    "assign",
    "panel_instance_from_json",
    "panel_result_to_json",
]
