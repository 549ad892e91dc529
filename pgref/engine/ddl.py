"""Data definition: CREATE / DROP / ALTER of schemas, tables, views,
sequences and indexes, TRUNCATE, COMMENT (PostgreSQL's tablecmds.c,
parse_utilcmd.c, indexcmds.c, sequence.c, view.c, dependency.c).

Where it sits: ``engine/`` (spec/09-engine.md, "DDL").  Every handler first
calls ``session.before_ddl()`` so the catalog can be restored if the
transaction aborts, and registers new relation files with the session so an
abort deletes them and a commit deletes the files of dropped relations
(INV-DDL-1: no relation file outlives the transaction that dropped it, and
none survives the abort of the transaction that created it).

Names chosen for unnamed constraints, indexes and sequences follow
PostgreSQL's ChooseConstraintName / ChooseRelationName: ``t_pkey``,
``t_a_key``, ``t_a_fkey``, ``t_a_check``, ``t_a_idx``, ``t_a_seq``, with a
number appended on collision and each part truncated to fit 63 bytes.
"""
from __future__ import annotations

from pgref.catalog.catalog import (INFORMATION_SCHEMA, PG_CATALOG, Column, Constraint, Index, Namespace, Relation,
                                   SequenceDef)
from pgref.engine.session import Result
from pgref.errors import (DEPENDENT_OBJECTS_STILL_EXIST, DUPLICATE_COLUMN, DUPLICATE_OBJECT,
                          DUPLICATE_SCHEMA, DUPLICATE_TABLE, FEATURE_NOT_SUPPORTED,
                          INVALID_FOREIGN_KEY, INVALID_TABLE_DEFINITION, UNDEFINED_COLUMN,
                          UNDEFINED_OBJECT, UNDEFINED_TABLE, WRONG_OBJECT_TYPE, DATATYPE_MISMATCH,
                          INVALID_PARAMETER_VALUE, INVALID_OBJECT_DEFINITION, SYNTAX_ERROR, PgError)
from pgref.sql import ast as A
from pgref.types import oids as T

NAMEDATALEN = 64


def notice(session, message: str, sqlstate: str = "00000") -> None:
    session.notices.append(PgError(sqlstate, message, severity="NOTICE"))


# ------------------------------------------------------------------ naming
def make_object_name(name1: str, name2: str | None, label: str | None) -> str:
    """PostgreSQL's makeObjectName: name1[_name2][_label], truncating the
    longer of name1/name2 so the result fits NAMEDATALEN-1 bytes."""
    def blen(s):
        return len(s.encode())
    overhead = (blen(label) + 1 if label else 0) + (1 if name2 else 0)
    avail = NAMEDATALEN - 1 - overhead
    n1, n2 = name1, name2 or ""
    while blen(n1) + blen(n2) > avail:
        if blen(n1) > blen(n2):
            n1 = n1[:-1]
        else:
            n2 = n2[:-1]
    out = n1
    if name2:
        out += "_" + n2
    if label:
        out += "_" + label
    return out


def choose_name(session, nsp: int, name1: str, name2: str | None, label: str, taken: set[str]) -> str:
    cat = session.db.cat
    base = make_object_name(name1, name2, label)
    name, n = base, 0
    while name in taken or cat.relation_in(nsp, name) is not None or _constraint_name_used(cat, nsp, name):
        n += 1
        name = make_object_name(name1, name2, f"{label}{n}")
    taken.add(name)
    return name


def _constraint_name_used(cat, nsp, name) -> bool:
    return any(c.name == name for r in cat.relations.values() if r.namespace == nsp for c in r.constraints)


# ------------------------------------------------------------------ helpers
def lookup_rel(session, rv: A.RangeVar, missing_ok: bool = False, kind: str | None = None):
    cat = session.db.cat
    rel = cat.lookup_relation(rv.schemaname, rv.relname, session.search_path())
    if rel is None:
        if missing_ok:
            return None
        if rv.schemaname is not None and cat.namespace_oid(rv.schemaname) is None:
            raise PgError("3F000", f'schema "{rv.schemaname}" does not exist')
        raise PgError(UNDEFINED_TABLE, f'relation "{_qual(rv)}" does not exist')
    return rel


def _qual(rv: A.RangeVar) -> str:
    return f"{rv.schemaname}.{rv.relname}" if rv.schemaname else rv.relname


def _new_storage(session, relfilenode: int) -> None:
    session.db.create_storage(relfilenode)
    session.note_new_file(relfilenode)


def resolve_type(session, tn: A.TypeName) -> tuple[int, int]:
    ea = session.expr_analyzer()
    return ea.type_from_name(tn)


SERIALS = {"serial": T.INT4OID, "serial4": T.INT4OID, "bigserial": T.INT8OID, "serial8": T.INT8OID,
           "smallserial": T.INT2OID, "serial2": T.INT2OID}


def _const_int(node) -> int:
    if isinstance(node, A.Integer):
        return node.ival
    if isinstance(node, A.Float):
        return int(node.fval)
    if isinstance(node, A.A_Const):
        return _const_int(node.val)
    if isinstance(node, int):
        return node
    if isinstance(node, A.TypeCast):
        return _const_int(node.arg)
    raise PgError(SYNTAX_ERROR, "invalid sequence option value")


# ------------------------------------------------------------------ sequences
def sequence_def(session, options, typ: int = T.INT8OID, existing: SequenceDef | None = None,
                 name: str = "") -> tuple[SequenceDef, int | None]:
    """Apply CREATE/ALTER SEQUENCE options; returns (definition, RESTART value or None)."""
    seq = SequenceDef(**vars(existing)) if existing else SequenceDef(typ=typ)
    bounds = {T.INT2OID: (-(2 ** 15), 2 ** 15 - 1), T.INT4OID: (-(2 ** 31), 2 ** 31 - 1),
              T.INT8OID: (-(2 ** 63), 2 ** 63 - 1)}
    given = {}
    restart = None
    for d in options:
        if d.defname in given and d.defname != "restart":
            raise PgError(SYNTAX_ERROR, "conflicting or redundant options")
        given[d.defname] = d.arg
    if "as" in given:
        t, _ = resolve_type(session, given["as"])
        if t not in bounds:
            raise PgError(INVALID_PARAMETER_VALUE, "sequence type must be smallint, integer, or bigint")
        seq.typ = t
    lo, hi = bounds[seq.typ]
    if "increment" in given:
        seq.increment = _const_int(given["increment"])
        if seq.increment == 0:
            raise PgError(INVALID_PARAMETER_VALUE, "INCREMENT must not be zero")
    asc = seq.increment > 0
    if existing is None or "as" in given or "increment" in given:
        if "minvalue" not in given and existing is None:
            seq.minvalue = 1 if asc else lo
        if "maxvalue" not in given and existing is None:
            seq.maxvalue = hi if asc else -1
    if "minvalue" in given:
        seq.minvalue = _const_int(given["minvalue"]) if given["minvalue"] is not None else (1 if asc else lo)
    if "maxvalue" in given:
        seq.maxvalue = _const_int(given["maxvalue"]) if given["maxvalue"] is not None else (hi if asc else -1)
    if seq.minvalue < lo or seq.maxvalue > hi:
        tname = session.db.cat.format_type(seq.typ)
        bad = seq.maxvalue if seq.maxvalue > hi else seq.minvalue
        what = "MAXVALUE" if seq.maxvalue > hi else "MINVALUE"
        raise PgError("22023", f"{what} ({bad}) is out of range for sequence data type {tname}")
    if "start" in given:
        seq.start = _const_int(given["start"])
    elif existing is None:
        seq.start = seq.minvalue if asc else seq.maxvalue
    if "cache" in given:
        seq.cache = _const_int(given["cache"])
        if seq.cache <= 0:
            raise PgError("22023", f"CACHE ({seq.cache}) must be greater than zero")
    if "cycle" in given:
        seq.cycle = bool(given["cycle"].boolval if isinstance(given["cycle"], A.Boolean) else _const_int(given["cycle"]))
    if seq.minvalue >= seq.maxvalue:
        raise PgError("22023", f"MINVALUE ({seq.minvalue}) must be less than MAXVALUE ({seq.maxvalue})")
    if seq.start < seq.minvalue:
        raise PgError("22023", f"START value ({seq.start}) cannot be less than MINVALUE ({seq.minvalue})")
    if seq.start > seq.maxvalue:
        raise PgError("22023", f"START value ({seq.start}) cannot be greater than MAXVALUE ({seq.maxvalue})")
    if "restart" in given:
        restart = seq.start if given["restart"] is None else _const_int(given["restart"])
    return seq, restart


