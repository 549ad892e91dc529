"""Aggregate functions: PostgreSQL's transition-state machine, per pg_aggregate.

Where it sits: ``pgref/types/`` (spec/03-types-functions.md, "Aggregates").
The executor groups rows; this module says what one aggregate does with the
rows of one group.  Like PostgreSQL (``nodeAgg.c``), an aggregate is nothing
but its ``pg_aggregate`` row: a transition function, an optional final
function and an initial value, each a ``pg_proc`` row implemented in
``pgref.types.funcs`` and found by prosrc through the function manager.  So
``sum(int4)`` is ``int4_sum`` with no final function, ``avg(float8)`` is
``float8_accum`` over a ``{N, Sx, Sxx}`` state finished by ``float8_avg``,
and a helper that registers ``interval_accum`` / ``interval_avg`` makes
``avg(interval)`` work without touching this file.  User-defined aggregates
(CREATE AGGREGATE, spec/12-functions.md "User-defined aggregates") are the
same machine over their own pg_aggregate row: ``get_aggregate(oid,
argtypes, ectx)`` asks the executor's function manager for callables of
their support functions (built-in or user SQL / PL/pgSQL / C routines), and
``user_moving_aggregate`` gives window frames their inverse transition.

Interface (executor side)::

    agg = get_aggregate(aggfnoid, argtypes)   # -> AggImpl
    state = agg.init()
    for row in group:                         # DISTINCT / ORDER BY / FILTER
        state = agg.trans(state, *args)       #   already applied by the executor
    value = agg.final(state)

Transition semantics exactly as PostgreSQL's advance_transition_function
(INV-AGG-1..3):

1. A strict transition function is not called for a row with a NULL
   argument; the state is left as it was.
2. A strict transition function with a NULL ``agginitval`` takes the first
   non-NULL input itself as the state (that is how ``max``/``sum(float8)``
   start); until then the state is "no value" and the result is NULL.
3. If a strict transition function ever returns NULL the state stays NULL
   for the rest of the group.  A strict final function is not called on a
   NULL state: the result is NULL.  With zero rows the result is therefore
   the final function of the initial value (``count`` -> 0) or NULL.

Transition states of type ``internal`` are ordinary Python objects owned by
the state's transition function (e.g. ``NumericAggState``); states of SQL
array types used by this package's own functions (``_int8``, ``_float8``)
are Python lists.  Ordered-set aggregates (``percentile_disc``,
``percentile_cont``, ``mode``) take the WITHIN GROUP values in sort order
through ``trans`` and their direct arguments through
``final(state, direct=(...))``; hypothetical-set aggregates
(``rank(...) WITHIN GROUP``) raise 0A000 from ``get_aggregate``.
"""
from __future__ import annotations

import csv
import dataclasses
import os
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any, Callable, Iterable, Sequence

from pgref.errors import (ARRAY_SUBSCRIPT_ERROR, FEATURE_NOT_SUPPORTED,
                          NULL_VALUE_NOT_ALLOWED, NUMERIC_VALUE_OUT_OF_RANGE,
                          UNDEFINED_FUNCTION, PgError)
from pgref.types import fmgr
from pgref.types.values import DEFAULT_SETTINGS, PgArray

_DATA = os.path.join(os.path.dirname(os.path.dirname(__file__)), "catalog", "data")


class _NoValue:
    """The state of a strict aggregate before its first non-NULL input."""
    _instance = None

    def __repr__(self) -> str:
        return "<no value>"


NO_VALUE = _NoValue()


@lru_cache(maxsize=1)
def _catalog() -> tuple[dict[int, dict], dict[int, dict]]:
    with open(os.path.join(_DATA, "pg_aggregate.csv"), newline="") as f:
        aggs = {int(r["aggfnoid"]): r for r in csv.DictReader(f)}
    with open(os.path.join(_DATA, "pg_proc.csv"), newline="") as f:
        procs = {int(r["oid"]): r for r in csv.DictReader(f)}
    return aggs, procs


