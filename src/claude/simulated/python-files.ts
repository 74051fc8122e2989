import type { GeneratedFile } from '../../domain/validation-result.js';
import type { FieldKind, ServiceSketch } from './service-sketch.js';

/** Python 3.12 files of a Lambda service: handler, model, repository, their tests and dependencies. */

const PY_READER: Record<FieldKind, string> = { string: '_text', integer: '_integer', number: '_number', boolean: '_boolean', list: '_list' };
const PY_TYPE: Record<FieldKind, string> = { string: 'str', integer: 'int', number: 'Decimal', boolean: 'bool', list: 'list' };
const PY_SAMPLE: Record<FieldKind, string> = { string: '"sample"', integer: '3', number: '12.5', boolean: 'True', list: '["a", "b"]' };

export function pythonSample(sketch: ServiceSketch, name = 'sample'): string {
  return `{${sketch.fields.map((f) => `"${f.snake}": ${f.kind === 'string' ? `"${name} ${f.snake.replace(/_/g, ' ')}"` : PY_SAMPLE[f.kind]}`).join(', ')}}`;
}

export function pythonModels(s: ServiceSketch): GeneratedFile {
  const required = s.fields.filter((f) => f.required);
  const optional = s.fields.filter((f) => !f.required);
  return { path: 'src/models.py', content: `"""The ${s.Entity} model and the validation of incoming ${s.entity} data."""
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from decimal import Decimal
from typing import Optional

MAX_TEXT = 1000
MAX_ITEMS = 100


class ValidationError(ValueError):
    """Input that does not describe a valid ${s.entity}."""


def _now():
    return datetime.now(timezone.utc).isoformat()


@dataclass
class ${s.Entity}:
${required.map((f) => `    ${f.snake}: ${PY_TYPE[f.kind]}`).join('\n')}
${optional.map((f) => `    ${f.snake}: Optional[${PY_TYPE[f.kind]}] = None`).join('\n')}
    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    created_at: str = field(default_factory=_now)
    updated_at: str = field(default_factory=_now)

    def to_dict(self):
        return {key: value for key, value in asdict(self).items() if value is not None}


def _text(value, name):
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_TEXT:
        raise ValidationError(f"{name} must be a non-empty string of at most {MAX_TEXT} characters")
    return value.strip()


def _integer(value, name):
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"{name} must be an integer")
    return value


def _number(value, name):
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValidationError(f"{name} must be a number")
    try:
        number = Decimal(str(value))
    except ArithmeticError as error:
        raise ValidationError(f"{name} must be a number") from error
    if not number.is_finite():
        raise ValidationError(f"{name} must be a finite number")
    return number


def _boolean(value, name):
    if not isinstance(value, bool):
        raise ValidationError(f"{name} must be true or false")
    return value


def _list(value, name):
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        raise ValidationError(f"{name} must be a list of at most {MAX_ITEMS} items")
    return value


FIELDS = (
${s.fields.map((f) => `    ("${f.snake}", ${PY_READER[f.kind]}, ${f.required ? 'True' : 'False'}),`).join('\n')}
)
FIELD_NAMES = frozenset(name for name, _, _ in FIELDS)


def parse_${s.entity}(data, existing_id=None):
    """Validates a request body and returns the ${s.entity} it describes."""
    if not isinstance(data, dict):
        raise ValidationError("the body must be a JSON object")
    unknown = sorted(set(data) - FIELD_NAMES)
    if unknown:
        raise ValidationError("unknown fields: " + ", ".join(unknown))
    values = {}
    for name, read, required in FIELDS:
        if data.get(name) is None:
            if required:
                raise ValidationError(f"{name} is required")
            continue
        values[name] = read(data[name], name)
    item = ${s.Entity}(**values)
    if existing_id is not None:
        item.id = existing_id
    return item


def from_record(record):
    """Builds a ${s.entity} from a stored DynamoDB record."""
    known = {key: value for key, value in record.items() if key in FIELD_NAMES or key in ("id", "created_at", "updated_at")}
    return ${s.Entity}(**known)
` };
}

