"""The Excel side: what the ribbon's buttons run, and how findings show in a workbook.

- :mod:`gikxl.excel.buttons` — the entry points ``validate()``,
  ``generate_report()`` and ``show_help()``, which xlwings' ``RunPython``
  calls from the template's VBA (``import gikxl.excel; gikxl.excel.validate()``).
- :mod:`gikxl.excel.marks` — as plain data: which cells to colour, the
  校验结果 sheet, and the hidden sheet that remembers the marks.

The VBA project and the ribbon XML are part of the template file and live
with its builder, in :mod:`gikxl.template.vba`.

May import: :mod:`gikxl.spec`, the template, workbook, checks and report
stages, and the shared :mod:`gikxl.errors` and :mod:`gikxl.files`. Never the
command line. xlwings itself is imported only when a button runs.
"""

from __future__ import annotations

from gikxl.excel.buttons import FALLBACK_FOLDER, generate_report, help_text, output_folder, show_help, validate
from gikxl.excel.previous import import_previous

__all__ = ["FALLBACK_FOLDER", "generate_report", "help_text", "import_previous", "output_folder", "show_help",
           "validate"]
