"""Writes the sample ledgers in this folder (run: .venv/bin/python tests/data/ledgers/make_samples.py).

They look like ledgers clerks keep by hand: mixed date forms, 是/否, amounts typed as text. The tests
in tests/reports/test_ledger_io.py read them; the UI's import preview can use them too.
- good_simplified.xlsx: 4 valid rows, simplified headers in contract order, a 序号 column.
- good_traditional.xlsx: 3 valid rows, traditional headers in another order.
- bad_rows.xlsx: row 2 valid; rows 3–8 each refused for one reason (see BAD below).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).parent
HEADERS = [
    "申请编号", "申请方式", "收到日期", "申请人类型", "申请人", "证件号码", "联系电话", "申请内容",
    "补正告知日期", "补正收到日期", "征求意见发出日期", "征求意见收到日期", "延期", "答复日期",
    "办理结果", "收费金额", "行政复议日期", "行政复议结果", "行政诉讼类型", "行政诉讼日期",
    "行政诉讼结果", "备注",
]  # fmt: skip


def row(**values: object) -> list[object]:
    return [values.get(h) for h in HEADERS]


GOOD = [
    row(申请编号="2025-0001", 申请方式="网络", 收到日期=date(2025, 1, 6), 申请人类型="自然人",
        申请人="张三", 证件号码="11010519491231002X", 联系电话="13800138000",
        申请内容="2024年本区老旧小区改造项目清单", 延期="否", 答复日期="2025-01-20",
        办理结果="予以公开"),
    row(申请编号="2025-0002", 申请方式="邮寄", 收到日期="2025/2/10", 申请人类型="商业企业",
        申请人="某某建设有限公司", 证件号码="91350100M000100Y43", 申请内容="某地块规划许可文件",
        补正告知日期="2025.2.12", 补正收到日期="2025年2月20日", 延期="是", 答复日期=20250403,
        办理结果="部分公开", 收费金额="380.00元"),
    row(申请方式="当面", 收到日期="2025-03-03", 申请人类型="自然人", 申请人="李四",
        申请内容="=本人房屋征收补偿协议", 备注="+编号由登记簿生成"),
    row(申请编号="2025-0004", 申请方式="电子邮件", 收到日期="2025-03-10", 申请人类型="社会公益组织",
        申请人="某环保协会", 征求意见发出日期="2025-03-12", 征求意见收到日期="2025-03-25",
        答复日期="2025-04-15", 办理结果="保护第三方合法权益", 行政复议日期="2025-05-06",
        行政复议结果="尚未审结"),
]  # fmt: skip

TRADITIONAL_HEADERS = [
    "申請人",
    "收到日期",
    "申請方式",
    "申請人類型",
    "辦理結果",
    "答覆日期",
    "延期",
]
TRADITIONAL = [
    ["陳大文", "2025年4月1日", "郵寄", "自然人", "本機關不掌握相關政府信息", "2025-04-18", "否"],
    ["某律師事務所", "2025-04-02", "網絡", "法律服務機構", "", "", "是"],
    ["林小姐", "2025.4.3", "傳真", "其他", "申請人撤回", "2025-04-07", "N"],
]

# Row 2 is valid; rows 3–8 are refused (row 5 repeats the number of row 3, so both are named).
BAD = [
    row(申请编号="2025-0101", 申请方式="网络", 收到日期="2025-03-03", 申请人类型="自然人", 申请人="合格"),
    row(申请编号="2025-0102", 申请方式="网络", 收到日期="2025-02-30", 申请人类型="自然人", 申请人="日期不存在"),
    row(申请编号="2025-0103", 申请方式="网络", 收到日期="2025-03-03", 申请人类型="自然人", 申请人="结果不明",
        答复日期="2025-03-20", 办理结果="已答复"),
    row(申请编号="2025-0102", 申请方式="网络", 收到日期="2025-03-03", 申请人类型="自然人", 申请人="编号重复"),
    row(申请编号="2025-0105", 申请方式="网络", 收到日期="2025-03-03", 申请人类型="自然人", 申请人="先答复后收到",
        答复日期="2025-03-01", 办理结果="予以公开"),
    row(申请编号="2025-0106", 申请方式="网络", 收到日期="2025-03-03", 申请人类型="自然人", 申请人="身份证错",
        证件号码="110105194912310021"),
    row(申请编号="2025-0107", 申请方式="微信", 收到日期="2025-03-03", 申请人类型="自然人", 申请人="方式不对"),
]  # fmt: skip


def save(name: str, headers: list[str], rows: list[list[object]]) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(headers)
    for values in rows:
        ws.append(values)
    for line in ws.iter_rows():
        for (
            cell
        ) in line:  # keep "=…" text as text in the sample too (openpyxl would make a formula)
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
    wb.save(HERE / name)


def main() -> None:
    save("good_simplified.xlsx", ["序号", *HEADERS], [[i, *r] for i, r in enumerate(GOOD, 1)])
    save("good_traditional.xlsx", TRADITIONAL_HEADERS, TRADITIONAL)
    save("bad_rows.xlsx", HEADERS, BAD)


if __name__ == "__main__":
    main()
