"""Render the demo workbook's table 3 sheet to docs/img/demo-table3.png with LibreOffice.

Usage: python scripts/render_workbook_picture.py   (needs soffice and pdftoppm)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gikxl import spec
from gikxl.examples import demo_values
from gikxl.template.builder import build_workbook
from gikxl.workbook.model import report_from_names


def main() -> None:
    values = demo_values()
    values["gik_date"] = report_from_names(values).date
    out = ROOT / "docs" / "img" / "demo-table3.png"
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        book = tmp / "demo.xlsm"
        book.write_bytes(build_workbook(values))
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless",
             "--convert-to", "pdf", "--outdir", str(tmp), str(book)],
            check=True, capture_output=True,
        )
        pdf = tmp / "demo.pdf"
        page = _page_with(pdf, spec.TABLE3.title)
        subprocess.run(["pdftoppm", "-r", "110", "-png", "-singlefile", "-f", str(page), "-l", str(page),
                        str(pdf), str(out.with_suffix(""))], check=True)
    print(out.relative_to(ROOT))


def _page_with(pdf: Path, text: str) -> int:
    page = 1
    while True:
        got = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                             capture_output=True, text=True)
        if got.returncode != 0:
            raise SystemExit(f"{text} not found in {pdf.name}")
        if text in got.stdout:
            return page
        page += 1


if __name__ == "__main__":
    main()
