"""The scoring rules as stored: indicator templates and their items, consequence rule sets and their rules."""

from scoring.models.consequences import (
    ConditionKindChoice,
    ConsequenceAction,
    ConsequenceRule,
    ConsequenceRuleSet,
    ConsequenceSubject,
    ConsequenceTarget,
)
from scoring.models.templates import IndicatorItem, IndicatorTemplate, ItemKind, ItemLevel, StarScheme

__all__ = [
    "ConditionKindChoice",
    "ConsequenceAction",
    "ConsequenceRule",
    "ConsequenceRuleSet",
    "ConsequenceSubject",
    "ConsequenceTarget",
    "IndicatorItem",
    "IndicatorTemplate",
    "ItemKind",
    "ItemLevel",
    "StarScheme",
]
