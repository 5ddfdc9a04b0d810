"""Upload safety: every hostile or broken file is built here, in memory or under tmp_path, and refused with its code."""

from __future__ import annotations

import io
import re
import tracemalloc
import zipfile

import pytest
import xlwt

from ingest import safety
from ingest.safety import MAX_CELLS, MAX_ENTRIES, UploadRefused, check_upload, max_upload_bytes

from .conftest import ROOT, write_filled

OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
SHEET = "xl/worksheets/sheet1.xml"
BOMB_ENTRY = "xl/worksheets/sheet2.xml"
MINIMAL_PARTS = {
    "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    "xl/workbook.xml": b'<?xml version="1.0"?><workbook/>',
}


def refused(data: bytes, name: str = "upload.xlsx", **kwargs) -> UploadRefused:
    with pytest.raises(UploadRefused) as info:
        check_upload(data, name, **kwargs)
    return info.value


def make_zip(parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, body in parts.items():
            zf.writestr(name, body)
    return buf.getvalue()


def rewrite_zip(data: bytes, changes: dict[str, bytes]) -> bytes:
    """The workbook with some parts replaced or added; every other part copied as is."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        parts = {info.filename: src.read(info) for info in src.infolist()}
    return make_zip({**parts, **changes})


def with_dimension(data: bytes, ref: str, part: str = SHEET) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        sheet = src.read(SHEET)
    assert b"<dimension " in sheet
    return rewrite_zip(
        data, {part: re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), sheet)}
    )


def xls_bytes() -> bytes:
    """A real BIFF8 .xls, written by xlwt."""
    wb = xlwt.Workbook()
    ws = wb.add_sheet("基本信息")
    ws.write(0, 0, "试点地区")
    ws.write(0, 1, "北京")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def valid(catalog, tmp_path_factory) -> bytes:
    return write_filled(
        catalog, tmp_path_factory.mktemp("safety") / "ok.xlsx", "beijing", "2019Q4"
    ).read_bytes()


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """A real zip whose one sheet unpacks to 250 MB of zeros, streamed in 1 MB chunks (~1 MB on the wire)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, body in MINIMAL_PARTS.items():
            zf.writestr(name, body)
        with zf.open(BOMB_ENTRY, "w", force_zip64=True) as entry:
            chunk = bytes(1024 * 1024)
            for _ in range(250):
                entry.write(chunk)
    return buf.getvalue()


@pytest.fixture
def reads(monkeypatch) -> list[tuple[str, int]]:
    """Every ZipExtFile.read as (entry name, requested size)."""
    calls = []
    original = zipfile.ZipExtFile.read

    def recording(self, n=-1):
        calls.append((self.name, n))
        return original(self, n)

    monkeypatch.setattr(zipfile.ZipExtFile, "read", recording)
    return calls


# accepted


def test_valid_template_workbook_passes(catalog, tmp_path):
    path = write_filled(catalog, tmp_path / "ok.xlsx", "beijing", "2019Q4")
    assert check_upload(path.read_bytes(), path.name) == "xlsx"


@pytest.mark.parametrize("path", sorted((ROOT / "sample_data").rglob("*.xlsx")), ids=lambda p: p.name)
def test_every_sample_workbook_passes(path):
    assert check_upload(path.read_bytes(), path.name) == "xlsx"


def test_extension_is_case_insensitive_and_name_may_be_chinese(valid):
    assert check_upload(valid, "北京_2019Q4 报表.XLSX") == "xlsx"


def test_format_is_what_the_bytes_are_not_the_name(valid):
    # the reader opens both formats by content, so a renamed real workbook is accepted as what it is
    assert check_upload(valid, "ok.xls") == "xlsx"
    assert check_upload(xls_bytes(), "old.xls") == "xls"
    assert check_upload(xls_bytes(), "old.xlsx") == "xls"


def test_only_bounded_reads_of_zip_entries(valid, reads):
    assert check_upload(valid, "ok.xlsx") == "xlsx"
    assert reads and all(0 < n <= safety.PEEK_BYTES for _, n in reads)


# 1. file name


@pytest.mark.parametrize(
    "name",
    [
        "../a.xlsx",
        "a/b.xlsx",
        "a\\b.xlsx",
        "a\x00.xlsx",
        "a\n.xlsx",
        "a\x7f.xlsx",
        "",
        "   ",
        "..",
        "a\u202exslx.xlsx",
        "名" * 251 + ".xlsx",
    ],
)
def test_bad_file_names(valid, name):
    err = refused(valid, name)
    assert err.code == "bad_file_name"
    assert "请将文件改为普通名称" in err.message
    assert "\x00" not in err.message and "\n" not in err.message


def test_name_of_255_characters_is_fine(valid):
    assert check_upload(valid, "名" * 250 + ".xlsx") == "xlsx"


def test_file_name_is_checked_first():
    assert refused(b"", "../x.txt").code == "bad_file_name"


# 2. extension


@pytest.mark.parametrize("name", ["ok.xlsm", "ok.xltm", "ok.xlsb", "ok.xlam", "OK.XLSM"])
def test_macro_extensions_refused(valid, name):
    err = refused(valid, name)
    assert err.code == "macros"
    assert "带宏的工作簿不被接受" in err.message and "另存为 .xlsx" in err.message


@pytest.mark.parametrize("name", ["ok.txt", "ok.csv", "ok", "ok.xlsx.exe", "ok.xlsx "])
def test_other_extensions_refused(valid, name):
    err = refused(valid, name)
    assert err.code == "bad_extension"
    assert "不支持" in err.message and ".xlsx" in err.message


def test_extension_is_checked_before_size():
    assert refused(b"", "empty.xlsm").code == "macros"


# 3. size


def test_empty_file():
    err = refused(b"")
    assert err.code == "empty"
    assert "文件为空" in err.message


def test_over_the_size_limit(valid):
    err = refused(valid, max_bytes=1000)
    assert err.code == "too_large"
    assert "超过上限 1000 字节" in err.message
    assert f"{len(valid) / 1024:.1f}".rstrip("0").rstrip(".") + " KB" in err.message


def test_size_limit_from_environment(monkeypatch):
    monkeypatch.delenv("PILOT_MAX_UPLOAD_MB", raising=False)
    assert max_upload_bytes() == safety.DEFAULT_MAX_BYTES == 20 * 1024 * 1024
    monkeypatch.setenv("PILOT_MAX_UPLOAD_MB", "1")
    assert max_upload_bytes() == 1024 * 1024
    err = refused(b"PK\x03\x04" + bytes(1024 * 1024))
    assert err.code == "too_large"
    assert "超过上限 1 MB" in err.message
    monkeypatch.setenv("PILOT_MAX_UPLOAD_MB", "0.5")
    assert max_upload_bytes() == 512 * 1024


@pytest.mark.parametrize("value", ["abc", "0", "-3", "nan", "inf", ""])
def test_malformed_size_limit_falls_back_to_default(monkeypatch, value):
    monkeypatch.setenv("PILOT_MAX_UPLOAD_MB", value)
    assert max_upload_bytes() == safety.DEFAULT_MAX_BYTES


# 4. content by magic bytes


def test_ole2_named_xlsx_is_an_encrypted_workbook():
    err = refused(OLE2_MAGIC + bytes(504) + "EncryptedPackage\0".encode("utf-16-le"))
    assert err.code == "encrypted"
    assert "请取消工作簿密码后重新上传" in err.message
    assert refused(OLE2_MAGIC + bytes(504)).code == "encrypted"


def test_pdf_renamed_xlsx():
    err = refused(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    assert err.code == "not_a_workbook"
    assert "PDF" in err.message and "另存为 .xlsx" in err.message


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "utf-16"])
def test_csv_renamed_xlsx(encoding):
    err = refused("地区,服务出口额（万元）\n北京,1234.5\n上海,987\n".encode(encoding))
    assert err.code == "not_a_workbook"
    assert "CSV/文本" in err.message and "另存为 .xlsx" in err.message


