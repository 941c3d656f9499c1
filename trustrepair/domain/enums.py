"""The closed vocabularies of the exercise library."""

from __future__ import annotations

from enum import StrEnum


class Stage(StrEnum):
    """The path of repair, in order."""

    ACKNOWLEDGEMENT = "acknowledgement"
    REMORSE = "remorse"
    AMENDS = "amends"
    BOUNDARIES = "boundaries"
    REBUILDING = "rebuilding"


STAGE_ORDER: tuple[Stage, ...] = tuple(Stage)

STAGE_TITLES: dict[Stage, str] = {
    Stage.ACKNOWLEDGEMENT: "Acknowledgement",
    Stage.REMORSE: "Remorse",
    Stage.AMENDS: "Amends",
    Stage.BOUNDARIES: "Boundaries",
    Stage.REBUILDING: "Rebuilding",
}

STAGE_BLURBS: dict[Stage, str] = {
    Stage.ACKNOWLEDGEMENT: "Naming what happened and what it meant, honestly and without hurry.",
    Stage.REMORSE: "Understanding the harm, and expressing regret that is about the other person.",
    Stage.AMENDS: "Turning regret into concrete repair, at a pace the hurt person can trust.",
    Stage.BOUNDARIES: "Saying what you need in order to feel safe, and what you will and won't do.",
    Stage.REBUILDING: (
        "Everyday habits that let trust grow back: check-ins, fair conflict, promises kept."
    ),
}


class Track(StrEnum):
    """Who an exercise is written for."""

    HURT = "hurt"
    REPAIRING = "repairing"


TRACK_TITLES: dict[Track, str] = {
    Track.HURT: "I was hurt",
    Track.REPAIRING: "I broke trust",
}


class Relationship(StrEnum):
    """The kind of relationship in which trust was broken."""

    ROMANTIC = "romantic"
    FRIENDSHIP = "friendship"
    PROFESSIONAL = "professional"


RELATIONSHIP_TITLES: dict[Relationship, str] = {
    Relationship.ROMANTIC: "A partner",
    Relationship.FRIENDSHIP: "A friend",
    Relationship.PROFESSIONAL: "A colleague",
}


class Mode(StrEnum):
    """How many people take part, and how."""

    SOLO = "solo"
    PARALLEL = "parallel"  # each answers privately, then both reveal
    TOGETHER = "together"  # taking turns at one screen

    @property
    def is_joint(self) -> bool:
        """True for exercises that put two people together."""
        return self is not Mode.SOLO


class Model(StrEnum):
    """The named repair models an exercise is grounded in (docs/models.md: what each rests on)."""

    GOTTMAN_ATONE_ATTUNE_ATTACH = "gottman-atone-attune-attach"
    GOTTMAN_AFTERMATH = "gottman-aftermath"
    LEWICKI_APOLOGY = "lewicki-apology"
    CHAPMAN_APOLOGY_LANGUAGES = "chapman-apology-languages"
    EFT_ATTACHMENT_INJURY = "eft-attachment-injury"
    SPRING_TRUST_BEHAVIOURS = "spring-trust-behaviours"
    SPRING_ACCEPTANCE_FORGIVENESS = "spring-acceptance-forgiveness"
    WORTHINGTON_REACH = "worthington-reach"
    TRUST_REPAIR_EVIDENCE = "trust-repair-evidence"
    TRUST_FOUNDATIONS = "trust-foundations"
    SAFETY_SCREENING = "safety-screening"
    SNYDER_BAUCOM_GORDON = "snyder-baucom-gordon"
    SAFETY_PLANNING = "safety-planning"
    MARLATT_RELAPSE_PREVENTION = "marlatt-relapse-prevention"
    GOTTMAN_RITUALS_OF_CONNECTION = "gottman-rituals-of-connection"
    GOTTMAN_STRESS_REDUCING_CONVERSATION = "gottman-stress-reducing-conversation"
    GLASS_WALLS_AND_WINDOWS = "glass-walls-and-windows"
    CORNISH_WADE_SELF_FORGIVENESS = "cornish-wade-self-forgiveness"
    DOHERTY_DISCERNMENT = "doherty-discernment"
    KIM_DIRKS_TRUST_REPAIR = "kim-dirks-trust-repair"
    EDMONDSON_PSYCHOLOGICAL_SAFETY = "edmondson-psychological-safety"


