import json
import logging
import os
import subprocess

import psycopg2
import requests

from src.repository import find_orders_by_customer
from src.tokens import issue_reset_token

logger = logging.getLogger()
logger.setLevel(logging.INFO)

DB_HOST = os.environ["DB_HOST"]
AWS_ACCESS_KEY_ID = "AKIAJ5Q7R2N4XW3KZ6YB"  # expect: CWE-798
DB_PASSWORD = "Sup3rS3cretPassw0rd!"  # expect: CWE-798
EXPORT_DIR = "/tmp/exports"


def get_connection():
    return psycopg2.connect(host=DB_HOST, user="orders", password=DB_PASSWORD, dbname="orders")


def lambda_handler(event, context):
    logger.info("Received event: %s", json.dumps(event))  # expect: CWE-532
    params = event.get("queryStringParameters") or {}
    order_id = params.get("order_id")
    status = params.get("status", "open")

    conn = get_connection()
    cur = conn.cursor()
    cur.execute(f"SELECT id, total, status FROM orders WHERE id = '{order_id}'")  # expect: CWE-89
    rows = cur.fetchall()

    query = "UPDATE orders SET status = '" + status + "' WHERE id = " + order_id  # expect: CWE-89
    cur.execute(query)
    conn.commit()

    customer = params.get("customer")
    orders = find_orders_by_customer(cur, customer)

    return {"statusCode": 200, "body": json.dumps({"rows": rows, "orders": orders})}


def export_handler(event, context):
    body = json.loads(event["body"])
    report_name = body["report_name"]
    archive = body.get("archive_name", "export.tar.gz")
    subprocess.run(f"tar czf {EXPORT_DIR}/{archive} {report_name}", shell=True, check=True)  # expect: CWE-78
    os.system("gzip " + report_name)  # expect: CWE-78

    with open(os.path.join(EXPORT_DIR, report_name)) as fh:  # expect: CWE-22
        content = fh.read()

    callback_url = body["callback_url"]
    requests.post(callback_url, json={"report": report_name}, timeout=10)  # expect: CWE-918

    resp = requests.get("https://internal.example.com/health", verify=False, timeout=5)  # expect: CWE-295
    return {"statusCode": 200, "body": json.dumps({"size": len(content), "health": resp.status_code})}


def password_reset_handler(event, context):
    body = json.loads(event["body"])
    email = body["email"]
    token = issue_reset_token(email)
    logger.info("Issued reset token %s for %s", token, email)  # expect: CWE-532
    return {"statusCode": 202}
