"""Tests for trustrepair.services.notifier: the one way messages reach the person."""

from __future__ import annotations

from trustrepair.services import notifier
from trustrepair.services.notifier import Level, Message


def test_every_listener_gets_each_message_until_it_unsubscribes():
    """Status lines, notes and warnings reach each subscriber, in order, until unsubscribed."""
    first: list[Message] = []
    second: list[Message] = []
    stop_first = notifier.subscribe(first.append)
    stop_second = notifier.subscribe(second.append)
    try:
        notifier.status("Saved.")
        notifier.info("Exported.", "Export")
        stop_first()
        notifier.warning("The disk is full.", "Back up now")
    finally:
        stop_first()
        stop_second()
    assert first == [Message(Level.STATUS, "Saved."), Message(Level.INFO, "Exported.", "Export")]
    assert second[-1] == Message(Level.WARNING, "The disk is full.", "Back up now")
    notifier.status("after both left")
    assert len(second) == 3


def test_a_listener_may_unsubscribe_while_a_message_is_delivered():
    """A listener that leaves on a message does not make the others miss it."""
    got: list[str] = []
    stop: list = []

    def leave(message: Message) -> None:
        got.append("left")
        stop[0]()

    stop.append(notifier.subscribe(leave))
    stop_other = notifier.subscribe(lambda m: got.append(m.text))
    try:
        notifier.status("once")
        notifier.status("twice")
    finally:
        stop_other()
    assert got == ["left", "once", "twice"]
