"""A specific person and a fact about their care confirm a patient, named or not; people
in general, policy, and sentences that refuse to confirm anything pass."""

from __future__ import annotations

import pytest

from bot.phi import Org, scan

ORG = Org(
    name="Lakeside Regional Medical Center",
    phone="(413) 555-0150",
    staff=("Anita Rao", "Maria Delgado"),
)

CONFIRMS = [
    "Your cousin was moved down from the ICU an hour ago.",
    "He is awake now and has been asking for his dog.",
    "The teenager from the skateboard clip had stitches and went home.",
    "My grandfather has been sedated since Tuesday.",
    "Quick note: the lady in the blue coat is back in the ER for the second time.",
    "Tell her sister the biopsy results are in.",
    "Of all the calls today, the driver from the pileup waited longest for a bed.",
    "If he keeps eating like this, he can go home on Friday.",
    "Su sobrino ya salió de cirugía y está estable.",
    "Está despierto y pregunta por su esposa.",
    "A la señora de la foto la trasladaron a rehabilitación.",
]
PASSES = [
    "Patients in our ICU are checked by a nurse every hour.",
    "If a patient is admitted overnight, a family member may stay.",
    "We cannot confirm whether the man in the video was ever treated here.",
    "Whether or not she was here, we will not discuss anyone's care.",
    "Dr. Rao will brief reporters on ER staffing at noon.",
    "Maria Delgado said the emergency department is open as usual.",
    "No podemos confirmar si la persona del video es o fue paciente.",
    "Los pacientes de urgencias son atendidos según la gravedad de su caso.",
    "Our nurses will take questions about hallway beds at the town hall.",
]


@pytest.mark.parametrize("sentence", CONFIRMS)
def test_someone_and_a_fact_about_their_care_is_a_finding(sentence: str) -> None:
    assert "patient_status" in {f.kind for f in scan(sentence, ORG)}


@pytest.mark.parametrize("sentence", PASSES)
def test_people_in_general_and_refusals_to_confirm_pass(sentence: str) -> None:
    assert [f for f in scan(sentence, ORG) if f.kind == "patient_status"] == []


def test_the_finding_is_the_care_fact_with_a_reason_a_privacy_officer_reads() -> None:
    sentence = "Your aunt is off the ventilator."
    [finding] = [f for f in scan(sentence, ORG) if f.kind == "patient_status"]
    assert sentence[finding.start : finding.end] == finding.text
    assert "ventilator" in finding.text
    assert "specific person" in finding.reason
