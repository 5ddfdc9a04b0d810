"""Refuse hostile or broken uploads before any workbook parser sees them.

Checks run cheapest first: the file name, the extension, the size, the magic
bytes, then the structure. For an .xlsx only the zip's central directory is
trusted for sizes, and no entry is ever read past its first 4 KB (bounded
chunks for [Content_Types].xml), so a refusal costs milliseconds and a few MB
whatever the upload claims to unpack to. Every check that needs only the
central directory runs before any check that decompresses a byte.

Limits of what this can see, on purpose: a zip's declared sizes can lie low
(the parser then stops at the declared size or fails its CRC check), a sheet's
<dimension> can understate its extent, and the .xls checks are byte-pattern
heuristics rather than a compound-file parser. The reader still refuses what
slips through; this module keeps the obvious hostile cases away from it.
"""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
import zlib

from base import settings
from base.excel import OLE2_MAGIC
from base.settings import max_upload_bytes

DEFAULT_MAX_BYTES = int(settings.SETTINGS_BY_NAME["PILOT_MAX_UPLOAD_MB"].default * 1024 * 1024)
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # sum of uncompressed sizes of all zip entries
MAX_RATIO = 100  # uncompressed/compressed for any single entry of meaningful size
MAX_CELLS = 5_000_000  # rows × columns from a sheet's <dimension ref="A1:…">
MAX_ENTRIES = 10_000  # real workbooks hold tens of parts; each entry costs a ZipInfo in memory
BIG_ENTRY_BYTES = 10 * 1024 * 1024  # below this a high ratio is harmless (a sheet of blank styled cells)
PEEK_BYTES = 4096  # the most ever asked of one read of a zip entry
CONTENT_TYPES_SCAN = (
    1024 * 1024
)  # [Content_Types].xml grows with the part count; scan this much, 4 KB at a time
XLS_SCAN_BYTES = 64 * 1024  # where an .xls's workbook stream starts, in files written by Excel and xlwt

MB = 1024 * 1024

MACRO_EXTENSIONS = {".xlsm", ".xltm", ".xlsb", ".xlam"}
WORKBOOK_EXTENSIONS = {".xlsx", ".xls"}

ZIP_MAGIC = b"PK\x03\x04"
ZIP_CENTRAL_RECORD = b"PK\x01\x02"
PDF_MAGIC = b"%PDF"

# OLE2 directory entry names are UTF-16LE, NUL-terminated
VBA_STORAGE = "_VBA_PROJECT_CUR".encode("utf-16-le")
ENCRYPTED_PACKAGE = "EncryptedPackage\0".encode("utf-16-le")  # a password-protected .xlsx inside OLE2
WORKBOOK_STREAMS = ("Workbook\0".encode("utf-16-le"), "Book\0".encode("utf-16-le"))  # BIFF8, BIFF5

# BOF of the workbook-globals substream: type 0x0809, length 16 (BIFF8) or 8 (BIFF5),
# version 0x0600 or 0x0500, substream type 0x0005
BIFF_GLOBALS_BOF = re.compile(rb"\x09\x08[\x10\x08]\x00\x00[\x06\x05]\x05\x00")
BIFF_FILEPASS = 0x002F
BIFF_RECORDS_BEFORE_FILEPASS = 3  # BOF, then an optional WRITEPROT, then FILEPASS (MS-XLS globals substream)

DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?\bref\s*=\s*[\"']([^\"']*)[\"']")
CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")

MACRO_CONTENT_MARKERS = (b"macroenabled", b"vbaproject", b"macrosheet")  # lowercased
SAFE_COMPRESSION = {
    zipfile.ZIP_STORED,
    zipfile.ZIP_DEFLATED,
}  # what Excel writes; the only ones zipfile reads in bounded steps

ZIP_READ_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    EOFError,
    OSError,
    ValueError,
    struct.error,
    zlib.error,
    NotImplementedError,
    RuntimeError,
)

RESUBMIT = "请在 Excel 中打开后另存为 .xlsx 再上传"


