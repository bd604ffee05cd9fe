"""What the RushDB Python SDK tests share: the environment
handlers/rushdb_sdk_test.go sets, and the clients.

Environment:
  RELGRAPH_URL          where relgraph listens, e.g. http://127.0.0.1:8080
                        (the SDK appends /api/v1)
  RELGRAPH_TOKEN        a write token of a fresh project
  RELGRAPH_READ_TOKEN   a read token of the same project
  RELGRAPH_OTHER_TOKEN  a write token of another project
The project has the type INVOICE declared: {ref: string (required),
amount: number}.
"""

import os

import pytest
from rushdb import RushDB

def _env(name):
    value = os.environ.get(name)
    if not value:
        pytest.exit(
            f"{name} is not set: run this through `go test ./handlers -run TestRushDBPythonSDK`",
            returncode=2,
        )
    return value


@pytest.fixture(scope="session")
def url():
    return _env("RELGRAPH_URL")


@pytest.fixture(scope="session")
def db(url):
    return RushDB(_env("RELGRAPH_TOKEN"), url=url)


@pytest.fixture(scope="session")
def reader(url):
    return RushDB(_env("RELGRAPH_READ_TOKEN"), url=url)


@pytest.fixture(scope="session")
def other(url):
    return RushDB(_env("RELGRAPH_OTHER_TOKEN"), url=url)
