"""Demo content for an empty archive: the two seed articles, retold in our own words.

It shows a newcomer what the archive is for: sources cited by attack claims and abuse reports,
kept apart. Loaded only into an archive that holds nothing, and never when configured off.
"""

from __future__ import annotations

from sqlite_utils import Database

from .db import write_transaction
from .entries import add_entry
from .sources import add_source

DEMO_ACTOR = "demo"

SEPTEMBER_SOURCE = {
    "title": "Baloch armed groups claim attacks in Mastung, Kalat, Quetta and Mand (demo summary)",
    "outlet": "News agency, relaying The Balochistan Post",
    "published": "2025-09-07",
    "accessed": "2025-09-08",
    "source_type": "news_report",
    "language": "en",
    "body": (
        "Demo summary written for Gawahi after a news agency report of 7 September 2025.\n\n"
        "The BLA said its fighters ambushed two soldiers patrolling on a motorcycle in the Koh "
        "Pusht Giab area of Mand between 13 and 15 August, killed both and took their weapons. "
        "BLA spokesperson Jeeyand Baloch said fighters threw grenades at a police station in New "
        "Sariab, Quetta. The group said it attacked a convoy of military vehicles in Manguchar, "
        "Kalat, on 15 August, and set fire to the office of a transport company in Mastung on "
        "13 August.\n\n"
        "The BLF said its fighters blocked the Quetta-Karachi highway near Khadkucha in Mastung "
        "district on the night of 3 September and fought security forces for two hours. The BLF "
        "accused Pakistani forces of shelling civilian areas after the clash, injuring a guard "
        "at a health facility in Umar Dor, Mastung. Pakistani authorities had not responded.\n\n"
        "Rights organisations warn of enforced disappearances, extrajudicial killings and "
        "arbitrary detentions in the province."
    ),
}

MAY_SOURCE = {
    "title": "BLA claims coordinated attacks at 39 locations in Balochistan (demo summary)",
    "outlet": "ET News",
    "published": "2025-05-11",
    "accessed": "2025-05-12",
    "source_type": "news_report",
    "language": "en",
    "body": (
        "Demo summary written for Gawahi after an ET News report of 11 May 2025.\n\n"
        "In a press release, BLA spokesperson Jeeyand Baloch said the group had attacked 39 "
        "locations across Balochistan, including police stations, military convoys and "
        "highways, captured police stations and blocked key roads.\n\n"
        "The report recalls that, according to Human Rights Watch and Amnesty International, "
        "thousands of Baloch activists, students, journalists and political workers have "
        "allegedly been abducted or killed by Pakistani security forces and intelligence "
        "agencies over the years. Mass graves have been discovered in various districts."
    ),
}

TBP_BLA = "BLA spokesperson Jeeyand Baloch, via The Balochistan Post"
TBP_BLF = "BLF, via The Balochistan Post"


def figure(kind: str, count: int | None, qualifier: str, given_by: str) -> dict:
    """A figure as reported, as the demo entries give it."""
    return {"kind": kind, "count": count, "qualifier": qualifier, "given_by": given_by}


def _claim(title: str, **fields) -> dict:
    base = {
        "title": title,
        "group_code": "BLA",
        "spokesperson": "Jeeyand Baloch",
        "claim_medium": "media_statement",
        "official_response": "none",
        "tags": ["demo"],
    }
    return base | fields


SEPTEMBER_CLAIMS = [
    (
        _claim(
            "BLA claims ambush of a motorcycle patrol in Koh Pusht Giab, Mand",
            narrative="The BLA claims its fighters ambushed two soldiers on motorcycle patrol "
            "and seized their weapons. No official confirmation.",
            claim_type="armed_attack",
            claimed_targets="Army motorcycle patrol",
            figures=[figure("killed", 2, "exact", "group")],
            date_precision="range",
            date_start="2025-08-13",
            date_end="2025-08-15",
            district="Kech",
            place="Koh Pusht Giab, Mand",
        ),
        "ambushed two soldiers patrolling on a motorcycle in the Koh Pusht Giab area of Mand",
    ),
    (
        _claim(
            "BLA claims grenade attack on a police station in New Sariab, Quetta",
            narrative="The BLA claims a grenade attack on a police station causing casualties "
            "and damage; no figures given.",
            claim_type="grenade_attack",
            claimed_targets="Police station",
            date_precision="range",
            date_start="2025-08-13",
            date_end="2025-08-15",
            district="Quetta",
            place="New Sariab",
        ),
        "threw grenades at a police station in New Sariab, Quetta",
    ),
    (
        _claim(
            "BLA claims attack on a military convoy in Manguchar, Kalat",
            narrative="The BLA claims it targeted a convoy of military vehicles and motorcycles.",
            claim_type="armed_attack",
            claimed_targets="Military convoy",
            date_precision="day",
            date_start="2025-08-15",
            district="Kalat",
            place="Manguchar",
        ),
        "attacked a convoy of military vehicles in Manguchar, Kalat, on 15 August",
    ),
    (
        _claim(
            "BLA claims burning of a transport company office in Mastung",
            narrative="The BLA claims it set fire to the office of a transport company it "
            "accuses of supplying Pakistani forces.",
            claim_type="arson_sabotage",
            claimed_targets="Transport company office",
            date_precision="day",
            date_start="2025-08-13",
            district="Mastung",
        ),
        "set fire to the office of a transport company in Mastung on 13 August",
    ),
]

