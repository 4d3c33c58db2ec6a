"""Charts drawn on the server as SVG: no chart library in the browser. Each has a table alternative on the page."""

from markupsafe import Markup, escape


def bars(
    title: str, labels: list[str], series: list[tuple[str, list[float], str]], *, width: int = 640, height: int = 220
) -> Markup:
    """Grouped vertical bars. series: (name, values, css class). The SVG scales to its container."""
    top, bottom, left = 10, 40, 36
    plot_h, plot_w = height - top - bottom, width - left - 8
    peak = max([v for _name, values, _cls in series for v in values] + [1])
    group_w = plot_w / max(len(labels), 1)
    bar_w = max(group_w / (len(series) + 1), 1)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for tick in (0, 0.5, 1):
        y = top + plot_h * (1 - tick)
        parts.append(f'<line class="chart__grid" x1="{left}" x2="{width - 8}" y1="{y:.1f}" y2="{y:.1f}"/>')
        parts.append(
            f'<text class="chart__axis" x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{int(peak * tick)}</text>'
        )
    for i, label in enumerate(labels):
        x0 = left + i * group_w + bar_w / 2
        for j, (name, values, css) in enumerate(series):
            value = values[i]
            h = plot_h * value / peak
            parts.append(
                f'<rect class="{css}" x="{x0 + j * bar_w:.1f}" y="{top + plot_h - h:.1f}" '
                f'width="{bar_w * 0.9:.1f}" height="{h:.1f}"><title>{escape(name)} {escape(label)}: '
                f"{value:g}</title></rect>"
            )
        parts.append(
            f'<text class="chart__axis" x="{left + i * group_w + group_w / 2:.1f}" y="{height - bottom + 14}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))