def test_gbk_csv_whose_sample_cuts_a_character_in_two():
    data = ("地区,金额\n" + "a" * (safety.PEEK_BYTES - 11) + "北京,1\n").encode("gbk")
    assert data[safety.PEEK_BYTES - 1] >= 0x81  # the 4 KB sample ends on the first byte of 北
    assert refused(data, "x.xls").code == "not_a_workbook"
    assert "CSV/文本" in refused(data, "x.xls").message


def test_html_named_xls():
    err = refused("<html><body><table><tr><td>北京</td></tr></table></body></html>".encode(), "导出.xls")
    assert err.code == "not_a_workbook"
    assert "HTML" in err.message


def test_binary_that_is_nothing_we_know():
    err = refused(bytes(range(256)) * 4)
    assert err.code == "not_a_workbook"
    assert "不是 Excel 工作簿" in err.message


def test_xls_that_is_a_pdf():
    assert refused(b"%PDF-1.4\n", "a.xls").code == "not_a_workbook"


# 5. xlsx structure


def test_truncated_workbook(valid):
    err = refused(valid[: len(valid) // 2])
    assert err.code == "truncated"
    assert "文件不完整或已损坏" in err.message


def test_zip_header_followed_by_garbage():
    assert refused(b"PK\x03\x04" + bytes(range(256)) * 8).code == "truncated"


def test_corrupt_central_directory(valid):
    data = bytearray(valid)
    end = data.rfind(b"PK\x05\x06")
    data[end + 16 : end + 20] = (len(valid) * 2).to_bytes(
        4, "little"
    )  # central directory offset past the end
    assert refused(bytes(data)).code == "truncated"


def test_word_document_renamed_xlsx():
    data = make_zip(
        {"[Content_Types].xml": MINIMAL_PARTS["[Content_Types].xml"], "word/document.xml": b"<w:document/>"}
    )
    err = refused(data)
    assert err.code == "not_a_workbook"
    assert "xl/workbook.xml" in err.message


def test_vba_project_inside_xlsx(valid):
    err = refused(rewrite_zip(valid, {"xl/vbaProject.bin": OLE2_MAGIC + bytes(504)}))
    assert err.code == "macros"
    assert "带宏的工作簿不被接受" in err.message and "xl/vbaProject.bin" in err.message


def test_macro_enabled_content_type(valid):
    with zipfile.ZipFile(io.BytesIO(valid)) as src:
        types = src.read("[Content_Types].xml")
    main = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    assert main in types
    err = refused(
        rewrite_zip(
            valid,
            {
                "[Content_Types].xml": types.replace(
                    main, b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
                )
            },
        )
    )
    assert err.code == "macros"


def test_macro_content_type_across_a_chunk_boundary():
    marker = b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    padding = b" " * (safety.PEEK_BYTES - 20)  # the marker straddles the first 4 KB read
    data = make_zip(
        {
            **MINIMAL_PARTS,
            "[Content_Types].xml": b"<Types>"
            + padding
            + b'<Override ContentType="'
            + marker
            + b'"/></Types>',
        }
    )
    assert refused(data).code == "macros"


def test_zip_bomb(bomb, reads):
    assert len(bomb) < 2 * 1024 * 1024
    with zipfile.ZipFile(io.BytesIO(bomb)) as zf:  # a real zip that zipfile opens
        assert zf.getinfo(BOMB_ENTRY).file_size == 250 * 1024 * 1024
    reads.clear()
    err = refused(bomb)
    assert err.code == "zip_bomb"
    assert "压缩炸弹" in err.message and "250 MB" in err.message
    assert BOMB_ENTRY not in {name for name, _ in reads}  # refused from the central directory alone
    assert all(0 < n <= safety.PEEK_BYTES for _, n in reads)


def test_zip_bomb_refusal_stays_small_in_memory(bomb):
    tracemalloc.start()
    try:
        with pytest.raises(UploadRefused):
            check_upload(bomb, "bomb.xlsx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50 * 1024 * 1024


def test_single_entry_with_a_bomb_ratio():
    body = bytes(20 * 1024 * 1024)  # 20 MB of zeros deflates about 1000:1, under the 200 MB total
    err = refused(make_zip({**MINIMAL_PARTS, BOMB_ENTRY: body}))
    assert err.code == "zip_bomb"
    assert "压缩比" in err.message and BOMB_ENTRY in err.message


def test_small_entries_may_compress_well():
    # a 5 MB sheet of blanks compresses 1000:1 and is harmless: the ratio rule is for entries over 10 MB
    assert check_upload(make_zip({**MINIMAL_PARTS, BOMB_ENTRY: bytes(5 * 1024 * 1024)}), "ok.xlsx") == "xlsx"


def test_too_many_entries():
    parts = {**MINIMAL_PARTS, **{f"xl/media/{i}.bin": b"" for i in range(MAX_ENTRIES)}}
    err = refused(make_zip(parts, zipfile.ZIP_STORED))
    assert err.code == "zip_bomb"
    assert "压缩条目" in err.message


def test_bzip2_entries_are_never_opened():
    err = refused(make_zip({**MINIMAL_PARTS, SHEET: b"<worksheet/>"}, zipfile.ZIP_BZIP2))
    assert err.code == "not_a_workbook"
    assert "压缩方式" in err.message


def test_zip_level_encryption():
    data = bytearray(make_zip(MINIMAL_PARTS))
    central = data.find(b"PK\x01\x02")
    data[central + 8] |= 0x1  # general purpose flag bit 0: entry encrypted
    err = refused(bytes(data))
    assert err.code == "encrypted"
    assert "请取消工作簿密码后重新上传" in err.message


def test_sheet_dimension_of_the_whole_grid(valid):
    err = refused(with_dimension(valid, "A1:XFD1048576"))
    assert err.code == "too_many_cells"
    assert SHEET in err.message and "A1:XFD1048576" in err.message
    assert "1048576 行 × 16384 列" in err.message


def test_sheet_dimension_at_the_limit(valid):
    assert 1_000_000 * 5 == MAX_CELLS
    assert check_upload(with_dimension(valid, "A1:E1000000"), "ok.xlsx") == "xlsx"
    assert refused(with_dimension(valid, "A1:E1000001")).code == "too_many_cells"
    assert (
        check_upload(with_dimension(valid, "B2:F1000001"), "ok.xlsx") == "xlsx"
    )  # the range, not its end corner
    assert refused(with_dimension(valid, "B2:F1000002")).code == "too_many_cells"


def test_sheet_at_any_part_name_is_checked(valid):
    err = refused(with_dimension(valid, "A1:XFD1048576", part="xl/elsewhere/data.xml"))
    assert err.code == "too_many_cells"
    assert "xl/elsewhere/data.xml" in err.message


def test_unreadable_dimension_is_left_to_the_parser(valid):
    assert check_upload(with_dimension(valid, "nonsense"), "ok.xlsx") == "xlsx"


def test_dimension_check_reads_only_the_head_of_a_sheet(reads):
    data = make_zip(
        {
            **MINIMAL_PARTS,
            SHEET: b'<worksheet><dimension ref="A1:XFD1048576"/><sheetData>' + b"<row/>" * 1_000_000,
        }
    )
    assert refused(data).code == "too_many_cells"
    assert [n for name, n in reads if name == SHEET] == [safety.PEEK_BYTES]


# 6. xls (OLE2)


def test_xls_with_vba_project():
    data = xls_bytes() + "_VBA_PROJECT_CUR\0".encode("utf-16-le")
    err = refused(data, "old.xls")
    assert err.code == "macros"
    assert "另存为 .xlsx" in err.message


def test_xls_with_filepass_record():
    data = bytearray(xls_bytes())
    bof = data.find(b"\x09\x08\x10\x00\x00\x06\x05\x00")
    after = bof + 4 + 16
    assert data[after : after + 2] == b"\xe1\x00"  # xlwt writes INTERFACEHDR right after the BOF
    data[after : after + 2] = b"\x2f\x00"  # make it FILEPASS, as an Excel-encrypted .xls has
    err = refused(bytes(data), "old.xls")
    assert err.code == "encrypted"
    assert "请取消工作簿密码后重新上传" in err.message


def test_filepass_bytes_far_from_the_bof_are_not_encryption():
    data = xls_bytes()
    assert check_upload(data + b"\x2f\x00\x06\x00" + bytes(6), "old.xls") == "xls"


def test_encrypted_xlsx_named_xls():
    err = refused(OLE2_MAGIC + bytes(504) + "EncryptionInfo\0EncryptedPackage\0".encode("utf-16-le"), "a.xls")
    assert err.code == "encrypted"


def test_word_97_document_named_xls():
    err = refused(OLE2_MAGIC + bytes(504) + "WordDocument\0".encode("utf-16-le"), "a.xls")
    assert err.code == "not_a_workbook"
    assert "Word" in err.message
