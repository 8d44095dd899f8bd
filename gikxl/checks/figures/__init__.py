"""Figures that prose states about the tables, read by a small grammar.

A sentence such as “全年共收到政府信息公开申请41件（含上年结转3件）” restates two
quantities of table 3. :func:`claims` finds such figures, as :class:`Claim` records
(the quantity, the figure, its decimals and the words that state it), so that the check
``PROSE-FIGURE-MISMATCH`` and the report's ``restated`` logic compare them with the
tables by one :func:`verdict` (:data:`QUANTITIES` says which cells each quantity sums).

The package holds the grammar by its parts:

* :mod:`.numbers` — numbers (Arabic, full-width, Chinese numerals) and the folds
  (full-width forms, traditional characters) that make one grammar read every text;
* :mod:`.words` — the parts: subjects, verbs, counters, frames, disqualifiers, denials,
  with the format's own words from :mod:`gikxl.spec`;
* :mod:`.sentence` — one folded sentence and what conditions ask about it by position;
* :mod:`.conditions` — the named conditions that rule out look-alikes, and the tests
  every figure passes (exact, of this report);
* :mod:`.patterns` — the productions: the orders in which sentences combine the parts;
* :mod:`.reading` — every production over every sentence, and the overlap rule;
* :mod:`.quantities` and :mod:`.verdict` — what a claim is about, and whether the table agrees.
"""

from gikxl.checks.figures.conditions import FIGURE_TESTS, Says
from gikxl.checks.figures.numbers import figure_of, fold
from gikxl.checks.figures.patterns import PATTERNS, Pattern
from gikxl.checks.figures.quantities import QUANTITIES, T3_APPLICANTS, T3_OUTCOMES, Claim, Quantity, Share
from gikxl.checks.figures.reading import Candidate, candidates, claims, sentences, taken
from gikxl.checks.figures.verdict import same_share, verdict

__all__ = [
    "FIGURE_TESTS", "PATTERNS", "QUANTITIES", "T3_APPLICANTS", "T3_OUTCOMES", "Candidate", "Claim", "Pattern",
    "Quantity", "Says", "Share", "candidates", "claims", "figure_of", "fold", "same_share", "sentences", "taken",
    "verdict",
]