def create_sequence_rel(session, nsp: int, name: str, seq: SequenceDef) -> Relation:
    cat = session.db.cat
    rel = Relation(cat.new_oid(), name, nsp, "S")
    rel.sequence = seq
    rel.columns = [Column(1, "last_value", T.INT8OID, notnull=True), Column(2, "log_cnt", T.INT8OID, notnull=True),
                   Column(3, "is_called", T.BOOLOID, notnull=True)]
    cat.add_relation(rel)
    session.db.seq_state[rel.oid] = [seq.start, False]
    return rel


def create_sequence(session, s: A.CreateSeqStmt, text: str) -> Result:
    session.before_ddl()
    temp = s.sequence.relpersistence == "t" or s.sequence.schemaname == "pg_temp"
    if temp and s.sequence.schemaname not in (None, "pg_temp"):
        raise PgError(INVALID_TABLE_DEFINITION, "cannot create temporary relation in non-temporary schema")
    nsp = session.temp_namespace() if temp else session.creation_namespace(s.sequence.schemaname)
    cat = session.db.cat
    if cat.relation_in(nsp, s.sequence.relname) is not None:
        if s.if_not_exists:
            notice(session, f'relation "{s.sequence.relname}" already exists, skipping', DUPLICATE_TABLE)
            return Result("CREATE SEQUENCE")
        raise PgError(DUPLICATE_TABLE, f'relation "{s.sequence.relname}" already exists')
    owned = [d for d in s.options if d.defname == "owned_by"]
    seq, _ = sequence_def(session, [d for d in s.options if d.defname != "owned_by"])
    rel = create_sequence_rel(session, nsp, s.sequence.relname, seq)
    if temp:
        rel.persistence = "t"
    if owned:
        _set_owned_by(session, rel, owned[0].arg)
    return Result("CREATE SEQUENCE")


def _set_owned_by(session, seqrel, arg) -> None:
    names = [x.sval if isinstance(x, A.String) else x for x in arg]
    if len(names) == 1 and names[0] == "none":
        seqrel.sequence.owned_by = None
        return
    if len(names) < 2:
        raise PgError(SYNTAX_ERROR, "invalid OWNED BY option",
                      hint="Specify OWNED BY table.column or OWNED BY NONE.")
    rv = A.RangeVar(schemaname=names[-3] if len(names) > 2 else None, relname=names[-2])
    rel = lookup_rel(session, rv)
    col = rel.column(names[-1])
    if col is None:
        raise PgError(UNDEFINED_COLUMN, f'column "{names[-1]}" of relation "{rel.name}" does not exist')
    seqrel.sequence.owned_by = (rel.oid, col.attnum)


def alter_sequence(session, s: A.AlterSeqStmt, text: str) -> Result:
    session.before_ddl()
    rel = lookup_rel(session, s.sequence, s.missing_ok)
    if rel is None:
        notice(session, f'relation "{s.sequence.relname}" does not exist, skipping')
        return Result("ALTER SEQUENCE")
    if rel.kind != "S":
        raise PgError(WRONG_OBJECT_TYPE, f'"{rel.name}" is not a sequence')
    owned = [d for d in s.options if d.defname == "owned_by"]
    seq, restart = sequence_def(session, [d for d in s.options if d.defname != "owned_by"], existing=rel.sequence)
    rel.sequence = seq
    if restart is not None:
        session.db.seq_state[rel.oid] = [restart, False]
        session.db.seq_logged.pop(rel.oid, None)
    if owned:
        _set_owned_by(session, rel, owned[0].arg)
    session.db.cat.changed()
    return Result("ALTER SEQUENCE")


