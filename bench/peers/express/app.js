// The intercept hook as people write it with Express: what bench/run
// compares proxyhooks-intercept with. Validates X-Twilio-Signature, looks
// the inbound participant up in SQLite, blocks a banned number or a message
// holding a phone number, and records the interaction in SQLite before
// answering. Settings: BENCH_TOKEN, BENCH_DB, BENCH_BANNED (see the Flask
// peer), BENCH_PATH and BENCH_LISTEN (a Unix socket path).
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const express = require('express');
const Database = require('better-sqlite3');

const token = process.env.BENCH_TOKEN;
const db = new Database(process.env.BENCH_DB, { timeout: 2000 });
db.pragma('journal_mode = WAL');
const banned = new Set(fs.readFileSync(process.env.BENCH_BANNED, 'utf8')
  .split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')));
// Seven or more digits, allowing the separators people type.
const phone = /\+?\d[\d\s().-]{5,}\d/;
const findParticipant = db.prepare('SELECT number FROM participants WHERE sid = ?');
const addEvent = db.prepare('INSERT INTO events (hook, received_ms, idempotency_token,'
  + ' interaction_sid, session_sid, participant_sid, decision, params)'
  + ' VALUES (?, ?, ?, ?, ?, ?, ?, ?)');

function signatureValid(req) {
  const proto = req.get('X-Forwarded-Proto') || req.protocol;
  const url = `${proto}://${req.get('Host')}${req.originalUrl}`;
  const data = url + Object.keys(req.body).sort().map((k) => k + req.body[k]).join('');
  const expected = crypto.createHmac('sha1', token).update(data, 'utf8').digest('base64');
  const got = req.get('X-Twilio-Signature') || '';
  return got.length === expected.length
    && crypto.timingSafeEqual(Buffer.from(got), Buffer.from(expected));
}

const app = express();
app.use(express.urlencoded({ extended: false }));
app.post(process.env.BENCH_PATH || '/intercept', (req, res) => {
  if (!signatureValid(req)) {
    res.status(401).send('invalid signature\n');
    return;
  }
  const form = req.body;
  const row = findParticipant.get(form.inboundParticipantSid || null);
  let decision = 'allow';
  if (row && banned.has(row.number)) {
    decision = 'block';
  } else {
    let body = '';
    try {
      body = JSON.parse(form.interactionData || '{}').body || '';
    } catch (e) {
      body = '';
    }
    if (body && phone.test(body)) decision = 'block';
  }
  addEvent.run('intercept', Date.now(), req.get('I-Twilio-Idempotency-Token') || null,
    form.interactionSid || null, form.interactionSessionSid || null,
    form.inboundParticipantSid || null, decision, JSON.stringify(Object.entries(form)));
  res.status(decision === 'block' ? 403 : 200).end();
});

const listen = process.env.BENCH_LISTEN;
if (fs.existsSync(listen)) fs.unlinkSync(listen);
app.listen(listen, () => fs.chmodSync(listen, 0o666));
