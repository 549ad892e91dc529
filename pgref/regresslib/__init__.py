"""LANGUAGE C libraries pgref can "load": Python stand-ins for the C
functions PostgreSQL's regression suite builds and loads.

Where it sits: a leaf under ``pgref/`` used by ``engine/functions.py``
(spec/12-functions.md, "LANGUAGE C").  PostgreSQL runs ``CREATE FUNCTION f
... AS 'path/regress.so', 'symbol' LANGUAGE C`` by dlopen()ing the file and
looking the symbol up.  pgref cannot run machine code, so a library is known
by its *name* -- the file name without directory and ``.so`` suffix --
and each known library is a table of Python functions keyed by the C
symbol name (``LIBRARIES``):

* ``regress``: src/test/regress/regress.c (module ``regress``);
* ``autoinc`` and ``refint``: contrib/spi's trigger functions (module
  ``spi``).

Resolution follows fmgr's load_external_function (INV-FUNC-6): a path whose
library pgref does not know raises 58P01 ``could not access file "path": No
such file or directory`` (what PostgreSQL says for a missing file; pgref
cannot load a file it has no stand-in for, whether or not it exists), and a
known library without the symbol raises 42883 ``could not find function
"sym" in file "path"``.  A symbol that exists but whose behaviour pgref does
not reproduce (triggers, foreign-data handlers ...) is accepted at CREATE
time, and calling it raises 0A000 naming the symbol -- never a made-up
result.

Entry points:
    check_symbol(path, symbol)            CREATE FUNCTION's validator
    load(path)                            the LOAD statement
    callable_for(ectx, proc, argtypes, rettype) -> f(*args)
    fmgr_key(proc) -> str                 the fmgr name of a user routine (type I/O)
    symbol(library, name, ctx=False)      decorator registering a stand-in
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Callable

from pgref.errors import FEATURE_NOT_SUPPORTED, UNDEFINED_FUNCTION, PgError


@dataclass(frozen=True)
class CSymbol:
    library: str
    name: str
    fn: Callable[..., Any] | None      # None: the symbol exists but is not reproduced
    ctx: bool = False                  # receives the executor context first


LIBRARIES: dict[str, dict[str, CSymbol]] = {}


def symbol(library: str, *names: str, ctx: bool = False):
    """Register a stand-in; it is also a function-manager builtin under
    ``fmgr_key`` (``"regress.so:widget_in"``), so type I/O can call it."""
    from pgref.types.fmgr import builtin

    def deco(fn):
        for n in names:
            LIBRARIES.setdefault(library, {})[n] = CSymbol(library, n, fn, ctx)
            builtin(f"{library}.so:{n}", ctx=ctx)(fn)
        return fn
    return deco


def fmgr_key(proc) -> str:
    """The function-manager key of a user routine: ``prosrc`` for internal
    ones, ``library.so:symbol`` for C ones (after loading the library)."""
    if proc.lang != 13 or not getattr(proc, "probin", None):
        return proc.prosrc
    _ensure_loaded()
    return f"{library_name(proc.probin)}.so:{proc.prosrc}"


def declare_unsupported(library: str, *names: str) -> None:
    for n in names:
        LIBRARIES.setdefault(library, {}).setdefault(n, CSymbol(library, n, None))


def library_name(path: str) -> str:
    base = os.path.basename(path)
    for suffix in (".so", ".dylib", ".dll"):
        if base.endswith(suffix):
            return base[: -len(suffix)]
    return base


def _library(path: str) -> dict[str, CSymbol]:
    _ensure_loaded()
    lib = LIBRARIES.get(library_name(path))
    if lib is None:
        raise PgError("58P01", f'could not access file "{path}": No such file or directory')
    return lib


def check_symbol(path: str, name: str) -> CSymbol:
    lib = _library(path)
    sym = lib.get(name)
    if sym is None:
        raise PgError(UNDEFINED_FUNCTION, f'could not find function "{name}" in file "{_expanded(path)}"')
    return sym


def _expanded(path: str) -> str:
    """expand_dynamic_library_name: the name as PostgreSQL reports it (a
    bare name has the library suffix added)."""
    if "/" not in path and not path.endswith(".so"):
        return path + ".so"
    return path


def load(path: str) -> None:
    _library(path)


def callable_for(ectx, proc, argtypes, rettype) -> Callable[..., Any]:
    sym = check_symbol(proc.probin, proc.prosrc)
    if sym.fn is None:
        raise PgError(FEATURE_NOT_SUPPORTED, f'C function "{sym.name}" of library "{sym.library}" is not '
                      "reproduced by pgref")
    if sym.ctx:
        fn = sym.fn
        return lambda *a: fn(ectx, *a)
    return sym.fn


_loaded = False


def _ensure_loaded() -> None:
    global _loaded
    if not _loaded:
        _loaded = True
        from pgref.regresslib import regress, spi  # noqa: F401  (register their symbols)