class UploadRefused(Exception):
    """An upload refused before parsing: `code` is a stable English id, `message` says in Chinese what to do."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def check_upload(data: bytes, file_name: str, max_bytes: int | None = None) -> str:
    """Returns the format, "xlsx" or "xls"; raises UploadRefused.

    The format is what the bytes are, not what the name says: the reader opens
    both by content, so a real .xlsx named .xls returns "xlsx" and a real .xls
    named .xlsx returns "xls".
    """
    check_file_name(file_name)
    extension = check_extension(file_name)
    check_size(data, max_upload_bytes() if max_bytes is None else max_bytes)
    if data.startswith(ZIP_MAGIC):
        check_xlsx(data)
        return "xlsx"
    if data.startswith(OLE2_MAGIC):
        return check_ole2(data, extension)
    raise UploadRefused("not_a_workbook", not_a_workbook_message(data))


# 1. file name

BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F)}


def is_control(ch: str) -> bool:
    """C0/C1 controls, DEL, lone surrogates, and bidi overrides that can disguise an extension ("a\\u202exslx.exe")."""
    o = ord(ch)
    return o < 32 or 127 <= o < 160 or 0xD800 <= o <= 0xDFFF or ch in BIDI_CONTROLS


def check_file_name(name: str) -> None:
    if not name or not name.strip():
        raise bad_file_name(name, "文件名为空")
    if len(name) > 255:
        raise bad_file_name(name, f"文件名过长（{len(name)} 个字符，最多 255 个）")
    if any(is_control(ch) for ch in name):
        raise bad_file_name(name, "文件名含有控制字符或不可见字符")
    if "/" in name or "\\" in name or name.strip() in (".", ".."):
        raise bad_file_name(name, "文件名含有路径（“/”“\\”或“..”）")


def bad_file_name(name: str, reason: str) -> UploadRefused:
    shown = "".join("?" if is_control(ch) else ch for ch in (name or ""))
    shown = shown if len(shown) <= 60 else shown[:57] + "…"
    return UploadRefused(
        "bad_file_name",
        f"文件名“{shown}”不可用：{reason}。请将文件改为普通名称（如“北京_2019Q4.xlsx”）后重新上传。",
    )


# 2. extension


def check_extension(name: str) -> str:
    extension = os.path.splitext(name)[1].lower()
    if extension in MACRO_EXTENSIONS:
        raise UploadRefused(
            "macros",
            f"带宏的工作簿不被接受（{extension} 可能含有宏或为二进制格式）。"
            "请在 Excel 中另存为 .xlsx（Excel 工作簿）后重新上传。",
        )
    if extension not in WORKBOOK_EXTENSIONS:
        shown = extension or "（无扩展名）"
        raise UploadRefused(
            "bad_extension",
            f"不支持“{shown}”类型的文件。请上传按模板填写的 Excel 工作簿（.xlsx，或旧版 .xls）。",
        )
    return extension


# 3. size


def format_size(n: int) -> str:
    if n >= MB:
        return f"{n / MB:.1f}".rstrip("0").rstrip(".") + " MB"
    if n >= 1024:
        return f"{n / 1024:.1f}".rstrip("0").rstrip(".") + " KB"
    return f"{n} 字节"


def check_size(data: bytes, max_bytes: int) -> None:
    if len(data) == 0:
        raise UploadRefused(
            "empty",
            "文件为空（0 字节），可能是上传中断或保存失败。请确认文件在 Excel 中能正常打开后重新上传。",
        )
    if len(data) > max_bytes:
        raise UploadRefused(
            "too_large",
            f"文件大小为 {format_size(len(data))}，超过上限 {format_size(max_bytes)}。"
            f"请删除多余的空行空列、图片或附件后另存为 .xlsx 再上传。",
        )


# 4. content by magic bytes


def not_a_workbook_message(data: bytes) -> str:
    kind = describe_non_workbook(data)
    if kind:
        space = (
            " " if kind[0].isascii() else ""
        )  # a space between Chinese and Latin text, as the other messages write it
        return (
            f"该文件实为{space}{kind}（只是扩展名像 Excel），不是 Excel 工作簿。"
            "请用 Excel 打开后另存为 .xlsx（Excel 工作簿）再上传。"
        )
    return (
        "该文件不是 Excel 工作簿（.xlsx/.xls），可能已损坏或只是改了扩展名。请上传按模板填写的 .xlsx 文件。"
    )


def describe_non_workbook(data: bytes) -> str | None:
    """What the bytes look like, in Chinese, when we can tell; None otherwise."""
    head = data[:PEEK_BYTES]
    if head.startswith(PDF_MAGIC):
        return "PDF 文件"
    text = decode_text(head, truncated=len(data) > len(head))
    if text is None:
        return None
    lowered = text.lower()
    if "<html" in lowered or "<table" in lowered:  # many systems export a web page and call it .xls
        return "网页（HTML）文件"
    if "," in text or "\t" in text or "，" in text:
        return "CSV/文本文件"
    return "文本文件"


def decode_text(head: bytes, truncated: bool) -> str | None:
    """The sample as text if it is UTF-16 with a BOM, or UTF-8/GB18030 (a superset of GBK) without NULs or controls."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode 文本" export is UTF-16
        return head.decode("utf-16", errors="replace")
    if b"\x00" in head:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError as exc:
            # the sample may cut a multi-byte character in two at its end
            if not (truncated and exc.start >= len(head) - 3):
                continue
            text = head[: exc.start].decode(encoding)
        if not any(ord(ch) < 32 and ch not in "\t\r\n\f" for ch in text):
            return text
    return None


