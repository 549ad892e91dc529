"""Who a session is: the session user and the current user (PostgreSQL's
miscinit.c SetSessionAuthorization / SetCurrentRoleId, variable.c's
check_role / check_session_authorization).  spec/16-auth.md, "Session
identity".

Where it sits: ``auth/``, called by ``engine/utility.py`` for SET / RESET
ROLE and SESSION AUTHORIZATION, by the SQL value functions (current_user,
session_user, current_role, user) and by every privilege check.

The identity is kept in two GUC values of the session's Settings, so it is
rolled back with the transaction and undone at the end of SET LOCAL exactly
like any setting (INV-AUTH-5):

    session_authorization   the session user's name (the login role at start)
    role                    'none', or the role chosen by SET ROLE

    session user  = session_authorization
    current user  = role if role != 'none' else session user

SET SESSION AUTHORIZATION also sets ``role`` back to 'none'.  Only a
session whose *login* role is a superuser may change the session user (to
anyone), others only to themselves; SET ROLE needs membership of the
session user in the role (superusers are members of every role).

Entry points:
    session_user_oid(session) / current_user_oid(session) -> int
    session_user_name(session) / current_user_name(session) -> str
    set_identity(session, stmt) -> Result      SET / RESET ROLE | SESSION AUTHORIZATION
    check_login(cluster, user)                 the startup packet's role (FATAL 28000)
"""
from __future__ import annotations

from pgref.errors import PgError

INSUFFICIENT_PRIVILEGE = "42501"
INVALID_AUTHORIZATION = "28000"


def _rc(session):
    from pgref.auth.roles import rolecat
    return rolecat(session)


def session_user_name(session) -> str:
    return session.settings.values.get("session_authorization", "postgres")


def current_user_name(session) -> str:
    stack = session.__dict__.get("_secdef_users")
    if stack:
        return stack[-1]                 # inside a SECURITY DEFINER routine: its owner
    role = session.settings.values.get("role", "none")
    return session_user_name(session) if role == "none" else role


def _oid(session, name: str) -> int:
    r = _rc(session).by_name(name)
    return r.oid if r is not None else 10


def session_user_oid(session) -> int:
    return _oid(session, session_user_name(session))


def current_user_oid(session) -> int:
    return _oid(session, current_user_name(session))


class security_definer:
    """``with security_definer(session, proc):`` runs a SECURITY DEFINER
    routine's body as the routine's owner (fmgr_security_definer); other
    routines run as the caller.  The session user does not change."""

    def __init__(self, session, proc):
        self.session = session
        self.owner = None
        if getattr(proc, "secdef", False):
            self.owner = _rc(session).name(proc.owner)

    def __enter__(self):
        if self.owner is not None:
            self.session.__dict__.setdefault("_secdef_users", []).append(self.owner)
        return self

    def __exit__(self, *exc):
        if self.owner is not None:
            self.session._secdef_users.pop()
        return False


def in_security_definer(session) -> bool:
    return bool(session.__dict__.get("_secdef_users"))


def _assign(session, key: str, value: str, local: bool) -> None:
    """Set an identity GUC the way Settings.set does for SET / SET LOCAL
    (the values are 'internal' to plain SET so they go through here)."""
    st = session.settings
    in_xact = session.xact is not None and not session.implicit
    if in_xact and st.xact_saved is not None and key not in st.xact_saved:
        st.xact_saved[key] = st.values[key]
    if local:
        if not in_xact:
            return
        st.local_saved.setdefault(key, st.values[key])
    st.values[key] = value


def _sync_superuser(session, local: bool) -> None:
    r = _rc(session).by_name(current_user_name(session))
    _assign(session, "is_superuser", "on" if (r is not None and r.rolsuper) else "off", local)


def set_identity(session, s):
    """SET [LOCAL] ROLE x | NONE, RESET ROLE, SET SESSION AUTHORIZATION x |
    DEFAULT, RESET SESSION AUTHORIZATION."""
    from pgref.auth.roles import is_member_of_role, is_superuser
    from pgref.engine.session import Result
    from pgref.engine.utility import _const_text
    name = s.name.lower()
    tag = "RESET" if s.kind in ("reset", "reset_all") else "SET"
    value = None if s.kind in ("reset", "default") or not s.args else _const_text(s.args[0])
    rc = _rc(session)
    if name == "role":
        if value is None or value == "none":
            _assign(session, "role", "none", s.is_local)
        else:
            role = rc.by_name(value)
            if role is None:
                raise PgError("42704", f'role "{value}" does not exist')
            if not is_member_of_role(session, session_user_oid(session), role.oid):
                raise PgError(INSUFFICIENT_PRIVILEGE, f'permission denied to set role "{value}"')
            _assign(session, "role", value, s.is_local)
        _sync_superuser(session, s.is_local)
        return Result(tag)
    # session_authorization
    login = getattr(session, "login_user", "postgres")
    target = login if value is None else value
    role = rc.by_name(target)
    if role is None:
        raise PgError("42704", f'role "{target}" does not exist')
    login_role = rc.by_name(login)
    if target != login and not (login_role is not None and is_superuser(session, login_role.oid)):
        raise PgError(INSUFFICIENT_PRIVILEGE, "permission denied to set session authorization")
    _assign(session, "session_authorization", target, s.is_local)
    _assign(session, "role", "none", s.is_local)
    _sync_superuser(session, s.is_local)
    return Result(tag)


def check_login(cluster, user: str) -> None:
    """InitializeSessionUserId: the role must exist and may log in."""
    from pgref.auth.roles import role_catalog
    role = role_catalog(cluster).by_name(user)
    if role is None:
        raise PgError(INVALID_AUTHORIZATION, f'role "{user}" does not exist', severity="FATAL")
    if not role.rolcanlogin:
        raise PgError(INVALID_AUTHORIZATION, f'role "{user}" is not permitted to log in', severity="FATAL")