class _TransCtx:
    """The executor's context plus the transition call's argument types
    (state type first), so a transition function over "any" (json_agg,
    jsonb_object_agg) can see its input types (INV-FUNCS-4)."""

    def __init__(self, ctx: Any, argtypes: tuple):
        self._ctx = ctx
        self.argtypes = argtypes

    def __getattr__(self, name: str) -> Any:
        return getattr(self._ctx, name)


class _DefaultCtx:
    settings = DEFAULT_SETTINGS
    now = 0


def parse_initval(text: str, transtype: int) -> Any:
    """agginitval (text) -> initial state.  The states this package's own
    transition functions use are parsed here; other types go through the
    type's input function."""
    if transtype in (20, 21, 23, 26):                        # int8/int2/int4/oid
        return int(text)
    if transtype == 1016:                                    # _int8
        return [int(x) for x in text.strip("{}").split(",")]
    if transtype == 1022:                                    # _float8
        return [float(x) for x in text.strip("{}").split(",")]
    if transtype in (700, 701):
        return float(text)
    if transtype == 1700:
        return Decimal(text)
    if transtype == 16:
        return text in ("t", "true")
    from pgref.types.registry import type_input  # noqa: PLC0415 (lazy: sibling package)
    return type_input(_DefaultCtx(), transtype, text, -1)


@dataclass(frozen=True)
class AggImpl:
    """One aggregate bound to its argument types (see module docstring)."""
    aggfnoid: int
    name: str
    argtypes: tuple[int, ...]
    transfn: Callable[..., Any]
    trans_strict: bool
    trans_ctx: bool
    finalfn: Callable[..., Any] | None
    final_strict: bool
    final_ctx: bool
    initval: str | None
    transtype: int
    num_direct_args: int = 0          # ordered-set aggregates: arguments given to final()

    def init(self) -> Any:
        if self.initval is None:
            return NO_VALUE if self.trans_strict else None
        return parse_initval(self.initval, self.transtype)

    def trans(self, state: Any, *args: Any, ctx: Any = None) -> Any:
        if self.trans_strict:
            if any(a is None for a in args):
                return state                                  # INV-AGG-1
            if state is NO_VALUE:
                return args[0]                                # INV-AGG-2
            if state is None:
                return None                                   # INV-AGG-3
        elif state is NO_VALUE:
            state = None
        if self.trans_ctx:
            return self.transfn(_TransCtx(ctx or _DefaultCtx(), (self.transtype,) + self.argtypes),
                                state, *args)
        return self.transfn(state, *args)

    def final(self, state: Any, ctx: Any = None, direct: Sequence[Any] = ()) -> Any:
        if state is NO_VALUE:
            state = None
        if self.num_direct_args:
            return self.finalfn(state, *direct)
        if self.finalfn is None:
            return state
        if state is None and self.final_strict:
            return None                                       # INV-AGG-3
        if self.final_ctx:
            return self.finalfn(ctx or _DefaultCtx(), state)
        return self.finalfn(state)


def _impl(prosrc: str, what: str) -> fmgr.Builtin:
    b = fmgr.lookup(prosrc)
    if b is None:
        raise PgError(FEATURE_NOT_SUPPORTED,
                      f"aggregate support function {prosrc} ({what}) is not implemented")
    return b


