"""End to end in headless Chromium: the drop zone of the Tải lên page speaks the reader's language.
Streamlit writes "Upload" and "50MB per file" there itself; what a person sees must be Vietnamese
and state the loader's own limit (LLW_MAX_UPLOAD_MB), not the server's ceiling."""

from auth_support import PASSWORD, PEOPLE, prepare
from e2e_support import assert_no_exception, browser_page, open_signed_in, screenshot, streamlit_server

# What the drop zone shows: rendered text (not icons, whose ligature names are text in the DOM)
# plus the generated content of every element, which is how a translated word is drawn.
SEEN = """zone => {
  const out = [];
  for (const el of [zone, ...zone.querySelectorAll('*')]) {
    if (el.closest('[data-testid="stIconMaterial"]')) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || el.closest('[style*="display: none"]')) continue;
    for (const node of el.childNodes) {
      if (node.nodeType === 3 && node.textContent.trim() && el.offsetParent !== null) out.push(node.textContent.trim());
    }
    for (const pseudo of ['::before', '::after']) {
      const c = getComputedStyle(el, pseudo).content;
      if (c && c !== 'none' && c !== 'normal' && el.offsetParent !== null) out.push(JSON.parse(c));
    }
  }
  return out;
}"""


def test_drop_zone_is_vietnamese_with_the_loaders_limit(empty_db):
    prepare(empty_db, {"quocgia": PEOPLE["quocgia"]})
    with streamlit_server(empty_db, env={"LLW_MAX_UPLOAD_MB": "7"}) as url, browser_page() as page:
        open_signed_in(page, url, "quocgia", PASSWORD, "Tải lên")
        zone = page.locator('[data-testid="stFileUploaderDropzone"]').first
        zone.wait_for(timeout=30_000)
        assert_no_exception(page)
        seen = zone.evaluate(SEEN)
        screenshot(page, "e2e-uploader-words")
        assert "Chọn tệp" in seen and "Tối đa 7 MB mỗi tệp" in seen, seen
        assert not any(w in " ".join(seen) for w in ("Upload", "per file", "50MB")), seen
