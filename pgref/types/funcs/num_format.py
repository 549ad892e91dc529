"""to_char(number, format): PostgreSQL's numeric formatting templates.

Where it sits: ``pgref/types/funcs/`` (spec/03-types-functions.md,
"Number formatting").  A port of the to_char half of PostgreSQL's
``formatting.c`` (NUMDesc_prepare, NUM_processor, NUM_numpart_to_char) for
the C locale (decimal point '.', group separator ',', signs '-' and '+').

How it works, as in PostgreSQL:

1. the template is scanned into a list of keywords (9 0 . , D G S MI PL SG
   PR FM EEEE RN V) and literal characters, counting digit positions before
   (``pre``) and after (``post``) the decimal point;
2. the value is rounded to ``post`` digits and printed plainly (``numstr``,
   no sign); if it needs more integer digits than ``pre`` every digit
   position prints '#';
3. the template is walked again, each digit position consuming one character
   of ``numstr`` (or printing a blank / a '0' before the number starts), the
   sign written just before the first digit unless S/MI/PL/SG/PR place it.

to_number() runs the same template the other way (``numeric_to_number``).
Locale-dependent symbols are the C locale's: L prints a blank.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from pgref.errors import FEATURE_NOT_SUPPORTED, SYNTAX_ERROR, PgError
from pgref.types.fmgr import builtin

from .numeric_funcs import _EXACT, _numeric_to_int, make, numeric_mul, numeric_round, numeric_text, split

# keyword table: longest match first (PostgreSQL's NUM_keywords, C locale)
_KEYWORDS = ["EEEE", "eeee", "FM", "fm", "MI", "mi", "PL", "pl", "PR", "pr", "RN", "rn",
             "SG", "sg", "TH", "th", ",", ".", "0", "9", "B", "b", "C", "c", "D", "d", "E", "e",
             "G", "g", "L", "l", "S", "s", "V", "v"]


@dataclass
class NumDesc:
    pre: int = 0
    post: int = 0
    lsign: str = ""          # "", "pre", "post"
    pre_lsign_num: int = 0
    multi: int = 0
    zero_start: int = 0
    zero_end: int = 0
    decimal: bool = False
    zero: bool = False
    fillmode: bool = False
    minus: bool = False
    plus: bool = False
    bracket: bool = False
    roman: bool = False
    multi_flag: bool = False
    eeee: bool = False


def _err(msg: str) -> PgError:
    return PgError(SYNTAX_ERROR, msg)


def parse_format(fmt: str) -> tuple[list[tuple[str, str]], NumDesc]:
    """The template as [(kind, text)] with kind 'k' (keyword) or 'c'
    (character to copy), and its NumDesc."""
    nodes: list[tuple[str, str]] = []
    d = NumDesc()
    i = 0
    while i < len(fmt):
        for kw in _KEYWORDS:
            if fmt.startswith(kw, i):
                key = kw.upper() if kw not in (",", ".") else kw
                nodes.append(("k", key if kw not in ("rn", "th") else kw))
                _describe(d, key)
                i += len(kw)
                break
        else:
            c = fmt[i]
            if c == '"':
                # a quoted literal; inside it a backslash quotes the next
                # character (formatting.c parse_format)
                i += 1
                while i < len(fmt):
                    ch = fmt[i]
                    if ch == '"':
                        i += 1
                        break
                    if ch == "\\" and i + 1 < len(fmt):
                        i += 1
                        ch = fmt[i]
                    nodes.append(("c", ch))
                    i += 1
                continue
            if c == "\\" and i + 1 < len(fmt) and fmt[i + 1] == '"':
                nodes.append(("c", '"'))
                i += 2
                continue
            nodes.append(("c", c))
            i += 1
    return nodes, d


def _describe(d: NumDesc, key: str) -> None:
    if d.eeee and key not in ("FM",):
        raise _err("\"EEEE\" must be the last pattern used")
    if key == "9":
        if d.bracket:
            raise _err("\"9\" must be ahead of \"PR\"")
        if d.multi_flag:
            d.multi += 1
            return
        if d.decimal:
            d.post += 1
        else:
            d.pre += 1
    elif key == "0":
        if d.bracket:
            raise _err("\"0\" must be ahead of \"PR\"")
        if not d.zero and not d.decimal:
            d.zero = True
            d.zero_start = d.pre + 1
        if not d.decimal:
            d.pre += 1
        else:
            d.post += 1
        d.zero_end = d.pre + d.post
    elif key == "B":
        if d.pre == 0 and d.post == 0 and not d.zero:
            pass
    elif key in (".", "D"):
        if d.decimal:
            raise _err("multiple decimal points")
        if d.multi_flag:
            raise _err("cannot use \"V\" and decimal point together")
        d.decimal = True
    elif key == "FM":
        d.fillmode = True
    elif key == "S":
        if d.lsign:
            raise _err("cannot use \"S\" twice")
        if d.plus or d.minus or d.bracket:
            raise _err("cannot use \"S\" and \"PL\"/\"MI\"/\"SG\"/\"PR\" together")
        if not d.decimal:
            d.lsign = "pre"
            d.pre_lsign_num = d.pre
        else:
            d.lsign = "post"
    elif key == "rn":
        d.roman = True
    elif key == "MI":
        if d.lsign:
            raise _err("cannot use \"S\" and \"MI\" together")
        d.minus = True
    elif key == "PL":
        if d.lsign:
            raise _err("cannot use \"S\" and \"PL\" together")
        d.plus = True
    elif key == "SG":
        if d.lsign:
            raise _err("cannot use \"S\" and \"SG\" together")
        d.minus = d.plus = True
    elif key == "PR":
        if d.lsign or d.plus or d.minus:
            raise _err("cannot use \"PR\" and \"S\"/\"PL\"/\"MI\"/\"SG\" together")
        d.bracket = True
    elif key == "RN":
        d.roman = True
    elif key == "V":
        if d.decimal:
            raise _err("cannot use \"V\" and decimal point together")
        d.multi_flag = True
    elif key == "EEEE":
        if d.bracket or d.minus or d.plus or d.roman or d.multi_flag:
            raise _err("\"EEEE\" is incompatible with other formats")
        d.eeee = True


# ---- NUM_processor (to_char direction) -----------------------------------------------

def _process(nodes, d: NumDesc, number: str, out_pre_spaces: int, sign: str) -> str:
    out: list[str] = []
    num_curr = 0
    last_relevant = None            # index into number, or None
    npos = 0                        # Np->number_p

    if d.plus or d.minus:
        sign_wrote = not (d.plus and not d.minus)
    else:
        if sign != "-" and d.fillmode:
            d.bracket = False
        sign_wrote = sign == "+" and d.fillmode and not d.lsign
        if d.lsign == "pre" and d.pre == d.pre_lsign_num:
            d.lsign = "post"
    if d.zero_start:
        d.zero_start -= 1           # PostgreSQL counts it from 1, num_curr from 0
    num_count = d.post + d.pre - 1
    if d.fillmode and d.decimal:
        dot = number.find(".")
        if dot >= 0:
            last_relevant = dot
            for k in range(dot + 1, len(number)):
                if number[k] != "0":
                    last_relevant = k
            if d.zero_end > out_pre_spaces:
                last_zero = min(len(number) - 1, d.zero_end - out_pre_spaces)
                if last_relevant < last_zero:
                    last_relevant = last_zero
    if not sign_wrote and out_pre_spaces == 0:
        num_count += 1

    num_in = False

    def at(k: int) -> str:
        return number[k] if k < len(number) else ""

    def predec_space() -> bool:
        return (not d.zero and npos == 0 and number[:1] == "0" and d.post != 0)

    for kind, key in nodes:
        if kind == "c":
            out.append(key)
            continue
        if key in ("9", "0", ".", "D"):
            # -- NUM_numpart_to_char --
            num_in = False
            if (not sign_wrote
                    and (num_curr >= out_pre_spaces or (d.zero and d.zero_start == num_curr))
                    and (not predec_space() or (last_relevant is not None
                                                and at(last_relevant) == "."))):
                if d.lsign:
                    if d.lsign == "pre":
                        out.append("-" if sign == "-" else "+")
                        sign_wrote = True
                elif d.bracket:
                    out.append(" " if sign == "+" else "<")
                    sign_wrote = True
                elif sign == "+":
                    if not d.fillmode:
                        out.append(" ")
                    sign_wrote = True
                elif sign == "-":
                    out.append("-")
                    sign_wrote = True
            if num_curr < out_pre_spaces and (d.zero_start > num_curr or not d.zero):
                if not d.fillmode:
                    out.append(" ")
            elif d.zero and num_curr < out_pre_spaces and d.zero_start <= num_curr:
                out.append("0")
                num_in = True
            else:
                if at(npos) == ".":
                    if last_relevant is None or at(last_relevant) != ".":
                        out.append(".")
                    elif d.fillmode and at(last_relevant) == ".":
                        out.append(".")
                else:
                    if last_relevant is not None and npos > last_relevant and key != "0":
                        pass
                    elif predec_space():
                        if not d.fillmode:
                            out.append(" ")
                        elif last_relevant is not None and at(last_relevant) == ".":
                            out.append("0")
                    else:
                        # past the end of the digit string PostgreSQL copies
                        # its terminating NUL, which ends the result there
                        out.append(at(npos) or "\0")
                        num_in = True
                if npos < len(number):
                    npos += 1
            end = num_count + (1 if out_pre_spaces else 0) + (1 if d.decimal else 0)
            if last_relevant is not None and last_relevant == npos:
                end = num_curr
            if num_curr + 1 == end:
                if sign_wrote and d.bracket:
                    out.append(" " if sign == "+" else ">")
                elif d.lsign == "post":
                    out.append("-" if sign == "-" else "+")
            num_curr += 1
            continue
        if key in (",", "G"):
            if not num_in:
                if d.fillmode:
                    continue
                out.append(" ")
            else:
                out.append(",")
        elif key == "MI":
            if sign == "-":
                out.append("-")
            elif d.fillmode:
                continue
            else:
                out.append(" ")
        elif key == "PL":
            if sign == "+":
                out.append("+")
            elif d.fillmode:
                continue
            else:
                out.append(" ")
        elif key == "SG":
            out.append(sign)
        elif key == "L":
            out.append(" ")             # the C locale has no currency symbol: PostgreSQL prints " "
        elif key in ("TH", "th"):
            if number.startswith("#") or sign == "-" or d.decimal:
                continue
            out.append(_ordinal(number, key == "TH"))
        # FM, S, PR, V, EEEE, B produce no text here
    return "".join(out).split("\0", 1)[0]


# ---- entry points ------------------------------------------------------------------------

def _ordinal(number: str, upper: bool) -> str:
    """get_th(): the English ordinal suffix of the integer's last digit."""
    digits = number.strip()
    last = digits[-1:] or "0"
    if len(digits) > 1 and digits[-2] == "1":
        suffix = "th"
    else:
        suffix = {"1": "st", "2": "nd", "3": "rd"}.get(last, "th")
    return suffix.upper() if upper else suffix


