"""The register data package: round trip, tamper detection, never merged twice, numbering on merge."""

from __future__ import annotations

import json
import stat
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest

from desktop.domain.application import Application
from desktop.reports import data_package as dp
from desktop.store import duplicates
from desktop.store.register import Register


def _app(applicant: str, day: date, *, content: str = "2025年预算", **kw) -> Application:
    return Application(
        receipt_date=day,
        channel="网络",
        applicant_type="自然人",
        applicant=applicant,
        content=content,
        **kw,
    )


@pytest.fixture
def unit_register(tmp_path: Path) -> Register:
    reg = Register.open(tmp_path / "town.ogidb")
    reg.add_many(
        [
            _app("张三", date(2025, 3, 3)),
            _app("李四", date(2025, 4, 1), answer_date=date(2025, 4, 20), outcome="grant"),
            _app("某公司", date(2025, 5, 6), content="规划许可", remarks="电话催办"),
        ]
    )
    gone = reg.add(_app("王五", date(2025, 6, 2)))
    reg.delete(gone.id)  # soft-deleted rows never travel
    yield reg
    reg.close()


def test_round_trip_renumbers_and_keeps_origin_in_remarks(unit_register, register, tmp_path):
    register.add(_app("本级申请人", date(2025, 1, 6)))  # the office's own 2025-0001
    out = tmp_path / "town.ogipkg"
    manifest = dp.export_package(unit_register, out, "某某镇人民政府")
    assert manifest.rows == 3
    with zipfile.ZipFile(out) as archive:
        body = json.loads(archive.read("manifest.json"))
    assert body["unit"] == "某某镇人民政府" and body["rows"] == 3 and len(body["sha256"]) == 64

    added = dp.import_package(register, out)
    assert [a.applicant for a in added] == ["张三", "李四", "某公司"]
    assert [a.number for a in added] == ["2025-0002", "2025-0003", "2025-0004"]
    assert (
        added[0].remarks
        == f"〔来自某某镇人民政府，原编号2025-0001，数据包{manifest.package_id[:8]}〕"
    )
    assert added[2].remarks.startswith("电话催办 〔来自某某镇人民政府，原编号2025-0003")
    assert register.get(added[1].id).outcome == "grant"
    assert register.count() == 4
    rec = duplicates.imported_package(register, manifest.package_id)
    assert rec["unit"] == "某某镇人民政府" and rec["rows"] == 3


def test_second_import_of_same_package_is_refused_and_changes_nothing(
    unit_register, register, tmp_path
):
    out = tmp_path / "town.ogipkg"
    dp.export_package(unit_register, out, "某某镇")
    dp.import_package(register, out)
    with pytest.raises(dp.PackageError, match="已于 .* 导入（某某镇，3 件），不能重复导入"):
        dp.import_package(register, out)
    assert register.count() == 3


def test_fresh_package_of_same_rows_is_refused_as_duplicates_unless_skipped(
    unit_register, register, tmp_path
):
    first, second = tmp_path / "a.ogipkg", tmp_path / "b.ogipkg"
    dp.export_package(unit_register, first, "某某镇")
    dp.import_package(register, first)
    unit_register.add(_app("赵六", date(2025, 7, 1)))
    dp.export_package(unit_register, second, "某某镇")  # a new package id, 3 old rows + 1 new
    with pytest.raises(dp.PackageError, match="有 3 件申请已在本登记簿中"):
        dp.import_package(register, second)
    assert register.count() == 3
    added = dp.import_package(register, second, skip_duplicates=True)
    assert [a.applicant for a in added] == ["赵六"]


def test_tampered_database_is_refused(unit_register, register, tmp_path):
    out = tmp_path / "town.ogipkg"
    dp.export_package(unit_register, out, "某某镇")
    with zipfile.ZipFile(out) as archive:
        manifest = archive.read("manifest.json")
        data = bytearray(archive.read("register.ogidb"))
    data[-200] ^= 0xFF
    tampered = tmp_path / "tampered.ogipkg"
    with zipfile.ZipFile(tampered, "w") as archive:
        archive.writestr("manifest.json", manifest)
        archive.writestr("register.ogidb", bytes(data))
    with pytest.raises(dp.PackageError, match="tampered.ogipkg 校验失败：.*sha256"):
        dp.import_package(register, tampered)
    assert register.count() == 0


