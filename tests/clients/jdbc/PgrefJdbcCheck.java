/*
 * A small JDBC program that tests/clients/test_jdbc.py compiles and runs
 * against `pgref serve` and against the PostgreSQL oracle: both runs must
 * print the same lines.  It uses the PostgreSQL JDBC driver the way an
 * application does: prepared statements with parameters (the driver's
 * extended protocol, server-side prepare after a few executions), a batch
 * insert, a ResultSet of several types, and DatabaseMetaData (getTables,
 * getColumns, getPrimaryKeys, getImportedKeys, getIndexInfo,
 * getDatabaseProductVersion), which the driver answers with pg_catalog queries.
 *
 * Usage: java -cp postgresql.jar:. PgrefJdbcCheck jdbc:postgresql://host:port/db [SECTION-TO-SKIP...]
 */
import java.math.BigDecimal;
import java.sql.*;
import java.util.ArrayList;
import java.util.List;

public class PgrefJdbcCheck {
    static void out(String s) { System.out.println(s); }

    static String row(ResultSet rs, String... cols) throws SQLException {
        List<String> parts = new ArrayList<>();
        for (String c : cols) {
            Object v = rs.getObject(c);
            parts.add(c + "=" + (v == null ? "NULL" : v.toString()));
        }
        return String.join(" ", parts);
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        // sections to leave out: pgref features still missing (named by the test)
        List<String> skip = new ArrayList<>();
        for (int i = 1; i < args.length; i++) skip.add(args[i]);
        try (Connection conn = DriverManager.getConnection(url + "?prepareThreshold=2", "postgres", "")) {
            DatabaseMetaData md = conn.getMetaData();
            out("product: " + md.getDatabaseProductName() + " " + md.getDatabaseProductVersion());
            out("major: " + md.getDatabaseMajorVersion());
            out("autocommit: " + conn.getAutoCommit());
            try (Statement st = conn.createStatement()) {
                st.execute("drop table if exists jemp");
                st.execute("drop table if exists jdept");
                st.execute("create table jdept (id serial primary key, name varchar(40) not null unique)");
                st.execute("create table jemp (id bigint primary key, dept_id int references jdept(id), "
                        + "name text not null, salary numeric(10,2) default 0, hired date, "
                        + "active boolean default true, rating double precision, at timestamp, note text)");
                st.execute("create index jemp_name_idx on jemp (name)");
            }
            // prepared statement with parameters, executed more times than prepareThreshold
            try (PreparedStatement ps = conn.prepareStatement("insert into jdept (name) values (?) returning id")) {
                for (String n : new String[] {"eng", "ops", "sales", "hr"}) {
                    ps.setString(1, n);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        out("dept " + n + " -> " + rs.getInt(1));
                    }
                }
            }
            // a batch insert inside a transaction
            conn.setAutoCommit(false);
            try (PreparedStatement ps = conn.prepareStatement(
                    "insert into jemp (id, dept_id, name, salary, hired, active, rating, at, note) "
                    + "values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 1; i <= 6; i++) {
                    ps.setLong(1, 1000L + i);
                    ps.setInt(2, 1 + i % 3);
                    ps.setString(3, "emp" + i);
                    ps.setBigDecimal(4, new BigDecimal(i * 1000 + ".50"));
                    ps.setDate(5, Date.valueOf("2020-01-0" + i));
                    ps.setBoolean(6, i % 2 == 0);
                    ps.setDouble(7, i / 4.0);
                    ps.setTimestamp(8, Timestamp.valueOf("2021-03-04 05:06:0" + i + ".25"));
                    if (i == 3) ps.setNull(9, Types.VARCHAR); else ps.setString(9, "n'" + i);
                    ps.addBatch();
                }
                int[] counts = ps.executeBatch();
                StringBuilder sb = new StringBuilder("batch:");
                for (int c : counts) sb.append(" ").append(c);
                out(sb.toString());
            }
            conn.commit();
            // a rolled-back change
            try (Statement st = conn.createStatement()) {
                st.executeUpdate("delete from jemp");
            }
            conn.rollback();
            conn.setAutoCommit(true);
            // a ResultSet of several types
            try (PreparedStatement ps = conn.prepareStatement(
                    "select e.id, e.name, d.name as dept, e.salary, e.hired, e.active, e.rating, e.at, e.note "
                    + "from jemp e join jdept d on d.id = e.dept_id where e.salary > ? order by e.id")) {
                for (int round = 0; round < 3; round++) {      // the third run uses a server-side statement
                    ps.setBigDecimal(1, new BigDecimal(round * 1500));
                    int n = 0;
                    try (ResultSet rs = ps.executeQuery()) {
                        ResultSetMetaData rmd = rs.getMetaData();
                        if (round == 0) {
                            for (int i = 1; i <= rmd.getColumnCount(); i++) {
                                out("column " + rmd.getColumnName(i) + " " + rmd.getColumnTypeName(i)
                                        + " " + rmd.getColumnType(i));
                            }
                        }
                        while (rs.next()) {
                            n++;
                            if (round == 2) {
                                out(row(rs, "id", "name", "dept", "salary", "hired", "active", "rating", "at", "note"));
                                out("  getters: " + rs.getLong(1) + " " + rs.getString(2) + " " + rs.getBigDecimal(4)
                                        + " " + rs.getDate(5) + " " + rs.getBoolean(6) + " " + rs.getDouble(7)
                                        + " " + rs.getTimestamp(8));
                            }
                        }
                    }
                    out("round " + round + ": " + n + " rows");
                }
            }
            // errors come back as SQLException with the SQLSTATE
            try (Statement st = conn.createStatement()) {
                st.executeUpdate("insert into jemp (id, name, dept_id) values (1001, 'dup', 1)");
            } catch (SQLException e) {
                out("error: " + e.getSQLState() + " " + e.getMessage().split("\n")[0]);
            }
            try (Statement st = conn.createStatement()) {
                st.executeUpdate("insert into jemp (id, name, dept_id) values (2001, 'x', 99)");
            } catch (SQLException e) {
                out("error: " + e.getSQLState() + " " + e.getMessage().split("\n")[0]);
            }
            // DatabaseMetaData
            if (!skip.contains("getTables")) try (ResultSet rs = md.getTables(null, "public", "j%", new String[] {"TABLE"})) {
                while (rs.next()) out("table: " + row(rs, "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE"));
            }
            if (!skip.contains("getColumns")) try (ResultSet rs = md.getColumns(null, "public", "jemp", "%")) {
                while (rs.next()) {
                    out("col: " + row(rs, "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE", "DECIMAL_DIGITS",
                            "NULLABLE", "COLUMN_DEF", "ORDINAL_POSITION", "IS_NULLABLE", "IS_AUTOINCREMENT"));
                }
            }
            if (!skip.contains("getColumns")) try (ResultSet rs = md.getColumns(null, "public", "jdept", "id")) {
                while (rs.next()) out("col: " + row(rs, "TABLE_NAME", "COLUMN_NAME", "TYPE_NAME", "COLUMN_DEF",
                        "IS_AUTOINCREMENT"));
            }
            if (!skip.contains("getPrimaryKeys")) try (ResultSet rs = md.getPrimaryKeys(null, "public", "jemp")) {
                while (rs.next()) out("pk: " + row(rs, "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME"));
            }
            if (!skip.contains("getImportedKeys")) try (ResultSet rs = md.getImportedKeys(null, "public", "jemp")) {
                while (rs.next()) {
                    out("fk: " + row(rs, "PKTABLE_NAME", "PKCOLUMN_NAME", "FKTABLE_NAME", "FKCOLUMN_NAME",
                            "KEY_SEQ", "UPDATE_RULE", "DELETE_RULE", "FK_NAME", "PK_NAME"));
                }
            }
            if (!skip.contains("getIndexInfo")) try (ResultSet rs = md.getIndexInfo(null, "public", "jemp", false, false)) {
                while (rs.next()) {
                    out("index: " + row(rs, "TABLE_NAME", "NON_UNIQUE", "INDEX_NAME", "TYPE", "ORDINAL_POSITION",
                            "COLUMN_NAME", "ASC_OR_DESC"));
                }
            }
            try (Statement st = conn.createStatement()) {
                st.execute("drop table jemp");
                st.execute("drop table jdept");
            }
            out("done");
        }
    }
}
