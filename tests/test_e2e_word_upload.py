"""End to end in headless Chromium: a data officer uploads a Word report (.docx) on the real Tải
lên page, sees its table read with the text-versus-table warning, confirms, and finds its quote on
the page "Địa phương viết gì" by a search typed without diacritics."""

from auth_support import PASSWORD, PEOPLE, prepare
from e2e_support import assert_no_exception, browser_page, open_signed_in, screenshot, streamlit_server, wait_for_app

from tests.fixtures_factory import vertical_grid
from tests.word_fixtures import MAU_BC, report_docx

QUOTE = "Đường vào bản xa, mùa mưa lũ học viên không đến lớp được."


def test_upload_a_docx_and_find_its_quote(empty_db, tmp_path):
    sections = [
        (
            h,
            [QUOTE]
            if h.startswith("2. Khó khăn")
            else ["a) Ngân sách nhà nước: 205 triệu đồng."]
            if h == "4. Kinh phí"
            else p,
        )
        for h, p in MAU_BC
    ]
    report = tmp_path / "bao_cao_quang_nam_2023.docx"
    report.write_bytes(
        report_docx([vertical_grid(title_rows=0, money_unit="triệu đồng", as_text=True)], sections=sections)
    )
    prepare(empty_db, {"quocgia": PEOPLE["quocgia"]})
    with streamlit_server(empty_db) as url, browser_page(viewport=(1400, 2600)) as page:
        open_signed_in(page, url, "quocgia", PASSWORD, "Tải lên")
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(report))
        page.get_by_role("button", name="Xác nhận nạp", exact=True).wait_for(timeout=60_000)
        wait_for_app(page)
        assert_no_exception(page)
        body = page.inner_text("body")
        assert "Quảng Nam" in body and "Bảng 2" in body
        cells = page.locator('[data-testid="stDataFrame"] table td')  # the grids' accessible tables
        cells.first.wait_for(state="attached")
        shown = cells.all_text_contents()
        assert "Văn bản ghi 205 triệu đồng (ngân sách nhà nước), bảng ghi 150 triệu đồng." in shown
        assert any(c.startswith("Bảng 2!dòng ") or c.startswith("Bảng 2, dòng ") for c in shown)
        screenshot(page, "e2e-word-1-preview")
        page.get_by_role("button", name="Xác nhận nạp", exact=True).click()
        page.get_by_text(f"Đã nạp '{report.name}'").wait_for(timeout=60_000)
        wait_for_app(page)

        page.goto(f"{url}/narratives?year=2023")
        wait_for_app(page)
        box = page.get_by_label("Tìm trong nội dung")
        box.fill("mua mua lu hoc vien")
        box.press("Enter")
        page.get_by_text(QUOTE).first.wait_for(timeout=60_000)
        wait_for_app(page)
        assert_no_exception(page)
        body = page.inner_text("body")
        assert report.name in body and "Khó khăn, tồn tại" in body and "Quảng Nam" in body
        assert "Lễ phát động được tổ chức" not in body  # the search keeps only what matches
        screenshot(page, "e2e-word-2-quote")
