"""Device ingest service (aiohttp + asyncpg)."""
import asyncio
import hashlib
import logging
import os
import random
import shlex
import subprocess
from pathlib import Path

import asyncpg
import httpx
from aiohttp import web
from sqlalchemy import text

log = logging.getLogger("ingest")

UPLOAD_ROOT = Path("/var/data/uploads")
STATUS_API = "https://status.example.com/v2"
RETRY_BASE_SECONDS = 0.2


async def lookup(request):
    data = await request.json()
    conn = await asyncpg.connect(os.environ["PG_DSN"])
    try:
        row = await conn.fetchrow("SELECT * FROM devices WHERE serial = $1", data["serial"])
    finally:
        await conn.close()
    if row is None:
        raise web.HTTPNotFound()
    log.info("device %s looked up", row["id"])
    return web.json_response(dict(row))


def purge(session, event):
    item_id = int(event["pathParameters"]["id"])
    session.execute(text("DELETE FROM items WHERE id = :id"), {"id": item_id})


def transcode(event, context):
    filename = Path(event["queryStringParameters"]["file"]).name
    source = UPLOAD_ROOT / filename
    subprocess.run(["ffmpeg", "-nostdin", "-i", str(source), "out.mp4"], check=True, timeout=300)
    archive = shlex.quote(filename)
    subprocess.run(f"tar czf /tmp/archive.tgz {archive}", shell=True, check=True, cwd=UPLOAD_ROOT)
    return {"ok": True}


async def check_status(device_id):
    for attempt in range(3):
        try:
            async with httpx.AsyncClient(timeout=5) as client:
                response = await client.get(f"{STATUS_API}/devices/{device_id}")
                response.raise_for_status()
                return response.json()
        except httpx.HTTPError:
            await asyncio.sleep(RETRY_BASE_SECONDS * 2 ** attempt + random.uniform(0, 0.1))
    return None


def content_digest(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()


def pick_variant(variants):
    return random.choice(variants)
