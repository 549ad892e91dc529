"""Page layout (spec/05-storage.md, "Page layout"; INV-STORAGE-1..3)."""
import struct

import pytest

from pgref.storage import page as P


def new_page(special=0):
    pg = bytearray(P.BLCKSZ)
    P.page_init(pg, special)
    return pg


def test_init_header_bytes_match_postgresql():
    pg = new_page()
    # PostgreSQL's empty heap page: lower 24, upper 8192, special 8192, 0x2004
    assert pg[:24].hex() == "0000000000000000" "0000" "0000" "1800" "0020" "0020" "0420" "00000000"
    assert P.page_max_offset(pg) == 0
    assert P.page_free_space(pg) == 8192 - 24 - 4
    btree = new_page(16)
    assert P.page_header(btree)[4:6] == (8176, 8176)


def test_itemid_packing_matches_postgresql():
    # heap_page_items showed lp_off 7872, lp_flags 1, lp_len 318 for row 1
    w = P.make_itemid(7872, P.LP_NORMAL, 318)
    assert w == 7872 | (1 << 15) | (318 << 17)
    assert P.split_itemid(w) == (7872, 1, 318)


def test_add_items_grow_down_maxaligned():
    pg = new_page()
    assert P.page_add_item(pg, b"x" * 31) == 1
    assert P.page_add_item(pg, b"y" * 8) == 2
    assert P.page_get_itemid(pg, 1) == (8192 - 32, P.LP_NORMAL, 31)
    assert P.page_get_itemid(pg, 2) == (8192 - 40, P.LP_NORMAL, 8)
    assert P.page_header(pg)[3:5] == (32, 8152)
    assert P.page_item_bytes(pg, 1) == b"x" * 31
    assert pg[8192 - 1] == 0                     # alignment padding is zero


def test_full_page_refuses():
    pg = new_page()
    n = 0
    while P.page_add_item(pg, b"z" * 100):
        n += 1
    assert n == (8192 - 24) // (104 + 4)
    assert P.page_free_space(pg) < 108


def test_heap_line_pointer_limit():
    pg = new_page()
    for i in range(P.MAX_HEAP_TUPLES_PER_PAGE):
        assert P.page_add_item(pg, b"") == i + 1
    assert P.page_add_item(pg, b"") == 0
    assert P.page_heap_free_space(pg) == 0


def test_index_insert_shifts_and_delete_compacts():
    pg = new_page(16)
    for i, v in enumerate([b"a" * 8, b"c" * 8, b"e" * 8]):
        assert P.page_add_item(pg, v, i + 1, is_heap=False) == i + 1
    assert P.page_add_item(pg, b"b" * 16, 2, is_heap=False) == 2
    assert [P.page_item_bytes(pg, i) for i in range(1, 5)] == [b"a" * 8, b"b" * 16, b"c" * 8, b"e" * 8]
    upper = P.page_header(pg)[4]
    P.page_index_delete(pg, 2)
    assert [P.page_item_bytes(pg, i) for i in range(1, 4)] == [b"a" * 8, b"c" * 8, b"e" * 8]
    assert P.page_header(pg)[4] == upper + 16
    assert P.page_max_offset(pg) == 3


def test_replace_item_grow_and_shrink():
    pg = new_page(16)
    for i in range(3):
        P.page_add_item(pg, bytes([65 + i]) * 8, i + 1, is_heap=False)
    assert P.page_replace_item(pg, 2, b"Q" * 24)
    assert [P.page_item_bytes(pg, i) for i in (1, 2, 3)] == [b"A" * 8, b"Q" * 24, b"C" * 8]
    assert P.page_replace_item(pg, 2, b"q" * 3)
    assert [P.page_item_bytes(pg, i) for i in (1, 2, 3)] == [b"A" * 8, b"qqq", b"C" * 8]
    assert P.page_header(pg)[4] == 8176 - 24


def test_repair_fragmentation_keeps_offsets():
    pg = new_page()
    for i in range(5):
        P.page_add_item(pg, bytes([48 + i]) * 40)
    free0 = P.page_free_space(pg)
    P.page_mark_dead(pg, 2)
    P.page_mark_unused(pg, 3)
    P.page_mark_unused(pg, 5)
    free = P.page_repair_fragmentation(pg)
    assert free == free0 + 3 * 40 + 4          # 3 tuples freed, trailing lp 5 dropped
    assert P.page_max_offset(pg) == 4
    assert P.page_item_bytes(pg, 1) == b"0" * 40
    assert P.page_item_bytes(pg, 4) == b"3" * 40
    assert P.page_get_itemid(pg, 2) == (0, P.LP_DEAD, 0)
    assert P.page_get_flags(pg) & P.PD_HAS_FREE_LINES
    assert P.page_add_item(pg, b"new") == 3    # the free line pointer is reused
    assert P.page_item_bytes(pg, 3) == b"new"


def test_lsn_roundtrip_and_corruption_check():
    pg = new_page()
    P.page_set_lsn(pg, (7 << 32) | 9)
    assert P.page_get_lsn(pg) == (7 << 32) | 9
    struct.pack_into("<H", pg, 12, 9000)
    from pgref.errors import PgError
    with pytest.raises(PgError) as e:
        P.page_add_item(pg, b"x")
    assert e.value.sqlstate == "XX001"


def test_works_on_memoryview_slices():
    import mmap
    mm = mmap.mmap(-1, 2 * P.BLCKSZ)
    mv = memoryview(mm)[P.BLCKSZ:]
    P.page_init(mv)
    assert P.page_add_item(mv, b"hello") == 1
    assert mm[2 * P.BLCKSZ - 8:2 * P.BLCKSZ - 3] == b"hello"
    mv.release()
    mm.close()