# ------------------------------------------------------------------ CREATE TABLE
class TableBuilder:
    """Turns a CreateStmt (or ALTER TABLE ADD ...) into catalog objects,
    as transformCreateStmt + DefineRelation do."""

    def __init__(self, session, rel: Relation):
        self.session = session
        self.rel = rel
        self.cat = session.db.cat
        self.taken: set[str] = set()
        self.pending_indexes: list[tuple[Constraint | None, Index]] = []

    def add_column(self, cd: A.ColumnDef) -> Column:
        rel = self.rel
        if rel.column(cd.colname) is not None:
            raise PgError(DUPLICATE_COLUMN, f'column "{cd.colname}" specified more than once'
                          if not getattr(self, "altering", False) else
                          f'column "{cd.colname}" of relation "{rel.name}" already exists')
        tn = cd.type_name
        serial = None
        if len(tn.names) == 1 and tn.names[0] in SERIALS and not tn.array_bounds and not tn.typmods:
            serial = SERIALS[tn.names[0]]
            typ, typmod = serial, -1
        else:
            typ, typmod = resolve_type(self.session, tn)
        t = self.cat.typeinfo(typ)
        if t is not None and t.typtype == "p" and typ not in (T.RECORDOID,):
            raise PgError(DATATYPE_MISMATCH, f'column "{cd.colname}" has pseudo-type {self.cat.format_type(typ)}')
        col = Column(len(rel.columns) + 1, cd.colname, typ, typmod)
        if cd.compression is not None:            # COMPRESSION method (engine/reloptions.py)
            from pgref.engine.reloptions import compression_code
            col.compression = compression_code(self.cat, typ, cd.compression)
        if cd.coll_clause is not None:
            coll = cd.coll_clause.collname[-1]
            if coll not in ("C", "POSIX", "default", "ucs_basic"):
                raise PgError(FEATURE_NOT_SUPPORTED, f'collation "{coll}" is not supported; pgref compares '
                              'strings in the "C" collation')
            col.collation = {"C": 950, "POSIX": 951}.get(coll, 0)     # pg_attribute.attcollation
        rel.columns.append(col)
        if serial is not None:
            seqname = choose_name(self.session, rel.namespace, rel.name, cd.colname, "seq", self.taken)
            seq = SequenceDef(typ=serial, maxvalue={T.INT2OID: 2 ** 15 - 1, T.INT4OID: 2 ** 31 - 1}.get(serial, 2 ** 63 - 1))
            srel = create_sequence_rel(self.session, rel.namespace, seqname, seq)
            srel.sequence.owned_by = (rel.oid, col.attnum)
            nsp = self.cat.namespace_name(rel.namespace)
            qual = seqname if nsp == "public" else f"{nsp}.{seqname}"
            col.default = A.FuncCall(funcname=("nextval",), args=(A.TypeCast(
                A.A_Const(A.String(qual)), A.TypeName(names=("regclass",))),))
            col.notnull = True
        for con in cd.constraints:
            self.column_constraint(col, con)
        return col

    def column_constraint(self, col: Column, con: A.Constraint) -> None:
        k = con.contype
        if k == "not_null":
            col.notnull = True
        elif k == "null":
            if col.notnull and col.identity:
                raise PgError(SYNTAX_ERROR, f'conflicting NULL/NOT NULL declarations for column "{col.name}" '
                              f'of table "{self.rel.name}"')
        elif k == "default":
            if col.generated:
                from pgref.engine.generated import check_default_after_generated
                check_default_after_generated(self, col, con)
            if col.default is not None or col.identity:
                raise PgError(SYNTAX_ERROR, f'multiple default values specified for column "{col.name}" of '
                              f'table "{self.rel.name}"')
            col.default = con.raw_expr
            self.check_default(col)
        elif k == "identity":
            if col.generated:
                from pgref.engine.generated import check_default_after_generated
                check_default_after_generated(self, col, con)
            if col.typ not in (T.INT2OID, T.INT4OID, T.INT8OID):
                raise PgError(DATATYPE_MISMATCH, f'identity column type must be smallint, integer, or bigint')
            if col.default is not None:
                raise PgError(SYNTAX_ERROR, f'both default and identity specified for column "{col.name}" of '
                              f'table "{self.rel.name}"')
            col.identity = con.generated_when
            col.notnull = True
            seqname = choose_name(self.session, self.rel.namespace, self.rel.name, col.name, "seq", self.taken)
            opts = [d for d in con.options if d.defname != "sequence_name"]
            seq, _ = sequence_def(self.session, opts, typ=col.typ)
            srel = create_sequence_rel(self.session, self.rel.namespace, seqname, seq)
            srel.sequence.owned_by = (self.rel.oid, col.attnum)
            col.identity_seq = srel.oid
        elif k == "generated":
            # stored generated columns: engine/generated.py (spec/09-engine.md, "Generated columns")
            from pgref.engine import generated
            generated.column_constraint(self, col, con)
        elif k in ("check", "primary", "unique", "foreign"):
            self.table_constraint(con, [col.name])
        elif k.startswith("attr_"):
            if k in ("attr_deferrable", "attr_deferred"):
                raise PgError(FEATURE_NOT_SUPPORTED, "deferrable constraints are not supported yet")
        else:
            raise PgError(FEATURE_NOT_SUPPORTED, f"{k} constraints are not supported yet")

    def check_default(self, col: Column) -> None:
        from pgref.analyzer.modify import ModifyAnalyzer
        from pgref.analyzer.funcs import _walk
        from pgref.analyzer import nodes as N
        qa = ModifyAnalyzer(self.session.expr_analyzer())
        e = qa.default_expr(self.rel, col)
        for x in _walk([e]):
            if isinstance(x, N.Var):
                raise PgError("0A000",
                              "cannot use column reference in DEFAULT expression")
            if isinstance(x, N.SubLink):
                raise PgError(FEATURE_NOT_SUPPORTED, "cannot use subquery in DEFAULT expression")

    def table_constraint(self, con: A.Constraint, default_cols: list[str] | None = None) -> Constraint:
        rel = self.rel
        k = con.contype
        if con.deferrable or con.initdeferred:
            raise PgError(FEATURE_NOT_SUPPORTED, "deferrable constraints are not supported yet")
        if k == "check" and con.conname and any(c.inhcount for c in rel.constraints):
            # a CHECK named like an inherited one merges with it (engine/inherit.py)
            from pgref.engine.inherit import merge_local_constraint
            merged = merge_local_constraint(self, con)
            if merged is not None:
                return merged
        if con.conname and (_constraint_name_used(self.cat, rel.namespace, con.conname)
                            or con.conname in self.taken):
            if any(c.name == con.conname for c in rel.constraints):
                raise PgError(DUPLICATE_OBJECT, f'constraint "{con.conname}" for relation "{rel.name}" already exists')
        if k == "check":
            cols = _referenced_columns(con.raw_expr)
            first = default_cols[0] if default_cols else (cols[0] if cols else None)
            name = con.conname or choose_name(self.session, rel.namespace, rel.name, first, "check", self.taken)
            c = Constraint(self.cat.new_oid(), name, "c", rel.oid, [], check=con.raw_expr,
                           no_inherit=con.is_no_inherit, validated=not con.skip_validation)
            from pgref.engine.constraints import analyze_check
            analyze_check(self.session, rel, con.raw_expr)
            c.columns = [rel.column(n).attnum for n in cols if rel.column(n) is not None]
            rel.constraints.append(c)
            self.taken.add(name)
            return c
        if k in ("primary", "unique"):
            keys = list(con.keys) if con.keys else list(default_cols or [])
            attnums = []
            for n in keys:
                col = rel.column(n)
                if col is None:
                    raise PgError(UNDEFINED_COLUMN, f'column "{n}" named in key does not exist')
                if col.attnum in attnums:
                    raise PgError(DUPLICATE_COLUMN, f'column "{n}" appears twice in {"primary key" if k == "primary" else "unique"} constraint')
                attnums.append(col.attnum)
            if k == "primary":
                if any(c.kind == "p" for c in rel.constraints):
                    raise PgError(INVALID_TABLE_DEFINITION,
                                  f'multiple primary keys for table "{rel.name}" are not allowed',
                                  position=con.location + 1 if con.location >= 0 else None)
                for a in attnums:
                    rel.columns[a - 1].notnull = True
                name = con.conname or choose_name(self.session, rel.namespace, rel.name, None, "pkey", self.taken)
            else:
                name = con.conname or choose_name(self.session, rel.namespace, rel.name,
                                                  "_".join(keys), "key", self.taken)
            if con.including:
                raise PgError(FEATURE_NOT_SUPPORTED, "INCLUDE columns are not supported yet")
            for a in attnums:
                self._check_btree_type(rel.columns[a - 1])
            c = Constraint(self.cat.new_oid(), name, "p" if k == "primary" else "u", rel.oid, attnums)
            idx = Index(self.cat.new_oid(), name, rel.oid, attnums, unique=True, primary=(k == "primary"),
                        descending=[False] * len(attnums), nulls_first=[False] * len(attnums),
                        nulls_not_distinct=con.nulls_not_distinct, constraint_oid=c.oid)
            c.index_oid = idx.oid
            rel.constraints.append(c)
            self.pending_indexes.append((c, idx))
            self.taken.add(name)
            return c
        if k == "foreign":
            return self.foreign_key(con, default_cols)
        raise PgError(FEATURE_NOT_SUPPORTED, f"{k} constraints are not supported yet")

    def _check_btree_type(self, col: Column) -> None:
        if not self.cat.btree_cmp_proc(col.typ, col.typ):
            raise PgError(UNDEFINED_OBJECT, f'data type {self.cat.format_type(col.typ)} has no default operator '
                          'class for access method "btree"',
                          hint="You must specify an operator class for the index or define a default operator "
                               "class for the data type.")

    def foreign_key(self, con: A.Constraint, default_cols) -> Constraint:
        rel = self.rel
        fk_names = list(con.fk_attrs) if con.fk_attrs else list(default_cols or [])
        if con.pktable.relname == rel.name and con.pktable.schemaname in (None, self.cat.namespace_name(rel.namespace)) \
                and self.cat.relations.get(rel.oid) is None:
            pk = rel
        else:
            pk = lookup_rel(self.session, con.pktable)
        if pk.kind != "r":
            raise PgError(WRONG_OBJECT_TYPE, f'referenced relation "{pk.name}" is not a table')
        fk_cols = []
        for n in fk_names:
            c = rel.column(n)
            if c is None:
                raise PgError(UNDEFINED_COLUMN, f'column "{n}" referenced in foreign key constraint does not exist')
            fk_cols.append(c.attnum)
        if con.pk_attrs:
            pk_cols = []
            for n in con.pk_attrs:
                c = pk.column(n)
                if c is None:
                    raise PgError(UNDEFINED_COLUMN, f'column "{n}" referenced in foreign key constraint does not exist')
                pk_cols.append(c.attnum)
            ok = any(i.unique and sorted(i.columns) == sorted(pk_cols) for i in pk.indexes) or \
                any(i.unique and sorted(i.columns) == sorted(pk_cols) for _c, i in self.pending_indexes if pk is rel)
            if not ok:
                raise PgError(INVALID_FOREIGN_KEY, f'there is no unique constraint matching given keys for '
                              f'referenced table "{pk.name}"')
        else:
            pkc = next((c for c in pk.constraints if c.kind == "p"), None)
            if pkc is None:
                raise PgError(UNDEFINED_OBJECT, f'there is no primary key for referenced table "{pk.name}"')
            pk_cols = list(pkc.columns)
        if len(pk_cols) != len(fk_cols):
            raise PgError(INVALID_FOREIGN_KEY, "number of referencing and referenced columns for foreign key disagree")
        if any(rel.columns[a - 1].generated for a in fk_cols):
            # actions that would write a generated column (engine/generated.py, INV-GEN-3)
            if con.fk_upd_action in ("c", "n", "d"):
                raise PgError(SYNTAX_ERROR, "invalid ON UPDATE action for foreign key constraint containing "
                              "generated column")
            if con.fk_del_action in ("n", "d"):
                raise PgError(SYNTAX_ERROR, "invalid ON DELETE action for foreign key constraint containing "
                              "generated column")
        from pgref.analyzer.resolve import resolve_operator
        for a, b in zip(fk_cols, pk_cols):
            ta, tb = rel.columns[a - 1].typ, pk.columns[b - 1].typ
            try:
                op = resolve_operator(self.cat, "=", ta, tb)
                ok = op.result == T.BOOLOID
            except PgError:
                ok = False
            if not ok:
                raise PgError("42804",
                              f'foreign key constraint "{con.conname or ""}" cannot be implemented'
                              if con.conname else
                              f'foreign key constraint "{make_object_name(rel.name, "_".join(fk_names), "fkey")}" '
                              "cannot be implemented",
                              detail=f'Key columns "{rel.columns[a - 1].name}" and "{pk.columns[b - 1].name}" are of '
                                     f"incompatible types: {self.cat.format_type(ta)} and {self.cat.format_type(tb)}.")
        name = con.conname or choose_name(self.session, rel.namespace, rel.name, "_".join(fk_names), "fkey", self.taken)
        c = Constraint(self.cat.new_oid(), name, "f", rel.oid, fk_cols, ref_relid=pk.oid, ref_columns=pk_cols,
                       on_update=con.fk_upd_action, on_delete=con.fk_del_action, match=con.fk_matchtype)
        if con.fk_del_set_cols:
            raise PgError(FEATURE_NOT_SUPPORTED, "ON DELETE SET NULL/DEFAULT with a column list is not supported yet")
        rel.constraints.append(c)
        self.taken.add(name)
        return c

    def build_indexes(self) -> None:
        for _con, idx in self.pending_indexes:
            idx.relfilenode = idx.oid
            _new_storage(self.session, idx.relfilenode)
            self.rel.indexes.append(idx)
            fill_index(self.session, self.rel, idx)
        self.pending_indexes = []


