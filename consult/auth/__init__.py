"""Staff login and logout, and who may do what (``permissions``, free of Flask).

The blueprint lives in ``consult.auth.routes``; importing this package loads no Flask code, so
that services and the CLI can use :mod:`consult.auth.permissions`.
"""
