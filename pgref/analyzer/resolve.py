"""Choosing which operator or function a call means.

Where it sits: ``analyzer/`` (spec/07-executor.md, "Type resolution"); the
counterpart of PostgreSQL's parse_oper.c and parse_func.c.  Given a name and
the argument types the analyzer has inferred so far (``unknown`` for untyped
literals), pick the one pg_operator / pg_proc row PostgreSQL would pick,
following the docs' "Type Conversion" chapter step by step:

  1. an exact match of argument types;
  2. for a binary operator with one unknown side, assume both sides have the
     known side's type;
  3. otherwise keep the candidates every argument can be implicitly coerced
     to, then prefer (a) most exact matches, (b) most preferred types,
     (c) for unknown arguments, the category (string wins) and preferred
     type the candidates agree on, (d) if all known arguments share a type,
     that type for the unknowns too.
  4. no candidate: 42883 "... does not exist"; several: 42725 "... is not unique".

Entry points: ``resolve_operator``, ``resolve_function``, ``func_select_candidate``.
"""
from __future__ import annotations

from dataclasses import dataclass

from pgref.analyzer import coerce as C
from pgref.errors import AMBIGUOUS_FUNCTION, UNDEFINED_FUNCTION, PgError


@dataclass
class Candidate:
    argtypes: tuple[int, ...]      # as seen by this call (variadic expanded, defaults dropped)
    row: object                    # ProcRow or OperRow
    nvargs: int = 0                # how many trailing args go into a VARIADIC array
    ndefaults: int = 0             # how many defaults are used
    argnumbers: tuple | None = None   # named notation: the parameter position of each call argument


def func_select_candidate(cat, inputs: tuple[int, ...], cands: list[Candidate]) -> Candidate | None:
    """PostgreSQL's func_select_candidate, the tie-breaker among candidates
    that all accept the inputs by implicit coercion."""
    nargs = len(inputs)
    inputs = tuple(C.base_type(cat, t) if t != C.UNKNOWN else t for t in inputs)
    nunknowns = sum(1 for t in inputs if t == C.UNKNOWN)

    # (a) most exact matches
    best, keep = -1, []
    for c in cands:
        n = sum(1 for i in range(nargs) if inputs[i] != C.UNKNOWN and c.argtypes[i] == inputs[i])
        if n > best:
            best, keep = n, [c]
        elif n == best:
            keep.append(c)
    cands = keep
    if len(cands) == 1:
        return cands[0]

    # (b) exact or preferred types at the positions that need coercion
    slot_cat = [C.category(cat, t) for t in inputs]
    best, keep = -1, []
    for c in cands:
        n = 0
        for i in range(nargs):
            if inputs[i] != C.UNKNOWN:
                if c.argtypes[i] == inputs[i] or C.is_preferred(cat, slot_cat[i], c.argtypes[i]):
                    n += 1
        if n > best:
            best, keep = n, [c]
        elif n == best:
            keep.append(c)
    cands = keep
    if len(cands) == 1:
        return cands[0]

    # (c) resolve unknown inputs by category
    if nunknowns == 0:
        return None
    resolved = False
    slot_has_pref = [False] * nargs
    ucat: list[str | None] = [None] * nargs
    for i in range(nargs):
        if inputs[i] != C.UNKNOWN:
            continue
        resolved = True
        conflict = False
        for c in cands:
            t = c.argtypes[i]
            tc = C.category(cat, t)
            if ucat[i] is None:
                ucat[i] = tc
                slot_has_pref[i] = C.is_preferred(cat, tc, t)
            elif tc == ucat[i]:
                slot_has_pref[i] |= C.is_preferred(cat, tc, t)
            elif tc == "S":
                ucat[i] = tc
                slot_has_pref[i] = C.is_preferred(cat, tc, t)
            else:
                conflict = True
        if conflict and ucat[i] != "S":
            resolved = False
            break
    if resolved:
        keep = []
        for c in cands:
            ok = True
            for i in range(nargs):
                if inputs[i] != C.UNKNOWN:
                    continue
                t = c.argtypes[i]
                tc = C.category(cat, t)
                if tc != ucat[i] or (slot_has_pref[i] and not C.is_preferred(cat, tc, t)):
                    ok = False
                    break
            if ok:
                keep.append(c)
        if len(keep) == 1:
            return keep[0]
        if keep:
            cands = keep

    # (d) known inputs all the same type: assume it for the unknowns
    if nunknowns < nargs:
        known = None
        for t in inputs:
            if t == C.UNKNOWN:
                continue
            if known is None:
                known = t
            elif known != t:
                known = None
                break
        if known is not None:
            assumed = tuple(known for _ in inputs)
            matches = [c for c in cands if C.can_coerce(cat, assumed, c.argtypes, C.IMPLICIT)]
            if len(matches) == 1:
                return matches[0]
    return None


