"""Attribute-based access control: policies, a precompiled evaluator, role templates, a cache.

A policy permits or forbids actions (``tasks:approve``, ``tasks:*``, ``*:read``, ``*``) on a
resource type for principals matched by role, group and attributes, under conditions on the
resource's attributes and on the request's context (time window, source IP). Evaluation denies by
default; any matching forbid wins over every permit. Built-in role templates sit beneath an
organization's own policies: custom permits add to them and custom forbids restrict them. An API
key is further narrowed by its scopes.

Condition semantics: every attribute and every operator of a condition must hold. An attribute
that is missing (or ``None``) only satisfies ``{"exists": false}``; every other operator, ``ne``
and ``not_in`` included, is false for it, so a forbid meant to catch missing values should say
``exists``. A value may reference the request (``{"ref": "principal.user_id"}``,
``principal.<attribute>``, ``resource.<attribute>``, ``context.ip``).
"""

from fluxkit.abac._cache import (
    ALL_ORGANIZATIONS,
    INVALIDATION_CHANNEL,
    VERSION_KEY,
    PolicyCache,
    PolicyLoader,
    publish_policy_change,
)
from fluxkit.abac._evaluator import (
    CompiledPolicy,
    CompiledPolicySet,
    compile_policies,
    evaluate,
)
from fluxkit.abac._models import (
    AccessContext,
    AccessPrincipal,
    AccessRequest,
    ActionPatterns,
    Conditions,
    ContextConditions,
    Decision,
    Effect,
    Operator,
    Policy,
    PolicyRules,
    PrincipalMatch,
    ResourceTypePattern,
    TimeWindow,
)
from fluxkit.abac._templates import ROLE_TEMPLATES, role_template_policies

__all__ = [
    "ALL_ORGANIZATIONS",
    "INVALIDATION_CHANNEL",
    "ROLE_TEMPLATES",
    "VERSION_KEY",
    "AccessContext",
    "AccessPrincipal",
    "AccessRequest",
    "ActionPatterns",
    "CompiledPolicy",
    "CompiledPolicySet",
    "Conditions",
    "ContextConditions",
    "Decision",
    "Effect",
    "Operator",
    "Policy",
    "PolicyCache",
    "PolicyLoader",
    "PolicyRules",
    "PrincipalMatch",
    "ResourceTypePattern",
    "TimeWindow",
    "compile_policies",
    "evaluate",
    "publish_policy_change",
    "role_template_policies",
]
