"""jsonb operators and functions (PostgreSQL's utils/adt/jsonfuncs.c, jsonb.c,
jsonb_op.c), plus the json processing functions that read json text.

Where it sits: ``pgref/types/funcs/`` (spec/03-types.md, "json and jsonb").
Values are :class:`pgref.types.io.jsonb.Jsonb` (see that module's table);
json values are their text and are parsed with ``json_parse`` when a
function needs their structure.  Builtins are keyed by pg_proc.prosrc:

    -> ->> #> #>>        jsonb_object_field(_text), jsonb_array_element(_text),
                         jsonb_extract_path(_text) and the json_* twins
    @> <@ ? ?| ?&        jsonb_contains, jsonb_contained, jsonb_exists(_any/_all)
    || - #-              jsonb_concat, jsonb_delete(_idx/_array), jsonb_delete_path
    jsonb_typeof jsonb_array_length jsonb_object_keys jsonb_each(_text)
    jsonb_array_elements(_text) jsonb_strip_nulls jsonb_pretty jsonb_set
    jsonb_insert to_jsonb jsonb_build_object/array jsonb_agg jsonb_object_agg
    row_to_json json_agg json_object_agg and the json_* readers
    json_object jsonb_object json_strip_nulls
    (json|jsonb)_populate_record(set)   populate_record_field's rules: arrays
                         from nested JSON arrays, composites from objects,
                         domains checked, other types through their input
                         function (json sources keep their source text)

Errors carry PostgreSQL's texts ("cannot call jsonb_each on a non-object",
"cannot delete from scalar", ...), SQLSTATE 22023 unless noted.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from pgref.errors import INVALID_PARAMETER_VALUE, PgError
from pgref.types.fmgr import builtin
from pgref.types.funcs._common import argtypes
from pgref.types.funcs.json_funcs import _variadic, datum_to_json, escape_json
from pgref.types.io.json import JsonNumber, JsonPairs, json_parse
from pgref.types.io.jsonb import Jsonb, canonical_object, compare_values, from_parsed, to_pretty, to_text
from pgref.types.values import PgArray

_NULL_VALUE_NOT_ALLOWED = "22004"


def _err(msg: str) -> PgError:
    return PgError(INVALID_PARAMETER_VALUE, msg)


def _text_of(v: Any) -> str | None:
    """The ->> form of a value: a string unquoted, null as SQL NULL."""
    if v is None:
        return None
    if isinstance(v, str):
        return v
    return to_text(v)


_STRTOINT = __import__("re").compile(r"[ \t\n\r\v\f]*[+-]?[0-9]+")


def _strtoint(s: str) -> int | None:
    """An array subscript from a path element: strtoint() consuming the
    whole text (leading blanks and a sign allowed) within int32 range."""
    if not _STRTOINT.fullmatch(s):
        return None
    i = int(s.strip(" \t\n\r\v\f"))
    return i if -2 ** 31 <= i < 2 ** 31 else None


def _index(lst: list, i: int) -> Any:
    """Element i (negative counts from the end); _MISSING when out of range."""
    if i < 0:
        i += len(lst)
    if 0 <= i < len(lst):
        return lst[i]
    return _MISSING


class _Missing:
    pass


_MISSING = _Missing()


# ---------------------------------------------------------------- -> ->> #> #>>

@builtin("jsonb_object_field")
def jsonb_object_field(j: Jsonb, key: str) -> Jsonb | None:
    if isinstance(j.root, dict) and key in j.root:
        return Jsonb(j.root[key])
    return None


@builtin("jsonb_object_field_text")
def jsonb_object_field_text(j: Jsonb, key: str) -> str | None:
    if isinstance(j.root, dict) and key in j.root:
        return _text_of(j.root[key])
    return None


@builtin("jsonb_array_element")
def jsonb_array_element(j: Jsonb, i: int) -> Jsonb | None:
    # a scalar document is PostgreSQL's raw-scalar array: element 0 is it
    if not isinstance(j.root, dict):
        v = _index(j.root if isinstance(j.root, list) else [j.root], i)
        if v is not _MISSING:
            return Jsonb(v)
    return None


@builtin("jsonb_array_element_text")
def jsonb_array_element_text(j: Jsonb, i: int) -> str | None:
    if not isinstance(j.root, dict):
        v = _index(j.root if isinstance(j.root, list) else [j.root], i)
        if v is not _MISSING:
            return _text_of(v)
    return None


def _path_elements(path: PgArray | None) -> list[str | None]:
    if path is None:
        return []
    if len(path.dims) > 1:
        raise PgError("2202E", "wrong number of array subscripts")
    return list(path.elements)


def _walk_path(root: Any, path: list) -> Any:
    v = root
    for p in path:
        if p is None:
            return _MISSING
        if isinstance(v, dict):
            v = v.get(p, _MISSING)
        elif isinstance(v, list):
            i = _strtoint(p)
            if i is None:
                return _MISSING
            v = _index(v, i)
        else:
            return _MISSING
        if v is _MISSING:
            return v
    return v


@builtin("jsonb_extract_path")
def jsonb_extract_path(j: Jsonb, path: PgArray) -> Jsonb | None:
    v = _walk_path(j.root, _path_elements(path))
    return None if v is _MISSING else Jsonb(v)


@builtin("jsonb_extract_path_text")
def jsonb_extract_path_text(j: Jsonb, path: PgArray) -> str | None:
    v = _walk_path(j.root, _path_elements(path))
    return None if v is _MISSING else _text_of(v)


# ---------------------------------------------------------------- containment, existence

def _contains(a: Any, b: Any) -> bool:
    """JsonbDeepContains(): does a contain b (both containers of one kind)?"""
    if isinstance(b, dict):
        for k, bv in b.items():
            if k not in a:
                return False
            av = a[k]
            if isinstance(bv, (dict, list)):
                if type(av) is not type(bv) or not _contains(av, bv):
                    return False
            elif isinstance(av, (dict, list)) or compare_values(av, bv) != 0:
                return False
        return True
    scalars = [x for x in a if not isinstance(x, (dict, list))]
    for bv in b:
        if isinstance(bv, (dict, list)):
            if not any(type(av) is type(bv) and _contains(av, bv) for av in a):
                return False
        elif not any(compare_values(av, bv) == 0 for av in scalars):
            return False
    return True


def contains(a: Jsonb, b: Jsonb) -> bool:
    if isinstance(a.root, dict) != isinstance(b.root, dict):
        return False
    if isinstance(a.root, dict):
        return _contains(a.root, b.root)
    if a.is_scalar() and not b.is_scalar():
        return False
    ra = [a.root] if a.is_scalar() else a.root
    rb = [b.root] if b.is_scalar() else b.root
    return _contains(ra, rb)


builtin("jsonb_contains")(contains)
builtin("jsonb_contained")(lambda a, b: contains(b, a))


def _exists(j: Jsonb, key: str) -> bool:
    r = j.root
    if isinstance(r, dict):
        return key in r
    if isinstance(r, list):
        return any(isinstance(x, str) and x == key for x in r)
    return isinstance(r, str) and r == key


builtin("jsonb_exists")(_exists)
builtin("jsonb_exists_any")(lambda j, keys: any(_exists(j, k) for k in keys.elements if k is not None))
builtin("jsonb_exists_all")(lambda j, keys: all(_exists(j, k) for k in keys.elements if k is not None))


# ---------------------------------------------------------------- || - #-

@builtin("jsonb_concat")
def jsonb_concat(a: Jsonb, b: Jsonb) -> Jsonb:
    ra, rb = a.root, b.root
    if isinstance(ra, dict) and isinstance(rb, dict):
        return Jsonb(canonical_object(list(ra.items()) + list(rb.items())))
    la = ra if isinstance(ra, list) else [ra]
    lb = rb if isinstance(rb, list) else [rb]
    return Jsonb(la + lb)


@builtin("jsonb_delete")
def jsonb_delete(j: Jsonb, key: str) -> Jsonb:
    r = j.root
    if j.is_scalar():
        raise _err("cannot delete from scalar")
    if isinstance(r, dict):
        return Jsonb({k: v for k, v in r.items() if k != key})
    return Jsonb([x for x in r if not (isinstance(x, str) and x == key)])


@builtin("jsonb_delete_array")
def jsonb_delete_array(j: Jsonb, keys: PgArray) -> Jsonb:
    r = j.root
    if j.is_scalar():
        raise _err("cannot delete from scalar")
    drop = {k for k in keys.elements if k is not None}
    if isinstance(r, dict):
        return Jsonb({k: v for k, v in r.items() if k not in drop})
    return Jsonb([x for x in r if not (isinstance(x, str) and x in drop)])


@builtin("jsonb_delete_idx")
def jsonb_delete_idx(j: Jsonb, i: int) -> Jsonb:
    r = j.root
    if j.is_scalar():
        raise _err("cannot delete from scalar")
    if isinstance(r, dict):
        raise _err("cannot delete from object using integer index")
    if i < 0:
        i += len(r)
    if not 0 <= i < len(r):
        return j
    return Jsonb(r[:i] + r[i + 1:])


def _path_index(p: str, pos: int) -> int:
    i = _strtoint(p)
    if i is None:
        raise PgError("22P02", f"path element at position {pos} is not an integer: \"{p}\"")
    return i


@builtin("jsonb_delete_path")
def jsonb_delete_path(j: Jsonb, path: PgArray) -> Jsonb:
    if j.is_scalar():
        raise _err("cannot delete path in scalar")
    elems = _path_elements(path)
    if any(p is None for p in elems):
        raise _err("path element at position "
                   f"{elems.index(None) + 1} is null")
    if not elems or j.root == [] or j.root == {}:
        return j

    def rec(v: Any, level: int) -> Any:
        p = elems[level]
        last = level == len(elems) - 1
        if isinstance(v, dict):
            if p not in v:
                return v
            if last:
                return {k: x for k, x in v.items() if k != p}
            out = dict(v)
            out[p] = rec(v[p], level + 1)
            return out
        if isinstance(v, list):
            i = _path_index(p, level + 1)
            if i < 0:
                i += len(v)
            if not 0 <= i < len(v):
                return v
            if last:
                return v[:i] + v[i + 1:]
            return v[:i] + [rec(v[i], level + 1)] + v[i + 1:]
        return v
    return Jsonb(rec(j.root, 0))


# ---------------------------------------------------------------- jsonb_set / jsonb_insert

def _set_path(root: Any, elems: list, newval: Any, create: bool, mode: str) -> Any:
    """setPath(): mode 'set' replaces (creating the last step if allowed),
    'before'/'after' insert into an array or add a new object key."""
    def rec(v: Any, level: int) -> Any:
        p = elems[level]
        last = level == len(elems) - 1
        if isinstance(v, dict):
            if p in v:
                if last:
                    if mode != "set":
                        raise _err("cannot replace existing key")
                    out = dict(v)
                    out[p] = newval
                    return out
                out = dict(v)
                out[p] = rec(v[p], level + 1)
                return out
            if last and (create or mode != "set"):
                return canonical_object(list(v.items()) + [(p, newval)])
            return v
        if isinstance(v, list):
            i = _strtoint(p)
            if i is None:
                raise PgError("22P02", f"path element at position {level + 1} is not an integer: \"{p}\"")
            n = len(v)
            if i < 0:
                if -i > n:
                    idx = -1          # before the start
                else:
                    idx = n + i
            else:
                idx = i if i < n else n
            if last:
                if mode == "set":
                    if 0 <= idx < n:
                        return v[:idx] + [newval] + v[idx + 1:]
                    if create:
                        return [newval] + v if idx < 0 else v + [newval]
                    return v
                if idx < 0:
                    return [newval] + v
                if idx >= n:
                    return v + [newval]
                if mode == "after":
                    idx += 1
                return v[:idx] + [newval] + v[idx:]
            if 0 <= idx < n:
                return v[:idx] + [rec(v[idx], level + 1)] + v[idx + 1:]
            return v
        return v
    return rec(root, 0)


def _check_path(j: Jsonb, path: PgArray, what: str) -> list:
    elems = _path_elements(path)
    if j.is_scalar():
        raise _err(f"cannot {what} path in scalar")
    for n, p in enumerate(elems):
        if p is None:
            raise _err(f"path element at position {n + 1} is null")
    return elems


@builtin("jsonb_set")
def jsonb_set(j: Jsonb, path: PgArray, newval: Jsonb, create: bool) -> Jsonb:
    elems = _check_path(j, path, "set")
    if not elems or (not create and (j.root == [] or j.root == {})):
        return j
    return Jsonb(_set_path(j.root, elems, newval.root, create, "set"))


@builtin("jsonb_insert")
def jsonb_insert(j: Jsonb, path: PgArray, newval: Jsonb, after: bool) -> Jsonb:
    elems = _check_path(j, path, "set")
    if not elems:
        return j
    return Jsonb(_set_path(j.root, elems, newval.root, False, "after" if after else "before"))


@builtin("jsonb_set_lax")
def jsonb_set_lax(j, path, newval, create, treatment):
    if treatment is None:
        raise PgError(_NULL_VALUE_NOT_ALLOWED, "null_value_treatment must be \"delete_key\", "
                      "\"return_target\", \"use_json_null\", or \"raise_exception\"")
    if j is None or path is None:
        return None
    if create is None:
        create = True
    if newval is not None:
        return jsonb_set(j, path, newval, create)
    if treatment == "raise_exception":
        raise PgError(_NULL_VALUE_NOT_ALLOWED, "JSON value must not be null",
                      detail="Exception was raised because null_value_treatment is \"raise_exception\".",
                      hint="To avoid, either change the null_value_treatment argument or ensure "
                           "that an SQL NULL is not passed.")
    if treatment == "use_json_null":
        return jsonb_set(j, path, Jsonb(None), create)
    if treatment == "delete_key":
        return jsonb_delete_path(j, path)
    if treatment == "return_target":
        return j
    raise _err("null_value_treatment must be \"delete_key\", \"return_target\", "
               "\"use_json_null\", or \"raise_exception\"")


# ---------------------------------------------------------------- inspection

def _type_name(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, (Decimal, JsonNumber)):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, dict) or isinstance(v, JsonPairs):
        return "object"
    return "array"


builtin("jsonb_typeof")(lambda j: _type_name(j.root))
builtin("jsonb_pretty")(lambda j: to_pretty(j.root))


@builtin("jsonb_array_length")
def jsonb_array_length(j: Jsonb) -> int:
    if j.is_scalar():
        raise _err("cannot get array length of a scalar")
    if isinstance(j.root, dict):
        raise _err("cannot get array length of a non-array")
    return len(j.root)


@builtin("jsonb_object_keys")
def jsonb_object_keys(j: Jsonb):
    if j.is_scalar():
        raise _err("cannot call jsonb_object_keys on a scalar")
    if isinstance(j.root, list):
        raise _err("cannot call jsonb_object_keys on an array")
    return iter(list(j.root))


def _each(j: Jsonb, name: str, as_text: bool):
    if not isinstance(j.root, dict):
        raise _err(f"cannot call {name} on a non-object")
    from pgref.types.io.record import TypedRecord
    types = (25, 25 if as_text else 3802)
    return iter([TypedRecord((k, _text_of(v) if as_text else Jsonb(v)), types) for k, v in j.root.items()])


builtin("jsonb_each")(lambda j: _each(j, "jsonb_each", False))
builtin("jsonb_each_text")(lambda j: _each(j, "jsonb_each_text", True))


def _elements(j: Jsonb, as_text: bool):
    if j.is_scalar():
        raise _err("cannot extract elements from a scalar")
    if isinstance(j.root, dict):
        raise _err("cannot extract elements from an object")
    return iter([_text_of(v) if as_text else Jsonb(v) for v in j.root])


builtin("jsonb_array_elements")(lambda j: _elements(j, False))
builtin("jsonb_array_elements_text")(lambda j: _elements(j, True))


@builtin("jsonb_strip_nulls")
def jsonb_strip_nulls(j: Jsonb) -> Jsonb:
    def rec(v: Any) -> Any:
        if isinstance(v, dict):
            return {k: rec(x) for k, x in v.items() if x is not None}
        if isinstance(v, list):
            return [rec(x) for x in v]
        return v
    return Jsonb(rec(j.root))


# ---------------------------------------------------------------- building jsonb

def datum_to_jsonb(ctx: Any, typoid: int, value: Any) -> Any:
    """datum_to_jsonb(): the value inside a document for one SQL value (the
    json conversion, read back as jsonb: same scalar rules, numbers as
    numeric)."""
    if value is None:
        return None
    if typoid == 3802:
        return value.root
    return from_parsed(json_parse(datum_to_json(ctx, typoid, value)))


@builtin("to_jsonb", ctx=True)
def to_jsonb(ctx: Any, value: Any) -> Jsonb:
    return Jsonb(datum_to_jsonb(ctx, argtypes(ctx, 1)[0], value))


@builtin("jsonb_build_object", ctx=True)
def jsonb_build_object(ctx: Any, *args: Any) -> Jsonb | None:
    if getattr(ctx, "funcvariadic", False) and args and args[-1] is None:
        return None
    pairs = _variadic(ctx, args)
    if len(pairs) % 2:
        raise PgError(INVALID_PARAMETER_VALUE, "argument list must have even number of elements",
                      hint="The arguments of jsonb_build_object() must consist of alternating keys and values.")
    items = []
    for i in range(0, len(pairs), 2):
        (kt, k), (vt, v) = pairs[i], pairs[i + 1]
        if k is None:
            raise PgError(_NULL_VALUE_NOT_ALLOWED, f"argument {i + 1}: key must not be null")
        key = datum_to_jsonb(ctx, kt, k)
        if isinstance(key, (dict, list)) or kt in (114, 3802):
            raise _err("key value must be scalar, not array, composite, or json")
        if not isinstance(key, str):
            key = _text_of(key)
        items.append((key, datum_to_jsonb(ctx, vt, v)))
    return Jsonb(canonical_object(items))


builtin("jsonb_build_object_noargs")(lambda: Jsonb({}))
builtin("jsonb_build_array_noargs")(lambda: Jsonb([]))


@builtin("jsonb_build_array", ctx=True)
def jsonb_build_array(ctx: Any, *args: Any) -> Jsonb | None:
    if getattr(ctx, "funcvariadic", False) and args and args[-1] is None:
        return None
    return Jsonb([datum_to_jsonb(ctx, t, v) for t, v in _variadic(ctx, args)])


# ---------------------------------------------------------------- aggregates

def _agg_type(ctx: Any, n: int, i: int) -> int:
    return argtypes(ctx, n)[i]


@builtin("jsonb_agg_transfn", ctx=True)
def jsonb_agg_transfn(ctx: Any, state: list | None, value: Any) -> list:
    state = [] if state is None else state
    state.append(datum_to_jsonb(ctx, _agg_type(ctx, 2, 1), value))
    return state


@builtin("jsonb_agg_finalfn")
def jsonb_agg_finalfn(state: list | None) -> Jsonb | None:
    return None if state is None else Jsonb(list(state))


@builtin("jsonb_object_agg_transfn", ctx=True)
def jsonb_object_agg_transfn(ctx: Any, state: list | None, key: Any, value: Any) -> list:
    if key is None:
        raise _err("field name must not be null")
    state = [] if state is None else state
    types = argtypes(ctx, 3)
    k = datum_to_jsonb(ctx, types[1], key)
    if isinstance(k, (dict, list)):
        raise _err("key value must be scalar, not array, composite, or json")
    state.append((k if isinstance(k, str) else _text_of(k), datum_to_jsonb(ctx, types[2], value)))
    return state


@builtin("jsonb_object_agg_finalfn")
def jsonb_object_agg_finalfn(state: list | None) -> Jsonb | None:
    return None if state is None else Jsonb(canonical_object(state))


@builtin("json_agg_transfn", ctx=True)
def json_agg_transfn(ctx: Any, state: list | None, value: Any) -> list:
    state = [] if state is None else state
    text = datum_to_json(ctx, _agg_type(ctx, 2, 1), value)
    # PostgreSQL starts each array or composite element after the first on
    # a new line
    if state and value is not None and (isinstance(value, (PgArray, tuple))):
        text = "\n " + text
    state.append(text)
    return state


@builtin("json_agg_finalfn")
def json_agg_finalfn(state: list | None) -> str | None:
    return None if state is None else "[" + ", ".join(state) + "]"


@builtin("json_object_agg_transfn", ctx=True)
def json_object_agg_transfn(ctx: Any, state: list | None, key: Any, value: Any) -> list:
    if key is None:
        raise _err("field name must not be null")
    state = [] if state is None else state
    types = argtypes(ctx, 3)
    k = datum_to_json(ctx, types[1], key, key_scalar=True)
    if not k.startswith('"'):
        k = escape_json(k)
    state.append(f"{k} : {datum_to_json(ctx, types[2], value)}")
    return state


@builtin("json_object_agg_finalfn")
def json_object_agg_finalfn(state: list | None) -> str | None:
    return None if state is None else "{ " + ", ".join(state) + " }"


@builtin("row_to_json", ctx=True)
def row_to_json(ctx: Any, row: Any) -> str:
    return datum_to_json(ctx, argtypes(ctx, 1)[0], row)


@builtin("row_to_json_pretty", ctx=True)
def row_to_json_pretty(ctx: Any, row: Any, pretty: bool) -> str:
    text = datum_to_json(ctx, argtypes(ctx, 2)[0], row)
    if not pretty:
        return text
    from pgref.types.funcs.json_funcs import _composite_fields
    fields = _composite_fields(row, argtypes(ctx, 2)[0])
    return "{" + ",\n ".join(escape_json(n) + ":" + datum_to_json(ctx, t, v) for n, t, v in fields) + "}"


# ---------------------------------------------------------------- json readers

def _json_root(text: str) -> Any:
    return json_parse(text)


def _json_text(v: Any) -> str:
    """A parsed json value written back (compact form of the parsed tree;
    strings re-escaped)."""
    if isinstance(v, JsonPairs):
        return "{" + ", ".join(f"{escape_json(k)}: {_json_text(x)}" for k, x in v) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(_json_text(x) for x in v) + "]"
    if isinstance(v, JsonNumber):
        return str(v)
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    return escape_json(v)


@builtin("json_typeof")
def json_typeof(text: str) -> str:
    return _type_name(_json_root(text))


@builtin("json_array_length")
def json_array_length(text: str) -> int:
    v = _json_root(text)
    if isinstance(v, JsonPairs):
        raise _err("cannot get array length of a non-array")
    if not isinstance(v, list):
        raise _err("cannot get array length of a scalar")
    return len(v)


@builtin("json_object_keys")
def json_object_keys(text: str):
    v = _json_root(text)
    if not isinstance(v, JsonPairs):
        raise _err("cannot call json_object_keys on " + ("an array" if isinstance(v, list) else "a scalar"))
    return iter([k for k, _x in v])


def _json_step(text: str, p: Any) -> str | None:
    """One path step into json text: the child's raw text, or None."""
    from pgref.types.io.json import json_children
    v, raw = json_children(text)
    if isinstance(p, int):
        if not isinstance(v, list) or isinstance(v, JsonPairs):
            return None
        i = p + len(raw) if p < 0 else p
        return raw[i] if 0 <= i < len(raw) else None
    if isinstance(v, JsonPairs):
        found = None
        for (k, _x), r in zip(v, raw):
            if k == p:
                found = r          # the last duplicate wins, as PostgreSQL's
        return found
    if isinstance(v, list):
        i = _strtoint(p)
        if i is None:
            return None
        return _json_step(text, i)
    return None


