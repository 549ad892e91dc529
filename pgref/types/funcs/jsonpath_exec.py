"""The SQL/JSON path engine (PostgreSQL's jsonpath_exec.c).

Where it sits: ``types/funcs/`` (spec/03-types.md, "jsonpath").  It runs a
:class:`~pgref.types.io.jsonpath.JsonPath` over a jsonb document and backs
jsonb_path_exists/match/query/query_array/query_first, their ``_tz``
twins, and the operators ``jsonb @? jsonpath`` / ``jsonb @@ jsonpath``.

Model.  An SQL/JSON item is a plain Python value as in a Jsonb root
(None, bool, Decimal, str, list, dict) or a :class:`Datetime` made by
``.datetime()``.  Evaluating an item appends results to a ``found`` list;
``found is None`` means "only existence matters" and evaluation stops at
the first result, as in PostgreSQL.  Results are OK / NOT_FOUND; a
*suppressible* error (structural errors in strict mode, type errors of
methods and arithmetic) is raised as PgError when the caller asked for
errors (``silent => false``) and otherwise as the internal _JperError,
which predicates turn into UNKNOWN and the entry points into "no result"
(INV-TYPES-JSONPATH-3).  Errors that PostgreSQL never suppresses (a
missing variable, a time zone needed by a cast) are always raised.

Lax mode unwraps arrays for accessors, methods and comparisons, wraps
non-arrays for ``[...]``, and ignores structural errors; strict mode does
none of that.  Predicates are three-valued (TRUE, FALSE, UNKNOWN), with
existence semantics over both operand sequences.

Entry points: execute(path, root, vars, throw, want_all, use_tz), and the
fmgr builtins listed above (keyed by pg_proc.prosrc).
"""
from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from pgref.errors import INVALID_PARAMETER_VALUE, PgError
from pgref.types.fmgr import builtin
from pgref.types.io.jsonb import Jsonb, canonical_object, jsonb_type_name
from pgref.types.io.jsonpath import ANY_LAST, Item, JsonPath, compile_like_regex

# SQLSTATEs of the SQL/JSON errors (class 22)
SQL_JSON_ARRAY_NOT_FOUND = "22039"
SQL_JSON_OBJECT_NOT_FOUND = "2203C"
SQL_JSON_MEMBER_NOT_FOUND = "2203A"
SQL_JSON_NUMBER_NOT_FOUND = "2203B"
SINGLETON_SQL_JSON_ITEM_REQUIRED = "22038"
NON_NUMERIC_SQL_JSON_ITEM = "22036"
INVALID_SQL_JSON_SUBSCRIPT = "22033"
INVALID_ARGUMENT_FOR_SQL_JSON_DATETIME_FUNCTION = "22031"
UNDEFINED_OBJECT = "42704"
FEATURE_NOT_SUPPORTED = "0A000"

OK, NOT_FOUND = 0, 1
TRUE, FALSE, UNKNOWN = 1, 0, 2

DATEOID, TIMEOID, TIMETZOID, TIMESTAMPOID, TIMESTAMPTZOID = 1082, 1083, 1266, 1114, 1184


class Datetime:
    """A jbvDatetime: a date/time datum, its type, and (for timestamptz)
    the zone offset it was written with, in seconds west as PostgreSQL
    stores zones."""
    __slots__ = ("typid", "value", "tz")

    def __init__(self, typid: int, value: Any, tz: int = 0):
        self.typid = typid
        self.value = value
        self.tz = tz


class _JperError(Exception):
    """A suppressed (silent) error: PostgreSQL's jperError result."""


def _is_number(v: Any) -> bool:
    return isinstance(v, Decimal)