def get_aggregate(aggfnoid: int, argtypes: Sequence[int] = (), ectx: Any = None) -> AggImpl:
    """The aggregate whose pg_proc OID is ``aggfnoid``, for the actual
    argument types of the call (needed by polymorphic ones: array_agg).
    With the executor's context ``ectx``, user-defined aggregates (CREATE
    AGGREGATE) are found too."""
    import pgref.types.funcs  # noqa: F401,PLC0415  (registers the builtins)
    aggs, procs = _catalog()
    row = aggs.get(aggfnoid)
    if row is None and ectx is not None:
        user = getattr(ectx.cat, "user_procs", {}).get(aggfnoid)
        if user is not None and getattr(user, "agg", None):
            return _user_aggregate(ectx, user, tuple(argtypes))
    if row is None:
        raise PgError(UNDEFINED_FUNCTION, f"function with OID {aggfnoid} is not an aggregate")
    name = procs[aggfnoid]["proname"]
    argtypes = tuple(argtypes)
    if row["aggkind"] == "o":
        return _make_ordered_set(aggfnoid, name, argtypes, row)
    if row["aggkind"] != "n":
        raise PgError(FEATURE_NOT_SUPPORTED,
                      f"hypothetical-set aggregate {name} is not supported")
    special = _SPECIAL.get(procs[int(row["aggtransfn"])]["prosrc"])
    if special is not None:
        return special(aggfnoid, name, argtypes, row)
    tproc = procs[int(row["aggtransfn"])]
    tb = _impl(tproc["prosrc"], "transition function")
    fb = None
    fstrict = False
    if row["aggfinalfn"] != "0":
        fproc = procs[int(row["aggfinalfn"])]
        fb = _impl(fproc["prosrc"], "final function")
        fstrict = fproc["proisstrict"] == "t"
    return AggImpl(aggfnoid, name, argtypes, tb.fn, tproc["proisstrict"] == "t", tb.ctx,
                   fb.fn if fb else None, fstrict, fb.ctx if fb else False,
                   row["agginitval"] or None, int(row["aggtranstype"]))


# ---- user-defined aggregates (CREATE AGGREGATE, spec/12-functions.md) -----------------

def _user_aggregate(ectx: Any, proc: Any, argtypes: tuple[int, ...], moving: bool = False) -> AggImpl:
    """An aggregate made by CREATE AGGREGATE: its pg_aggregate row (``proc.agg``)
    names support functions by pg_proc OID -- built-ins or user routines --
    and the executor's function manager gives a callable for each, bound to
    the concrete types of this call (a polymorphic transition type is
    resolved from the actual argument types, INV-UAGG-2).  ``moving``: the
    moving-aggregate functions (aggmtransfn, aggmfinalfn, aggminitval) instead."""
    from pgref.analyzer import coerce as C                 # noqa: PLC0415 (lazy: upper layers)
    from pgref.executor.expr import function_impl           # noqa: PLC0415
    a = proc.agg
    if moving:
        a = {**a, "aggtranstype": a["aggmtranstype"], "aggtransfn": a["aggmtransfn"],
             "aggfinalfn": a["aggmfinalfn"], "aggfinalextra": a["aggmfinalextra"], "agginitval": a["aggminitval"]}
    if a["aggkind"] != "n":
        raise PgError(FEATURE_NOT_SUPPORTED, f"ordered-set aggregate {proc.name} is not supported")
    cat = ectx.cat
    transtype = a["aggtranstype"]
    if transtype in C.POLYMORPHIC:
        _args, transtype = C.resolve_polymorphic(cat, list(argtypes), proc.argtypes, transtype)
    tproc, tfn = function_impl(ectx, a["aggtransfn"], (transtype,) + argtypes, transtype)
    finalfn = None
    fstrict = False
    if a["aggfinalfn"]:
        nextra = len(argtypes) if a["aggfinalextra"] else 0
        fargtypes = (transtype,) + (argtypes if nextra else ())
        fproc = cat.proc(a["aggfinalfn"])
        frettype = fproc.rettype
        if frettype in C.POLYMORPHIC:
            _args, frettype = C.resolve_polymorphic(cat, list(fargtypes), fproc.argtypes[:len(fargtypes)],
                                                    frettype)
        _p, ffn = function_impl(ectx, a["aggfinalfn"], fargtypes, frettype)
        fstrict = fproc.strict
        if nextra:
            extra = (None,) * nextra                         # FINALFUNC_EXTRA: NULL placeholders
            finalfn = lambda state, _f=ffn: _f(state, *extra)  # noqa: E731
        else:
            finalfn = ffn
    initval = a["agginitval"]
    impl = AggImpl(proc.oid, proc.name, argtypes, tfn, tproc.strict, False, finalfn, fstrict, False,
                   initval, transtype)
    if initval is None or not hasattr(tproc, "sqlbody"):
        return impl                 # a built-in transition function: this package's state conventions
    from pgref.types.registry import type_input              # noqa: PLC0415
    return _UserAggImpl(*(getattr(impl, f.name) for f in dataclasses.fields(impl)),
                        init_fn=lambda: type_input(ectx, transtype, initval, -1))


