"""Entry point for gunicorn: ``gunicorn wsgi:app``."""
from potten import create_app

app = create_app()
