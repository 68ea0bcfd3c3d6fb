"""Bar charts as SVG markup, drawn on the server (no JavaScript): pure functions from labels
and numbers to an `<svg role="img">` whose accessible name is its `<title>`. Every text is
escaped; `number` formats a value in the page's language. The page shows the same numbers
in a table beside each chart, so a chart need not carry every detail."""

from markupsafe import Markup, escape

#: the bars' colours, in order: the site's teal and rust, then a violet; all above 3:1 on
#: white (WCAG's contrast for graphics)
COLOURS = ("#0b5e6b", "#b3401f", "#5b3f8c", "#8a6d00")
REST = "#c9d3d8"
INK = "#1b1f23"
FONT = 15


def _svg(chart_id, width, height, title, description, body):
    # every text in `body` went through `_text`'s escape; the rest is numbers we wrote
    chart_id = escape(chart_id)
    return Markup(  # noqa: S704
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" aria-labelledby="{chart_id}-t {chart_id}-d" '
        f'font-size="{FONT}" font-family="inherit">'
        f'<title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(description)}</desc>'
        f"{''.join(body)}</svg>"
    )


def _text(x, y, content, anchor="start", fill=INK, weight=None):
    bold = f' font-weight="{weight}"' if weight else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}"{bold}>'
        f"{escape(content)}</text>"
    )


def _rect(x, y, width, height, fill):
    width, height = max(width, 0), max(height, 0)
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" fill="{fill}"/>'
    )


def legend(names, width, colours=COLOURS):
    """Swatches and names, in as many rows as `width` needs; returns (markup list, height
    below which the plot starts)."""
    parts, left, y = [], 10, 6
    for n, name in enumerate(names):
        item = 17 + 0.6 * FONT * len(str(name)) + 20
        if left > 10 and left + item > width:
            left, y = 10, y + 20
        parts.append(_rect(left, y, 12, 12, colours[n % len(colours)]))
        parts.append(_text(left + 17, y + 11, name))
        left += item
    return parts, y + 28


def scale(value, largest, length):
    """`value`'s share of `length`, the largest value filling it."""
    return 0 if largest <= 0 else max(value, 0) / largest * length


def grouped_bars(chart_id, title, description, categories, series, number, width=480):
    """Vertical bars, one group per category (a year), one bar per series
    (`[(name, [value per category])]`), each with its value above it."""
    parts, top = legend([name for name, _values in series], width)
    top += 16  # room for the tallest bar's value
    plot, bottom = 230, 28
    height = top + plot + bottom
    largest = max((v for _name, values in series for v in values), default=0)
    group = (width - 20) / max(len(categories), 1)
    bar = min(56, (group - 24) / max(len(series), 1))
    for i, category in enumerate(categories):
        left = 10 + i * group + (group - bar * len(series)) / 2
        for s, (_name, values) in enumerate(series):
            h = scale(values[i], largest, plot)
            x = left + s * bar
            parts.append(_rect(x + 2, top + plot - h, bar - 4, h, COLOURS[s % len(COLOURS)]))
            parts.append(_text(x + bar / 2, top + plot - h - 5, number(values[i]), "middle"))
        parts.append(_text(10 + i * group + group / 2, height - 8, category, "middle"))
    parts.append(
        f'<line x1="10" x2="{width - 10}" y1="{top + plot}" y2="{top + plot}" stroke="{INK}"/>'
    )
    return _svg(chart_id, width, height, title, description, parts)


def horizontal_bars(chart_id, title, description, categories, series, number, width=480):
    """One horizontal bar per category and series (areas: moves in and out), labelled at
    the left, each with its value after it."""
    label_width, row, gap = 120, 20, 12
    parts, top = legend([name for name, _values in series], width)
    height = top + len(categories) * (row * len(series) + gap) + 4
    largest = max((v for _name, values in series for v in values), default=0)
    room = width - label_width - 70
    y = top
    for i, category in enumerate(categories):
        parts.append(_text(label_width - 8, y + row * len(series) / 2 + 5, category, "end"))
        for s, (_name, values) in enumerate(series):
            length = scale(values[i], largest, room)
            parts.append(_rect(label_width, y + 1, length, row - 2, COLOURS[s % len(COLOURS)]))
            parts.append(_text(label_width + length + 5, y + row - 5, number(values[i])))
            y += row
        y += gap
    parts.append(
        f'<line x1="{label_width}" x2="{label_width}" y1="{top - 4}" y2="{y - gap + 2}" '
        f'stroke="{INK}"/>'
    )
    return _svg(chart_id, width, height, title, description, parts)


def stacked_bars(
    chart_id, title, description, categories, parts_names, rows, rest, number, width=480
):
    """One horizontal bar per category (a cohort), its whole the category's total, cut into
    parts (`rows[i]`: one value per part name) and what is left of the total (`rest`
    names it, drawn pale)."""
    label_width, bar, gap = 70, 26, 16
    totals = [max(total, sum(values)) for total, values in rows]
    largest = max(totals, default=0)
    room = width - label_width - 20
    names = [*parts_names, rest]
    colours = (*COLOURS[: len(parts_names)], REST)
    parts, top = legend(names, width, colours)
    height = top + len(categories) * (bar + gap) + 4
    y = top
    for i, category in enumerate(categories):
        total, values = rows[i]
        parts.append(_text(label_width - 8, y + bar / 2 + 5, category, "end"))
        x = label_width
        for n, value in enumerate([*values, total - sum(values)]):
            length = scale(value, largest, room)
            parts.append(_rect(x, y, length, bar, colours[n]))
            if length > 50 and value:
                fill = INK if n == len(values) else "#ffffff"
                parts.append(_text(x + length / 2, y + bar / 2 + 5, number(value), "middle", fill))
            x += length
        y += bar + gap
    return _svg(chart_id, width, height, title, description, parts)
