import base64
import logging
import pickle

import yaml
from lxml import etree

logger = logging.getLogger(__name__)


def handler(event, context):
    payload = base64.b64decode(event["body"])
    job = pickle.loads(payload)  # expect: CWE-502
    settings = yaml.load(event["settings"])  # expect: CWE-502
    parser = etree.XMLParser(resolve_entities=True)  # expect: CWE-611
    doc = etree.fromstring(event["document"].encode(), parser)
    expression = event["filter"]
    matches = eval(expression, {"doc": doc})  # expect: CWE-95
    logger.debug("headers: %s", event["headers"])  # expect: CWE-532
    return {"job": job, "settings": settings, "matches": matches}


def safe_settings(text):
    return yaml.load(text, Loader=yaml.SafeLoader)
