"""The chart kit's geometry and text: scales, bars, lines, the summary and table."""

from __future__ import annotations

import itertools

import pytest
from django.template.loader import render_to_string

from podium.core.charts import (
    CHAR_WIDTH,
    HEIGHT,
    STYLES,
    WIDTH,
    Chart,
    Series,
    bar_chart,
    line_chart,
    nice_step,
    scale,
)

MONTHS = ["Aug", "Sep", "Oct"]


def _inside(chart: Chart) -> None:
    """No drawn thing has a negative size or leaves the drawing."""
    for rect in chart.rects:
        assert rect.width > 0 and rect.height > 0
        assert rect.x >= 0 and rect.y >= 0
        assert rect.x + rect.width <= WIDTH and rect.y + rect.height <= chart.plot_bottom + 0.01
    for line in chart.lines:
        for point in line.points:
            assert 0 <= point.x <= WIDTH and chart.plot_top - 0.01 <= point.y <= HEIGHT
    for tick in chart.ticks:
        assert chart.plot_top - 0.01 <= tick.y <= chart.plot_bottom + 0.01


@pytest.mark.parametrize(
    ("rough", "step"), [(0, 1), (0.3, 1), (1, 1), (1.5, 2), (3, 5), (7, 10), (12, 20), (4500, 5000)]
)
def test_steps_are_round_and_whole(rough, step):
    assert nice_step(rough) == step


def test_the_scale_covers_the_largest_value_in_at_most_five_ticks():
    assert scale(7) == [0, 2, 4, 6, 8]
    assert scale(10) == [0, 5, 10]
    assert scale(1_234_567) == [0, 500_000, 1_000_000, 1_500_000]
    assert scale(42, fixed_max=100) == [0, 25, 50, 75, 100]


def test_zero_data_draws_an_axis_and_no_bars():
    chart = bar_chart(
        chart_id="c",
        title="Requests",
        categories=MONTHS,
        series=[Series("Approved", (0, 0, 0)), Series("Rejected", (0, 0, 0))],
        stacked=True,
    )
    assert chart.rects == ()
    assert [t.label for t in chart.ticks] == ["0", "1"]
    assert chart.summary == (
        "Stacked bar chart: Requests, Aug to Oct. Nothing to show: every value is 0."
    )
    _inside(chart)


def test_no_categories_at_all_is_an_empty_chart():
    chart = bar_chart(chart_id="c", title="Requests", categories=[], series=[Series("A", ())])
    assert chart.rects == () and chart.table_rows == []
    line = line_chart(chart_id="l", title="In date", categories=[], series=[Series("A", ())])
    assert line.lines[0].points == ()


def test_one_month_fills_its_band():
    chart = bar_chart(
        chart_id="c",
        title="Requests",
        categories=["Aug"],
        full_categories=["August 2025"],
        series=[Series("Approved", (3,)), Series("Rejected", (1,))],
        stacked=True,
    )
    approved, rejected = chart.rects
    assert approved.height == pytest.approx(
        (chart.plot_bottom - chart.plot_top) * 3 / chart.axis_max
    )
    # Stacked: the rejected bar sits on the approved one, in the same column.
    assert rejected.y + rejected.height == pytest.approx(approved.y)
    assert rejected.x == approved.x
    assert chart.summary.startswith("Stacked bar chart: Requests, August 2025. In all:")
    _inside(chart)


def test_grouped_bars_stand_side_by_side_on_the_axis():
    chart = bar_chart(
        chart_id="c",
        title="Appeals",
        categories=MONTHS,
        series=[Series("Upheld", (1, 0, 2)), Series("Dismissed", (2, 0, 1))],
    )
    assert len(chart.rects) == 4
    first, second = chart.rects[0], chart.rects[1]
    assert first.x + first.width == pytest.approx(second.x)
    assert all(r.y + r.height == pytest.approx(chart.plot_bottom) for r in chart.rects)
    assert chart.axis_max == 2
    _inside(chart)


def test_large_values_fit_and_the_axis_leaves_room_for_its_labels():
    chart = bar_chart(
        chart_id="c",
        title="Requests",
        categories=MONTHS,
        series=[Series("Approved", (1_234_567, 0, 999_999))],
    )
    assert chart.ticks[-1].label == "1,500,000"
    assert chart.left >= 7 * len("1,500,000")
    _inside(chart)


def test_a_negative_value_is_refused():
    with pytest.raises(ValueError, match="negative"):
        bar_chart(chart_id="c", title="T", categories=["Aug"], series=[Series("A", (-1,))])
    with pytest.raises(ValueError, match="negative"):
        line_chart(chart_id="c", title="T", categories=["Aug"], series=[Series("A", (-0.5,))])


