"""The scored tree of one evaluation: the template's leaves with a community's personalised sub-items in place."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from scoring.definitions import Item, Kind, SubItem, Template, TreeLevel

# A stored row of a template (scoring.models.StoredItem) or a personalised sub-item; read by attribute only.
StoredItem = Any


@dataclass
class Leaf:
    """One input of the score-entry form: a template leaf or a personalised sub-item."""

    code: str
    name: str
    points_min: Decimal
    points_max: Decimal
    kind: str
    standard: str
    dimension_code: str
    item: StoredItem | None = None
    personalized_item: object | None = None  # PersonalizedItem

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def low(self) -> Decimal:
        return self.points_min

    @property
    def high(self) -> Decimal:
        return Decimal(0) if self.kind == Kind.DEDUCTION else self.points_max


@dataclass
class TreeItem:
    code: str
    name: str
    points_max: Decimal
    standard: str
    leaves: list[Leaf] = field(default_factory=list)


@dataclass
class TreeDimension:
    code: str
    name: str
    points_max: Decimal
    personalised: bool
    items: list[TreeItem] = field(default_factory=list)
    vetoes: list[StoredItem] = field(default_factory=list)

    @property
    def leaves(self) -> list[Leaf]:
        return [leaf for item in self.items for leaf in item.leaves]


@dataclass
class Tree:
    dimensions: list[TreeDimension]
    template_vetoes: list[StoredItem]

    @property
    def leaves(self) -> list[Leaf]:
        return [leaf for dimension in self.dimensions for leaf in dimension.leaves]

    @property
    def vetoes(self) -> list[StoredItem]:
        return [veto for dimension in self.dimensions for veto in dimension.vetoes] + self.template_vetoes

    def leaf_by_code(self) -> dict[str, Leaf]:
        return {leaf.code: leaf for leaf in self.leaves}


def build_tree(items: Iterable[StoredItem], personalized_items: Iterable) -> Tree:
    """Arrange a template's stored items (in order) and the community's personalised sub-items as a tree.

    Under a personalised dimension an item with personalised sub-items is scored through them; without any,
    the item itself is scored (its points are the street's default).
    """
    personalised_by_parent = defaultdict(list)
    for personalised in personalized_items:
        personalised_by_parent[personalised.parent_code].append(personalised)
    dimensions: dict[str, TreeDimension] = {}
    tree_items: dict[str, TreeItem] = {}
    template_vetoes: list[StoredItem] = []
    for row in items:
        if row.level == TreeLevel.DIMENSION:
            dimensions[row.code] = TreeDimension(row.code, row.name, row.points_max, row.personalised)
        elif row.level == TreeLevel.ITEM:
            tree_item = TreeItem(row.code, row.name, row.points_max, row.standard)
            tree_items[row.code] = tree_item
            dimensions[row.parent_code].items.append(tree_item)
            children = personalised_by_parent.get(row.code, [])
            if children:
                tree_item.leaves.extend(
                    Leaf(p.code, p.name, Decimal(0), p.points_max, Kind.POINTS, p.standard, row.dimension_code, None, p)
                    for p in children
                )
            elif row.is_leaf:
                tree_item.leaves.append(_leaf(row))
        elif row.level == TreeLevel.SUB_ITEM:
            tree_items[row.parent_code].leaves.append(_leaf(row))
        elif row.level == TreeLevel.VETO:
            if row.dimension_code in dimensions:
                dimensions[row.dimension_code].vetoes.append(row)
            else:
                template_vetoes.append(row)
    return Tree(list(dimensions.values()), template_vetoes)


def _leaf(row: StoredItem) -> Leaf:
    return Leaf(row.code, row.name, row.points_min, row.points_max, row.kind, row.standard, row.dimension_code, row)


def template_with_personalised(template: Template, personalised: Iterable) -> Template:
    """The template as one community sees it: personalised sub-items under the items of the "+1" dimension."""
    by_parent = defaultdict(list)
    for row in personalised:
        by_parent[row["parent_code"] if isinstance(row, dict) else row.parent_code].append(row)
    if not by_parent:
        return template
    dimensions = []
    for dimension in template.dimensions:
        if not dimension.personalised:
            dimensions.append(dimension)
            continue
        items = []
        for item in dimension.items:
            children = by_parent.get(item.code)
            if not children:
                items.append(item)
                continue
            sub_items = tuple(_sub_item(child) for child in children)
            total = sum((sub.points_max for sub in sub_items), Decimal(0))
            items.append(Item(item.code, item.name, total, sub_items, standard=item.standard))
        dimensions.append(replace(dimension, items=tuple(items)))
    return replace(template, dimensions=tuple(dimensions))


def _sub_item(row) -> SubItem:
    if isinstance(row, dict):
        return SubItem(row["code"], row["name"], Decimal(row["points_max"]), standard=row.get("standard", ""))
    return SubItem(row.code, row.name, row.points_max, standard=row.standard)
