"""The bulletin as a PDF, rendered on the server by LibreOffice (Debian's
libreoffice-writer-nogui), the one place the server turns a .docx into pages.

The document names the official faces (仿宋_GB2312, 方正小标宋简体…); data/fonts.conf
points fontconfig at the installed free faces that stand in for them, so the PDF has
Chinese glyphs where the server has no official font. Every conversion gets its own
LibreOffice profile: two conversions sharing one (the default, in $HOME) make the
second wait on the first's lock or fail outright."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

# Under data/, which pyproject.toml ships in the package (package-data "data/*").
FONTS_CONF = Path(__file__).resolve().parent / "data" / "fonts.conf"
SOFFICE = "soffice"
# A cold start with a fresh profile takes a few seconds; a hung conversion never ends.
TIMEOUT_SECONDS = 120


class RenderError(RuntimeError):
    """The PDF could not be made; the message is for users, in Chinese."""


def soffice_path() -> str | None:
    return shutil.which(SOFFICE)


def font_environment() -> dict[str, str]:
    """The environment of a subprocess that lays out Chinese text with the official names."""
    return {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}


def pdf_from_docx(path: Path, outdir: Path, *, timeout: float = TIMEOUT_SECONDS) -> Path:
    """`path` converted to outdir/<same name>.pdf; the PDF's path."""
    soffice = soffice_path()
    if soffice is None:
        raise RenderError("服务器未安装LibreOffice（libreoffice-writer-nogui），无法生成PDF")
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="diaodu-soffice-") as profile:
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            str(path),
        ]
        # A session of its own, so a timeout ends soffice.bin too, not only the
        # oosplash wrapper that started it.
        process = subprocess.Popen(
            command,
            env=font_environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            _, errors = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise RenderError(f"LibreOffice转换超过{timeout:.0f}秒未完成，已终止") from None
    pdf = outdir / f"{path.stem}.pdf"
    if process.returncode != 0 or not pdf.is_file():
        detail = errors.decode(errors="replace").strip()
        raise RenderError(f"LibreOffice未能把{path.name}转换为PDF：{detail or process.returncode}")
    return pdf
