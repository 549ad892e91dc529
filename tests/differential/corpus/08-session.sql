-- Session state and transactions: SET / SET LOCAL / SHOW / RESET of the
-- settings that change value I/O, BEGIN / COMMIT / ROLLBACK, the aborted
-- transaction state, SAVEPOINT / ROLLBACK TO / RELEASE, and the warnings-as-
-- no-ops PostgreSQL gives for COMMIT outside a transaction.

-- case: show_datestyle_default
SHOW DateStyle;

-- case: show_timezone_default
SHOW TimeZone;

-- case: show_standard_conforming_strings
SHOW standard_conforming_strings;

-- case: show_extra_float_digits
SHOW extra_float_digits;

-- case: show_server_version_num
SHOW server_version_num;

-- case: show_unknown_parameter
-- expect: error 42704
SHOW no_such_setting;

-- case: set_show_datestyle
SET datestyle = 'German, DMY';
SHOW datestyle;

-- case: set_datestyle_affects_output
SET datestyle = 'SQL, DMY';
SELECT date '2024-03-05', timestamp '2024-03-05 13:14:15';

-- case: set_datestyle_postgres
SET datestyle TO postgres, mdy;
SELECT date '2024-03-05', timestamp '2024-03-05 13:14:15.5';

-- case: set_timezone_affects_timestamptz
SET TIME ZONE 'America/New_York';
SELECT timestamptz '2024-07-01 12:00:00+00';

-- case: set_timezone_offset
SET timezone = '+02';
SHOW timezone;

-- case: set_extra_float_digits
SET extra_float_digits = 0;
SELECT 0.1::float8 + 0.2::float8, 1.0::float4 / 3;

-- case: set_intervalstyle
SET intervalstyle = 'iso_8601';
SELECT interval '1 year 2 months 3 days 04:05:06';

-- case: set_bytea_output_escape
SET bytea_output = 'escape';
SELECT 'abc\001'::bytea;

-- case: reset_setting
SET datestyle = 'German';
RESET datestyle;
SHOW datestyle;

-- case: reset_all
SET extra_float_digits = 2;
SET datestyle = 'SQL';
RESET ALL;
SELECT current_setting('extra_float_digits'), current_setting('datestyle');

-- case: set_to_default
SET extra_float_digits = 3;
SET extra_float_digits TO DEFAULT;
SHOW extra_float_digits;

-- case: set_invalid_value
-- expect: error 22023
SET extra_float_digits = 10;

-- case: set_invalid_datestyle
-- expect: error 22023
SET datestyle = 'nonsense';

-- case: set_unknown_parameter
-- expect: error 42704
SET no_such_setting = 1;

-- case: set_config_function
SELECT set_config('extra_float_digits', '2', false);
SHOW extra_float_digits;

-- case: set_local_outside_transaction_noop
SET LOCAL datestyle = 'German';
SHOW datestyle;

-- case: set_local_reverts_at_commit
BEGIN;
SET LOCAL extra_float_digits = 3;
SHOW extra_float_digits;
COMMIT;
SHOW extra_float_digits;

-- case: set_in_rolled_back_transaction_reverts
BEGIN;
SET extra_float_digits = 3;
ROLLBACK;
SHOW extra_float_digits;

-- case: set_in_committed_transaction_sticks
BEGIN;
SET extra_float_digits = 3;
COMMIT;
SHOW extra_float_digits;

-- case: transaction_commit
CREATE TABLE t (a int);
BEGIN;
INSERT INTO t VALUES (1);
INSERT INTO t VALUES (2);
COMMIT;
SELECT count(*) FROM t;

-- case: transaction_rollback
CREATE TABLE t (a int);
INSERT INTO t VALUES (0);
BEGIN;
INSERT INTO t VALUES (1);
DELETE FROM t WHERE a = 0;
ROLLBACK;
SELECT * FROM t;

-- case: transaction_rollback_ddl
BEGIN;
CREATE TABLE t (a int);
ROLLBACK;
SELECT count(*) FROM pg_class WHERE relname = 't';

-- case: transaction_start_transaction_syntax
CREATE TABLE t (a int);
START TRANSACTION;
INSERT INTO t VALUES (1);
END;
SELECT count(*) FROM t;

