"""The intercept hook as people write it with Flask: what bench/run compares
proxyhooks-intercept with. Validates X-Twilio-Signature, looks the inbound
participant up in SQLite, blocks a banned number or a message holding a
phone number, and records the interaction in SQLite before answering.

Settings come from the environment: BENCH_TOKEN (the auth token),
BENCH_DB (the SQLite file, with the participants and events tables that
bench/run creates), BENCH_BANNED (the banned-number list, one E.164
number a line) and BENCH_PATH (the URL path it answers)."""
import base64
import hashlib
import hmac
import json
import os
import re
import sqlite3
import time

from flask import Flask, Response, g, request

app = Flask(__name__)

TOKEN = os.environ["BENCH_TOKEN"].encode()
DB = os.environ["BENCH_DB"]
PATH = os.environ.get("BENCH_PATH", "/intercept")
with open(os.environ["BENCH_BANNED"]) as f:
    BANNED = {line.strip() for line in f if line.strip() and not line.startswith("#")}
# Seven or more digits, allowing the separators people type.
PHONE = re.compile(r"\+?\d[\d\s().-]{5,}\d")


def db():
    if "db" not in g:
        g.db = sqlite3.connect(DB, timeout=2)
        g.db.execute("PRAGMA journal_mode = WAL")
    return g.db


@app.teardown_appcontext
def close_db(_exc):
    conn = g.pop("db", None)
    if conn is not None:
        conn.close()


def signature_valid():
    proto = request.headers.get("X-Forwarded-Proto", request.scheme)
    url = f"{proto}://{request.host}{request.full_path.rstrip('?')}"
    data = url + "".join(k + v for k, v in sorted(request.form.items(multi=True)))
    mac = hmac.new(TOKEN, data.encode(), hashlib.sha1).digest()
    expected = base64.b64encode(mac).decode()
    return hmac.compare_digest(expected, request.headers.get("X-Twilio-Signature", ""))


@app.post(PATH)
def intercept():
    if not signature_valid():
        return Response("invalid signature\n", status=401)
    form = request.form
    row = db().execute("SELECT number FROM participants WHERE sid = ?",
                       (form.get("inboundParticipantSid"),)).fetchone()
    decision = "allow"
    if row is not None and row[0] in BANNED:
        decision = "block"
    else:
        try:
            body = json.loads(form.get("interactionData", "{}")).get("body", "")
        except ValueError:
            body = ""
        if body and PHONE.search(body):
            decision = "block"
    conn = db()
    conn.execute(
        "INSERT INTO events (hook, received_ms, idempotency_token, interaction_sid,"
        " session_sid, participant_sid, decision, params) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        ("intercept", int(time.time() * 1000),
         request.headers.get("I-Twilio-Idempotency-Token"), form.get("interactionSid"),
         form.get("interactionSessionSid"), form.get("inboundParticipantSid"), decision,
         json.dumps(list(form.items(multi=True)))))
    conn.commit()
    return Response(status=403 if decision == "block" else 200)
