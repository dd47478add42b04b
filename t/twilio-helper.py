#!/usr/bin/python3
# t/twilio-helper.py: Twilio's own helper library (Debian's python3-twilio)
# on the other side of the tests: requests signed with its RequestValidator,
# and the TwiML its VoiceResponse builds, to compare the programs' answers
# with.
#
#   twilio-helper.py post URL TOKEN IDEMPOTENCY_TOKEN name=value ...
#       POST the fields, signed; print "HTTP STATUS", then the body
#   twilio-helper.py dial CALLER_ID NUMBER    <Dial callerId=><Number/></Dial>
#   twilio-helper.py reject                   <Reject/>
#   twilio-helper.py say TEXT                 <Say>TEXT</Say><Hangup/>
#   twilio-helper.py same XML_A XML_B         exit 0 when both are the same
#                                              document (canonical XML)
import sys
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

from twilio.request_validator import RequestValidator
from twilio.twiml.voice_response import Dial, VoiceResponse


def post(url, token, idempotency, fields):
    params = {}
    for field in fields:
        name, _, value = field.partition("=")
        params[name] = value
    signature = RequestValidator(token).compute_signature(url, params)
    headers = {"X-Twilio-Signature": signature,
               "Content-Type": "application/x-www-form-urlencoded"}
    if idempotency != "-":
        headers["I-Twilio-Idempotency-Token"] = idempotency
    request = urllib.request.Request(url, data=urllib.parse.urlencode(params).encode(),
                                     headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            status, body = answer.status, answer.read()
    except urllib.error.HTTPError as e:
        status, body = e.code, e.read()
    print("HTTP %d" % status)
    print(body.decode())


def main(argv):
    what = argv[1]
    if what == "post":
        post(argv[2], argv[3], argv[4], argv[5:])
    elif what == "dial":
        response = VoiceResponse()
        dial = Dial(caller_id=argv[2])
        dial.number(argv[3])
        response.append(dial)
        print(response)
    elif what == "reject":
        response = VoiceResponse()
        response.reject()
        print(response)
    elif what == "say":
        response = VoiceResponse()
        response.say(argv[2])
        response.hangup()
        print(response)
    elif what == "same":
        a, b = (ET.canonicalize(x.strip()) for x in argv[2:4])
        return 0 if a == b else 1
    else:
        print("unknown command %s" % what, file=sys.stderr)
        return 2
    return 0


sys.exit(main(sys.argv))
