"""The RushDB Python SDK 3.0.0, unmodified, against relgraph: attach and
detach, relationship search, labels, the properties catalogue and values,
transactions. Run by handlers/rushdb_sdk_test.go."""

import pytest
from helpers import UNKNOWN_ID, own
from rushdb import RushDBError


def key(e):
    return f"{e['sourceId']}>{e['targetId']}:{e['type']}"


def edges(db, label, name, **page):
    """The edges whose source is the record of label named name."""
    return db.relationships.find({"source": {"labels": [label], "where": {"name": name}}}, pagination=page or None)


def test_attach_links_with_a_type_and_a_direction_idempotently(db):
    movie = db.records.create("MOVIE", {"name": "Alien"})
    a1 = db.records.create("ACTOR", {"name": "Sigourney"})
    a2 = db.records.create("ACTOR", {"name": "Ian"})
    res = db.records.attach(movie, [a1, a2], {"type": "STARS", "direction": "out"})
    assert res == {"success": True, "data": {"message": f"Relations to Record {movie.id} have been successfully created"}}
    movie.attach(a1.id, {"type": "STARS"})
    out = edges(db, "MOVIE", "Alien")
    assert out.total == 2
    assert sorted(key(e) for e in out) == sorted([f"{movie.id}>{a1.id}:STARS", f"{movie.id}>{a2.id}:STARS"])
    assert out[0]["sourceLabel"] == "MOVIE" and out[0]["targetLabel"] == "ACTOR"

    studio = db.records.create("STUDIO", {"name": "Fox"})
    a2.attach(studio, {"type": "SIGNED", "direction": "in"})
    assert [key(e) for e in edges(db, "STUDIO", "Fox")] == [f"{studio.id}>{a2.id}:SIGNED"]


def test_attach_stores_an_edge_properties_bag_and_updates_it(db):
    a = db.records.create("PERSON", {"name": "Ada"})
    b = db.records.create("PERSON", {"name": "Bea"})
    a.attach(b, {"type": "KNOWS", "properties": {"since": 2020, "close": True, "via": "school"}})
    db.records.attach(a, b, {"type": "KNOWS", "properties": {"since": 2019, "via": None}})
    out = db.relationships.find({"source": {"where": {"$id": a.id}}, "where": {"type": "KNOWS"}})
    assert out.total == 1
    assert out[0]["properties"] == {"since": 2019, "close": True}
    assert (out[0]["sourceId"], out[0]["targetId"], out[0]["direction"]) == (a.id, b.id, "out")
    with pytest.raises(RushDBError) as err:
        a.attach(b, {"type": "KNOWS", "properties": {"__id": "x"}})
    assert err.value.status == 400
    with pytest.raises(RushDBError) as err:
        a.attach(b, {"type": "KNOWS", "properties": {"tags": {"a": 1}}})
    assert err.value.status == 400


def test_detach_by_type_or_every_type(db):
    p = db.records.create("PERSON", {"name": "Pat"})
    q = db.records.create("PERSON", {"name": "Quinn"})
    p.attach(q, {"type": "KNOWS"})
    p.attach(q, {"type": "LIKES"})
    res = db.records.detach(p, q, {"typeOrTypes": ["KNOWS"]})
    assert res["data"]["message"] == f"Relations to Record {p.id} have been successfully deleted"
    assert [e["type"] for e in edges(db, "PERSON", "Pat")] == ["LIKES"]
    p.detach(q)
    assert edges(db, "PERSON", "Pat").total == 0
    with pytest.raises(RushDBError) as err:
        p.attach(UNKNOWN_ID)
    assert err.value.status == 404
    assert UNKNOWN_ID in str(err.value.details)


