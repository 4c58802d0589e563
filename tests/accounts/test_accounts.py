"""Users, tokens and the role x action table."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, select

from ceasefire.accounts.models import UserRow
from ceasefire.accounts.permissions import ACTIONS, PERMISSIONS, ROLES, require
from ceasefire.accounts.service import authenticate, create_user, get_user, revoke_user
from ceasefire.accounts.tokens import TOKEN_RE
from ceasefire.audit.models import AuditEntryRow
from ceasefire.db.engine import transaction
from ceasefire.errors import AuthError, ConflictError, InputError, PermissionDeniedError


def test_token_is_shown_once_and_only_its_hash_is_stored(engine: Engine) -> None:
    with transaction(engine) as session:
        user, token = create_user(session=session, name="ru-monitor", role="monitor",
                                  organisation="Russia")  # fmt: skip
        assert TOKEN_RE.match(token)
        assert token.split("_")[1] == user.token_prefix
        assert token not in user.token_hash and user.token_hash.startswith("$argon2id$")
    with transaction(engine) as session:
        assert authenticate(session, token).name == "ru-monitor"
        actions = session.scalars(select(AuditEntryRow.action)).all()
        assert actions == ["user.create"]


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # right prefix, wrong secret
        lambda t: "cf_00000000_" + t.split("_", 2)[2],  # unknown prefix
        lambda t: "not a token",
        lambda t: "",
    ],
)
def test_wrong_tokens_are_refused_alike(engine: Engine, mangle: object) -> None:
    with transaction(engine) as session:
        _, token = create_user(session=session, name="a", role="observer")
    with transaction(engine) as session, pytest.raises(AuthError) as err:
        authenticate(session, mangle(token))  # type: ignore[operator]
    assert err.value.status == 401 and err.value.code == "unauthenticated"
    assert err.value.message == "invalid or revoked API token"


def test_revoked_user_cannot_authenticate_and_revoking_twice_is_a_no_op(
    engine: Engine,
) -> None:
    with transaction(engine) as session:
        _, token = create_user(session=session, name="tr", role="monitor", organisation="Turkey")
    with transaction(engine) as session:
        assert revoke_user(session=session, name="tr").revoked_at is not None
        revoke_user(session=session, name="tr")
        assert session.scalar(select(func.count()).select_from(AuditEntryRow)) == 2
    with transaction(engine) as session:
        with pytest.raises(AuthError):
            authenticate(session, token)
        with pytest.raises(PermissionDeniedError, match="revoked"):
            require(get_user(session, "tr"), "read_incidents")


@pytest.mark.parametrize(
    ("name", "role", "error"),
    [("ok-name", "king", InputError), ("bad name!", "monitor", InputError),
     ("dup", "monitor", ConflictError)],
)  # fmt: skip
def test_create_user_refuses(engine: Engine, name: str, role: str, error: type) -> None:
    with transaction(engine) as session:
        create_user(session=session, name="dup", role="admin")
    with transaction(engine) as session, pytest.raises(error):
        create_user(session=session, name=name, role=role)


#: The expected table, written out independently of PERMISSIONS.
EXPECTED = {
    "admin": set(ACTIONS),
    "monitor": {"submit_report", "comment", "fuse", "assess", "vote", "transition",
                "read_incidents", "read_audit", "read_public_aggregates"},
    "party_liaison": {"submit_report", "comment", "read_incidents", "read_audit",
                      "read_public_aggregates"},
    "observer": {"read_incidents", "read_audit", "read_public_aggregates"},
    "public": {"read_public_aggregates"},
}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_role_action_table(role: str, action: str) -> None:
    user = UserRow(name="u", role=role, organisation="", token_prefix="", token_hash="",
                   created_at="", revoked_at=None)  # fmt: skip
    if action in EXPECTED[role]:
        require(user, action)
    else:
        with pytest.raises(PermissionDeniedError) as err:
            require(user, action)
        assert err.value.status == 403 and err.value.code == "forbidden"
    assert set(PERMISSIONS) == set(ROLES)
