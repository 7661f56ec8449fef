"""Every page of the app, registered here and only here, in menu order: its file in pages/, the
text key of its title, its icon and the action (ui.auth / auth.roles) a person needs to open it.
A new page is its file plus one line here plus its title in data/i18n/.

    PageEntry("overview", "dash.nav.overview", ":material/dashboard:", default=True)"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PAGES_DIR = Path(__file__).resolve().parent.parent / "pages"


@dataclass(frozen=True)
class PageEntry:
    name: str  # pages/<name>.py, and the page's URL path
    title: str  # text key (reference.i18n)
    icon: str
    action: str = "view"  # what the signed-in role must be allowed to do (auth.roles.decide)
    default: bool = False  # the start page (when the role may open it)

    @property
    def path(self) -> Path:
        return PAGES_DIR / f"{self.name}.py"


PAGES: tuple[PageEntry, ...] = (
    PageEntry("overview", "dash.nav.overview", ":material/dashboard:", default=True),
    PageEntry("map", "dash.nav.map", ":material/map:"),
    PageEntry("classes", "dash.nav.classes", ":material/school:"),
    PageEntry("funding", "dash.nav.funding", ":material/payments:"),
    PageEntry("trend", "dash.nav.trend", ":material/trending_up:"),
    PageEntry("status", "dash.nav.status", ":material/fact_check:"),
    PageEntry("table", "dash.nav.table", ":material/table:"),
    PageEntry("narratives", "narr.nav", ":material/format_quote:"),
    PageEntry("deck", "export.page.title", ":material/slideshow:", "export"),
    # data officers (issue 5): upload, history; everyone: the report form
    PageEntry("upload", "upload.nav.upload", ":material/upload_file:", "upload"),
    PageEntry("history", "upload.nav.history", ":material/history:", "upload"),
    PageEntry("template", "upload.nav.template", ":material/description:"),
    PageEntry("admin_users", "auth.nav.admin_users", ":material/group:", "manage_users"),
    PageEntry("admin_mappings", "auth.nav.admin_mappings", ":material/link:", "manage_mappings"),
    PageEntry("admin_audit", "auth.nav.admin_audit", ":material/receipt_long:", "read_audit"),
)
# The account page (sign in / sign out), last in the menu, always open; its title says which.
LOGIN = PageEntry("login", "auth.nav.sign_in", ":material/login:", action="")
