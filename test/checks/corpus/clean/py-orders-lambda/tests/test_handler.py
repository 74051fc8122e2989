import json
from unittest.mock import MagicMock, patch

import pytest

from src import handler


@pytest.fixture
def context():
    ctx = MagicMock()
    ctx.aws_request_id = "req-123"
    return ctx


def test_get_order_rejects_bad_id(context):
    event = {"pathParameters": {"orderId": "../../etc/passwd"}}
    response = handler.get_order(event, context)
    assert response["statusCode"] == 400


def test_get_order_returns_item(context):
    with patch.object(handler, "table") as table:
        table.get_item.return_value = {"Item": {"orderId": "o-1", "status": "open"}}
        response = handler.get_order({"pathParameters": {"orderId": "o-1"}}, context)
    assert response["statusCode"] == 200
    assert json.loads(response["body"])["orderId"] == "o-1"


def test_create_order_requires_items(context):
    event = {"body": json.dumps({"items": []}), "requestContext": {"authorizer": {"jwt": {"claims": {"sub": "u-1"}}}}}
    assert handler.create_order(event, context)["statusCode"] == 400
