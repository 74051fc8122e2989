import hashlib
import random
import string


def issue_reset_token(email):
    alphabet = string.ascii_letters + string.digits
    token = "".join(random.choice(alphabet) for _ in range(32))  # expect: CWE-330
    return token


def hash_password(password, salt):
    return hashlib.md5((salt + password).encode()).hexdigest()  # expect: CWE-328


def make_session_id():
    return str(random.getrandbits(64))  # expect: CWE-330


def cache_key(payload):
    # MD5 here is only a cache key, not a credential.
    return hashlib.md5(payload.encode()).hexdigest()
