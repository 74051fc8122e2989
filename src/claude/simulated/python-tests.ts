import type { GeneratedFile } from '../../domain/validation-result.js';
import { pythonSample } from './python-files.js';
import type { ServiceSketch } from './service-sketch.js';

/** pytest suites of the Python service; AWS is replaced by in-memory fakes, never called. */

export function pythonAppTests(s: ServiceSketch): GeneratedFile {
  const first = s.fields.find((f) => f.required && f.kind === 'string') ?? s.fields.find((f) => f.required);
  return { path: 'tests/test_app.py', content: `import json

import app
from models import ValidationError
from repository import NotFoundError


class FakeRepository:
    def __init__(self):
        self.items = {}

    def create(self, item):
        self.items[item.id] = item
        return item

    def get(self, item_id):
        if item_id not in self.items:
            raise NotFoundError(item_id)
        return self.items[item_id]

    def list(self, limit=25, next_token=None):
        if next_token == "bad":
            raise ValueError("invalid next_token")
        return list(self.items.values())[:limit], None

    def replace(self, item):
        self.get(item.id)
        self.items[item.id] = item
        return item

    def delete(self, item_id):
        self.get(item_id)
        del self.items[item_id]


SAMPLE = ${pythonSample(s)}


def request(method, body=None, item_id=None, query=None):
    return {
        "httpMethod": method,
        "body": None if body is None else json.dumps(body),
        "pathParameters": None if item_id is None else {"${s.entity}_id": item_id},
        "queryStringParameters": query,
    }


def test_create_then_get_returns_the_${s.entity}():
    repository = FakeRepository()
    created = app.route(request("POST", SAMPLE), repository)
    assert created["statusCode"] == 201
    item_id = json.loads(created["body"])["id"]
    fetched = app.route(request("GET", item_id=item_id), repository)
    assert fetched["statusCode"] == 200
    assert json.loads(fetched["body"])["${first?.snake ?? 'id'}"] is not None


def test_create_rejects_a_missing_required_field():
    body = dict(SAMPLE)
    del body["${first?.snake ?? 'name'}"]
    response = app.route(request("POST", body), FakeRepository())
    assert response["statusCode"] == 400
    assert json.loads(response["body"])["error"]["code"] == "invalid_input"


def test_create_rejects_unknown_fields_and_bad_json():
    repository = FakeRepository()
    assert app.route(request("POST", dict(SAMPLE, admin=True)), repository)["statusCode"] == 400
    broken = request("POST")
    broken["body"] = "{not json"
    assert app.route(broken, repository)["statusCode"] == 400


def test_get_unknown_id_is_not_found():
    assert app.route(request("GET", item_id="does-not-exist"), FakeRepository())["statusCode"] == 404


def test_get_rejects_a_malformed_id():
    assert app.route(request("GET", item_id="../../etc"), FakeRepository())["statusCode"] == 400


def test_list_pages_and_validates_the_limit():
    repository = FakeRepository()
    for _ in range(3):
        app.route(request("POST", SAMPLE), repository)
    listed = app.route(request("GET", query={"limit": "2"}), repository)
    assert len(json.loads(listed["body"])["items"]) == 2
    assert app.route(request("GET", query={"limit": "1000"}), repository)["statusCode"] == 400
    assert app.route(request("GET", query={"next_token": "bad"}), repository)["statusCode"] == 400


def test_replace_and_delete():
    repository = FakeRepository()
    item_id = json.loads(app.route(request("POST", SAMPLE), repository)["body"])["id"]
    assert app.route(request("PUT", SAMPLE, item_id=item_id), repository)["statusCode"] == 200
    assert app.route(request("DELETE", item_id=item_id), repository)["statusCode"] == 204
    assert app.route(request("DELETE", item_id=item_id), repository)["statusCode"] == 404


def test_unsupported_method_is_rejected():
    assert app.route(request("PATCH", item_id="abc"), FakeRepository())["statusCode"] == 405


def test_validation_error_is_a_value_error():
    assert issubclass(ValidationError, ValueError)
` };
}