def _json_as_text(raw: str | None) -> str | None:
    if raw is None:
        return None
    v = json_parse(raw)
    if v is None:
        return None
    if isinstance(v, str):
        return v
    return raw


@builtin("json_object_field")
def json_object_field(text: str, key: str) -> str | None:
    from pgref.types.io.json import json_children
    v, _raw = json_children(text)
    return _json_step(text, key) if isinstance(v, JsonPairs) else None


@builtin("json_object_field_text")
def json_object_field_text(text: str, key: str) -> str | None:
    return _json_as_text(json_object_field(text, key))


@builtin("json_array_element")
def json_array_element(text: str, i: int) -> str | None:
    return _json_step(text, i)


@builtin("json_array_element_text")
def json_array_element_text(text: str, i: int) -> str | None:
    return _json_as_text(_json_step(text, i))


def _json_path(text: str, path: PgArray) -> str | None:
    cur: str | None = text.strip(" \t\n\r")     # the root value's own text
    json_parse(text)
    for p in _path_elements(path):
        if p is None or cur is None:
            return None
        cur = _json_step(cur, p)
    return cur


builtin("json_extract_path")(_json_path)
builtin("json_extract_path_text")(lambda text, path: _json_as_text(_json_path(text, path)))


@builtin("json_array_elements")
def json_array_elements(text: str):
    from pgref.types.io.json import json_children
    v, raw = json_children(text)
    if isinstance(v, JsonPairs):
        raise _err("cannot call json_array_elements on a non-array")
    if not isinstance(v, list):
        raise _err("cannot call json_array_elements on a scalar")
    return iter(raw)