def test_a_series_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError, match="has 1 values for 3"):
        bar_chart(chart_id="c", title="T", categories=MONTHS, series=[Series("A", (1,))])


def test_a_line_breaks_where_there_is_no_value_and_is_labelled_at_its_end():
    chart = line_chart(
        chart_id="l",
        title="In date",
        categories=["Aug", "Sep", "Oct", "Nov"],
        series=[Series("Arts", (50, None, 75, 80)), Series("Science", (None, None, None, None))],
        unit="%",
        fixed_max=100,
    )
    arts, science = chart.lines
    assert len(arts.segments) == 2 and len(arts.points) == 3
    assert arts.label == "Arts 80%"
    assert science.points == () and science.label == "Science (none)"
    assert arts.style.marker != science.style.marker and arts.style.dash != science.style.dash
    assert chart.summary == (
        "Line chart: In date, Aug to Nov. Arts: 50% in Aug, 80% in Nov; Science: no figures. "
        "The table below gives every figure."
    )
    _inside(chart)


def test_direct_labels_of_lines_ending_together_do_not_overlap():
    chart = line_chart(
        chart_id="l",
        title="In date",
        categories=MONTHS,
        series=[Series(f"Unit {i}", (50, 50, 50)) for i in range(4)],
        fixed_max=100,
    )
    ys = sorted(line.label_y for line in chart.lines)
    assert all(b - a >= 15 for a, b in itertools.pairwise(ys))


def test_every_series_has_its_own_pattern_and_marker():
    assert len({s.pattern for s in STYLES}) == len(STYLES)
    assert len({s.marker for s in STYLES}) == len(STYLES)


def test_the_table_has_every_figure_and_the_totals():
    chart = bar_chart(
        chart_id="c",
        title="Requests",
        categories=MONTHS,
        series=[Series("Approved", (1, 0, 2_000)), Series("Rejected", (0, 1, 0))],
        stacked=True,
    )
    assert chart.table_rows == [
        ("Aug", ["1", "0"], "1"),
        ("Sep", ["0", "1"], "1"),
        ("Oct", ["2,000", "0"], "2,000"),
    ]
    assert chart.totals == ["2,001", "1"] and chart.grand_total == "2,002"


def test_the_template_names_the_image_and_gives_the_table():
    chart = bar_chart(
        chart_id="req",
        title="Requests",
        categories=MONTHS,
        series=[Series("Approved", (1, 0, 2)), Series("Rejected", (0, 1, 0))],
        stacked=True,
    )
    html = render_to_string("core/charts/chart.html", {"chart": chart})
    assert 'role="img" aria-labelledby="req-title req-summary"' in html
    assert '<pattern id="req-p1"' in html and 'fill="url(#req-p1)"' in html
    assert "<caption" in html and '<th scope="row">Oct</th>' in html
    assert "<script" not in html


def test_a_long_direct_label_is_shortened_to_fit_the_drawing():
    chart = line_chart(
        chart_id="l",
        title="In date",
        categories=MONTHS,
        series=[Series("Faculty of Science, Engineering and the Built Environment", (1, 2, 3))],
    )
    (line,) = chart.lines
    assert line.label == "Faculty of Science,… 3"
    assert line.label_x + CHAR_WIDTH * len(line.label) <= WIDTH


def test_a_single_figure_is_summarised_once():
    chart = line_chart(
        chart_id="l", title="Notice", categories=["Aug"], series=[Series("Given", (20,))]
    )
    assert chart.summary == (
        "Line chart: Notice, Aug. Given: 20 in Aug. The table below gives every figure."
    )


def test_lines_are_coloured_by_attribute_not_inline_style():
    # The content security policy refuses inline styles; presentation attributes are allowed.
    chart = line_chart(chart_id="l", title="T", categories=MONTHS, series=[Series("A", (1, 2, 3))])
    html = render_to_string("core/charts/chart.html", {"chart": chart})
    assert "style=" not in html and f'stroke="{STYLES[0].colour}"' in html


def test_the_key_wraps_to_fit_the_drawing_and_the_bars_start_below_it():
    names = ["Approved", "With conditions", "Rejected", "Withdrawn or cancelled", "Lapsed", "Open"]
    chart = bar_chart(
        chart_id="c",
        title="Requests",
        categories=MONTHS,
        series=[Series(name, (1, 2, 3)) for name in names],
        stacked=True,
    )
    assert all(e.text_x + CHAR_WIDTH * len(e.name) <= WIDTH for e in chart.key)
    assert chart.key[-1].y > chart.key[0].y
    assert chart.plot_top > chart.key[-1].y + 14
    _inside(chart)
