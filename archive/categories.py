"""The two categories of entry, and the fixed vocabularies that belong to each."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import UnknownCategory
from .messages import N_, Message


@dataclass(frozen=True)
class Category:
    """What the store needs to know to keep one category of entry in its own table."""

    kind: str
    table: str
    pk: str
    entity: str
    label: str
    plural: str
    type_column: str
    type_table: str
    statuses: tuple[str, ...]
    default_status: str
    fields: tuple[str, ...]


COMMON_FIELDS = (
    "title",
    "narrative",
    "title_ur",
    "narrative_ur",
    "date_precision",
    "date_start",
    "date_end",
    "province",
    "district",
    "place",
    "tags",
    "status",
)

ABUSE = Category(
    kind="abuse",
    table="abuse_reports",
    pk="report_id",
    entity="abuse_report",
    label=N_("Abuse report"),
    plural=N_("Abuse reports"),
    type_column="abuse_type",
    type_table="abuse_types",
    statuses=("alleged", "corroborated", "verified", "disputed", "retracted"),
    default_status="alleged",
    fields=(
        "abuse_type",
        "perpetrator",
        "perpetrator_code",
        "official_response",
        "official_statement",
        *COMMON_FIELDS,
    ),
)

CLAIM = Category(
    kind="claim",
    table="attack_claims",
    pk="claim_id",
    entity="attack_claim",
    label=N_("Attack claim"),
    plural=N_("Attack claims"),
    type_column="claim_type",
    type_table="claim_types",
    statuses=("claimed", "confirmed", "denied", "disputed", "retracted"),
    default_status="claimed",
    fields=(
        "group_code",
        "spokesperson",
        "claim_medium",
        "claim_type",
        "claimed_targets",
        "official_response",
        "official_statement",
        *COMMON_FIELDS,
    ),
)

CATEGORIES = {ABUSE.kind: ABUSE, CLAIM.kind: CLAIM}

# How a claim reached the public; "unknown" is the default, so that no form claims to know it.
CLAIM_MEDIUMS = {
    "unknown": N_("Not known"),
    "media_statement": N_("Statement to media"),
    "press_release": N_("Press release"),
    "social_media": N_("Social media"),
    "video": N_("Video"),
    "email": N_("E-mail"),
    "other": N_("Other"),
}

# What officials said about a claim or an abuse report; "disputed" when they give another
# account (a CTD "encounter" for a reported killing in custody).
OFFICIAL_RESPONSES = {
    "none": N_("No official response"),
    "confirmed": N_("Confirmed"),
    "denied": N_("Denied"),
    "disputed": N_("Disputed: officials give another account"),
}

STATUS_LABELS = {
    "alleged": N_("Alleged"),
    "corroborated": N_("Corroborated"),
    "verified": N_("Verified"),
    "disputed": N_("Disputed"),
    "retracted": N_("Retracted"),
    "claimed": N_("Claimed"),
    "confirmed": N_("Confirmed by officials"),
    "denied": N_("Denied by officials"),
}


def get_category(kind: str) -> Category:
    """The category named `kind`, or UnknownCategory."""
    try:
        return CATEGORIES[kind]
    except KeyError:
        message = Message("Unknown category %(kind)r: use 'abuse' or 'claim'.", kind=kind)
        raise UnknownCategory(message) from None
