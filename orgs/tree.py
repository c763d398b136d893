"""Materialized paths computed in bulk, for imports and synthetic trees (treebeard's add_child is one
node at a time). Paths follow treebeard's MP_Node layout: ``steplen`` characters per level from
``alphabet``, siblings numbered from 1."""

import functools

from django.conf import settings

from orgs.models import LEVEL_ORDER, Level, Organization

STEPLEN = Organization.steplen
ALPHABET = Organization.alphabet
BASE = len(ALPHABET)


def root_level() -> Level:
    """The level of the tree's roots: a district deployment's district, or a province (or city) above districts."""
    return Level(settings.ORG_TREE_ROOT_LEVEL)


@functools.cache
def _level_depths(root: str) -> dict[str, int]:
    start = LEVEL_ORDER.index(root)
    return {level: index - start + 1 for index, level in enumerate(LEVEL_ORDER) if index >= start}


def level_depth(level: str) -> int:
    """A level's depth in treebeard's numbering (the root is 1) under the deployment's root level."""
    depth = _level_depths(settings.ORG_TREE_ROOT_LEVEL).get(level)
    if depth is None:
        raise ValueError(f"level {level} lies above the tree's root level {root_level()}")
    return depth


def street_path_length() -> int:
    """The first characters of a path that name its street: the organization's street, or the organization itself
    when it lies above the streets (a district, a city, the province)."""
    return STEPLEN * level_depth(Level.STREET)


def district_path_length() -> int:
    """The characters of a district's own path: a grant no longer than this covers a whole district or more."""
    return STEPLEN * level_depth(Level.DISTRICT)


def street_path_of(path: str) -> str:
    """The path of an organization's street (its own path above the streets)."""
    return path[: street_path_length()]


def path_step(index: int) -> str:
    """The path segment of the index-th child (1-based)."""
    if index < 1 or index >= BASE**STEPLEN:
        raise ValueError(f"child index {index} out of range")
    digits = []
    while index:
        index, remainder = divmod(index, BASE)
        digits.append(ALPHABET[remainder])
    return "".join(reversed(digits)).rjust(STEPLEN, ALPHABET[0])


def step_index(step: str) -> int:
    value = 0
    for character in step:
        value = value * BASE + ALPHABET.index(character)
    return value


def child_path(parent_path: str, index: int) -> str:
    return parent_path + path_step(index)


def last_step_index(path: str) -> int:
    """The sibling number of a node from its path."""
    return step_index(path[-STEPLEN:])


def depth_of(path: str) -> int:
    return len(path) // STEPLEN