def _operator_signature(cat, name: str, left: int | None, right: int) -> str:
    if left is None:
        return f"{name} {cat.format_type(right)}"
    return f"{cat.format_type(left)} {name} {cat.format_type(right)}"


def resolve_operator(cat, name: str, left: int | None, right: int, position: int | None = None,
                     schema: str | None = None, search_path: list[int] | None = None):
    """The pg_operator row for ``left name right`` (``left`` None: prefix);
    ``schema`` for OPERATOR(schema.name), ``search_path`` for which user
    operators are visible (catalog.Catalog.operators_named)."""
    kind = "l" if left is None else "b"
    cands = [o for o in cat.operators_named(name, schema, search_path) if o.kind == kind]
    if schema is not None:
        name = f"{schema}.{name}"          # NameListToString in the error messages
    if not cands:
        raise _no_operator(cat, name, left, right, position)
    # 1. exact match (2. an unknown side takes the other side's type)
    lt = 0 if left is None else left
    want = [(lt, right)]
    if kind == "b":
        if left == C.UNKNOWN and right != C.UNKNOWN:
            want.append((right, right))
        elif right == C.UNKNOWN and left != C.UNKNOWN:
            want.append((left, left))
    for wl, wr in want:
        for o in cands:
            if o.left == wl and o.right == wr:
                return o
    # domains: try the base types exactly
    bl = C.base_type(cat, lt) if lt else 0
    br = C.base_type(cat, right)
    if (bl, br) != (lt, right):
        for o in cands:
            if o.left == bl and o.right == br:
                return o
    inputs = (right,) if kind == "l" else (lt, right)
    pool = []
    for o in cands:
        args = (o.right,) if kind == "l" else (o.left, o.right)
        if C.can_coerce(cat, inputs, args, C.IMPLICIT):
            pool.append(Candidate(args, o))
    if len(pool) == 1:
        return pool[0].row
    if not pool:
        raise _no_operator(cat, name, left, right, position)
    best = func_select_candidate(cat, inputs, pool)
    if best is None:
        raise PgError(AMBIGUOUS_FUNCTION,
                      f"operator is not unique: {_operator_signature(cat, name, left, right)}",
                      hint="Could not choose a best candidate operator. "
                           "You might need to add explicit type casts.", position=position)
    return best.row


def _no_operator(cat, name, left, right, position):
    return PgError(UNDEFINED_FUNCTION,
                   f"operator does not exist: {_operator_signature(cat, name, left, right)}",
                   hint="No operator matches the given name and argument types. "
                        "You might need to add explicit type casts.", position=position)


def call_argtypes(p) -> tuple[int, ...]:
    """The argument types CALL passes: inputs and OUT parameters."""
    if not p.argmodes or "o" not in p.argmodes:
        return p.argtypes
    return tuple(t for t, m in zip(p.allargtypes, p.argmodes) if m != "t")


def _expand(p, nargs: int, allow_variadic: bool, declared=None) -> Candidate | None:
    """How a pg_proc row would take ``nargs`` arguments: directly, with
    defaults for missing trailing ones, or collecting a VARIADIC tail."""
    declared = p.argtypes if declared is None else declared
    if p.variadic and allow_variadic and nargs >= len(declared) - 1 + 0:
        # VARIADIC "any" keeps the arguments as they are
        if p.variadic == C.ANY:
            if nargs >= len(declared):
                return Candidate(declared[:-1] + (C.ANY,) * (nargs - len(declared) + 1), p)
        else:
            nfixed = len(declared) - 1
            if nargs >= nfixed + 1:
                return Candidate(declared[:-1] + (p.variadic,) * (nargs - nfixed), p,
                                 nvargs=nargs - nfixed)
    if len(declared) == nargs:
        return Candidate(declared, p)
    if len(declared) > nargs and len(declared) - nargs <= p.nargdefaults:
        return Candidate(declared[:nargs], p, ndefaults=len(declared) - nargs)
    return None