@builtin("json_array_elements_text")
def json_array_elements_text(text: str):
    from pgref.types.io.json import json_children
    v, raw = json_children(text)
    if isinstance(v, JsonPairs):
        raise _err("cannot call json_array_elements_text on a non-array")
    if not isinstance(v, list):
        raise _err("cannot call json_array_elements_text on a scalar")
    return iter([_json_as_text(r) for r in raw])


def _json_each(text: str, name: str, as_text: bool):
    from pgref.types.io.json import json_children
    v, raw = json_children(text)
    if isinstance(v, list) and not isinstance(v, JsonPairs):
        raise _err("cannot deconstruct an array as an object")
    if not isinstance(v, JsonPairs):
        raise _err("cannot deconstruct a scalar")
    from pgref.types.io.record import TypedRecord
    types = (25, 25 if as_text else 114)
    return iter([TypedRecord((k, _json_as_text(r) if as_text else r), types) for (k, _x), r in zip(v, raw)])


builtin("json_each")(lambda text: _json_each(text, "json_each", False))
builtin("json_each_text")(lambda text: _json_each(text, "json_each_text", True))


# ---------------------------------------------------------------- json_object, json_strip_nulls

def _object_pairs(arr: PgArray) -> list[tuple[str, str | None]]:
    """json_object(text[]): a flat array of alternating keys and values or
    a two-column two-dimensional array."""
    nd = len(arr.dims)
    if nd == 0:
        return []
    if nd == 1:
        if arr.dims[0] % 2:
            raise PgError("2202E", "array must have even number of elements")
    elif nd == 2:
        if arr.dims[1] != 2:
            raise PgError("2202E", "array must have two columns")
    else:
        raise PgError("2202E", "wrong number of array subscripts")
    e = arr.elements
    return _checked_pairs(e[0::2], e[1::2])


