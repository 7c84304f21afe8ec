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
from .solve import solve

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
