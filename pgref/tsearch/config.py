"""Text search configurations and the functions that use them (PostgreSQL's
ts_cfg / to_tsany.c, ts_parse.c, wparser.c).

Where it sits: ``tsearch/`` (spec/14-tsearch.md, "Configurations").  A
configuration names a parser and maps each token type to a list of
dictionaries.  The built-in ones are PostgreSQL 15's ``simple`` (OID 3748:
every word-like token type to the ``simple`` dictionary) and ``english``
(OID 13164: word tokens to ``english_stem``, numbers, hosts, URLs, e-mail,
files and versions to ``simple``); tag, entity, blank and protocol tokens
are unmapped and so dropped without taking a position.

* :func:`parsetext` -- PostgreSQL's parsetext(): every token whose type
  has a mapping advances the position (INV-TS-6), even a stop word that
  yields nothing; each lexeme records that position (clamped to 16383).
* to_tsvector, to_tsquery (operands run through parsetext and joined by
  <-> when a token gives several words: pushval_morph), plainto_tsquery
  (&), phraseto_tsquery (<->), websearch_to_tsquery, ts_lexize, ts_parse,
  ts_token_type, get_current_ts_config, text @@ tsquery / text @@ text.
* The ``regconfig`` type's name resolver, and the
  ``default_text_search_config`` setting read through the session.

Entry points: Config, CONFIGS, config_by_name(), current_config(ctx),
parsetext(), to_tsvector(), to_tsquery(), plainto_tsquery(),
phraseto_tsquery(), websearch_to_tsquery().
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pgref.errors import INVALID_PARAMETER_VALUE, UNDEFINED_OBJECT, PgError
from pgref.types.fmgr import builtin
from pgref.types.io.record import TypedRecord
from pgref.types.io.tsquery import (OP_AND, OP_OR, OP_PHRASE, QueryBuilder, TSQuery,
                                    WebScanner, emit_notices, parse_tsquery)
from pgref.types.io.tsvector import MAXSTRLEN, TSVector, limitpos, make_tsvector, make_wep
from pgref.types.values import PgArray
from pgref.tsearch import parser as P
from pgref.tsearch.dicts import DICTIONARIES, Dictionary

DEFAULT_PARSER_OID = 3722


@dataclass
class Config:
    oid: int
    name: str
    parser: int = DEFAULT_PARSER_OID
    mapping: dict[int, list[int]] = field(default_factory=dict)   # token type -> dict OIDs


_WORDISH = [P.ASCIIWORD, P.WORD, P.NUMWORD, P.EMAIL, P.URL, P.HOST, P.SFLOAT, P.VERSION,
            P.HWORD_NUMPART, P.HWORD_PART, P.HWORD_ASCIIPART, P.NUMHWORD, P.ASCIIHWORD, P.HWORD,
            P.URL_PATH, P.FILE, P.FLOAT, P.INT, P.UINT]
_STEMMED = {P.ASCIIWORD, P.WORD, P.HWORD_PART, P.HWORD_ASCIIPART, P.ASCIIHWORD, P.HWORD}

CONFIGS: dict[int, Config] = {
    3748: Config(3748, "simple", mapping={t: [3765] for t in _WORDISH}),
    13164: Config(13164, "english",
                  mapping={t: [13163] if t in _STEMMED else [3765] for t in _WORDISH}),
}


def config_by_name(name: str) -> Config | None:
    for c in CONFIGS.values():
        if c.name == name:
            return c
    return None


def _split_name(text: str) -> tuple[str | None, str]:
    parts = text.strip().split(".")
    norm = []
    for p in parts:
        p = p.strip()
        if len(p) >= 2 and p[0] == '"' and p[-1] == '"':
            norm.append(p[1:-1].replace('""', '"'))
        else:
            norm.append(p.lower())
    if len(norm) == 2:
        return norm[0], norm[1]
    return None, norm[-1]


def regconfig_to_oid(text: str) -> int:
    schema, name = _split_name(text)
    cfg = config_by_name(name) if schema in (None, "pg_catalog") else None
    if cfg is None:
        raise PgError(UNDEFINED_OBJECT, f'text search configuration "{text}" does not exist')
    return cfg.oid


def regconfig_to_name(oid: int) -> str | None:
    cfg = CONFIGS.get(oid)
    return cfg.name if cfg else None


def regdictionary_to_oid(text: str) -> int:
    schema, name = _split_name(text)
    if schema in (None, "pg_catalog"):
        for d in DICTIONARIES.values():
            if d.name == name:
                return d.oid
    raise PgError(UNDEFINED_OBJECT, f'text search dictionary "{text}" does not exist')


def regdictionary_to_name(oid: int) -> str | None:
    d = DICTIONARIES.get(oid)
    return d.name if d else None


def get_config(oid: int) -> Config:
    cfg = CONFIGS.get(oid)
    if cfg is None:
        raise PgError("XX000", f"cache lookup failed for text search configuration {oid}")
    return cfg


def current_config(ctx: Any) -> Config:
    """getTSCurrentConfig(): default_text_search_config of the session."""
    name = "pg_catalog.english"
    session = getattr(ctx, "session", None)
    settings = getattr(session, "settings", None)
    if settings is not None and hasattr(settings, "get"):
        try:
            name = settings.get("default_text_search_config")
        except PgError as e:
            if e.sqlstate != "42704":        # a settings object without the parameter keeps the default
                raise
    return get_config(regconfig_to_oid(name))


# ------------------------------------------------------------------ parsetext

@dataclass
class ParsedWord:
    word: str
    pos: int
    nvariant: int = 0


def parsetext(cfg: Config, text: str, notices: list[str] | None = None) -> list[ParsedWord]:
    """parsetext(): tokens through the configuration's dictionaries."""
    return parsetext_from(cfg, text, 0, notices)[0]


