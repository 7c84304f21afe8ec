"""Charts as server-side SVG (matplotlib, Agg): one drawing for the page and the PDF. Each chart
is a picture with a text label; the page always has the same numbers as a table beside it."""

from __future__ import annotations

import base64
import functools
import io
from datetime import date
from decimal import Decimal

import matplotlib
from django.utils.html import format_html

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402  (after choosing the backend)

matplotlib.rcParams["svg.hashsalt"] = "tandem"  # stable element ids: same data, same SVG
matplotlib.rcParams["font.family"] = "DejaVu Sans"
LINE = "#1f5f99"
TARGET = "#a15c00"


def line_chart(
    points: list[tuple[date, Decimal]],
    *,
    label: str,
    y_label: str = "",
    target: Decimal | None = None,
    target_label: str = "",
) -> str:
    """An SVG line chart of (date, value) points, as markup to put in a page."""
    figure = Figure(figsize=(6.4, 2.8), dpi=100)
    axes = figure.add_subplot()
    xs = [p[0] for p in points]
    ys = [float(p[1]) for p in points]
    axes.plot(xs, ys, marker="o", color=LINE, linewidth=2)
    for x, y in zip(xs, ys, strict=True):
        axes.annotate(
            f"{y:g}", (x, y), textcoords="offset points", xytext=(0, 7), ha="center", fontsize=8
        )
    if target is not None:
        axes.axhline(float(target), color=TARGET, linestyle="--", linewidth=1.5)
        axes.annotate(
            target_label,
            (xs[0] if xs else 0, float(target)),
            textcoords="offset points",
            xytext=(2, 4),
            fontsize=8,
            color=TARGET,
        )
    axes.set_ylabel(y_label, fontsize=9)
    axes.tick_params(labelsize=8)
    axes.grid(alpha=0.3)
    axes.spines[["top", "right"]].set_visible(False)
    figure.autofmt_xdate()
    return _image(figure, label)


def _image(figure, label: str) -> str:
    """The figure as an SVG picture for a page (a data-URL <img> whose alt text is `label`)."""
    figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    # An image, not inline markup: matplotlib styles with style="" attributes and a <style>
    # element, which the pages' Content-Security-Policy refuses inline; inside an image they
    # are the image's own. A picture with a name for screen readers (alt); the table beside it
    # has the numbers.
    data = base64.b64encode(svg.encode()).decode("ascii")
    return format_html(
        '<img class="chart-image" src="data:image/svg+xml;base64,{}" alt="{}">', data, label
    )


def bar_chart(
    categories: list[str],
    series: list[tuple[str, list[float | None]]],
    *,
    label: str,
    x_label: str = "",
    target: float | None = None,
    target_label: str = "",
    limit: float = 100,
    value_format: str = "%.0f",
) -> str:
    """Horizontal bars: for each category, one bar per series (None draws no bar), with an
    optional vertical target line; as markup to put in a page. Each bar is labelled with its
    value in `value_format` (whole percentages by default; plan quality's average levels
    show one decimal). The same numbers and words draw the same picture, so the last ones
    drawn are kept (drawing takes a few hundred ms)."""
    return _bar_chart(
        tuple(str(c) for c in categories),
        tuple((str(name), tuple(values)) for name, values in series),
        str(label),
        str(x_label),
        None if target is None else float(target),
        str(target_label),
        float(limit),
        value_format,
    )


@functools.lru_cache(maxsize=128)
def _bar_chart(
    categories, series, label, x_label, target, target_label, limit, value_format
) -> str:
    rows = max(len(categories), 1)
    height = 0.9 + rows * (0.22 * len(series) + 0.15)
    figure = Figure(figsize=(6.4, min(max(height, 2.0), 40.0)), dpi=100)
    axes = figure.add_subplot()
    step = 0.8 / max(len(series), 1)
    colours = [LINE, "#6b9ac4", "#9aa5b1", "#3d7f5e", "#7a4f9a"]
    for number, (name, values) in enumerate(series):
        positions = [i + number * step for i in range(len(categories))]
        shown = [(p, v) for p, v in zip(positions, values, strict=True) if v is not None]
        bars = axes.barh(
            [p for p, _v in shown],
            [v for _p, v in shown],
            height=step * 0.9,
            color=colours[number % len(colours)],
            label=name,
        )
        axes.bar_label(bars, fmt=value_format, fontsize=7, padding=2)
    axes.set_yticks([i + step * (len(series) - 1) / 2 for i in range(len(categories))])
    axes.set_yticklabels(categories, fontsize=8)
    axes.invert_yaxis()
    axes.set_xlim(0, limit * 1.08)
    if target is not None:
        axes.axvline(float(target), color=TARGET, linestyle="--", linewidth=1.5, gid="target")
        axes.annotate(
            target_label,
            (float(target), 0),
            xycoords=("data", "axes fraction"),
            textcoords="offset points",
            xytext=(-2, 2),
            ha="right",
            fontsize=8,
            color=TARGET,
        )
    axes.set_xlabel(x_label, fontsize=9)
    axes.tick_params(labelsize=8)
    axes.grid(axis="x", alpha=0.3)
    axes.spines[["top", "right"]].set_visible(False)
    if len(series) > 1:
        axes.legend(fontsize=7, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=2, frameon=False)
    return _image(figure, label)
