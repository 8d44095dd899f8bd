"""The template workbook, built from :mod:`gikxl.spec`: ``workbook/template.xlsm``.

- :mod:`~gikxl.template.layout` — where each defined name sits (anchors, A1 addresses).
- :mod:`~gikxl.template.headers` — merged header cells from label paths (also
  drawn by the report's tables).
- :mod:`~gikxl.template.styles` — the fills and fonts the template shows,
  which the Excel marks restore.
- :mod:`~gikxl.template.builder` — writes the workbook (``python -m
  gikxl.template.builder`` regenerates the committed file).
- :mod:`~gikxl.template.vba` — the VBA project and the ribbon embedded in it.

May import: :mod:`gikxl.spec` and :mod:`gikxl.errors`; openpyxl only in the builder.
"""
