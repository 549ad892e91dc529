"""tsvector / tsquery I/O, ordering, binary and on-disk forms
(spec/14-tsearch.md, "tsvector", "tsquery")."""
import pytest
from hypothesis import given, settings, strategies as st

from pgref.errors import PgError
from pgref.types.registry import type_input, type_output, type_receive, type_send
from pgref.types.io.tsvector import TSVector, tsvector_decode, tsvector_encode
from pgref.types.io.tsquery import legacy_crc32, tsquery_decode, tsquery_encode

TSV, TSQ = 3614, 3615


def v(text):
    return type_input(None, TSV, text)


def q(text):
    return type_input(None, TSQ, text)


def vout(text):
    return type_output(None, TSV, v(text))


def qout(text):
    return type_output(None, TSQ, q(text))


@pytest.mark.parametrize("text,expected", [
    ("1", "'1'"),
    (" 1 ", "'1'"),
    ("1 2", "'1' '2'"),
    ("'1 2'", "'1 2'"),
    (r"'1 \'2'3", "'1 ''2' '3'"),
    (r"'1 \'2' ' 3' 4 ", "' 3' '1 ''2' '4'"),
    (r"'\\as' ab\c ab\\c AB\\\c ab\\\\c", r"'AB\\c' '\\as' 'ab\\\\c' 'ab\\c' 'abc'"),
    ("'w':4A,3B,2C,1D,5 a:8", "'a':8 'w':1,2C,3B,4A,5"),
    ("a:3A b:2a ba:1234 a:1B", "'a':1B,3A 'b':2A 'ba':1234"),
    ("a:1,1A,1B", "'a':1A"),                       # repeated position keeps the highest weight
    ("a:20000", "'a':16383"),                      # LIMITPOS
    ("a:1DA", "'a':1A"),                           # D sets nothing, so a later letter is allowed
    ("", ""),
])
def test_tsvector_io(text, expected):
    assert vout(text) == expected


def test_tsvector_256_positions():
    text = "a:" + ",".join(str(i) for i in range(1, 400))
    out = vout(text)
    assert out.count(",") == 255 and out.endswith(",256")


@pytest.mark.parametrize("text,message", [
    ("'' '1' '2'", "syntax error in tsvector: \"'' '1' '2'\""),
    ("a:0", 'wrong position info in tsvector: "a:0"'),
    ("a:1AB", 'syntax error in tsvector: "a:1AB"'),
    ("a:x", 'syntax error in tsvector: "a:x"'),
    ("a\\", 'there is no escaped character: "a\\"'),
    ("'abc", "syntax error in tsvector: \"'abc\""),
])
def test_tsvector_errors(text, message):
    with pytest.raises(PgError) as ei:
        v(text)
    assert ei.value.sqlstate == "42601"
    assert ei.value.message == message


def test_tsvector_word_too_long():
    with pytest.raises(PgError) as ei:
        v("x" * 2048)
    assert ei.value.sqlstate == "54000"
    assert ei.value.message == "word is too long (2048 bytes, max 2047 bytes)"


@pytest.mark.parametrize("text,expected", [
    ("1", "'1'"),
    ("!1", "!'1'"),
    ("1|2&3", "'1' | '2' & '3'"),
    ("(1|2)&3", "( '1' | '2' ) & '3'"),
    ("!(!1|!2)", "!( !'1' | !'2' )"),
    ("1|(2|(4|(5|6)))", "'1' | '2' | '4' | '5' | '6'"),
    ("1&(2&(4&(5|!6)))", "'1' & '2' & '4' & ( '5' | !'6' )"),
    (r"1&('2'&(' 4'&(\|5 | '6 \' !|&')))", "'1' & '2' & ' 4' & ( '|5' | '6 '' !|&' )"),
    ("a:* & nbb:*ac | doo:a* | goo", "'a':* & 'nbb':*AC | 'doo':*A | 'goo'"),
    ("!!b", "!!'b'"),
    ("!(!b)", "!!'b'"),
    ("a <3> g <10> (b & d)", "'a' <3> 'g' <10> ( 'b' & 'd' )"),
    ("(a <-> b) <-> c", "'a' <-> 'b' <-> 'c'"),
    ("a <-> (b <-> c)", "'a' <-> ( 'b' <-> 'c' )"),
    ("a <0> b", "'a' <0> 'b'"),
    ("a:", "'a'"),
])
def test_tsquery_io(text, expected):
    assert qout(text) == expected


