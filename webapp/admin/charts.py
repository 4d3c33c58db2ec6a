"""Charts drawn on the server as SVG: no chart library in the browser. Each has a table alternative on the page.

The drawings are narrow (a phone's width) and scale up: their text stays readable on a 320 px screen.
"""

import math

from markupsafe import Markup, escape

#: Roughly how wide one character of axis text is, in the drawing's units (CJK characters are wider).
CHAR_WIDTH = 7


def _open(title: str, width: int, height: int) -> list[str]:
    return [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]


def _text_width(text: str) -> int:
    return sum(2 * CHAR_WIDTH if ord(c) > 0x2E7F else CHAR_WIDTH for c in text)


def bars(
    title: str,
    labels: list[str],
    series: list[tuple[str, list[float], str]],
    *,
    width: int = 360,
    height: int = 200,
    peak: float | None = None,
) -> Markup:
    """Grouped vertical bars. series: (name, values, css class). With two series or more, a legend names them.
    `peak` fixes the top of the scale (100 for percentages); otherwise it is the largest value. Labels that would
    overlap are thinned out (every n-th is shown; the table has them all)."""
    legend = len(series) > 1
    peak = peak or max([v for _name, values, _cls in series for v in values] + [1])
    ticks = [(tick, f"{int(peak * tick):,}") for tick in (0, 0.5, 1)]
    top, bottom, left = (28 if legend else 10), 24, max(24, _text_width(ticks[-1][1]) + 8)
    plot_h, plot_w = height - top - bottom, width - left - 8
    group_w = plot_w / max(len(labels), 1)
    bar_w = max(group_w / (len(series) + 1), 1)
    widest = max([_text_width(label) for label in labels] + [1])
    step = max(1, math.ceil((widest + 4) / group_w))
    parts = _open(title, width, height)
    if legend:
        x = left
        for name, _values, css in series:
            parts.append(f'<rect class="{css}" x="{x}" y="4" width="10" height="10"/>')
            parts.append(f'<text class="chart__axis" x="{x + 14}" y="13">{escape(name)}</text>')
            x += 14 + _text_width(name) + 16
    for tick, text in ticks:
        y = top + plot_h * (1 - tick)
        parts.append(f'<line class="chart__grid" x1="{left}" x2="{width - 8}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(f'<text class="chart__axis" x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{text}</text>')
    for i, label in enumerate(labels):
        x0 = left + i * group_w + bar_w / 2
        for j, (name, values, css) in enumerate(series):
            value = values[i]
            h = plot_h * min(value, peak) / peak
            parts.append(
                f'<rect class="{css}" x="{x0 + j * bar_w:.1f}" y="{top + plot_h - h:.1f}" '
                f'width="{bar_w * 0.9:.1f}" height="{h:.1f}"><title>{escape(name)} {escape(label)}: '
                f"{value:g}</title></rect>"
            )
        if i % step == 0:
            parts.append(
                f'<text class="chart__axis" x="{left + i * group_w + group_w / 2:.1f}" y="{height - bottom + 14}" '
                f'text-anchor="middle">{escape(label)}</text>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def hbars(title: str, labels: list[str], values: list[float], css: str, *, peak: float, unit: str = "") -> Markup:
    """One horizontal bar per label, its name on the left and its value on the right: names stay readable however
    many there are."""
    row, width = 20, 360
    name_w = min(max([_text_width(label) for label in labels] + [1]) + 6, 140)
    value_w = 40
    plot_w = width - name_w - value_w
    height = row * max(len(labels), 1) + 4
    parts = _open(title, width, height)
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 2 + i * row
        w = plot_w * min(value, peak) / peak if peak else 0
        parts.append(
            f'<text class="chart__axis" x="{name_w - 6}" y="{y + 14}" text-anchor="end">{escape(label)}</text>'
            f'<rect class="{css}" x="{name_w}" y="{y + 3}" width="{w:.1f}" height="{row - 6}">'
            f"<title>{escape(label)}: {value:g}{escape(unit)}</title></rect>"
            f'<text class="chart__axis" x="{name_w + w + 4:.1f}" y="{y + 14}">{value:g}{escape(unit)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
