"""What the nbval plugins of this suite share: nbval's collected items, per notebook."""

from __future__ import annotations

from nbval.plugin import IPyNbCell, IPyNbFile


def by_notebook(items) -> list:
    """``items`` in collection order, each notebook's cells gathered into one list (in
    the order nbval collected them: the document's) at the place of its first cell;
    any other item as it is."""
    result, groups = [], {}
    for item in items:
        if isinstance(item, IPyNbCell) and isinstance(item.parent, IPyNbFile):
            if item.parent not in groups:
                groups[item.parent] = []
                result.append(groups[item.parent])
            groups[item.parent].append(item)
        else:
            result.append(item)
    return result
