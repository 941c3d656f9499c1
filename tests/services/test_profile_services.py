"""Tests for trustrepair.services.profile_services: the services one open profile hands out."""

from __future__ import annotations

from tests.helpers import sample_exercise
from trustrepair.content.library import Library
from trustrepair.domain.answers import Status
from trustrepair.services.profile_services import ProfileServices
from trustrepair.services.vaults import OpenVault


def test_every_service_works_on_the_same_profile_and_library(vault: OpenVault):
    """What a walk writes, the overview reads; each service is bound to the same profile."""
    exercise = sample_exercise()
    library = Library()
    library.exercises[exercise.id] = exercise
    services = ProfileServices(vault.store, library)
    assert services.profile().name == "Sam"
    walk = services.walk(exercise)
    walk.next()  # from the introduction to the first step
    walk.stage_answer("words", "written once")
    walk.flush()
    walk.close()
    assert vault.store.answers_for(exercise.id)["words"].value == "written once"
    assert services.overview().library is library
    entries = [e for stage in services.overview().overview().stages for e in stage.entries]
    assert [(e.exercise.id, e.status) for e in entries] == [(exercise.id, Status.IN_PROGRESS)]
    assert services.safety().exercise() is None  # this library has no safety check
    assert services.summary().library is library
    services.support_lines().save("a number")
    assert services.support_lines().read() == "a number"
    assert services.client_desk().received_assignments() == []