# 5. xlsx structure


def check_xlsx(data: bytes) -> None:
    check_entry_count(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            names = {info.filename.lower(): info for info in infos}
            check_required_parts(names)
            check_macro_parts(names)
            check_unpacked_size(infos)
            check_entry_methods(infos)
            check_macro_content_types(zf, names["[content_types].xml"])
            check_sheet_dimensions(zf, infos)
    except ZIP_READ_ERRORS as exc:
        raise UploadRefused(
            "truncated",
            "文件不完整或已损坏（无法读取其压缩结构），可能是下载或复制中断。"
            "请确认文件在 Excel 中能正常打开，另存为 .xlsx 后重新上传。",
        ) from exc


def check_entry_count(data: bytes) -> None:
    """Bound the entries before zipfile builds a ZipInfo for each.

    Every central-directory record starts with PK\\x01\\x02, so counting that
    signature bounds the entry count from above in one pass over the bytes.
    """
    count = data.count(ZIP_CENTRAL_RECORD)
    if count > MAX_ENTRIES:
        raise UploadRefused(
            "zip_bomb",
            f"文件内含约 {count} 个压缩条目（正常工作簿只有几十个，上限 {MAX_ENTRIES} 个），"
            "疑似恶意构造的压缩包，已拒绝。"
            f"{RESUBMIT}。",
        )


def check_required_parts(names: dict) -> None:
    missing = [part for part in ("[Content_Types].xml", "xl/workbook.xml") if part.lower() not in names]
    if missing:
        raise UploadRefused(
            "not_a_workbook",
            f"该文件是压缩包，但缺少 Excel 工作簿必需的 {'、'.join(missing)}，"
            f"可能是 Word/PowerPoint 文档或其他压缩文件改了扩展名。请上传按模板填写的 .xlsx 文件。",
        )


def check_macro_parts(names: dict) -> None:
    for name in names:
        if name.endswith("vbaproject.bin") or name.startswith("xl/macrosheets/"):
            raise macros_inside(names[name].filename)


def macros_inside(where: str) -> UploadRefused:
    return UploadRefused(
        "macros",
        f"带宏的工作簿不被接受（文件内含宏：{where}）。请在 Excel 中另存为 .xlsx（Excel 工作簿，不含宏）后重新上传。",
    )


def check_unpacked_size(infos: list[zipfile.ZipInfo]) -> None:
    """Sizes as the central directory declares them; nothing is decompressed to learn them."""
    total = sum(info.file_size for info in infos)
    if total > MAX_UNPACKED_BYTES:
        raise zip_bomb(f"解压后共约 {format_size(total)}，超过上限 {format_size(MAX_UNPACKED_BYTES)}")
    for info in infos:
        if info.file_size > BIG_ENTRY_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise zip_bomb(
                f"其中 {info.filename} 压缩比约为 {ratio}:1（解压后 {format_size(info.file_size)}），远超正常工作簿"
            )


def zip_bomb(detail: str) -> UploadRefused:
    return UploadRefused(
        "zip_bomb",
        f"文件疑似“压缩炸弹”：{detail}，已拒绝。如确为正常填报文件，请删除多余的空行空列和图片后另存为 .xlsx 再上传。",
    )


def check_entry_methods(infos: list[zipfile.ZipInfo]) -> None:
    """Excel only stores or deflates; zipfile decompresses bzip2/lzma without an output bound, so never open those."""
    for info in infos:
        if info.flag_bits & 0x1:
            raise UploadRefused(
                "encrypted", f"文件内容被加密（{info.filename}），系统无法读取。请取消工作簿密码后重新上传。"
            )
        if info.compress_type not in SAFE_COMPRESSION:
            raise UploadRefused(
                "not_a_workbook",
                f"文件中的 {info.filename} 使用了 Excel 不会使用的压缩方式（编号 {info.compress_type}），"
                f"不是 Excel 保存的工作簿。{RESUBMIT}。",
            )


def check_macro_content_types(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """A macro-enabled workbook keeps its code wherever its rels say, but always declares the content type."""
    longest = max(len(m) for m in MACRO_CONTENT_MARKERS)
    tail = b""
    read = 0
    with zf.open(info) as stream:
        while read < CONTENT_TYPES_SCAN:
            chunk = stream.read(PEEK_BYTES)
            if not chunk:
                return
            read += len(chunk)
            window = (tail + chunk).lower()  # the tail catches a marker cut by a chunk boundary
            if any(marker in window for marker in MACRO_CONTENT_MARKERS):
                raise macros_inside(info.filename)
            tail = window[-(longest - 1) :]


def check_sheet_dimensions(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """Peek at every part, not only xl/worksheets/sheet*.xml: the workbook's rels may point a sheet at any part name."""
    for info in infos:
        if info.is_dir() or info.file_size == 0:
            continue
        with zf.open(info) as stream:
            head = stream.read(PEEK_BYTES)
        found = DIMENSION.search(head)
        if not found:
            continue
        ref = found.group(1).decode("ascii", errors="replace")
        size = dimension_size(ref)
        if size and size[0] * size[1] > MAX_CELLS:
            rows, cols = size
            raise UploadRefused(
                "too_many_cells",
                f"工作表 {info.filename} 的已用区域为 {ref}（{rows} 行 × {cols} 列，共 {rows * cols} 个单元格），"
                f"超过上限 {MAX_CELLS} 个。通常是整行整列设置了格式："
                "请删除数据区域以外的多余行列后另存为 .xlsx 再上传。",
            )


def dimension_size(ref: str) -> tuple[int, int] | None:
    """(rows, columns) of "A1:XFD1048576" or "B2"; None when the ref is not one we can read (the parser then
    decides)."""
    corners = [CELL_REF.fullmatch(part.strip()) for part in ref.split(":")]
    if not 1 <= len(corners) <= 2 or not all(corners):
        return None
    (c1, r1), (c2, r2) = [(column_number(m.group(1)), int(m.group(2))) for m in (corners[0], corners[-1])]
    return abs(r2 - r1) + 1, abs(c2 - c1) + 1


def column_number(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - ord("A") + 1
    return n


# 6. OLE2: .xls, or a password-protected .xlsx


def check_ole2(data: bytes, extension: str) -> str:
    """Byte-pattern checks on the compound file, without parsing its sector chains.

    Directory entry names are UTF-16LE and searched for anywhere in the file;
    the workbook stream is looked for in the first 64 KB, where Excel puts it.
    """
    is_encrypted_package = ENCRYPTED_PACKAGE in data
    has_workbook = any(stream in data for stream in WORKBOOK_STREAMS)
    if extension == ".xlsx" and (is_encrypted_package or not has_workbook):
        raise encrypted()  # an .xlsx saved with a password is an OLE2 file holding the encrypted package
    if VBA_STORAGE in data:
        raise UploadRefused(
            "macros",
            "带宏的工作簿不被接受（文件内含 VBA 宏）。请在 Excel 中另存为 .xlsx（Excel 工作簿，不含宏）后重新上传。",
        )
    if is_encrypted_package:
        raise encrypted()
    if not has_workbook:
        raise UploadRefused(
            "not_a_workbook",
            "该文件是 Office 文档，但不含 Excel 工作表（可能是 Word 或 PowerPoint 文件改了扩展名）。"
            "请上传按模板填写的 .xlsx 文件。",
        )
    if has_filepass(data[:XLS_SCAN_BYTES]):
        raise encrypted()
    return "xls"


def encrypted() -> UploadRefused:
    return UploadRefused(
        "encrypted",
        "工作簿设置了打开密码（已加密），系统无法读取。请取消工作簿密码后重新上传"
        "（Excel 中：文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码并保存）。",
    )


def has_filepass(head: bytes) -> bool:
    """Heuristic: find the workbook-globals BOF, then walk the next records for FILEPASS (0x002F).

    Excel writes BOF and FILEPASS unencrypted, with at most a WRITEPROT between
    them, so walking three records from the BOF avoids matching the bytes
    2F 00 wherever they happen to occur. A BOF beyond 64 KB is not seen; the
    reader then refuses the file itself.
    """
    found = BIFF_GLOBALS_BOF.search(head)
    if not found:
        return False
    pos = found.start()
    for _ in range(BIFF_RECORDS_BEFORE_FILEPASS):
        if pos + 4 > len(head):
            return False
        record_type, length = struct.unpack_from("<HH", head, pos)
        if record_type == BIFF_FILEPASS:
            return True
        pos += 4 + length
    return False
