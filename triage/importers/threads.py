"""Flattening comment threads: every comment, then its replies, each knowing where it hangs.

A stack rather than recursion, so a hostile file nested hundreds of levels deep cannot exhaust
Python's recursion limit.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from triage.importers.fields import as_id, get


@dataclass(frozen=True)
class Node:
    position: str  # e.g. "data[2].replies.data[0]"
    record: object
    parent: "Node | None" = None


def threaded(records: list, position: str, reply_edge: tuple[str, ...]) -> Iterator[Node]:
    """Each of `records` followed by its replies under `reply_edge`, e.g. ("replies", "data"), depth first."""
    return walk(_children(records, position, None), reply_edge)


def walk(nodes: list[Node], reply_edge: tuple[str, ...]) -> Iterator[Node]:
    """Each of `nodes` followed by its replies under `reply_edge`, depth first."""
    stack = nodes[::-1]  # reversed, so that popping yields them in file order
    while stack:
        node = stack.pop()
        yield node
        replies = get(node.record, *reply_edge)
        if isinstance(replies, list):
            stack.extend(_children(replies, f"{node.position}.{'.'.join(reply_edge)}", node)[::-1])


def _children(records: list, position: str, parent: Node | None) -> list[Node]:
    return [Node(f"{position}[{index}]", record, parent) for index, record in enumerate(records)]


def enclosing_id(node: Node) -> str | None:
    """The id of the comment this one is nested under, if any."""
    return as_id(get(node.parent.record, "id")) if node.parent else None


def nearest(node: Node | None, read: Callable[[object], str | None]) -> str | None:
    """`read` of this record, else of the closest enclosing record that has it (replies inherit)."""
    while node is not None:
        if (value := read(node.record)) is not None:
            return value
        node = node.parent
    return None
