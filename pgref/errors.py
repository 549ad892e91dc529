"""The one error type of pgref, and the SQLSTATE codes it carries.

Where it sits: a leaf; every layer raises :class:`PgError` at the point where
a problem is detected, and only the outermost layers (the wire protocol, the
DB-API) render it.  Messages follow PostgreSQL's wording exactly, because psql,
drivers and the regression suite compare them byte for byte.

Entry points:
    PgError(sqlstate, message, detail=None, hint=None, position=None, ...)
    The constants below name the SQLSTATEs used across the code base
    (PostgreSQL's ``errcodes.txt``).
"""
from __future__ import annotations

# Class 0A - Feature Not Supported
FEATURE_NOT_SUPPORTED = "0A000"
# Class 08 - Connection Exception
PROTOCOL_VIOLATION = "08P01"
# Class 21 - Cardinality Violation
CARDINALITY_VIOLATION = "21000"
# Class 22 - Data Exception
DATA_EXCEPTION = "22000"
STRING_DATA_RIGHT_TRUNCATION = "22001"
NUMERIC_VALUE_OUT_OF_RANGE = "22003"
NULL_VALUE_NOT_ALLOWED = "22004"
INVALID_DATETIME_FORMAT = "22007"
DATETIME_FIELD_OVERFLOW = "22008"
INVALID_TIME_ZONE_DISPLACEMENT_VALUE = "22009"
INVALID_PARAMETER_VALUE = "22023"
DIVISION_BY_ZERO = "22012"
INVALID_ESCAPE_SEQUENCE = "22025"
INVALID_REGULAR_EXPRESSION = "2201B"
INVALID_ROW_COUNT_IN_LIMIT_CLAUSE = "2201W"
INVALID_ROW_COUNT_IN_RESULT_OFFSET_CLAUSE = "2201X"
INVALID_TEXT_REPRESENTATION = "22P02"
INVALID_BINARY_REPRESENTATION = "22P03"
CHARACTER_NOT_IN_REPERTOIRE = "22021"
UNTRANSLATABLE_CHARACTER = "22P05"
ARRAY_SUBSCRIPT_ERROR = "2202E"
INVALID_ARGUMENT_FOR_POWER_FUNCTION = "2201F"
INVALID_ARGUMENT_FOR_LOG = "2201E"
# Class 23 - Integrity Constraint Violation
NOT_NULL_VIOLATION = "23502"
FOREIGN_KEY_VIOLATION = "23503"
UNIQUE_VIOLATION = "23505"
CHECK_VIOLATION = "23514"
# Class 25 - Invalid Transaction State
ACTIVE_SQL_TRANSACTION = "25001"
NO_ACTIVE_SQL_TRANSACTION = "25P01"
IN_FAILED_SQL_TRANSACTION = "25P02"
READ_ONLY_SQL_TRANSACTION = "25006"
# Class 26/34
INVALID_SQL_STATEMENT_NAME = "26000"
INVALID_CURSOR_NAME = "34000"
# Class 3B - Savepoint Exception
INVALID_SAVEPOINT_SPECIFICATION = "3B001"
# Class 40 - Transaction Rollback
SERIALIZATION_FAILURE = "40001"
DEADLOCK_DETECTED = "40P01"
# Class 42 - Syntax Error or Access Rule Violation
SYNTAX_ERROR = "42601"
INSUFFICIENT_PRIVILEGE = "42501"
GROUPING_ERROR = "42803"
WINDOWING_ERROR = "42P20"
INVALID_FOREIGN_KEY = "42830"
INVALID_NAME = "42602"
NAME_TOO_LONG = "42622"
DATATYPE_MISMATCH = "42804"
WRONG_OBJECT_TYPE = "42809"
CANNOT_COERCE = "42846"
UNDEFINED_COLUMN = "42703"
UNDEFINED_FUNCTION = "42883"
UNDEFINED_TABLE = "42P01"
UNDEFINED_PARAMETER = "42P02"
UNDEFINED_OBJECT = "42704"
DUPLICATE_COLUMN = "42701"
DUPLICATE_OBJECT = "42710"
DUPLICATE_TABLE = "42P07"
DUPLICATE_SCHEMA = "42P06"
DUPLICATE_ALIAS = "42712"
DUPLICATE_FUNCTION = "42723"
AMBIGUOUS_COLUMN = "42702"
AMBIGUOUS_FUNCTION = "42725"
AMBIGUOUS_PARAMETER = "42P08"
INVALID_COLUMN_REFERENCE = "42P10"
INVALID_TABLE_DEFINITION = "42P16"
INVALID_OBJECT_DEFINITION = "42P17"
INVALID_SCHEMA_NAME = "3F000"
INDETERMINATE_DATATYPE = "42P18"
INVALID_RECURSION = "42P19"
UNDEFINED_SCHEMA = "3F000"
DEPENDENT_OBJECTS_STILL_EXIST = "2BP01"
OBJECT_NOT_IN_PREREQUISITE_STATE = "55000"
OBJECT_IN_USE = "55006"
# Class 53/54
PROGRAM_LIMIT_EXCEEDED = "54000"
STATEMENT_TOO_COMPLEX = "54001"
TOO_MANY_CONNECTIONS = "53300"
# Class 57
QUERY_CANCELED = "57014"
ADMIN_SHUTDOWN = "57P01"
# Class 58/XX
UNDEFINED_FILE = "58P01"
IO_ERROR = "58030"
INTERNAL_ERROR = "XX000"
DATA_CORRUPTED = "XX001"
# Class 55/2F/P0
CANT_CHANGE_RUNTIME_PARAM = "55P02"
LOCK_NOT_AVAILABLE = "55P03"
UNDEFINED_PARAMETER_NAME = "42704"


