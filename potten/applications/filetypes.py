"""What kind of file an upload really is, decided by its content (never by its name)."""
import io
import math
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from flask_babel import format_decimal


@dataclass(frozen=True)
class FileType:
    content_type: str
    extensions: tuple[str, ...]
    label: str


PDF = FileType("application/pdf", (".pdf",), "PDF")
JPEG = FileType("image/jpeg", (".jpg", ".jpeg"), "JPEG")
PNG = FileType("image/png", (".png",), "PNG")
DOCX = FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (".docx",), "Word")
ACCEPTED = (PDF, JPEG, PNG, DOCX)


def sniff(data: bytes) -> FileType | None:
    """The accepted type the bytes are, or None. A .docx is a zip that holds word/document.xml."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"PK\x03\x04") and _is_docx(data):
        return DOCX
    return None


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()  # reads the directory only, unpacks nothing
    except (zipfile.BadZipFile, ValueError, OSError):
        return False


def safe_filename(name: str, kind: FileType) -> str:
    """The name without folders or control characters, ending in the extension of what it really is."""
    name = unicodedata.normalize("NFC", (name or "").replace("\\", "/").rsplit("/", 1)[-1])
    name = re.sub(r"[\x00-\x1f\x7f\"<>|:*?]", "", name).strip(" .") or "vedlegg"
    if not name.lower().endswith(kind.extensions):
        name += kind.extensions[0]
    if len(name) > 120:
        stem, dot, ext = name.rpartition(".")
        name = stem[:120 - len(ext) - 1] + dot + ext
    return name


def human_size(size: int) -> str:
    """``240 kB``, ``10,5 MB`` in the reader's language."""
    if size < 1024 * 1024:
        return format_decimal(max(1, round(size / 1024)), format="#,##0") + "\u00a0kB"
    tenths = math.ceil(size * 10 / (1024 * 1024))  # rounded up, so a file just over 10 MB never reads "10 MB"
    return format_decimal(tenths / 10, format="#,##0.#") + "\u00a0MB"
