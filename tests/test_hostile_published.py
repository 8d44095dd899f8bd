"""Broken and hostile published sources: each ends ``gikxl import`` with exit 2, a clear Chinese
message naming the file, in bounded time and memory (``tests/hostile.py``); a page under a wrong
charset is read exactly or refused, never imported as mojibake."""

from __future__ import annotations

import json

import pytest

from gikxl import spec
from hostile import assert_clean_failure, run_bounded
from published_corpus import HOSTILE, MISLABELLED, encrypted_pdf, scanned_pdf

# Hostile sources --------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "maker"), HOSTILE, ids=[n for n, _ in HOSTILE])
def test_hostile_source_exit_2_with_a_clear_message(tmp_path, name, maker):
    path, _what = maker(tmp_path)
    run = run_bounded(["import", str(path)], name=f"import {name}", tmp=tmp_path)
    assert_clean_failure(run)
    assert path.name in run.err


@pytest.mark.parametrize(("name", "maker", "expected"), MISLABELLED, ids=[n for n, _, _ in MISLABELLED])
def test_a_page_under_a_wrong_charset_is_read_exactly_or_refused(tmp_path, name, maker, expected):
    path, _what = maker(tmp_path)
    run = run_bounded(["import", str(path), "--json"], name=f"import {name}", tmp=tmp_path)
    if run.code == 2:
        assert_clean_failure(run)
        return
    want = json.loads(expected.read_text(encoding="utf-8"))
    got = json.loads(run.out)
    assert got["fields"]["org"] == want["fields"]["org"]
    for name_, rows in want["tables"].items():
        assert got["tables"][spec.BLOCKS_BY_NAME[name_].key] == rows


def test_a_scanned_pdf_says_it_has_no_text(tmp_path):
    run = run_bounded(["import", str(scanned_pdf(tmp_path)[0])], tmp=tmp_path)
    assert_clean_failure(run)
    assert "没有文字层" in run.err
    run = run_bounded(["check", str(encrypted_pdf(tmp_path)[0])], tmp=tmp_path)
    assert_clean_failure(run)
    assert "加密" in run.err


def test_a_page_nested_deeper_than_the_parser_reads_is_refused_not_read_in_part(tmp_path):
    from published_corpus import html_deep_nesting

    run = run_bounded(["import", str(html_deep_nesting(tmp_path)[0])], tmp=tmp_path)
    assert_clean_failure(run)
    assert "嵌套过深" in run.err


def test_markup_heavy_page_is_read_markup_is_not_text(tmp_path):
    """A real page saved from Word carries megabytes of inline styles: only its text counts against the bounds."""
    from published_corpus import UTF8_PAGE

    html = UTF8_PAGE.read_text(encoding="utf-8")
    padding = '<span style="font-family:仿宋_GB2312;mso-bidi-font-size:16.0pt;line-height:150%"></span>' * 40_000
    path = tmp_path / "word-saved.html"
    path.write_text(html.replace("<body>", "<body>" + padding, 1), encoding="utf-8")
    assert path.stat().st_size > 3_000_000
    run = run_bounded(["import", str(path), "--json"], tmp=tmp_path)
    assert run.code == 0, run.err
    want = json.loads(UTF8_PAGE.with_name(UTF8_PAGE.name + ".expected.json").read_text(encoding="utf-8"))
    assert json.loads(run.out)["tables"]["t3"] == want["tables"]["gik_t3"]