def _checked_pairs(keys: list, values: list) -> list[tuple[str, str | None]]:
    for k in keys:
        if k is None:
            raise PgError(_NULL_VALUE_NOT_ALLOWED, "null value not allowed for object key")
    return list(zip(keys, values))


def _two_arg_pairs(keys: PgArray, values: PgArray) -> list[tuple[str, str | None]]:
    nk, nv = len(keys.dims), len(values.dims)
    if nk > 1 or nk != nv:
        raise PgError("2202E", "wrong number of array subscripts")
    if nk == 0:
        return []
    if keys.dims[0] != values.dims[0]:
        raise PgError("2202E", "mismatched array dimensions")
    return _checked_pairs(keys.elements, values.elements)


def _json_object_text(pairs: list) -> str:
    return "{" + ", ".join(f"{escape_json(k)} : {'null' if v is None else escape_json(v)}"
                           for k, v in pairs) + "}"


builtin("json_object")(lambda arr: _json_object_text(_object_pairs(arr)))
builtin("json_object_two_arg")(lambda k, v: _json_object_text(_two_arg_pairs(k, v)))
builtin("jsonb_object")(lambda arr: Jsonb(canonical_object(_object_pairs(arr))))
builtin("jsonb_object_two_arg")(lambda k, v: Jsonb(canonical_object(_two_arg_pairs(k, v))))


