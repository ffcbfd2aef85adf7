"""Issue 16: a data package carries the unit's 规章 and 规范性文件, so the office's table 二 adds up the
units' as table 三 does; a 文号 already in the office's register is refused unless skipped."""

from __future__ import annotations

import json
import zipfile
from datetime import date as D
from pathlib import Path

import pytest

from desktop.domain import report_formats as rf
from desktop.domain.documents import NORMATIVE, Document
from desktop.reports import data_package as dp
from desktop.store import documents as ds
from desktop.store.register import Register
from desktop.store.statistics import compute_report
from tests.documents_sample import DELETED, EXPECTED, SAMPLE


def _unit(path: Path, docs: tuple[Document, ...]) -> Register:
    reg = Register.open(path)
    ds.add_many(reg, docs)
    return reg


def test_round_trip_carries_documents_and_table2_adds_up(
    tmp_path: Path, register: Register
) -> None:
    town = _unit(tmp_path / "town.ogidb", SAMPLE)
    gone = ds.add(town, DELETED)
    ds.delete(town, gone.id)  # deleted documents stay behind
    other = (
        Document("乡政发〔2025〕1号", "乡规范性文件", NORMATIVE, D(2025, 1, 2), D(2025, 1, 3)),
        Document("乡政发〔2025〕2号", "未公开", NORMATIVE, D(2025, 5, 2)),
    )
    village = _unit(tmp_path / "village.ogidb", other)
    try:
        first = dp.export_package(town, tmp_path / "town.ogipkg", "某镇")
        second = dp.export_package(village, tmp_path / "village.ogipkg", "某乡")
        assert (first.documents, second.documents) == (len(SAMPLE), 2)
        dp.import_package(register, tmp_path / "town.ogipkg")
        dp.import_package(register, tmp_path / "village.ogipkg")
        merged = {d.number: d for d in ds.all_documents(register)}
        assert len(merged) == len(SAMPLE) + 2 and DELETED.number not in merged
        assert merged["益政令〔2023〕1号"].remarks.startswith("〔来自某镇，数据包")
        for fmt, year in (("2021", 2025), ("2019", 2025)):
            office = compute_report(register, year, fmt).table2
            units = [compute_report(u, year, fmt).table2 for u in (town, village)]
            for row, column in EXPECTED[(fmt, year)]:
                key = rf.figure_key(fmt, row, column)
                assert office[key] == units[0][key] + units[1][key]
        # Hand check of one figure: 行政规范性文件 本年制发件数 2025 = D6 + 乡政发1 + 乡政发2.
        assert (
            compute_report(register, 2025, "2021").table2[
                rf.figure_key("2021", "行政规范性文件", "本年制发件数")
            ]
            == 3
        )
    finally:
        town.close()
        village.close()


def test_document_already_here_is_refused_unless_skipped(
    tmp_path: Path, register: Register
) -> None:
    town = _unit(tmp_path / "town.ogidb", SAMPLE[:2])
    try:
        dp.export_package(town, tmp_path / "p.ogipkg", "某镇")
    finally:
        town.close()
    ds.add(register, SAMPLE[0].replace(number="益政令[2023]1号"))
    with pytest.raises(dp.PackageError, match="文号已在本登记簿中：益政令\\[2023\\]1号"):
        dp.import_package(register, tmp_path / "p.ogipkg")
    assert ds.count(register) == 1
    dp.import_package(register, tmp_path / "p.ogipkg", skip_duplicates=True)
    assert ds.count(register) == 2


def test_edited_document_count_is_refused(tmp_path: Path, register: Register) -> None:
    town = _unit(tmp_path / "town.ogidb", SAMPLE[:3])
    try:
        dp.export_package(town, tmp_path / "p.ogipkg", "某镇")
    finally:
        town.close()
    source = tmp_path / "p.ogipkg"
    with zipfile.ZipFile(source) as archive:
        body = json.loads(archive.read(dp.MANIFEST_NAME))
        data = archive.read(dp.DATABASE_NAME)
    body["documents"] = 2
    body["seal"] = dp._seal(body)  # a rebuilt manifest: the count still disagrees with the data
    edited = tmp_path / "edited.ogipkg"
    with zipfile.ZipFile(edited, "w") as archive:
        archive.writestr(dp.MANIFEST_NAME, json.dumps(body, ensure_ascii=False))
        archive.writestr(dp.DATABASE_NAME, data)
    with pytest.raises(dp.PackageError, match="清单记载 2 件规章和规范性文件，数据中有 3 件"):
        dp.import_package(register, edited)
    assert ds.count(register) == 0