class _Cxt:
    """JsonPathExecContext."""

    def __init__(self, root: Any, vars_: Any, lax: bool, throw: bool, use_tz: bool,
                 ctx: Any):
        self.root = root
        self.current = root
        self.vars = vars_                  # dict, or None when no vars were passed
        self.lax = lax
        self.ignore_structural = lax
        self.throw = throw
        self.use_tz = use_tz
        self.ctx = ctx                     # the SQL execution context (.settings, .now)
        self.innermost_array_size = -1
        self.base = (root, 0)              # (base container, its id) for .keyvalue()
        self.last_generated_id = 2 if vars_ is not None else 1
        self._offsets: dict[int, dict[int, int]] = {}

    # RETURN_ERROR
    def fail(self, code: str, msg: str, hint: str | None = None, detail: str | None = None):
        if self.throw:
            raise PgError(code, msg, hint=hint, detail=detail)
        raise _JperError()

    # ------------------------------------------------------------ driver
    def execute_item(self, jsp: Item, jb: Any, found: list | None) -> int:
        return self.execute_opt_unwrap_target(jsp, jb, found, self.lax)

    def next_item(self, cur: Item | None, nxt: Item | None, v: Any, found: list | None) -> int:
        """executeNextItem(): run the rest of the chain, or collect v."""
        if nxt is None and cur is not None:
            nxt = cur.next
        if nxt is not None:
            return self.execute_item(nxt, v, found)
        if found is not None:
            found.append(v)
        return OK

    def unwrap_target_array(self, jsp: Item | None, jb: list, found: list | None,
                            unwrap_elements: bool) -> int:
        return self.any_item(jsp, jb, found, 1, 1, 1, False, unwrap_elements)

    def execute_opt_unwrap_result(self, jsp: Item, jb: Any, unwrap: bool,
                                  found: list) -> int:
        if unwrap and self.lax:
            seq: list = []
            self.execute_item(jsp, jb, seq)
            for item in seq:
                if isinstance(item, list):
                    self.unwrap_target_array(None, item, found, False)
                else:
                    found.append(item)
            return OK
        return self.execute_item(jsp, jb, found)

    def execute_no_throw(self, jsp: Item, jb: Any, unwrap: bool, found: list | None) -> int:
        saved = self.throw
        self.throw = False
        try:
            if found is None:
                return self.execute_item(jsp, jb, None)
            return self.execute_opt_unwrap_result(jsp, jb, unwrap, found)
        finally:
            self.throw = saved

    def execute_opt_unwrap_target(self, jsp: Item, jb: Any, found: list | None,
                                  unwrap: bool) -> int:
        k = jsp.kind
        if k in ("null", "bool", "numeric", "string", "var"):
            if jsp.next is None and found is None and k != "var":
                return OK
            saved = self.base
            try:
                v = self.scalar_value(jsp)
                return self.next_item(jsp, None, v, found)
            finally:
                self.base = saved
        if k in ("and", "or", "not", "is_unknown", "eq", "ne", "lt", "gt", "le", "ge",
                 "exists", "starts_with", "like_regex"):
            st = self.bool_item(jsp, jb, True)
            if jsp.next is None and found is None:
                return OK
            v = None if st == UNKNOWN else (st == TRUE)
            return self.next_item(jsp, None, v, found)
        if k in ("add", "sub", "mul", "div", "mod"):
            return self.binary_arith(jsp, jb, found)
        if k in ("plus", "minus"):
            return self.unary_arith(jsp, jb, found)
        if k == "any_array":
            if isinstance(jb, list):
                return self.unwrap_target_array(jsp.next, jb, found, self.lax)
            if self.lax:
                return self.next_item(jsp, None, jb, found)
            if not self.ignore_structural:
                self.fail(SQL_JSON_ARRAY_NOT_FOUND,
                          "jsonpath wildcard array accessor can only be applied to an array")
            return NOT_FOUND
        if k == "any_key":
            if isinstance(jb, dict):
                return self.any_item(jsp.next, jb, found, 1, 1, 1, False, self.lax)
            if unwrap and isinstance(jb, list):
                return self.unwrap_target_array(jsp, jb, found, False)
            if not self.ignore_structural:
                self.fail(SQL_JSON_OBJECT_NOT_FOUND,
                          "jsonpath wildcard member accessor can only be applied to an object")
            return NOT_FOUND
        if k == "index_array":
            return self.index_array(jsp, jb, found)
        if k == "any":
            res = NOT_FOUND
            suppressed = None
            if jsp.first == 0:
                saved = self.ignore_structural
                self.ignore_structural = True
                try:
                    res = self.next_item(jsp, None, jb, found)
                except _JperError as e:
                    suppressed = e
                finally:
                    self.ignore_structural = saved
                if res == OK and found is None:
                    return res
            if isinstance(jb, (list, dict)):
                # PostgreSQL overwrites the level-0 result here, so a
                # suppressed error at level 0 of a container is forgotten
                return self.any_item(jsp.next, jb, found, 1, jsp.first, jsp.last, True, self.lax)
            if suppressed is not None:
                raise suppressed
            return res
        if k == "key":
            if isinstance(jb, dict):
                if jsp.value in jb:
                    return self.next_item(jsp, None, jb[jsp.value], found)
                if not self.ignore_structural:
                    self.fail(SQL_JSON_MEMBER_NOT_FOUND,
                              f'JSON object does not contain key "{jsp.value}"')
                return NOT_FOUND
            if unwrap and isinstance(jb, list):
                return self.unwrap_target_array(jsp, jb, found, False)
            if not self.ignore_structural:
                self.fail(SQL_JSON_MEMBER_NOT_FOUND,
                          "jsonpath member accessor can only be applied to an object")
            return NOT_FOUND
        if k == "current":
            return self.next_item(jsp, None, self.current, found)
        if k == "root":
            saved = self.base
            self.base = (self.root, 0)
            try:
                return self.next_item(jsp, None, self.root, found)
            finally:
                self.base = saved
        if k == "filter":
            if unwrap and isinstance(jb, list):
                return self.unwrap_target_array(jsp, jb, found, False)
            st = self.nested_bool_item(jsp.arg, jb)
            if st != TRUE:
                return NOT_FOUND
            return self.next_item(jsp, None, jb, found)
        if k == "type":
            return self.next_item(jsp, None, _type_name(jb), found)
        if k == "size":
            if isinstance(jb, list):
                size = len(jb)
            elif not self.lax:
                if not self.ignore_structural:
                    self.fail(SQL_JSON_ARRAY_NOT_FOUND,
                              "jsonpath item method .size() can only be applied to an array")
                return NOT_FOUND
            else:
                size = 1
            return self.next_item(jsp, None, Decimal(size), found)
        if k in ("abs", "floor", "ceiling"):
            return self.numeric_method(jsp, jb, unwrap, found)
        if k == "double":
            return self.double_method(jsp, jb, unwrap, found)
        if k == "datetime":
            if unwrap and isinstance(jb, list):
                return self.unwrap_target_array(jsp, jb, found, False)
            from pgref.types.funcs.jsonpath_datetime import datetime_method
            return datetime_method(self, jsp, jb, found)
        if k == "keyvalue":
            if unwrap and isinstance(jb, list):
                return self.unwrap_target_array(jsp, jb, found, False)
            return self.keyvalue(jsp, jb, found)
        if k == "last":
            if self.innermost_array_size < 0:
                raise PgError("XX000", "evaluating jsonpath LAST outside of array subscript")
            if jsp.next is None and found is None:
                return OK
            return self.next_item(jsp, None, Decimal(self.innermost_array_size - 1), found)
        raise PgError("XX000", f"unrecognized jsonpath item type: {k}")

    # ------------------------------------------------------------ accessors
    def index_array(self, jsp: Item, jb: Any, found: list | None) -> int:
        if not (isinstance(jb, list) or self.lax):
            if not self.ignore_structural:
                self.fail(SQL_JSON_ARRAY_NOT_FOUND,
                          "jsonpath array accessor can only be applied to an array")
            return NOT_FOUND
        saved_size = self.innermost_array_size
        singleton = not isinstance(jb, list)
        size = 1 if singleton else len(jb)
        self.innermost_array_size = size
        res = NOT_FOUND
        try:
            for frm, to in jsp.elems:
                index_from = self.array_index(frm, jb)
                index_to = self.array_index(to, jb) if to is not None else index_from
                if not self.ignore_structural and (index_from < 0 or index_from > index_to
                                                   or index_to >= size):
                    self.fail(INVALID_SQL_JSON_SUBSCRIPT,
                              "jsonpath array subscript is out of bounds")
                index_from = max(index_from, 0)
                index_to = min(index_to, size - 1)
                res = NOT_FOUND
                for index in range(index_from, index_to + 1):
                    v = jb if singleton else jb[index]
                    if jsp.next is None and found is None:
                        return OK
                    res = self.next_item(jsp, None, v, found)
                    if res == OK and found is None:
                        break
                if res == OK and found is None:
                    break
        finally:
            self.innermost_array_size = saved_size
        return res

    def array_index(self, jsp: Item, jb: Any) -> int:
        """getArrayIndex(): a single numeric, truncated to int4."""
        found: list = []
        self.execute_item(jsp, jb, found)
        if len(found) != 1 or not _is_number(found[0]):
            self.fail(INVALID_SQL_JSON_SUBSCRIPT,
                      "jsonpath array subscript is not a single numeric value")
        d = found[0]
        if not d.is_finite():
            self.fail(INVALID_SQL_JSON_SUBSCRIPT, "jsonpath array subscript is out of integer range")
        v = int(d)    # truncation toward zero, as numeric_trunc(x, 0)
        if v < -2 ** 31 or v > 2 ** 31 - 1:
            self.fail(INVALID_SQL_JSON_SUBSCRIPT, "jsonpath array subscript is out of integer range")
        return v

    def any_item(self, jsp: Item | None, jbc: Any, found: list | None, level: int, first: int,
                 last: int, ignore_structural: bool, unwrap_next: bool) -> int:
        """executeAnyItem(): .** / .* / [*] over a container's members."""
        res = NOT_FOUND
        if level > last:
            return res
        members = jbc.values() if isinstance(jbc, dict) else jbc
        for v in members:
            if level >= first or (first == ANY_LAST and last == ANY_LAST
                                  and not isinstance(v, (list, dict))):
                if jsp is not None:
                    if ignore_structural:
                        saved = self.ignore_structural
                        self.ignore_structural = True
                        try:
                            res = self.execute_opt_unwrap_target(jsp, v, found, unwrap_next)
                        finally:
                            self.ignore_structural = saved
                    else:
                        res = self.execute_opt_unwrap_target(jsp, v, found, unwrap_next)
                    if res == OK and found is None:
                        break
                elif found is not None:
                    found.append(v)
                else:
                    return OK
            if level < last and isinstance(v, (list, dict)):
                res = self.any_item(jsp, v, found, level + 1, first, last, ignore_structural,
                                    unwrap_next)
                if res == OK and found is None:
                    break
        return res

    # ------------------------------------------------------------ scalars, vars
    def scalar_value(self, jsp: Item) -> Any:
        k = jsp.kind
        if k == "null":
            return None
        if k in ("bool", "numeric", "string"):
            return jsp.value
        # variable
        if self.vars is None:
            return None
        if jsp.value not in self.vars:
            raise PgError(UNDEFINED_OBJECT, f'could not find jsonpath variable "{jsp.value}"')
        self.base = (self.vars, 1)
        return self.vars[jsp.value]

    # ------------------------------------------------------------ predicates
    def bool_item(self, jsp: Item, jb: Any, can_have_next: bool) -> int:
        k = jsp.kind
        if k == "and":
            res = self.bool_item(jsp.left, jb, False)
            if res == FALSE:
                return FALSE
            res2 = self.bool_item(jsp.right, jb, False)
            return res if res2 == TRUE else res2
        if k == "or":
            res = self.bool_item(jsp.left, jb, False)
            if res == TRUE:
                return TRUE
            res2 = self.bool_item(jsp.right, jb, False)
            return res if res2 == FALSE else res2
        if k == "not":
            res = self.bool_item(jsp.arg, jb, False)
            if res == UNKNOWN:
                return UNKNOWN
            return FALSE if res == TRUE else TRUE
        if k == "is_unknown":
            return TRUE if self.bool_item(jsp.arg, jb, False) == UNKNOWN else FALSE
        if k in ("eq", "ne", "lt", "gt", "le", "ge"):
            return self.predicate(jsp, jsp.left, jsp.right, jb, True,
                                  lambda lv, rv: self.compare_items(k, lv, rv))
        if k == "starts_with":
            return self.predicate(jsp, jsp.left, jsp.right, jb, False, _starts_with)
        if k == "like_regex":
            rx = compile_like_regex(jsp.pattern, jsp.flags)

            def like(lv: Any, _rv: Any) -> int:
                if not isinstance(lv, str):
                    return UNKNOWN
                return TRUE if rx.search(lv) else FALSE
            return self.predicate(jsp, jsp.arg, None, jb, False, like)
        if k == "exists":
            try:
                if not self.lax:
                    vals: list = []
                    self.execute_no_throw(jsp.arg, jb, False, vals)
                    return TRUE if vals else FALSE
                res = self.execute_no_throw(jsp.arg, jb, False, None)
                return TRUE if res == OK else FALSE
            except _JperError:
                return UNKNOWN
        raise PgError("XX000", f"invalid boolean jsonpath item type: {k}")

    def nested_bool_item(self, jsp: Item, jb: Any) -> int:
        prev = self.current
        self.current = jb
        try:
            return self.bool_item(jsp, jb, False)
        finally:
            self.current = prev

    def predicate(self, pred: Item, larg: Item, rarg: Item | None, jb: Any,
                  unwrap_right: bool, fn) -> int:
        """executePredicate(): existence semantics over both sequences."""
        lseq: list = []
        rseq: list = []
        try:
            self.execute_no_throw(larg, jb, True, lseq)
            if rarg is not None:
                self.execute_no_throw(rarg, jb, unwrap_right, rseq)
        except _JperError:
            return UNKNOWN
        error = found = False
        for lval in lseq:
            for rval in (rseq if rarg is not None else [None]):
                res = fn(lval, rval)
                if res == UNKNOWN:
                    if not self.lax:
                        return UNKNOWN
                    error = True
                elif res == TRUE:
                    if self.lax:
                        return TRUE
                    found = True
        if found:
            return TRUE
        if error:
            return UNKNOWN
        return FALSE

    def compare_items(self, op: str, a: Any, b: Any) -> int:
        """compareItems()."""
        ta, tb = _item_type(a), _item_type(b)
        if ta != tb:
            if ta == "null" or tb == "null":
                return TRUE if op == "ne" else FALSE
            return UNKNOWN
        if ta == "null":
            cmp = 0
        elif ta == "bool":
            cmp = 0 if a == b else (1 if a else -1)
        elif ta == "numeric":
            from pgref.types.funcs.numeric_funcs import cmp as numeric_cmp
            cmp = numeric_cmp(a, b)
        elif ta == "string":
            if op == "eq":
                return TRUE if a == b else FALSE
            ab, bb = a.encode("utf-8"), b.encode("utf-8")
            cmp = (ab > bb) - (ab < bb)
        elif ta == "datetime":
            from pgref.types.funcs.jsonpath_datetime import compare_datetime
            cmp = compare_datetime(self, a, b)
            if cmp is None:
                return UNKNOWN
        else:
            return UNKNOWN
        res = {"eq": cmp == 0, "ne": cmp != 0, "lt": cmp < 0, "gt": cmp > 0,
               "le": cmp <= 0, "ge": cmp >= 0}[op]
        return TRUE if res else FALSE

    # ------------------------------------------------------------ arithmetic
    def binary_arith(self, jsp: Item, jb: Any, found: list | None) -> int:
        from pgref.types.funcs import numeric_funcs as nf
        lseq: list = []
        rseq: list = []
        self.execute_opt_unwrap_result(jsp.left, jb, True, lseq)
        self.execute_opt_unwrap_result(jsp.right, jb, True, rseq)
        name = {"add": "+", "sub": "-", "mul": "*", "div": "/", "mod": "%"}[jsp.kind]
        if len(lseq) != 1 or not _is_number(lseq[0]):
            self.fail(SINGLETON_SQL_JSON_ITEM_REQUIRED,
                      f"left operand of jsonpath operator {name} is not a single numeric value")
        if len(rseq) != 1 or not _is_number(rseq[0]):
            self.fail(SINGLETON_SQL_JSON_ITEM_REQUIRED,
                      f"right operand of jsonpath operator {name} is not a single numeric value")
        fn = {"add": nf.numeric_add, "sub": nf.numeric_sub, "mul": nf.numeric_mul,
              "div": nf.numeric_div, "mod": nf.numeric_mod}[jsp.kind]
        try:
            res = fn(lseq[0], rseq[0])
        except PgError:
            if self.throw:
                raise
            raise _JperError() from None
        if jsp.next is None and found is None:
            return OK
        return self.next_item(jsp, None, res, found)

    def unary_arith(self, jsp: Item, jb: Any, found: list | None) -> int:
        seq: list = []
        self.execute_opt_unwrap_result(jsp.arg, jb, True, seq)
        res = NOT_FOUND
        for val in seq:
            if _is_number(val):
                if found is None and jsp.next is None:
                    return OK
            else:
                if found is None and jsp.next is None:
                    continue
                op = "+" if jsp.kind == "plus" else "-"
                self.fail(SQL_JSON_NUMBER_NOT_FOUND,
                          f"operand of unary jsonpath operator {op} is not a numeric value")
            if jsp.kind == "minus":
                from pgref.types.funcs.numeric_funcs import numeric_uminus
                val = numeric_uminus(val)
            r = self.next_item(jsp, None, val, found)
            if r == OK:
                if found is None:
                    return OK
                res = OK
        return res

    # ------------------------------------------------------------ methods
    def numeric_method(self, jsp: Item, jb: Any, unwrap: bool, found: list | None) -> int:
        from pgref.types.funcs import numeric_funcs as nf
        if unwrap and isinstance(jb, list):
            return self.unwrap_target_array(jsp, jb, found, False)
        if not _is_number(jb):
            self.fail(NON_NUMERIC_SQL_JSON_ITEM,
                      f"jsonpath item method .{jsp.kind}() can only be applied to a numeric value")
        fn = {"abs": nf.numeric_abs, "floor": nf.numeric_floor, "ceiling": nf.numeric_ceil}
        v = fn[jsp.kind](jb)
        if jsp.next is None and found is None:
            return OK
        return self.next_item(jsp, None, v, found)

    def double_method(self, jsp: Item, jb: Any, unwrap: bool, found: list | None) -> int:
        from pgref.types.funcs.numeric_funcs import _float_to_numeric
        from pgref.types.io.floats import float8_in
        from pgref.types.io.numeric import numeric_out_text
        if unwrap and isinstance(jb, list):
            return self.unwrap_target_array(jsp, jb, found, False)
        if _is_number(jb):
            text = numeric_out_text(jb)
            try:
                val = float8_in(text)
            except PgError:
                val = math.inf
            if math.isinf(val) or math.isnan(val):
                self.fail(NON_NUMERIC_SQL_JSON_ITEM, "numeric argument of jsonpath item method "
                          ".double() is out of range for type double precision")
            # numeric_float8 then back: the value keeps its numeric form
            result = jb
        elif isinstance(jb, str):
            try:
                val = float8_in(jb)
            except PgError:
                val = None
            if val is None:
                self.fail(NON_NUMERIC_SQL_JSON_ITEM, "string argument of jsonpath item method "
                          ".double() is not a valid representation of a double precision number")
            if math.isinf(val) or math.isnan(val):
                self.fail(NON_NUMERIC_SQL_JSON_ITEM, "string argument of jsonpath item method "
                          ".double() is not a valid representation of a double precision number")
            result = _float_to_numeric(val, 15)
        else:
            self.fail(NON_NUMERIC_SQL_JSON_ITEM, "jsonpath item method .double() can only be "
                      "applied to a string or numeric value")
        return self.next_item(jsp, None, result, found)

    def keyvalue(self, jsp: Item, jb: Any, found: list | None) -> int:
        """executeKeyValueMethod(): {"key", "value", "id"} per member."""
        if not isinstance(jb, dict):
            self.fail(SQL_JSON_OBJECT_NOT_FOUND,
                      "jsonpath item method .keyvalue() can only be applied to an object")
        if not jb:
            return NOT_FOUND
        base, base_id = self.base
        oid = base_id * 10_000_000_000 + self.container_offset(base, jb)
        res = NOT_FOUND
        for key, val in jb.items():
            res = OK
            if jsp.next is None and found is None:
                break
            obj = canonical_object([("key", key), ("value", val), ("id", Decimal(oid))])
            saved = self.base
            self.base = (obj, self.last_generated_id)
            self.last_generated_id += 1
            try:
                res = self.next_item(jsp, None, obj, found)
            finally:
                self.base = saved
            if res == OK and found is None:
                break
        return res

    def container_offset(self, base: Any, target: Any) -> int:
        """Byte offset of ``target`` inside ``base``'s JsonbContainer (the
        pointer difference PostgreSQL uses for .keyvalue() ids)."""
        if base is target:
            return 0
        offs = self._offsets.get(id(base))
        if offs is None:
            offs = {}
            _container_offsets(base, 0, offs)
            self._offsets[id(base)] = offs
        return offs.get(id(target), 0)


