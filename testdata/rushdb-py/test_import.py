"""The RushDB Python SDK 3.0.0, unmodified, against relgraph: create_many,
import_json and import_csv (POST /records/import/json and /csv), upsert
with both merge strategies, and relationships.create_many / delete_many.
Run by handlers/rushdb_sdk_test.go."""

import pytest
from helpers import own
from rushdb import Record, RushDBError


def names(result):
    return sorted(r["name"] for r in result)


def test_create_many_sends_data_and_creates_flat_records(db):
    res = db.records.create_many("IMP_ROW", [{"name": "Ann", "age": 30, "vip": True}, {"name": "Bo", "age": 4.5}])
    assert res.total == 2
    assert [own(r) for r in res] == [{"name": "Ann", "age": 30, "vip": True}, {"name": "Bo", "age": 4.5}]
    assert all(isinstance(r, Record) and r.label == "IMP_ROW" for r in res)
    assert names(db.records.find({"labels": ["IMP_ROW"]})) == ["Ann", "Bo"]


def test_create_many_with_return_result_false_answers_the_count(db):
    res = db.records.create_many("IMP_COUNT", [{"name": "x"}, {"name": "y"}], options={"returnResult": False})
    assert res.total == 2
    assert len(res.data) == 0
    assert db.records.find({"labels": ["IMP_COUNT"]}).total == 2


def test_import_json_with_a_label_makes_children(db):
    res = db.records.import_json({"name": "Acme", "staff": [{"name": "Ann"}, {"name": "Bo"}]}, label="IMP_COMPANY")
    assert res.total == 3
    assert [r.label for r in res] == ["IMP_COMPANY", "staff", "staff"]
    acme = res.data[0]
    linked = db.records.find({"labels": ["staff"], "where": {"IMP_COMPANY": {"$relation": {"type": "staff", "direction": "in"}, "name": "Acme"}}})
    assert names(linked) == ["Ann", "Bo"]
    assert acme.id == db.records.find_one({"labels": ["IMP_COMPANY"]}).id


def test_import_json_without_a_label_reads_the_container_form(db):
    res = db.records.import_json({"IMP_BOOK": [{"name": "Dune"}, {"name": "Emma"}]})
    assert res.total == 2
    assert {r.label for r in res} == {"IMP_BOOK"}
    assert names(db.records.find({"labels": ["IMP_BOOK"]})) == ["Dune", "Emma"]


def test_an_unknown_import_option_is_refused_by_name(db):
    with pytest.raises(RushDBError) as err:
        db.records.create_many("IMP_BAD", [{"name": "x"}], options={"fastMode": True})
    assert err.value.status == 400
    assert "fastMode" in str(err.value)
    assert db.records.find({"labels": ["IMP_BAD"]}).total == 0


def test_import_csv_types_cells_and_honours_parse_config(db):
    res = db.records.import_csv("IMP_CSV", "name,age,vip\nAnn,30,true\nBo,4.5,false\n")
    assert res.total == 2
    assert [own(r) for r in res] == [{"name": "Ann", "age": 30, "vip": True}, {"name": "Bo", "age": 4.5, "vip": False}]
    semi = db.records.import_csv("IMP_CSV2", "name;zip\nCy;0123\n", parse_config={"delimiter": ";", "header": True, "dynamicTyping": False})
    assert [own(r) for r in semi] == [{"name": "Cy", "zip": "0123"}]


def test_import_csv_refuses_a_reserved_header(db):
    with pytest.raises(RushDBError) as err:
        db.records.import_csv("IMP_CSV_BAD", "name,__id\nAnn,1\n")
    assert err.value.status == 400
    assert "reserved" in str(err.value)
    assert err.value.details["error"]["details"]["field"] == "/data/header/1"
    assert db.records.find({"labels": ["IMP_CSV_BAD"]}).total == 0


def test_upsert_append_keeps_the_other_properties(db):
    first = db.records.upsert({"email": "ann@example.com", "name": "Ann", "city": "Oslo"}, label="UPS_APPEND",
                              options={"mergeBy": ["email"]})
    again = db.records.upsert({"email": "ann@example.com", "name": "Ann B"}, label="UPS_APPEND",
                              options={"mergeBy": ["email"], "mergeStrategy": "append"})
    assert again.id == first.id
    assert own(again) == {"email": "ann@example.com", "name": "Ann B", "city": "Oslo"}
    assert db.records.find({"labels": ["UPS_APPEND"]}).total == 1


def test_upsert_rewrite_replaces_the_properties(db):
    first = db.records.upsert({"email": "bo@example.com", "name": "Bo", "city": "Oslo"}, label="UPS_REWRITE",
                              options={"mergeBy": ["email"]})
    again = db.records.upsert({"email": "bo@example.com", "name": "Bo B"}, label="UPS_REWRITE",
                              options={"mergeBy": ["email"], "mergeStrategy": "rewrite"})
    assert again.id == first.id
    assert own(db.records.find_by_id(first.id)) == {"email": "bo@example.com", "name": "Bo B"}


