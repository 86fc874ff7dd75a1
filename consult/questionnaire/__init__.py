"""Questionnaire definitions as data: schema validation, loading, hashing, answer cleaning.

Pure domain code: no Flask, no database.
"""
