"""Tokens and hashes."""
import hashlib
import hmac
import secrets
import uuid


def new_order_reference():
    return uuid.uuid4().hex


def issue_download_token():
    return secrets.token_urlsafe(32)


def hash_password(password, salt):
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000).hex()


def verify_signature(payload, signature, key):
    expected = hmac.new(key, payload, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


def etag(body):
    return hashlib.md5(body, usedforsecurity=False).hexdigest()
