"""Login attacks: password guessing (throttled in the database), deactivated accounts, the
one-time admin password, session fixation; and the account commands."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from consult import create_app
from consult.models import AuditEvent, LoginThrottle, User
from consult.services.login_throttle import WINDOW, record_failure, retry_after, throttle_key
from tests.conftest import PASSWORD

EMAIL = "agent@example.org"


def attempt(client, password: str, email: str = EMAIL):
    return client.post("/connexion", data={"email": email, "password": password})


def test_forty_wrong_passwords_then_the_right_one_is_refused_429(client, auth, session):
    auth.create(EMAIL, "staff")
    statuses = [attempt(client, f"essai {i}").status_code for i in range(40)]
    assert statuses[:5] == [401] * 5
    assert set(statuses[5:]) == {429}
    response = attempt(client, PASSWORD)
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= WINDOW
    assert "Trop de tentatives de connexion" in response.get_data(as_text=True)
    assert client.get("/equipe/").status_code == 302  # still not logged in
    actions = session.scalars(select(AuditEvent.action)).all()
    assert actions.count("login.locked") == 1
    assert actions.count("login.throttled") == 36


def test_the_throttle_keeps_no_raw_address_nor_e_mail(client, auth, session):
    auth.create(EMAIL, "staff")
    for i in range(3):
        attempt(client, f"essai {i}")
    keys = session.scalars(select(LoginThrottle.key)).all()
    assert len(keys) == 2  # one for the account, one for the address
    assert all(re.fullmatch(r"[0-9a-f]{64}", key) for key in keys)
    events = session.scalars(select(AuditEvent.details)).all()
    assert "127.0.0.1" not in repr(events) + repr(keys)


def test_many_accounts_tried_from_one_address_lock_that_address(app, auth):
    auth.create(EMAIL, "staff")
    attacker = app.test_client()
    for i in range(20):
        assert attempt(attacker, "devine", f"inconnu{i}@example.org").status_code == 401
    assert attempt(attacker, PASSWORD).status_code == 429
    colleague = app.test_client()
    colleague.environ_base["REMOTE_ADDR"] = "192.0.2.7"
    assert attempt(colleague, PASSWORD).status_code == 302


def test_the_count_is_shared_by_two_app_instances_on_one_database(app, auth):
    auth.create(EMAIL, "staff")
    for i in range(5):
        assert attempt(app.test_client(), f"essai {i}").status_code == 401
    other = create_app(app.config)  # another worker or host: its own memory, same database
    try:
        assert attempt(other.test_client(), PASSWORD).status_code == 429
    finally:
        other.extensions["consult.engine"].dispose()


def test_a_successful_login_clears_the_account_count(client, auth):
    auth.create(EMAIL, "staff")
    for _ in range(2):
        for i in range(4):
            assert attempt(client, f"essai {i}").status_code == 401
        assert attempt(client, PASSWORD).status_code == 302
        auth.logout()


def test_counts_are_deleted_when_their_window_is_over(session):
    keys = [throttle_key("secret", "account", EMAIL), throttle_key("secret", "address", "::1")]
    with session.begin():
        for second in range(5):
            record_failure(session, keys, 1_000 + second)
    with session.begin():
        assert retry_after(session, keys, 1_004) == WINDOW
        assert retry_after(session, keys, 1_004 + WINDOW) is None
    assert session.scalar(select(func.count()).select_from(LoginThrottle)) == 0


def test_a_deactivated_account_is_logged_out_and_cannot_log_in(client, auth, runner, session):
    auth.create(EMAIL, "staff")
    assert attempt(client, PASSWORD).status_code == 302
    assert client.get("/equipe/").status_code == 200
    result = runner.invoke(args=["users", "deactivate", EMAIL])
    assert result.exit_code == 0, result.output
    assert client.get("/equipe/").status_code == 302  # the open session ended
    assert attempt(client, PASSWORD).status_code == 401
    user = session.scalar(select(User).filter_by(email=EMAIL))
    assert not user.active
    assert session.scalar(select(AuditEvent).filter_by(action="user.deactivate")) is not None


def test_set_password_from_stdin_replaces_the_password(client, auth, runner, session):
    auth.create(EMAIL, "staff")
    new = "un tout nouveau mot de passe"
    result = runner.invoke(args=["users", "set-password", EMAIL, "--password-stdin"], input=new)
    assert result.exit_code == 0, result.output
    assert attempt(client, PASSWORD).status_code == 401
    assert attempt(client, new).status_code == 302
    assert session.scalar(select(AuditEvent).filter_by(action="user.set_password")) is not None


def test_set_password_refuses_an_unknown_account_or_a_short_password(auth, runner):
    auth.create(EMAIL, "staff")
    unknown = runner.invoke(
        args=["users", "set-password", "personne@example.org", "--password-stdin"],
        input="assez long pour passer",
    )
    assert unknown.exit_code == 2
    assert unknown.output.strip() == "Erreur : aucun compte pour personne@example.org"
    short = runner.invoke(args=["users", "set-password", EMAIL, "--password-stdin"], input="court")
    assert short.exit_code == 2
    assert "trop court" in short.output


def test_the_one_time_admin_password_must_be_changed_at_first_login(client, runner, session):
    output = runner.invoke(args=["users", "ensure-admin"]).output
    email = re.search(r"identifiant : (\S+)", output).group(1)
    one_time = re.search(r"mot de passe : (\S+)", output).group(1)
    response = attempt(client, one_time, email)
    assert response.location == "/mot-de-passe"
    assert client.get("/equipe/").location == "/mot-de-passe"  # every page leads there
    form = {"current": one_time, "new": "mon mot de passe à moi", "confirm": "autre chose"}
    assert client.post("/mot-de-passe", data=form).status_code == 422
    wrong = client.post("/mot-de-passe", data=form | {"current": "faux", "confirm": form["new"]})
    assert "Mot de passe actuel incorrect." in wrong.get_data(as_text=True)
    same = {"current": one_time, "new": one_time, "confirm": one_time}
    assert client.post("/mot-de-passe", data=same).status_code == 422
    done = client.post("/mot-de-passe", data=form | {"confirm": form["new"]})
    assert done.status_code == 302
    assert client.get("/equipe/").status_code == 200
    assert not session.scalar(select(User).filter_by(email=email)).must_change_password
    client.post("/deconnexion")
    assert attempt(client, one_time, email).status_code == 401


def test_login_starts_a_new_session(client, auth):
    auth.create(EMAIL, "staff")
    with client.session_transaction() as planted:
        planted["planted"] = "by an attacker"
        planted["csrf_token"] = "known to the attacker"
    assert attempt(client, PASSWORD).status_code == 302
    with client.session_transaction() as fresh:
        assert "planted" not in fresh
        assert fresh.get("csrf_token") != "known to the attacker"
        assert fresh["_user_id"]


def test_behind_a_trusted_proxy_each_forwarded_address_has_its_own_count(app, auth):
    auth.create(EMAIL, "staff")
    proxied = create_app(app.config | {"TRUSTED_PROXIES": 1})
    try:
        attacker = {"X-Forwarded-For": "203.0.113.9"}
        for i in range(20):
            data = {"email": f"inconnu{i}@example.org", "password": "devine"}
            assert (
                proxied.test_client().post("/connexion", data=data, headers=attacker).status_code
                == 401
            )
        colleague = {"X-Forwarded-For": "198.51.100.4"}
        data = {"email": EMAIL, "password": PASSWORD}
        assert (
            proxied.test_client().post("/connexion", data=data, headers=colleague).status_code
            == 302
        )
        assert (
            proxied.test_client().post("/connexion", data=data, headers=attacker).status_code == 429
        )
    finally:
        proxied.extensions["consult.engine"].dispose()


def test_concurrent_failures_are_all_counted(app, auth, session):
    """Workers failing at the same moment lose no count (one atomic upsert per failure)."""
    auth.create(EMAIL, "staff")
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(
            pool.map(lambda i: attempt(app.test_client(), f"x{i}").status_code, range(16))
        )
    account = throttle_key(app.config["SECRET_KEY"], "account", EMAIL).digest
    row = session.get(LoginThrottle, account)
    assert row.failures == statuses.count(401) >= 5
    assert set(statuses) <= {401, 429}
