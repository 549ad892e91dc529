"""SQL text -> raw parse trees: PostgreSQL's ``raw_parser()``.

Where it sits: the front door of ``sql/`` (spec/02-sql.md, "Interface").
The engine hands every query string to :func:`parse`; the analyzer consumes
the ``RawStmt`` list it returns.  Nothing here looks at catalogs.

What it guarantees:

* ``parse(sql)`` returns one ``ast.RawStmt`` per non-empty statement of the
  ``;``-separated string, with ``stmt_location`` / ``stmt_len`` computed as
  gram.y does (INV-SQL-4): the first statement starts at 0, each later one
  just after the previous ``;``; a statement's length runs up to the next
  ``;`` (0 for the last one, meaning "to the end").
* Syntax errors are PostgreSQL's (INV-SQL-9): ``PgError(SYNTAX_ERROR,
  'syntax error at or near "<token text>"', position=<1-based offset of the
  token>)``, or ``'syntax error at end of input'`` with ``position =
  len(sql) + 1``; lexer errors come from ``lexer.py`` with the same shape.
* The tables drive a small LR loop (``_drive``) equivalent to PLY's
  ``LRParser.parse(tracking=True)`` minus error recovery; it skips the
  ~880 pass-through actions (``p[0] = p[1]``) and, like bison under
  gram.y's YYLLOC_DEFAULT, gives symbols derived from nothing location -1.
  It keeps no state between calls, so it is thread-safe.
* The LALR tables are generated once from ``grammar.py`` and cached as a
  pickle in ``pgref/sql/_generated/`` (git-ignored), keyed by a hash of the
  grammar's signature, and written atomically (temp file + ``os.replace``)
  so parallel test workers never see a half-written file; while one process
  generates missing tables the others wait on ``_generated/.lock``.
  ``python -m pgref.sql.parser`` builds them ahead of time.

Entry points:
    parse(sql) -> list[RawStmt]
    parse_one(sql) -> Node          the single statement of ``sql``
    table_info() -> dict            conflict counts etc. of the cached tables
"""
from __future__ import annotations

import fcntl
import functools
import hashlib
import json
import os
import pickle
import tempfile
from pathlib import Path

from ply import yacc

from pgref.errors import PgError, SYNTAX_ERROR
from pgref.sql import ast as A
from pgref.sql import grammar
from pgref.sql.lexer import Lexer

__all__ = ["parse", "parse_one", "table_info"]

_CACHE_DIR = Path(__file__).resolve().parent / "_generated"
_CACHE_VERSION = 2


def _reflect():
    pinfo = yacc.ParserReflect(vars(grammar), log=yacc.NullLogger())
    pinfo.get_all()
    return pinfo


def _generate(pinfo, signature: str, path: Path) -> tuple[yacc.LRTable, dict]:
    """Build the LALR tables from the grammar and cache them at ``path``."""
    if pinfo.validate_all():
        raise RuntimeError("pgref.sql.grammar is not a valid PLY grammar")
    g = yacc.Grammar(pinfo.tokens)
    for term, assoc, level in pinfo.preclist:
        g.set_precedence(term, assoc, level)
    for funcname, gram in pinfo.grammar:
        file, line, prodname, syms = gram
        g.add_production(prodname, syms, funcname, file, line)
    g.set_start(pinfo.start)
    undefined = g.undefined_symbols()
    if undefined:
        raise RuntimeError("grammar uses undefined symbols: %s"
                           % ", ".join(sorted({s for s, _ in undefined})))
    g.build_lritems()
    g.compute_first()
    g.compute_follow()
    lr = _LALRTable(g, "LALR", yacc.NullLogger())
    hidden_rr = _fix_nonassoc(lr, g)
    info = {
        "shift_reduce": len(lr.sr_conflicts),
        "reduce_reduce": max(len(lr.rr_conflicts), len(hidden_rr)),
        "sr_conflicts": [[st, tok, res] for st, tok, res in lr.sr_conflicts],
        "rr_conflicts": [[st, str(r1), str(r2)] for st, r1, r2 in lr.rr_conflicts],
        "productions": len(g.Productions) - 1,
        "states": len(lr.lr_action),
    }
    _CACHE_DIR.mkdir(exist_ok=True)
    gi = _CACHE_DIR / ".gitignore"
    if not gi.exists():
        _atomic_write(gi, b"*\n")
    prods = [(p.str, p.name, p.len, p.func, os.path.basename(p.file), p.line)
             for p in lr.lr_productions]
    blob = pickle.dumps({"version": _CACHE_VERSION, "signature": signature,
                         "action": lr.lr_action, "goto": lr.lr_goto, "productions": prods},
                        protocol=pickle.HIGHEST_PROTOCOL)
    _atomic_write(path.with_suffix(".json"), json.dumps(info).encode())
    _atomic_write(path, blob)
    for old in _CACHE_DIR.glob("parsetab-*"):       # tables of older grammars
        if old.stem != path.stem:
            try:
                old.unlink()
            except OSError:
                pass                                # another worker removed it
    return _table_from(pickle.loads(blob)), info