@builtin("json_strip_nulls")
def json_strip_nulls(text: str) -> str:
    """Object fields whose value is null dropped, all whitespace gone."""
    def rec(v: Any) -> str:
        if isinstance(v, JsonPairs):
            return "{" + ",".join(f"{escape_json(k)}:{rec(x)}" for k, x in v if x is not None) + "}"
        if isinstance(v, list):
            return "[" + ",".join(rec(x) for x in v) + "]"
        return _json_text(v)
    return rec(json_parse(text))


# ---------------------------------------------------------------- populate_record
# (jsonfuncs.c populate_record / populate_record_field / populate_array)

class _Src:
    """One JSON value handed to populate_record_field: the parsed value
    (jsonb root form, or json_parse form) and, for json, its source text."""
    __slots__ = ("v", "raw", "is_json")

    def __init__(self, v: Any, raw: str | None, is_json: bool):
        self.v, self.raw, self.is_json = v, raw, is_json

    def children(self) -> list["_Src"]:
        """The elements of an array (json: each with its source text)."""
        if self.is_json and self.raw is not None:
            from pgref.types.io.json import json_children
            _v, raws = json_children(self.raw)
            return [_Src(x, r, True) for x, r in zip(self.v, raws)]
        return [_Src(x, None, self.is_json) for x in self.v]

    def is_object(self) -> bool:
        return isinstance(self.v, dict) or isinstance(self.v, JsonPairs)

    def is_array(self) -> bool:
        return isinstance(self.v, list) and not isinstance(self.v, JsonPairs)

    def container_text(self) -> str:
        if self.raw is not None:
            return self.raw
        return _json_text(self.v) if self.is_json else to_text(self.v)


