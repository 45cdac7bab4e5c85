"""Charts drawn by the server as inline SVG: no script, nothing from other sites. I/O-free."""

from __future__ import annotations

from html import escape

WIDTH, HEIGHT, PAD = 640, 200, 28
BAR = "#2b6cb0"


def _frame(title: str, body: str, height: int = HEIGHT) -> str:
    return (f'<svg class="chart" role="img" aria-label="{escape(title)}" viewBox="0 0 {WIDTH} {height}" '
            f'width="{WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
            f'<title>{escape(title)}</title>{body}</svg>')


def columns(title: str, values: list[tuple[str, float]]) -> str:
    """Vertical bars, one per (label, value), labels under the first and last."""
    top = max((value for _, value in values), default=0) or 1
    step = (WIDTH - 2 * PAD) / max(len(values), 1)
    parts = []
    for n, (label, value) in enumerate(values):
        height = (HEIGHT - 2 * PAD) * value / top
        parts.append(f'<rect x="{PAD + n * step:.1f}" y="{HEIGHT - PAD - height:.1f}" '
                     f'width="{max(step - 1, 1):.1f}" height="{height:.1f}" fill="{BAR}">'
                     f'<title>{escape(label)}: {value:g}</title></rect>')
    if values:
        parts.append(f'<text x="{PAD}" y="{HEIGHT - 8}" font-size="11">{escape(values[0][0])}</text>')
        parts.append(f'<text x="{WIDTH - PAD}" y="{HEIGHT - 8}" font-size="11" text-anchor="end">'
                     f'{escape(values[-1][0])}</text>')
    parts.append(f'<text x="{PAD}" y="16" font-size="11">max {top:g}</text>')
    return _frame(title, "".join(parts))


def curve(title: str, points: list[tuple[str, float]]) -> str:
    """A line through (label, share 0..1) points spread across the width."""
    step = (WIDTH - 2 * PAD) / max(len(points) - 1, 1)
    xy = [(PAD + n * step, HEIGHT - PAD - (HEIGHT - 2 * PAD) * share)
          for n, (_, share) in enumerate(points)]
    line = " ".join(f"{x:.1f},{y:.1f}" for x, y in xy)
    parts = [f'<polyline points="{line}" fill="none" stroke="{BAR}" stroke-width="3"/>']
    for (x, y), (label, share) in zip(xy, points, strict=True):
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{BAR}"/>'
                     f'<text x="{x:.1f}" y="{HEIGHT - 8}" font-size="11" text-anchor="middle">'
                     f'{escape(label)}</text><text x="{x:.1f}" y="{y - 8:.1f}" font-size="11" '
                     f'text-anchor="middle">{share:.0%}</text>')
    return _frame(title, "".join(parts))


def rows(title: str, values: list[tuple[str, float]]) -> str:
    """Horizontal bars, one line per (label, value)."""
    line = 22
    height = PAD + line * max(len(values), 1)
    top = max((value for _, value in values), default=0) or 1
    parts = []
    for n, (label, value) in enumerate(values):
        y = PAD / 2 + n * line
        width = (WIDTH / 2 - PAD) * value / top
        parts.append(f'<text x="{WIDTH / 2 - 8}" y="{y + 14}" font-size="12" text-anchor="end">'
                     f'{escape(label[:60])}</text><rect x="{WIDTH / 2}" y="{y}" width="{width:.1f}" '
                     f'height="{line - 6}" fill="{BAR}"/><text x="{WIDTH / 2 + width + 4:.1f}" '
                     f'y="{y + 14}" font-size="12">{value:g}</text>')
    return _frame(title, "".join(parts), height)
