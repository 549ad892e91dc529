"""The ``pgref`` command (spec/09-engine.md, "Command line").

    pgref init  -D DIR          create a data directory: a cluster with the
                                databases postgres, template1 and template0
                                and the superuser postgres (initdb)
    pgref serve -D DIR [...]    serve DIR (until the wire-protocol issue
                                lands: an interactive SQL prompt on the
                                embedded engine, printing psql-style tables)
    pgref sql   -D DIR [-d DB] -c SQL   run SQL in database DB (postgres)
                                        and print the results
"""
from __future__ import annotations

import argparse
import sys

from pgref.errors import PgError


def format_table(columns, rows, text_of) -> str:
    """psql's aligned format: headers centred, numbers right-aligned."""
    names = [c.name for c in columns]
    cells = [[text_of(c.type_oid, v) for c, v in zip(columns, row)] for row in rows]
    widths = [max([len(n)] + [len(r[i]) for r in cells]) for i, n in enumerate(names)]
    numeric = {20, 21, 23, 26, 700, 701, 1700, 790}
    out = [" " + " | ".join(n.center(w) for n, w in zip(names, widths)).rstrip() if len(names) > 1
           else " " + names[0].center(widths[0]).rstrip() if names else ""]
    out.append("-" + "-+-".join("-" * w for w in widths) + "-")
    for r in cells:
        parts = [v.rjust(w) if c.type_oid in numeric else v.ljust(w) for v, w, c in zip(r, widths, columns)]
        out.append((" " + " | ".join(parts)).rstrip())
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def _run(conn, sql: str) -> int:
    from pgref.types.registry import type_output
    s = conn._session
    try:
        results = s.execute(sql)
    except PgError as e:
        print(f"ERROR:  {e.message}", file=sys.stderr)
        if e.detail:
            print(f"DETAIL:  {e.detail}", file=sys.stderr)
        if e.hint:
            print(f"HINT:  {e.hint}", file=sys.stderr)
        return 1
    finally:
        for n in s.notices:
            print(f"{n.severity}:  {n.message}", file=sys.stderr)
        s.notices.clear()
    for r in results:
        if r.columns is not None:
            ctx = s.exec_context() if s.xact is not None else None

            def text_of(oid, v):
                return "" if v is None else type_output(ctx, oid, v)
            print(format_table(r.columns, r.rows, text_of))
            print()
        else:
            print(r.tag)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``pgref`` command; errors such as a data directory
    in use are reported as one line, not a traceback."""
    return _main_with_errors(argv)


def _main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="pgref", description="PostgreSQL re-derived in Python")
    sub = ap.add_subparsers(dest="cmd", required=True)
    p_init = sub.add_parser("init", help="create a data directory")
    p_init.add_argument("-D", "--datadir", required=True)
    p_serve = sub.add_parser("serve", help="serve a data directory")
    p_serve.add_argument("-D", "--datadir", required=True)
    p_serve.add_argument("--host", default="127.0.0.1")
    p_serve.add_argument("--port", type=int, default=5433)
    p_serve.add_argument("--max-connections", type=int, default=None, dest="max_connections",
                         help="session slots (default 100, or max_connections in DIR/pgref.conf)")
    p_serve.add_argument("-c", action="append", dest="config", default=[], metavar="NAME=VALUE",
                         help="a server setting (max_connections, superuser_reserved_connections)")
    p_serve.add_argument("--shutdown-grace", type=float, default=5.0, dest="shutdown_grace",
                         help="SIGTERM: seconds to wait for clients to leave before ending their sessions")
    p_sql = sub.add_parser("sql", help="run SQL against a data directory")
    p_sql.add_argument("-D", "--datadir", required=True)
    p_sql.add_argument("-c", "--command", required=True)
    p_sql.add_argument("-d", "--dbname", default="postgres")
    args = ap.parse_args(argv)
    import pgref
    if args.cmd == "init":
        import os
        from pgref.engine.cluster import Cluster
        if os.path.isdir(args.datadir) and os.listdir(args.datadir):
            print(f'pgref: error: directory "{args.datadir}" exists but is not empty', file=sys.stderr)
            return 1
        cluster = Cluster(args.datadir)
        names = ", ".join(sorted(e.datname for e in cluster.databases.values()))
        cluster.close()
        print(f"pgref data directory ready: {args.datadir} (databases {names}; superuser postgres)")
        return 0
    if args.cmd == "sql":
        conn = pgref.connect(args.datadir, autocommit=True, dbname=args.dbname)
        try:
            return _run(conn, args.command)
        finally:
            conn.close()
    import importlib.util
    if importlib.util.find_spec("pgref.server") is not None:
        from pgref.server.main import serve
        return serve(args)
    conn = pgref.connect(args.datadir, autocommit=True)
    print("pgref: the wire-protocol server is not built yet; this is an SQL prompt on the embedded engine.")
    print("End statements with ';'.  Ctrl-D quits.")
    buf = []
    try:
        while True:
            try:
                line = input("pgref=> " if not buf else "pgref-> ")
            except EOFError:
                print()
                break
            buf.append(line)
            if line.rstrip().endswith(";"):
                _run(conn, "\n".join(buf))
                buf = []
    finally:
        conn.close()
    return 0


def _main_with_errors(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except PgError as e:
        print(f"pgref: error: {e.message}", file=sys.stderr)
        if e.hint:
            print(f"pgref: hint: {e.hint}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
