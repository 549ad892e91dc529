"""Text search over json and jsonb documents (PostgreSQL's to_tsany.c
json/jsonb functions and wparser.c ts_headline_json*).

Where it sits: ``tsearch/`` (spec/14-tsearch.md, "json and jsonb").

* ``to_tsvector(json)`` indexes the document's string values;
  ``json_to_tsvector(json, filter)`` chooses what to index with a jsonb
  filter: ``"string"``, ``"numeric"``, ``"boolean"``, ``"key"``, ``"all"`` or
  an array of them.  Values are visited in document order (jsonb: its
  canonical key order), keys before their values; each one is parsed with
  positions continuing, and a value that produced words leaves a one
  position gap before the next (add_to_tsvector), so phrases never span
  two values.
* ``ts_headline(json, ...)`` replaces every string value by its headline;
  json comes back compact (no blanks between tokens), jsonb as jsonb.

Entry points: the fmgr builtins listed in the module.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable

from pgref.errors import INVALID_PARAMETER_VALUE, PgError
from pgref.types.fmgr import builtin
from pgref.types.io.json import JsonNumber, JsonPairs, json_parse
from pgref.types.io.jsonb import Jsonb
from pgref.types.io.tsquery import TSQuery
from pgref.types.io.tsvector import TSVector, make_tsvector, make_wep
from pgref.tsearch.config import Config, current_config, get_config, parsetext_from
from pgref.tsearch.headline import headline

STRING, NUMERIC, BOOLEAN, KEY = 0x01, 0x02, 0x04, 0x08
ALL = STRING | NUMERIC | BOOLEAN | KEY
_HINT = 'Possible values are: "string", "numeric", "boolean", "key", and "all".'


def parse_flags(flt: Jsonb) -> int:
    """parse_jsonb_index_flags()."""
    root = flt.root
    names = {"all": ALL, "key": KEY, "string": STRING, "numeric": NUMERIC, "boolean": BOOLEAN}
    if isinstance(root, (dict,)):
        raise PgError(INVALID_PARAMETER_VALUE, "wrong flag type, only arrays and scalars are allowed")
    items = root if isinstance(root, list) else [root]
    flags = 0
    for x in items:
        if isinstance(x, (list, dict)):
            raise PgError(INVALID_PARAMETER_VALUE, "wrong flag type, only arrays and scalars are allowed")
        if not isinstance(x, str) or isinstance(x, bool):
            raise PgError(INVALID_PARAMETER_VALUE, "flag array element is not a string", hint=_HINT)
        bit = names.get(x.lower())
        if bit is None:
            raise PgError(INVALID_PARAMETER_VALUE, f'wrong flag in flag array: "{x}"', hint=_HINT)
        flags |= bit
    return flags


def _number_text(v: Any) -> str:
    if isinstance(v, Decimal):
        from pgref.types.io.numeric import numeric_out_text
        return numeric_out_text(v)
    return str(v)


def _values(root: Any, flags: int, out: list[str]) -> None:
    """iterate_json(b)_values(): the texts to index, in document order."""
    if isinstance(root, (dict, JsonPairs)):
        pairs = root.items() if isinstance(root, dict) else root
        for k, v in pairs:
            if flags & KEY:
                out.append(k)
            _values(v, flags, out)
    elif isinstance(root, list):
        for v in root:
            _values(v, flags, out)
    elif isinstance(root, bool):
        if flags & BOOLEAN:
            out.append("true" if root else "false")
    elif isinstance(root, (JsonNumber, Decimal)):
        if flags & NUMERIC:
            out.append(_number_text(root))
    elif isinstance(root, str):
        if flags & STRING:
            out.append(root)


def _to_tsvector(cfg: Config, root: Any, flags: int) -> TSVector:
    texts: list[str] = []
    _values(root, flags, texts)
    words = []
    pos = 0
    for t in texts:
        parsed, pos = parsetext_from(cfg, t, pos)
        if parsed:
            words.extend(parsed)
            pos += 1
    return make_tsvector((w.word, [make_wep(w.pos, 0)]) for w in words)


def _json_root(text: str) -> Any:
    return json_parse(text)


@builtin("jsonb_string_to_tsvector", ctx=True)
def jsonb_string_to_tsvector(ctx: Any, doc: Jsonb) -> TSVector:
    return _to_tsvector(current_config(ctx), doc.root, STRING)


@builtin("jsonb_string_to_tsvector_byid")
def jsonb_string_to_tsvector_byid(cfgoid: int, doc: Jsonb) -> TSVector:
    return _to_tsvector(get_config(cfgoid), doc.root, STRING)


@builtin("json_string_to_tsvector", ctx=True)
def json_string_to_tsvector(ctx: Any, doc: str) -> TSVector:
    return _to_tsvector(current_config(ctx), _json_root(doc), STRING)


@builtin("json_string_to_tsvector_byid")
def json_string_to_tsvector_byid(cfgoid: int, doc: str) -> TSVector:
    return _to_tsvector(get_config(cfgoid), _json_root(doc), STRING)


@builtin("jsonb_to_tsvector", ctx=True)
def jsonb_to_tsvector(ctx: Any, doc: Jsonb, flt: Jsonb) -> TSVector:
    return _to_tsvector(current_config(ctx), doc.root, parse_flags(flt))


@builtin("jsonb_to_tsvector_byid")
def jsonb_to_tsvector_byid(cfgoid: int, doc: Jsonb, flt: Jsonb) -> TSVector:
    return _to_tsvector(get_config(cfgoid), doc.root, parse_flags(flt))


@builtin("json_to_tsvector", ctx=True)
def json_to_tsvector(ctx: Any, doc: str, flt: Jsonb) -> TSVector:
    return _to_tsvector(current_config(ctx), _json_root(doc), parse_flags(flt))


@builtin("json_to_tsvector_byid")
def json_to_tsvector_byid(cfgoid: int, doc: str, flt: Jsonb) -> TSVector:
    return _to_tsvector(get_config(cfgoid), _json_root(doc), parse_flags(flt))


# ------------------------------------------------------------------ headlines

def _map_strings(root: Any, fn: Callable[[str], str]) -> Any:
    if isinstance(root, dict):
        return {k: _map_strings(v, fn) for k, v in root.items()}
    if isinstance(root, JsonPairs):
        return JsonPairs((k, _map_strings(v, fn)) for k, v in root)
    if isinstance(root, list):
        return [_map_strings(v, fn) for v in root]
    if isinstance(root, str) and not isinstance(root, JsonNumber):
        return fn(root)
    return root


def _compact_json(root: Any) -> str:
    """transform_json_string_values()'s output: tokens without blanks."""
    from pgref.types.funcs.json_funcs import escape_json
    if isinstance(root, JsonPairs):
        return "{" + ",".join(f"{escape_json(k)}:{_compact_json(v)}" for k, v in root) + "}"
    if isinstance(root, list):
        return "[" + ",".join(_compact_json(v) for v in root) + "]"
    if isinstance(root, bool):
        return "true" if root else "false"
    if root is None:
        return "null"
    if isinstance(root, JsonNumber):
        return str(root)
    return escape_json(root)


