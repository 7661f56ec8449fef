"""The deck through LibreOffice (Debian's libreoffice-impress): it converts to PDF without error,
the chart labels come out with Vietnamese dots, and a PNG of every slide goes to tests/artifacts/
to be looked at (Vietnamese text, the Hoàng Sa and Trường Sa labels). Skips without soffice,
except in CI (LLW_REQUIRE_BROWSER=1), where it must run."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from export_samples import every_kind

from exports.deck import build_deck

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def require_tools() -> tuple[str, str]:
    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if soffice and pdftoppm:
        return soffice, pdftoppm
    msg = (
        "Không có LibreOffice (soffice) hoặc pdftoppm: bỏ qua kiểm thử hiển thị bộ slide. "
        "Cài bằng scripts/install_system_deps.sh"
    )
    if os.environ.get("LLW_REQUIRE_BROWSER") == "1":
        pytest.fail(msg)
    pytest.skip(msg)


def render_deck(pptx: Path, name: str, tmp: Path) -> tuple[Path, list[Path]]:
    """pptx -> PDF (private LibreOffice profile, so parallel runs don't clash) -> one PNG per
    slide in tests/artifacts/<name>-<n>.png."""
    soffice, pdftoppm = require_tools()
    profile = tmp / "lo-profile"
    proc = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp),
            str(pptx),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    pdf = tmp / (pptx.stem + ".pdf")
    assert proc.returncode == 0 and pdf.exists(), f"LibreOffice: {proc.stdout}\n{proc.stderr}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run([pdftoppm, "-png", "-r", "110", str(pdf), str(ARTIFACTS / name)], check=True, timeout=120)
    return pdf, sorted(ARTIFACTS.glob(f"{name}-*.png"))


def pdf_text(pdf: Path) -> str:
    exe = shutil.which("pdftotext")
    if not exe:
        pytest.skip("pdftotext (poppler-utils) không có")
    return subprocess.run([exe, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_sample_deck_converts_to_pdf_and_every_slide_to_png(tmp_path):
    require_tools()
    specs = every_kind(demo=True)
    pptx = tmp_path / "bo-slide-mau.pptx"
    pptx.write_bytes(
        build_deck(
            specs,
            title="Báo cáo nhanh Tuần lễ hưởng ứng học tập suốt đời",
            year=2024,
            filters_text="63 tỉnh, cả nước",
            demo=True,
            date=dt.date(2025, 11, 27),
        )
    )
    pdf, pngs = render_deck(pptx, "deck-samples", tmp_path)
    assert len(pngs) == 1 + len(specs)
    assert all(p.stat().st_size > 10_000 for p in pngs)
    text = pdf_text(pdf)
    for expected in (
        "Ngày 27 tháng 11 năm 2025",
        "Số lớp học theo loại năm 2024",
        "Năm 2024 cả nước mở 1.271.043 lớp",
        "DỮ LIỆU MẪU",
        "1.234.567",  # a data label: literal dots, whatever LibreOffice's locale
        "2.100",
    ):  # 2,1 tỷ đồng as triệu đồng on the money chart
        assert expected in text, expected
    assert "1,234,567" not in text
