"""Folder loads (issue 17): a notes file or a readme beside the reports is listed as skipped, not
loaded and rejected as a submission; a text report (.txt with a table) is still loaded."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from fixtures_factory import csv_bytes, vertical_grid, xlsx_bytes

from etl.__main__ import cli
from etl.folder import has_table
from warehouse.db import connect

NOTES = "Ghi chú: Sở gửi lại bản sửa ngày 12/10/2024, thay bản gửi trước.\nNgười lập: Nguyễn Văn A, phòng GDTX.\n"
README = "ĐỌC TRƯỚC\n\nThư mục này gồm báo cáo Tuần lễ của tỉnh, các huyện và các xã.\n"


def folder(tmp_path: Path) -> Path:
    d = tmp_path / "gui_ve"
    (d / "2022").mkdir(parents=True)
    (d / "2023_QuangNam.xlsx").write_bytes(xlsx_bytes(vertical_grid(year=2023)))
    (d / "2022" / "2022_QuangNam.txt").write_bytes(csv_bytes(vertical_grid(year=2022), delimiter="\t"))
    (d / "ghi_chu.txt").write_text(NOTES, encoding="utf-8")
    (d / "2022" / "README.txt").write_text(README, encoding="utf-8")
    return d


def test_folder_load_lists_files_with_no_table_as_skipped(tmp_path, monkeypatch):
    monkeypatch.delenv("LLW_DB", raising=False)
    db = tmp_path / "wh.duckdb"
    res = CliRunner().invoke(cli, ["load", str(folder(tmp_path)), "--db", str(db)])
    assert res.exit_code == 0, res.output
    skipped = sorted(line.split()[2].rstrip(":") for line in res.output.splitlines() if line.startswith("BỎ QUA"))
    assert skipped == ["2022/README.txt", "ghi_chu.txt"]
    assert res.output.count("ĐÃ NẠP") == 2 and "TỪ CHỐI" not in res.output
    con = connect(db, read_only=True)
    try:
        rows = con.execute("select file_name, status from submission_log order by file_name").fetchall()
    finally:
        con.close()
    assert rows == [("2022_QuangNam.txt", "accepted"), ("2023_QuangNam.xlsx", "accepted")]


def test_a_named_notes_file_is_still_analysed_and_rejected(tmp_path, monkeypatch):
    monkeypatch.delenv("LLW_DB", raising=False)
    notes = folder(tmp_path) / "ghi_chu.txt"
    res = CliRunner().invoke(cli, ["load", str(notes), "--db", str(tmp_path / "wh.duckdb")])
    assert res.exit_code == 1 and "TỪ CHỐI" in res.output


def test_has_table():
    assert not has_table("ghi_chu.txt", NOTES.encode())
    assert not has_table("doc_truoc.txt", README.encode())
    assert not has_table("trong.csv", b"")
    assert has_table("bao_cao.csv", "Chỉ tiêu;Số lượng\nSố lớp;1.234\n".encode())
    assert has_table("bao_cao.txt", csv_bytes(vertical_grid(), delimiter="\t"))
    assert has_table("bao_cao.xlsx", b"not even a zip")  # spreadsheets: the loader says what is wrong