export function pythonModelTests(s: ServiceSketch): GeneratedFile {
  const typed = s.fields.find((f) => f.kind !== 'string');
  const text = s.fields.find((f) => f.kind === 'string');
  return { path: 'tests/test_models.py', content: `import pytest

from models import ValidationError, parse_${s.entity}

SAMPLE = ${pythonSample(s)}


def test_parse_accepts_a_valid_${s.entity}():
    item = parse_${s.entity}(SAMPLE)
    assert item.id
    assert item.created_at


def test_parse_rejects_a_non_object():
    with pytest.raises(ValidationError):
        parse_${s.entity}(["not", "an", "object"])


${text ? `
def test_parse_rejects_an_empty_string():
    with pytest.raises(ValidationError):
        parse_${s.entity}(dict(SAMPLE, ${text.snake}="   "))
` : ''}${typed ? `

def test_parse_rejects_a_wrong_type():
    with pytest.raises(ValidationError):
        parse_${s.entity}(dict(SAMPLE, ${typed.snake}="${typed.kind === 'boolean' ? 'yes' : 'many'}"))
` : ''}
def test_parse_keeps_an_existing_id():
    assert parse_${s.entity}(SAMPLE, existing_id="abc-123").id == "abc-123"
` };
}

export function pythonRepositoryTests(s: ServiceSketch): GeneratedFile {
  return { path: 'tests/test_repository.py', content: `import pytest
from botocore.exceptions import ClientError

from models import parse_${s.entity}
from repository import NotFoundError, ${s.Entity}Repository

SAMPLE = ${pythonSample(s)}


class FakeTable:
    """Enough of a DynamoDB Table resource for the repository, checking the conditions it sends."""

    def __init__(self):
        self.records = {}
        self.queries = []

    def put_item(self, Item, ConditionExpression):
        exists = Item["id"] in self.records
        wants_new = ConditionExpression.get_expression()["operator"] == "attribute_not_exists"
        if exists == wants_new:
            raise ClientError({"Error": {"Code": "ConditionalCheckFailedException", "Message": "condition"}}, "PutItem")
        self.records[Item["id"]] = Item

    def get_item(self, Key):
        record = self.records.get(Key["id"])
        return {} if record is None else {"Item": record}

    def query(self, **query):
        self.queries.append(query)
        return {"Items": list(self.records.values())[: query["Limit"]]}

    def delete_item(self, Key, ConditionExpression):
        if Key["id"] not in self.records:
            raise ClientError({"Error": {"Code": "ConditionalCheckFailedException", "Message": "condition"}}, "DeleteItem")
        del self.records[Key["id"]]


def make_repository():
    table = FakeTable()
    return ${s.Entity}Repository("unused", table=table), table


def test_create_get_and_list():
    repository, table = make_repository()
    item = repository.create(parse_${s.entity}(SAMPLE))
    assert repository.get(item.id).id == item.id
    items, next_token = repository.list(limit=10)
    assert [found.id for found in items] == [item.id]
    assert next_token is None
    assert table.queries[0]["IndexName"] == "by-created-at"


def test_create_refuses_an_existing_id():
    repository, _ = make_repository()
    item = repository.create(parse_${s.entity}(SAMPLE))
    with pytest.raises(ClientError):
        repository.create(item)


def test_replace_and_delete_unknown_ids_are_not_found():
    repository, _ = make_repository()
    with pytest.raises(NotFoundError):
        repository.replace(parse_${s.entity}(SAMPLE, existing_id="missing"))
    with pytest.raises(NotFoundError):
        repository.delete("missing")
    with pytest.raises(NotFoundError):
        repository.get("missing")


def test_a_tampered_page_token_is_rejected():
    repository, _ = make_repository()
    with pytest.raises(ValueError):
        repository.list(next_token="bm90LWpzb24")
` };
}

export function pythonProjectFiles(): GeneratedFile[] {
  return [
    { path: 'requirements.txt', content: 'boto3==1.35.36\nbotocore==1.35.36\n' },
    { path: 'requirements-dev.txt', content: 'boto3==1.35.36\nbotocore==1.35.36\npytest==8.3.3\n' },
    { path: 'pytest.ini', content: '[pytest]\npythonpath = src\ntestpaths = tests\naddopts = -q\n' },
  ];
}
