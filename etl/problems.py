"""Problems found in a submission are data, not exceptions: a code tests assert on, a severity,
a position (file, sheet, cell), a plain-Vietnamese message and a hint on what to do."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Problem:
    code: str  # stable identifier, e.g. "value.negative"
    severity: str  # "error" blocks the load, "question" blocks it until answered, "warning" is shown
    message: str  # Vietnamese, for people
    hint: str = ""  # what to do about it
    file: str = ""
    sheet: str = ""
    cell: str = ""  # A1 address or range
    # a question's answers: (key, value, Vietnamese text); the chosen (key, value) is remembered in
    # label_synonyms and every later analysis reads the file that way (`--answer KEY=VALUE`)
    options: tuple[tuple[str, str, str], ...] = ()

    @property
    def is_error(self) -> bool:
        """Whether the problem keeps the file from loading (an error, or a question not yet answered)."""
        return self.severity in ("error", "question")

    @property
    def is_question(self) -> bool:
        return self.severity == "question"

    @property
    def where(self) -> str:
        return position(self.sheet, self.cell)  # a CSV has no sheet, its cells still have addresses

    def render(self) -> str:
        label = {"error": "LỖI", "question": "CẦN TRẢ LỜI"}.get(self.severity, "Cảnh báo")
        where = f" [{self.where}]" if self.where else ""
        hint = f" → {self.hint}" if self.hint else ""
        answers = "".join(f"\n        --answer '{k}={v}': {text}" for k, v, text in self.options)
        return f"{label}{where}: {self.message}{hint}{answers}"

    def as_dict(self) -> dict:
        return asdict(self)


def position(sheet: str, cell: str) -> str:
    """'Tong hop!D14'; a Word table's cell reads 'Bảng 2, dòng 5, cột 3'."""
    if sheet and cell:
        return f"{sheet}, {cell}" if cell.startswith("dòng ") else f"{sheet}!{cell}"
    return sheet or cell  # a CSV has no sheet, its cells still have addresses


@lru_cache(maxsize=1024)
def col_letter(c: int) -> str:
    s = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        s = chr(65 + rem) + s
    return s


def a1(r: int, c: int) -> str:
    """0-based row/column to an A1 address."""
    return f"{col_letter(c)}{r + 1}"