def _referenced_columns(expr) -> list[str]:
    out = []
    stack = [expr]
    import dataclasses
    while stack:
        n = stack.pop(0)
        if isinstance(n, A.ColumnRef):
            f = n.fields[-1]
            if isinstance(f, str) and f not in out:
                out.append(f)
        elif isinstance(n, A.Node):
            for fld in dataclasses.fields(n):
                stack.append(getattr(n, fld.name))
        elif isinstance(n, tuple):
            stack.extend(n)
    return out


def fill_index(session, rel, idx) -> None:
    """Build ``idx`` from the table's live rows, checking uniqueness, then
    record the table's size in pg_class (index_update_stats)."""
    update_stats_after_build(session, rel, idx, _fill_index(session, rel, idx))


def update_stats_after_build(session, rel, idx, entries: int | None = None) -> None:
    """index_update_stats: building an index counts the table's rows, so
    pg_class.relpages / reltuples of the table (and the index) are set --
    which is why the planner knows a table's size right after CREATE INDEX.
    An empty table never vacuumed keeps reltuples -1, so an index made by
    CREATE TABLE does not make it look vacuumed."""
    from pgref.engine.vacuum import db_stats
    db = session.db
    heap = db.heap(rel.oid)
    live = session.tuple_is_live
    reltuples = float(sum(1 for _tid, hdr, _row in heap.scan() if hdr.xmin in db.running or live(hdr)))
    stats = db_stats(db)
    old = stats.get(rel.oid, (0, -1.0, 0))
    if reltuples == 0 and old[1] < 0:
        reltuples = -1.0
    nblocks = heap.nblocks()
    stats[rel.oid] = (nblocks, reltuples, min(old[2], nblocks))
    if entries is not None:
        handle = db.index(idx.oid)
        bt = getattr(handle, "bt", None)
        if bt is not None and hasattr(bt, "bm"):
            stats[idx.oid] = (bt.bm.nblocks(bt.rel), float(entries), 0)


def _fill_index(session, rel, idx) -> int:
    """The build itself; returns the number of index entries made."""
    db = session.db
    heap = db.heap(rel.oid)
    handle = db.index(idx.oid)
    if idx.predicate is not None:
        # a partial index holds only the rows its predicate accepts
        from pgref.executor.modify import index_predicate_fn
        accepts = index_predicate_fn(session.exec_context(), rel, idx)
        rows = heap.scan

        class _Partial:
            def scan(self):
                return ((tid, hdr, row) for tid, hdr, row in rows() if accepts(row))
        heap = _Partial()
    if idx.am == "hash":
        # hashbuild: every version someone might still see, NULL keys skipped (access/hash)
        live = session.tuple_is_live
        built = [(tuple(row[a - 1] for a in idx.columns), tid) for tid, hdr, row in heap.scan()
                 if hdr.xmin in db.running or live(hdr) or session.xid_status(
                     hdr.xmax if hdr.xmax else hdr.xmin) == "in_progress"]
        handle.build(built)
        return len(built)
    entries = []
    live = session.tuple_is_live
    for tid, hdr, row in heap.scan():
        # every version that someone might still see gets an entry
        if hdr.xmin in db.running or live(hdr) or session.xid_status(hdr.xmax if hdr.xmax else hdr.xmin) == "in_progress":
            entries.append((tuple(row[a - 1] for a in idx.columns), tid, live(hdr)))
    if idx.unique:
        from functools import cmp_to_key
        seen: dict = {}
        for key, tid, is_live in entries:
            if not is_live or (not idx.nulls_not_distinct and any(v is None for v in key)):
                continue
            from pgref.executor.keys import hash_key_function
            k = tuple(v if hash_key_function(rel.columns[a - 1].typ) is None else
                      hash_key_function(rel.columns[a - 1].typ)(v) for v, a in zip(key, idx.columns))
            if k in seen:
                from pgref.executor.modify import _text
                cols = ", ".join(rel.columns[a - 1].name for a in idx.columns)
                vals = ", ".join(_text(session.exec_context(), rel.columns[a - 1].typ, v)
                                 for a, v in zip(idx.columns, key))
                raise PgError("23505", f'could not create unique index "{idx.name}"',
                              detail=f"Key ({cols})=({vals}) is duplicated.")
            seen[k] = tid
        del cmp_to_key
    cmp = handle.bt.compare
    from functools import cmp_to_key

    def order(e):
        return e
    entries.sort(key=cmp_to_key(lambda a, b: cmp(a[0], b[0]) or ((a[1] > b[1]) - (a[1] < b[1]))))
    del order
    handle.build([(k, t) for k, t, _ in entries])
    return len(entries)


def create_table(session, s: A.CreateStmt, text: str) -> Result:
    session.before_ddl()
    cat = session.db.cat
    rv = s.relation
    # declarative partitioning: engine/partition.py (spec/09-engine.md, "Declarative partitioning")
    from pgref.engine import partition
    if s.partspec is not None and s.inh_relations and s.partbound is None:
        raise PgError(WRONG_OBJECT_TYPE, "cannot create partitioned table as inheritance child")
    if s.of_typename is not None:
        raise PgError(FEATURE_NOT_SUPPORTED, "typed tables (CREATE TABLE ... OF type) are not supported yet")
    if rv.relpersistence == "t":
        if rv.schemaname is not None and rv.schemaname != "pg_temp":
            raise PgError(INVALID_TABLE_DEFINITION, "cannot create temporary relation in non-temporary schema",
                          position=rv.location + 1 if rv.location >= 0 else None)
        nsp = session.temp_namespace()
    else:
        nsp = session.creation_namespace(rv.schemaname, rv.location)
    if cat.relation_in(nsp, rv.relname) is not None:
        if s.if_not_exists:
            notice(session, f'relation "{rv.relname}" already exists, skipping', DUPLICATE_TABLE)
            return Result("CREATE TABLE")
        raise PgError(DUPLICATE_TABLE, f'relation "{rv.relname}" already exists')
    if s.access_method not in (None, "heap"):
        raise PgError(UNDEFINED_OBJECT, f'access method "{s.access_method}" does not exist')
    # storage options are checked first, as DefineRelation does (engine/reloptions.py)
    from pgref.engine import reloptions
    options = [x or None for x in reloptions.table_reloptions(
        s.options, "p" if s.partspec is not None else "r", create=True)]
    rel = Relation(cat.new_oid(), rv.relname, nsp, "r", persistence=rv.relpersistence)
    rel.relfilenode = rel.oid
    if s.oncommit != "noop":
        if rv.relpersistence != "t":
            raise PgError(INVALID_TABLE_DEFINITION, "ON COMMIT can only be used on temporary tables")
        session.on_commit[rel.oid] = s.oncommit
    b = TableBuilder(session, rel)
    b.taken.add(rel.name)
    table_cons = list(s.constraints)
    parents = []
    if s.inh_relations:
        from pgref.engine import inherit
        if s.partbound is not None:
            partition.prepare_partition_of(session, lookup_rel(session, s.inh_relations[0]), rel)
        else:
            for prv in s.inh_relations:
                prel = lookup_rel(session, prv)
                if partition.is_partitioned(prel):
                    raise PgError(WRONG_OBJECT_TYPE, f'cannot inherit from partitioned table "{prel.name}"')
                if prel.partbound is not None:
                    raise PgError(WRONG_OBJECT_TYPE, f'cannot inherit from partition "{prel.name}"')
        parents = inherit.inherit_columns(session, rel, s.inh_relations)
        inherit.inherit_constraints(b, parents)
    local_position = 0
    for elt in s.table_elts:
        if isinstance(elt, A.ColumnDef) and s.partbound is not None:
            if any(c.contype == "generated" for c in elt.constraints):
                raise PgError(FEATURE_NOT_SUPPORTED, "generated columns are not supported on partitions")
            partition.column_options(b, elt)
        elif isinstance(elt, A.ColumnDef):
            local_position += 1
            if not (parents and inherit.merge_local_column(b, elt, local_position)):
                b.add_column(elt)
        elif isinstance(elt, A.Constraint):
            table_cons.append(elt)
        elif isinstance(elt, A.TableLikeClause):
            like = lookup_rel(session, elt.relation)
            for c in like.live_columns():
                local_position += 1
                if parents and inherit.merge_like_column(b, c, local_position):
                    if elt.options & A.CREATE_TABLE_LIKE_STORAGE:
                        from pgref.engine.reloptions import check_storage_merge
                        check_storage_merge(cat, rel.column(c.name), c)
                    continue
                nc = Column(len(rel.columns) + 1, c.name, c.typ, c.typmod, notnull=c.notnull)
                if elt.options & A.CREATE_TABLE_LIKE_DEFAULTS and not c.generated:
                    nc.default = c.default
                if elt.options & A.CREATE_TABLE_LIKE_GENERATED and c.generated:
                    nc.default, nc.generated = c.default, c.generated
                if elt.options & A.CREATE_TABLE_LIKE_STORAGE:
                    nc.storage = c.storage
                if elt.options & A.CREATE_TABLE_LIKE_COMPRESSION:
                    nc.compression = c.compression
                if rel.column(c.name) is not None:
                    raise PgError(DUPLICATE_COLUMN, f'column "{c.name}" specified more than once')
                rel.columns.append(nc)
            if elt.options & A.CREATE_TABLE_LIKE_CONSTRAINTS:
                for con in like.constraints:
                    if con.kind == "c":
                        rel.constraints.append(Constraint(cat.new_oid(), con.name, "c", rel.oid, list(con.columns),
                                                          check=con.check))
        else:
            raise PgError(FEATURE_NOT_SUPPORTED, f"{type(elt).__name__} in CREATE TABLE is not supported yet")
    if len(rel.columns) > 1600:
        raise PgError("54011", "tables can have at most 1600 columns")
    cat.add_rowtype(rel)
    if parents:
        inherit.check_defaults(rel)
    if any(c.generated for c in rel.columns):
        from pgref.engine import generated
        generated.check_table(session, rel)
    if s.partspec is not None:
        from pgref.engine.generated import check_partition_key
        check_partition_key(rel, s.partspec)        # engine/generated.py
        rel.partkey = partition.partition_key(session, rel, s.partspec)
        partition.check_no_inherit(rel, table_cons + [c for e in s.table_elts if isinstance(e, A.ColumnDef)
                                                      for c in e.constraints])
    for con in table_cons:
        b.table_constraint(con)
    if s.partbound is not None:
        partition.bind_bound(session, parents[0], rel, s.partbound)
        partition.inherit_unique_constraints(b, parents[0])
        partition.inherit_indexes(b, parents[0])
    if rel.partkey is not None:
        for c, _idx in b.pending_indexes:
            if c is not None and c.kind in ("p", "u"):
                partition.check_unique_covers_key(rel, c.kind, c.columns)
    # the TOAST relation (engine/reloptions.py)
    rel.reloptions, rel.toast_reloptions = options
    reloptions.ensure_toast_table(cat, rel)
    # a FK may reference the table being created
    _new_storage(session, rel.relfilenode)
    cat.add_relation(rel)
    b.build_indexes()
    return Result("CREATE TABLE")


