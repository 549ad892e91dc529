"""Type coercion: when a value of one type may become another, and how.

Where it sits: ``analyzer/`` (spec/07-executor.md, "Type resolution"); the
Python counterpart of PostgreSQL's parse_coerce.c.  It answers three
questions the rest of the analyzer asks, using only catalog data (pg_cast,
pg_type), never the values themselves:

* ``find_coercion_pathway(cat, target, source, context)`` -- is there a cast,
  and is it a function call, a relabel (same bits), an I/O conversion or an
  element-wise array coercion?  ``context`` is implicit < assignment <
  explicit, as pg_cast.castcontext 'i' / 'a' / 'e' allow.
* ``can_coerce(cat, sources, targets, context)`` -- used to filter overload
  candidates (INV-AN-3: the rules are PostgreSQL's, so the same call
  resolves to the same function).
* ``select_common_type(cat, types, what)`` -- the UNION / CASE / COALESCE /
  ARRAY / VALUES rule of the docs' "Type Conversion" chapter, section
  "UNION, CASE, and Related Constructs".

Polymorphic signatures (anyelement, anyarray, anycompatible ...) are checked
and resolved by ``check_polymorphic`` / ``resolve_polymorphic``.
"""
from __future__ import annotations

from pgref.errors import DATATYPE_MISMATCH, PgError

IMPLICIT, ASSIGNMENT, EXPLICIT = 0, 1, 2
_CONTEXT_OF = {"i": IMPLICIT, "a": ASSIGNMENT, "e": EXPLICIT}

UNKNOWN = 705
TEXT = 25
RECORD = 2249
ANY = 2276
ANYELEMENT, ANYARRAY, ANYNONARRAY, ANYENUM, ANYRANGE = 2283, 2277, 2776, 3500, 3831
ANYCOMPATIBLE, ANYCOMPATIBLEARRAY, ANYCOMPATIBLENONARRAY = 5077, 5078, 5079
ANYMULTIRANGE, ANYCOMPATIBLERANGE, ANYCOMPATIBLEMULTIRANGE = 4537, 5080, 4538
POLY_ELEM = {ANYELEMENT, ANYNONARRAY, ANYENUM}
POLY_COMPAT = {ANYCOMPATIBLE, ANYCOMPATIBLENONARRAY}
POLYMORPHIC = POLY_ELEM | POLY_COMPAT | {ANYARRAY, ANYCOMPATIBLEARRAY, ANYRANGE, ANYMULTIRANGE,
                                         ANYCOMPATIBLERANGE, ANYCOMPATIBLEMULTIRANGE}


# pathway kinds
NONE, RELABEL, FUNC, COERCEVIAIO, ARRAYCOERCE = "none", "relabel", "func", "io", "array"


def base_type(cat, typ: int) -> int:
    """Strip domains down to their base type."""
    t = cat.typeinfo(typ)
    while t is not None and t.typtype == "d":
        typ = t.basetype
        t = cat.typeinfo(typ)
    return typ


def category(cat, typ: int) -> str:
    t = cat.typeinfo(typ)
    return t.category if t else "X"


def is_preferred(cat, cat_letter: str | None, typ: int) -> bool:
    t = cat.typeinfo(typ)
    return bool(t and t.preferred and (cat_letter is None or t.category == cat_letter))


def is_array_type(cat, typ: int) -> bool:
    t = cat.typeinfo(typ)
    return bool(t and t.elem != 0 and t.typlen == -1 and t.subscript != 0
                and (t.category == "A" or typ == 2287))     # record[] is category P


def array_of(cat, elem: int) -> int:
    t = cat.typeinfo(elem)
    return t.array if t else 0


def elem_of(cat, arr: int) -> int:
    t = cat.typeinfo(arr)
    # record[] (_record) is a true array although its category is P (pseudo)
    return t.elem if t and (t.category == "A" or arr == 2287) else 0


