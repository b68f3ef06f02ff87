"""The event families, registered in one place: :data:`FAMILIES`.

A family (:class:`~.base.Family`) owns some event kinds: how they are written (its
hooks into ``multiprocessing``), folded into a run's lanes, drawn and summarised.
The recorder core below knows none of them; the views above ask the registry.
Adding a family means writing its module and registering it -- here, or for a test
with :func:`register` -- and edits no engine module.  An event of a kind no family
owns is an error, never silently dropped.

Importing this package installs the registered families' hooks; they do nothing
unless a recording is active.
"""

from __future__ import annotations

from .base import Family, Mark, Span, Style, Zoom, label_text
from .managers import MANAGERS
from .messages import MESSAGES
from .process import PROCESS
from .sync import SYNC
from .tasks import TASKS

_registered: dict[str, Family] = {}
_by_kind: dict[str, Family] = {}


def register(family: Family) -> Family:
    """Add ``family`` (its kinds must be new) and install its hooks."""
    if not isinstance(family, Family):
        raise TypeError(f"family must be a Family, not {type(family).__name__}")
    if family.name in _registered:
        raise ValueError(f"a family called {family.name!r} is registered already")
    taken = [kind for kind in family.kinds if kind in _by_kind]
    if taken:
        raise ValueError(f"event kinds {taken} belong to family {_by_kind[taken[0]].name!r}")
    family.install()
    _registered[family.name] = family
    _by_kind.update(dict.fromkeys(family.kinds, family))
    return family


def unregister(family: Family) -> None:
    """Forget ``family`` (its hooks stay; inert without its events' readers)."""
    _registered.pop(family.name, None)
    for kind in family.kinds:
        _by_kind.pop(kind, None)


def families() -> list[Family]:
    """Every registered family, in the order they were registered."""
    return list(_registered.values())


def family_of(kind: str) -> Family:
    """The family that owns events of ``kind``."""
    try:
        return _by_kind[kind]
    except KeyError:
        raise ValueError(f"unknown event kind {kind!r}: no registered family owns it "
                         f"(families: {', '.join(_registered)})") from None


# every family of the workbook, in drawing order
FAMILIES = (PROCESS, SYNC, MESSAGES, MANAGERS, TASKS)
for _family in FAMILIES:
    register(_family)

__all__ = ["FAMILIES", "PROCESS", "Family", "Mark", "Span", "Style", "Zoom", "families",
           "family_of", "label_text", "register", "unregister"]