def create_table_as(session, s, text: str, explain=None) -> Result:
    """CREATE TABLE AS / SELECT INTO: make the table from the query's
    output columns, then insert its rows.  ``explain``: EXPLAIN ANALYZE's
    hook (planner/explain.py), given the plan as ``explain.planned`` and
    running the query through ``explain.run(planned, params)``."""
    if isinstance(s, A.SelectStmt):
        into, query = s.into_clause, A.SelectStmt(**{**{f: getattr(s, f) for f in s.__dataclass_fields__},
                                                       "into_clause": None})
        if_not_exists = False
        tag_select = True
    else:
        into, query, if_not_exists = s.into, s.query, s.if_not_exists
        if s.objtype == "matview":
            raise PgError(FEATURE_NOT_SUPPORTED, "materialized views are not supported yet")
    session.before_ddl()
    cat = session.db.cat
    rv = into.rel
    if rv.relpersistence == "t":
        # CREATE TEMP TABLE ... AS / SELECT INTO TEMP: in this session's
        # temporary schema, gone at session end, as CREATE TEMP TABLE
        if rv.schemaname is not None and rv.schemaname != "pg_temp":
            raise PgError(INVALID_TABLE_DEFINITION, "cannot create temporary relation in non-temporary schema",
                          position=rv.location + 1 if rv.location >= 0 else None)
        nsp = session.temp_namespace()
    else:
        nsp = session.creation_namespace(rv.schemaname)
    if into.on_commit != "noop" and rv.relpersistence != "t":
        raise PgError(INVALID_TABLE_DEFINITION, "ON COMMIT can only be used on temporary tables")
    if cat.relation_in(nsp, rv.relname) is not None:
        if if_not_exists:
            notice(session, f'relation "{rv.relname}" already exists, skipping', DUPLICATE_TABLE)
            return Result("CREATE TABLE AS")
        raise PgError(DUPLICATE_TABLE, f'relation "{rv.relname}" already exists')
    planned = session.plan(query)
    if explain is not None:
        explain.planned = planned
    names = list(planned.colnames)
    if into.col_names:
        if len(into.col_names) > len(names):
            raise PgError(SYNTAX_ERROR, "too many column names were specified")
        names[:len(into.col_names)] = into.col_names
    rel = Relation(cat.new_oid(), rv.relname, nsp, "r",
                   persistence="t" if nsp == session.__dict__.get("_temp_nsp") else rv.relpersistence)
    rel.relfilenode = rel.oid
    if into.on_commit != "noop":
        session.on_commit[rel.oid] = into.on_commit
    seen = set()
    for i, (n, t, m) in enumerate(zip(names, planned.coltypes, planned.coltypmods)):
        if n in seen:
            raise PgError(DUPLICATE_COLUMN, f'column "{n}" specified more than once')
        seen.add(n)
        if t == T.UNKNOWNOID:
            t = T.TEXTOID
        rel.columns.append(Column(i + 1, n, t, m))
    cat.add_rowtype(rel)
    from pgref.engine import reloptions       # WITH (...) and the TOAST relation
    rel.reloptions, rel.toast_reloptions = [x or None for x in reloptions.table_reloptions(
        into.options, "r", create=True)]
    reloptions.ensure_toast_table(cat, rel)
    _new_storage(session, rel.relfilenode)
    cat.add_relation(rel)
    n = 0
    if not into.skip_data:
        result = (explain.run if explain is not None else session.run_planned)(planned, None)
        from pgref.executor.modify import TableModifier
        ectx = session.exec_context()
        tm = TableModifier(ectx, rel)
        for row in result.rows:
            tm.insert(tuple(row))
            n += 1
    return Result(f"SELECT {n}", rowcount=n)


# ------------------------------------------------------------------ views
def create_view(session, s: A.ViewStmt, text: str) -> Result:
    """CREATE [OR REPLACE] VIEW (engine/viewcmds.py)."""
    from pgref.engine.viewcmds import create_view as define_view
    return define_view(session, s, text)


# ------------------------------------------------------------------ DROP
def dependents(session, rel) -> list[tuple[str, object]]:
    """Objects that depend on ``rel``: views using it, foreign keys
    referencing it (from other tables), sequences it owns (dropped with it)."""
    out = []
    for other in session.db.cat.relations.values():
        if other.oid == rel.oid:
            continue
        if other.kind == "v" and rel.oid in _view_deps(session, other):
            out.append(("view", other))
        for con in other.constraints:
            if con.kind == "f" and con.ref_relid == rel.oid:
                out.append(("fk", (other, con)))
    return out


def _view_deps(session, view) -> list[int]:
    """The relations a view reads (engine/viewcmds.py, from its stored tree)."""
    from pgref.engine.viewcmds import view_relations
    return view_relations(session, view)


def drop_relation(session, rel, cascade: bool, kind_word: str) -> None:
    drop_relations(session, [(rel, kind_word)], cascade)


def _describe(kind: str, obj) -> str:
    if kind in ("oper", "gencol"):      # engine/operatorcmds.py OperatorDependent
        return obj.desc
    if kind == "func":
        from pgref.engine.functions import describe_routine
        return describe_routine(obj)
    if kind == "fk":
        other, con = obj
        return f"constraint {con.name} on table {other.name}"
    if kind == "rule":                  # engine/rulecmds.py RuleDependent
        return obj.desc
    return f"{_kind_name(obj)} {obj.name}"