-- case: transaction_aborted_state
-- expect: error 25P02
-- setup-errors: allowed
CREATE TABLE t (a int);
BEGIN;
INSERT INTO t VALUES (1);
SELECT 1 / 0;
SELECT * FROM t;

-- case: transaction_commit_after_error_rolls_back
-- setup-errors: allowed
CREATE TABLE t (a int);
BEGIN;
INSERT INTO t VALUES (1);
SELECT 1 / 0;
COMMIT;
SELECT count(*) FROM t;

-- case: transaction_commit_without_begin
COMMIT;

-- case: transaction_rollback_without_begin
ROLLBACK;

-- case: transaction_begin_twice
BEGIN;
BEGIN;
COMMIT;

-- case: transaction_sees_own_writes
CREATE TABLE t (a int);
BEGIN;
INSERT INTO t VALUES (1), (2);
UPDATE t SET a = a * 10;
SELECT * FROM t;
COMMIT;

-- case: savepoint_rollback_to
CREATE TABLE t (a int);
BEGIN;
INSERT INTO t VALUES (1);
SAVEPOINT sp;
INSERT INTO t VALUES (2);
ROLLBACK TO SAVEPOINT sp;
INSERT INTO t VALUES (3);
COMMIT;
SELECT a FROM t ORDER BY a;

-- case: savepoint_recovers_from_error
-- setup-errors: allowed
CREATE TABLE t (a int);
BEGIN;
INSERT INTO t VALUES (1);
SAVEPOINT sp;
INSERT INTO t VALUES (1 / 0);
ROLLBACK TO sp;
INSERT INTO t VALUES (2);
COMMIT;
SELECT a FROM t ORDER BY a;

-- case: savepoint_release
CREATE TABLE t (a int);
BEGIN;
SAVEPOINT sp;
INSERT INTO t VALUES (1);
RELEASE SAVEPOINT sp;
COMMIT;
SELECT count(*) FROM t;

-- case: savepoint_nested
CREATE TABLE t (a int);
BEGIN;
INSERT INTO t VALUES (1);
SAVEPOINT a;
INSERT INTO t VALUES (2);
SAVEPOINT b;
INSERT INTO t VALUES (3);
ROLLBACK TO a;
INSERT INTO t VALUES (4);
COMMIT;
SELECT a FROM t ORDER BY a;

-- case: savepoint_same_name_twice
CREATE TABLE t (a int);
BEGIN;
SAVEPOINT s;
INSERT INTO t VALUES (1);
SAVEPOINT s;
INSERT INTO t VALUES (2);
ROLLBACK TO s;
COMMIT;
SELECT a FROM t;

-- case: savepoint_rollback_to_missing
-- expect: error 3B001
BEGIN;
ROLLBACK TO SAVEPOINT nosuch;

-- case: savepoint_outside_transaction
-- expect: error 25P01
SAVEPOINT sp;

-- case: savepoint_release_then_rollback_to_error
-- expect: error 3B001
BEGIN;
SAVEPOINT sp;
RELEASE sp;
ROLLBACK TO sp;

-- case: savepoint_rollback_whole_transaction
CREATE TABLE t (a int);
BEGIN;
INSERT INTO t VALUES (1);
SAVEPOINT sp;
INSERT INTO t VALUES (2);
ROLLBACK;
SELECT count(*) FROM t;

-- case: savepoint_rollback_to_keeps_savepoint
CREATE TABLE t (a int);
BEGIN;
SAVEPOINT sp;
INSERT INTO t VALUES (1);
ROLLBACK TO sp;
INSERT INTO t VALUES (2);
ROLLBACK TO sp;
INSERT INTO t VALUES (3);
COMMIT;
SELECT a FROM t;

-- case: transaction_sequence_not_rolled_back
CREATE SEQUENCE s;
BEGIN;
SELECT nextval('s');
ROLLBACK;
SELECT nextval('s');

-- case: transaction_isolation_show
BEGIN ISOLATION LEVEL REPEATABLE READ;
SHOW transaction_isolation;
COMMIT;

-- case: transaction_read_only_error
-- expect: error 25006
CREATE TABLE t (a int);
BEGIN READ ONLY;
INSERT INTO t VALUES (1);

-- case: set_transaction_after_query_error
-- expect: error 25001
BEGIN;
SELECT 1;
SET TRANSACTION ISOLATION LEVEL SERIALIZABLE;
