"""Configuration read at cold start, secrets from AWS Secrets Manager."""
import functools
import json
import os

import boto3

secrets_client = boto3.client("secretsmanager")


@functools.lru_cache(maxsize=1)
def load_database_credentials():
    response = secrets_client.get_secret_value(SecretId=os.environ["DB_SECRET_ARN"])
    return json.loads(response["SecretString"])