def _dependents_of(session, kind: str, obj) -> list[tuple[str, object]]:
    """Direct dependents of one object: views and foreign keys on a
    relation, and a table's inheritance children (spec/09-engine.md,
    "Inheritance")."""
    from pgref.engine.functions import routine_dependents    # user routines (spec/12-functions.md)
    if kind == "func":
        from pgref.engine.generated import function_users
        from pgref.engine.operatorcmds import OperatorDependent, function_dependents   # operators using the function
        gen = [("gencol", OperatorDependent(-1 - i, desc)) for i, (_k, desc) in
               enumerate(function_users(session, obj.oid))]
        return routine_dependents(session, "func", obj.oid) + function_dependents(session.db.cat, obj.oid) + gen
    if kind != "rel":
        return []
    out = [(("view" if k == "view" else "fk"), o) for k, o in dependents(session, obj)]
    out.extend(routine_dependents(session, "rel", obj.oid))
    from pgref.engine.rulecmds import rule_dependents     # other relations' rules (spec/17-rewrite.md)
    out.extend(rule_dependents(session, obj.oid))
    if obj.kind == "r":
        from pgref.engine.inherit import child_dependents
        out.extend(("rel", c) for c in child_dependents(session, obj))
    return out


def drop_relations(session, targets: list, cascade: bool) -> None:
    """DROP of one or more relations, as PostgreSQL's performMultipleDeletions:
    every object that depends on a target, directly or not, is found first
    (depth first, dependents in descending OID order, each object once);
    without CASCADE any of them is an error listing them all (2BP01),
    with CASCADE they are reported in one NOTICE ("drop cascades to N other
    objects") and dropped with the targets."""
    cat = session.db.cat
    target_keys = {("rel", r.oid) for r, _w in targets}
    order: list[tuple[str, object, str]] = []    # (kind, object, description of what it depends on)
    seen: set = set()

    def key(kind, obj):
        if kind == "gencol":
            return (kind, obj.desc)
        return ("fk", obj[1].oid) if kind == "fk" else ((kind, obj.oid) if kind in ("func", "oper", "rule")
                                                        else ("rel", obj.oid))

    def oid_of(kind, obj):
        return obj[1].oid if kind == "fk" else obj.oid

    def find(kind, obj, reason):
        k = key(kind, obj)
        if k in seen:
            return
        seen.add(k)
        deps = _dependents_of(session, kind, obj)
        for dk, dobj in sorted(deps, key=lambda d: oid_of(*d), reverse=True):
            find("rel" if dk == "view" else dk, dobj, _describe(kind, obj))
        order.append((kind, obj, reason))

    for rel, word in targets:
        find("func" if word == "func" else "rel", rel, "")
    dropped = {o.oid for k, o, _w in order if k == "rel"}
    target_keys = {key(k, o) for k, o in ((("func" if w == "func" else "rel"), r) for r, w in targets)}
    others = [(k, o, why) for k, o, why in reversed(order) if key(k, o) not in target_keys
              and not (k == "fk" and o[0].oid in dropped)
              # a rule goes with its own relation, unreported
              and not (k == "rule" and o.rel.oid in dropped)
              # partitions go with their partitioned table, unreported (an "auto" dependency)
              and not (k == "rel" and getattr(o, "partbound", None) is not None and o.parents[:1]
                       and o.parents[0] in dropped)]
    if others and not cascade:
        first, word = targets[0]
        raise PgError(DEPENDENT_OBJECTS_STILL_EXIST,
                      f"cannot drop {_describe('func', first) if word == 'func' else word + ' ' + first.name} "
                      "because other objects depend on it"
                      if len(targets) == 1 else "cannot drop desired object(s) because other objects depend on them",
                      detail="\n".join(f"{_describe(k, o)} depends on {why}" for k, o, why in others),
                      hint="Use DROP ... CASCADE to drop the dependent objects too.")
    if any(k == "gencol" for k, _o, _w in others):
        # a generated column that calls a dropped function would have to go
        # with it (DROP COLUMN through the cascade): not implemented, refused
        raise PgError(FEATURE_NOT_SUPPORTED, "DROP ... CASCADE that reaches a generated column is not supported yet",
                      detail="\n".join(f"{_describe(k, o)} depends on {why}" for k, o, why in others
                                        if k == "gencol"))
    if len(others) == 1:
        notice(session, f"drop cascades to {_describe(others[0][0], others[0][1])}")
    elif others:
        session.notices.append(PgError("00000", f"drop cascades to {len(others)} other objects",
                                       detail="\n".join(f"drop cascades to {_describe(k, o)}" for k, o, _ in others),
                                       severity="NOTICE"))
    for k, obj, _why in order:
        if k == "rule":
            obj.drop()
            cat.changed()
            continue
        if k == "oper":
            from pgref.engine.operatorcmds import drop_operator_row
            if obj.oid in cat.user_operators:
                drop_operator_row(cat, cat.user_operators[obj.oid])
            cat.changed()
            continue
        if k == "func":
            cat.user_procs.pop(obj.oid, None)
            cat.changed()
            continue
        if k == "fk":
            other, con = obj
            other.constraints = [c for c in other.constraints if c is not con]
            cat.changed()
            continue
        if obj.oid not in cat.relations:
            continue
        # owned sequences go with the table
        for other in list(cat.relations.values()):
            if other.kind == "S" and other.sequence.owned_by and other.sequence.owned_by[0] == obj.oid:
                _remove(session, other)
        from pgref.engine.partition import forget_partition
        forget_partition(cat, obj)
        _remove(session, obj)
        from pgref.engine.inherit import forget_parent
        forget_parent(session, obj.oid)


def _remove(session, rel) -> None:
    cat = session.db.cat
    if rel.relfilenode:
        session.note_dropped_file(rel.relfilenode)
    for idx in rel.indexes:
        session.note_dropped_file(idx.relfilenode)
    cat.remove_relation(rel.oid)
    session.db.seq_state.pop(rel.oid, None)


_KIND_WORD = {"table": ("r", "table"), "view": ("v", "view"), "sequence": ("S", "sequence"),
              "index": ("i", "index")}


def drop(session, s: A.DropStmt, text: str) -> Result:
    session.before_ddl()
    t = s.remove_type
    tag = f"DROP {t.upper().replace('_', ' ')}"
    cat = session.db.cat
    if t == "rule":
        # pgref has no rewrite rules (only views' implicit _RETURN rule): a
        # named rule never exists, so DROP RULE reports what is missing
        for obj in s.objects:
            relnames, rulename = list(obj[:-1]), obj[-1]
            rv = A.RangeVar(schemaname=relnames[-2] if len(relnames) > 1 else None, relname=relnames[-1])
            rel = lookup_rel(session, rv, missing_ok=s.missing_ok)
            if rel is None:
                notice(session, f'relation "{".".join(relnames)}" does not exist, skipping')
            elif s.missing_ok:
                notice(session, f'rule "{rulename}" for relation "{rel.name}" does not exist, skipping')
            else:
                raise PgError(UNDEFINED_OBJECT, f'rule "{rulename}" for relation "{rel.name}" does not exist')
        return Result(tag)
    if t == "schema":
        for obj in s.objects:
            name = obj[-1] if isinstance(obj, tuple) else obj
            oid = cat.namespace_oid(name)
            if oid is None:
                if s.missing_ok:
                    notice(session, f'schema "{name}" does not exist, skipping')
                    continue
                raise PgError("3F000", f'schema "{name}" does not exist')
            if oid in (PG_CATALOG, 99, INFORMATION_SCHEMA):
                raise PgError("2BP01",
                              f"cannot drop schema {name} because it is required by the database system")
            members = [r for r in cat.relations.values() if r.namespace == oid]
            # user routines in the schema go with it (engine/functions.py)
            from pgref.engine.functions import format_procedure
            routines = sorted((p for p in cat.user_procs.values() if p.namespace == oid), key=lambda p: p.oid)
            # and its operators (engine/operatorcmds.py)
            from pgref.engine.operatorcmds import drop_operator_row, schema_operators
            opers = schema_operators(cat, oid)
            descs = sorted([(r.oid, f"{_kind_name(r)} {name}.{r.name}") for r in members] +
                           [(p.oid, f"{'procedure' if p.kind == 'p' else 'function'} "
                             f"{format_procedure(cat, p, session.search_path())}") for p in routines] + opers)
            if descs and s.behavior != "cascade":
                raise PgError(DEPENDENT_OBJECTS_STILL_EXIST,
                              f"cannot drop schema {name} because other objects depend on it",
                              detail="\n".join(f"{d} depends on schema {name}" for _o, d in descs),
                              hint="Use DROP ... CASCADE to drop the dependent objects too.")
            if members:
                if len(descs) == 1:
                    notice(session, f"drop cascades to {descs[0][1]}")
                # all at once: dependencies among them (views, inheritance
                # children) are not reported again
                drop_relations(session, [(r, _kind_name(r)) for r in members], True)
            for p in routines:
                if len(descs) == 1:
                    notice(session, f"drop cascades to {descs[0][1]}")
                cat.user_procs.pop(p.oid, None)
            for o, desc in opers:
                if len(descs) == 1:
                    notice(session, f"drop cascades to {desc}")
                if o in cat.user_operators:
                    drop_operator_row(cat, cat.user_operators[o])
            if len(descs) > 1:
                session.notices.append(PgError("00000", f"drop cascades to {len(descs)} other objects",
                                               detail="\n".join(f"drop cascades to {d}" for _o, d in descs),
                                               severity="NOTICE"))
            cat.namespaces.pop(oid)
            cat.changed()
        return Result(tag)
    if t not in _KIND_WORD:
        raise PgError(FEATURE_NOT_SUPPORTED, f"DROP {t.upper()} is not supported yet")
    relkind, word = _KIND_WORD[t]
    targets: list = []
    for obj in s.objects:
        names = list(obj) if isinstance(obj, tuple) else [obj]
        rv = A.RangeVar(schemaname=names[-2] if len(names) > 1 else None, relname=names[-1])
        if relkind == "i":
            found = _lookup_index(session, rv)
            if found is None:
                if s.missing_ok:
                    notice(session, f'index "{rv.relname}" does not exist, skipping')
                    continue
                raise PgError(UNDEFINED_OBJECT, f'index "{_qual(rv)}" does not exist')
            rel, idx = found
            con = next((c for c in rel.constraints if c.index_oid == idx.oid), None)
            if con is not None:
                raise PgError(DEPENDENT_OBJECTS_STILL_EXIST,
                              f"cannot drop index {idx.name} because constraint {con.name} on table {rel.name} "
                              "requires it", hint=f"You can drop constraint {con.name} on table {rel.name} instead.")
            rel.indexes = [i for i in rel.indexes if i.oid != idx.oid]
            session.note_dropped_file(idx.relfilenode)
            cat.changed()
            continue
        rel = lookup_rel(session, rv, missing_ok=True)
        if rel is None:
            if s.missing_ok:
                what = {"r": "table", "v": "view", "S": "sequence"}[relkind]
                notice(session, f'{what} "{rv.relname}" does not exist, skipping')
                continue
            raise PgError(UNDEFINED_TABLE, f'{"table" if relkind == "r" else word} "{_qual(rv)}" does not exist'
                          if relkind != "r" else f'table "{_qual(rv)}" does not exist')
        if getattr(rel, "system", False):
            raise PgError("42501", f"permission denied: \"{rel.name}\" is a system catalog")
        if rel.kind != relkind:
            raise PgError(WRONG_OBJECT_TYPE, f'"{rel.name}" is not a {word}',
                          hint=f"Use DROP {_kind_name(rel).upper()} to remove a {_kind_name(rel)}.")
        if all(r.oid != rel.oid for r, _w in targets):
            targets.append((rel, word))
    if targets:
        drop_relations(session, targets, s.behavior == "cascade")
    return Result(tag)