@pytest.mark.parametrize("text,sqlstate,message", [
    ("a b", "42601", 'syntax error in tsquery: "a b"'),
    ("a & ", "42601", 'no operand in tsquery: "a & "'),
    ("a <->", "42601", 'syntax error in tsquery: "a <->"'),
    ("a <-> ", "42601", 'no operand in tsquery: "a <-> "'),
    ("a <-1> b", "42601", 'syntax error in tsquery: "a <-1> b"'),
    ("()", "42601", 'syntax error in tsquery: "()"'),
    ("a)", "42601", 'syntax error in tsquery: "a)"'),
    ("(a", "42601", 'syntax error in tsquery: "(a"'),
    ("!", "42601", 'no operand in tsquery: "!"'),
    ("a:1", "42601", 'syntax error in tsquery: "a:1"'),
    ("a <20000> b", "22023",
     "distance in phrase operator must be an integer value between zero and 16384 inclusive"),
])
def test_tsquery_errors(text, sqlstate, message):
    with pytest.raises(PgError) as ei:
        q(text)
    assert (ei.value.sqlstate, ei.value.message) == (sqlstate, message)


def test_empty_tsquery_notice():
    class Session:
        notices = []

    class Ctx:
        session = Session()
        settings = None
    assert type_output(None, TSQ, type_input(Ctx(), TSQ, " ")) == ""
    assert [n.message for n in Session.notices] == ["text-search query doesn't contain lexemes: \" \""]


@pytest.mark.parametrize("a,b,expected", [
    ("a", "b & c", True),
    ("a | f", "b & c", True),
    ("a | ff", "b & c", False),
    ("a | f | g", "b & c", False),
])
def test_tsquery_ordering(a, b, expected):
    assert (q(a) < q(b)) is expected


def test_legacy_crc32_is_signed_and_not_zlib():
    import zlib
    assert legacy_crc32(b"") == 0
    c = legacy_crc32(b"abc")
    assert -2 ** 31 <= c < 2 ** 31
    assert c & 0xFFFFFFFF != zlib.crc32(b"abc")


def test_tsvector_ordering_by_size_first():
    assert v("zz") < v("aaa")               # smaller on disk sorts first
    assert v("a:1") < v("a")  or v("a") < v("a:1")
    assert sorted([v("b"), v("a"), v("a b")]) == [v("a"), v("b"), v("a b")]


_lexeme = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\0"),
                  min_size=1, max_size=8)
_positions = st.lists(st.tuples(st.integers(1, 16383), st.sampled_from("ABCD")), max_size=5)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_lexeme, _positions), max_size=6))
def test_tsvector_round_trips(items):
    parts = []
    for word, pos in items:
        s = "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"
        if pos:
            s += ":" + ",".join(f"{p}{w}" for p, w in pos)
        parts.append(s)
    val = v(" ".join(parts))
    text = type_output(None, TSV, val)
    assert v(text) == val                                     # text round trip
    assert type_receive(None, TSV, type_send(None, TSV, val)) == val
    disk = tsvector_encode(val)
    assert tsvector_decode(disk) == val
    assert len(disk) + 4 == val.varsize()                     # VARSIZE as PostgreSQL's
    words = [w for w, _ in val.entries]
    assert words == sorted(set(words), key=lambda w: w.encode())   # INV-TS-1


_query_text = st.recursive(
    st.sampled_from(["a", "b:*", "'c d'", "e:AB", "f:*C"]),
    lambda inner: st.one_of(
        st.builds(lambda x: f"!{x}", inner),
        st.builds(lambda x, y, op: f"({x} {op} {y})", inner, inner,
                  st.sampled_from(["&", "|", "<->", "<3>", "<0>"]))),
    max_leaves=8)


@settings(max_examples=150, deadline=None)
@given(_query_text)
def test_tsquery_round_trips(text):
    val = q(text)
    out = type_output(None, TSQ, val)
    # the output is not a canonical tree ('a & (b & c)' prints without
    # parentheses and reads back as '(a & b) & c', in PostgreSQL too), but
    # printing what was read back gives the same text
    assert type_output(None, TSQ, q(out)) == out
    assert type_receive(None, TSQ, type_send(None, TSQ, val)) == val
    disk = tsquery_encode(val)
    assert tsquery_decode(disk) == val
    assert len(disk) + 4 == val.varsize()


def test_registry_knows_tsvector_is_implemented():
    assert isinstance(v("a"), TSVector)