def _object_items(src: _Src) -> dict:
    v = src.v
    if isinstance(v, JsonPairs):
        out: dict = {}
        raws = [None] * len(v)
        if src.raw is not None:
            from pgref.types.io.json import json_children
            raws = json_children(src.raw)[1]
        for (k, x), r in zip(v, raws):
            out[k] = _Src(x, r, True)       # the last duplicate wins
        return out
    return {k: _Src(x, None, False) for k, x in v.items()}


def _type(typ: int):
    from pgref.types.registry import get_type
    return get_type(typ)


def _domain_check(ctx: Any, domoid: int, value: Any) -> None:
    from pgref.engine.typecmds import domain_check
    domain_check(ctx, domoid)(value)


def _populate_field(ctx: Any, typ: int, typmod: int, src: _Src | None, colname: str,
                    default: Any = None) -> Any:
    """populate_record_field(); ``default`` is the base record's value of
    the field (a nested composite starts from it)."""
    from pgref.types.registry import type_input
    info = _type(typ)
    if info.typtype == "d":
        base = info.typbasetype
        value = _populate_field(ctx, base, info.typtypmod, src, colname, default)
        _domain_check(ctx, typ, value)
        return value
    if src is None or src.v is None:
        return None
    if info.typcategory == "A" and info.typelem:
        if isinstance(src.v, str) and not isinstance(src.v, JsonNumber):
            return type_input(ctx, typ, src.v, typmod)
        return _populate_array(ctx, info.typelem, typmod, src, colname)
    if info.typtype == "c":
        if src.is_object():
            return _populate_record(ctx, typ, default, _object_items(src))
        if isinstance(src.v, str) and not isinstance(src.v, JsonNumber):
            return type_input(ctx, typ, src.v, typmod)
        raise _err("cannot call populate_composite on " + ("an array" if src.is_array() else "a scalar"))
    if typ == 3802:
        if src.is_json:
            return Jsonb(from_parsed(src.v))
        return Jsonb(src.v)
    if typ == 114:
        if src.raw is not None:
            return src.raw
        return _json_text(src.v) if src.is_json else to_text(src.v)
    v = src.v
    if isinstance(v, (dict, list)):
        text = src.container_text()
    elif v is True or v is False:
        text = "true" if v else "false"
    elif isinstance(v, (str, JsonNumber)):
        text = str(v)
    else:
        from pgref.types.io.numeric import numeric_out_text
        text = numeric_out_text(v)
    return type_input(ctx, typ, text, typmod)