def parsetext_from(cfg: Config, text: str, pos: int,
                   notices: list[str] | None = None) -> tuple[list[ParsedWord], int]:
    """parsetext() continuing a ParsedText whose last position is ``pos``;
    returns the words and the new last position."""
    words: list[ParsedWord] = []
    for ttype, tok in P.parse_text(text):
        dicts = cfg.mapping.get(ttype)
        if not dicts:
            continue
        if len(tok.encode("utf-8")) >= MAXSTRLEN:
            if notices is not None:
                notices.append(("word is too long to be indexed",
                                f"Words longer than {MAXSTRLEN - 1} characters are ignored."))
            continue
        lexemes: list[str] | None = None
        for doid in dicts:
            lexemes = DICTIONARIES[doid].lexize(tok)
            if lexemes is not None:
                break
        if lexemes is None:
            continue
        pos += 1
        for k, lx in enumerate(lexemes):
            words.append(ParsedWord(lx, limitpos(pos), k + 1))
    return words, pos


def to_tsvector(cfg: Config, text: str, notices: list[str] | None = None) -> TSVector:
    words = parsetext(cfg, text, notices)
    return make_tsvector((w.word, [make_wep(w.pos, 0)]) for w in words)


def _pushval_morph(cfg: Config, qoperator: int, notices: list[str] | None):
    def push(b: QueryBuilder, strval: str, weight: int, prefix: bool) -> None:
        words = parsetext(cfg, strval, notices)
        if not words:
            b.push_stop()
            return
        count = 0
        pos = 0
        cntpos = 0
        while count < len(words):
            if pos > 0 and pos + 1 < words[count].pos:
                while pos + 1 < words[count].pos:
                    b.push_stop()
                    if cntpos:
                        b.push_operator(qoperator, 1)
                    cntpos += 1
                    pos += 1
            pos = words[count].pos
            cntvar = 0
            while count < len(words) and words[count].pos == pos:
                variant = words[count].nvariant
                cnt = 0
                while count < len(words) and words[count].pos == pos and \
                        words[count].nvariant == variant:
                    b.push_value(words[count].word, weight, prefix)
                    if cnt:
                        b.push_operator(OP_AND)
                    cnt += 1
                    count += 1
                if cntvar:
                    b.push_operator(OP_OR)
                cntvar += 1
            if cntpos:
                b.push_operator(qoperator, 1)
            cntpos += 1
    return push


def to_tsquery(cfg: Config, text: str, notices: list[str] | None = None) -> TSQuery:
    return parse_tsquery(text, _pushval_morph(cfg, OP_PHRASE, notices), notices=notices)


def plainto_tsquery(cfg: Config, text: str, notices: list[str] | None = None) -> TSQuery:
    return parse_tsquery(text, _pushval_morph(cfg, OP_AND, notices), plain=True, notices=notices)


def phraseto_tsquery(cfg: Config, text: str, notices: list[str] | None = None) -> TSQuery:
    return parse_tsquery(text, _pushval_morph(cfg, OP_PHRASE, notices), plain=True,
                         notices=notices)


def websearch_to_tsquery(cfg: Config, text: str, notices: list[str] | None = None) -> TSQuery:
    return parse_tsquery(text, _pushval_morph(cfg, OP_PHRASE, notices),
                         scanner=WebScanner(text), notices=notices)


# ------------------------------------------------------------------ fmgr builtins

def _run(ctx: Any, fn, cfg: Config, text: str):
    notices: list[str] = []
    res = fn(cfg, text, notices)
    emit_notices(ctx, notices)
    return res


