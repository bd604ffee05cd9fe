"""The RushDB Python SDK 3.0.0, unmodified, against relgraph: errors, tokens
and project isolation. The SDK's RushDBError shows the top-level message of
relgraph's error body, and keeps the body in details. Run by
handlers/rushdb_sdk_test.go."""

import pytest
from helpers import UNKNOWN_ID
from rushdb import RushDB, RushDBError


@pytest.mark.parametrize(
    "call, status, text",
    [
        (lambda db: db.records.find({"labels": ["ERR"], "limit": 5000}), 400, "limit must be a whole number"),
        (lambda db: db.records.find({"where": {"age": {"$near": 3}}}), 400, "unknown operator"),
        (lambda db: db.records.create("two words", {"a": 1}), 400, "two words"),
        (lambda db: db.records.create("NOTE", {"address": {"city": "Rome"}}), 400, "cannot be an object"),
        (lambda db: db.records.find_by_id(UNKNOWN_ID), 404, "not found"),
        (lambda db: db.tx.get(UNKNOWN_ID), 404, "no open transaction"),
    ],
    ids=["a limit out of range", "an unknown operator", "a bad label", "a nested value", "an unknown record", "an unknown transaction"],
)
def test_error_messages_reach_the_sdk(db, call, status, text):
    with pytest.raises(RushDBError) as err:
        call(db)
    assert err.value.status == status
    assert text in str(err.value), str(err.value)
    body = err.value.details
    assert body["success"] is False
    assert body["message"] == body["error"]["message"] == str(err.value)
    assert body["requestId"]


def test_a_bad_token_is_told_so(url):
    stranger = RushDB("not-a-token", url=url)
    assert stranger.ping() is True  # /sdk/settings needs no token
    with pytest.raises(RushDBError) as err:
        stranger.records.find({})
    assert err.value.status == 401
    assert "token" in str(err.value)


def test_a_read_token_reads_but_cannot_write(db, reader):
    rec = db.records.create("NOTE", {"text": "hi"})
    assert reader.records.find_by_id(rec.id)["text"] == "hi"
    for write in (
        lambda: reader.records.create("NOTE", {"text": "no"}),
        lambda: reader.records.update(rec.id, {"text": "no"}),
        lambda: reader.records.delete({"labels": ["NOTE"], "where": {"text": "hi"}}),
        lambda: reader.records.attach(rec, rec, {"type": "SELF"}),
    ):
        with pytest.raises(RushDBError) as err:
            write()
        assert err.value.status == 403
        assert "write" in str(err.value)


def test_projects_are_isolated(db, other):
    mine = db.records.create("SECRET", {"code": 42})
    theirs = other.records.create("SECRET", {"code": 7})
    with pytest.raises(RushDBError) as err:
        other.records.find_by_id(mine.id)
    assert err.value.status == 404
    assert [r["code"] for r in other.records.find({"labels": ["SECRET"]})] == [7]
    assert other.labels.find({"where": {"code": 42}})["data"] == {}
    with pytest.raises(RushDBError) as err:
        theirs.attach(mine.id, {"type": "STEALS"})
    assert err.value.status == 404
    with pytest.raises(RushDBError) as err:
        other.records.update(mine.id, {"code": 0})
    assert err.value.status == 404
    other.records.delete({"labels": ["SECRET"], "where": {"code": {"$gte": 0}}})
    assert db.records.find_by_id(mine.id)["code"] == 42
    assert other.properties.find({"labels": ["SECRET"]})["data"] == []
