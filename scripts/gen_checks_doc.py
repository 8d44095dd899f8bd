"""Write docs/checks.md from the rule catalogue (``--check``: only say whether it is up to date).

Usage: python scripts/gen_checks_doc.py [--check]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gikxl.checks.catalogue import DOC_PATH, catalogue_markdown


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the file is stale, write nothing")
    args = ap.parse_args()
    path = ROOT / DOC_PATH
    text = catalogue_markdown()
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if args.check:
        if current != text:
            print(f"{DOC_PATH} is stale: run python scripts/gen_checks_doc.py", file=sys.stderr)
            return 1
        return 0
    if current != text:
        path.write_bytes(text.encode("utf-8"))
        print(f"wrote {DOC_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
