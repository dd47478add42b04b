#!/usr/bin/env python3
"""t/fcgi-client.py: a FastCGI client that sends a body the way some web
servers do after a program has refused it: part of it, a pause, the rest.

    fcgi-client.py SOCKET LENGTH FIRST PAUSE_MS NAME=VALUE...
    fcgi-client.py SOCKET @FILE FIRST PAUSE_MS NAME=VALUE...

The body is LENGTH bytes "a", or what FILE holds (LENGTH its size).

Sends the parameters (CONTENT_LENGTH=LENGTH and the NAME=VALUE pairs), then
FIRST bytes of the body, waits PAUSE_MS, sends the rest and the empty
FCGI_STDIN record (with no pause, all of it in one write), and reads the
answer. Prints one line:
    status=NNN sent=all        every record was written, then the answer read
    status=NNN sent=cut        the program closed before the body was all sent
    status=none ...            no answer came
With FCGI_CLIENT_AFTER=1 in the environment, once the program has ended
the answer (the connection reads as closed) a record is written to it, and
the line ends with one more word:
    after=closed               the program had closed the connection
    after=open                 it had only shut its sending side, and read on
"""
import os
import socket
import struct
import sys
import time

BEGIN, END, PARAMS, STDIN, STDOUT = 1, 3, 4, 5, 6


def record(kind, content=b""):
    pad = (8 - len(content) % 8) % 8
    return struct.pack(">BBHHBB", 1, kind, 1, len(content), pad, 0) + content + b"\0" * pad


def pair(name, value):
    def size(n):
        return bytes([n]) if n < 128 else struct.pack(">I", n | 0x80000000)
    return size(len(name)) + size(len(value)) + name + value


def main():
    path, first, pause_ms = sys.argv[1], int(sys.argv[3]), int(sys.argv[4])
    if sys.argv[2].startswith("@"):
        with open(sys.argv[2][1:], "rb") as f:
            body = f.read()
        length = len(body)
    else:
        length = int(sys.argv[2])
        body = b"a" * length
    params = {"CONTENT_LENGTH": str(length)}
    for arg in sys.argv[5:]:
        name, _, value = arg.partition("=")
        params[name] = value
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(20)
    s.connect(path)
    sent = "all"
    before = [record(BEGIN, struct.pack(">HB5x", 1, 0)),
              record(PARAMS, b"".join(pair(k.encode(), v.encode()) for k, v in params.items())),
              record(PARAMS)]
    before += [record(STDIN, body[at:min(at + 8192, first)]) for at in range(0, first, 8192)]
    after = [record(STDIN, body[at:min(at + 8192, length)]) for at in range(first, length, 8192)]
    after.append(record(STDIN))
    try:
        # With no pause, in one write, as a web server sends a request: the
        # program reads the end record with the rest.
        if pause_ms == 0:
            s.sendall(b"".join(before + after))
        else:
            s.sendall(b"".join(before))
            time.sleep(pause_ms / 1000.0)
            for piece in after:
                s.sendall(piece)
    except (BrokenPipeError, ConnectionResetError):
        sent = "cut"
    out = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            out += chunk
    except (ConnectionResetError, socket.timeout):
        pass
    stdout = b""
    while len(out) >= 8:
        _, kind, _, clen, plen, _ = struct.unpack(">BBHHBB", out[:8])
        if kind == STDOUT:
            stdout += out[8:8 + clen]
        out = out[8 + clen + plen:]
    status = "none"
    for line in stdout.split(b"\r\n"):
        if line.startswith(b"Status: "):
            status = line[8:11].decode()
            break
    after = ""
    if os.environ.get("FCGI_CLIENT_AFTER") == "1":
        try:
            s.sendall(record(STDIN))
            after = " after=open"
        except (BrokenPipeError, ConnectionResetError):
            after = " after=closed"
    print("status=%s sent=%s%s" % (status, sent, after))


main()
