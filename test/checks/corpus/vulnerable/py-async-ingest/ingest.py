import hashlib
import logging
import marshal
import os
import pathlib
import random
import shutil
import ssl
import subprocess
import urllib.request
import xml.sax
from xml.sax.handler import feature_external_ges

import asyncpg
import httpx
import pymysql
import yaml
from aiohttp import web
from sqlalchemy import text

log = logging.getLogger("ingest")

UPLOAD_ROOT = "/var/data/uploads"
API_KEY = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"  # expect: CWE-798


async def lookup(request):
    data = await request.json()
    conn = await asyncpg.connect(os.environ["PG_DSN"])
    row = await conn.fetchrow(f"SELECT * FROM devices WHERE serial = '{data['serial']}'")  # expect: CWE-89
    return web.json_response(dict(row))


def purge(session, event):
    item_id = event["pathParameters"]["id"]
    session.execute(text(f"DELETE FROM items WHERE id = {item_id}"))  # expect: CWE-89


def transcode(event, context):
    filename = event["queryStringParameters"]["file"]
    cmd = "ffmpeg -i " + filename + " out.mp4"
    proc = subprocess.Popen(cmd, shell=True)  # expect: CWE-78
    whois = os.popen(f"whois {event['domain']}").read()  # expect: CWE-78
    return {"pid": proc.pid, "whois": whois}


def run_plugin(event, context):
    code_str = event["plugin"]
    exec(code_str)  # expect: CWE-95


def proxy(event, context):
    target = event["queryStringParameters"]["target"]
    r = httpx.get(target, timeout=5)  # expect: CWE-918
    url = event["queryStringParameters"]["service"]
    status = urllib.request.urlopen(f"{url}/status").read()  # expect: CWE-918
    return {"body": r.text, "status": status.decode()}


def store_upload(event, context):
    filename = event["headers"]["x-file-name"]
    (pathlib.Path(UPLOAD_ROOT) / filename).write_bytes(event["body"].encode())  # expect: CWE-22
    shutil.rmtree(os.path.join(UPLOAD_ROOT, event["cleanup_dir"]))  # expect: CWE-22


def load_config(event, context):
    cfg = yaml.load(event["body"], Loader=yaml.Loader)  # expect: CWE-502
    cache = marshal.loads(bytes.fromhex(event["cache"]))  # expect: CWE-502
    return cfg, cache


def register(event, context):
    username = event["username"]
    password = event["password"]
    digest = hashlib.new("md5", password.encode()).hexdigest()  # expect: CWE-328
    otp = random.randint(100000, 999999)  # expect: CWE-330
    log.info(f"Registering {username} with password {password}")  # expect: CWE-532
    print(event)  # expect: CWE-532
    db = pymysql.connect(host="db.internal", user="admin", password="r00tP4ssw0rd2024")  # expect: CWE-798
    return {"digest": digest, "otp": otp, "db": db.open}


def fetch_legacy(event, context):
    ctx = ssl.create_default_context()
    ctx.check_hostname = False  # expect: CWE-295
    ctx.verify_mode = ssl.CERT_NONE  # expect: CWE-295
    return urllib.request.urlopen("https://legacy.internal/api", context=ctx).read()


def parse_feed(event, context):
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, True)  # expect: CWE-611
    parser.parse(event["feed_path"])