def _roman(n: int) -> str:
    vals = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
            (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = []
    for v, s in vals:
        while n >= v:
            out.append(s)
            n -= v
    return "".join(out)


def _roman_format(nodes, d: NumDesc, value: int) -> str:
    """NUM_processor in roman mode: RN/rn print the numeral (right-aligned
    in 15 columns unless FM), other characters are copied."""
    numeral = _roman(value) if 1 <= value <= 3999 else "#" * 15
    out = []
    for kind, key in nodes:
        if kind == "c":
            out.append(key)
        elif key in ("RN", "rn"):
            r = numeral if key == "RN" else numeral.lower()
            out.append(r if d.fillmode else r.rjust(15))
    return "".join(out)


def _sci(value: Decimal, post: int) -> str:
    """numeric_out_sci(): the significand rounded to ``post`` digits (no
    renormalisation after a carry, as PostgreSQL) and a signed exponent of at
    least two digits."""
    exp = 0 if value.is_zero() else value.adjusted()
    mant = numeric_round(_EXACT.scaleb(value, -exp), post)
    return f"{numeric_text(mant)}e{'-' if exp < 0 else '+'}{abs(exp):02d}"


def _finish(nodes, d: NumDesc, numstr: str, sign: str) -> str:
    pre_len = numstr.find(".") if "." in numstr else len(numstr)
    out_pre_spaces = 0
    if pre_len < d.pre:
        out_pre_spaces = d.pre - pre_len
    elif pre_len > d.pre:
        numstr = "#" * d.pre + "." + "#" * d.post
    return _process(nodes, d, numstr, out_pre_spaces, sign)


def _to_char_decimal(value: Decimal, fmt: str) -> str:
    nodes, d = parse_format(fmt)
    if d.roman:
        return _roman_format(nodes, d, _numeric_to_int(numeric_round(value, 0), "int4"))
    if d.eeee:
        if value.is_nan() or value.is_infinite():
            numstr = " " + "#" * (d.pre + d.post + 5)
            numstr = numstr[:d.pre + 1] + "." + numstr[d.pre + 2:]
            return numstr
        s = _sci(value, d.post)
        return s if s.startswith("-") else " " + s
    if d.multi_flag:
        value = numeric_mul(value, Decimal(10) ** d.multi)
        d.pre += d.multi
    x = numeric_round(value, d.post)
    text = numeric_text(x)
    if text.startswith("-"):
        return _finish(nodes, d, text[1:], "-")
    return _finish(nodes, d, text, "+")


@builtin("numeric_to_char")
def numeric_to_char(value: Decimal, fmt: str) -> str:
    return _to_char_decimal(value, fmt)


def _int_to_char(value: int, fmt: str, is_int8: bool = False) -> str:
    nodes, d = parse_format(fmt)
    if d.roman:
        return _roman_format(nodes, d, value)
    if d.eeee and is_int8:
        return _to_char_decimal(Decimal(value), fmt)       # int8: via numeric, exactly
    if d.eeee:
        s = f"{float(value):+.{d.post}e}"
        return " " + s[1:] if s[0] == "+" else s
    if d.multi_flag:
        value = value * 10 ** d.multi
        d.pre += d.multi
    sign = "-" if value < 0 else "+"
    numstr = str(abs(value))
    if d.post:
        numstr += "." + "0" * d.post
    return _finish(nodes, d, numstr, sign)


builtin("int4_to_char")(_int_to_char)
builtin("int8_to_char")(lambda v, f: _int_to_char(v, f, True))


def _float_to_char(value: float, fmt: str, dig: int) -> str:
    nodes, d = parse_format(fmt)
    if d.roman:
        # (int) rint(value): x86 turns NaN, infinities and values outside
        # int32 into INT_MIN, which has no numeral
        r = round(value) if math.isfinite(value) else -2 ** 31
        return _roman_format(nodes, d, r if -2 ** 31 <= r < 2 ** 31 else -2 ** 31)
    if d.eeee:
        if math.isnan(value) or math.isinf(value):
            numstr = " " + "#" * (d.pre + d.post + 5)
            return numstr[:d.pre + 1] + "." + numstr[d.pre + 2:]
        s = f"{value:+.{d.post}e}"
        return " " + s[1:] if s[0] == "+" else s
    if d.multi_flag:
        value = value * 10 ** d.multi
        d.pre += d.multi
    # PostgreSQL's snprintf prints "NaN", "Infinity" and "-Infinity" for
    # %f; those words then go through the usual digit-count adjustment and
    # overflow check like any other digit string
    special = None
    if math.isnan(value):
        special = "NaN"
    elif math.isinf(value):
        special = "Infinity" if value > 0 else "-Infinity"
    pre_len = len(special.lstrip("-")) if special else len(f"{abs(value):.0f}")
    if pre_len >= dig:
        d.post = 0
    elif pre_len + d.post > dig:
        d.post = dig - pre_len
    text = special or f"{value:.{d.post}f}"
    if text.startswith("-"):
        return _finish(nodes, d, text[1:], "-")
    return _finish(nodes, d, text, "+")


builtin("float8_to_char")(lambda v, f: _float_to_char(v, f, 15))
builtin("float4_to_char")(lambda v, f: _float_to_char(v, f, 6))


# ---- to_number: NUM_processor in the "from char" direction ---------------------------------

@builtin("numeric_to_number")
def numeric_to_number(text: str, fmt: str) -> Decimal:
    """to_number(text, format): read digits, decimal point and sign from
    ``text`` as the template directs (PostgreSQL's NUM_processor with
    is_to_char = false), then convert with numeric(pre + multi + post,
    digits read after the point)."""
    from pgref.errors import INVALID_TEXT_REPRESENTATION
    from .numeric_funcs import apply_typmod, numeric_mul, numeric_power
    nodes, d = parse_format(fmt)
    if d.eeee:
        raise PgError(FEATURE_NOT_SUPPORTED, "\"EEEE\" not supported for input")
    if d.roman:
        raise PgError(FEATURE_NOT_SUPPORTED, "\"RN\" not supported for input")
    inp = text
    n = len(inp)
    pos = 0
    sign = " "
    digits: list[str] = []
    read_pre = read_post = 0
    read_dec = False

    def amount(k: int) -> bool:
        return pos + k <= n

    for kind, key in nodes:
        if pos >= n:
            break
        if kind == "c":
            pos += 1                    # one input character per literal, matched or not
            continue
        if key in ("9", "0", ".", "D"):
            # -- NUM_numpart_from_char --
            isread = False
            if inp[pos] == " ":
                pos += 1
            if pos >= n:
                break
            if sign == " " and key in ("9", "0") and read_pre + read_post == 0:
                if d.lsign == "pre":
                    if inp[pos] in "-+":
                        sign = inp[pos]
                        pos += 1
                elif inp[pos] == "-" or (d.bracket and inp[pos] == "<"):
                    sign = "-"
                    pos += 1
                elif inp[pos] == "+":
                    sign = "+"
                    pos += 1
            if pos >= n:
                break
            if inp[pos].isdigit() and inp[pos] < "\x80":
                if read_dec and read_post == d.post:
                    pos += 1            # the surplus digit is consumed, not read
                    continue
                digits.append(inp[pos])
                if read_dec:
                    read_post += 1
                else:
                    read_pre += 1
                isread = True
            elif d.decimal and not read_dec and inp[pos] == ".":
                digits.append(".")
                read_dec = True
                isread = True
            if pos >= n:
                break
            if sign == " " and read_pre + read_post > 0:
                if d.lsign and isread and pos + 1 < n and not inp[pos + 1].isdigit():
                    if inp[pos + 1] in "-+":
                        pos += 1
                        sign = inp[pos]
                elif not isread and not d.lsign and (d.plus or d.minus):
                    if inp[pos] in "-+":
                        sign = inp[pos]
            pos += 1
            continue
        if key in (",", "G"):
            if inp[pos] != ",":
                continue
        elif key == "MI":
            if inp[pos] == "-":
                sign = "-"
            else:
                continue
        elif key == "PL":
            if inp[pos] == "+":
                sign = "+"
            else:
                continue
        elif key == "SG":
            if inp[pos] in "-+":
                sign = inp[pos]
            else:
                continue
        elif key == "PR":
            if inp[pos] != ">":
                continue
        elif key == "L":
            if inp[pos].isdigit():
                continue
        elif key in ("TH", "th"):
            # NUM_eat_non_data_chars: skip up to two non-data characters
            for _ in range(2):
                if pos >= n or inp[pos] in "0123456789.,+-":
                    break
                pos += 1
            continue
        else:                           # FM, S, V, B: consume nothing
            continue
        pos += 1
    if digits and digits[-1] == ".":
        digits.pop()
    numtext = "".join(digits)
    if not any(ch.isdigit() for ch in numtext):
        raise PgError(INVALID_TEXT_REPRESENTATION,
                      f"invalid input syntax for type numeric: \"{sign}{numtext}\"")
    scale = read_post
    precision = d.pre + d.multi + scale
    c, s = split(Decimal(numtext))
    value = make(-c if sign == "-" else c, s)
    value = apply_typmod(value, ((precision << 16) | (scale & 0x7FF)) + 4)
    if d.multi_flag:
        value = numeric_mul(value, numeric_power(Decimal(10), Decimal(-d.multi)))
    return value
