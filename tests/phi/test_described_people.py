"""People known by their work, their age or a nickname, names in Spanish diminutives and
chart shorthand: each with a fact of care confirms a patient; the same words about the
place itself, people in general or the staff pass."""

from __future__ import annotations

import pytest

from bot.phi import Org, scan

ORG = Org(
    name="Lakeside Regional Medical Center",
    phone="(413) 555-0150",
    staff=("Anita Rao", "Maria Delgado"),
)

CONFIRMS = [
    # someone known by their work, or a baby by age
    ("My tutor is getting radiation there twice a week.", {"patient_status"}),
    ("The groom from the Friday reception needs a hand surgery consult.", {"patient_status"}),
    ("Mi taxista de confianza está hospitalizado desde el lunes.", {"patient_status"}),
    ("They brought in a six-week-old with a fever around 3am.", {"patient_status"}),
    # what is done to someone, said the short way
    ("Yes, she's ours, came up from the ED at noon.", {"patient_status"}),
    ("Let his brother know he's back from CT.", {"patient_status"}),
    ("She had her foot amputated on Tuesday.", {"patient_status"}),
    ("The nurses were wrapping her wrist when I got there.", {"patient_status"}),
    ("Handoff: K.M., 52, s/p appy, tolerating clears.", {"name", "age", "patient_status"}),
    ("El muchacho de la moto está en resonancia ahora.", {"patient_status"}),
    # ages in decades, initials with a sex
    ("A man in his early seventies was found on the footpath.", {"age"}),
    ("bay 4: R.T., 68F, confused overnight", {"room", "name", "age", "patient_status"}),
    ("L.M.V., femenino de 33 años, ingresa por fiebre.", {"name", "age", "patient_status"}),
    # rooms of the emergency department
    ("The lady in Fast Track 3 is asking for water.", {"room", "patient_status"}),
    ("En el box 7 está la señora del accidente, sigue dormida.", {"room", "patient_status"}),
    # photos
    ("Dad posted a selfie from his hospital bed this morning.", {"photo", "patient_status"}),
    ("En el video se ve la cara de la niña mientras la vendan.", {"photo", "patient_status"}),
    # names: diminutives, nicknames, word-like names after a visit
    ("Miguelito sigue con oxígeno pero ya come.", {"name", "patient_status"}),
    ("Anoche trajeron a Chabelita con dolor de panza.", {"name", "patient_status"}),
    ('Send love to "Papa Joe", his second round of chemo went well.', {"name", "patient_status"}),
    ("checked on Hope in the step-down unit, she's comfortable", {"name", "patient_status"}),
]


@pytest.mark.parametrize(("text", "kinds"), CONFIRMS)
def test_a_described_person_with_care_is_found(text: str, kinds: set[str]) -> None:
    found = {f.kind for f in scan(text, ORG)}
    assert kinds <= found, (text, found)


PASSES = [
    "Half the people who come to our ER with a burn need a dressing change.",
    "Requests for a CT go through the unit clerk on nights.",
    "Families can call our patient line at (413) 555-0150.",
    "Pod D is closed for cleaning; send new arrivals to Pod B.",
    "La mayoría de los heridos ya fueron dados de alta, según la policía.",
    "Quien reciba anestesia necesita que alguien lo lleve a casa.",
    "Nunca fue paciente nuestro, y el rumor de que murió aquí es falso.",
    "La intérprete Rosalba Quiroga estará en urgencias el sábado.",
    "La trabajadora social Inés Robledo ayuda con los papeles del alta.",
    "My coach says our team is ready for the charity game.",
    "Most of our volunteers are in their sixties.",
    "Fast Track 2 opens at noon on weekends.",
    "Check box 3 on the consent form before you sign.",
    "The video from the ER lobby shows our new triage desk.",
    'We all watched "Grey Gardens", her favourite film, at the staff party.',
    "We visited Boston yesterday for the conference.",
    "La casita de la playa sigue con goteras.",
]


@pytest.mark.parametrize("text", PASSES)
def test_places_groups_and_staff_pass(text: str) -> None:
    assert scan(text, ORG) == [], (text, scan(text, ORG))
