"""Shared building blocks: types, audit log, outbox, mail, roles, time."""
