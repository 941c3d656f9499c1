"""The closed vocabularies of the exercise library."""

from __future__ import annotations

from enum import StrEnum

from trustrepair.i18n import N_, Marked


class Stage(StrEnum):
    """The path of repair, in order."""

    ACKNOWLEDGEMENT = "acknowledgement"
    REMORSE = "remorse"
    AMENDS = "amends"
    BOUNDARIES = "boundaries"
    REBUILDING = "rebuilding"


STAGE_ORDER: tuple[Stage, ...] = tuple(Stage)

STAGE_TITLES: dict[Stage, Marked] = {
    Stage.ACKNOWLEDGEMENT: N_("Acknowledgement"),
    Stage.REMORSE: N_("Remorse"),
    Stage.AMENDS: N_("Amends"),
    Stage.BOUNDARIES: N_("Boundaries"),
    Stage.REBUILDING: N_("Rebuilding"),
}

STAGE_BLURBS: dict[Stage, Marked] = {
    Stage.ACKNOWLEDGEMENT: N_(
        "Naming what happened and what it meant, honestly and without hurry."
    ),
    Stage.REMORSE: N_(
        "Understanding the harm, and expressing regret that is about the other person."
    ),
    Stage.AMENDS: N_("Turning regret into concrete repair, at a pace the hurt person can trust."),
    Stage.BOUNDARIES: N_(
        "Saying what you need in order to feel safe, and what you will and won't do."
    ),
    Stage.REBUILDING: (
        N_("Everyday habits that let trust grow back: check-ins, fair conflict, promises kept.")
    ),
}


class Track(StrEnum):
    """Who an exercise is written for."""

    HURT = "hurt"
    REPAIRING = "repairing"


TRACK_TITLES: dict[Track, Marked] = {
    Track.HURT: N_("I was hurt"),
    Track.REPAIRING: N_("I broke trust"),
}


class Relationship(StrEnum):
    """The kind of relationship in which trust was broken."""

    ROMANTIC = "romantic"
    FRIENDSHIP = "friendship"
    PROFESSIONAL = "professional"


RELATIONSHIP_TITLES: dict[Relationship, Marked] = {
    Relationship.ROMANTIC: N_("A partner"),
    Relationship.FRIENDSHIP: N_("A friend"),
    Relationship.PROFESSIONAL: N_("A colleague"),
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


MODEL_TITLES: dict[Model, Marked] = {
    Model.GOTTMAN_ATONE_ATTUNE_ATTACH: N_("Gottman: Atone, Attune, Attach"),
    Model.GOTTMAN_AFTERMATH: N_("Gottman: aftermath of a regrettable incident"),
    Model.LEWICKI_APOLOGY: N_("Lewicki, Polin & Lount: six components of an apology"),
    Model.CHAPMAN_APOLOGY_LANGUAGES: N_("Chapman & Thomas: five apology languages"),
    Model.EFT_ATTACHMENT_INJURY: N_("Emotionally Focused Therapy: attachment-injury resolution"),
    Model.SPRING_TRUST_BEHAVIOURS: N_("Spring: low-cost and high-cost trust-building behaviours"),
    Model.SPRING_ACCEPTANCE_FORGIVENESS: N_("Spring: acceptance and genuine forgiveness"),
    Model.WORTHINGTON_REACH: N_("Worthington: REACH forgiveness"),
    Model.TRUST_REPAIR_EVIDENCE: N_("Trust-repair research (consistency over promises)"),
    Model.TRUST_FOUNDATIONS: N_("Foundations of trust: reliability, honesty, integrity"),
    Model.SAFETY_SCREENING: N_("Private safety screening before joint work"),
    Model.SNYDER_BAUCOM_GORDON: N_("Snyder, Baucom & Gordon: forgiveness-based affair recovery"),
    Model.SAFETY_PLANNING: N_("Safety planning for a crisis or for danger from someone else"),
    Model.MARLATT_RELAPSE_PREVENTION: N_("Marlatt & Gordon: relapse prevention"),
    Model.GOTTMAN_RITUALS_OF_CONNECTION: N_("Gottman: rituals of connection"),
    Model.GOTTMAN_STRESS_REDUCING_CONVERSATION: N_("Gottman: the stress-reducing conversation"),
    Model.GLASS_WALLS_AND_WINDOWS: N_("Glass: walls and windows"),
    Model.CORNISH_WADE_SELF_FORGIVENESS: N_("Cornish & Wade: the four Rs of self-forgiveness"),
    Model.DOHERTY_DISCERNMENT: N_("Doherty: discernment counselling"),
    Model.KIM_DIRKS_TRUST_REPAIR: N_("Kim, Dirks & Cooper: trust repair at work"),
    Model.EDMONDSON_PSYCHOLOGICAL_SAFETY: N_("Edmondson: psychological safety in teams"),
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


SERIES_TITLES: dict[Series, Marked] = {
    Series.TRUST: N_("Trust"),
    Series.CLOSENESS: N_("Closeness"),
    Series.HURT: N_("Hurt"),
    Series.SAFETY: N_("Feeling safe"),
    Series.HEARD: N_("Feeling heard"),
    Series.HOPE: N_("Hope"),
}


class Rhythm(StrEnum):
    """How often a repeatable exercise is meant to be gone through again."""

    DAILY = "daily"
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"
    ANY = "any"  # whenever the person wants: no reminder rhythm of its own


RHYTHM_TITLES: dict[Rhythm, Marked] = {
    Rhythm.DAILY: N_("Every day"),
    Rhythm.WEEKLY: N_("Every week"),
    Rhythm.FORTNIGHTLY: N_("Every two weeks"),
    Rhythm.MONTHLY: N_("Every month"),
    Rhythm.ANY: N_("Whenever you like"),
}

RHYTHM_DAYS: dict[Rhythm, int] = {
    Rhythm.DAILY: 1,
    Rhythm.WEEKLY: 7,
    Rhythm.FORTNIGHTLY: 14,
    Rhythm.MONTHLY: 30,
}
"""Roughly how many days apart a rhythm means (``any`` has none)."""
