"""审核: a folder of unit reports checked at once, for the county office.

- :mod:`~gikxl.audit.discover` — which files are unit reports, unit names, the list of expected units.
- :mod:`~gikxl.audit.pool` — worker processes with a time and memory bound per file.
- :mod:`~gikxl.audit.worker` — what a worker does with one file (read, pair with last year, check).
- :mod:`~gikxl.audit.indicators` — each unit's 公开率, 纠错率 and the like, and the thresholds that mark it.
- :mod:`~gikxl.audit.summary` — rows, statuses, counts and the official tables summed.
- :mod:`~gikxl.audit.xlsx` — ``年报审核汇总.xlsx``.
- :mod:`~gikxl.audit.dashboard` — ``年报审核汇总.html`` with inline SVG charts.
- :mod:`~gikxl.audit.poster` — the county's 一图读懂 of the summed tables (``--picture``), and its title.
- :mod:`~gikxl.audit.run` — the whole audit, timed: ``run_audit(...)``.

May import: every earlier stage (spec, workbook, published, checks, report for
the official table layout); never Excel or the command line.
"""
