-- numeric at its limits: round()/trunc() scale clamping, huge values,
-- make_result overflow, dscale rules of division, and to_char of NaN and
-- infinities (types/funcs/numeric_funcs.py, num_format.py).

-- case: numeric_round_huge_negative_scale
SELECT round(4.4e131071, -131071) = 4e131071, round(4.5e131071, -131071) = 5e131071, round(4.5e131071, -131072), round(5.5e131071, -131073), trunc(9.9e131071, -131072), trunc(9.9e131071, -131071) = 9e131071;

-- case: numeric_round_overflow
-- expect: error 22003
SELECT round(5.5e131071, -131072);

-- case: numeric_round_scale_above_dscale_max
SELECT round(5e-16383, 1000000) = 5e-16383, scale(round(1.5, 100000)), scale(trunc(1.5, 100000)), round(5e-16383, 16382) = 1e-16382;

-- case: numeric_mul_scale_capped
SELECT 1.5e-16382 * 1e-5, scale(1.5e-16382 * 1e-5);

-- case: numeric_huge_arithmetic
SELECT (10::numeric ^ 131071 + 0.5) / (10::numeric ^ 131071 - 7), (10::numeric ^ 131071 + 0.5) % 9, div(10::numeric ^ 131071, 10::numeric ^ 131070), trim_scale((10::numeric ^ 131071 + 0.5) * 2 - 2 * 10::numeric ^ 131071);

-- case: numeric_add_overflow
-- expect: error 22003
SELECT 9.9999e131071 + 1e131068;

-- case: numeric_division_and_rounding_signs
SELECT -2::numeric / 3, 2::numeric / -3, -7.5 % 2, div(-7.5, 2), round(-2.5), round(-0.4), ceil(-0.5), floor(-0.5), trunc(-1299.5, -2), round(-1250, -2);

-- case: numeric_variance_huge
SELECT variance(x), stddev_samp(x) FROM (SELECT 9e131071 + g FROM generate_series(1, 5) g) s(x);

-- case: float_to_char_specials
SELECT to_char('inf'::float8, 'MI9999999999.99'), to_char('-inf'::float4, 'MI99.99'), to_char('nan'::float4, 'MI99.99'), to_char('-inf'::float8, '9999999999.99PR'), to_char('nan'::float4, '9999.999S'), to_char('nan'::float8, 'RN');

-- case: numeric_to_char_specials
SELECT to_char('-inf'::numeric, '9999999999.99PR'), to_char('nan'::numeric, '99V9'), to_char('inf'::numeric, '99V9'), to_char(-5::numeric, '9999999999.99PR'), to_char('nan'::numeric, '9999.999S');