@dataclass(frozen=True)
class _UserAggImpl(AggImpl):
    """A user aggregate's initial value goes through its type's input
    function in the caller's context (user types, composite arrays)."""
    init_fn: Callable[[], Any] | None = None

    def init(self) -> Any:
        return self.init_fn()


def user_moving_aggregate(ectx: Any, aggfnoid: int, argtypes: Sequence[int]) -> tuple | None:
    """A user aggregate's moving-aggregate implementation for window frames
    (executor/window.py): (AggImpl, inverse function, False, inverse strict),
    or None when it has no inverse transition function."""
    from pgref.executor.expr import function_impl           # noqa: PLC0415
    proc = getattr(ectx.cat, "user_procs", {}).get(aggfnoid)
    if proc is None or not getattr(proc, "agg", None) or not proc.agg["aggminvtransfn"]:
        return None
    impl = _user_aggregate(ectx, proc, tuple(argtypes), moving=True)
    iproc, ifn = function_impl(ectx, proc.agg["aggminvtransfn"], (impl.transtype,) + tuple(argtypes),
                               impl.transtype)
    return impl, ifn, False, iproc.strict


def run_aggregate(agg: AggImpl, rows: Iterable[Sequence[Any]], ctx: Any = None,
                  direct: Sequence[Any] = ()) -> Any:
    """Aggregate a whole group: ``rows`` are the argument tuples (for an
    ordered-set aggregate: the WITHIN GROUP values, in sort order, and
    ``direct`` the direct arguments)."""
    state = agg.init()
    for args in rows:
        state = agg.trans(state, *args, ctx=ctx)
    return agg.final(state, ctx=ctx, direct=direct)


# ---- array_agg: the final function needs the element type ---------------------------

def _array_agg_trans(state: list | None, value: Any) -> list:
    if state is None:
        state = []
    state.append(value)
    return state


def _array_agg_array_trans(state: list | None, value: PgArray | None) -> list:
    if value is None:
        raise PgError(NULL_VALUE_NOT_ALLOWED, "cannot accumulate null arrays")
    if not value.dims:
        raise PgError(ARRAY_SUBSCRIPT_ERROR, "cannot accumulate empty arrays")
    if state is None:
        state = []
    elif state[0].dims != value.dims:
        raise PgError(ARRAY_SUBSCRIPT_ERROR,
                      "cannot accumulate arrays of different dimensionality")
    state.append(value)
    return state


def _make_array_agg(aggfnoid: int, name: str, argtypes: tuple[int, ...], row: dict) -> AggImpl:
    array_input = row["aggtransfn"] != "" and _catalog()[1][int(row["aggtransfn"])]["prosrc"] \
        == "array_agg_array_transfn"
    elemtype = argtypes[0] if argtypes else 0

    def final(state: list | None) -> PgArray | None:
        if state is None:
            return None
        if not array_input:
            return PgArray.from_list(state, elemtype)
        first = state[0]
        elements = [e for arr in state for e in arr.elements]
        return PgArray(elements, [len(state)] + list(first.dims), [1] + list(first.lbounds),
                       first.elemtype)

    trans = _array_agg_array_trans if array_input else _array_agg_trans
    return AggImpl(aggfnoid, name, argtypes, trans, False, False, final, False, False,
                   None, 2281)


# ---- ordered-set aggregates: percentile_disc, percentile_cont, mode ------------------------
#
# The executor feeds the WITHIN GROUP argument in the requested sort order
# (as for aggregate ORDER BY); NULL inputs are skipped, as by PostgreSQL's
# ordered_set_transition.  The direct arguments (the fractions) go to final().

