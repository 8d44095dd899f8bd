"""``gikxl serve``: 校验, 生成报告 and 审核 over HTTP on this PC, for a browser page and the WPS add-in.

Where Excel is not — WPS 表格 without VBA, a Mac, Linux — a clerk gets the
same two buttons through a local web service:

- :mod:`~gikxl.serve.checking` — a file to its findings, the one path ``gikxl check`` takes too;
- :mod:`~gikxl.serve.limits` — what one request may bring, from the readers' own bounds;
- :mod:`~gikxl.serve.uploads` — multipart bodies streamed into the request's own folder, within them;
- :mod:`~gikxl.serve.unzip` — a zip of unit reports unpacked with those bounds and no way out of its folder;
- :mod:`~gikxl.serve.guard` — who may call: loopback, ``Host``, ``Origin``, the token;
- :mod:`~gikxl.serve.book` — the add-in's route: the ``gik_*`` names' values in, what to do in the workbook out;
- :mod:`~gikxl.serve.app` — the Starlette application; ``page/`` — the offline page.

Importing this package is cheap; Starlette, uvicorn and python-multipart load only in
:mod:`~gikxl.serve.app` and :mod:`~gikxl.serve.uploads`, which ``gikxl serve`` alone imports.

May import: every stage before it (spec … audit) and :mod:`gikxl.excel.marks` (the cell marks
the Excel buttons make); never :mod:`gikxl.cli`.
"""
