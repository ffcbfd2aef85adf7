"""The `ogi` command line (contract.md). Parsing only; each subcommand's work is in desktop.commands.

Exit status: 0 done; 1 input refused (messages name file, sheet, row and column); 2 wrong usage.
Handlers are imported only when their subcommand runs, so `ogi --help` and the window start fast.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
from collections.abc import Sequence
from typing import NoReturn

from desktop import APP_NAME, __version__

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


# argparse's own messages, in the words a clerk reads (argparse has no Chinese catalogue and a
# frozen bundle has no gettext files): English pattern -> Chinese, applied to a formatted message.
_USAGE_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), chinese)
    for pattern, chinese in (
        (r"^the following arguments are required: (.*)$", r"缺少必需的参数：\1"),
        (r"^unrecognized arguments: (.*)$", r"无法识别的参数：\1"),
        (
            r"^argument (.*?): invalid choice: (.*?) \(choose from (.*)\)$",
            r"参数 \1 的值 \2 无效（可选：\3）",
        ),
        (r"^argument (.*?): invalid int value: (.*)$", r"参数 \1 须为整数，而不是 \2"),
        (r"^argument (.*?): invalid (\w+) value: (.*)$", r"参数 \1 的值 \3 无效"),
        (r"^argument (.*?): expected one argument$", r"参数 \1 后面须跟一个值"),
        (r"^argument (.*?): expected at least one argument$", r"参数 \1 后面须至少跟一个值"),
        (r"^ambiguous option: (.*?) could match (.*)$", r"参数 \1 不明确，可能是：\2"),
    )
)


def translate_usage_error(message: str) -> str:
    for pattern, chinese in _USAGE_MESSAGES:
        if pattern.match(message):
            return pattern.sub(chinese, message)
    return message


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本说明后退出")

    def format_usage(self) -> str:
        return _chinese_usage(super().format_usage())

    def format_help(self) -> str:
        return _chinese_usage(super().format_help())

    def error(
        self, message: str
    ) -> NoReturn:  # argparse exits 2 on usage errors, as the contract asks
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: 用法错误: {translate_usage_error(message)}\n")


def _chinese_usage(text: str) -> str:
    return "用法：" + text.removeprefix("usage: ") if text.startswith("usage: ") else text


def _db(parser: argparse.ArgumentParser, required: bool = True) -> None:
    parser.add_argument("--db", required=required, metavar="FILE", help="登记簿文件")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="ogi", description=f"{APP_NAME}（{__version__}）")
    parser.add_argument(
        "--version", action="version", version=f"ogi {__version__}", help="显示版本号后退出"
    )
    _db(parser, required=False)
    parser.add_argument("--traditional-ui", action="store_true", help="界面使用繁体字")
    # For smoke tests and screenshots: quit after this many milliseconds / save a screenshot.
    parser.add_argument("--exit-after", type=int, metavar="MS", help=argparse.SUPPRESS)
    parser.add_argument("--grab", metavar="PNG", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", title="命令", parser_class=_Parser)

    p = sub.add_parser("import-ledger", help="导入台账（全部成功或全部不导入）")
    p.add_argument("ledger", metavar="LEDGER.xlsx")
    _db(p)
    p.add_argument(
        "--reason",
        metavar="TEXT",
        help="台账中的申请会改变已报送年度报告的数字时，说明修改原因（记入修改记录）",
    )

    p = sub.add_parser("export-ledger", help="导出台账")
    _db(p)
    p.add_argument("--out", required=True, metavar="LEDGER.xlsx")
    p.add_argument("--year", type=int)
    p.add_argument("--traditional", action="store_true", help="表头和内容使用繁体字")
    p.add_argument("--unmasked", action="store_true", help="导出完整的证件号码和电话（默认遮蔽）")

    p = sub.add_parser("import-documents", help="导入规章和规范性文件清单（全部成功或全部不导入）")
    p.add_argument("documents", metavar="DOCS.xlsx", help="文件清单工作簿（.xlsx）")
    _db(p)
    p.add_argument(
        "--reason",
        metavar="TEXT",
        help="清单中的文件会改变已报送年度报告表二的数字时，说明修改原因（记入修改记录）",
    )

    p = sub.add_parser("export-documents", help="导出规章和规范性文件清单")
    _db(p)
    p.add_argument("--out", required=True, metavar="DOCS.xlsx")
    p.add_argument("--traditional", action="store_true", help="表头和类别使用繁体字")

    p = sub.add_parser("report", help="年度报告统计")
    _db(p)
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--format", choices=("2021", "2019", "2014"))
    p.add_argument("--json", metavar="OUT.json")
    p.add_argument("--xlsx", metavar="OUT.xlsx")
    p.add_argument("--traditional", action="store_true")
    # The year lock (issue 14): mark the report 已报送, withdraw it, compare it with the register now.
    lock = p.add_mutually_exclusive_group()
    lock.add_argument(
        "--mark-submitted", action="store_true", help="将该年度报告标记为已报送（保存报送时的数字）"
    )
    lock.add_argument(
        "--unmark-submitted", metavar="REASON", help="撤销已报送标记，须说明原因（记入修改记录）"
    )
    lock.add_argument(
        "--compare-submitted",
        action="store_true",
        help="列出报送时与现在不同的数字（JSON：报送时、现在、差，以及修改记录）",
    )

    holidays = sub.add_parser("holidays", help="节假日安排")
    hsub = holidays.add_subparsers(
        dest="holidays_command", required=True, metavar="{import,show}", parser_class=_Parser
    )
    p = hsub.add_parser("import", help="导入国务院办公厅节假日安排通知")
    p.add_argument("notice", metavar="NOTICE.txt")
    _db(p)
    p.add_argument("--yes", action="store_true", help="不询问，直接保存")
    p.add_argument(
        "--reason",
        metavar="TEXT",
        help="重新计算的答复期限会改变已报送年度报告的数字时，说明修改原因（记入修改记录）",
    )
    p = hsub.add_parser("show", help="列出某年的节假日和调休上班日")
    p.add_argument("--year", type=int, required=True)
    _db(p)

    p = sub.add_parser("deadline", help="一件申请的答复期限计算过程（可导出 Word / PDF）")
    p.add_argument("number", metavar="申请编号")
    _db(p)
    p.add_argument("--docx", metavar="OUT.docx", help="另存为 Word 文件")
    p.add_argument("--pdf", metavar="OUT.pdf", help="另存为 PDF 文件")

    p = sub.add_parser("check", help="检查统计表的勾稽关系")
    p.add_argument("workbook", metavar="REPORT.xlsx")

    p = sub.add_parser("consolidate", help="汇总多个单位的统计表")
    p.add_argument("workbooks", nargs="+", metavar="A.xlsx")
    p.add_argument("--out", required=True, metavar="TOTAL.xlsx")
    p.add_argument(
        "--unit", default="", metavar="NAME", help="汇总单位名称（写入汇总表的填报单位）"
    )
    return parser


# subcommand -> module in desktop.commands exposing run(args) -> int
HANDLERS = {
    "import-ledger": "ledger",
    "export-ledger": "ledger",
    "import-documents": "documents",
    "export-documents": "documents",
    "report": "report",
    "holidays": "holidays",
    "deadline": "deadline",
    "check": "check",
    "consolidate": "consolidate",
}


# Any Chinese text: whether an output encoding can write what `ogi` prints.
_CHINESE_PROBE = "政府信息公开申请登记簿（）：、"


def make_output_safe() -> None:
    """stdout/stderr can write every message, whatever the Windows code page (one place, for all commands).

    Python writes to a pipe or a file in the ANSI code page. On a non-Chinese Windows that is cp1252,
    which has no Chinese: `ogi holidays show > days.txt` used to stop with UnicodeEncodeError. Such a
    stream is switched to UTF-8 (what Notepad and PowerShell 7 read; nothing is lost). A stream that
    can write Chinese keeps its encoding (cp936/GB18030 pipes on a Chinese Windows, UTF-8 on Linux, the
    console, which Python writes in UTF-16), and every stream replaces a character it cannot write
    (a rare name outside GBK) instead of crashing. Streams that are not text files are left alone:
    `ogiw.exe` has none (None), tests may substitute their own.
    """
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:
            continue
        try:
            _CHINESE_PROBE.encode(stream.encoding or "ascii")
        except (UnicodeEncodeError, LookupError):
            reconfigure(encoding="utf-8", errors="replace")
        else:
            reconfigure(errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    make_output_safe()
    args = build_parser().parse_args(argv)
    # What a killed run left in the temporary folder (unpacked packages, private copies: personal
    # data) goes at the next start, whatever the command (docs/safety.md, F13).
    from desktop.store.tempfiles import sweep_stale

    sweep_stale()
    if args.command is None:
        from desktop.ui.app import run_gui

        return run_gui(args)
    module = importlib.import_module(f"desktop.commands.{HANDLERS[args.command]}")
    return int(module.run(args))


def write_pdf_page(html: str, title: str, out: str | os.PathLike[str]) -> None:
    """An HTML page as PDF, drawn by Qt as printing draws it (ogi deadline --pdf). No window is
    needed: the offscreen platform serves when nothing else was chosen."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop.ui.printing import HtmlJob, print_to_pdf

    _app = QApplication.instance() or QApplication([])
    print_to_pdf(HtmlJob(title, html), os.fspath(out))


if __name__ == "__main__":
    sys.exit(main())
