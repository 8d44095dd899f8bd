"""LibreOffice headless as an independent test client (see shared NOTES)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


needs_soffice = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")


def convert(src: Path, fmt: str, outdir: Path, timeout: int = 180) -> Path:
    """Convert ``src`` with a private profile; returns the output path or fails the test."""
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.run(
            [soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--convert-to", fmt, "--outdir", str(outdir), str(src)],
            capture_output=True, text=True, timeout=timeout,
        )
    out = outdir / (src.stem + "." + fmt.split(":")[0])
    assert proc.returncode == 0 and out.exists(), f"LibreOffice failed: {proc.stdout} {proc.stderr}"
    return out
