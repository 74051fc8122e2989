"""HTTP API handlers for the orders service."""
import json
import logging
import os
import re
import subprocess
import tempfile
from decimal import Decimal

import boto3
import psycopg2
import requests
import yaml
from aws_lambda_powertools import Logger
from boto3.dynamodb.conditions import Key
from defusedxml import ElementTree

from src.config import load_database_credentials

logger = Logger(service="orders")
std_logger = logging.getLogger(__name__)

TABLE_NAME = os.environ["TABLE_NAME"]
EXPORT_BUCKET = os.environ["EXPORT_BUCKET"]
PARTNER_API = "https://api.partner.example.com"
ORDER_ID = re.compile(r"^[A-Za-z0-9-]{1,64}$")

dynamodb = boto3.resource("dynamodb")
table = dynamodb.Table(TABLE_NAME)
s3 = boto3.client("s3")


def _response(status, body):
    return {
        "statusCode": status,
        "headers": {"Content-Type": "application/json"},
        "body": json.dumps(body, default=str),
    }


def _connect():
    credentials = load_database_credentials()
    return psycopg2.connect(
        host=credentials["host"],
        user=credentials["username"],
        password=credentials["password"],
        dbname=credentials["dbname"],
        connect_timeout=5,
    )


@logger.inject_lambda_context
def get_order(event, context):
    order_id = (event.get("pathParameters") or {}).get("orderId", "")
    if not ORDER_ID.match(order_id):
        return _response(400, {"message": "invalid order id"})
    logger.info("Fetching order", extra={"order_id": order_id, "request_id": context.aws_request_id})
    item = table.get_item(Key={"orderId": order_id}).get("Item")
    if item is None:
        return _response(404, {"message": "order not found"})
    return _response(200, item)


def list_orders(event, context):
    params = event.get("queryStringParameters") or {}
    customer_id = params.get("customerId", "")
    status = params.get("status", "open")
    with _connect() as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT id, total, status FROM orders WHERE customer_id = %s AND status = %s ORDER BY created_at DESC LIMIT 50",
            (customer_id, status),
        )
        rows = cur.fetchall()
    return _response(200, {"orders": [{"id": r[0], "total": str(r[1]), "status": r[2]} for r in rows]})


def create_order(event, context):
    try:
        body = json.loads(event.get("body") or "{}", parse_float=Decimal)
    except json.JSONDecodeError:
        return _response(400, {"message": "body must be JSON"})
    items = body.get("items", [])
    if not items:
        return _response(400, {"message": "an order needs at least one item"})
    claims = event["requestContext"]["authorizer"]["jwt"]["claims"]
    order = {"orderId": context.aws_request_id, "customerId": claims["sub"], "items": items, "status": "open"}
    table.put_item(Item=order, ConditionExpression="attribute_not_exists(orderId)")
    std_logger.info("Created order %s with %d items", order["orderId"], len(items))
    return _response(201, {"orderId": order["orderId"]})


def export_orders(event, context):
    body = json.loads(event.get("body") or "{}")
    report_name = os.path.basename(body.get("reportName", "orders"))
    with tempfile.TemporaryDirectory() as workdir:
        csv_path = os.path.join(workdir, report_name + ".csv")
        with open(csv_path, "w", encoding="utf-8") as fh:
            fh.write("id,total\n")
        subprocess.run(["gzip", "--best", csv_path], check=True, timeout=30)
        s3.upload_file(csv_path + ".gz", EXPORT_BUCKET, f"exports/{report_name}.csv.gz")
    return _response(202, {"report": report_name})


def sync_partner(event, context):
    order_id = (event.get("pathParameters") or {}).get("orderId", "")
    if not ORDER_ID.match(order_id):
        return _response(400, {"message": "invalid order id"})
    resp = requests.get(f"{PARTNER_API}/orders/{order_id}", timeout=10)
    resp.raise_for_status()
    return _response(200, resp.json())


def import_settings(event, context):
    settings = yaml.safe_load(event.get("body") or "")
    return _response(200, {"keys": sorted(settings or {})})


def import_catalogue(event, context):
    root = ElementTree.fromstring(event.get("body") or "<catalogue/>")
    return _response(200, {"products": len(root.findall("product"))})
