"""End to end in headless Chromium: a data officer uploads a district table with a row the loader
cannot place, answers the question on the Tải lên page, confirms, and the file is loaded with the
answer — the province's value is the sum the officer said it is."""

from auth_support import PASSWORD, PEOPLE, prepare
from e2e_support import assert_no_exception, browser_page, open_signed_in, screenshot, streamlit_server, wait_for_app
from question_fixtures import PROVINCE, YEAR, row_question_bytes

from warehouse.db import connect


def test_answer_a_question_then_load(empty_db, tmp_path):
    prepare(empty_db, {"quocgia": PEOPLE["quocgia"]})
    form = tmp_path / "tong_hop_lao_cai.xlsx"
    form.write_bytes(row_question_bytes())
    with streamlit_server(empty_db) as url, browser_page(viewport=(1400, 2600)) as page:
        open_signed_in(page, url, "quocgia", PASSWORD, "Tải lên")
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(form))
        page.get_by_text("Câu hỏi cần trả lời (1)").wait_for(timeout=60_000)
        wait_for_app(page)
        assert_no_exception(page)
        assert page.get_by_role("button", name="Xác nhận nạp", exact=True).is_disabled()
        screenshot(page, "e2e-question-1-asked")
        page.get_by_text("Cách đọc bảng").click()  # the roles, collapsed until asked for
        page.get_by_text("dòng mờ (✗) là phần không được nạp", exact=False).wait_for(timeout=30_000)
        wait_for_app(page)
        screenshot(page, "e2e-question-1b-reading")

        page.get_by_text("Là một đơn vị trực thuộc: cộng vào tổng").click()
        wait_for_app(page)
        page.get_by_role("button", name="Ghi nhớ câu trả lời").click()
        page.get_by_text("Đã ghi nhớ câu trả lời").wait_for(timeout=60_000)
        wait_for_app(page)
        assert_no_exception(page)
        assert page.get_by_text("Câu hỏi cần trả lời").count() == 0
        screenshot(page, "e2e-question-2-answered")

        page.get_by_role("button", name="Xác nhận nạp", exact=True).click()
        page.get_by_text(f"Đã nạp '{form.name}'").wait_for(timeout=60_000)
        wait_for_app(page)
        assert_no_exception(page)
        screenshot(page, "e2e-question-3-loaded")

    con = connect(empty_db, read_only=True)  # the test's store, file or PostgreSQL
    try:
        got = con.execute(
            "select value from province_values where year = ? and province_code = ? "
            "and indicator_code = 'classes.language.classes'",
            [YEAR, PROVINCE],
        ).fetchone()
    finally:
        con.close()
    assert got == (2 + 3 + 4,)
