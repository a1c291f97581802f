"""A real LibreOffice converter (unoserver), one for the whole session: every letter built
while ``pdf_converter`` is in use goes out as PDF/A, as in a worker."""
import shutil

import pytest

from potten.letters import pdf
from tests.conftest import ON_CI
from tests.review.conftest import in_request  # noqa: F401  (operations run in a request, as in the app)

_started: list = []


@pytest.fixture(scope="session")
def _converter():
    try:
        converter = pdf.Converter(*pdf.find("soffice", "/usr/bin/python3")).start()
    except pdf.ConverterMissing as exc:
        if ON_CI:
            pytest.fail(f"LibreOffice must convert letters on CI: {exc}", pytrace=False)
        pytest.skip(f"no LibreOffice converter here: {exc} (make browsers installs it)")
    if not shutil.which("pdftotext"):
        converter.stop()
        if ON_CI:
            pytest.fail("pdftotext must be installed on CI", pytrace=False)
        pytest.skip("pdftotext is not installed (make browsers installs it)")
    yield converter
    converter.stop()


@pytest.fixture
def pdf_converter(_converter):
    """Letters built during the test are converted by the session's LibreOffice."""
    pdf.use(_converter)
    yield _converter
    pdf.use(None)
