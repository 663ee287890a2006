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
    # a name, a nickname, initials with an age, a description by what happened
    "Ms. Ngozi Adeyemi was moved to a regular room late last night.",
    "Our regular, 'Pops', came back in by ambulance again.",
    "S.N. aged 45 came in by ambulance at shift change.",
    "The pastor who fainted during the service had a mild stroke.",
    "The bartender from the fight video has a fractured jaw.",
    # a treatment, an injury, an event of care, a place of care
    "They had to put a chest tube in him last night.",
    "His ankle is broken in two places.",
    "She signed herself out before the doctor could see her.",
    "My dad has been at Lakeside Regional for nine days.",
    # a pronoun nearer the fact than people in general
    "She's still unconscious, and no one can say more yet.",
    # Spanish: a verb without its subject, an object pronoun, a result
    "Ivonne sigue sedada, todavía no la despiertan.",
    "Lo van a tener otra noche en observación.",
    "A su nieto le salieron bien todos los análisis.",
    "El chavo de la pelea tiene la nariz fracturada.",
    "Lo operamos ayer y está estable.",
    "Get well soon, Marcus!",
    # an everyday act told as news of a recovery
    "she finally ate something today, first time since sunday",
    "He hasn't eaten anything since the surgery.",
    "Mi abuelo durmió toda la noche sin despertarse.",
    # asking about someone takes it that they are ours
    "his wife is at the front desk asking if he's out of surgery",
    # a medical record number stands for its patient; a visit or record kept for someone
    "MRN: 00555-8831 — please reprint the wristband",
    "No. de expediente 555-33108: necesita intérprete de español",
    "Eun-ji Park's billing account shows two ER visits this month",
    # a bedside request, spiritual care, a bed standing for the person in it
    "bay c wants a warm blanket and keeps hitting the call light",
    "the chaplain visited old mr. fitzgerald twice, he asked for communion",
    "Le di la unción al enfermo de madrugada; la familia alcanzó a llegar.",
    "hallway bed three finally got a room upstairs",
    # Spanish: a subject dropped after "que" or "cuando"; a care of a relation; a chronic illness
    "Dice la enfermera que ya no necesita la sonda, que ya orina solo.",
    "llámame cuando salga de la operación",
    "La trabajadora social llamó para hablar del alta de su papá.",
    "Domicilio: Calle Olmo 214, 3.º B - paciente diabética, vive sola.",
    # a chart note without a verb of being, care coming off, staff thanked, news of someone
    "Social work consult for A.W., 16, brought in by school staff.",
    "82yo F, found down at home, brought in by EMS",
    "the sixteen-year-old from the crash is talking and cracking jokes",
    "Oluwaseun Adeyemi pulled his NG tube, replaced at 2200",
    "pic of grandma with her new hip and a pudding cup",
    "shoutout to the nurses who took care of my nana last week",
    "Call my cell for updates on dad.",
    "The TikTok shows a patient in restraints in our ED.",
    "her brother is the guy from the crash, she posted it",
    # signs and milestones of a recovery; a bed found; a life saved; a quantity of care
    "he kept his dinner down for the first time in three days",
    "the swelling in her leg is going down",
    "they finally found him a bed upstairs",
    "hang in there, heard they're keeping you another night",
    "Don Rafael agradece a los médicos por salvarle la vida.",
    "Dad now needs months of rehab after the crash.",
    "Her ACL reconstruction took four hours.",
    # someone named as a patient, a registration number, a Spanish aid at home
    "The complaint names patient R.J. (52) and alleges a missed fracture.",
    "Registration: SSN 555-43-2190 was entered on the wrong chart.",
    "El número de expediente de mi mamá es 555-88123.",
    "Paciente en silla de ruedas, necesita rampa para la visita a domicilio.",
    "Mi abuela no tiene quién la cuide cuando salga del hospital.",
    # a condition followed by when it holds; numbers on the move; care done to someone
    "he is better today",
    "the baby's bilirubin is finally coming down",
    "they drained fluid from her lungs this morning",
    "they had to restrain him after he swung at a tech",
    "they're weaning her off the sedation slowly",
    "my father is on the list for a new liver",
    "Mi sobrino está en la unidad de quemados desde el sábado.",
    # vital signs and labs with a value or trend; oxygen by the litre; a chart note's label
    "she made it through the night, sats holding at 94 on 2 liters",
    "his white count is up again",
    "RT note: weaned to room air, no distress.",
    # somewhere in the building; someone known from somewhere; a request or a refusal
    "He's been in there three days now.",
    "she's in with the surgeon right now",
    "is that derek from my chem class in the ambulance bay??",
    "D.L. (58) is asking for the interpreter again.",
    "my dad is refusing to stay another night",
    "Pidió un intérprete de portugués para hablar con el médico.",
    # a day of a course of care; an insured person's stay
    "ringing the bell on his last day of chemo",
    "He's day 10 post-transplant and doing great.",
    "The member's hospital stay was denied for medical necessity.",
    # Spanish: a care said to be someone's, a command for someone, a home visit
    "La factura llegó a mi casa, pero la cirugía fue de mi hermano.",
    "Póngale el oxígeno otra vez, por favor.",
    "Para la visita domiciliaria: timbre de la izquierda, es la casa de don Efraín.",
    # daily living and moving about, symptoms, lines and tests, end of life, births, holds,
    # injuries told by their cause
    "my aunt needs two people to help her shower",
    "they're turning him every two hours to prevent sores",
    "grandpa is non-weight-bearing on the left leg",
    "she's wheezing again and they called RT",
    "he's getting tube feeds overnight",
    "her EEG was normal",
    "my dad is DNR now",
    "my wife's water broke in the car",
    "she's on suicide watch with a sitter",
    "my cousin was shot in the leg",
    "Mi tía todavía no puede vestirse sola.",
    "A mi papá le cuesta respirar.",
    "La resonancia de mi mamá salió limpia.",
    "Lo van a volver a intubar.",
    "Mi papá se va a un asilo el viernes.",
    "Voy a quedarme con él esta noche.",
    "Al niño lo mordió un perro.",
    "he still needs someone to help him pull his pants up",
    "my husband doesn't know what year it is today",
    "they put my son on a puree diet",
    "they debrided the burn on her arm",
    "the psychiatrist is evaluating my daughter for a hold",
    "grandpa slipped on the ice and hit his head",
    "Mi papá tiene dificultad para respirar.",
    "Mi hermana se quedó toda la noche con mi papá.",
    "Mi hijo tiene que usar muletas seis semanas.",
    "she's wobbly on her feet still",
    "they're giving my daughter formula through a tube in her nose",
    "the surgery on my son's arm took four hours",
    "we said our goodbyes to dad this afternoon",
    "A mi mamá le recetaron antibióticos por diez días.",
    "A mi hermano lo tienen en el área de psiquiatría.",
    "Mi papá está en ayuno desde anoche.",
    # someone known by their role in a building, a team, a parish or an office
    "The tenant on the third floor is back in the hospital with her lungs.",
    "Our goalkeeper needs knee surgery after Saturday's match.",
    "The usher who collapsed at the late service is in the ICU.",
    "Nuestro capitán sigue hospitalizado por la fractura.",
    "El inquilino del fondo está en diálisis desde marzo.",
    # Spanish relations as a family writes of its own, in the diminutive, or by whose they are
    "La tía ya salió de cirugía, les aviso en la noche.",
    "Mi nietecito sigue en incubadora.",
    "La esposa del pastor está en cuidados paliativos.",
    "Papá ya comió solito hoy.",
    # conditions lived with, courses of care begun or used, aids, specialists, signs
    "My son has epilepsy and had two seizures this week.",
    "she begins chemo on the tenth, pray for her",
    "he's on a walking boot for the fracture",
    "grandma seemed more confused after the new pills",
    "her hands are getting mottled and cold",
    "he has pins in his wrist now",
    "my mom is seeing a cardiologist about her heart",
    "dad's breathing has slowed a lot since this morning",
    "grandpa isn't responding to us anymore",
    "my sister is in a treatment center for her drinking",
    "Le dimos la morfina a su papá hace una hora.",
    "Mi abuelo está recibiendo fisioterapia en casa.",
    "A mi mamá ya se le normalizó el azúcar.",
    "Su papá tiene los pies fríos y morados.",
    "La bebé está ganando peso poco a poco.",
    "Mi abuela ya no reconoce a sus hijos.",
    "El médico dice que mi tío tiene que quedarse otra semana.",
    # the writer's own care, told with a verb of receiving it
    "Sorry for the slow replies, I had a stroke last month and I'm still slow on the keyboard.",
    "i got my gallbladder out on friday so i'm off this week",
    "I was admitted overnight for chest pain but I'm fine now.",
    "I'm on steroids for the rash so I look puffy in the photos",
    "Me operaron de la rodilla y no puedo manejar.",
    "Estuve hospitalizado por una infección, ya regresé.",
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
    "If a child needs stitches, he or she can be seen in our pediatric ER.",
    "Dr. Okoye is in surgery all afternoon and will call back tomorrow.",
    "Charge nurse Tyrell Simmons trained new hires on the triage system.",
    "Reports that a child died in our ER are false.",
    "Most patients admitted for heat exhaustion were discharged within a day.",
    "Please bring your insurance card to your first appointment.",
    "Our therapy dog, 'Biscuit', visits the pediatric floor every Thursday.",
    "La doctora Lucía Fernández, directora de pediatría, dará la conferencia.",
    "Cada paciente puede tener dos visitantes en su habitación.",
    "Para pedir su expediente llame a la línea de atención al paciente.",
    "El portavoz del hospital no dará declaraciones sobre personas específicas.",
    "Two patients were transferred to Beth Israel overnight.",
    "Our CEO told reporters he had spent the night in the emergency department.",
    "The nurse who spoke at the vigil said she has worked in the ER for 20 years.",
    "Ten of the injured are still being treated, and we expect more to go home.",
    # visitors, reporters and staff in a unit are not its patients
    "Channel 7's Amy Lee reported live from the ER on Saturday night.",
    "Mayor Wu spoke with nurses in the emergency department about staffing.",
    "Volunteer Ana Ortiz reads to children on the pediatric floor every Tuesday.",
    "Jenna Mills of the Globe asked whether anyone was hurt.",
    # impersonal Spanish and people in general in a clause without a subject
    "Está prohibido grabar en urgencias.",
    "Fue un fin de semana muy ocupado en urgencias.",
    "Le atenderemos en cuanto haya una cama disponible.",
    "La unidad de quemados lleva más de 20 años funcionando.",
    "Admitted patients get a welcome kit.",
    "He ate lunch with the volunteers after the ribbon cutting.",
    "If your child won't eat, call the nurse line.",
    "Los pacientes pueden comer a partir de las siete.",
    # a refusal in the first person, what is not known, staff and owners in general
    "I'm not able to tell you if she's here - I'm sorry, that's the law.",
    "No estamos autorizados a decir si él está aquí o no.",
    "I have no information on whether he's been admitted.",
    "No sé si mi tío sigue internado, nadie me contesta.",
    "Whoever is discharged after 8 p.m. can ask the desk for a cab voucher.",
    "The contract says no nurse can be floated to a unit she hasn't been trained on.",
    "Parents often wonder when their kids will be discharged.",
    "Billing policy FIN-0093 explains payment plans for uninsured patients.",
    "ER visits rose 12% this winter.",
    "Los expedientes clínicos se guardan durante diez años.",
    "Patients can ask for a chaplain visit at any time by calling the front desk.",
    "Cualquier paciente puede pedir la comunión los domingos.",
    "Bay 4 in the emergency department is reserved for drills this week.",
    "Cualquier persona que crea que fue atendida durante la falla puede pedir su expediente.",
    "El programa, que sigue en marcha, atendió a 300 familias.",
    "La economía se está recuperando poco a poco.",
    "La alta dirección del hospital se reunió con el sindicato.",
    "Ingresa a nuestro portal para ver tus resultados.",
    "The 100-year-old hospital building needs a new roof.",
    "Our nurses took care of more than 9,000 patients last year.",
    "Updates on the visitor policy are posted on our website.",
    "Stitches can come out after 7 to 10 days, depending on the wound.",
    "Anyone brought in by ambulance is triaged first.",
    "Our new pacemaker clinic opens Monday.",
    "Her new office is on the fifth floor.",
    "El nuevo director, que ingresó al hospital en 2010, presentó el plan.",
    "Se está remodelando la sala de espera de urgencias.",
    # people counted elsewhere; the patient or whoever speaks for them; staff at work
    "Twelve residents were hospitalized with smoke inhalation after the fire, officials said.",
    "The patient or their legal representative can request a copy of the record.",
    "El paciente o su representante puede solicitar una copia de su expediente.",
    "If the patient is your mother and you are her proxy, the nurse line can help.",
    "Una vez que el paciente está estable, puede pasar a una habitación regular.",
    "Lamentamos no poder decirle si su vecino fue atendido aquí.",
    "He's the new security supervisor and starts Monday in the ED.",
    "Samuel Okoye lleva diez años trabajando en terapia intensiva.",
    "Housekeeping: please restock gloves in Pod C.",
    "FYI the tube system is down again, walk your labs to the lab.",
    "she's been charge nurse on L&D for six years and is finally taking a vacation",
    # what is not confirmed is said of no one
    "Riverside has not confirmed that the driver was brought to our hospital.",
    "The hospital hasn't said if the boy was admitted.",
    "El hospital no ha confirmado que la víctima haya sido trasladada a Riverside.",
    "No le puedo decir si él está aquí o no, señora, es la ley.",
    # people, vital signs and interpreters in general; a council member at work
    "Normal oxygen saturation is between 95 and 100 percent.",
    "Interpreters are available 24 hours a day at no cost.",
    "El concejal pidió más intérpretes para la clínica.",
    "The stretcher in the photo is a training mannequin.",
    "Las visitas domiciliarias se programan por teléfono.",
    # the same words about care in general or about the staff's work
    "Patients on fall precautions wear yellow socks.",
    "She runs our sleep study lab and trains new techs.",
    "Visiting hours end at 8 p.m. on the medical floors.",
    "Cada paciente con riesgo de caída tiene una alarma en la cama.",
    "She transferred to the cardiac floor last spring as a charge nurse.",
    "He helped design the new ceiling lifts for the rehab gym.",
    "Ella coordina las visitas de los voluntarios al asilo.",
    "Suicide watch means a staff member is always within arm's reach.",
    "Our chief medical officer walked the halls with the mayor.",
    "If your parent keeps asking where they are, stay calm and reorient them.",
    "Los pacientes que no pueden bañarse solos reciben ayuda.",
    "She coordinates hospice referrals for the county.",
    # roles in general, conditions and courses of care in general, staff reviewing a video
    "Every tenant can ask for a grab bar in the bathroom.",
    "Goalkeepers get more hand injuries than field players.",
    "Asthma is the most common chronic illness in children.",
    "Chemo infusions begin at 8 a.m. in the outpatient center.",
    "Estamos al tanto del video y lo estamos revisando.",
    "Los inquilinos pueden pedir una rampa de acceso.",
    # staff at work in the first person, care the writer did not have or may have
    "I was in surgery all day and missed the meeting.",
    "I gave the morphine at noon and charted it.",
    "I've never had surgery, so I can't speak to that.",
    "If I get admitted, who feeds the cat?",
    "Estuve en urgencias toda la noche cubriendo el turno.",
    "I had a patient with a seizure on my first shift.",
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