class PgError(Exception):
    """An error as PostgreSQL reports it: SQLSTATE, primary message, and the
    optional fields of an ErrorResponse (detail, hint, cursor position...).

    ``position`` is a 1-based character offset into the statement text, as in
    the ErrorResponse 'P' field; parsers and analyzers set it from the AST
    node's ``location`` (0-based) plus one.
    """

    def __init__(self, sqlstate: str, message: str, *, detail: str | None = None,
                 hint: str | None = None, position: int | None = None,
                 severity: str = "ERROR", schema: str | None = None,
                 table: str | None = None, column: str | None = None,
                 datatype: str | None = None, constraint: str | None = None,
                 context: str | None = None, internal_position: int | None = None,
                 internal_query: str | None = None):
        super().__init__(message)
        self.sqlstate = sqlstate
        self.message = message
        self.detail = detail
        self.hint = hint
        self.position = position
        self.severity = severity
        self.schema = schema
        self.table = table
        self.column = column
        self.datatype = datatype
        self.constraint = constraint
        self.context = context
        self.internal_position = internal_position
        self.internal_query = internal_query

    @property
    def is_retryable(self) -> bool:
        """Serialization failures and deadlocks may succeed when retried."""
        return self.sqlstate in (SERIALIZATION_FAILURE, DEADLOCK_DETECTED)

    def __repr__(self) -> str:
        return f"PgError({self.sqlstate!r}, {self.message!r})"


def feature_not_supported(what: str, position: int | None = None) -> PgError:
    """The error for anything pgref deliberately does not do (yet)."""
    return PgError(FEATURE_NOT_SUPPORTED, what, position=position)

# Appended by the types/funcs helper (PostgreSQL errcodes.txt).
INVALID_ARGUMENT_FOR_WIDTH_BUCKET_FUNCTION = "2201G"
INVALID_USE_OF_ESCAPE_CHARACTER = "2200C"
SUBSTRING_ERROR = "22011"
TRIM_ERROR = "22027"
ZERO_LENGTH_CHARACTER_STRING = "2200F"
STRING_DATA_LENGTH_MISMATCH = "22026"
INVALID_PRECEDING_OR_FOLLOWING_SIZE = "22013"
BAD_COPY_FILE_FORMAT = "22P04"
INVALID_ARGUMENT_FOR_NTILE = "22014"
INVALID_ARGUMENT_FOR_NTH_VALUE = "22016"
INVALID_FUNCTION_DEFINITION = "42P13"
TOO_MANY_ARGUMENTS = "54023"
TOO_MANY_COLUMNS = "54011"
WITH_CHECK_OPTION_VIOLATION = "44000"