@builtin("to_tsvector_byid", ctx=True)
def to_tsvector_byid(ctx: Any, cfgoid: int, text: str) -> TSVector:
    return _run(ctx, to_tsvector, get_config(cfgoid), text)


@builtin("to_tsvector", ctx=True)
def to_tsvector_cur(ctx: Any, text: str) -> TSVector:
    return _run(ctx, to_tsvector, current_config(ctx), text)


@builtin("to_tsquery_byid", ctx=True)
def to_tsquery_byid(ctx: Any, cfgoid: int, text: str) -> TSQuery:
    return _run(ctx, to_tsquery, get_config(cfgoid), text)


@builtin("to_tsquery", ctx=True)
def to_tsquery_cur(ctx: Any, text: str) -> TSQuery:
    return _run(ctx, to_tsquery, current_config(ctx), text)


@builtin("plainto_tsquery_byid", ctx=True)
def plainto_tsquery_byid(ctx: Any, cfgoid: int, text: str) -> TSQuery:
    return _run(ctx, plainto_tsquery, get_config(cfgoid), text)


@builtin("plainto_tsquery", ctx=True)
def plainto_tsquery_cur(ctx: Any, text: str) -> TSQuery:
    return _run(ctx, plainto_tsquery, current_config(ctx), text)


@builtin("phraseto_tsquery_byid", ctx=True)
def phraseto_tsquery_byid(ctx: Any, cfgoid: int, text: str) -> TSQuery:
    return _run(ctx, phraseto_tsquery, get_config(cfgoid), text)


@builtin("phraseto_tsquery", ctx=True)
def phraseto_tsquery_cur(ctx: Any, text: str) -> TSQuery:
    return _run(ctx, phraseto_tsquery, current_config(ctx), text)


@builtin("websearch_to_tsquery_byid", ctx=True)
def websearch_to_tsquery_byid(ctx: Any, cfgoid: int, text: str) -> TSQuery:
    return _run(ctx, websearch_to_tsquery, get_config(cfgoid), text)


@builtin("websearch_to_tsquery", ctx=True)
def websearch_to_tsquery_cur(ctx: Any, text: str) -> TSQuery:
    return _run(ctx, websearch_to_tsquery, current_config(ctx), text)


@builtin("ts_match_tq", ctx=True)
def ts_match_tq(ctx: Any, text: str, q: TSQuery) -> bool:
    from pgref.tsearch.match import match_vq
    return match_vq(to_tsvector_cur(ctx, text), q)


@builtin("ts_match_tt", ctx=True)
def ts_match_tt(ctx: Any, text: str, qtext: str) -> bool:
    from pgref.tsearch.match import match_vq
    return match_vq(to_tsvector_cur(ctx, text), plainto_tsquery_cur(ctx, qtext))


@builtin("get_current_ts_config", ctx=True)
def get_current_ts_config(ctx: Any) -> int:
    return current_config(ctx).oid


@builtin("ts_lexize")
def ts_lexize(dictoid: int, token: str) -> PgArray | None:
    d: Dictionary | None = DICTIONARIES.get(dictoid)
    if d is None:
        raise PgError("XX000", f"cache lookup failed for text search dictionary {dictoid}")
    res = d.lexize(token)
    if res is None:
        return None
    return PgArray.from_list(res, 25)


def _parser_oid_by_name(name: str) -> int:
    schema, n = _split_name(name)
    if n == "default" and schema in (None, "pg_catalog"):
        return DEFAULT_PARSER_OID
    raise PgError(UNDEFINED_OBJECT, f'text search parser "{name}" does not exist')


def _check_parser(oid: int) -> None:
    if oid != DEFAULT_PARSER_OID:
        raise PgError("XX000", f"cache lookup failed for text search parser {oid}")


def _token_types():
    return iter([TypedRecord(t, (23, 25, 25)) for t in P.TOKEN_TYPES])


@builtin("ts_token_type_byid")
def ts_token_type_byid(prsoid: int):
    _check_parser(prsoid)
    return _token_types()


@builtin("ts_token_type_byname")
def ts_token_type_byname(name: str):
    _parser_oid_by_name(name)
    return _token_types()


def _parse_rows(text: str):
    return iter([TypedRecord((t, tok), (23, 25)) for t, tok in P.parse_text(text)])


@builtin("ts_parse_byid")
def ts_parse_byid(prsoid: int, text: str):
    _check_parser(prsoid)
    return _parse_rows(text)


@builtin("ts_parse_byname")
def ts_parse_byname(name: str, text: str):
    _parser_oid_by_name(name)
    return _parse_rows(text)


