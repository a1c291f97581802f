"""Configuration, read from the environment.

Every setting has a documented ``POTTEN_*`` environment variable (see README).
With none set, the service runs on the embedded default: SQLite in the instance
folder, jobs in process after the commit, mail written as .eml files.
"""
import os


def _env(name: str, default=None):
    value = os.environ.get(name)
    return value if value not in (None, "") else default


class Config:
    SECRET_KEY = _env("POTTEN_SECRET_KEY", "dev-only-not-secret")
    SQLALCHEMY_DATABASE_URI = _env("POTTEN_DATABASE_URL")  # None: SQLite in instance folder
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    REDIS_URL = _env("POTTEN_REDIS_URL")  # None: jobs run in process
    MAIL_SERVER = _env("POTTEN_MAIL_SERVER")  # None: mail is written to instance/mail
    MAIL_PORT = int(_env("POTTEN_MAIL_PORT", "25"))
    MAIL_USERNAME = _env("POTTEN_MAIL_USERNAME")
    MAIL_PASSWORD = _env("POTTEN_MAIL_PASSWORD")
    MAIL_USE_TLS = _env("POTTEN_MAIL_USE_TLS", "0") == "1"
    MAIL_SENDER = _env("POTTEN_MAIL_SENDER", "Nabolagspotten <nabolagspotten@larvik.kommune.no>")
    MAIL_DIR = _env("POTTEN_MAIL_DIR")  # None: instance/mail
    BASE_URL = _env("POTTEN_BASE_URL", "http://127.0.0.1:5000")
    BABEL_DEFAULT_LOCALE = "nb"
    BABEL_DEFAULT_TIMEZONE = "Europe/Oslo"
    LANGUAGES = ("nb", "en")
    MAX_CONTENT_LENGTH = 12 * 1024 * 1024  # a little over one 10 MB attachment plus the form
    MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
    WTF_CSRF_TIME_LIMIT = None  # a long application must not lose its token
    SESSION_COOKIE_SAMESITE = "Lax"
    # rows of computed rankings kept in each process (0: none); about 1.3 kB a row with its HTML
    RANKING_CACHE_ROWS = int(_env("POTTEN_RANKING_CACHE_ROWS", "10000"))
    # finished exports and figures kept under the database's versions (potten.core.version_cache): in Redis
    # when REDIS_URL is set, each entry for this many seconds; otherwise in each process, up to this many
    # bytes (0: none)
    VERSION_CACHE_BYTES = int(_env("POTTEN_VERSION_CACHE_BYTES", str(64 * 1024 * 1024)))
    VERSION_CACHE_SECONDS = int(_env("POTTEN_VERSION_CACHE_SECONDS", "3600"))
    # how many proxies (nginx, a load balancer) stand in front: the client's address is the one they saw
    TRUSTED_PROXIES = int(_env("POTTEN_TRUSTED_PROXIES", "0"))
    SESSION_IDLE_HOURS = float(_env("POTTEN_SESSION_IDLE_HOURS", "12"))  # a session ends after this long unused
    SESSION_MAX_DAYS = float(_env("POTTEN_SESSION_MAX_DAYS", "14"))  # and this long after the login, at the latest
    # LibreOffice for letters as PDF/A: the soffice program ("off": send .docx), and a Python that
    # has LibreOffice's UNO bridge (Debian: python3-uno) to run the converter (unoserver)
    LIBREOFFICE = _env("POTTEN_LIBREOFFICE", "soffice")
    UNO_PYTHON = _env("POTTEN_UNO_PYTHON", "/usr/bin/python3")
    # the municipality's account that repayments are paid to (shown in repayment decisions)
    REPAYMENT_ACCOUNT = _env("POTTEN_REPAYMENT_ACCOUNT", "2801 05 12345")
    # the payer in payment files (pain.001): the municipality's name, account (11 digits), org. number, bank BIC
    PAYER_NAME = _env("POTTEN_PAYER_NAME", "Larvik kommune")
    PAYER_ACCOUNT = _env("POTTEN_PAYER_ACCOUNT", "")
    PAYER_ORGNR = _env("POTTEN_PAYER_ORGNR", "")
    PAYER_BIC = _env("POTTEN_PAYER_BIC", "")
    PRODUCTION = False


class ProductionConfig(Config):
    PRODUCTION = True
    SESSION_COOKIE_SECURE = True


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret"
    WTF_CSRF_ENABLED = True
    PASSWORD_HASH_FAST = True


def config_from_environment():
    return ProductionConfig if _env("POTTEN_ENV") == "production" else Config
