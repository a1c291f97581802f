"""Entry point for gunicorn: ``gunicorn wsgi:app``."""
from potten import create_app
from potten.core import collector

app = create_app()
collector.settle()  # each worker builds its app: the collector leaves what it built alone
