"""The JSON API (``/api/v1``): submissions and batches from tablets and the offline web app.

CSRF tokens do not apply here (the blueprint is exempt): a request is either authenticated by a
device token in the ``Authorization`` header, which a browser never adds by itself to a
cross-site request, or anonymous — exactly what the public questionnaire form already allows
anyone to do. No cookie or login session is ever read by these views, so a forged cross-site
request gains nothing. As defence in depth every POST must be ``application/json`` (cross-site
pages cannot send that without a CORS preflight, which this API never answers) and a request
whose ``Origin`` or ``Sec-Fetch-Site`` says it comes from another site is refused.
"""

from flask import Blueprint

from consult.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)

from consult.api import errors, routes  # noqa: E402, F401  (registers views and handlers)
