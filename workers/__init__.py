"""RQ workers for potten: ``python -m workers`` (see README)."""
