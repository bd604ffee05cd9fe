"""The RushDB Python SDK 3.0.0, unmodified, against relgraph: records in both
body forms, search with operators and paging, deletes, export, a declared
type. Run by handlers/rushdb_sdk_test.go."""

import re
import time
from datetime import datetime

import pytest
from helpers import UNKNOWN_ID, own
from rushdb import NonUniqueResultError, Record, RushDBError

UUID_V7 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def test_the_client_reaches_the_server(db):
    assert db.ping() is True
    assert db.settings.get()["selfHosted"] is True


def test_create_sends_label_data_and_options_and_stores_the_data(db):
    before = time.time() - 1
    rec = db.records.create(
        "AUTHOR",
        {"name": "Ann", "age": 41, "rating": 4.5, "active": True, "nick": None,
         "tags": ["a", "b"], "born": "1983-04-05T06:07:08Z"},
    )
    assert isinstance(rec, Record)
    assert UUID_V7.match(rec.id)
    assert rec.label == "AUTHOR"
    assert rec.date >= datetime.fromtimestamp(before)
    assert own(rec) == {"name": "Ann", "age": 41, "rating": 4.5, "active": True, "nick": None,
                        "tags": ["a", "b"], "born": "1983-04-05T06:07:08Z"}
    assert rec.proptypes == {"name": "string", "age": "number", "rating": "number", "active": "boolean",
                             "nick": "null", "tags": "string", "born": "string"}
    assert db.records.find_by_id(rec.id).data == rec.data


def test_write_options_are_carried_out_or_refused_by_name(db):
    strings = db.records.create("AUTHOR", {"name": "Str", "age": 5}, options={"suggestTypes": False})
    assert own(strings) == {"name": "Str", "age": "5"}
    skipped = db.records.create("AUTHOR", {"name": "Skip", "nick": ""}, options={"skipEmptyValues": True})
    assert own(skipped) == {"name": "Skip"}
    with pytest.raises(RushDBError) as err:
        db.records.create("AUTHOR", {"name": "Vec"}, vectors=[{"propertyName": "v", "vector": [1.0]}])
    assert err.value.status == 400
    assert '"vectors"' in str(err.value)


def test_update_sends_the_flat_body_and_merges_set_replaces(db):
    rec = db.records.create("AUTHOR", {"name": "Bo", "age": 30, "city": "Oslo"})
    res = db.records.update(rec.id, {"age": 31})
    assert own(res["data"]) == {"name": "Bo", "age": 31, "city": "Oslo"}
    res = db.records.update(rec, {"city": "Bergen"}, label="AUTHOR")
    assert own(res["data"]) == {"name": "Bo", "age": 31, "city": "Bergen"}
    res = db.records.set(rec.id, {"name": "Bo", "age": 32}, label="AUTHOR")
    assert own(res["data"]) == {"name": "Bo", "age": 32}
    rec.update({"vip": True})
    rec.set({"name": "Bo"})
    assert own(db.records.find_by_id(rec.id)) == {"name": "Bo"}
    with pytest.raises(RushDBError) as err:
        db.records.update(rec.id, {"age": 1}, label="ROBOT")
    assert err.value.status == 409


def test_find_with_operators_order_and_paging(db):
    for name, score in [("p1", 10), ("p2", 20), ("p3", 30), ("p4", 40), ("p5", 50)]:
        db.records.create("PLAYER", {"name": name, "score": score, "team": "red" if score > 25 else "blue"})
    query = {"labels": ["PLAYER"], "where": {"score": {"$gte": 20}}, "orderBy": {"score": "asc"}, "limit": 2}
    page = db.records.find(query)
    assert page.total == 4
    assert [r["name"] for r in page] == ["p2", "p3"]
    assert page.has_more
    nxt = page.next()
    assert [r["name"] for r in nxt] == ["p4", "p5"]
    assert not nxt.has_more

    ors = db.records.find({"labels": ["PLAYER"],
                           "where": {"$or": [{"name": {"$startsWith": "p1"}}, {"team": "red", "score": {"$lt": 35}}]},
                           "orderBy": {"name": "desc"}})
    assert [r["name"] for r in ors] == ["p3", "p1"]
    ins = db.records.find({"labels": ["PLAYER"], "where": {"name": {"$in": ["p2", "p5", "x"]}, "score": {"$ne": 50}}})
    assert [r["name"] for r in ins] == ["p2"]
    nots = db.records.find({"labels": ["PLAYER"], "where": {"team": {"$endsWith": "ue"}, "$not": {"score": 10}}})
    assert [r["name"] for r in nots] == ["p2"]


def test_find_one_find_uniq_and_find_by_id_with_a_list(db):
    a = db.records.create("CITY", {"name": "Rome", "country": "IT"})
    b = db.records.create("CITY", {"name": "Milan", "country": "IT"})
    assert db.records.find_one({"labels": ["CITY"], "where": {"name": "Milan"}}).id == b.id
    assert db.records.find_uniq({"labels": ["CITY"], "where": {"name": "Rome"}}).id == a.id
    with pytest.raises(NonUniqueResultError):
        db.records.find_uniq({"labels": ["CITY"], "where": {"country": "IT"}})
    assert db.records.find_one({"labels": ["CITY"], "where": {"name": "Atlantis"}}) is None
    both = db.records.find_by_id([a.id, b])
    assert both.total == 2
    assert sorted(r["name"] for r in both) == ["Milan", "Rome"]