def _populate_array(ctx: Any, elemtype: int, typmod: int, src: _Src, colname: str) -> PgArray:
    """populate_array_json/jsonb: nested JSON arrays become a rectangular
    multi-dimensional array; the first non-array element fixes the rank."""
    ndims = 0
    dims: list[int] = []
    sizes: list[int] = []
    elems: list = []

    def expected(path_sizes: list[int]) -> PgError:
        if path_sizes:
            where = "".join(f"[{s}]" for s in path_sizes)
            hint = f'See the array element {where} of key "{colname}".'
        else:
            hint = f'See the value of key "{colname}".'
        return PgError(INVALID_PARAMETER_VALUE, "expected JSON array", hint=hint)

    def walk(s: _Src, nd: int) -> None:
        nonlocal ndims
        if not s.is_array():
            raise expected(sizes[:nd - 1])
        while len(sizes) < nd:
            sizes.append(0)
            dims.append(-1)
        for child in s.children():
            if ndims <= 0 and not child.is_array():
                ndims = nd
                del dims[nd:]
            if ndims > 0 and nd >= ndims:
                elems.append(_populate_field(ctx, elemtype, typmod, child, colname))
                sizes[nd - 1] += 1
            else:
                walk(child, nd + 1)
        # populate_array_check_dimension
        i = nd - 1
        if dims[i] == -1:
            dims[i] = sizes[i]
        elif dims[i] != sizes[i]:
            raise PgError("22P02", "malformed JSON array",
                          detail="Multidimensional arrays must have sub-arrays with matching dimensions.")
        sizes[i] = 0
        if i > 0:
            sizes[i - 1] += 1

    walk(src, 1)
    if ndims <= 0 or any(d == 0 for d in dims[:ndims]):
        return PgArray([], [], [], elemtype)
    return PgArray(elems, dims[:ndims], [1] * ndims, elemtype)


