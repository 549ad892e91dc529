"""Does one boolean expression imply another?  The part of PostgreSQL's
optimizer/util/predtest.c that partial indexes need.

Where it sits: ``planner/`` (spec/07-executor.md, "Partial indexes").  The
planner may scan a partial index only when the query's WHERE conjuncts
prove the index predicate true for every row the query wants
(``predicate_implied_by``), and it leaves out of the scan's Filter the
conjuncts the predicate already guarantees (``qual_implied_by``).  A proof
that fails only costs a plan choice, never a wrong answer: when in doubt the
answer is "not implied".

What counts as proof, for a predicate conjunct P and the query's conjuncts:
  * some conjunct equal to P (locations ignored);
  * P = (A OR B ...): some conjunct implies one arm;
  * a conjunct ``x op1 c1`` and P = ``x op2 c2``, same column, both
    btree comparison operators on constants of one ordinary type: decided by
    comparing c1 with c2 (``x < 5`` implies ``x < 10``, ``x = 3`` implies
    ``x <= 3`` ...), as btree_predicate_proof does;
  * P = ``x IS NOT NULL``: any strict comparison of x with a constant.
"""
from __future__ import annotations

from dataclasses import fields, is_dataclass, replace

from pgref.analyzer import nodes as N

_CMP = ("<", "<=", "=", ">=", ">")


def _norm(e, rti: int | None):
    """``e`` with locations blanked and (when ``rti`` is given) the index
    predicate's table number 1 mapped to the scanned table's ``rti``."""
    if isinstance(e, tuple):
        return tuple(_norm(x, rti) for x in e)
    if not is_dataclass(e) or isinstance(e, type):
        return e
    changes = {}
    for f in fields(e):
        v = getattr(e, f.name)
        if f.name == "location" and v != -1:
            changes["location"] = -1
        elif isinstance(v, (tuple, N.Expr)) or is_dataclass(v):
            nv = _norm(v, rti)
            if nv is not v:
                changes[f.name] = nv
    if isinstance(e, N.Var) and rti is not None and e.levelsup == 0 and e.varno == 1:
        changes["varno"] = rti
    return replace(e, **changes) if changes else e


def _split_and(e) -> list:
    if isinstance(e, N.BoolExpr) and e.op == "and":
        out = []
        for a in e.args:
            out.extend(_split_and(a))
        return out
    return [e]


def _comparison(cat, e):
    """(var, op name, constant value, constant type) for ``var op const``
    (either way round), or None."""
    if not isinstance(e, N.OpExpr) or len(e.args) != 2:
        return None
    a, b = e.args
    name = cat.operator(e.opno).name
    if isinstance(b, N.Var) and isinstance(a, N.Const):
        a, b = b, a
        name = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "=": "="}.get(name)
    if name not in _CMP or not (isinstance(a, N.Var) and a.levelsup == 0 and isinstance(b, N.Const)):
        return None
    return a, name, b.value, b.typ


def _ordered(typ: int) -> bool:
    """Python's comparison of this type's values is the btree order."""
    from pgref.executor import keys as K
    return typ in K._NATURAL and typ not in K._SPECIAL


def _btree_proof(cat, q, p) -> bool:
    cq, cp = _comparison(cat, q), _comparison(cat, p)
    if cq is None or cp is None:
        return False
    (vq, oq, kq, tq), (vp, op, kp, tp) = cq, cp
    if (vq.varno, vq.varattno) != (vp.varno, vp.varattno) or tq != tp or vq.typ != tq or not _ordered(tq):
        return False
    if kq is None or kp is None:
        return False
    if oq == "=":
        return {"<": kq < kp, "<=": kq <= kp, "=": kq == kp, ">=": kq >= kp, ">": kq > kp}[op]
    if oq in ("<", "<="):
        if op == "<":
            return kq < kp or (oq == "<" and kq == kp)
        if op == "<=":
            return kq <= kp
        return False
    if oq in (">", ">="):
        if op == ">":
            return kq > kp or (oq == ">" and kq == kp)
        if op == ">=":
            return kq >= kp
    return False


def _strict_on(cat, q, var) -> bool:
    c = _comparison(cat, q)
    return c is not None and (c[0].varno, c[0].varattno) == (var.varno, var.varattno) \
        and cat.proc(q.funcid).strict and c[2] is not None


def _implies(cat, q, p) -> bool:
    """One (normalized) clause ``q`` proves ``p``."""
    if q == p:
        return True
    if isinstance(q, N.BoolExpr) and q.op == "and":
        return any(_implies(cat, a, p) for a in q.args)
    if isinstance(q, N.BoolExpr) and q.op == "or":
        return all(_implies(cat, a, p) for a in q.args)
    if isinstance(p, N.BoolExpr) and p.op == "or":
        return any(_implies(cat, q, a) for a in p.args)
    if isinstance(p, N.NullTest) and not p.is_null and isinstance(p.arg, N.Var) and p.arg.levelsup == 0:
        return _strict_on(cat, q, p.arg)
    return _btree_proof(cat, q, p)


def predicate_implied_by(cat, predicate, quals: list, rti: int) -> bool:
    """Every conjunct of the index ``predicate`` (table number 1) follows
    from some conjunct of ``quals`` (table number ``rti``)."""
    qs = [_norm(q, None) for q in quals]
    return all(any(_implies(cat, q, p) for q in qs) for p in _split_and(_norm(predicate, rti)))


def qual_implied_by(cat, qual, predicate, rti: int) -> bool:
    """The scan's ``qual`` holds for every row the partial index holds, so
    it need not be rechecked (create_indexscan_plan drops it)."""
    q = _norm(qual, None)
    return any(_implies(cat, p, q) for p in _split_and(_norm(predicate, rti)))


def retarget(e, rti: int):
    """An index predicate (analyzed over table 1) as a qual on range-table
    entry ``rti``: the planner's cost of a partial index scan counts it."""
    return _norm(e, rti)
