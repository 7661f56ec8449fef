"""End to end in headless Chromium: download the example form from Tải mẫu, upload it through the
real Tải lên page (Playwright set_input_files on the file input), confirm, and see the new figures.

The figures are read on the status page (pages/status.py, per-year totals): the overview page of
the dash branch was not in main when this was written — the lead may point the last step at it."""

from auth_support import PASSWORD, PEOPLE, prepare
from e2e_support import (
    assert_no_exception,
    browser_page,
    metric,
    open_signed_in,
    screenshot,
    settle,
    streamlit_server,
    wait_for_app,
)

from etl.extract import analyse
from reference import catalog
from warehouse.db import connect

YEAR = 2024


def overview_classes(page, url: str, year: int) -> str:
    """The national number of classes of `year` on the overview page (a fresh session: a viewer)."""
    page.goto(f"{url}/?year={year}")
    settle(page)
    return metric(page, "Lớp học")


def vn(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def pick(page, label: str, option: str) -> None:
    """Choose an option of a Streamlit selectbox by its label."""
    box = page.get_by_label(label)
    box.click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_app(page)


def test_upload_confirm_and_see_new_figures(demo_db, tmp_path):
    classes = catalog.class_codes("classes")
    con = connect(demo_db, read_only=True)  # the test's store, file or PostgreSQL
    try:
        old_hn = con.execute(
            "select value from province_values where year = ? and province_code = '01' "
            "and indicator_code = 'classes.total.classes'",
            [YEAR],
        ).fetchone()[0]
        national = con.execute(
            "select sum(value) from province_values where year = ? and indicator_code = 'classes.total.classes'", [YEAR]
        ).fetchone()[0]
    finally:
        con.close()

    prepare(demo_db, {"quocgia": PEOPLE["quocgia"]})  # a national data officer signs in to upload
    with streamlit_server(demo_db) as url, browser_page(viewport=(1400, 2600)) as page:
        assert overview_classes(page, url, YEAR) == vn(national)

        # 1. the example form for the year, from the Tải mẫu page
        page.goto(f"{url}/template")
        wait_for_app(page)
        pick(page, "Năm báo cáo", str(YEAR))
        with page.expect_download() as dl:
            page.get_by_role("button", name="Tải biểu mẫu ví dụ đã điền (.xlsx)").click()
        form = tmp_path / dl.value.suggested_filename
        dl.value.save_as(form)
        assert form.name == f"bieu_mau_tuan_le_hoc_tap_suot_doi_{YEAR}_vi_du.xlsx"
        an = analyse(form.name, form.read_bytes())
        new_hn = sum(v.value for v in an.values if v.code in classes)
        assert (an.year, an.unit.name) == (YEAR, "Hà Nội") and new_hn != old_hn
        screenshot(page, "e2e-upload-1-template")

        # 2. upload it through the real page: preview, nothing written yet
        open_signed_in(page, url, "quocgia", PASSWORD, "Tải lên")
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(form))
        page.get_by_text("Sẵn sàng nạp").first.wait_for(timeout=60_000)
        wait_for_app(page)
        assert_no_exception(page)
        body = page.inner_text("body")
        assert "Hà Nội" in body and "theo tiêu đề biểu" in body and "Bieu mau" in body
        assert f"{len(catalog.typed_codes())}" in body
        screenshot(page, "e2e-upload-2-preview")

        assert overview_classes(page, url, YEAR) == vn(national)  # not loaded before confirming

        # 3. confirm
        open_signed_in(page, url, "quocgia", PASSWORD, "Tải lên")
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(form))
        page.get_by_role("button", name="Xác nhận nạp", exact=True).wait_for(timeout=60_000)
        wait_for_app(page)
        page.get_by_role("button", name="Xác nhận nạp", exact=True).click()
        page.get_by_text(f"Đã nạp '{form.name}'").wait_for(timeout=60_000)
        wait_for_app(page)
        assert_no_exception(page)
        screenshot(page, "e2e-upload-3-confirmed")

        # 4. the new figures
        assert overview_classes(page, url, YEAR) == vn(national - old_hn + new_hn)
        assert_no_exception(page)
        screenshot(page, "e2e-upload-4-overview")

        # 5. the history shows who sent what
        open_signed_in(page, url, "quocgia", PASSWORD, "Lịch sử nạp")
        assert_no_exception(page)
        log = page.locator('[data-testid="stDataFrame"]').first.locator("table td")
        log.first.wait_for(state="attached")
        assert form.name in log.all_text_contents()
        screenshot(page, "e2e-upload-5-history")