def _populate_record(ctx: Any, typ: int, base: Any, fields: dict, names=None, types=None, mods=None) -> Any:
    from pgref.types.composite import columns
    from pgref.types.io.record import TypedRecord
    if names is None:
        cols = columns(typ)
        if cols is None:
            raise PgError("0A000", f"type {typ} is not a composite type")
        names, types, mods = cols
    values = list(base.values) if base is not None else [None] * len(names)
    for i, name in enumerate(names):
        src = fields.get(name)
        if src is None and base is not None:
            continue
        values[i] = _populate_field(ctx, types[i], mods[i], src, name,
                                    base.values[i] if base is not None else None)
    return TypedRecord(tuple(values), tuple(types))


def _record_shape(ctx: Any, fname: str, base: Any) -> tuple:
    """(composite type, domain or 0, names, types, mods) of the first argument."""
    from pgref.types.composite import columns
    typ = argtypes(ctx, 2)[0]
    info = _type(typ)
    domain = 0
    if info.typtype == "d":
        domain, typ = typ, info.typbasetype
    cols = columns(typ) if typ != 2249 else None
    if cols is None:
        if base is None or not hasattr(base, "types"):
            raise PgError("0A000", f"could not determine row type for result of {fname}",
                          hint="Provide a non-null record argument, or call the function in the "
                               "FROM clause using a column definition list.")
        n = len(base.types)
        cols = (tuple(f"f{i}" for i in range(1, n + 1)), tuple(base.types), (-1,) * n)
    return typ, domain, cols


def _populate_one(ctx: Any, fname: str, base: Any, src: _Src) -> Any:
    typ, domain, (names, types, mods) = _record_shape(ctx, fname, base)
    if not src.is_object():
        raise _err(f"cannot call {fname} on " + ("an array" if src.is_array() else "a scalar"))
    rec = _populate_record(ctx, typ, base, _object_items(src), names, types, mods)
    if domain:
        _domain_check(ctx, domain, rec)
    return rec


@builtin("jsonb_populate_record", ctx=True)
def jsonb_populate_record(ctx: Any, base: Any, j: Jsonb | None) -> Any:
    if j is None:
        return base
    return _populate_one(ctx, "jsonb_populate_record", base, _Src(j.root, None, False))


@builtin("json_populate_record", ctx=True)
def json_populate_record(ctx: Any, base: Any, text: str | None, use_json_as_text: bool = False) -> Any:
    if text is None:
        return base
    src = _Src(json_parse(text), text, True)
    typ, domain, (names, types, mods) = _record_shape(ctx, "json_populate_record", base)
    if not src.is_object():
        raise _err("cannot call json_populate_record on " + ("an array" if src.is_array() else "a scalar"))
    rec = _populate_record(ctx, typ, base, _object_items(src), names, types, mods)
    if domain:
        _domain_check(ctx, domain, rec)
    return rec


def _recordset(ctx: Any, fname: str, base: Any, src: _Src, is_json: bool):
    typ, domain, (names, types, mods) = _record_shape(ctx, fname, base)
    if not src.is_array():
        raise _err(f"cannot call {fname} on " + ("an object" if src.is_object() else "a scalar"))
    out = []
    for child in src.children():
        if not child.is_object():
            raise _err(f"argument of {fname} must be an array of objects")
        rec = _populate_record(ctx, typ, base, _object_items(child), names, types, mods)
        if domain:
            _domain_check(ctx, domain, rec)
        out.append(rec)
    return iter(out)


@builtin("jsonb_populate_recordset", ctx=True)
def jsonb_populate_recordset(ctx: Any, base: Any, j: Jsonb | None):
    if j is None:
        _record_shape(ctx, "jsonb_populate_recordset", base)
        return iter(())
    return _recordset(ctx, "jsonb_populate_recordset", base, _Src(j.root, None, False), False)


@builtin("json_populate_recordset", ctx=True)
def json_populate_recordset(ctx: Any, base: Any, text: str | None, use_json_as_text: bool = False):
    if text is None:
        _record_shape(ctx, "json_populate_recordset", base)
        return iter(())
    return _recordset(ctx, "json_populate_recordset", base, _Src(json_parse(text), text, True), True)
