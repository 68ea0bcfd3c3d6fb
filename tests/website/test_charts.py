"""The SVG charts (`website.charts`): bars in proportion to their values, every text
escaped, an accessible name."""

import re

from website import charts


def bar_lengths(svg, attribute):
    return [float(v) for v in re.findall(rf'<rect [^>]*{attribute}="([\d.]+)"', svg)]


def test_bars_are_in_proportion_and_texts_are_escaped():
    svg = str(
        charts.grouped_bars(
            "c1",
            "Moves <in>",
            "A & B",
            ["2015", "<2016>"],
            [("In", [100, 50]), ("Out & away", [25, 0])],
            str,
        )
    )
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-labelledby="c1-t c1-d"' in svg
    assert '<title id="c1-t">Moves &lt;in&gt;</title>' in svg
    assert "&lt;2016&gt;" in svg and "Out &amp; away" in svg and "<2016>" not in svg
    legend, bars = bar_lengths(svg, "height")[:2], bar_lengths(svg, "height")[2:]
    assert legend == [12, 12]
    assert bars == [230, 57.5, 115, 0]  # 100 fills the plot; 25 a quarter, 50 half

    wide = str(charts.horizontal_bars("c2", "t", "d", ["A"], [("x", [10]), ("y", [5])], str))
    assert bar_lengths(wide, "width")[2:] == [290, 145]

    stacked = str(
        charts.stacked_bars("c3", "t", "d", ["2015"], ["a", "b"], [(100, [25, 50])], "rest", str)
    )
    assert bar_lengths(stacked, "width")[3:] == [97.5, 195, 97.5]  # a, b and the rest