def find_coercion_pathway(cat, target: int, source: int, context: int) -> tuple[str, int]:
    """(kind, cast function oid) for turning ``source`` into ``target``."""
    if source == target:
        return RELABEL, 0
    source = base_type(cat, source)
    target_base = base_type(cat, target)
    if source == target_base:
        return RELABEL, 0
    cast = cat.cast(source, target_base)
    if cast is not None:
        if _CONTEXT_OF[cast.context] <= context:
            if cast.method == "f":
                return FUNC, cast.func
            if cast.method == "b":
                return RELABEL, 0
            return COERCEVIAIO, 0
        return NONE, 0
    # element-wise array coercion, but never into oidvector / int2vector
    # (as find_coercion_pathway excludes them)
    if target_base not in (30, 22) and is_array_type(cat, target_base) and is_array_type(cat, source):
        kind, _ = find_coercion_pathway(cat, elem_of(cat, target_base), elem_of(cat, source), context)
        if kind != NONE:
            return ARRAYCOERCE, 0
        return NONE, 0
    # automatic I/O conversions to and from the string category
    if context >= ASSIGNMENT and category(cat, target_base) == "S":
        return COERCEVIAIO, 0
    if context == EXPLICIT and category(cat, source) == "S":
        return COERCEVIAIO, 0
    # composite -> record
    if target_base == RECORD and cat.typeinfo(source) and cat.typeinfo(source).typtype == "c":
        return RELABEL, 0
    return NONE, 0


def can_coerce(cat, sources: tuple[int, ...], targets: tuple[int, ...], context: int) -> bool:
    have_poly = False
    for src, tgt in zip(sources, targets):
        if src == tgt or tgt == ANY:
            continue
        if tgt in POLYMORPHIC:
            have_poly = True
            continue
        if src == UNKNOWN:
            continue
        if tgt == RECORD and cat.typeinfo(src) and cat.typeinfo(src).typtype == "c":
            continue
        if src == RECORD and cat.typeinfo(tgt) and cat.typeinfo(tgt).typtype == "c":
            continue            # a ROW() expression coerces to any composite type
        if find_coercion_pathway(cat, tgt, src, context)[0] == NONE:
            return False
    if have_poly:
        return check_polymorphic(cat, sources, targets)
    return True


def check_polymorphic(cat, actual: tuple[int, ...], declared: tuple[int, ...]) -> bool:
    """PostgreSQL's check_generic_type_consistency."""
    elem = 0
    rng = crng = 0
    compat: list[int] = []
    for a, d in zip(actual, declared):
        if a == UNKNOWN:
            continue
        a = base_type(cat, a)
        if d in POLY_ELEM:
            if elem and elem != a:
                return False
            elem = a
        elif d == ANYARRAY:
            e = elem_of(cat, a)
            if not e:
                return False
            if elem and elem != e:
                return False
            elem = e
        elif d in POLY_COMPAT:
            compat.append(a)
        elif d == ANYCOMPATIBLEARRAY:
            e = elem_of(cat, a)
            if not e:
                return False
            compat.append(e)
        elif d in (ANYRANGE, ANYMULTIRANGE):
            r = a if d == ANYRANGE else _range_of_multirange(a)
            if not _range_subtype(r) or (rng and rng != r):
                return False
            rng = r
        elif d in (ANYCOMPATIBLERANGE, ANYCOMPATIBLEMULTIRANGE):
            r = a if d == ANYCOMPATIBLERANGE else _range_of_multirange(a)
            if not _range_subtype(r) or (crng and crng != r):
                return False
            crng = r
    if crng:
        # the range's subtype is the common type: the others must coerce to it
        sub = _range_subtype(crng)
        if any(c != sub and not can_coerce(cat, (c,), (sub,), IMPLICIT) for c in compat):
            return False
        compat = []
    if rng:
        # a range's subtype is the anyelement of the call
        sub = _range_subtype(rng)
        if elem and elem != sub and elem != base_type(cat, sub):
            return False
        elem = sub
    if elem:
        if ANYNONARRAY in declared and is_array_type(cat, elem):
            return False
        if ANYENUM in declared:
            t = cat.typeinfo(elem)
            if not t or t.typtype != "e":
                return False
    if compat:
        try:
            common = select_common_type(cat, compat, None)
        except PgError:
            return False
        if ANYCOMPATIBLENONARRAY in declared and is_array_type(cat, common):
            return False
    return True


