"""The template's look as plain data: its typeface and colours (``#RRGGBB``).

:mod:`gikxl.template.builder` makes openpyxl styles of them, and
:mod:`gikxl.excel.marks` puts the input and total fills back after 校验. No
openpyxl here: the marks run in Excel's fast path.
"""

from __future__ import annotations

#: The typeface of every cell.
FONT = "宋体"

#: Fill of the cells the clerk fills in.
INPUT_COLOUR = "#FFF8DC"
#: Fill of the totals (formulas).
TOTAL_COLOUR = "#F2F2F2"
#: Fill of the header and field-label cells.
HEADER_COLOUR = "#E8EEF7"
#: Reference cells (last year's figures shown beside table 二): no input, no total.
REFERENCE_COLOUR = "#EDEDED"
#: Cell borders (thin).
BORDER_COLOUR = "#808080"
#: Text of the hints beside the form sheets' input cells.
HINT_COLOUR = "#666666"
#: The live 勾稽关系 and 总计 checks: fill and text of a cell that fails.
ALERT_COLOUR = "#FFC7CE"
ALERT_TEXT_COLOUR = "#9C0006"
