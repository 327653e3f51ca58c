"""Server-rendered SVG charts (no script, no inline style: colours come from CSS classes).

>>> svg = timeline_svg([("2020-01", "t/libya", "Libya", 2), ("2020-03", "t/syria", "Syria", 1)])
>>> svg.count("<rect class=\\"bar")  # two bars and two legend keys
4
>>> "2020-02" in svg
True
"""

from __future__ import annotations

from markupsafe import Markup, escape

PALETTE = 10


def _months(first: str, last: str, cap: int = 240) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while len(out) < cap:
        key = f"{y:04d}-{m:02d}"
        out.append(key)
        if key >= last:
            break
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def timeline_svg(rows: list[tuple[str, str, str | None, int]], *, width: int = 720, height: int = 220) -> Markup:
    """Claims per month, stacked by topic. ``rows``: (YYYY-MM, topic IRI, topic label, count)."""
    if not rows:
        return Markup("")
    months = _months(min(r[0] for r in rows), max(r[0] for r in rows))
    topics: dict[str, str] = {}
    for _, topic, label, _n in rows:
        topics.setdefault(topic, label or topic.rsplit("/", 1)[-1])
    totals = {m: 0 for m in months}
    cells: dict[tuple[str, str], int] = {}
    for month, topic, _, n in rows:
        if month in totals:
            cells[(month, topic)] = n
            totals[month] += n
    peak = max(totals.values()) or 1
    left, bottom, top = 36, 28, 10
    plot_w, plot_h = width - left - 10, height - bottom - top
    slot = plot_w / len(months)
    bar = max(1.0, slot * 0.8)
    parts = [f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height + 24 * ((len(topics) + 2) // 3)}" '
             f'role="img" aria-label="Claims per month by topic" direction="ltr">']
    parts.append(f'<line class="axis" x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}"/>')
    for frac in (0, 0.5, 1):
        y = top + plot_h - frac * plot_h
        parts.append(f'<text class="tick" x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{round(frac * peak)}</text>')
    order = list(topics)
    label_every = max(1, len(months) // 8)
    for i, month in enumerate(months):
        x = left + i * slot + (slot - bar) / 2
        y = top + plot_h
        for k, topic in enumerate(order):
            n = cells.get((month, topic), 0)
            if not n:
                continue
            h = n / peak * plot_h
            y -= h
            parts.append(f'<rect class="bar c{k % PALETTE}" x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}">'
                         f'<title>{escape(month)} · {escape(topics[topic])}: {n}</title></rect>')
        if i % label_every == 0:
            parts.append(f'<text class="tick" x="{x + bar / 2:.1f}" y="{top + plot_h + 16}" '
                         f'text-anchor="middle">{escape(month)}</text>')
    for k, topic in enumerate(order):
        lx, ly = left + (k % 3) * (plot_w / 3), height + 8 + 24 * (k // 3)
        parts.append(f'<rect class="bar c{k % PALETTE}" x="{lx:.1f}" y="{ly}" width="12" height="12"/>'
                     f'<text class="legend" x="{lx + 16:.1f}" y="{ly + 11}">{escape(topics[topic])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
