"""A real SMTP server for tests (aiosmtpd on a free loopback port) that keeps what it receives."""

import email
import email.policy
import socket
import time
from dataclasses import dataclass, field

from aiosmtpd.controller import Controller


@dataclass
class Inbox:
    messages: list = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)
        return "250 OK"

    def wait_for(self, count: int = 1, timeout: float = 10.0) -> list:
        """Mail is sent after commit, sometimes from another thread: wait for it to arrive."""
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.messages) >= count, f"expected {count} e-mail(s), got {len(self.messages)}"
        return self.messages

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in m["To"]]

    @staticmethod
    def text_of(message) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Flaky(Inbox):
    """Answers "421 try again later" to the first `refusals` messages, then accepts."""

    refusals: int = 2
    refused: int = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        if self.refused < self.refusals:
            self.refused += 1
            return "421 4.3.2 Try again later"
        return await super().handle_DATA(server, session, envelope)


@dataclass
class NoSuchUser(Inbox):
    """Refuses every recipient: "550 no such user"."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        return "550 5.1.1 No such user here"


@dataclass
class Slow(Inbox):
    """Takes `delay` seconds to accept each message (a wide window to kill a sender in); a
    sender gone before the answer leaves nothing, as a real server discards unfinished data."""

    delay: float = 5.0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        import asyncio

        await asyncio.sleep(self.delay)
        return await super().handle_DATA(server, session, envelope)


def start_smtp(handler: Inbox | None = None, port: int | None = None) -> tuple[Controller, Inbox]:
    inbox = handler if handler is not None else Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port or free_port())
    controller.start()
    return controller, inbox