def test_relationship_search_pages(db):
    hub = db.records.create("HUB", {"name": "hub"})
    spokes = [db.records.create("SPOKE", {"name": f"s{n}"}) for n in range(3)]
    hub.attach(spokes, {"type": "HAS"})
    first = edges(db, "HUB", "hub", limit=2, skip=0)
    second = edges(db, "HUB", "hub", limit=2, skip=2)
    assert first.total == 3
    assert len(first) == 2 and len(second) == 1
    assert len({e["targetId"] for e in list(first) + list(second)}) == 3


def test_relationship_search_by_edge_source_and_target(db):
    inception = db.records.create("FILM", {"title": "Inception", "year": 2010})
    tenet = db.records.create("FILM", {"title": "Tenet", "year": 2020})
    leo = db.records.create("STAR", {"name": "Leo"})
    elliot = db.records.create("STAR", {"name": "Elliot"})
    wb = db.records.create("MAKER", {"name": "WB"})
    db.records.attach(inception, leo, {"type": "STARS_IN", "direction": "out", "properties": {"role": "lead", "billing": 1}})
    db.records.attach(inception, elliot, {"type": "STARS_IN", "properties": {"role": "support", "billing": 4}})
    db.records.attach(tenet, elliot, {"type": "STARS_IN", "properties": {"role": "support", "billing": 2}})
    wb.attach([inception, tenet], {"type": "MADE"})

    # The SDK's own example: conditions on the source, the target and the edge.
    result = db.relationships.find({
        "source": {"labels": ["FILM"], "where": {"title": "Inception"}},
        "target": {"labels": ["STAR"]},
        "where": {"type": "STARS_IN", "role": "lead"},
        "limit": 50,
    })
    assert result.total == 1
    assert result[0]["properties"]["role"] == "lead"
    assert (result[0]["sourceId"], result[0]["targetId"], result[0]["type"]) == (inception.id, leo.id, "STARS_IN")

    # Operators and logic on the edge's bag; the type alone; the target alone.
    assert sorted(e["targetId"] for e in db.relationships.find({"where": {"billing": {"$gte": 2}}})) == [elliot.id, elliot.id]
    assert db.relationships.find({"where": {"$or": [{"role": "lead"}, {"type": "MADE"}]}}).total == 3
    assert {key(e) for e in db.relationships.find({"target": {"where": {"$id": elliot.id}}})} == {
        f"{inception.id}>{elliot.id}:STARS_IN", f"{tenet.id}>{elliot.id}:STARS_IN"}
    made = db.relationships.find({"source": {"where": {"name": "WB"}}, "target": {"where": {"year": {"$gt": 2015}}}})
    assert [key(e) for e in made] == [f"{wb.id}>{tenet.id}:MADE"]
    # direction "in": the edges pointing at the source records.
    pointing = db.relationships.find({"source": {"labels": ["FILM"]}, "where": {"direction": "in"}})
    assert pointing.total == 2 and all(e["sourceId"] == wb.id and e["direction"] == "in" for e in pointing)


def test_relationship_search_pages_and_refuses_what_it_cannot_answer(db):
    hub = db.records.create("NODE", {"name": "hub"})
    spokes = [db.records.create("NODE", {"name": f"n{n}"}) for n in range(5)]
    for n, spoke in enumerate(spokes):
        hub.attach(spoke, {"type": "LINKS", "properties": {"n": n}})
    query = {"source": {"where": {"$id": hub.id}}, "orderBy": "asc"}
    first = db.relationships.find(query, pagination={"limit": 2, "skip": 0})
    rest = db.relationships.find({**query, "skip": 2, "limit": 10})
    assert first.total == 5 and rest.total == 5
    assert [e["properties"]["n"] for e in list(first) + list(rest)] == [0, 1, 2, 3, 4]
    newest = db.relationships.find({**query, "orderBy": "desc", "limit": 1})
    assert newest[0]["properties"] == {"n": 4}
    with pytest.raises(RushDBError) as err:
        db.relationships.find({"where": {"$id": hub.id}})
    assert err.value.status == 400 and "source and target" in str(err.value)
    with pytest.raises(RushDBError) as err:
        db.relationships.find({"source": {"where": {"name": {"$near": 1}}}})
    assert err.value.status == 400


