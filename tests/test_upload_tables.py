"""The pure table builders of the upload and history pages."""

import json

import pandas as pd

from etl.problems import Problem
from etl.review import ReviewRow
from reference.i18n import use_language
from ui.upload_tables import history_frame, messages_frame, problems_frame, review_frame


def test_problems_errors_first_with_cell_and_hint():
    df = problems_frame(
        [
            Problem(
                "rule.learners_below_classes",
                {"unit": "Hà Nội", "indicator": "x", "learners": 1, "classes": 2},
                "f.xlsx",
                "Tong hop",
                "D14",
            ),
            Problem("value.negative", {"label": "Số lớp", "raw": "-5"}, "f.xlsx", "Tong hop", "E9"),
            Problem("file.macro", {"kind": ".xlsm"}, "f.xlsm"),
        ]
    )
    assert list(df["Mức"]) == ["Lỗi", "Lỗi", "Cảnh báo"]
    assert list(df["Vị trí"]) == ["Tong hop!E9", "", "Tong hop!D14"]
    assert list(df["Nội dung"])[0] == "Giá trị của 'Số lớp' là số âm (-5)."
    assert list(df["Cách sửa"])[0] == "Số liệu thống kê không được âm; sửa lại ô này."
    with use_language("en"):
        assert problems_frame([]).columns.tolist() == ["Severity", "Where", "Message", "How to fix"]


def test_stored_problems_render_in_the_readers_language_and_old_rows_as_written():
    stored = json.dumps(
        [
            Problem("value.negative", {"label": "Số lớp", "raw": "-5"}, "f.xlsx", "Tong hop", "E9").as_dict(),
            # a row written before the registry: a finished sentence, shown as it was written
            {"code": "value.negative", "severity": "error", "message": "câu cũ", "hint": "gợi ý cũ", "sheet": "S"},
        ]
    )
    assert "message" not in json.loads(stored)[0]  # the warehouse keeps code + parameters only
    with use_language("en"):
        en = messages_frame(stored)
    assert list(en["Message"]) == ["The value of 'Số lớp' is negative (-5).", "câu cũ"]
    assert list(en["How to fix"]) == ["Statistics cannot be negative; fix this cell.", "gợi ý cũ"]
    assert list(messages_frame(stored)["Nội dung"])[0] == "Giá trị của 'Số lớp' là số âm (-5)."


def test_review_shows_change_from_to_in_vietnamese_numbers():
    rows = [
        ReviewRow(
            "49",
            "Quảng Nam",
            "funding.state_budget",
            "Kinh phí từ ngân sách nhà nước",
            "đồng",
            175_000_000,
            150_000_000,
            "changed",
            "Bieu 1",
            "D40",
            "175.000",
            "Ngân sách nhà nước",
        ),
        ReviewRow(
            "49",
            "Quảng Nam",
            "ceremony.events",
            "Lễ khai mạc",
            "lễ",
            18,
            None,
            "new",
            "Bieu 1",
            "D12",
            "18",
            "Lễ khai mạc",
            derived=True,
        ),
        ReviewRow("49", "Quảng Nam", "outreach.banners", "Băng rôn", "cái", None, 1234, "kept"),
    ]
    df = review_frame(rows)
    assert list(df["So sánh"]) == ["150.000.000 → 175.000.000", "mới", "giữ nguyên"]
    assert list(df["Giá trị trong tệp"]) == ["175.000.000", "18", ""]
    assert list(df["Ô"]) == ["Bieu 1!D40", "Bieu 1!D12", ""]
    assert df["Nhãn trong tệp"][1].endswith("(tổng các đơn vị trực thuộc)")


def test_history_frame_translates_status_and_counts_messages():
    msgs = json.dumps(
        [
            {"severity": "error", "message": "a"},
            {"severity": "warning", "message": "b"},
            {"severity": "warning", "message": "c"},
        ]
    )
    df = pd.DataFrame(
        {
            "id": [2, 1],
            "submitted_at": pd.to_datetime(["2024-10-30 08:05", "2024-10-29 17:00"]),
            "submitted_by": ["a", "b"],
            "file_name": ["x.xlsx", "y.xlsx"],
            "year": [2023, None],
            "unit_name": ["Quảng Nam", None],
            "status": ["accepted", "rejected"],
            "kind": ["revert", "file"],
            "reverts_to": [1, None],
            "n_values": [18, 0],
            "messages": ["[]", msgs],
            "file_hash": ["ab" * 32, "cd" * 32],
        }
    )
    out = history_frame(df)
    assert list(out["Trạng thái"]) == ["đã nhận (quay lại #1)", "bị từ chối"]
    assert list(out["Thời gian"]) == ["30/10/2024 08:05", "29/10/2024 17:00"]
    assert list(out["Lỗi / cảnh báo"]) == ["", "1 lỗi, 2 cảnh báo"]
    assert list(out["Năm"]) == ["2023", ""]
    assert len(messages_frame(msgs)) == 3