def resolve_polymorphic(cat, actual: list[int], declared: tuple[int, ...], rettype: int,
                        allow_unresolved: bool = False) -> tuple[list[int], int]:
    """PostgreSQL's enforce_generic_type_consistency: the concrete argument
    types to coerce to, and the concrete result type."""
    elem = 0
    compat: list[int] = []
    for a, d in zip(actual, declared):
        if a == UNKNOWN:
            continue
        b = base_type(cat, a)
        if d in POLY_ELEM and not elem:
            elem = b
        elif d == ANYARRAY and not elem:
            elem = elem_of(cat, b)
        elif d in POLY_COMPAT:
            compat.append(b)
        elif d == ANYCOMPATIBLEARRAY:
            compat.append(elem_of(cat, b))
    rng = crng = 0
    for a, d in zip(actual, declared):
        if d in (ANYRANGE, ANYMULTIRANGE) and a != UNKNOWN and not rng:
            b = base_type(cat, a)
            rng = b if d == ANYRANGE else _range_of_multirange(b)
        if d in (ANYCOMPATIBLERANGE, ANYCOMPATIBLEMULTIRANGE) and a != UNKNOWN and not crng:
            b = base_type(cat, a)
            crng = b if d == ANYCOMPATIBLERANGE else _range_of_multirange(b)
    if rng and not elem:
        elem = _range_subtype(rng)
    # (no polymorphic argument at all: the result stays as declared, as
    # PostgreSQL's fast track does; anyrange_in then refuses by itself)
    poly_args = any(d in POLYMORPHIC for d in declared)
    if not rng and poly_args and \
            (rettype in (ANYRANGE, ANYMULTIRANGE) or any(d in (ANYRANGE, ANYMULTIRANGE) for d in declared)) \
            and not allow_unresolved:
        raise PgError(DATATYPE_MISMATCH,
                      "could not determine polymorphic type because input has type unknown")
    if not crng and poly_args and not allow_unresolved:
        # a range type cannot be inferred from an element type
        for kind, name in ((ANYCOMPATIBLERANGE, "anycompatiblerange"),
                           (ANYCOMPATIBLEMULTIRANGE, "anycompatiblemultirange")):
            if kind in declared or (rettype == kind and not any(
                    d in (ANYCOMPATIBLERANGE, ANYCOMPATIBLEMULTIRANGE) for d in declared)):
                raise PgError(DATATYPE_MISMATCH,
                              f"could not determine polymorphic type {name} because input has type unknown")
    has_elem_decl = any(d in POLY_ELEM or d == ANYARRAY for d in declared) or rettype in POLY_ELEM or rettype == ANYARRAY
    if not elem and has_elem_decl and any(d in POLY_ELEM or d == ANYARRAY for d in declared):
        if any(a == UNKNOWN for a, d in zip(actual, declared) if d in POLY_ELEM):
            # PostgreSQL resolves an all-unknown anyelement to text
            elem = TEXT
        elif not allow_unresolved:
            raise PgError(DATATYPE_MISMATCH,
                          "could not determine polymorphic type because input has type unknown")
    common = _range_subtype(crng) if crng else (select_common_type(cat, compat, None) if compat else 0)
    if any(d in POLY_COMPAT or d == ANYCOMPATIBLEARRAY for d in declared) and not common:
        common = TEXT
    out = []
    for a, d in zip(actual, declared):
        if d in POLY_ELEM:
            out.append(elem)
        elif d == ANYARRAY:
            out.append(array_of(cat, elem) if elem else a)
        elif d in POLY_COMPAT:
            out.append(common)
        elif d == ANYCOMPATIBLEARRAY:
            out.append(array_of(cat, common))
        elif d == ANYCOMPATIBLERANGE and crng:
            out.append(crng)
        elif d == ANYCOMPATIBLEMULTIRANGE and crng:
            out.append(_multirange_of(crng))
        elif d == ANYRANGE and rng:
            out.append(rng)
        elif d == ANYMULTIRANGE and rng:
            out.append(_multirange_of(rng))
        else:
            out.append(d)
    if rettype in POLY_ELEM:
        rettype = elem
    elif rettype == ANYARRAY:
        rettype = array_of(cat, elem)
    elif rettype in POLY_COMPAT:
        rettype = common
    elif rettype == ANYCOMPATIBLEARRAY:
        rettype = array_of(cat, common)
    elif rettype == ANYCOMPATIBLERANGE and crng:
        rettype = crng
    elif rettype == ANYCOMPATIBLEMULTIRANGE and crng:
        rettype = _multirange_of(crng)
    elif rettype == ANYRANGE and rng:
        rettype = rng
    elif rettype == ANYMULTIRANGE and rng:
        rettype = _multirange_of(rng)
    return out, rettype