def test_upsert_with_the_default_merge_by_matches_every_property(db):
    a = db.records.upsert({"sku": "A1", "size": 3}, label="UPS_ALL")
    b = db.records.upsert({"sku": "A1", "size": 3}, label="UPS_ALL")
    c = db.records.upsert({"sku": "A1", "size": 4}, label="UPS_ALL")
    assert a.id == b.id
    assert c.id != a.id
    assert db.records.find({"labels": ["UPS_ALL"]}).total == 2


def test_upsert_of_a_declared_type_obeys_it(db):
    db.records.upsert({"ref": "U-1", "amount": 5}, label="INVOICE", options={"mergeBy": ["ref"]})
    with pytest.raises(RushDBError) as err:
        db.records.upsert({"amount": 5}, label="INVOICE", options={"mergeBy": ["amount"], "mergeStrategy": "rewrite"})
    assert err.value.status == 422
    with pytest.raises(RushDBError) as err:
        db.records.upsert({"ref": "U-1", "amount": "lots"}, label="INVOICE", options={"mergeBy": ["ref"]})
    assert err.value.status == 422
    assert [own(r) for r in db.records.find({"labels": ["INVOICE"], "where": {"ref": "U-1"}})] == [{"ref": "U-1", "amount": 5}]


def test_create_many_upserts_with_merge_by(db):
    db.records.create_many("UPS_MANY", [{"code": "a", "n": 1}, {"code": "b", "n": 1}])
    res = db.records.create_many("UPS_MANY", [{"code": "a", "n": 2}, {"code": "c", "n": 2}],
                                 options={"mergeBy": ["code"], "mergeStrategy": "append", "returnResult": True})
    assert res.total == 2
    rows = db.records.find({"labels": ["UPS_MANY"], "orderBy": {"code": "asc"}})
    assert [(r["code"], r["n"]) for r in rows] == [("a", 2), ("b", 1), ("c", 2)]


def test_relationships_create_many_and_delete_many_pair_by_key(db):
    db.records.create_many("REL_CUSTOMER", [{"name": "cust 1", "code": "c1"}, {"name": "cust 2", "code": "c2"}])
    db.records.create_many("REL_ORDER", [{"name": "o1", "customer": "c1"}, {"name": "o2", "customer": "c1"},
                                         {"name": "o3", "customer": "c2"}, {"name": "o4", "customer": "c9"}])
    res = db.relationships.create_many(source={"label": "REL_ORDER", "key": "customer"},
                                       target={"label": "REL_CUSTOMER", "key": "code"},
                                       type="PLACED_BY", direction="out", properties={"channel": "web"},
                                       many_to_many=False)
    assert res["data"]["count"] == 3
    edges = db.relationships.find({"where": {"type": "PLACED_BY", "channel": "web"}})
    assert edges.total == 3
    assert all(e["properties"] == {"channel": "web"} for e in edges)
    placed = {"REL_CUSTOMER": {"$relation": {"type": "PLACED_BY", "direction": "out"}, "code": "c1"}}
    assert names(db.records.find({"labels": ["REL_ORDER"], "where": placed})) == ["o1", "o2"]
    res = db.relationships.delete_many(source={"label": "REL_ORDER", "key": "customer"},
                                       target={"label": "REL_CUSTOMER", "key": "code"}, type="PLACED_BY")
    assert res["data"]["count"] == 3
    assert db.records.find({"labels": ["REL_ORDER"], "where": placed}).total == 0


def test_relationships_create_many_with_filters_and_many_to_many(db):
    db.records.create_many("MM_TAG", [{"name": "red"}, {"name": "blue"}, {"name": "green"}])
    db.records.create_many("MM_ITEM", [{"name": "i1", "tag": "red"}, {"name": "i2", "tag": "blue"}])
    res = db.relationships.create_many(source={"label": "MM_ITEM", "where": {"name": "i1"}},
                                       target={"label": "MM_TAG", "where": {"name": {"$in": ["blue", "green"]}}},
                                       type="SEEN", many_to_many=True)
    assert res["data"]["count"] == 2
    seen = {"MM_ITEM": {"$relation": {"type": "SEEN", "direction": "in"}, "name": "i1"}}
    assert names(db.records.find({"labels": ["MM_TAG"], "where": seen})) == ["blue", "green"]
    res = db.relationships.create_many(source={"label": "MM_ITEM", "key": "tag", "where": {"name": "i2"}},
                                       target={"label": "MM_TAG", "key": "name"}, type="TAGGED")
    assert res["data"]["count"] == 1
    res = db.relationships.delete_many(source={"label": "MM_ITEM", "where": {"name": "i1"}},
                                       target={"label": "MM_TAG", "where": {"name": "green"}}, many_to_many=True)
    assert res["data"]["count"] == 1
    assert names(db.records.find({"labels": ["MM_TAG"], "where": seen})) == ["blue"]
    with pytest.raises(RushDBError) as err:
        db.relationships.create_many(source={"label": "MM_ITEM"}, target={"label": "MM_TAG", "where": {"name": "red"}},
                                     many_to_many=True)
    assert err.value.status == 400