def _kind_name(rel) -> str:
    return {"r": "table", "v": "view", "S": "sequence", "i": "index"}[rel.kind]


def _lookup_index(session, rv: A.RangeVar):
    cat = session.db.cat
    spaces = [cat.namespace_oid(rv.schemaname)] if rv.schemaname else session.search_path()
    for nsp in spaces:
        for rel in cat.relations.values():
            if rel.namespace != nsp:
                continue
            for idx in rel.indexes:
                if idx.name == rv.relname:
                    return rel, idx
    return None


# ------------------------------------------------------------------ schemas
def create_schema(session, s: A.CreateSchemaStmt, text: str) -> Result:
    session.before_ddl()
    cat = session.db.cat
    name = s.schemaname or (s.authrole.rolename if s.authrole else None)
    if name is None:
        raise PgError(SYNTAX_ERROR, "CREATE SCHEMA needs a schema name")
    if cat.namespace_oid(name) is not None:
        if s.if_not_exists:
            notice(session, f'schema "{name}" already exists, skipping', DUPLICATE_SCHEMA)
            return Result("CREATE SCHEMA")
        raise PgError(DUPLICATE_SCHEMA, f'schema "{name}" already exists')
    if name.startswith("pg_"):
        raise PgError("42939", f'unacceptable schema name "{name}"',
                      detail='The prefix "pg_" is reserved for system schemas.')
    oid = cat.new_oid()
    cat.namespaces[oid] = Namespace(oid, name)
    cat.changed()
    for elt in s.schema_elts:
        if isinstance(elt, A.ViewStmt) and elt.view.schemaname is None:
            # transformCreateSchemaStmt names the schema in each element
            from dataclasses import replace
            elt = replace(elt, view=replace(elt.view, schemaname=name))
        # elements are created in the new schema
        saved = session.settings.values["search_path"]
        session.settings.values["search_path"] = name
        try:
            HANDLERS[type(elt)](session, elt, text)
        finally:
            session.settings.values["search_path"] = saved
    return Result("CREATE SCHEMA")


# ------------------------------------------------------------------ indexes
def create_index(session, s: A.IndexStmt, text: str) -> Result:
    session.before_ddl()
    cat = session.db.cat
    rel = lookup_rel(session, s.relation)
    if rel.kind != "r":
        raise PgError(WRONG_OBJECT_TYPE, f'cannot create index on relation "{rel.name}"' if rel.kind != "v"
                      else f'cannot create index on relation "{rel.name}"', detail="This operation is not supported for views.")
    if s.access_method not in ("btree", "hash"):
        raise PgError(FEATURE_NOT_SUPPORTED if s.access_method in ("gist", "gin", "brin", "spgist")
                      else UNDEFINED_OBJECT,
                      f'access method "{s.access_method}" is not supported yet'
                      if s.access_method in ("gist", "gin", "brin", "spgist")
                      else f'access method "{s.access_method}" does not exist')
    hash_options = None
    if s.access_method == "hash":
        # DefineIndex's access-method capability checks (access/hash/support.py)
        from pgref.access.hash.support import check_hash_index_stmt
        hash_options = check_hash_index_stmt(s)
    elif s.options:
        # WITH (...) of a btree index: btoptions (engine/reindex.py, engine/reloptions.py)
        from pgref.engine.reindex import index_reloptions
        hash_options = index_reloptions(tuple(s.options), "btree")
    if s.index_including_params:
        raise PgError(FEATURE_NOT_SUPPORTED, "INCLUDE columns are not supported yet")
    attnums, desc, nfirst, names = [], [], [], []
    for el in s.index_params:
        if el.name is None:
            raise PgError(FEATURE_NOT_SUPPORTED, "indexes on expressions are not supported yet")
        c = rel.column(el.name)
        if c is None:
            raise PgError(UNDEFINED_COLUMN, f'column "{el.name}" does not exist')
        if s.access_method == "hash":
            from pgref.access.hash.support import default_hash_opclass, hash_support_proc, named_hash_opclass
            oc = named_hash_opclass(cat, el.opclass, c.typ) if el.opclass else default_hash_opclass(cat, c.typ)
            hash_support_proc(cat, c.typ, oc)
        else:
            if el.opclass:
                _check_btree_opclass(cat, el.opclass, c.typ)
            TableBuilder(session, rel)._check_btree_type(c)
        attnums.append(c.attnum)
        d = el.ordering == "desc"
        desc.append(d)
        nfirst.append(d if el.nulls_ordering == "default" else el.nulls_ordering == "first")
        names.append(c.name)
    if s.idxname is None:
        name = choose_name(session, rel.namespace, rel.name, "_".join(names), "key" if s.unique else "idx", set())
    else:
        name = s.idxname
        if cat.relation_in(rel.namespace, name) is not None or _lookup_index(
                session, A.RangeVar(schemaname=cat.namespace_name(rel.namespace), relname=name)) is not None:
            if s.if_not_exists:
                notice(session, f'relation "{name}" already exists, skipping', DUPLICATE_TABLE)
                return Result("CREATE INDEX")
            raise PgError(DUPLICATE_TABLE, f'relation "{name}" already exists')
    if s.unique and rel.partkey is not None:
        from pgref.engine.partition import check_unique_covers_key
        check_unique_covers_key(rel, "u", attnums)
    idx = Index(cat.new_oid(), name, rel.oid, attnums, unique=s.unique, descending=desc, nulls_first=nfirst,
                nulls_not_distinct=s.nulls_not_distinct)
    if s.access_method == "hash":
        idx.am, idx.reloptions = "hash", hash_options
    else:
        idx.reloptions = hash_options
    if s.where_clause is not None:
        # a partial index (spec/07-executor.md, "Partial indexes"): the parse
        # tree is kept (it persists and prints back), analyzed once here
        from pgref.analyzer.indexpred import check_index_predicate, index_predicate
        idx.predicate = s.where_clause
        check_index_predicate(cat, index_predicate(cat, rel, idx, session.expr_analyzer()))
    idx.relfilenode = idx.oid
    _new_storage(session, idx.relfilenode)
    rel.indexes.append(idx)
    cat.changed()
    fill_index(session, rel, idx)
    if rel.partkey is not None and s.relation.inh:
        # a partitioned table's index is made on each partition (engine/partition.py)
        from pgref.engine.partition import index_on_partitions
        index_on_partitions(session, rel, idx)
    return Result("CREATE INDEX")


