"""Render the demo report's first page and table 三's page to docs/report-page1.png
and docs/report-table3.png (Word → PDF with LibreOffice, then pdftoppm).

Usage: python scripts/render_report_pictures.py   (needs soffice, pdftoppm, pdftotext)

The report names the fonts Chinese offices have (仿宋_GB2312, 黑体, 楷体_GB2312,
方正小标宋简体, 宋体). Where they are missing, LibreOffice would draw everything in
one sans-serif face; this script gives its private LibreOffice profile a font
replacement table (serif for 仿宋/宋体/小标宋, sans for 黑体, a Kai face for 楷体
when one is installed, e.g. Debian's fonts-arphic-gkai00mp) so the picture shows
the document's typographic structure. The .docx itself is not changed.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gikxl import spec
from gikxl.examples import demo_values
from gikxl.report import docx as word
from gikxl.report import render
from gikxl.workbook.model import report_from_names

RESOLUTION = 110


def installed(family: str) -> bool:
    got = subprocess.run(["fc-list", f":family={family}", "family"], check=False, capture_output=True, text=True)
    return bool(got.stdout.strip())


def replacements() -> dict[str, str]:
    serif = next((f for f in ("Noto Serif CJK SC", "Source Han Serif SC", "AR PL UMing CN") if installed(f)), "serif")
    sans = next((f for f in ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Zen Hei") if installed(f)), "sans")
    kai = next((f for f in ("AR PL KaitiM GB", "AR PL UKai CN") if installed(f)), serif)
    return {word.BODY_FONT: serif, word.TITLE_FONT: serif, word.TABLE_FONT: serif, word.PAGE_FONT: serif,
            word.HEADING1_FONT: sans, word.HEADING2_FONT: kai}


def write_profile(folder: Path) -> None:
    pairs = "".join(
        f'<item oor:path="/org.openoffice.Office.Common/Font/Substitution/FontPairs">'
        f'<node oor:name="_{i}" oor:op="replace">'
        f'<prop oor:name="Always" oor:op="fuse"><value>true</value></prop>'
        f'<prop oor:name="OnScreenOnly" oor:op="fuse"><value>false</value></prop>'
        f'<prop oor:name="ReplaceFont" oor:op="fuse"><value>{escape(name)}</value></prop>'
        f'<prop oor:name="SubstituteFont" oor:op="fuse"><value>{escape(sub)}</value></prop></node></item>'
        for i, (name, sub) in enumerate(replacements().items())
    )
    user = folder / "user"
    user.mkdir(parents=True)
    (user / "registrymodifications.xcu").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<item oor:path="/org.openoffice.Office.Common/Font/Substitution">'
        '<prop oor:name="Replacement" oor:op="fuse"><value>true</value></prop></item>'
        f"{pairs}</oor:items>\n", encoding="utf-8")


def page_with(pdf: Path, text: str) -> int:
    page = 1
    while True:
        got = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-"],
                             check=False, capture_output=True, text=True)
        if got.returncode != 0:
            raise SystemExit(f"{text} not found in {pdf.name}")
        if text in "".join(got.stdout.split()):
            return page
        page += 1


def main() -> None:
    report = report_from_names(demo_values())
    docs = ROOT / "docs"
    docs.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        src = tmp / "report.docx"
        src.write_bytes(render(report, "docx"))
        write_profile(tmp / "profile")
        subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", str(tmp), str(src)], check=True, capture_output=True)
        pdf = tmp / "report.pdf"
        for name, page in (("report-page1", 1), ("report-table3", page_with(pdf, spec.TABLE3.title))):
            subprocess.run(["pdftoppm", "-r", str(RESOLUTION), "-png", "-singlefile", "-f", str(page),
                            "-l", str(page), str(pdf), str(docs / name)], check=True)
            print((docs / f"{name}.png").relative_to(ROOT))


if __name__ == "__main__":
    main()
