import hashlib
import os
import sqlite3
import subprocess
import urllib.request

from flask import Flask, jsonify, request, send_file

app = Flask(__name__)
app.config["SECRET_KEY"] = "flask-dev-secret-key-123"  # expect: CWE-798
REPORTS = "/srv/reports"
GITHUB_TOKEN = "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"  # expect: CWE-798


def db():
    return sqlite3.connect("/srv/app.db")


@app.route("/reports/<name>")
def download_report(name):
    path = os.path.join(REPORTS, request.args.get("folder", ""), name)
    return send_file(path)  # expect: CWE-22


@app.route("/reports/raw")
def raw_report():
    filename = request.args["file"]
    with open(REPORTS + "/" + filename, "rb") as fh:  # expect: CWE-22
        return fh.read()


@app.route("/users")
def users():
    name = request.args.get("name", "")
    conn = db()
    rows = conn.execute("SELECT id, email FROM users WHERE name LIKE '%" + name + "%'").fetchall()  # expect: CWE-89
    return jsonify(rows)


@app.route("/ping")
def ping():
    host = request.args.get("host", "localhost")
    out = subprocess.check_output("ping -c 1 " + host, shell=True)  # expect: CWE-78
    listing = os.popen("ls " + request.args.get("dir", ".")).read()  # expect: CWE-78
    return jsonify({"out": out.decode(), "listing": listing})


@app.route("/preview")
def preview():
    url = request.args["url"]
    with urllib.request.urlopen(url) as resp:  # expect: CWE-918
        return resp.read()


@app.route("/calc", methods=["POST"])
def calc():
    expr = request.json["expr"]
    code = compile(expr, "<calc>", "eval")  # expect: CWE-95
    return jsonify({"result": eval(code)})  # expect: CWE-95


@app.route("/login", methods=["POST"])
def login():
    password = request.form["password"]
    digest = hashlib.sha1(password.encode()).hexdigest()  # expect: CWE-328
    print("login attempt with password", password)  # expect: CWE-532
    return jsonify({"digest": digest})
