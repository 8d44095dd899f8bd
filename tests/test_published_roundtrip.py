"""Round trip: a workbook's report written by ``gikxl report`` (docx, html, md; pdf through LibreOffice),
then ``gikxl import``-ed: every table cell, the org, year and date come back identical, each prose
paragraph in its section."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest

from gikxl import spec
from gikxl.__main__ import main
from gikxl.published import import_report
from gikxl.workbook import read_report
from lo import convert, needs_soffice


def quiet(demo: dict[str, Any]) -> dict[str, Any]:
    """A town with no requests at all, a signer of its own, a fee in 万元 with decimals and no optional text."""
    v = copy.deepcopy(demo)
    v.update(gik_org="青山县清溪镇人民政府", gik_level="乡镇（街道）", gik_signer="青山县清溪镇人民政府党政办公室",
             gik_intro=None, gik_s6_other=None, gik_info_fee=0)
    v["gik_t3"] = [[0] * 7 for _ in spec.T3.rows]
    v["gik_t4"] = [[0] * 15]
    v["gik_t2_fee"] = [[3.75]]
    return v


def busy(demo: dict[str, Any]) -> dict[str, Any]:
    """A department with four-digit figures, a fee charged and every applicant column used."""
    v = copy.deepcopy(demo)
    v.update(gik_org="青山县市场监督管理局", gik_level="县级部门", gik_info_fee=120)
    v["gik_t2_permit"] = [[18430]]
    v["gik_t3"] = [[(i * 7 + j) % 5 + (1000 if i == 0 else 0) for j in range(7)] for i in range(len(spec.T3.rows))]
    v["gik_t4"] = [[(j * 3) % 4 for j in range(15)]]
    return v


VARIANTS = {"demo": lambda d: d, "quiet": quiet, "busy": busy}


def flat(text: str) -> str:
    return re.sub(r"\s", "", text)


def assert_same(workbook: Path, published: Path) -> None:
    original = read_report(workbook)
    imported = import_report(published)
    got = imported.report
    assert [m.to_json() for m in imported.missing] == []
    for key in ("org", "year", "date"):
        assert got.fields[key] == original.fields[key], key
    for key, block in spec.BLOCKS.items():
        for r in block.rows:
            for c in block.cols:
                assert got.value(key, r.key, c.key) == original.value(key, r.key, c.key), (key, r.key, c.key)
    for key, f in spec.FIELDS.items():
        if f.kind != "prose":
            continue
        for paragraph in original.prose(key).splitlines():
            if paragraph.strip():
                assert flat(paragraph) in flat(got.prose(key)), (key, paragraph[:30])
    assert got.fields["info_fee"] == original.fields["info_fee"]


def written(make_workbook, demo, variant: str, suffix: str, tmp_path: Path) -> tuple[Path, Path]:
    workbook = make_workbook(VARIANTS[variant](demo), f"{variant}.xlsm")
    out = tmp_path / f"{variant}{suffix}"
    assert main(["report", str(workbook), "-o", str(out), "--force"]) == 0
    return workbook, out


@pytest.mark.parametrize("suffix", [".docx", ".html", ".md"])
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_report_then_import_gives_back_the_workbook(make_workbook, demo, tmp_path, variant, suffix):
    workbook, out = written(make_workbook, demo, variant, suffix, tmp_path)
    assert_same(workbook, out)


@pytest.mark.libreoffice
@needs_soffice
@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_report_printed_to_pdf_by_libreoffice_then_import(make_workbook, demo, tmp_path, variant):
    workbook, docx = written(make_workbook, demo, variant, ".docx", tmp_path)
    assert_same(workbook, convert(docx, "pdf", tmp_path))


def test_import_to_a_workbook_then_report_again(make_workbook, demo, tmp_path):
    """import -o writes a workbook the reader takes back value for value."""
    workbook, docx = written(make_workbook, demo, "demo", ".docx", tmp_path)
    again = tmp_path / "again.xlsm"
    assert main(["import", str(docx), "-o", str(again)]) == 0
    original, back = read_report(workbook), read_report(again)
    assert back.to_dict()["tables"] == original.to_dict()["tables"]
    for key in ("org", "level", "year", "date"):
        assert back.fields[key] == original.fields[key], key