def _container_offsets(v: Any, base: int, out: dict[int, int]) -> int:
    """Record id(container) -> offset for every nested container, mirroring
    jsonb.encode_container()'s layout; returns v's encoded length."""
    from pgref.types.io.jsonb import _numeric_datum
    out.setdefault(id(v), base)
    items = list(v.keys()) + list(v.values()) if isinstance(v, dict) else list(v)
    start = base + 4 + 4 * len(items)
    pos = 0
    for x in items:
        if isinstance(x, (dict, list)):
            pos += -pos % 4
            pos += _container_offsets(x, start + pos, out)
        elif isinstance(x, str):
            pos += len(x.encode("utf-8"))
        elif isinstance(x, Decimal):
            pos += -pos % 4
            pos += len(_numeric_datum(x))
    return 4 + 4 * len(items) + pos


def _item_type(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, Decimal):
        return "numeric"
    if isinstance(v, str):
        return "string"
    if isinstance(v, Datetime):
        return "datetime"
    return "container"


def _type_name(v: Any) -> str:
    if isinstance(v, Datetime):
        return {DATEOID: "date", TIMEOID: "time without time zone",
                TIMETZOID: "time with time zone", TIMESTAMPOID: "timestamp without time zone",
                TIMESTAMPTZOID: "timestamp with time zone"}[v.typid]
    return jsonb_type_name(v)