def _hl_json(cfg: Config, doc: str, q: TSQuery, opt: str | None) -> str:
    root = _map_strings(_json_root(doc), lambda s: headline(cfg, s, q, opt))
    return _compact_json(root)


def _hl_jsonb(cfg: Config, doc: Jsonb, q: TSQuery, opt: str | None) -> Jsonb:
    return Jsonb(_map_strings(doc.root, lambda s: headline(cfg, s, q, opt)))


@builtin("ts_headline_json_byid_opt")
def ts_headline_json_byid_opt(cfgoid: int, doc: str, q: TSQuery, opt: str) -> str:
    return _hl_json(get_config(cfgoid), doc, q, opt)


@builtin("ts_headline_json_byid")
def ts_headline_json_byid(cfgoid: int, doc: str, q: TSQuery) -> str:
    return _hl_json(get_config(cfgoid), doc, q, None)


@builtin("ts_headline_json_opt", ctx=True)
def ts_headline_json_opt(ctx: Any, doc: str, q: TSQuery, opt: str) -> str:
    return _hl_json(current_config(ctx), doc, q, opt)


@builtin("ts_headline_json", ctx=True)
def ts_headline_json(ctx: Any, doc: str, q: TSQuery) -> str:
    return _hl_json(current_config(ctx), doc, q, None)


@builtin("ts_headline_jsonb_byid_opt")
def ts_headline_jsonb_byid_opt(cfgoid: int, doc: Jsonb, q: TSQuery, opt: str) -> Jsonb:
    return _hl_jsonb(get_config(cfgoid), doc, q, opt)


@builtin("ts_headline_jsonb_byid")
def ts_headline_jsonb_byid(cfgoid: int, doc: Jsonb, q: TSQuery) -> Jsonb:
    return _hl_jsonb(get_config(cfgoid), doc, q, None)


@builtin("ts_headline_jsonb_opt", ctx=True)
def ts_headline_jsonb_opt(ctx: Any, doc: Jsonb, q: TSQuery, opt: str) -> Jsonb:
    return _hl_jsonb(current_config(ctx), doc, q, opt)


@builtin("ts_headline_jsonb", ctx=True)
def ts_headline_jsonb(ctx: Any, doc: Jsonb, q: TSQuery) -> Jsonb:
    return _hl_jsonb(current_config(ctx), doc, q, None)
