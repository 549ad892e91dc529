"""Full text search: tsvector/tsquery functions, matching, ranking, the
default parser, dictionaries and configurations (PostgreSQL's
src/backend/tsearch and utils/adt/ts*.c).

Where it sits: a leaf beside ``types/`` (spec/14-tsearch.md).  The two
datum types and their I/O live in ``pgref/types/io/tsvector.py`` and
``tsquery.py``; this package adds everything that computes with them.
Importing it registers every builtin with the function manager and installs
the regconfig/regdictionary name resolvers; the type registry imports it on
first use, like ``pgref.types.funcs``.

    match     TS_execute with phrase semantics; tsvector @@ tsquery
    ops       strip, setweight, ts_delete, ts_filter, unnest, ||, &&, !!,
              <->, numnode, querytree, @>, <@
    rank      ts_rank, ts_rank_cd (bit-exact float4)
    rewrite   ts_rewrite (both forms), ts_stat
    headline  ts_headline for text
    jsonts    to_tsvector, json(b)_to_tsvector, ts_headline for json and jsonb
    parser    the default parser's 23 token types
    dicts     simple, english_stem (Snowball English + english.stop)
    config    simple/english configurations, to_tsvector, to_tsquery,
              plainto/phraseto_tsquery, ts_parse, ts_token_type, ts_lexize
"""
from pgref.tsearch import config, headline, jsonts, match, ops, rank, rewrite  # noqa: F401  (register builtins)

config.install_resolvers()
