"""`ogi deadline 申请编号 --db FILE [--docx OUT.docx] [--pdf OUT.pdf]`: the 期限计算过程 of one application.

Prints every step (receipt, day 1, each day counted or skipped and why, pauses with their article, the
补正 restart, the extension, the due date) and, if asked, writes it as Word and/or PDF for a 复议/诉讼
answer. The PDF is the Word file converted by LibreOffice when it is installed (the command line has
no Qt; the window's 期限计算过程 page draws PDF with Qt, offline, in the bundle too). The register is
opened read-only: nothing is written to it. Exit 1 when the register or the application cannot be
found, or a file cannot be written.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from desktop.ops import deadline_evidence as ops
from desktop.reports.evidence_docs import PdfUnavailable, docx_to_pdf, evidence_text
from desktop.store.register import Register, RegisterError

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    for option, suffix in (("docx", ".docx"), ("pdf", ".pdf")):
        value = getattr(args, option)
        if value and Path(value).suffix.lower() != suffix:
            _err(f"ogi deadline: 用法错误: --{option} 须为 {suffix} 文件：{value}")
            return EXIT_USAGE
    db = Path(args.db)
    if not db.exists():
        _err(f"登记簿文件 {db} 不存在")
        return EXIT_REFUSED
    try:
        register = Register.open(db, readonly=True)
    except RegisterError as exc:
        _err(str(exc))
        return EXIT_REFUSED
    today = date.today()
    try:
        app = ops.find_application(register, args.number)
        if app is None:
            _err(f"{db}：没有申请编号为“{args.number}”的申请")
            return EXIT_REFUSED
        evidence = ops.evidence_of(register, app, today)
        print(evidence_text(evidence, today=today))
        if args.docx:
            ops.export_evidence_docx(register, app, args.docx, today)
            print(f"已保存 Word 文件：{args.docx}")
        if args.pdf:
            with tempfile.TemporaryDirectory(prefix="ogi-evidence-") as work:
                docx = ops.export_evidence_docx(
                    register, app, Path(work) / "期限计算过程.docx", today
                )
                docx_to_pdf(docx, args.pdf)
            print(f"已保存 PDF 文件：{args.pdf}")
    except PdfUnavailable as exc:
        _err(str(exc))
        return EXIT_REFUSED
    except (subprocess.SubprocessError, FileNotFoundError) as exc:
        _err(f"LibreOffice 未能生成 PDF：{exc}")
        return EXIT_REFUSED
    except OSError as exc:
        _err(f"无法写入文件：{exc.strerror or exc}（{exc.filename or ''}）")
        return EXIT_REFUSED
    finally:
        register.close()
    return EXIT_OK
