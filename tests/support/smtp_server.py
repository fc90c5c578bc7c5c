"""A real SMTP server for papila's dispatch tests: aiosmtpd (the Python project's maintained SMTP
server) on loopback, storing every accepted message as a file, with faults injected on request.

    python3 smtp_server.py --port N --maildir DIR [--reject ADDR]... [--defer ADDR]...
                           [--drop ADDR]... [--delay-ms MS] [--require-auth USER:PASSWORD]

--reject ADDR   550 at RCPT TO for ADDR, every time (a bad address)
--defer ADDR    451 after DATA for ADDR, the first time only (greylisting, throttling)
--drop ADDR     close the connection after DATA for ADDR without a reply, the first time only
--delay-ms MS   wait this long after storing a message before answering 250 (a slow relay)
--require-auth  refuse mail until the client logs in with USER:PASSWORD (AUTH PLAIN/LOGIN)
--tls MODE      "starttls" (required before MAIL) or "implicit" (TLS from the first byte), with
                --cert and --key (PEM); stored messages then start with an X-Tls line

A message is stored before the 250 reply, as a real MTA commits its queue file before answering;
so a client killed while waiting for the reply still had its message delivered. Prints "ready PORT"
on stdout once it listens (`--port 0`: a port the system picked).
"""

import argparse
import asyncio
import os
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--maildir", required=True)
    ap.add_argument("--reject", action="append", default=[])
    ap.add_argument("--defer", action="append", default=[])
    ap.add_argument("--drop", action="append", default=[])
    ap.add_argument("--delay-ms", type=int, default=0)
    ap.add_argument("--require-auth", default=None)
    ap.add_argument("--tls", choices=["starttls", "implicit"], default=None)
    ap.add_argument("--cert")
    ap.add_argument("--key")
    args = ap.parse_args()
    context = None
    if args.tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.cert, args.key)
    os.makedirs(args.maildir, exist_ok=True)

    handler = Handler(args)
    auth = None
    if args.require_auth:
        user, password = args.require_auth.split(":", 1)

        def auth(server, session, envelope, mechanism, data):
            ok = isinstance(data, LoginPassword) and data.login.decode() == user \
                and data.password.decode() == password
            return AuthResult(success=ok, handled=False)

    def factory():
        return SMTP(
            handler,
            hostname="papila-test",
            authenticator=auth,
            auth_required=bool(auth),
            # Loopback only, for tests: AUTH without TLS is allowed here, never on a real relay.
            auth_require_tls=False,
            tls_context=context if args.tls == "starttls" else None,
            require_starttls=args.tls == "starttls",
        )

    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(loop.create_server(
        factory, "127.0.0.1", args.port, ssl=context if args.tls == "implicit" else None))
    # With --port 0 the system picks a free port: no other test can take it between a check and
    # the bind. The port is on the "ready" line.
    port = server.sockets[0].getsockname()[1]
    print(f"ready {port}", flush=True)
    try:
        loop.run_forever()
    finally:
        server.close()


class Handler:
    def __init__(self, args):
        self.args = args
        self.deferred = set()
        self.dropped = set()
        self.stored = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.args.reject:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        rcpts = envelope.rcpt_tos
        for address in rcpts:
            if address in self.args.drop and address not in self.dropped:
                self.dropped.add(address)
                log(f"dropping the connection after DATA for {address}")
                server.transport.close()
                return "421 closing"  # never reaches the client: the connection is gone
        for address in rcpts:
            if address in self.args.defer and address not in self.deferred:
                self.deferred.add(address)
                return f"451 4.7.1 <{address}>: Greylisted, please try again later"
        self.stored += 1
        name = f"{os.getpid()}-{self.stored:06d}"
        tmp = os.path.join(self.args.maildir, f".{name}.tmp")
        with open(tmp, "wb") as f:
            f.write(f"X-Envelope-To: {','.join(rcpts)}\r\n".encode())
            if session.ssl is not None or server.transport.get_extra_info("sslcontext"):
                f.write(b"X-Tls: yes\r\n")
            f.write(envelope.original_content)
            f.flush()
            os.fsync(f.fileno())
        os.rename(tmp, os.path.join(self.args.maildir, f"{name}.eml"))
        if self.args.delay_ms:
            await asyncio.sleep(self.args.delay_ms / 1000)
        return f"250 2.0.0 Ok: queued as {name}"


def log(text):
    print(text, file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
