"""校验: every rule the annual report must satisfy, and the findings they produce.

- :mod:`~gikxl.checks.findings` — :class:`Severity`, :class:`Finding` (one
  problem at one place) and :class:`Report` (all findings, ordered, summed up).
- :mod:`~gikxl.checks.rule` — :class:`Rule`: one object per code, holding its
  documentation, its message templates and the function that detects it.
- :mod:`~gikxl.checks.context` — what a rule's detector is given, and where
  cells are.
- :mod:`~gikxl.checks.rules` — the rules, one module per area.
- :mod:`~gikxl.checks.schemas` — the pandera schemas of the tables.
- :mod:`~gikxl.checks.figures` — figures that prose states, read by a small grammar of parts.
- :mod:`~gikxl.checks.engine` — ``run_checks(report, previous) -> Report``.
- :mod:`~gikxl.checks.catalogue` — ``gikxl checks`` and ``docs/checks.md``.

May import: :mod:`gikxl.spec`, :mod:`gikxl.template.layout` (to name cells)
and :mod:`gikxl.workbook.model`; never the report, Excel or command line.
"""
