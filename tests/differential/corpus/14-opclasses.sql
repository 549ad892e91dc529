-- CREATE OPERATOR CLASS (engine/opclasscmds.py): the catalog rows of a
-- user hash operator class (as test_setup creates them) and its errors.

-- case: hash_opclass_rows
CREATE FUNCTION hashnoop(value int4, seed int8) RETURNS int8 AS $$ SELECT value + seed $$ LANGUAGE sql STRICT IMMUTABLE;
CREATE OPERATOR CLASS test_int4_ops FOR TYPE int4 USING hash AS OPERATOR 1 =, FUNCTION 2 hashnoop(int4, int8);
SELECT c.opcname, c.opcmethod, c.opcdefault, f.opfname, o.amopstrategy, o.amopopr::regoperator::text AS opr,
       p.amprocnum, p.amproc::regproc::text AS proc
  FROM pg_opclass c JOIN pg_opfamily f ON f.oid = c.opcfamily
  JOIN pg_amop o ON o.amopfamily = f.oid JOIN pg_amproc p ON p.amprocfamily = f.oid
 WHERE c.opcname = 'test_int4_ops';

-- case: opclass_unknown_access_method
-- expect: error 42704
CREATE OPERATOR CLASS c FOR TYPE int4 USING nosuch AS OPERATOR 1 =;

-- case: opclass_bad_strategy
-- expect: error 42P17
CREATE OPERATOR CLASS c FOR TYPE int4 USING hash AS OPERATOR 2 =;

-- case: opclass_second_default
-- expect: error 42710
CREATE OPERATOR CLASS c DEFAULT FOR TYPE int4 USING hash AS OPERATOR 1 =;
