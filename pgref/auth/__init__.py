"""Roles and privileges: who a session is, and what it may do
(spec/16-auth.md).

Where it sits: beside ``engine/``.  PostgreSQL keeps roles in the shared
catalogs ``pg_authid`` and ``pg_auth_members`` (one set for the whole
cluster, seen from every database), names the session's identity with two
OIDs -- the *session user* (who logged in, or SET SESSION AUTHORIZATION)
and the *current user* (SET ROLE, or the session user) -- and checks every
access against the object's ACL (``utils/adt/acl.c``, ``catalog/aclchk.c``)
when the executor starts (``ExecCheckRTPerms``).  This package is that
subsystem:

    roles.py      pg_authid / pg_auth_members as a RoleCatalog kept on the
                  Cluster; CREATE / ALTER / DROP ROLE, GRANT / REVOKE role,
                  DROP OWNED / REASSIGN OWNED; membership
                  (is_member_of_role, has_privs_of_role, is_admin_of_role)
    identity.py   session_user / current_user, SET [LOCAL] ROLE,
                  SET SESSION AUTHORIZATION (rolled back like GUCs),
                  the login check of a new connection
    aclcheck.py   ACL masks with role membership, the privilege checks of
                  a planned statement (range-table walk), of schemas,
                  functions and sequences, and ownership checks

Superusers pass every check (INV-AUTH-4).
"""