BLF_CLASH = _claim(
    "BLF claims clash with security forces near Khadkucha, Quetta-Karachi highway",
    group_code="BLF",
    spokesperson="",
    narrative="The BLF claims its fighters set up a blockade on the Quetta-Karachi highway and "
    "exchanged fire with security forces for two hours; it claims the troops used drones and "
    "artillery and suffered casualties, and that its own fighters withdrew unharmed.",
    claim_type="clash",
    claimed_targets="Security forces; Quetta-Karachi highway blockade",
    date_precision="day",
    date_start="2025-09-03",
    district="Mastung",
    place="Khadkucha, Quetta-Karachi highway",
    tags=["demo", "road blockade"],
)

UMAR_DOR = {
    "title": "Shelling of civilian areas in Umar Dor, Mastung, injures a health facility guard",
    "abuse_type": "indiscriminate_attack",
    "narrative": "The BLF, a party to the conflict, alleges that Pakistani forces shelled "
    "civilian areas after the Khadkucha clash, injuring a guard at a health facility. Its only "
    "source so far is the BLF itself.",
    "date_precision": "range",
    "date_start": "2025-09-03",
    "date_end": "2025-09-04",
    "district": "Mastung",
    "place": "Umar Dor",
    # The BLF, which alleges it, is the only one to give a figure so far.
    "figures": [figure("injured", 1, "exact", "group")],
    "perpetrator": "Pakistani security forces (alleged by the BLF)",
    "perpetrator_code": "Security-forces",
    "status": "alleged",
    "tags": ["demo", "shelling", "health facility"],
}

MAY_CLAIM = _claim(
    "BLA claims coordinated attacks at 39 locations across Balochistan",
    claim_medium="press_release",
    narrative="In a press release the BLA claims coordinated attacks on police stations, "
    "military convoys and highway infrastructure at 39 locations, the capture of police "
    "stations and blockades of key roads, and says operations are continuing.",
    claim_type="post_capture",
    claimed_targets="Police stations, military convoys, highways",
    date_precision="month",
    date_start="2025-05",
    province="Balochistan",
)

MAY_ABUSES = [
    (
        {
            "title": "Abductions and killings of Baloch activists, students and journalists",
            "abuse_type": "enforced_disappearance",
            "narrative": "Human Rights Watch and Amnesty International are reported to document "
            "that thousands of Baloch activists, students, journalists and political workers "
            "were abducted or killed by security forces and intelligence agencies over years.",
            "date_precision": "unknown",
            "province": "Balochistan",
            "perpetrator": "Pakistani security forces and intelligence agencies",
            # "Thousands ... abducted or killed": at least two thousand, harm not told apart.
            "figures": [figure("victims", 2000, "at_least", "media")],
            "status": "alleged",
            "tags": ["demo", "pattern"],
        },
        "thousands of Baloch activists, students, journalists and political workers have "
        "allegedly been abducted or killed by Pakistani security forces and intelligence agencies",
        "Human Rights Watch and Amnesty International, via ET News",
    ),
    (
        {
            "title": "Mass graves discovered in several districts of Balochistan",
            "abuse_type": "mass_grave",
            "narrative": "Mass graves are reported to have been found in various districts; "
            "the report gives no place or date.",
            "date_precision": "unknown",
            "province": "Balochistan",
            "status": "alleged",
            "tags": ["demo"],
        },
        "Mass graves have been discovered in various districts.",
        "ET News",
    ),
]


def load_demo(db: Database) -> None:
    """Add the demo sources and entries, in one transaction."""
    with write_transaction(db):
        september = add_source(db, SEPTEMBER_SOURCE, DEMO_ACTOR)
        may = add_source(db, MAY_SOURCE, DEMO_ACTOR)
        for record, passage in SEPTEMBER_CLAIMS:
            _add(db, "claim", record, september, passage, TBP_BLA)
        _add(
            db,
            "claim",
            BLF_CLASH,
            september,
            "blocked the Quetta-Karachi highway near Khadkucha in Mastung district",
            TBP_BLF,
        )
        _add(
            db,
            "abuse",
            UMAR_DOR,
            september,
            "injuring a guard at a health facility in Umar Dor, Mastung",
            TBP_BLF,
        )
        _add(
            db,
            "claim",
            MAY_CLAIM,
            may,
            "the group had attacked 39 locations across Balochistan",
            TBP_BLA.replace("The Balochistan Post", "ET News"),
        )
        for record, passage, attributed in MAY_ABUSES:
            _add(db, "abuse", record, may, passage, attributed)


def _add(db: Database, kind: str, record: dict, source_id: int, passage: str, by: str) -> int:
    citation = {"source_id": source_id, "passage": passage, "attributed_to": by}
    fields = {name: value for name, value in record.items() if name != "figures"}
    figures = record.get("figures", [])
    return add_entry(db, kind, fields, [citation], DEMO_ACTOR, figures=figures)