def test_relationship_search_stays_in_its_project(db, other):
    a = db.records.create("SECRET", {"name": "a"})
    b = db.records.create("SECRET", {"name": "b"})
    a.attach(b, {"type": "HIDES", "properties": {"level": 9}})
    assert db.relationships.find({"where": {"level": 9}}).total == 1
    assert other.relationships.find({"where": {"level": 9}}).total == 0
    assert other.relationships.find({"source": {"where": {"$id": a.id}}}).total == 0
    assert other.relationships.find({"target": {"where": {"$id": b.id}}}).total == 0


def test_labels_count_the_matching_records(db):
    db.records.create("FISH", {"name": "cod", "sea": "north"})
    db.records.create("FISH", {"name": "tuna", "sea": "north"})
    db.records.create("BIRD", {"name": "gull", "sea": "north"})
    assert db.labels.find({"where": {"sea": "north"}})["data"] == {"FISH": 2, "BIRD": 1}
    assert db.labels.find({"labels": ["BIRD"], "where": {"sea": "north"}})["data"] == {"BIRD": 1}


def test_properties_catalogue_values_and_delete(db):
    for name, year in [("oak", 1990), ("elm", 2001), ("ash", 2001), ("yew", 1870)]:
        db.records.create("TREE", {"name": name, "year": year})
    found = db.properties.find({"labels": ["TREE"]})["data"]
    by_name = {p["name"]: p for p in found}
    assert sorted(by_name) == ["name", "year"]
    assert by_name["year"]["type"] == "number"
    assert db.properties.find_by_id(by_name["name"]["id"])["data"]["name"] == "name"

    names = db.properties.values(by_name["name"]["id"], {"query": "e", "orderBy": "asc", "limit": 10})["data"]
    assert names["values"] == ["elm", "yew"]
    years = db.properties.values(by_name["year"]["id"], {"orderBy": "desc", "limit": 2})["data"]
    assert years["values"] == [2001, 1990]
    assert (years["min"], years["max"]) == (1870, 2001)
    assert db.properties.values(by_name["year"]["id"])["data"]["values"][0] == 2001
    with pytest.raises(RushDBError) as err:
        db.properties.values(by_name["year"]["id"], {"where": {"name": "oak"}})
    assert err.value.status == 400
    assert '"where"' in str(err.value)

    db.properties.delete(by_name["year"]["id"])
    assert all("year" not in r.data for r in db.records.find({"labels": ["TREE"]}))
    with pytest.raises(RushDBError) as err:
        db.properties.find_by_id(by_name["year"]["id"])
    assert err.value.status == 404


def test_transactions_roll_back_and_commit(db):
    tx = db.tx.begin(ttl=20000)
    assert db.tx.get(tx).id == tx.id
    gone = db.records.create("DRAFT", {"name": "gone"}, transaction=tx)
    assert db.records.find({"labels": ["DRAFT"]}, transaction=tx).total == 1
    tx.rollback()
    with pytest.raises(RushDBError) as err:
        db.records.find_by_id(gone.id)
    assert err.value.status == 404

    with db.tx.begin() as tx2:
        kept = db.records.create("DRAFT", {"name": "kept"}, transaction=tx2)
        also = db.records.create("DRAFT", {"name": "also"}, transaction=tx2)
        db.records.attach(kept, also, {"type": "NEXT"}, transaction=tx2)
        db.records.update(kept, {"step": 2}, transaction=tx2)
    assert own(db.records.find_by_id(kept.id)) == {"name": "kept", "step": 2}
    assert edges(db, "DRAFT", "kept").total == 1

    with pytest.raises(ZeroDivisionError):
        with db.tx.begin() as tx3:
            db.records.create("DRAFT", {"name": "half"}, transaction=tx3)
            1 / 0
    assert db.records.find({"labels": ["DRAFT"], "where": {"name": "half"}}).total == 0
