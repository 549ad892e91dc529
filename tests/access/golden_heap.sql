drop table if exists g;
create table g(a int2, b int4, c int8, d float4, e float8, f bool, g text, h numeric, i date, j timestamp, k interval, l uuid, m bytea, n int4[], o timetz, p "char", q name, r varchar, s text[], t numeric[]);
insert into g values
 (1, 2, 3, 1.5, 2.25, true, 'ab', 1.50, '2000-01-02', '2000-01-01 00:00:01', '1 mon 2 days 00:00:03', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '\xdeadbeef', '{1,2,3}', '10:00:00+05', 'x', 'nm', 'vc', '{a,NULL,ccc}', '{1.5,-2}'),
 (-1, null, -3, 'NaN', '-Infinity', false, repeat('y', 130), -12345.678900, '1999-12-31', '1999-12-31 23:59:59.5', '-1 day', '00000000-0000-0000-0000-000000000000', '', '{}', '00:00:01-03', '', 'a', null, '{}', '{NaN}'),
 (null, null, null, null, null, null, null, 0.000, null, null, null, null, null, '{{1,2},{3,4}}', null, null, null, '', null, null),
 (32767, 2147483647, 9223372036854775807, 3.4e38, 1e308, true, '', 1e100, 'infinity', '-infinity', '1 year', 'ffffffff-ffff-ffff-ffff-ffffffffffff', repeat('z',300)::bytea, '[0:1]={7,NULL}', '23:59:59.999999+14', 'z', repeat('n',63), repeat('v',127), '{"x y"}', '{0.0001,12345678901234567890.123}');
select lp, lp_off, lp_len, t_infomask2, t_infomask, t_hoff, t_bits, encode(t_data,'hex') from heap_page_items(get_raw_page('g', 0));
