"""The data files shipped in ``framing/data`` (cue lists, rules, names, segmentation)."""

from __future__ import annotations

import re
from importlib import resources
from typing import Any

import yaml

from framing.errors import InputError

__all__ = ["packaged_yaml"]

#: libyaml's loader when PyYAML was built with it, about 6x faster than the pure
#: Python one (0.18 -> 0.03 s for first_names.yaml, read by every worker).
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"


class _CoreLoader(_BASE_LOADER):  # type: ignore[misc,valid-type]
    """PyYAML's safe loader with the plain scalars of YAML 1.2's core schema.

    PyYAML follows YAML 1.1, which reads ``no``, ``on``, ``yes`` and ``off`` as
    booleans, ``0012`` as the octal number 10 and ``1:30`` as 90; in a word list
    that silently turned the abbreviation ``no`` into ``"false"``.  Here only
    ``true`` / ``false`` are booleans, only decimal numbers are numbers, dates are
    text, and ``~``, ``null`` or nothing is none.
    """


def plain_string_resolvers(loader: type) -> dict[str, list]:
    """``loader``'s implicit resolvers without those that turn plain scalars into booleans,
    numbers or dates: only ``~`` / ``null`` / nothing (none) and ``<<`` (merge) remain,
    so every other plain scalar is read as the text written."""
    return {first: [(tag, rx) for tag, rx in resolvers
                    if tag in ("tag:yaml.org,2002:null", "tag:yaml.org,2002:merge")]
            for first, resolvers in loader.yaml_implicit_resolvers.items()}


_CoreLoader.yaml_implicit_resolvers = plain_string_resolvers(_BASE_LOADER)
_CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
_CoreLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$"
               r"|^[-+]?[0-9]+[eE][-+]?[0-9]+$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$"),
    list("-+0123456789."))


def packaged_yaml(name: str) -> Any:
    """Parse ``framing/data/<name>``: YAML 1.2 plain scalars, word lists checked.

    Parameters
    ----------
    name : str
        File name inside ``framing/data``.

    Returns
    -------
    Any
        The parsed document.

    Raises
    ------
    InputError
        If an item of any list is a plain scalar that does not read as text
        (``- true``, ``- 12``): every list in these files is a word list.
    """
    text = resources.files("framing").joinpath("data", name).read_text("utf-8")
    return load_yaml_text(text, f"framing/data/{name}")


def load_yaml_text(text: str, where: str) -> Any:
    """:func:`packaged_yaml` on ``text``; ``where`` names it in errors."""
    loader = _CoreLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        _check_lists(root, where)
        return loader.construct_document(root)
    finally:
        loader.dispose()


def _check_lists(root: yaml.Node, where: str) -> None:
    """Raise if a scalar item of a list is not text."""
    todo = [root]
    while todo:
        node = todo.pop()
        if isinstance(node, yaml.MappingNode):
            todo.extend(v for _, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                if isinstance(item, yaml.ScalarNode):
                    if item.tag != _STR:
                        kind = item.tag.rsplit(":", 1)[-1]
                        raise InputError(
                            f"list item {item.value!r} reads as YAML {kind}, not as a word",
                            path=where, line=item.start_mark.line + 1,
                            hint=f'quote it: "{item.value}"')
                else:
                    todo.append(item)