def _table_from(data: dict) -> yacc.LRTable:
    lr = yacc.LRTable()
    lr.lr_method = "LALR"
    lr.lr_action = data["action"]
    lr.lr_goto = data["goto"]
    lr.lr_productions = [yacc.MiniProduction(*p) for p in data["productions"]]
    return lr


class _LALRTable(yacc.LRGeneratedTable):
    """PLY's table generator, remembering its LR(0) item sets for
    :func:`_fix_nonassoc`."""

    def lr0_items(self):
        self.item_sets = super().lr0_items()
        return self.item_sets


def _fix_nonassoc(lr: _LALRTable, g: yacc.Grammar) -> list:
    """Make %nonassoc behave as in bison (INV-SQL-10).

    PLY resolves a shift/reduce conflict item by item: a %nonassoc tie turns
    the action into "error" (None), but a *second* shift item on the same
    token in that state (e.g. ``MathOp: . '<'`` next to ``a_expr: a_expr .
    '<' a_expr``) then sees no action and installs the shift again, so
    ``a < b = c`` parsed.  Bison decides per (state, token): recompute the
    %nonassoc ties from the item sets and remove those actions.  Returns any
    reduce/reduce conflict that PLY's bookkeeping could have hidden."""
    hidden = []
    for st, items in enumerate(lr.item_sets):
        shifts = set()
        reduces: dict[str, set] = {}
        for it in items:
            if it.len == it.lr_index + 1:
                if it.name != "S'":
                    for a in it.lookaheads.get(st, ()):
                        reduces.setdefault(a, set()).add(it.number)
            else:
                a = it.prod[it.lr_index + 1]
                if a in g.Terminals:
                    shifts.add(a)
        acts = lr.lr_action[st]
        for a, rules in reduces.items():
            if len(rules) > 1:
                hidden.append((st, a, sorted(rules)))
            if a not in shifts:
                continue
            sprec, slevel = g.Precedence.get(a, ("right", 0))
            for r in rules:
                rprec, rlevel = g.Productions[r].prec
                if rlevel and rlevel == slevel and rprec == "nonassoc":
                    acts.pop(a, None)
    return hidden


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def _read_cache(path: Path, signature: str):
    try:
        with open(path, "rb") as f:
            data = pickle.load(f)
        if data.get("version") == _CACHE_VERSION and data.get("signature") == signature:
            return _table_from(data)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, KeyError):
        pass                        # missing or stale cache
    return None


def _load():
    pinfo = _reflect()
    # the cached productions name their action functions, so a renamed
    # p_* function must invalidate the cache too (PLY's signature covers
    # only the rule texts)
    # (pinfo.pfuncs: (line, module, name, doc) of every p_* function, filled
    # by get_all; pinfo.grammar stays empty until validate_all)
    signature = pinfo.signature() + "|" + ",".join(f[2] for f in pinfo.pfuncs)
    key = hashlib.sha256(signature.encode("utf-8")).hexdigest()[:20]
    path = _CACHE_DIR / f"parsetab-{key}.pickle"
    lr = _read_cache(path, signature)
    if lr is None:
        # one process generates while the others (pytest-xdist workers) wait
        # for it on a lock file, then read its result
        _CACHE_DIR.mkdir(exist_ok=True)
        with open(_CACHE_DIR / ".lock", "a+") as lockf:
            fcntl.flock(lockf, fcntl.LOCK_EX)
            try:
                lr = _read_cache(path, signature)
                if lr is None:
                    lr, _ = _generate(pinfo, signature, path)
            finally:
                fcntl.flock(lockf, fcntl.LOCK_UN)
    lr.bind_callables(pinfo.pdict)
    return lr, path


_lr, _table_path = _load()


# ---------------------------------------------------------------------------
# The LR driver
# ---------------------------------------------------------------------------

def _passthrough_code():
    def ref(p):
        p[0] = p[1]
    return ref.__code__


_REF = _passthrough_code()


def _is_passthrough(func, nsyms: int) -> bool:
    """True for actions that are exactly ``p[0] = p[1]`` on a one-symbol
    production (ColId: IDENT, a_expr: c_expr, ...): the driver skips the
    call and only changes the state (docstrings aside, the bytecode of such a
    function is identical to ``_REF``'s)."""
    if nsyms != 1 or func is None:
        return False
    c = func.__code__
    return (c.co_code == _REF.co_code and c.co_consts[1:] == _REF.co_consts[1:]
            and c.co_names == _REF.co_names)


class _Slice:
    """What a rule function sees as ``p``: PLY's YaccProduction interface
    reduced to what grammar.py uses (``p[i]``, ``p[0] = x``, ``len(p)``,
    ``p.lexpos(i)``)."""
    __slots__ = ("v", "pos")

    def __getitem__(self, i):
        return self.v[i]

    def __setitem__(self, i, x):
        self.v[i] = x

    def __len__(self):
        return len(self.v)

    def lexpos(self, i):
        return self.pos[i]