def _user_type_is(typ: int, category: str) -> bool:
    """For a user type OID: does the current session's catalog say it has
    this category?  The range type cache is process-wide, and an OID a
    dropped database or session used for a range may now be another type."""
    if typ < 16384:
        return True
    from pgref.engine.regresolve import current_session
    session = current_session.get(None)
    if session is None:
        return True
    ti = session.db.cat.typeinfo(typ)
    return ti is not None and ti.category == category


def _range_subtype(typ: int) -> int:
    """The subtype of a range type (pg_range.rngsubtype), 0 if not a range."""
    from pgref.types.ranges.typcache import lookup
    info = lookup(typ)
    if info is None or not _user_type_is(typ, "R"):
        return 0
    return info.subtype


def _range_of_multirange(typ: int) -> int:
    from pgref.types.ranges.typcache import range_of_multirange
    return range_of_multirange(typ)


def _multirange_of(rng: int) -> int:
    from pgref.types.ranges.typcache import lookup
    info = lookup(rng)
    return info.multirange if info is not None and _user_type_is(rng, "R") else 0


def select_common_type(cat, types: list[int], what: str | None,
                       locations: list[int] | None = None) -> int:
    """The docs' "UNION, CASE, and Related Constructs" rule (select_common_type)."""
    if not types:
        return TEXT
    first = types[0]
    if all(t == first for t in types) and first != UNKNOWN:
        return first
    ptype = base_type(cat, first)
    pcat = category(cat, ptype)
    ppref = is_preferred(cat, None, ptype)
    for i, t in enumerate(types[1:], 1):
        ntype = base_type(cat, t)
        if ntype == UNKNOWN or ntype == ptype:
            continue
        ncat = category(cat, ntype)
        if ptype == UNKNOWN:
            ptype, pcat, ppref = ntype, ncat, is_preferred(cat, None, ntype)
        elif ncat != pcat:
            if what is None:
                raise PgError(DATATYPE_MISMATCH, "types cannot be matched")
            pos = locations[i] + 1 if locations and locations[i] >= 0 else None
            raise PgError(DATATYPE_MISMATCH,
                          f"{what} types {cat.format_type(ptype)} and {cat.format_type(ntype)} cannot be matched",
                          position=pos)
        elif (not ppref and can_coerce(cat, (ptype,), (ntype,), IMPLICIT)
              and not can_coerce(cat, (ntype,), (ptype,), IMPLICIT)):
            ptype, pcat, ppref = ntype, ncat, is_preferred(cat, None, ntype)
    if ptype == UNKNOWN:
        ptype = TEXT
    return ptype
