"""Materialized paths computed in bulk, for imports and synthetic trees (treebeard's add_child is one
node at a time). Paths follow treebeard's MP_Node layout: ``steplen`` characters per level from
``alphabet``, siblings numbered from 1."""

from orgs.models import LEVEL_DEPTH, Level, Organization

STEPLEN = Organization.steplen
ALPHABET = Organization.alphabet
BASE = len(ALPHABET)
# The first characters of a path that name its street: the organization's street (or the district itself).
STREET_PATH_LENGTH = STEPLEN * LEVEL_DEPTH[Level.STREET]
# The characters of the district's own path: a grant no longer than this covers a whole district.
DISTRICT_PATH_LENGTH = STEPLEN * LEVEL_DEPTH[Level.DISTRICT]


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