def _starts_with(whole: Any, initial: Any) -> int:
    if not isinstance(whole, str) or not isinstance(initial, str):
        return UNKNOWN
    return TRUE if whole.startswith(initial) else FALSE


# ================================================================= entry points

def execute(path: JsonPath, root: Any, vars_: Any, throw: bool, want_all: bool,
            use_tz: bool = False, ctx: Any = None) -> tuple[int | None, list]:
    """executeJsonPath(): (OK / NOT_FOUND, or None after a suppressed error;
    the found items, collected when want_all)."""
    if vars_ is not None and not isinstance(vars_, dict):
        raise PgError(INVALID_PARAMETER_VALUE, '"vars" argument is not an object',
                      detail='Jsonpath parameters should be encoded as key-value pairs of '
                      '"vars" object.')
    cxt = _Cxt(root, vars_, path.lax, throw, use_tz, ctx)
    found: list = []
    try:
        if not path.lax and not want_all:
            cxt.execute_item(path.expr, root, found)
            return (OK if found else NOT_FOUND), found
        res = cxt.execute_item(path.expr, root, found if want_all else None)
        return res, found
    except _JperError:
        return None, found


def to_jsonb_value(v: Any) -> Any:
    """JsonbValueToJsonb(): a Datetime becomes its ISO string."""
    if isinstance(v, Datetime):
        from pgref.types.funcs.jsonpath_datetime import datetime_to_json_string
        return datetime_to_json_string(v)
    return v