def _collect(state: list | None, value: Any) -> list:
    if state is None:
        state = []
    if value is not None:
        state.append(value)
    return state


def _check_fraction(p: float) -> None:
    import math
    if p < 0 or p > 1 or math.isnan(p):
        raise PgError(NUMERIC_VALUE_OUT_OF_RANGE, f"percentile value {p:g} is not between 0 and 1")


def _disc(values: list, p: float) -> Any:
    import math
    _check_fraction(p)
    rownum = math.ceil(p * len(values))
    return values[max(rownum, 1) - 1]


def _cont(values: list, p: float, lerp: Callable[[Any, Any, float], Any]) -> Any:
    import math
    _check_fraction(p)
    first = math.floor(p * (len(values) - 1))
    second = math.ceil(p * (len(values) - 1))
    lo = values[first]
    if first == second:
        return lo
    return lerp(lo, values[second], p * (len(values) - 1) - first)


def _float8_lerp(lo: float, hi: float, pct: float) -> float:
    return lo + (hi - lo) * pct


def _interval_lerp(lo: Any, hi: Any, pct: float) -> Any:
    mi, mul, pl = (_impl(n, "interval arithmetic").fn
                   for n in ("interval_mi", "interval_mul", "interval_pl"))
    return pl(lo, mul(mi(hi, lo), pct))


def _mode(values: list) -> Any:
    best, best_count = None, 0
    i = 0
    while i < len(values):
        j = i
        while j < len(values) and values[j] == values[i]:
            j += 1
        if j - i > best_count:
            best, best_count = values[i], j - i
        i = j
    return best


def _make_ordered_set(aggfnoid: int, name: str, argtypes: tuple[int, ...], row: dict) -> AggImpl:
    procs = _catalog()[1]
    final_src = procs[int(row["aggfinalfn"])]["prosrc"]
    ndirect = int(row["aggnumdirectargs"])
    value_type = argtypes[-1] if argtypes else 0

    def single(pick):
        def final(state, p=None, *_ignored):
            if p is None or not state:
                return None
            return pick(state, p)
        return final

    def multi(pick, result_elemtype):
        def final(state, ps=None, *_ignored):
            if ps is None or not state:
                return None
            return PgArray(elements=[None if p is None else pick(state, p) for p in ps.elements],
                           dims=list(ps.dims), lbounds=list(ps.lbounds), elemtype=result_elemtype)
        return final

    finals = {
        "percentile_disc_final": lambda: single(_disc),
        "percentile_cont_float8_final": lambda: single(lambda v, p: _cont(v, p, _float8_lerp)),
        "percentile_cont_interval_final": lambda: single(lambda v, p: _cont(v, p, _interval_lerp)),
        "percentile_disc_multi_final": lambda: multi(_disc, value_type),
        "percentile_cont_float8_multi_final":
            lambda: multi(lambda v, p: _cont(v, p, _float8_lerp), 701),
        "percentile_cont_interval_multi_final":
            lambda: multi(lambda v, p: _cont(v, p, _interval_lerp), 1186),
        "mode_final": lambda: (lambda state, *_d: _mode(state) if state else None),
    }
    if final_src not in finals:
        raise PgError(FEATURE_NOT_SUPPORTED, f"ordered-set aggregate {name} is not supported")
    return AggImpl(aggfnoid, name, argtypes, _collect, False, False, finals[final_src](), False,
                   False, None, 2281, num_direct_args=max(ndirect, 1))


_SPECIAL: dict[str, Callable[..., AggImpl]] = {
    "array_agg_transfn": _make_array_agg,
    "array_agg_array_transfn": _make_array_agg,
}


def implemented_aggregates() -> list[int]:
    """The aggfnoids whose support functions are all implemented."""
    import pgref.types.funcs  # noqa: F401,PLC0415
    out = []
    for oid in _catalog()[0]:
        try:
            get_aggregate(oid, (0,))
        except PgError:
            continue
        out.append(oid)
    return out
