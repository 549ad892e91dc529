-- Declarative partitioning (engine/partition.py, catalog/partbounds.py,
-- executor/route.py, planner/prune.py; spec/09-engine.md, "Declarative
-- partitioning"): bounds, routing, partition constraints, catalogs.

-- case: part_range_routing
CREATE TABLE r (a int, b text) PARTITION BY RANGE (a);
CREATE TABLE r1 PARTITION OF r FOR VALUES FROM (MINVALUE) TO (10);
CREATE TABLE r2 PARTITION OF r FOR VALUES FROM (10) TO (20);
INSERT INTO r VALUES (1, 'a'), (15, 'b'), (9, 'c'), (10, 'd');
SELECT tableoid::regclass::text, a, b FROM r ORDER BY a;

-- case: part_range_no_partition
-- expect: error 23514
CREATE TABLE r (a int, b text) PARTITION BY RANGE (a);
CREATE TABLE r1 PARTITION OF r FOR VALUES FROM (1) TO (10);
INSERT INTO r VALUES (25, 'x');

-- case: part_range_null_key
-- expect: error 23514
CREATE TABLE r (a int, b text) PARTITION BY RANGE (a);
CREATE TABLE r1 PARTITION OF r FOR VALUES FROM (MINVALUE) TO (MAXVALUE);
INSERT INTO r VALUES (NULL, 'x');

-- case: part_direct_insert_violates
-- expect: error 23514
CREATE TABLE r (a int, b text) PARTITION BY RANGE (a);
CREATE TABLE r1 PARTITION OF r FOR VALUES FROM (1) TO (10);
INSERT INTO r1 VALUES (15, 'x');

-- case: part_range_overlap
-- expect: error 42P17
CREATE TABLE r (a int) PARTITION BY RANGE (a);
CREATE TABLE r1 PARTITION OF r FOR VALUES FROM (1) TO (10);
CREATE TABLE r2 PARTITION OF r FOR VALUES FROM (5) TO (15);

-- case: part_range_empty
-- expect: error 42P17
CREATE TABLE r (a int) PARTITION BY RANGE (a);
CREATE TABLE r2 PARTITION OF r FOR VALUES FROM (25) TO (15);

-- case: part_list_default_routing
CREATE TABLE l (a text, b int) PARTITION BY LIST (a);
CREATE TABLE l1 PARTITION OF l FOR VALUES IN ('a', 'b');
CREATE TABLE l2 PARTITION OF l FOR VALUES IN (NULL);
CREATE TABLE ld PARTITION OF l DEFAULT;
INSERT INTO l VALUES ('a', 1), ('z', 2), (NULL, 3), ('b', 4);
SELECT tableoid::regclass::text, a, b FROM l ORDER BY b;

-- case: part_list_overlap
-- expect: error 42P17
CREATE TABLE l (a int) PARTITION BY LIST (a);
CREATE TABLE l1 PARTITION OF l FOR VALUES IN (1, 2);
CREATE TABLE l2 PARTITION OF l FOR VALUES IN (3, 2);

-- case: part_default_conflict
-- expect: error 42P17
CREATE TABLE l (a int) PARTITION BY LIST (a);
CREATE TABLE l1 PARTITION OF l DEFAULT;
CREATE TABLE l2 PARTITION OF l DEFAULT;

-- case: part_default_has_rows
-- expect: error 23514
CREATE TABLE l (a int) PARTITION BY LIST (a);
CREATE TABLE ld PARTITION OF l DEFAULT;
INSERT INTO l VALUES (7);
CREATE TABLE l7 PARTITION OF l FOR VALUES IN (7);

-- case: part_hash_routing
CREATE TABLE h (a int, b text) PARTITION BY HASH (a);
CREATE TABLE h0 PARTITION OF h FOR VALUES WITH (MODULUS 3, REMAINDER 0);
CREATE TABLE h1 PARTITION OF h FOR VALUES WITH (MODULUS 3, REMAINDER 1);
CREATE TABLE h2 PARTITION OF h FOR VALUES WITH (MODULUS 3, REMAINDER 2);
INSERT INTO h SELECT g, 'v' || g FROM generate_series(1, 12) g;
SELECT tableoid::regclass::text, a FROM h ORDER BY a;

-- case: part_hash_text_bigint_routing
CREATE TABLE h (a bigint, b text) PARTITION BY HASH (b, a);
CREATE TABLE h0 PARTITION OF h FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE h1 PARTITION OF h FOR VALUES WITH (MODULUS 2, REMAINDER 1);
INSERT INTO h VALUES (1, 'x'), (-5, 'hello'), (70000000000, 'a longer piece of text'), (3, NULL);
SELECT tableoid::regclass::text, a, b FROM h ORDER BY a;

-- case: part_hash_modulus_factor
-- expect: error 42P17
CREATE TABLE h (a int) PARTITION BY HASH (a);
CREATE TABLE h0 PARTITION OF h FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE h1 PARTITION OF h FOR VALUES WITH (MODULUS 3, REMAINDER 1);

-- case: part_hash_no_default
-- expect: error 42P16
CREATE TABLE h (a int) PARTITION BY HASH (a);
CREATE TABLE hd PARTITION OF h DEFAULT;

-- case: part_wrong_bound_kind
-- expect: error 42P16
CREATE TABLE l (a int) PARTITION BY LIST (a);
CREATE TABLE l1 PARTITION OF l FOR VALUES FROM (1) TO (2);

-- case: part_not_partitioned
-- expect: error 42P17
CREATE TABLE t (a int);
CREATE TABLE t1 PARTITION OF t FOR VALUES IN (1);

-- case: part_list_two_columns
-- expect: error 42P17
CREATE TABLE l (a int, b int) PARTITION BY LIST (a, b);

-- case: part_key_missing_column
-- expect: error 42703
CREATE TABLE r (a int) PARTITION BY RANGE (z);

-- case: part_pk_without_key
-- expect: error 0A000
CREATE TABLE r (a int PRIMARY KEY, b int) PARTITION BY RANGE (b);

-- case: part_inherit_from_partitioned
-- expect: error 42809
CREATE TABLE l (a int) PARTITION BY LIST (a);
CREATE TABLE c (b int) INHERITS (l);

-- case: part_catalog_bounds
CREATE TABLE m (a int, b bigint, c numeric) PARTITION BY RANGE (a, b, c);
CREATE TABLE m1 PARTITION OF m FOR VALUES FROM (-1, 2, 3) TO (5, MAXVALUE, MAXVALUE);
CREATE TABLE l (a text) PARTITION BY LIST (a);
CREATE TABLE l1 PARTITION OF l FOR VALUES IN ('a', NULL);
CREATE TABLE l2 PARTITION OF l DEFAULT;
CREATE TABLE e (a int) PARTITION BY RANGE ((a + 1), a);
SELECT relname, relkind, relispartition, pg_get_expr(relpartbound, oid), pg_get_partkeydef(oid),
       pg_get_partition_constraintdef(oid)
FROM pg_class WHERE relname IN ('m', 'm1', 'l', 'l1', 'l2', 'e') ORDER BY relname;

-- case: part_pg_partitioned_table
CREATE TABLE m (a int, b bigint, c text) PARTITION BY RANGE (a, b, c);
CREATE TABLE l (a text) PARTITION BY LIST (a);
CREATE TABLE ld PARTITION OF l DEFAULT;
SELECT c.relname, p.partstrat, p.partnatts, p.partdefid::regclass::text, p.partattrs::text, p.partclass::text,
       p.partcollation::text
FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid ORDER BY 1;

-- case: part_update_moves_row
CREATE TABLE r (a int, b text) PARTITION BY RANGE (a);
CREATE TABLE r1 PARTITION OF r FOR VALUES FROM (1) TO (10);
CREATE TABLE r2 PARTITION OF r FOR VALUES FROM (10) TO (20);
INSERT INTO r VALUES (1, 'a'), (2, 'b'), (15, 'c');
UPDATE r SET a = a + 10 WHERE a < 3;
SELECT tableoid::regclass::text, a, b FROM r ORDER BY a;

-- case: part_update_partition_directly
-- expect: error 23514
CREATE TABLE r (a int, b text) PARTITION BY RANGE (a);
CREATE TABLE r1 PARTITION OF r FOR VALUES FROM (1) TO (10);
CREATE TABLE r2 PARTITION OF r FOR VALUES FROM (10) TO (20);
INSERT INTO r VALUES (1, 'a');
UPDATE r1 SET a = 12;

-- case: part_subpartitions
CREATE TABLE r (a int, b text) PARTITION BY RANGE (a);
CREATE TABLE r1 PARTITION OF r FOR VALUES FROM (1) TO (10) PARTITION BY LIST (b);
CREATE TABLE r1x PARTITION OF r1 FOR VALUES IN ('x');
CREATE TABLE r1d PARTITION OF r1 DEFAULT;
INSERT INTO r VALUES (1, 'x'), (2, 'y'), (3, NULL);
SELECT tableoid::regclass::text, a, b FROM r ORDER BY a;
SELECT relname, pg_get_partition_constraintdef(oid) FROM pg_class WHERE relname LIKE 'r1%' ORDER BY 1;

-- case: part_subpartition_no_partition
-- expect: error 23514
CREATE TABLE r (a int, b text) PARTITION BY RANGE (a);
CREATE TABLE r1 PARTITION OF r FOR VALUES FROM (1) TO (10) PARTITION BY LIST (b);
CREATE TABLE r1x PARTITION OF r1 FOR VALUES IN ('x');
INSERT INTO r VALUES (1, 'q');

-- case: part_attach_detach
CREATE TABLE r (a int, b text) PARTITION BY RANGE (a);
CREATE TABLE r1 PARTITION OF r FOR VALUES FROM (1) TO (10);
CREATE TABLE q (a int, b text);
INSERT INTO q VALUES (12, 'q');
ALTER TABLE r ATTACH PARTITION q FOR VALUES FROM (10) TO (20);
INSERT INTO r VALUES (3, 'x'), (14, 'y');
ALTER TABLE r DETACH PARTITION r1;
SELECT tableoid::regclass::text, a, b FROM r ORDER BY a;

-- case: part_attach_violation
-- expect: error 23514
CREATE TABLE r (a int, b text) PARTITION BY RANGE (a);
CREATE TABLE q (a int, b text);
INSERT INTO q VALUES (30, 'q');
ALTER TABLE r ATTACH PARTITION q FOR VALUES FROM (10) TO (20);

-- case: part_drop_parent_drops_partitions
CREATE TABLE r (a int) PARTITION BY RANGE (a);
CREATE TABLE r1 PARTITION OF r FOR VALUES FROM (1) TO (10);
CREATE TABLE r2 PARTITION OF r FOR VALUES FROM (10) TO (20);
DROP TABLE r;
SELECT count(*) FROM pg_class WHERE relname IN ('r', 'r1', 'r2');

-- case: part_truncate_and_count
CREATE TABLE r (a int) PARTITION BY RANGE (a);
CREATE TABLE r1 PARTITION OF r FOR VALUES FROM (1) TO (10);
CREATE TABLE r2 PARTITION OF r FOR VALUES FROM (10) TO (20);
INSERT INTO r SELECT generate_series(1, 19);
TRUNCATE r1;
SELECT count(*), min(a) FROM r;

-- case: part_pruned_query_results
CREATE TABLE r (a int, b text) PARTITION BY RANGE (a);
CREATE TABLE r1 PARTITION OF r FOR VALUES FROM (1) TO (10);
CREATE TABLE r2 PARTITION OF r FOR VALUES FROM (10) TO (20);
CREATE TABLE r3 PARTITION OF r FOR VALUES FROM (20) TO (30);
INSERT INTO r SELECT g, 'v' || g FROM generate_series(1, 29) g;
SELECT tableoid::regclass::text, count(*) FROM r WHERE a >= 9 AND a < 21 GROUP BY 1 ORDER BY 1;

-- case: part_partition_of_column_options
CREATE TABLE r (a int, b text) PARTITION BY RANGE (a);
CREATE TABLE r1 PARTITION OF r (b DEFAULT 'dflt', CONSTRAINT r1_b CHECK (b <> 'bad')) FOR VALUES FROM (1) TO (10);
INSERT INTO r (a) VALUES (5);
SELECT a, b FROM r;

-- case: part_on_conflict_do_nothing
CREATE TABLE r (a int PRIMARY KEY, b text) PARTITION BY RANGE (a);
CREATE TABLE r1 PARTITION OF r FOR VALUES FROM (1) TO (10);
CREATE TABLE r2 PARTITION OF r FOR VALUES FROM (10) TO (20);
INSERT INTO r VALUES (1, 'a'), (11, 'b');
INSERT INTO r VALUES (1, 'x'), (12, 'y') ON CONFLICT DO NOTHING;
SELECT tableoid::regclass::text, a, b FROM r ORDER BY a;

-- case: part_unique_per_partition
-- expect: error 23505
CREATE TABLE r (a int PRIMARY KEY, b text) PARTITION BY RANGE (a);
CREATE TABLE r1 PARTITION OF r FOR VALUES FROM (1) TO (10);
INSERT INTO r VALUES (1, 'a');
INSERT INTO r VALUES (1, 'b');

-- case: part_partition_ancestors
CREATE TABLE r (a int, b text) PARTITION BY RANGE (a);
CREATE TABLE r1 PARTITION OF r FOR VALUES FROM (1) TO (10) PARTITION BY LIST (b);
CREATE TABLE r1x PARTITION OF r1 FOR VALUES IN ('x');
SELECT relid::text FROM pg_partition_ancestors('r1x');
SELECT relid::text, parentrelid::text, isleaf, level FROM pg_partition_tree('r');

-- case: part_add_column_to_partition
-- expect: error 42809
CREATE TABLE r (a int, b int) PARTITION BY RANGE (a);
CREATE TABLE r1 PARTITION OF r FOR VALUES FROM (1) TO (10);
ALTER TABLE r1 ADD COLUMN c int;

-- case: part_truncate_only_partitioned
-- expect: error 42809
CREATE TABLE r (a int, b int) PARTITION BY RANGE (a);
TRUNCATE ONLY r;

-- case: part_drop_key_column
-- expect: error 42P16
CREATE TABLE r (a int, b int) PARTITION BY RANGE (a);
ALTER TABLE r DROP COLUMN a;

-- case: part_add_column_recurses
CREATE TABLE r (a int, b int) PARTITION BY RANGE (a);
CREATE TABLE r1 PARTITION OF r FOR VALUES FROM (1) TO (10);
ALTER TABLE r ADD COLUMN c text DEFAULT 'x';
INSERT INTO r (a, b) VALUES (3, 4);
SELECT tableoid::regclass::text, * FROM r;

-- case: part_index_cascades
CREATE TABLE r (a int, b text) PARTITION BY RANGE (a);
CREATE TABLE r1 PARTITION OF r FOR VALUES FROM (1) TO (10);
CREATE INDEX ON r (b);
CREATE TABLE r2 PARTITION OF r FOR VALUES FROM (10) TO (20);
SELECT c.relname, i.relname, i.relkind FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid
JOIN pg_class i ON i.oid = x.indexrelid WHERE c.relname LIKE 'r%' ORDER BY 1;

-- case: part_constraint_conislocal
CREATE TABLE p (a text, b int, CONSTRAINT check_a CHECK (length(a) > 0)) PARTITION BY LIST (a);
CREATE TABLE p_b PARTITION OF p (CONSTRAINT check_a CHECK (length(a) > 0), CONSTRAINT check_b CHECK (b >= 0))
  FOR VALUES IN ('b');
ALTER TABLE p ADD CONSTRAINT check_b CHECK (b >= 0);
SELECT conname, conislocal, coninhcount FROM pg_constraint WHERE conrelid = 'p_b'::regclass ORDER BY 1;

-- case: part_range_expression_key
CREATE TABLE e (a int, b text) PARTITION BY RANGE ((a + 1), substr(b, 1, 5));
CREATE TABLE e1 PARTITION OF e FOR VALUES FROM (-1, 'aaaaa') TO (100, 'ccccc');
INSERT INTO e VALUES (1, 'bbbbbb');
SELECT tableoid::regclass::text, a, b, pg_get_partition_constraintdef('e1'::regclass) FROM e;

-- case: part_expression_key_no_partition
-- expect: error 23514
CREATE TABLE e (a int, b text) PARTITION BY RANGE ((a + 1), substr(b, 1, 5));
INSERT INTO e VALUES (1, 'hello');

-- case: part_hash_user_opclass_routing
CREATE FUNCTION part_hashint4_noop(value int4, seed int8) RETURNS int8 AS $$ SELECT value + seed; $$
  LANGUAGE sql STRICT IMMUTABLE;
CREATE OPERATOR CLASS part_test_int4_ops FOR TYPE int4 USING hash AS
  OPERATOR 1 =, FUNCTION 2 part_hashint4_noop(int4, int8);
CREATE TABLE hp (a int, b text) PARTITION BY HASH (a part_test_int4_ops);
CREATE TABLE hp0 PARTITION OF hp FOR VALUES WITH (MODULUS 4, REMAINDER 0);
CREATE TABLE hp1 PARTITION OF hp FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE hp2 PARTITION OF hp FOR VALUES WITH (MODULUS 4, REMAINDER 2);
CREATE TABLE hp3 PARTITION OF hp FOR VALUES WITH (MODULUS 4, REMAINDER 3);
INSERT INTO hp SELECT g, 'x' FROM generate_series(1, 8) g;
INSERT INTO hp VALUES (NULL, 'null');
SELECT tableoid::regclass::text, a, b FROM hp ORDER BY a;