def _edited(source: Path, out: Path, *, reseal: bool, **changes: object) -> Path:
    """The package with manifest fields changed by hand; `reseal` recomputes the seal, as a
    package written by a (faulty) program would carry one consistent with its fields."""
    with zipfile.ZipFile(source) as archive:
        body = json.loads(archive.read("manifest.json"))
        data = archive.read("register.ogidb")
    body.update(changes)
    if reseal:
        body["seal"] = dp._seal(body)
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("manifest.json", json.dumps(body, ensure_ascii=False))
        archive.writestr("register.ogidb", data)
    return out


def test_edited_row_count_is_refused(unit_register, register, tmp_path):
    out = tmp_path / "town.ogipkg"
    dp.export_package(unit_register, out, "某某镇")
    edited = _edited(out, tmp_path / "edited.ogipkg", reseal=True, rows=2)
    with pytest.raises(dp.PackageError, match="清单记载 2 件申请，数据中有 3 件"):
        dp.import_package(register, edited)


@pytest.mark.parametrize(
    "changes",
    [
        {"unit": "另一个镇"},  # passed off as another unit's
        {"package_id": "11111111-1111-4111-8111-111111111111"},  # to merge it a second time
        {"rows": 2},
    ],
    ids=["unit", "package_id", "rows"],
)
def test_manifest_edited_by_hand_is_refused(unit_register, register, tmp_path, changes):
    out = tmp_path / "town.ogipkg"
    dp.export_package(unit_register, out, "某某镇")
    dp.import_package(register, out)
    edited = _edited(out, tmp_path / "edited.ogipkg", reseal=False, **changes)
    with pytest.raises(
        dp.PackageError, match="edited.ogipkg 校验失败：清单 manifest.json 被改动过"
    ):
        dp.import_package(register, edited, skip_duplicates=True)
    assert register.count() == 3


def test_newer_schema_and_non_packages_are_refused(unit_register, register, tmp_path):
    out = tmp_path / "town.ogipkg"
    dp.export_package(unit_register, out, "某某镇")
    newer = _edited(out, tmp_path / "newer.ogipkg", reseal=True, schema_version=999)
    with pytest.raises(dp.PackageError, match="版本为 999，高于本程序"):
        dp.import_package(register, newer)
    junk = tmp_path / "junk.ogipkg"
    junk.write_bytes(b"not a zip")
    with pytest.raises(dp.PackageError, match="junk.ogipkg 不是登记簿数据包"):
        dp.import_package(register, junk)
    assert register.count() == 0


def test_unit_name_required_and_remembered(unit_register, tmp_path):
    with pytest.raises(dp.PackageError, match="请填写单位名称"):
        dp.export_package(unit_register, tmp_path / "x.ogipkg", "  ")
    assert not (tmp_path / "x.ogipkg").exists()
    duplicates.save_unit_name(unit_register, "某某镇人民政府")
    assert duplicates.saved_unit_name(unit_register) == "某某镇人民政府"


def test_find_duplicates_matches_applicant_content_and_date_only(register):
    register.add(_app("张三", date(2025, 3, 3), content="预算公开"))
    keys = [
        duplicates.DuplicateKey("张三 ", "预算公开", date(2025, 3, 3)),
        duplicates.DuplicateKey("张三", "预算公开", date(2025, 3, 4)),
        duplicates.DuplicateKey("张三", "决算公开", date(2025, 3, 3)),
        duplicates.DuplicateKey("张三", "预算公开", date(2025, 3, 4)),
    ]
    assert duplicates.find_duplicates(register, keys) == {0: "2025-0001"}
    assert duplicates.repeated_within(keys) == {3: 1}


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_package_is_readable_by_its_owner_only(unit_register, tmp_path):
    out = tmp_path / "unit.ogipkg"
    dp.export_package(unit_register, out, "某某镇")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
