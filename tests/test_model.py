"""The model's tables: plain grids by row and column key, totals as the template's formulas compute them."""

from __future__ import annotations

import json

import pytest

from gikxl import spec
from gikxl.examples import demo_values
from gikxl.workbook.model import Table, report_from_names, table_from_figures

GROUP = ("review_upheld", "review_corrected", "review_other", "review_pending")


def t4_figures(**by_col: float | int) -> dict[tuple[str, str], float | int]:
    return {("count", c): v for c, v in by_col.items()}


def test_counts_are_ints_and_totals_are_summed():
    table = table_from_figures(spec.T4, t4_figures(review_upheld=2.0, review_corrected=1, review_other=0.0,
                                                   review_pending=3))
    assert [table["count", c] for c in GROUP] == [2, 1, 0, 3]
    assert all(type(table["count", c]) is int for c in GROUP)
    assert table["count", "review_total"] == 6 and type(table["count", "review_total"]) is int


def test_a_total_over_a_missing_figure_is_missing_and_a_kept_total_stays():
    figures = t4_figures(review_upheld=2, review_corrected=1, review_other=0)
    assert table_from_figures(spec.T4, figures)["count", "review_total"] is None
    typed = {**figures, ("count", "review_pending"): 3, ("count", "review_total"): 9}
    assert table_from_figures(spec.T4, typed, frozenset({("count", "review_total")}))["count", "review_total"] == 9


def test_a_fractional_count_is_kept_as_written_for_the_checks():
    """Not truncated to a whole number: CELL-NOT-INT must see 1.5."""
    table = table_from_figures(spec.T4, t4_figures(review_upheld=1.5, review_corrected=1, review_other=0,
                                                   review_pending=0))
    assert table["count", "review_upheld"] == 1.5 and table["count", "review_total"] == 2.5


def test_amounts_are_floats():
    table = table_from_figures(spec.T2_FEE, {("fee", "amount"): 2})
    assert table["fee", "amount"] == 2.0 and type(table["fee", "amount"]) is float


@pytest.mark.parametrize("figure", [float("nan")])
def test_nan_in_a_model_made_in_code_is_missing(figure):
    table = table_from_figures(spec.T2_FEE, {("fee", "amount"): figure})
    assert table["fee", "amount"] is None


def test_cells_are_addressed_by_keys_and_the_grid_is_a_copy():
    table = Table(["a", "b"], ["x"], {("a", "x"): 1})
    assert table.grid() == [[1], [None]] and list(table) == [1, None]
    table["b", "x"] = 4
    grid = table.grid()
    grid[0][0] = 99
    assert table["a", "x"] == 1 and table == Table(["a", "b"], ["x"], {("a", "x"): 1, ("b", "x"): 4})
    with pytest.raises(KeyError):
        table["c", "x"]


def test_a_report_reads_and_serialises_without_a_frame_library():
    report = report_from_names(demo_values())
    assert report.value("t3", "total", "total") == sum(report.value("t3", r, "total") for r in spec.T3_RESULT_ROWS)
    data = report.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["tables"]["t3"] == report.tables["t3"].grid()
    assert len(data["tables"]["t3"]) == len(spec.T3.rows) and len(data["tables"]["t3"][0]) == len(spec.T3.cols)
