"""The conference scheduler: plain dataclasses in and out, no Django (docs/scheduling.md)."""

from .model import (
    Instance,
    InstanceError,
    Meeting,
    Result,
    Unscheduled,
    Weights,
    instance_from_json,
    result_to_json,
)


def solve(instance, **options):
    """`solve.solve`, imported on first use: OR-Tools and SciPy load only when a schedule is
    computed, not in every web process that reads the package's dataclasses."""
    from .solve import solve as _solve

    return _solve(instance, **options)


__all__ = [
    "Instance",
    "InstanceError",
    "Meeting",
    "Result",
    "Unscheduled",
    "Weights",
    "instance_from_json",
    "result_to_json",
    "solve",
]