MODEL_TITLES: dict[Model, str] = {
    Model.GOTTMAN_ATONE_ATTUNE_ATTACH: "Gottman: Atone, Attune, Attach",
    Model.GOTTMAN_AFTERMATH: "Gottman: aftermath of a regrettable incident",
    Model.LEWICKI_APOLOGY: "Lewicki, Polin & Lount: six components of an apology",
    Model.CHAPMAN_APOLOGY_LANGUAGES: "Chapman & Thomas: five apology languages",
    Model.EFT_ATTACHMENT_INJURY: "Emotionally Focused Therapy: attachment-injury resolution",
    Model.SPRING_TRUST_BEHAVIOURS: "Spring: low-cost and high-cost trust-building behaviours",
    Model.SPRING_ACCEPTANCE_FORGIVENESS: "Spring: acceptance and genuine forgiveness",
    Model.WORTHINGTON_REACH: "Worthington: REACH forgiveness",
    Model.TRUST_REPAIR_EVIDENCE: "Trust-repair research (consistency over promises)",
    Model.TRUST_FOUNDATIONS: "Foundations of trust: reliability, honesty, integrity",
    Model.SAFETY_SCREENING: "Private safety screening before joint work",
    Model.SNYDER_BAUCOM_GORDON: "Snyder, Baucom & Gordon: forgiveness-based affair recovery",
    Model.SAFETY_PLANNING: "Safety planning for a crisis or for danger from someone else",
    Model.MARLATT_RELAPSE_PREVENTION: "Marlatt & Gordon: relapse prevention",
    Model.GOTTMAN_RITUALS_OF_CONNECTION: "Gottman: rituals of connection",
    Model.GOTTMAN_STRESS_REDUCING_CONVERSATION: "Gottman: the stress-reducing conversation",
    Model.GLASS_WALLS_AND_WINDOWS: "Glass: walls and windows",
    Model.CORNISH_WADE_SELF_FORGIVENESS: "Cornish & Wade: the four Rs of self-forgiveness",
    Model.DOHERTY_DISCERNMENT: "Doherty: discernment counselling",
    Model.KIM_DIRKS_TRUST_REPAIR: "Kim, Dirks & Cooper: trust repair at work",
    Model.EDMONDSON_PSYCHOLOGICAL_SAFETY: "Edmondson: psychological safety in teams",
}


class Series(StrEnum):
    """What a rating step measures, so the same measure can be followed over time.

    A closed vocabulary: two exercises that rate trust feed one line, whatever their wording.
    """

    TRUST = "trust"
    CLOSENESS = "closeness"
    HURT = "hurt"
    SAFETY = "safety"
    HEARD = "heard"
    HOPE = "hope"


SERIES_TITLES: dict[Series, str] = {
    Series.TRUST: "Trust",
    Series.CLOSENESS: "Closeness",
    Series.HURT: "Hurt",
    Series.SAFETY: "Feeling safe",
    Series.HEARD: "Feeling heard",
    Series.HOPE: "Hope",
}


class Rhythm(StrEnum):
    """How often a repeatable exercise is meant to be gone through again."""

    DAILY = "daily"
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"
    ANY = "any"  # whenever the person wants: no reminder rhythm of its own


RHYTHM_TITLES: dict[Rhythm, str] = {
    Rhythm.DAILY: "Every day",
    Rhythm.WEEKLY: "Every week",
    Rhythm.FORTNIGHTLY: "Every two weeks",
    Rhythm.MONTHLY: "Every month",
    Rhythm.ANY: "Whenever you like",
}

RHYTHM_DAYS: dict[Rhythm, int] = {
    Rhythm.DAILY: 1,
    Rhythm.WEEKLY: 7,
    Rhythm.FORTNIGHTLY: 14,
    Rhythm.MONTHLY: 30,
}
"""Roughly how many days apart a rhythm means (``any`` has none)."""
