#!/usr/bin/env python3
# t/signgen.py: post randomly generated payloads, signed the way Twilio's
# helper libraries sign (an implementation independent of proxyhooks), to a
# hook; then the same payloads altered after signing. Prints TAP lines
# (no plan; the calling shell test prints it) and a summary on stderr.
#
#   signgen.py URL TOKEN COUNT SEED EXPECT_GOOD EXPECT_BAD [SIGN_URL]
# SIGN_URL is the URL Twilio would have requested, when it differs from
# where the request is actually sent (a TLS-terminating proxy in front).
import base64
import hashlib
import hmac
import http.client
import random
import sys
import urllib.parse

url, token, count, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
expect_good, expect_bad = int(sys.argv[5]), int(sys.argv[6])
sign_url = sys.argv[7] if len(sys.argv) > 7 else url
rng = random.Random(seed)

NAMES = ["AccountSid", "To", "From", "Body", "inboundParticipantSid", "interactionSid",
         "interactionData", "interactionType", "CallSid", "Digits", "NumMedia", "x", "Z",
         "a_b", "na\u00efve", "\u540d\u524d", "k" * 130]
PIECES = ["a", "Z", "0", "9", " ", "+", "'", "&", "=", "%", "%41", "/", "?", "#", "\"", "<",
          ">", "\u00e9", "\u00c7a va", "\u263a", "\U0001F697", "\u05e9\u05dc\u05d5\u05dd",
          "It's amazing", "{\"body\":\"hi\"}", "\t", "\n", "+14155550100"]


def value():
    n = rng.choice([0, 1, 3, 8, 40, 140])
    return "".join(rng.choice(PIECES) for _ in range(n))


def payload():
    params = []
    for _ in range(rng.randint(0, 12)):
        params.append((rng.choice(NAMES), value()))
    if rng.random() < 0.4 and params:      # a repeated name
        params.append((params[0][0], value()))
    return params


def signature(full_url, params):
    data = full_url
    names = sorted({n for n, _ in params}, key=lambda s: s.encode())
    for name in names:
        for v in sorted({v for n, v in params if n == name}, key=lambda s: s.encode()):
            data += name + v
    mac = hmac.new(token.encode(), data.encode(), hashlib.sha1).digest()
    return base64.b64encode(mac).decode()


def query():
    return rng.choice(["", "?foo=1&bar=2", "?Body=It's+amazing", "?q=%27x%27+y&r=%20",
                       "?utf=%C3%A9"])


def post(target, path_query, body, sig):
    parts = urllib.parse.urlsplit(target)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=20)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if sig is not None:
        headers["X-Twilio-Signature"] = sig
    conn.request("POST", parts.path + path_query, body=body.encode(), headers=headers)
    resp = conn.getresponse()
    resp.read()
    conn.close()
    return resp.status


def alter(params, q):
    """The same payload changed after signing, in one of several ways."""
    params = list(params)
    how = rng.randrange(5)
    if how == 0 or not params:
        params.append(("Injected", "1"))
        return params, q, "a parameter added"
    if how == 1:
        i = rng.randrange(len(params))
        params[i] = (params[i][0], params[i][1] + "x")
        return params, q, "a value changed"
    if how == 2:
        i = rng.randrange(len(params))
        del params[i]
        if not params:
            params.append(("Other", "y"))
        return params, q, "a parameter dropped"
    if how == 3:
        return params, q + ("&" if "?" in q else "?") + "extra=1", "the query changed"
    i = rng.randrange(len(params))
    params[i] = (params[i][0] + "s", params[i][1])
    return params, q, "a name changed"


n = 0
good_fail = bad_fail = fivexx = 0
for i in range(count):
    params = payload()
    q = query()
    sig = signature(sign_url + q, params)
    body = urllib.parse.urlencode(params)
    status = post(url, q, body, sig)
    fivexx += status >= 500
    if status != expect_good:
        good_fail += 1
        print("# signed payload %d got %d: %r %r" % (i, status, q, params[:3]))
    altered, q2, how = alter(params, q)
    status = post(url, q2, urllib.parse.urlencode(altered), sig)
    fivexx += status >= 500
    if status != expect_bad:
        bad_fail += 1
        print("# altered payload %d (%s) got %d" % (i, how, status))

print("%sok - %d signed payloads all answered %d" % ("not " if good_fail else "", count, expect_good))
print("%sok - the %d payloads altered after signing all answered %d" %
      ("not " if bad_fail else "", count, expect_bad))
print("%sok - no request got a 5xx" % ("not " if fivexx else ""))
