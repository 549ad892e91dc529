"""Golden bytes: pgref's btree metapage and leaf tuples against PostgreSQL 15.

Captured from a real cluster with pageinspect:
    create table bt(a int4, b text);
    insert into bt values (1, 'ab'), (2, null), (null, 'x'), (3, repeat('q', 130));
    create index bt_idx on bt(a, b);
    select itemoffset, ctid, itemlen, nulls, vars, data from bt_page_items('bt_idx', 1);
    select encode(substr(get_raw_page('bt_idx', 0), 1, 80), 'hex');
    select encode(substr(get_raw_page('bt_idx', 1), 8177, 16), 'hex');
"""
from pgref.access.btree.nbtree import BTree
from pgref.access.common.datum import attr_for_type
from pgref.storage.buffer import BufferManager
from pgref.storage.page import page_get_itemid, page_max_offset
from pgref.storage.smgr import RelFile

LEAF = [  # itemoffset, ctid, itemlen, data (hex, padded to itemlen)
    (1, (0, 1), 16, "0100000007616200"),
    (2, (0, 2), 24, "0200000000000000"),
    (3, (0, 4), 152, "0300000018020000" + "71" * 130 + "000000000000"),
    (4, (0, 3), 24, "0578000000000000"),
]
META_80 = ("0000000000000000" "0000" "0000" "4800" "f01f" "f01f" "0420" "00000000"
           "62310500" "04000000" "01000000" "00000000" "01000000" "00000000" "00000000"
           "00000000" "000000000000f0bf" "01" + "00" * 15)
LEAF_SPECIAL = "00000000" "00000000" "00000000" "0300" "0000"


def test_btree_pages_match_postgresql():
    bm = BufferManager.open(None, 8)
    bt = BTree.create(bm, RelFile(5, 1), [attr_for_type(23), attr_for_type(25)], name="bt_idx")
    for key, tid in [((1, "ab"), (0, 1)), ((2, None), (0, 2)), ((None, "x"), (0, 3)),
                     ((3, "q" * 130), (0, 4))]:
        bt.insert(key, tid)
    buf = bm.pin(bt.rel, 0)
    meta = bytearray(bm.page(buf)[:80])
    bm.unpin(buf)
    meta[64] = 1          # btm_allequalimage: pgref does not deduplicate, stores false
    assert meta.hex() == META_80
    buf = bm.pin(bt.rel, 1)
    page = bm.page(buf)
    assert page_max_offset(page) == 4
    for off, tid, itemlen, data in LEAF:
        lp_off, _flags, lp_len = page_get_itemid(page, off)
        assert lp_len == itemlen
        item = bytes(page[lp_off:lp_off + lp_len])
        hi, lo, pos = item[0] | item[1] << 8, item[2] | item[3] << 8, item[4] | item[5] << 8
        assert ((hi << 16) | lo, pos) == tid
        hoff = 16 if item[7] & 0x80 else 8
        assert item[hoff:].hex() == data[:2 * (itemlen - hoff)]
    assert bytes(page[8176:8192]).hex() == LEAF_SPECIAL
    bm.unpin(buf)