_ACTION = _lr.lr_action
_GOTO = _lr.lr_goto
_PRODS = [(pr.name, pr.len, pr.callable, _is_passthrough(pr.callable, pr.len))
          for pr in _lr.lr_productions]
# PLY's "defaulted states": a state whose only action is one reduction
# reduces without reading a lookahead token (as bison's default reductions)
_DEFAULTED = {st: next(iter(acts.values())) for st, acts in _ACTION.items()
              if len(acts) == 1 and next(iter(acts.values())) < 0}


def _drive(lexer: Lexer):
    """Run the LALR automaton over ``lexer``'s tokens; return the value of
    the start symbol.  Equivalent to PLY's ``LRParser.parse(tracking=True)``
    without error recovery (the first error raises), except that a symbol
    derived from nothing has location -1, as gram.y's YYLLOC_DEFAULT gives.
    Each stack entry is a state, a semantic value and a 0-based position."""
    action, goto, prods, defaulted = _ACTION, _GOTO, _PRODS, _DEFAULTED
    states = [0]
    vals = [None]
    poss = [-1]
    tok = None
    toktype = None
    p = _Slice()
    while True:
        t = defaulted.get(states[-1])
        if t is None:
            if toktype is None:
                tok = lexer.token()
                toktype = "$end" if tok is None else tok.type
            t = action[states[-1]].get(toktype)
            if t is None:
                raise grammar.SyntaxErrorAt(tok)
        if t > 0:                                   # shift
            states.append(t)
            vals.append(tok.value)
            poss.append(tok.lexpos)
            toktype = None
        elif t < 0:                                 # reduce
            name, n, func, passthrough = prods[-t]
            if passthrough:
                states.pop()
                states.append(goto[states[-1]][name])
                continue
            if n:
                ps = poss[-n:]
                p.v = [None] + vals[-n:]
                p.pos = [ps[0]] + ps
                func(p)
                del states[-n:], vals[-n:], poss[-n:]
                vals.append(p.v[0])
                poss.append(ps[0])
            else:
                p.v = [None]
                p.pos = [-1]
                func(p)
                vals.append(p.v[0])
                poss.append(-1)
            states.append(goto[states[-1]][name])
        else:                                       # accept
            return vals[-1]


def table_info() -> dict:
    """Conflict counts and sizes of the LALR tables in use (regenerated if
    the sidecar file is missing)."""
    side = _table_path.with_suffix(".json")
    if side.exists():
        return json.loads(side.read_text())
    pinfo = _reflect()
    _, info = _generate(pinfo, pinfo.signature(), _table_path)
    return info


def _token_error(sql: str, tok, msg: str = "syntax error") -> PgError:
    """scanner_yyerror: ``msg`` at or near the token (INV-SQL-9)."""
    if tok is None:
        return PgError(SYNTAX_ERROR, "%s at end of input" % msg, position=len(sql) + 1)
    end = getattr(tok, "endpos", None)
    if end is None:
        end = tok.lexpos + len(str(tok.value))
    return PgError(SYNTAX_ERROR, '%s at or near "%s"' % (msg, sql[tok.lexpos:end]),
                   position=tok.lexpos + 1)


def parse(sql: str) -> list[A.RawStmt]:
    """Parse a string of ``;``-separated statements (PostgreSQL's
    raw_parser in RAW_PARSE_DEFAULT mode).

    Trees are immutable (INV-SQL-2), so results are memoized per string:
    a repeated query text costs a dictionary lookup."""
    return list(_parse_cached(sql, True, True)[0])


def parse_with_settings(sql: str, standard_strings: bool, escape_warning: bool):
    """parse() under a session's standard_conforming_strings and
    escape_string_warning: (statements, warnings to report)."""
    stmts, warnings = _parse_cached(sql, standard_strings, escape_warning)
    return list(stmts), list(warnings)


@functools.lru_cache(maxsize=512)
def _parse_cached(sql: str, standard_strings: bool, escape_warning: bool) -> tuple:
    lexer = Lexer(sql, standard_strings, escape_warning)
    try:
        items = _drive(lexer)
    except grammar.SyntaxErrorAt as e:
        raise _token_error(sql, e.tok) from None
    except grammar.YYError as e:
        raise _token_error(sql, lexer.last, e.msg) from None
    return (tuple(A.RawStmt(stmt=s, stmt_location=loc, stmt_len=ln) for s, loc, ln in items),
            tuple(lexer.warnings))


def parse_one(sql: str):
    """The statement node of a string holding exactly one statement."""
    stmts = parse(sql)
    if len(stmts) != 1:
        raise ValueError("expected exactly one statement, got %d" % len(stmts))
    return stmts[0].stmt


if __name__ == "__main__":          # python -m pgref.sql.parser: (re)build the cache
    print(json.dumps({k: v for k, v in table_info().items()
                      if k not in ("sr_conflicts", "rr_conflicts")}))