export function pythonRepository(s: ServiceSketch): GeneratedFile {
  return { path: 'src/repository.py', content: `"""DynamoDB access for ${s.collection}: one method per access pattern, with parameterised keys and conditions."""
import base64
import json

import boto3
from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

from models import from_record

ENTITY_TYPE = "${s.entity.toUpperCase()}"
INDEX_BY_CREATED_AT = "by-created-at"


class NotFoundError(LookupError):
    """No ${s.entity} has the given id."""


class ${s.Entity}Repository:
    def __init__(self, table_name, table=None):
        self._table = table if table is not None else boto3.resource("dynamodb").Table(table_name)

    def create(self, item):
        record = dict(item.to_dict(), entity_type=ENTITY_TYPE)
        self._table.put_item(Item=record, ConditionExpression=Attr("id").not_exists())
        return item

    def get(self, item_id):
        record = self._table.get_item(Key={"id": item_id}).get("Item")
        if record is None:
            raise NotFoundError(item_id)
        return from_record(record)

    def list(self, limit=25, next_token=None):
        query = {
            "IndexName": INDEX_BY_CREATED_AT,
            "KeyConditionExpression": Key("entity_type").eq(ENTITY_TYPE),
            "Limit": limit,
            "ScanIndexForward": False,
        }
        if next_token:
            query["ExclusiveStartKey"] = _decode_token(next_token)
        result = self._table.query(**query)
        return [from_record(record) for record in result.get("Items", [])], _encode_token(result.get("LastEvaluatedKey"))

    def replace(self, item):
        record = dict(item.to_dict(), entity_type=ENTITY_TYPE)
        try:
            self._table.put_item(Item=record, ConditionExpression=Attr("id").exists())
        except ClientError as error:
            if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
                raise NotFoundError(item.id) from error
            raise
        return item

    def delete(self, item_id):
        try:
            self._table.delete_item(Key={"id": item_id}, ConditionExpression=Attr("id").exists())
        except ClientError as error:
            if error.response["Error"]["Code"] == "ConditionalCheckFailedException":
                raise NotFoundError(item_id) from error
            raise


def _encode_token(key):
    if not key:
        return None
    return base64.urlsafe_b64encode(json.dumps(key, default=str).encode()).decode()


def _decode_token(token):
    try:
        key = json.loads(base64.urlsafe_b64decode(token.encode()))
    except (ValueError, TypeError) as error:
        raise ValueError("invalid next_token") from error
    if not isinstance(key, dict) or set(key) - {"id", "entity_type", "created_at"}:
        raise ValueError("invalid next_token")
    return key
` };
}

export function pythonHandler(s: ServiceSketch): GeneratedFile {
  return { path: 'src/app.py', content: `"""API Gateway handler of the ${s.serviceName}: routes requests to the ${s.entity} operations."""
import json
import logging
import os
import re

from models import ValidationError, parse_${s.entity}
from repository import NotFoundError, ${s.Entity}Repository

LOGGER = logging.getLogger()
LOGGER.setLevel(os.environ.get("LOG_LEVEL", "INFO"))
ID_PATTERN = re.compile(r"^[A-Za-z0-9-]{1,64}$")
MAX_PAGE = 100


def handler(event, context):
    """Lambda entry point; the repository is created per container and reused across invocations."""
    return route(event, ${s.Entity}Repository(os.environ["TABLE_NAME"]))


def route(event, repository):
    method = event.get("httpMethod", "")
    item_id = (event.get("pathParameters") or {}).get("${s.entity}_id")
    action = ROUTES.get((method, item_id is not None))
    if action is None:
        return _error(405, "method_not_allowed", f"{method} is not supported here")
    try:
        return action(event, repository, item_id)
    except ValidationError as error:
        return _error(400, "invalid_input", str(error))
    except NotFoundError:
        return _error(404, "not_found", "no ${s.entity.replace(/_/g, ' ')} has this id")


def _create(event, repository, _item_id):
    item = repository.create(parse_${s.entity}(_body(event)))
    LOGGER.info(json.dumps({"action": "create", "id": item.id}))
    return _respond(201, item.to_dict())


def _list(event, repository, _item_id):
    params = event.get("queryStringParameters") or {}
    limit = _limit(params.get("limit"))
    try:
        items, next_token = repository.list(limit=limit, next_token=params.get("next_token"))
    except ValueError as error:
        raise ValidationError(str(error)) from error
    return _respond(200, {"items": [item.to_dict() for item in items], "next_token": next_token})


def _get(event, repository, item_id):
    return _respond(200, repository.get(_checked_id(item_id)).to_dict())


def _replace(event, repository, item_id):
    item = repository.replace(parse_${s.entity}(_body(event), existing_id=_checked_id(item_id)))
    return _respond(200, item.to_dict())


def _delete(event, repository, item_id):
    repository.delete(_checked_id(item_id))
    return _respond(204, None)


ROUTES = {
    ("POST", False): _create,
    ("GET", False): _list,
    ("GET", True): _get,
    ("PUT", True): _replace,
    ("DELETE", True): _delete,
}


def _body(event):
    if event.get("isBase64Encoded"):
        raise ValidationError("base64-encoded bodies are not accepted")
    try:
        return json.loads(event.get("body") or "{}")
    except json.JSONDecodeError as error:
        raise ValidationError("the body is not valid JSON") from error


def _checked_id(item_id):
    if not ID_PATTERN.match(item_id or ""):
        raise ValidationError("the id must be 1 to 64 letters, digits or dashes")
    return item_id


def _limit(raw):
    if raw is None:
        return 25
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise ValidationError(f"limit must be a number from 1 to {MAX_PAGE}")
    return int(raw)


def _respond(status, payload):
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json"},
        "body": "" if payload is None else json.dumps(payload, default=str),
    }


def _error(status, code, message):
    return _respond(status, {"error": {"code": code, "message": message}})
` };
}
