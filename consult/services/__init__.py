"""Use cases as plain functions ``(session, plain values) -> result``, called by views and CLI.

Callers own the transaction (``with session.begin():``); services never commit.
"""