def test_find_related_to_a_record(db):
    club = db.records.create("CLUB", {"name": "Chess"})
    m1 = db.records.create("MEMBER", {"name": "Cy", "level": 2})
    m2 = db.records.create("MEMBER", {"name": "Di", "level": 5})
    db.records.create("MEMBER", {"name": "Ed", "level": 9})
    club.attach([m1, m2], {"type": "members"})
    found = db.records.find({"labels": ["MEMBER"], "where": {"level": {"$gt": 3}}}, record_id=club)
    assert [r["name"] for r in found] == ["Di"]


def test_delete_by_query_and_by_id(db):
    recs = [db.records.create("TEMP", {"n": n}) for n in range(4)]
    res = db.records.delete({"labels": ["TEMP"], "where": {"n": {"$lte": 1}}})
    assert res["data"]["message"] == "2 records have been successfully deleted"
    db.records.delete_by_id(recs[2].id)
    recs[3].delete()
    assert db.records.find({"labels": ["TEMP"]}).total == 0
    with pytest.raises(RushDBError) as err:
        db.records.find_by_id(recs[0].id)
    assert err.value.status == 404
    keep = [db.records.create("TEMP", {"n": n}) for n in range(2)]
    db.records.delete_by_id(keep)
    assert db.records.find({"labels": ["TEMP"]}).total == 0
    with pytest.raises(RushDBError) as err:
        db.records.delete({"labels": ["TEMP"], "where": {}})
    assert err.value.status == 400
    assert "where" in str(err.value)


def test_export_csv(db):
    db.records.create("FRUIT", {"name": "apple", "kg": 2})
    csv = db.records.export({"labels": ["FRUIT"]})
    assert "apple" in csv


def test_a_declared_type_is_enforced_on_data_writes(db):
    ok = db.records.create("INVOICE", {"ref": "A-1", "amount": 10})
    assert ok["amount"] == 10
    with pytest.raises(RushDBError) as err:
        db.records.create("INVOICE", {"ref": "A-2", "amount": "ten"})
    assert err.value.status == 422
    assert "amount" in str(err.value)
    with pytest.raises(RushDBError) as err:
        db.records.create("INVOICE", {"amount": 3})
    assert err.value.status == 422
    assert "ref" in str(err.value)
    with pytest.raises(RushDBError) as err:
        ok.update({"amount": "more"})
    assert err.value.status == 422
    assert db.records.find_by_id(ok.id)["amount"] == 10
    with pytest.raises(RushDBError) as err:
        db.records.find_by_id(UNKNOWN_ID)
    assert err.value.status == 404


def test_select_and_group_by_answer_rows(db):
    for team, goals in [("red", 3), ("red", 5), ("blue", 2)]:
        db.records.create("GOAL", {"team": team, "goals": goals})
    res = db.records.find({
        "labels": ["GOAL"],
        "select": {"team": "$record.team", "n": {"$count": "*"}, "total": {"$sum": "$record.goals"}},
        "groupBy": ["team"],
        "orderBy": {"total": "desc"},
    })
    assert res.total == 2
    assert [r.data for r in res] == [{"team": "red", "n": 2, "total": 8}, {"team": "blue", "n": 1, "total": 2}]
    with pytest.raises(RushDBError) as err:
        db.records.find({"labels": ["GOAL"], "select": {"n": {"$count": "*"}}, "groupBy": ["n"]})
    assert err.value.status == 400


def test_select_reads_a_related_records_alias(db):
    shop = db.records.create("SHOP", {"name": "Corner"})
    clerks = [db.records.create("CLERK", {"name": n, "hours": h}) for n, h in [("c1", 10), ("c2", 30)]]
    db.records.attach(shop, clerks, {"type": "STAFFS", "direction": "in"})
    res = db.records.find({
        "labels": ["CLERK"],
        "where": {"SHOP": {"$alias": "$shop", "$relation": {"type": "STAFFS", "direction": "out"}}},
        "select": {"shop": "$shop.name", "n": {"$count": "*"}, "hours": {"$sum": "$record.hours"}},
        "groupBy": ["shop"],
    })
    assert res.total == 1
    assert [r.data for r in res] == [{"shop": "Corner", "n": 2, "hours": 40}]
    res = db.records.find({
        "labels": ["SHOP"],
        "where": {"CLERK": {"$alias": "$clerk"}},
        "select": {"staff": {"$collect": {"from": "$clerk", "select": {"name": "$clerk.name"}}}},
    })
    assert sorted(item["name"] for item in res[0].data["staff"]) == ["c1", "c2"]
    with pytest.raises(RushDBError) as err:
        db.records.find({"labels": ["SHOP"], "select": {"n": {"$count": "$nobody"}}})
    assert err.value.status == 400