def _exists(ctx: Any, target: Jsonb, path: JsonPath, vars_: Jsonb | None, silent: bool,
            use_tz: bool) -> bool | None:
    res, _ = execute(path, target.root, None if vars_ is None else vars_.root, not silent,
                     False, use_tz, ctx)
    if res is None:
        return None
    return res == OK


def _match(ctx: Any, target: Jsonb, path: JsonPath, vars_: Jsonb | None, silent: bool,
           use_tz: bool) -> bool | None:
    _, found = execute(path, target.root, None if vars_ is None else vars_.root, not silent,
                       True, use_tz, ctx)
    if len(found) == 1:
        v = found[0]
        if isinstance(v, bool):
            return v
        if v is None:
            return None
    if not silent:
        raise PgError(SINGLETON_SQL_JSON_ITEM_REQUIRED, "single boolean result is expected")
    return None


def _query(ctx: Any, target: Jsonb, path: JsonPath, vars_: Jsonb, silent: bool,
           use_tz: bool) -> list:
    _, found = execute(path, target.root, vars_.root, not silent, True, use_tz, ctx)
    return [to_jsonb_value(v) for v in found]


@builtin("jsonb_path_exists", ctx=True)
def jsonb_path_exists(ctx, target, path, vars_, silent):
    return _exists(ctx, target, path, vars_, silent, False)


