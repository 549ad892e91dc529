"""Date/time types of pgref: date, time, timetz, timestamp, timestamptz,
interval (spec/03-types-datetime.md).

The package mirrors PostgreSQL's split of the work:

    core.py       calendar arithmetic, pg_tm, DateStyle, error reporting
    tz.py         time zones (IANA via zoneinfo, POSIX strings, abbreviations)
    tzabbrevs.py  the 'Default' timezone_abbreviations table (data)
    parse.py      ParseDateTime / DecodeDateTime / DecodeTimeOnly / DecodeInterval
    encode.py     EncodeDateOnly / EncodeTimeOnly / EncodeDateTime / EncodeInterval
    io.py         the registered type I/O functions (text, binary, typmods)
    formatting.py to_char() for timestamp, timestamptz, interval (formatting.c)

Operators and functions (arithmetic, comparisons, extract, date_trunc,
AT TIME ZONE, casts...) live in ``pgref/types/funcs/datetime_funcs.py``.
Importing this package registers the I/O functions with the function
manager; importing the funcs module registers the rest.
"""
from pgref.types.datetime import io  # noqa: F401  (registers the I/O builtins)
from pgref.types.funcs import datetime_funcs  # noqa: F401,E402  (operators and functions)
from pgref.types.datetime import formatting  # noqa: F401,E402  (to_char)
