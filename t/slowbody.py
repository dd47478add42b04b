#!/usr/bin/env python3
"""Slow bodies, then a signed request, on loopback only.

usage: slowbody.py PORT PATH SLOW SIGNATURE BODY [WAIT]

Opens SLOW connections to 127.0.0.1:PORT that each announce
Content-Length: 60000 and send their body at one byte a second, waits a
moment for the server to take them up, then sends the signed BODY with
SIGNATURE to PATH. Prints one line for the signed request,
    signed STATUS open=N
where N is how many slow connections had no answer yet when the signed
answer came, then one line per slow connection, "slow STATUS" (the status
it was answered with, or "open" when it had none WAIT seconds (default
20) after the start, or
"closed" when the server closed it without an answer). Bounded: SLOW is
at most 16, and every connection is closed within 30 seconds.
"""
import select
import socket
import sys
import time

HOST = "127.0.0.1"
LENGTH = 60000


def head(port, path, length, extra=""):
    return ("POST %s HTTP/1.1\r\nHost: %s:%d\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            "Content-Length: %d\r\n%sConnection: close\r\n\r\n"
            % (path, HOST, port, length, extra)).encode()


def status_of(data):
    """The status of an HTTP answer's first line, or None."""
    line = data.split(b"\r\n", 1)[0].split()
    return line[1].decode() if len(line) > 1 else None


def main():
    port, path, count = int(sys.argv[1]), sys.argv[2], min(int(sys.argv[3]), 16)
    signature, body = sys.argv[4], sys.argv[5].encode()
    start = time.monotonic()
    slow = []
    for _ in range(count):
        s = socket.create_connection((HOST, port), timeout=5)
        s.sendall(head(port, path, LENGTH) + b"a")
        slow.append({"sock": s, "sent": 1, "answer": b"", "done": False})
    answers = {}

    def poll(until):
        """Trickle the slow bodies and collect answers until `until`."""
        while time.monotonic() < until:
            live = [c for c in slow if not c["done"]]
            if not live:
                return
            ready, _, _ = select.select([c["sock"] for c in live], [], [], 0.05)
            for c in live:
                if c["sock"] in ready:
                    try:
                        data = c["sock"].recv(4096)
                    except OSError:
                        data = b""
                    c["answer"] += data
                    if not data or b"\r\n" in c["answer"]:
                        c["done"] = True
            for c in live:
                due = 1 + int(time.monotonic() - start)
                if not c["done"] and c["sent"] < due and c["sent"] < LENGTH:
                    try:
                        c["sock"].sendall(b"a")
                        c["sent"] += 1
                    except OSError:
                        c["done"] = True

    # Let the server take the slow requests up first.
    poll(time.monotonic() + 0.3)
    signed = socket.create_connection((HOST, port), timeout=10)
    signed.sendall(head(port, path, len(body), "X-Twilio-Signature: %s\r\n" % signature) + body)
    got = b""
    deadline = time.monotonic() + 25
    while b"\r\n" not in got and time.monotonic() < deadline:
        # The slow ones keep trickling while the signed request waits.
        ready, _, _ = select.select([signed], [], [], 0.05)
        if ready:
            data = signed.recv(4096)
            if not data:
                break
            got += data
        else:
            poll(time.monotonic() + 0.05)
    still_open = sum(1 for c in slow if not c["done"])
    print("signed %s open=%d" % (status_of(got), still_open))
    signed.close()
    poll(start + (float(sys.argv[6]) if len(sys.argv) > 6 else 20))
    for c in slow:
        if not c["done"]:
            print("slow open")
        else:
            print("slow %s" % (status_of(c["answer"]) or "closed"))
        c["sock"].close()


if __name__ == "__main__":
    main()