@builtin("jsonb_path_exists_tz", ctx=True)
def jsonb_path_exists_tz(ctx, target, path, vars_, silent):
    return _exists(ctx, target, path, vars_, silent, True)


@builtin("jsonb_path_exists_opr", ctx=True)
def jsonb_path_exists_opr(ctx, target, path):
    return _exists(ctx, target, path, None, True, False)


@builtin("jsonb_path_match", ctx=True)
def jsonb_path_match(ctx, target, path, vars_, silent):
    return _match(ctx, target, path, vars_, silent, False)


@builtin("jsonb_path_match_tz", ctx=True)
def jsonb_path_match_tz(ctx, target, path, vars_, silent):
    return _match(ctx, target, path, vars_, silent, True)


@builtin("jsonb_path_match_opr", ctx=True)
def jsonb_path_match_opr(ctx, target, path):
    return _match(ctx, target, path, None, True, False)


@builtin("jsonb_path_query", ctx=True)
def jsonb_path_query(ctx, target, path, vars_, silent):
    return iter([Jsonb(v) for v in _query(ctx, target, path, vars_, silent, False)])


@builtin("jsonb_path_query_tz", ctx=True)
def jsonb_path_query_tz(ctx, target, path, vars_, silent):
    return iter([Jsonb(v) for v in _query(ctx, target, path, vars_, silent, True)])


@builtin("jsonb_path_query_array", ctx=True)
def jsonb_path_query_array(ctx, target, path, vars_, silent):
    return Jsonb(_query(ctx, target, path, vars_, silent, False))


@builtin("jsonb_path_query_array_tz", ctx=True)
def jsonb_path_query_array_tz(ctx, target, path, vars_, silent):
    return Jsonb(_query(ctx, target, path, vars_, silent, True))


@builtin("jsonb_path_query_first", ctx=True)
def jsonb_path_query_first(ctx, target, path, vars_, silent):
    found = _query(ctx, target, path, vars_, silent, False)
    return Jsonb(found[0]) if found else None


@builtin("jsonb_path_query_first_tz", ctx=True)
def jsonb_path_query_first_tz(ctx, target, path, vars_, silent):
    found = _query(ctx, target, path, vars_, silent, True)
    return Jsonb(found[0]) if found else None
