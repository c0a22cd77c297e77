"""The drills' own parts that need no servers: the port finder and the mail sink's counting."""

from __future__ import annotations

import smtplib
import socket

import pytest

from drills.harness import SmtpSink, free_port, wait_for


def test_a_free_port_can_be_listened_on():
    port = free_port()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", port))


@pytest.fixture
def sink():
    sink = SmtpSink()
    sink.start()
    yield sink
    sink.stop()


def send(sink: SmtpSink, to: str) -> None:
    with smtplib.SMTP("127.0.0.1", sink.port, timeout=5) as client:
        client.sendmail("portal@example.org", [to], "Subject: hi\r\n\r\nA link")


def test_the_mail_sink_counts_each_message_per_recipient(sink):
    send(sink, "a@example.org")
    send(sink, "A@example.org")
    send(sink, "b@example.org")
    assert sink.received == {"a@example.org": 2, "b@example.org": 1}
    assert sink.total() == 3
    assert sink.duplicates() == {"a@example.org": 2}


def test_a_refusing_mail_sink_answers_451_and_counts_nothing(sink):
    sink.mode = "refuse"
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        send(sink, "a@example.org")
    assert refused.value.recipients["a@example.org"][0] == 451
    assert (sink.total(), sink.refused) == (0, 1)


def test_waiting_gives_up_with_what_it_waited_for():
    with pytest.raises(AssertionError, match="the moon"):
        wait_for(lambda: False, 0.2, 0.05, what="the moon")
