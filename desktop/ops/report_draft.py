"""生成年度报告文字稿 as use cases: the dialog's defaults, the draft's text, the .docx written.

The report draft dialog (desktop/ui/report_draft_dialog.py) only collects the year, the unit and the
script and shows what these return. `draft` counts the year (the statistics engine: ~0.3 s at a
million applications), so the window runs it on its worker (desktop.ui.ops), as it does `write`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop.domain import report_formats as rf
from desktop.domain.chinese import to_traditional
from desktop.reports import report_draft as rd
from desktop.store import settings
from desktop.store.annual_figures import unit_name
from desktop.store.register import Register

__all__ = ["FIRST_YEAR", "Preview", "default_unit", "default_year", "draft", "file_name", "write"]

FIRST_YEAR = 2019  # sections 三 and 四 exist from the 2019 format on


def default_year(today: date | None = None) -> int:
    """The report normally written now: last year's (reports are due by 31 January, 第四十九条)."""
    return (today or date.today()).year - 1


def default_unit(register: Register, year: int) -> str:
    """The year's own 填报单位, else the office's name."""
    return unit_name(register, year) or settings.get_office_name(register)


def file_name(year: int) -> str:
    return f"{year}年政府信息公开工作年度报告（第三、四部分）.docx"


@dataclass(frozen=True)
class Preview:
    """The draft's text as it will be written (in the chosen script), or why there is none."""

    title: str = ""
    sections: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (heading, paragraphs)
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def draft(register: Register, year: int, unit: str, *, traditional: bool = False) -> Preview:
    """Compose the year's sections 三 and 四 from the statistics (nothing written)."""
    try:
        composed = rd.compose(register, year, unit=unit.strip())
    except rd.ReportDraftError as exc:
        return Preview(error=str(exc))

    def convert(text: str) -> str:
        return to_traditional(text) if traditional else text

    return Preview(
        convert(composed.title),
        (
            (convert(rf.TABLE3_TITLE), tuple(convert(p) for p in composed.section3)),
            (convert(rf.TABLE4_TITLE), tuple(convert(p) for p in composed.section4)),
        ),
    )


def write(
    register: Register, year: int, path_text: str, unit: str, *, traditional: bool = False
) -> Path:
    """Write the draft as .docx (".docx" added when missing); ReportDraftError says what failed."""
    path = Path(path_text.strip())
    if not path.name:
        raise rd.ReportDraftError("请选择保存位置。")
    if path.suffix.lower() != ".docx":
        path = path.with_name(path.name + ".docx")
    rd.build_report_draft(register, year, path, traditional=traditional, unit=unit.strip())
    return path
