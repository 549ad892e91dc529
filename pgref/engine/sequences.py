"""Sequences: nextval, currval, setval, lastval (PostgreSQL's sequence.c).

Where it sits: ``engine/`` (spec/09-engine.md, "Sequences").  A sequence's
state is (last_value, is_called); changes are not transactional -- a value
handed out is never handed out again, even if the transaction rolls back
(INV-SEQ-1).  To keep that true across a crash without writing on every
call, the state written to disk runs ahead by ``SEQ_LOG_VALS`` values, as
PostgreSQL's WAL-logging of sequences does: after a crash some values are
skipped, none repeated.
"""
from __future__ import annotations

from pgref.errors import (OBJECT_NOT_IN_PREREQUISITE_STATE, UNDEFINED_TABLE, WRONG_OBJECT_TYPE,
                          PgError)

SEQ_LOG_VALS = 32
SEQUENCE_GENERATOR_LIMIT = "2200H"


def _seq(session, relid: int):
    rel = session.db.cat.relations.get(relid)
    if rel is None:
        raise PgError(UNDEFINED_TABLE, f"could not open relation with OID {relid}")
    if rel.kind != "S":
        raise PgError(WRONG_OBJECT_TYPE, f'"{rel.name}" is not a sequence')
    return rel


def state(session, rel) -> list:
    st = session.db.seq_state.get(rel.oid)
    if st is None:
        st = session.db.seq_state[rel.oid] = [rel.sequence.start, False]
    return st


def _log_ahead(session, rel, value: int) -> None:
    db = session.db
    inc = rel.sequence.increment
    logged = db.seq_logged.get(rel.oid)
    if logged is None or (inc > 0 and value >= logged) or (inc < 0 and value <= logged):
        db.seq_logged[rel.oid] = value + inc * SEQ_LOG_VALS
        if db.path:
            from pgref.engine.persist import save_catalog
            save_catalog(db)


def nextval(session, relid: int) -> int:
    rel = _seq(session, relid)
    seq = rel.sequence
    st = state(session, rel)
    if not st[1]:
        value = st[0]
    else:
        value = st[0] + seq.increment
        if value > seq.maxvalue or value < seq.minvalue:
            if not seq.cycle:
                which = "maximum" if seq.increment > 0 else "minimum"
                limit = seq.maxvalue if seq.increment > 0 else seq.minvalue
                raise PgError(SEQUENCE_GENERATOR_LIMIT,
                              f'nextval: reached {which} value of sequence "{rel.name}" ({limit})')
            value = seq.minvalue if seq.increment > 0 else seq.maxvalue
    st[0], st[1] = value, True
    _log_ahead(session, rel, value)
    session.currvals[relid] = value
    session.lastval_seq = relid
    return value


def currval(session, relid: int) -> int:
    rel = _seq(session, relid)
    if relid not in session.currvals:
        raise PgError(OBJECT_NOT_IN_PREREQUISITE_STATE,
                      f'currval of sequence "{rel.name}" is not yet defined in this session')
    return session.currvals[relid]


def lastval(session) -> int:
    if session.lastval_seq is None or session.lastval_seq not in session.db.cat.relations:
        raise PgError(OBJECT_NOT_IN_PREREQUISITE_STATE, "lastval is not yet defined in this session")
    return session.currvals[session.lastval_seq]


def setval(session, relid: int, value: int, is_called: bool = True) -> int:
    rel = _seq(session, relid)
    seq = rel.sequence
    if value < seq.minvalue or value > seq.maxvalue:
        raise PgError("22003", f'setval: value {value} is out of bounds for sequence "{rel.name}" '
                      f"({seq.minvalue}..{seq.maxvalue})")
    st = state(session, rel)
    st[0], st[1] = value, is_called
    session.db.seq_logged.pop(rel.oid, None)
    _log_ahead(session, rel, value)
    if is_called:
        session.currvals[relid] = value
        session.lastval_seq = relid
    return value


def sequence_row(session, relid: int) -> tuple:
    rel = _seq(session, relid)
    st = state(session, rel)
    return (st[0], 0 if st[1] else 0, st[1])