def _input_names(p, include_out: bool) -> list[str | None]:
    """The names of a routine's parameters as a call sees them (inputs,
    plus OUT ones for CALL), in position order."""
    names = p.argnames or ()
    if not p.argmodes:
        return [names[i] if i < len(names) and names[i] else None for i in range(len(p.argtypes))]
    out = []
    for i, m in enumerate(p.argmodes):
        if m in ("i", "b", "v") or (include_out and m == "o"):
            out.append(names[i] if i < len(names) and names[i] else None)
    return out


def _match_named(p, nargs: int, argnames: list[str], include_out: bool) -> Candidate | None:
    """PostgreSQL's MatchNamedCall: positional arguments first, then each
    name must be an unfilled parameter; parameters left over need defaults."""
    declared = call_argtypes(p) if include_out and p.kind == "p" else p.argtypes
    if p.variadic:
        return None
    pronargs = len(declared)
    use_defaults = pronargs > nargs
    if use_defaults and nargs + p.nargdefaults < pronargs:
        return None
    if pronargs != nargs and not use_defaults:
        return None
    names = _input_names(p, include_out)
    npos = nargs - len(argnames)
    numbers = list(range(npos))
    filled = set(numbers)
    for n in argnames:
        try:
            k = names.index(n)
        except ValueError:
            return None
        if k in filled:
            return None
        filled.add(k)
        numbers.append(k)
    first_default = pronargs - p.nargdefaults
    for k in range(pronargs):
        if k not in filled and k < first_default:
            return None
    return Candidate(tuple(declared[k] for k in numbers), p, ndefaults=pronargs - nargs,
                     argnumbers=tuple(numbers))


def function_candidates(cat, name: str, schema: str | None, nargs: int, search_path=None,
                        argnames: list[str] | None = None, expand_variadic: bool = True,
                        include_out: bool = False) -> list[Candidate]:
    if argnames:
        return [c for c in (_match_named(p, nargs, argnames, include_out)
                            for p in cat.procs_named(name, schema, search_path)) if c is not None]
    out = []
    for p in cat.procs_named(name, schema, search_path):
        c = _expand(p, nargs, expand_variadic, call_argtypes(p) if include_out and p.kind == "p" else None)
        if c is not None:
            out.append(c)
        if p.variadic and p.variadic != C.ANY and len(p.argtypes) == nargs:
            # the same function called with an explicit array for the variadic
            out.append(Candidate(p.argtypes, p))
    # a variadic expansion and a plain candidate with the same arg types:
    # prefer the non-variadic one, as PostgreSQL does
    seen: dict[tuple, Candidate] = {}
    for c in out:
        key = c.argtypes
        if key in seen and seen[key].row is not c.row:
            if seen[key].nvargs and not c.nvargs:
                seen[key] = c
            continue
        seen.setdefault(key, c)
    return list(seen.values())


def resolve_function(cat, name: str, schema: str | None, argtypes: tuple[int, ...],
                     position: int | None = None, want_agg: bool | None = None,
                     signature: str | None = None, search_path=None,
                     argnames: list[str] | None = None, expand_variadic: bool = True,
                     include_out: bool = False) -> Candidate | None:
    """The pg_proc row a call ``name(args)`` means, or None if there is none
    (the caller then tries a function-style cast and reports the error).
    ``argnames`` are the names of the trailing named-notation arguments."""
    cands = function_candidates(cat, name, schema, len(argtypes), search_path, argnames,
                                expand_variadic, include_out)
    if not cands:
        return None
    for c in cands:
        if c.argtypes == argtypes:
            return c
    pool = [c for c in cands if C.can_coerce(cat, argtypes, c.argtypes, C.IMPLICIT)]
    if len(pool) == 1:
        return pool[0]
    if not pool:
        return None
    best = func_select_candidate(cat, argtypes, pool)
    if best is None:
        sig = signature or f"{name}({', '.join(cat.format_type(t) for t in argtypes)})"
        raise PgError(AMBIGUOUS_FUNCTION, f"function {sig} is not unique",
                      hint="Could not choose a best candidate function. "
                           "You might need to add explicit type casts.", position=position)
    return best
