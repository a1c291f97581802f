"""Letters as PDF/A-2b, the archive format, converted from the .docx by LibreOffice.

LibreOffice starts slowly (seconds) and converts quickly (a fraction of a second), so it
runs as one long-lived converter per worker: ``unoserver`` (from PyPI) keeps one
``soffice`` running and converts over XML-RPC on a local port. The server side needs a
Python with LibreOffice's UNO bridge (Debian's ``python3-uno``), which need not be the
Python of the service: ``POTTEN_UNO_PYTHON`` names it. ``python -m workers`` starts the
converter before it forks its work horse (``start``); the horse converts through it. Where
LibreOffice or the bridge is missing, ``start`` says why and letters go out as .docx.
"""
import atexit
import contextlib
import ctypes
import io
import logging
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

log = logging.getLogger(__name__)
logging.getLogger("unoserver").setLevel(logging.WARNING)  # its client logs every conversion at INFO
# PDF/A-2b; tagged for screen readers (and for stranded_headings); the document title shown in the reader's window
FILTER_OPTIONS = ["SelectPdfVersion=2", "UseTaggedPDF=true", "DisplayPDFDocumentTitle=true"]
START_SECONDS = 60
HEADINGS = {"/H", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6"}  # the standard structure types


class ConverterMissing(Exception):
    """LibreOffice or its UNO bridge is not installed here."""


class Converter:
    """One ``unoserver`` (and its ``soffice``) of this process, on free local ports."""

    def __init__(self, soffice: str, python: str):
        self.soffice, self.python = soffice, python
        self.port = self.process = self.profile = None

    def start(self) -> "Converter":
        import unoserver

        self.port, uno_port = _free_port(), _free_port()
        self.profile = tempfile.mkdtemp(prefix="potten-lo-")
        env = dict(os.environ, PYTHONPATH=str(Path(unoserver.__file__).parents[1]))
        self.process = subprocess.Popen(
            [self.python, "-m", "unoserver.server", "--interface", "127.0.0.1", "--port", str(self.port),
             "--uno-port", str(uno_port), "--executable", self.soffice, "--user-installation", self.profile,
             "--quiet"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=_die_with_parent, start_new_session=True)
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ConverterMissing(f"the converter stopped at start (exit code {self.process.returncode})")
            with contextlib.suppress(OSError):
                self._client()._connect(self._proxy(), retries=1)
                return self
            time.sleep(0.2)
        self.stop()
        raise ConverterMissing(f"LibreOffice did not start within {START_SECONDS} s")

    def convert(self, docx: bytes) -> bytes:
        """``docx`` as PDF/A-2b bytes. If LibreOffice died, start it again and try once more."""
        try:
            return self._convert(docx)
        except (OSError, RuntimeError) as exc:
            log.warning("the PDF converter failed (%s); starting it again", exc)
            self.stop()
            self.start()
            return self._convert(docx)

    def _convert(self, docx: bytes) -> bytes:
        pdf = self._client().convert(indata=docx, convert_to="pdf", filter_options=FILTER_OPTIONS)
        if not pdf or not pdf.startswith(b"%PDF"):
            raise RuntimeError("LibreOffice returned no PDF")
        return pdf

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None
        if self.profile:
            shutil.rmtree(self.profile, ignore_errors=True)
            self.profile = None

    def _client(self):
        from unoserver.client import UnoClient

        return UnoClient(server="127.0.0.1", port=str(self.port))

    def _proxy(self):
        from xmlrpc.client import ServerProxy

        return ServerProxy(f"http://127.0.0.1:{self.port}", allow_none=True)


_current: Converter | None = None


def find(soffice: str | None, python: str | None) -> tuple[str, str]:
    """The soffice program and a Python with the UNO bridge, or ``ConverterMissing`` saying why."""
    if not soffice or soffice == "off":
        raise ConverterMissing("POTTEN_LIBREOFFICE is off")
    program = shutil.which(soffice)
    if program is None:
        raise ConverterMissing(f"LibreOffice ({soffice}) is not installed (Debian: libreoffice-writer-nogui)")
    try:
        import unoserver  # noqa: F401
    except ImportError as exc:
        raise ConverterMissing("the Python package unoserver is not installed") from exc
    if not python or subprocess.run([python, "-c", "import uno"], capture_output=True).returncode != 0:
        raise ConverterMissing(f"{python} cannot import LibreOffice's UNO bridge (Debian: python3-uno)")
    return program, python


def start(soffice: str | None, python: str | None) -> Converter | None:
    """Start this process's converter; ``None`` (and a warning saying why) where it cannot run."""
    global _current
    try:
        _current = Converter(*find(soffice, python)).start()
    except ConverterMissing as exc:
        log.warning("letters go out as .docx, not PDF: %s", exc)
        return None
    atexit.register(_current.stop)
    import pikepdf  # noqa: F401  (loaded once here, before the worker forks: stranded_headings reads with it)

    log.info("letters go out as PDF/A-2b, converted by LibreOffice (converter on port %s)", _current.port)
    return _current


def use(converter: Converter | None) -> None:
    """Have this process convert with ``converter`` (``None``: send .docx)."""
    global _current
    _current = converter


def to_pdf(docx: bytes) -> bytes | None:
    """``docx`` as PDF/A-2b, or ``None`` where this process has no converter."""
    return _current.convert(docx) if _current is not None else None


def laid_out(data: dict, build, tries: int = 3) -> tuple[bytes, bytes | None]:
    """The letter ``data`` as (.docx, PDF/A or ``None``), built by ``build(data, break_before)``.

    LibreOffice does not always keep a heading with the paragraph after it (keep-with-next
    is set), so the PDF is read back: a heading left as the last line of a page starts the
    next page instead, and the letter is converted again (rarely more than once)."""
    timer = _Stages()
    breaks: frozenset[str] = frozenset()
    docx = timer.run("build", build, data, breaks)
    pdf = timer.run("convert", to_pdf, docx)
    headings = [b["text"] for b in data["blocks"] if b["type"] == "heading"]
    for _ in range(tries):
        found = timer.run("read back", stranded_headings, pdf) if pdf is not None else set()
        stranded = {headings[i] for i in found if i < len(headings)}
        if not stranded - breaks:
            break
        breaks = breaks | stranded
        docx = timer.run("build", build, data, breaks)
        pdf = timer.run("convert", to_pdf, docx)
    log.info("letter laid out: %s", timer)
    return docx, pdf


def stranded_headings(pdf: bytes) -> set[int]:
    """The headings that end a page (above its footer), by their place among the letter's
    headings: 0 is the first.

    Read from the structure of the tagged PDF (``UseTaggedPDF``), in this process: each
    heading is an H element, the footer is an artifact, so the last marked content of a
    page that is not an artifact tells what ends the page. (Laying the text out again with
    pdftotext cost more CPU than LibreOffice's conversion itself.)"""
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            return _stranded_in(doc)
    except (pikepdf.PdfError, AttributeError, KeyError, IndexError, TypeError) as exc:
        log.warning("could not read the layout of a letter's PDF back (%s)", exc)
        return set()


def _stranded_in(doc) -> set[int]:
    import pikepdf

    root = doc.Root.StructTreeRoot
    roles = root.get("/RoleMap", {})
    headings: dict[tuple[int, int], int] = {}  # the heading elements, in the order of the document

    def walk(kids) -> None:
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                if _is_heading(kid, roles):
                    headings[kid.objgen] = len(headings)
                walk(kid.get("/K", pikepdf.Array()))

    walk(root.K)
    parents = pikepdf.NumberTree(root.ParentTree)
    found = set()
    for page in doc.pages:
        last = None
        for operands, _ in pikepdf.parse_content_stream(page, "BDC"):
            if str(operands[0]) != "/Artifact" and isinstance(operands[1], pikepdf.Dictionary) \
                    and "/MCID" in operands[1]:
                last = int(operands[1].MCID)
        if last is None or "/StructParents" not in page.obj:
            continue
        element = parents[int(page.obj.StructParents)][last]
        while isinstance(element, pikepdf.Dictionary) and "/S" in element:  # a span inside a heading
            if element.objgen in headings:
                found.add(headings[element.objgen])
                break
            element = element.get("/P")
    return found


def _is_heading(element, roles) -> bool:
    kind = element.S
    return str(roles.get(kind, kind)) in HEADINGS


class _Stages:
    """Milliseconds spent in each stage of laying a letter out, for the worker's log."""

    def __init__(self):
        self.ms: dict[str, float] = {}
        self.calls: dict[str, int] = {}

    def run(self, stage: str, function, *args):
        began = time.perf_counter()
        try:
            return function(*args)
        finally:
            self.ms[stage] = self.ms.get(stage, 0) + (time.perf_counter() - began) * 1000
            self.calls[stage] = self.calls.get(stage, 0) + 1

    def __str__(self) -> str:
        return ", ".join(f"{stage} {ms:.0f} ms" + (f" ({self.calls[stage]}x)" if self.calls[stage] > 1 else "")
                         for stage, ms in self.ms.items())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    """Linux: the converter gets SIGTERM when the process that started it dies."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)