def _check_btree_opclass(cat, names, typ: int) -> None:
    """ResolveOpClass for btree: a named class must exist and accept the
    column's type.  pgref orders btree keys by each type's default class, so
    only that class (under any of its names) is accepted."""
    from pgref.access.hash.support import _candidate_types
    from pgref.catalog import builtin
    name = names[-1]
    rows = [r for r in builtin.rows("pg_opclass") if r["opcmethod"] == "403" and r["opcname"] == name]
    if not rows:
        raise PgError(UNDEFINED_OBJECT, f'operator class "{name}" does not exist for access method "btree"')
    ok = _candidate_types(cat, typ)
    row = next((r for r in rows if int(r["opcintype"]) in ok), None)
    if row is None:
        raise PgError("42804", f'operator class "{name}" does not accept data type {cat.format_type(typ)}')
    if row["opcdefault"] != "t":
        raise PgError(FEATURE_NOT_SUPPORTED, f'operator class "{name}" is not supported yet; '
                                             "btree indexes use the default operator class of their type")


# ------------------------------------------------------------------ TRUNCATE
def truncate(session, s: A.TruncateStmt, text: str) -> Result:
    session.before_ddl()
    cat = session.db.cat
    rels = []
    for rv in s.relations:
        rel = lookup_rel(session, rv)
        if rel.kind != "r":
            raise PgError(WRONG_OBJECT_TYPE, f'"{rel.name}" is not a table')
        if rel.partkey is not None and not rv.inh:
            raise PgError(WRONG_OBJECT_TYPE, "cannot truncate only a partitioned table",
                          hint="Do not specify the ONLY keyword, or use TRUNCATE ONLY on the partitions directly.")
        # TRUNCATE t covers t's inheritance children; TRUNCATE ONLY t does not
        members = [rel]
        if rv.inh:
            from pgref.catalog.inheritance import find_all_inheritors
            members = [cat.relations[o] for o in find_all_inheritors(cat, rel.oid)]
        for m in members:
            if all(r.oid != m.oid for r in rels):
                rels.append(m)
    ids = {r.oid for r in rels}
    for other in list(cat.relations.values()):
        for con in other.constraints:
            if con.kind == "f" and con.ref_relid in ids and other.oid not in ids:
                if s.behavior == "cascade":
                    notice(session, f'truncate cascades to table "{other.name}"')
                    rels.append(other)
                    ids.add(other.oid)
                else:
                    ref = cat.relation(con.ref_relid)
                    raise PgError("0A000", "cannot truncate a table referenced in a foreign key constraint",
                                  detail=f'Table "{other.name}" references "{ref.name}".',
                                  hint=f'Truncate table "{other.name}" at the same time, or use TRUNCATE ... CASCADE.')
    for rel in rels:
        # a new, empty relation file; the old one is deleted at commit
        session.note_dropped_file(rel.relfilenode)
        rel.relfilenode = cat.new_oid()
        _new_storage(session, rel.relfilenode)
        for idx in rel.indexes:
            session.note_dropped_file(idx.relfilenode)
            idx.relfilenode = cat.new_oid()
            _new_storage(session, idx.relfilenode)
        if s.restart_seqs:
            for other in cat.relations.values():
                if other.kind == "S" and other.sequence.owned_by and other.sequence.owned_by[0] == rel.oid:
                    session.db.seq_state[other.oid] = [other.sequence.start, False]
                    session.db.seq_logged.pop(other.oid, None)
    cat.changed()
    return Result("TRUNCATE TABLE")


# ------------------------------------------------------------------ COMMENT
def comment(session, s: A.CommentStmt, text: str) -> Result:
    session.before_ddl()
    if s.objtype not in ("table", "view", "sequence", "column"):
        raise PgError(FEATURE_NOT_SUPPORTED, f"COMMENT ON {s.objtype.upper()} is not supported yet")
    names = list(s.object)
    if s.objtype == "column":
        rv = A.RangeVar(schemaname=names[-3] if len(names) > 2 else None, relname=names[-2])
        rel = lookup_rel(session, rv)
        col = rel.column(names[-1])
        if col is None:
            raise PgError(UNDEFINED_COLUMN, f'column "{names[-1]}" of relation "{rel.name}" does not exist')
        col.comment = s.comment  # type: ignore[attr-defined]
    else:
        rv = A.RangeVar(schemaname=names[-2] if len(names) > 1 else None, relname=names[-1])
        rel = lookup_rel(session, rv)
        rel.comment = s.comment
    session.db.cat.changed()
    return Result("COMMENT")


def _alter_table(session, s, text):
    from pgref.engine.alter import alter_table
    return alter_table(session, s, text)


def _rename(session, s, text):
    from pgref.engine.alter import rename
    res = rename(session, s, text)
    _refresh_view_sources(session)
    return res


def _alter_schema(session, s, text):
    from pgref.engine.alter import alter_object_schema
    res = alter_object_schema(session, s, text)
    _refresh_view_sources(session)
    return res


def _refresh_view_sources(session) -> None:
    """A view holds its analyzed query (objects by OID, so renames do not
    break it, engine/viewcmds.py) but persists as SQL text's parse tree,
    which is analyzed again when the data directory is opened.  After a
    rename that tree is rebuilt from the view's printed definition
    (pg_get_viewdef, current names), so the view still resolves after a
    restart.  A definition pgref cannot print or parse back keeps its old
    tree, which is only read at the next start."""
    from pgref.catalog.querydeparse import view_definition
    from pgref.sql.parser import parse
    for rel in list(session.db.cat.relations.values()):
        if rel.kind != "v" or getattr(rel, "view_tree", None) is None:
            continue
        try:
            raws = parse(view_definition(session, rel.oid, False))
        except PgError:
            continue
        if len(raws) == 1 and isinstance(raws[0].stmt, A.SelectStmt):
            rel.view_query = raws[0].stmt


HANDLERS = {
    A.CreateStmt: create_table,
    A.CreateTableAsStmt: create_table_as,
    A.DropStmt: drop,
    A.CreateSchemaStmt: create_schema,
    A.ViewStmt: create_view,
    A.CreateSeqStmt: create_sequence,
    A.AlterSeqStmt: alter_sequence,
    A.IndexStmt: create_index,
    A.TruncateStmt: truncate,
    A.CommentStmt: comment,
    A.AlterTableStmt: _alter_table,
    A.RenameStmt: _rename,
    A.AlterObjectSchemaStmt: _alter_schema,
}


# user-defined types (CREATE TYPE / DOMAIN, ALTER / DROP TYPE ...): engine/typecmds.py
from pgref.engine import typecmds as _typecmds  # noqa: E402  (needs HANDLERS above)
_typecmds.install(HANDLERS)

# GRANT / REVOKE and ALTER SCHEMA ... OWNER TO: engine/grant.py
from pgref.engine import grant as _grant  # noqa: E402  (needs HANDLERS above)
_grant.install(HANDLERS)

# CREATE OPERATOR CLASS: engine/opclasscmds.py
from pgref.engine import opclasscmds as _opclasscmds  # noqa: E402
_opclasscmds.install(HANDLERS)

# user-defined functions and procedures (CREATE FUNCTION, CALL, DROP FUNCTION ...): engine/functions.py
from pgref.engine import functions as _functions  # noqa: E402  (needs HANDLERS above)
_functions.install(HANDLERS)
from pgref.engine import aggregatecmds as _aggregatecmds  # noqa: E402  (CREATE AGGREGATE; after functions)
_aggregatecmds.install(HANDLERS)

# CREATE / DROP / ALTER TRIGGER, ENABLE / DISABLE TRIGGER, TRUNCATE triggers: engine/triggercmds.py
from pgref.engine import triggercmds as _triggercmds  # noqa: E402  (needs HANDLERS above)
_triggercmds.install(HANDLERS)

# CREATE / DROP / ALTER OPERATOR, COMMENT ON OPERATOR: engine/operatorcmds.py
from pgref.engine import operatorcmds as _operatorcmds  # noqa: E402  (needs HANDLERS above)
_operatorcmds.install(HANDLERS)

# CREATE / DROP / ALTER RULE: engine/rulecmds.py (spec/17-rewrite.md)
from pgref.engine import rulecmds as _rulecmds  # noqa: E402  (needs HANDLERS above)
_rulecmds.install(HANDLERS)