def install_resolvers() -> None:
    """Teach regconfig and regdictionary the built-in names."""
    from pgref.types.io.reg import set_reg_resolver
    set_reg_resolver("regconfig", regconfig_to_oid, regconfig_to_name)
    set_reg_resolver("regdictionary", regdictionary_to_oid, regdictionary_to_name)



# ------------------------------------------------------------------ ts_debug

REGDICTIONARYOID, REGDICTIONARYARRAYOID, TEXTARRAYOID = 3769, 3770, 1009


def ts_debug_rows(cfg: Config, text: str):
    """ts_debug(): every token with the dictionaries its type maps to, the
    first one that recognized it and what that one returned (PostgreSQL's
    SQL-language ts_debug, done natively)."""
    types = (25, 25, 25, REGDICTIONARYARRAYOID, REGDICTIONARYOID, TEXTARRAYOID)
    names = {t[0]: (t[1], t[2]) for t in P.TOKEN_TYPES}
    rows = []
    for ttype, tok in P.parse_text(text):
        alias, desc = names[ttype]
        dicts = cfg.mapping.get(ttype, [])
        chosen = None
        lexemes = None
        for doid in dicts:
            res = DICTIONARIES[doid].lexize(tok)
            if res is not None:
                chosen, lexemes = doid, PgArray.from_list(res, 25)
                break
        rows.append(TypedRecord((alias, desc, tok, PgArray.from_list(list(dicts), REGDICTIONARYOID),
                                 chosen, lexemes), types))
    return iter(rows)


@builtin("sql:6183", ctx=True)
def ts_debug_byid(ctx: Any, cfgoid: int, text: str):
    return ts_debug_rows(get_config(cfgoid), text)


@builtin("sql:6184", ctx=True)
def ts_debug_cur(ctx: Any, text: str):
    return ts_debug_rows(current_config(ctx), text)


# ------------------------------------------------------------------ triggers

TSVECTOROID, REGCONFIGOID = 3614, 3734
_CHAR_TYPES = {25, 1043, 1042, 19}          # text, varchar, bpchar, name: TEXTOID-compatible


def tsvector_update_trigger(rel: Any, args: tuple, when: str, level: str, op: str, old, new,
                            config_column: bool):
    """tsvector_update_trigger / tsvector_update_trigger_column
    (tsvector_op.c): set the tsvector column from the text columns, parsed
    one after another with positions continuing (parsetext on one
    ParsedText).  ``rel.columns`` are catalog Columns; rows are full-width
    tuples.  Returns the new row."""
    name = "tsvector_update_trigger"
    if level != "ROW":
        raise PgError("39P01", f"{name}: must be fired for row")
    if when != "BEFORE":
        raise PgError("39P01", f"{name}: must be fired BEFORE event")
    if op not in ("INSERT", "UPDATE"):
        raise PgError("39P01", f"{name}: must be fired for INSERT or UPDATE")
    if len(args) < 3:
        raise PgError("XX000", f"{name}: arguments must be tsvector_field, ts_config, text_field1, ...)")

    def column(cname: str, missing: str):
        for i, c in enumerate(rel.columns):
            if not c.dropped and c.name == cname:
                return i, c
        raise PgError("42703", missing)

    vi, vcol = column(args[0], f'tsvector column "{args[0]}" does not exist')
    if vcol.typ != TSVECTOROID:
        raise PgError("42804", f'column "{args[0]}" is not of tsvector type')
    row = list(new)
    if config_column:
        ci, ccol = column(args[1], f'config column "{args[1]}" does not exist')
        if ccol.typ != REGCONFIGOID:
            raise PgError("42804", f'column "{args[1]}" is not of regconfig type')
        if row[ci] is None:
            raise PgError("22004", f'config column "{args[1]}" must not be null')
        cfg = get_config(row[ci])
    else:
        if "." not in args[1]:
            raise PgError(INVALID_PARAMETER_VALUE,
                          f'text search configuration name "{args[1]}" must be schema-qualified')
        cfg = get_config(regconfig_to_oid(args[1]))
    cols = []
    for cname in args[2:]:
        i, col = column(cname, f'column "{cname}" does not exist')
        if col.typ not in _CHAR_TYPES:
            raise PgError("42804", f'column "{cname}" is not of a character type')
        cols.append(i)
    if op == "UPDATE" and old is not None:
        watched = cols + ([ci] if config_column else [])
        if all(old[i] == new[i] for i in watched):
            return new                       # nothing the vector depends on changed
    words: list[ParsedWord] = []
    pos = 0
    for i in cols:
        if row[i] is None:
            continue
        parsed, pos = parsetext_from(cfg, row[i], pos)
        words.extend(parsed)
    row[vi] = make_tsvector((w.word, [make_wep(w.pos, 0)]) for w in words)
    return tuple(row)
