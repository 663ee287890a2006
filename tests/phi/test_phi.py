"""The PHI guard: each kind found, ordinary statements left alone, the organisation's own
details allowed, spans and keys stable, the evaluator's thresholds, and phi-check."""

from __future__ import annotations

import ast
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT, load_settings
from bot.phi import KINDS, Finding, Org, findings_json, scan
from bot.phi.evaluate import CaseFileError, evaluate, format_evaluation, load_cases
from bot.statements.templates import load_template, render

ORG = Org(
    name="Lakeside Regional Medical Center",
    phone="(413) 555-0150",
    email="press@lakesideregional.org",
    website="https://www.lakesideregional.org",
)
# The first sets, and the fresh tuning sets (the fresh held-out set is held to a floor
# below: it does not pass the fresh bar yet).
CASE_FILES = sorted((PROJECT_ROOT / "tests" / "phi").glob("*.tsv")) + sorted(
    (PROJECT_ROOT / "tests" / "phi" / "fresh").glob("tuning*.tsv")
)
FRESH_HELD_OUT = PROJECT_ROOT / "tests" / "phi" / "fresh" / "frozen.tsv"

FOUND = [
    # name
    ("name", "Hi Jamal, thanks for reaching out to us."),
    ("name", "Dear Ms. Whitaker, we received your message."),
    ("name", "Thanks so much, Lucia! We'll pass this along."),
    ("name", "Our thoughts are with the Okafor family."),
    ("name", "The article quotes Samuel Ortiz extensively."),
    ("name", "Can we approve a statement before Tyler Nguyen's interview airs?"),
    ("name", "Mark, we hear your frustration."),
    ("name", "Hi Grace, thanks for your kind words!"),
    ("name", "PRIYA SHARMA is trending on our page, don't reply."),
    ("name", "Please do not name Officer Ramirez in any reply."),
    ("name", "Sorry to hear that, Janet."),
    # patient_status
    ("patient_status", "It was our privilege to care for your dad in his final days."),
    ("patient_status", "He was airlifted to our trauma center Saturday night."),
    ("patient_status", "Two victims of the shooting are being treated here."),
    ("patient_status", "The child is listed in fair condition."),
    ("patient_status", "I'm sorry your father's stay was so difficult."),
    ("patient_status", "Glad your daughter's surgery went well!"),
    ("patient_status", "He passed away peacefully in our care on Sunday."),
    ("patient_status", "Your grandfather received excellent care in our cardiac unit."),
    ("patient_status", "We were happy to help your son when he came into the ER."),
    ("patient_status", "Your mom was an amazing patient and we miss her already!"),
    # date
    ("date", "She was admitted on Jan. 4 and went home on the 9th."),
    ("date", "His birthday is 7/4/1950, according to the post."),
    ("date", "The photo is dated 2025-11-30 in the metadata."),
    ("date", "Born September 1948, he has lived here all his life."),
    ("date", "The letter references her appointment on the 3rd of June."),
    ("date", "Her son was born on Christmas Day 2025."),
    ("date", "The post, written 30/11/2025, names her nurse."),
    # age
    ("age", "Her grandmother, who is 97, commented on the post."),
    ("age", "The 102-year-old veteran shared a photo."),
    ("age", "He turned ninety-five last week."),
    ("age", "a woman in her 90s was mentioned in the thread"),
    ("age", "The caller, aged 91, asked about parking."),
    ("age", "Happy 100th birthday to the commenter's grandpa!"),
    # phone
    ("phone", "You can reach her at 617-555-0142."),
    ("phone", "His cell is (857) 555 0193."),
    ("phone", "The fax number on the letter is 1 (800) 555-0134."),
    ("phone", "Call the family at 555-0111 after 6."),
    ("phone", "Her mobile is +44 20 7946 0111 when she is abroad."),
    # email
    ("email", "Reach him at j.smith@example.com."),
    ("email", "Her email is mary dot jones at example dot com."),
    ("email", "Write to ANNA.K@EXAMPLE.ORG about the refund."),
    # ssn
    ("ssn", "She posted her SSN 123-45-6789 by mistake."),
    ("ssn", "Social security no. 998 12 3344 is on the form."),
    # id_number
    ("id_number", "Her MRN is 7712093."),
    ("id_number", "His insurance ID number is BCBS-448812203."),
    ("id_number", "The claim number 2026-00443 was in the letter."),
    ("id_number", "Her Medicare number 1EG4-TE5-MK73 was visible."),
    ("id_number", "The screenshot shows chart #A-22981."),
    ("id_number", "The licence number on the card in the photo is K7781234."),
    # vehicle
    ("vehicle", "The Honda with plate ABC-1234 was in the video."),
    ("vehicle", "His truck's license plate, 8HJK221, is visible."),
    ("vehicle", "VIN 5YJSA1E26HF123456 appears on the insurance card."),
    # device
    ("device", "The insulin pump serial number is 4412-9981."),
    ("device", "The serial no. on her CPAP is RSD123456."),
    ("device", "IMEI 352099001761481 is in the screenshot."),
    ("device", "Its MAC address is 3C:22:FB:0A:11:9E."),
    # address
    ("address", "He lives at 77 Oak Street, Apt 2B."),
    ("address", "The family home at 23 Hawthorne Rd. was in the footage."),
    ("address", "She lives on Maple Avenue near the school."),
    ("address", "Mail went to PO Box 4412 by mistake."),
    ("address", "Deliveries kept arriving at 5 Juniper Terrace all week."),
    # location
    ("location", "The family lives in Quincy."),
    ("location", "A Revere woman posted the video."),
    ("location", "She moved here from Lowell, Mass. last year."),
    ("location", "The reporter said the victim is a Brockton resident."),
    ("location", "They live in the 02118 ZIP code."),
    # url
    ("url", "His post is at https://facebook.com/jdoe.5521/posts/123."),
    ("url", "The video: youtu.be/xYz123AbC"),
    ("url", "See www.gofundme.com/f/help-maria for details."),
    ("url", "Her blog at mariasjourney.wordpress.com/2026/03/update mentions us."),
    # ip
    ("ip", "The login came from 8.8.4.4."),
    ("ip", "Traffic from 2001:0db8:0000:0000:0000:ff00:0042:8329 was flagged."),
    # record numbers in other shapes and in Spanish, bare SSNs, numbers read out in words
    ("id_number", "The wristband reads MR# 0412 7730."),
    ("id_number", "Billing shows Acct# B-71/902 for the visit."),
    ("id_number", "Su número de expediente es 66-2041."),
    ("id_number", "El n.º de afiliado 7720 1183 45 se ve en la tarjeta."),
    ("id_number", "subscriber id 5521 0097 31 is on the card she posted."),
    ("id_number", "The thread quotes CLM-2024-118-07 from her bill."),
    ("id_number", "His chart number is three three eight one zero four two."),
    ("ssn", "The intake form in the photo shows 431559027."),
    ("ssn", "She typed her social: four three one, five five, nine zero two seven."),
    ("phone", "Her son left his number: seis uno siete, cinco cinco cinco, cero uno ocho ocho."),
    # dates with dots and in Spanish; ages over 89 in words
    ("date", "Date of birth on the screenshot: 21.06.1949."),
    ("date", "Seen date 4.2.25 for the man in the thread."),
    ("date", "Nació el 3 de mayo de 1944."),
    ("date", "La fecha en la pulsera es 9/ago/1950."),
    ("date", "Su esposo ingresó el jueves 12 de junio."),
    ("age", "My great-aunt is ninety-three and sat in that hallway all night."),
    ("age", "El señor de noventa y cuatro años sigue en observación."),
    ("age", "Mi abuela tiene 96 años."),
    # rooms and beds, handles, photos of a person
    ("room", "The woman in bed 14 is asking for her daughter."),
    ("room", "Take the interpreter to Pod B for Mrs. Haddad."),
    ("room", "The patient in 3N-12 wants the blinds open."),
    ("room", "fyi the gentleman went up to 7 West an hour ago"),
    ("room", "Su padre está en la habitación 207."),
    ("handle", "Please DM @abuela.lupe_55 and ask her to call us."),
    ("handle", "Su nieto, @el_chuy.fotos, subió el video."),
    ("photo", "The video shows Mrs. Haddad lying on the stretcher."),
    ("photo", "That is my father in the photo, alone in your hallway."),
    ("photo", "La foto del señor en la camilla ya tiene miles de vistas."),
    ("photo", "There's a photo going around of the little girl with the IV in her arm."),
    ("photo", "The photo shows Delphine Marchetti in her hospital bed."),
    ("photo", "an employee snapchatted the patient getting CPR"),
    ("photo", "Alguien grabó a mi mamá llorando en la sala de espera."),
    ("photo", "the clip of her getting CPR in the lobby has like 200k views"),
    ("photo", "pic of grandma with her new hip and a pudding cup"),
    ("photo", "Visitor observed filming the man in Bed 12 on her phone."),
    ("photo", "someone screenshotted the facetime of him in the ICU"),
    ("room", "0130: visitor refused to leave room 517 (pt's ex-boyfriend)."),
    ("room", 'Our regular, "Sarge," is back on 5 West again.'),
    ("room", "bay c wants a warm blanket and keeps hitting the call light"),
    ("room", "handoff: Pod C bed 2 is NPO after midnight"),
    ("room", "we dropped him at trauma 2, he was combative on arrival"),
    ("room", "The gentleman in 7W-22B asked me for a chaplain visit."),
    ("room", "hallway bed three finally got a room upstairs"),
    ("room", "He's in the step-down unit now, rm 408-A"),
    ("room", "Está en urgencias, cubículo 7, esperando al cardiólogo"),
    ("room", "jenny okafor in 12 is asking for her charger again"),
    ("room", "la hija de la señora del 204 llamó"),
    ("room", "the lady in 12 is crying again, can someone check"),
    ("location", "He's a New Bedford fisherman whose story is all over Facebook."),
    ("room", "pt in 3 is asking for ice chips"),
    ("id_number", "Can you merge accounts 555-20187 and 555-20188? Same patient."),
    ("room", "he's in room four twelve now, the one by the elevators"),
    ("room", "está en el cuarto cuatrocientos doce, al fondo del pasillo"),
    ("photo", "she says her grandson is the boy being treated in the video."),
    (
        "photo",
        "The video shows a nurse doing chest compressions on the man by the vending machines.",
    ),
    ("room", "the guy in 418 keeps pulling his IV out"),
    ("room", "La pasaron al cuarto 614 del sexto piso."),
    ("room", "Está en la habitación 508, cama B."),
    ("room", "bed 22 on 5W is asking for pain meds again"),
    ("date", "The patient was born March third, nineteen forty-nine."),
    ("date", "Nació el primero de enero de 1960, según su cédula."),
    # an age right after a found name, clinical shorthand, a day and month with no year
    ("age", "Marguerite Obi (71) was brought up from the ED."),
    ("age", "Found down: Desmond Achterberg, sixty-two."),
    ("age", "male, 52-yo, unresponsive on scene"),
    ("date", "Lo dieron de alta el 21.04. y volvió a casa."),
    # a photo of someone found by name, in a care scene, or a request about a clip of him
    ("photo", "someone shared a pic of Tatiana with the oxygen mask on"),
    ("photo", "alguien subió la foto de Anacleto en la camilla"),
    ("photo", "please take down the video of him being lifted into the ambulance"),
    # record numbers after a verb of reading, on a lease, on an ambulance run
    ("id_number", "Su credencial dice 555-77-9031-B."),
    ("id_number", "Tenancy #555-4420 belongs to the man they took to the ER."),
]

PASSES = [
    # words that are also first names, and proper nouns that are not people
    "Hope everyone stays safe this weekend.",
    "Will the statement go out before noon?",
    "May is Mental Health Awareness Month.",
    "Grace and compassion guide everything we do.",
    "Sunshine and warm weather are expected for the walk.",
    "Please contact Patient Relations with any questions.",
    "The Emergency Department is experiencing high volumes today.",
    "Thank you to our Environmental Services team!",
    "Dear Community Members, we are writing to share an update.",
    "The ICU is at capacity, and we are working with nearby hospitals.",
    "Our Worcester location is hiring nurses.",
    "Warren Street entrance is closed for repairs.",
    "Faith Hospital and our team signed a partnership.",
    "Hi all, the huddle is at 2 pm.",
    # the organisation speaking of itself
    "Lakeside Regional Medical Center does not share information about patients.",
    "Our press conference is scheduled for May 3 at 10 am.",
    "The new policy takes effect January 1.",
    "The hospital turned 100 this year and we're celebrating.",
    "The building is 110 years old.",
    "Patients aged 65 and older are eligible for the program.",
    "We served 12,000 people in the 2025 fiscal year.",
    "Update to version 10.2.1.4 before the drill.",
    "See CDC guidance on cdc.gov.",
    "The main entrance is on Main Street.",
    "Text HELP to 55512 for updates.",
    "Our fiscal year ends June 30.",
    # no one in particular
    "We treat every patient with dignity and respect.",
    "Patients are seen in order of medical urgency, not arrival time.",
    "If you were a patient here and have questions about your bill, call us.",
    "We are not able to confirm whether the person in the video was treated here.",
    "Anyone who visited the ER between 2 and 4 pm may have been exposed to measles.",
    "Our ER treated more than 60,000 patients last year.",
    "Caring for you is what we do. Find a doctor on our website.",
    "Plan your visit: parking and entrances are listed online.",
    "The statement was released to the press at noon.",
    "The post was taken down after we reported it.",
    "No one was injured in the parking garage incident.",
    # the organisation's own policies, forms and releases; sums of money; its events
    "Policy QA-310 explains how we handle recordings on campus.",
    "La política QA-310 explica cómo manejamos las grabaciones.",
    "The endowment has grown to $318500000 over ten years.",
    "Version 4.12.1 of the app fixes the login bug.",
    "La conferencia de prensa será el 20 de mayo a las 11.",
    "La nueva política entra en vigor el 01.09.2025.",
    "Our ER has twenty-six treatment spaces and one two-bed bay.",
    # ages for a group; a building's age
    "Patients aged ninety and older are counted together in our reports.",
    "Las personas de noventa años o más se cuentan juntas.",
    "Nuestra fundación cumple cien años este otoño.",
    # rooms, handles and photos that are no one's
    "Pod B will be closed for cleaning overnight.",
    "Room 5 needs new paint before the inspection.",
    "Our new rooms have space for one family member to sleep.",
    "There is room for two more volunteers at the table.",
    "The video has 5M views and counting.",
    "Conference Room 2 is set up for the briefing.",
    "Unit 6E, 24 beds, reopened after renovation.",
    "Each patient room on 4 North has a window.",
    "Families can wait in the family lounge on 3 South.",
    "The nurses of Pod A were thanked for their work during the storm.",
    "Follow @LakesideRegional for storm updates.",
    "@here the draft is ready for review.",
    "Questions go to press@lakesideregional.org, not to our social accounts.",
    "Please do not share photos or videos taken inside our emergency department.",
    "Our annual report has photos of the new surgical wing.",
    "We are aware of a video of a man on a stretcher and cannot confirm whether he was treated here.",
    "Le pedimos que no comparta videos grabados en nuestras instalaciones.",
    "The photo shows Lakeside Regional at night, lit up for the anniversary.",
    "Starting March first, visitors must check in at the front desk.",
    # a thing's own age, an average age, crews from towns, officials with a comma
    "The hospital turned 114 this spring.",
    "La edad promedio de los donantes es de 45 años.",
    "Engines from Braintree and Randolph covered the station overnight.",
    "The superintendent of schools, Carla Moretti, will speak at the assembly.",
]

ORG_DETAILS = [
    "Call us at (413) 555-0150.",
    "Call us at 413-555-0150 or 413.555.0150.",
    "Phone: +1 413 555 0150, or 4135550150, or 1-413-555-0150.",
    "Questions? PRESS@LAKESIDEREGIONAL.ORG",
    "Details at lakesideregional.org and www.lakesideregional.org/news/update-1.",
    "See https://lakesideregional.org/privacy?lang=en for our privacy practices.",
    "Lakeside Regional's Patient Relations team reads every message.",
    "Lakeside Regional Medical Center is aware of the posts.",
]


@pytest.mark.parametrize(
    ("kind", "sentence"), FOUND, ids=[f"{k}-{i}" for i, (k, _) in enumerate(FOUND)]
)
def test_identifier_is_found(kind: str, sentence: str) -> None:
    findings = scan(sentence, ORG)
    assert kind in {f.kind for f in findings}, findings


@pytest.mark.parametrize("sentence", PASSES)
def test_ordinary_statement_passes(sentence: str) -> None:
    assert scan(sentence, ORG) == []


@pytest.mark.parametrize("sentence", ORG_DETAILS)
def test_organisations_own_details_are_allowed(sentence: str) -> None:
    assert scan(sentence, ORG) == []


WIDER_ORG = Org(
    name="Lakeside Regional Medical Center",
    phone="(413) 555-0150",
    phones=("(413) 555-0142 ext. 12", "413-555-0199"),
    addresses=("800 Lakeview Drive, Springfield, MA 01105",),
    staff=("Maria Delgado", "Anita Rao"),
)
WIDER_ORG_DETAILS = [
    "Our nurse advice line is 413.555.0142, ext. 12; security answers at 555-0199.",
    "Reporters may call Maria Delgado, our media relations manager, at (413) 555-0150.",
    "Dr. Rao, our chief medical officer, will brief the press at 800 Lakeview Drive.",
    "Visitors enter at 800 Lakeview Drive, Springfield, MA 01105.",
]
WIDER_ORG_FOUND = [
    ("phone", "Her daughter's number is 413-555-0177."),
    ("address", "He lives at 12 Lakeview Drive, Springfield."),
    ("name", "Maria Delgato's son filmed the video."),
]


@pytest.mark.parametrize("sentence", WIDER_ORG_DETAILS)
def test_the_organisations_other_lines_addresses_and_named_staff_pass(sentence: str) -> None:
    assert scan(sentence, WIDER_ORG) == []


@pytest.mark.parametrize(("kind", "sentence"), WIDER_ORG_FOUND)
def test_numbers_addresses_and_names_beside_the_organisations_are_still_found(
    kind: str, sentence: str
) -> None:
    assert kind in {f.kind for f in scan(sentence, WIDER_ORG)}


def test_organisations_details_are_found_for_another_organisation() -> None:
    other = Org(name="Elsewhere Clinic", phone="(212) 555-0199", email="hi@elsewhere.org")
    kinds = {f.kind for f in scan("Call (413) 555-0150 or press@lakesideregional.org.", other)}
    assert kinds == {"phone", "email"}


# -- people's names: other alphabets, lower case, everyday words used as names, nicknames,
# initials with an age, Spanish titles and cues; the organisation's staff in any spelling --

NAMES_FOUND = [
    # (sentence, the name as found)
    ("Øyvind Løkken asked for the patient relations office.", "Øyvind Løkken"),
    ("We spoke with Żaneta Wójcik this morning.", "Żaneta Wójcik"),
    ("Đặng Văn Minh was moved to a regular room.", "Đặng Văn Minh"),
    ("Keʻala Kahananui is awake and asking for her sister.", "Keʻala Kahananui"),
    ("Tupac Huaman Condori's aunt called the unit twice.", "Tupac Huaman Condori"),
    ("fyi rhonda pettibone is back in the er", "rhonda pettibone"),
    ("pls call back tariq haddadin about his dad", "tariq haddadin"),
    ("el señor joaquín ledesma ya se fue a casa", "señor joaquín ledesma"),
    ("just heard brian kowalski got discharged this morning", "brian kowalski"),
    ("marcus o'hara's wife is at the front desk", "marcus o'hara"),
    ("nurse said walter j. pierce is stable and sleeping", "walter j. pierce"),
    ("ivonne paredes sigue sedada, todavía no la despiertan", "ivonne paredes"),
    ("alguien tiene el número de la esposa de beto salcido?", "beto salcido"),
    ("fyi dolores ferraro went up to 6 east", "dolores ferraro"),
    (
        "Please let the family know that Oluwaseun Adeyemi-Bright is out of surgery.",
        "Oluwaseun Adeyemi-Bright",
    ),
    ("We have Siddharth Ramaswamy on the list for a cardiology consult.", "Siddharth Ramaswamy"),
    ("Trajeron a Bayarmaa Ganbold desde el aeropuerto.", "Bayarmaa Ganbold"),
    ("Bill Faith was brought in after the fall.", "Bill Faith"),
    ("Faith came through the surgery fine and is sleeping it off.", "Faith"),
    ("Rich got his cast on and is waiting for a ride home.", "Rich"),
    ("Rusty Banks, the bartender from the viral fight video, has a fractured jaw.", "Rusty Banks"),
    ("Tell May her husband's surgery went fine.", "May"),
    ("We're keeping Joy overnight because her oxygen dipped again.", "Joy"),
    ("La Chata ya salió de quirófano, dice el doctor.", "La Chata"),
    ('the guy everyone calls "Sarge" is in the cardiac unit', "Sarge"),
    ('Our regular, "Pops", came back in by ambulance last night.', "Pops"),
    ('"Tiny" from the motorcycle club is awake and cracking jokes.', "Tiny"),
    ('"Cookie" from the bakery had her baby here.', "Cookie"),
    ('Her brother, known to everyone as "Moose", is at the front desk.', "Moose"),
    ('"Pookie" finally got her cast off!!!', "Pookie"),
    ('The night nurses all know "Mr. Pickles" by now.', "Mr. Pickles"),
    ('Subject known as "Tiny" treated for a hand laceration.', "Tiny"),
    ("Sunny cried when they told her she could go home Friday.", "Sunny"),
    ("Can a volunteer bring a Quran to Hamid Rahimi, he asked the chaplain", "Hamid Rahimi"),
    ("Eun-ji Park's billing account shows two ER visits this month", "Eun-ji Park"),
    ("Aarav Kulkarni (the kid from the bike accident) is off the vent", "Aarav Kulkarni"),
    ("can someone tell dave castellano's wife he's out of surgery", "dave castellano"),
    ("pls pray for auntie rosalind, they moved her to hospice care today", "rosalind"),
    ("Bill in bay 4 wants his daughter called when he's back from CT", "Bill"),
    ("Praying for little Joy, her second surgery went well", "Joy"),
    ("Summer's stitches came out today and she didn't even cry!", "Summer"),
    ('al "Chuy" ya lo pasaron a piso', "Chuy"),
    ("JR 67yo M in bay 3, still waiting on a bed upstairs", "JR"),
    ("R.L. 55F still waiting on the cardiology consult", "R.L."),
    ("ugh, valentina's husband is yelling at the front desk again", "valentina"),
    ("Grace from 4 West's family wants a call back.", "Grace"),
    ("Rocky pulled through, the family is with him now.", "Rocky"),
    ("Refugio Salas, nacida el 2 de mayo de 1939, sigue en cuidados intermedios", "Refugio Salas"),
    ("The patient, M.K.-L., 33, is in labor.", "M.K.-L."),
    ("S.N. aged 45 came in by ambulance.", "S.N."),
    ("Will is out of surgery and resting.", "Will"),
    ("June and her husband thanked the night nurses.", "June"),
    ("Grace is doing much better today.", "Grace"),
    ("Esperanza sigue en observación.", "Esperanza"),
    ("Her son Will drove her in.", "Will"),
    ("Su hija Lupita dejó un mensaje.", "Lupita"),
    ("Dígale a Itzayana que su papá la espera.", "Itzayana"),
    ("La señora Rodríguez pidió una copia de la factura.", "señora Rodríguez"),
    ("Don Ernesto ya está despierto.", "Don Ernesto"),
    ("Los Zamudio agradecen las oraciones.", "Zamudio"),
    ('Her cousin, who goes by "Tiki", posted the clip.', "Tiki"),
    ('Please ask "Peanut" to call the family line.', "Peanut"),
    ('"Little Joe" is stable and watching the game.', "Little Joe"),
    ('"El Flaco" ya salió de cirugía.', "El Flaco"),
    ("K.T., 41, was seen for a cut hand.", "K.T."),
    ("Complaint from D.W. (72) about the bill.", "D.W."),
    ("J.M., de 58 años, fue dada de alta.", "J.M."),
    ("Patient R.S. left before triage.", "R.S."),
]

NAMES_PASS = [
    # words and months that are also names, used as words
    "Hope is on the way: the new wing opens next year.",
    "Our June newsletter lists the new visiting hours.",
    "Grace under pressure is what our nurses show every night.",
    "Will visitors need masks this week? Only in the ER.",
    "Esperamos compartir más información mañana.",
    # programmes and codes in quotes, institutions, languages, places, labels, numbers
    'Staff will follow the "Code Silver" protocol during drills.',
    'El programa "Brazos Abiertos" busca voluntarios.',
    'Nuestro lema es "Cuidar con Amor".',
    "La Cruz Roja Americana organiza una colecta de sangre.",
    "Our interpreters cover Tiếng Việt, Kreyòl ayisyen and Português.",
    "Quincy is home to our newest clinic.",
    "La feria de salud será en el centro de Quincy.",
    "Los Angeles hosts the conference this year.",
    "Bay 2 is closed for deep cleaning.",
    "The Q.I. committee, 14 members, meets monthly.",
    "El comité de calidad (Q.I.), de 14 personas, se reúne cada mes.",
    "La línea principal es cuatro uno tres, cinco cinco cinco, cero uno cinco cero.",
    # notes in lower case with no one in them
    "la reunión es a las tres, no publiquen nada antes",
    "ok so the statement goes out at 5, nobody post before then",
    "El portavoz del hospital no dará declaraciones sobre personas específicas.",
    "jesus this thread is brutal, let's not reply until legal signs off",
    "We now offer Paxlovid Evusheld infusions at the clinic.",
    "Staff completed Narcan Naloxone training.",
    "Call the Trevor Project if you need to talk.",
    "Faith, hope and love guide our chaplaincy program.",
    "Gracias, vecinos de Quincy, por su paciencia durante la obra.",
    "We're praying for everyone affected by the fire on Elm Street.",
    "Our thoughts are with the Quincy community tonight.",
    "Text or call 988; chat at 988lifeline.org.",
    "May came in like a lion this year, with record flu visits.",
    "Rocky roads and ice closed the north lot this morning.",
    "Ask Patient Relations to call you back.",
    "Let Legal know before anything goes out.",
    "La Unidad de Cuidados Intensivos sigue abierta.",
]

STAFF_ORG = Org(
    name="Lakeside Regional Medical Center", staff=("Kevin O'Neill", "Lucía Fernández", "Anita Rao")
)
STAFF_PASSES = [
    "lucia fernandez will reply to families today",
    "Sra. Fernández responderá a las familias.",
    "Approved by Dr. Rao and Mr. O'Neill.",
    "La doctora Anita Rao encabezará la revisión.",
    "Kevin O’Neill, our chief executive, apologised.",
]
STAFF_FOUND = [
    # a title that does not fit the staff member, another first name: someone else
    ("Mrs. O'Neill called about her son again.", "Mrs. O'Neill"),
    ("Mr. Fernández left a voicemail for the unit.", "Mr. Fernández"),
    ("Dr. Lucas Rao's daughter posted the video.", "Dr. Lucas Rao"),
]


@pytest.mark.parametrize(("sentence", "name"), NAMES_FOUND)
def test_name_is_found_whole(sentence: str, name: str) -> None:
    assert name in [f.text for f in scan(sentence, ORG) if f.kind == "name"]


@pytest.mark.parametrize("sentence", NAMES_PASS)
def test_words_that_look_like_names_pass(sentence: str) -> None:
    assert scan(sentence, ORG) == []


@pytest.mark.parametrize("sentence", STAFF_PASSES)
def test_named_staff_pass_in_any_spelling_and_with_a_fitting_title(sentence: str) -> None:
    assert scan(sentence, STAFF_ORG) == []


@pytest.mark.parametrize(("sentence", "name"), STAFF_FOUND)
def test_a_staff_members_family_name_is_still_found_for_someone_else(
    sentence: str, name: str
) -> None:
    assert name in [f.text for f in scan(sentence, STAFF_ORG) if f.kind == "name"]


# Staff named with their job, speaking for the organisation; and people who only look so.
STAFF_BY_JOB_PASSES = [
    "Spokesperson Jamal Whitfield said the hospital is reviewing the video.",
    "Nurse manager Deborah Klein thanked her team for their work during the storm.",
    "Our CEO, Robert Lindqvist, will speak at noon.",
    "Dr. Priya Natarajan, our chief of emergency medicine, will answer questions.",
    "Statement from Marcus Hale, Vice President of Communications.",
    "Questions can go to Beth Navarro (patient experience coordinator).",
    "La directora de enfermería, Carmen Rivas, agradeció al personal.",
    "La doctora Elena Ibarra, jefa de urgencias, explicó el nuevo sistema de triaje.",
    "Patient advocate Rosa Linares is available to talk with families.",
    "El director médico, el doctor Julián Arce, ofrecerá una rueda de prensa.",
    "Please join me in congratulating Dr. Priya Nandakumar on being named chief of surgery.",
    "Our steward on 6 East, Danielle Frost, RN, can help you with any grievance.",
    "La capellana del hospital, hermana Lucía Soto, ofrecerá una misa.",
]
STAFF_BY_JOB_FOUND = [
    ("Dr. Noah Fisk, the ER attending that night, has been suspended pending review.", "Noah"),
    ("Maria Ortiz, a retired nurse manager, is recovering in our ICU.", "Maria Ortiz"),
    ("The manager spoke with Delia Fontaine about her mother's bill.", "Delia Fontaine"),
    ("Our spokesperson talked to Kenji Mori's family yesterday.", "Kenji Mori"),
    ("The spokesperson for the family, Jordan Wells, asked for privacy.", "Jordan Wells"),
]


@pytest.mark.parametrize("sentence", STAFF_BY_JOB_PASSES)
def test_staff_named_with_their_job_pass(sentence: str) -> None:
    assert [f for f in scan(sentence, ORG) if f.kind == "name"] == []


@pytest.mark.parametrize(("sentence", "name"), STAFF_BY_JOB_FOUND)
def test_a_job_word_near_someone_else_or_a_personnel_action_leaves_the_name(
    sentence: str, name: str
) -> None:
    assert any(f.kind == "name" and name in f.text for f in scan(sentence, ORG))


# A person's age at any age, in digits or words; counts and ranges are not ages.
AGES_FOUND = [
    ("J.R., 58, was admitted with a suspected stroke.", "58"),
    ("Complaint from T.O. (46) about the parking garage.", "(46)"),
    ("The sixty-four-year-old driver was released.", "sixty-four-year-old"),
    ("a toddler, barely two, came in after a fall", "barely two"),
    ("Her son is only seventeen and he is scared.", "seventeen"),
    ("Mi mamá tiene sesenta y ocho años y no tiene seguro.", "sesenta y ocho años"),
    ("El niño tiene apenas siete añitos.", "siete añitos"),
    ("Mi papá cumple 80 el 17 de octubre.", "cumple 80"),
]
AGES_PASS = [
    "Unit 4B, 32 beds, reopened after renovation.",
    "Adults over 65 should get a flu shot every year.",
    "About one in five of our inpatients were over the age of eighty.",
    "Children under twelve must be accompanied by an adult.",
    "Las personas mayores de sesenta y cinco años pueden vacunarse sin cita.",
    "Riverside has served Boston for one hundred and ten years.",
    "Dr. Anita Rao, 25 years at Riverside, will lead the review.",
]


@pytest.mark.parametrize(("sentence", "age"), AGES_FOUND)
def test_an_age_is_found_in_digits_or_words(sentence: str, age: str) -> None:
    assert any(f.kind == "age" and age in f.text for f in scan(sentence, ORG))


@pytest.mark.parametrize("sentence", AGES_PASS)
def test_counts_ranges_and_an_institutions_years_are_not_ages(sentence: str) -> None:
    assert [f for f in scan(sentence, ORG) if f.kind == "age"] == []


# Dates of the organisation's own events, rules, notices and milestones.
ORG_DATES_PASS = [
    "Join us for our open house on Saturday, June 7.",
    "Reporters should RSVP by April 2 to attend the briefing.",
    "Beginning March 1, all visitors must check in at the front desk.",
    "The town hall originally set for Feb. 9 has been postponed to Feb. 16.",
    "Starting January 5, 2026, masks are required in all patient care areas.",
    "On June 3, Lakeside Regional received Magnet recognition for nursing excellence.",
    "Our candlelight vigil is Friday, Oct. 3, at 7 p.m.",
    "La vigilia será el viernes 3 de octubre a las 7 de la tarde.",
    "El 15 de mayo inauguramos la nueva sala de espera.",
    "Si usted estuvo en la sala de espera el lunes 3 de marzo, llame a la línea de enfermería.",
    "If you were in our lobby on March 3 between 2 and 4 p.m., please call us.",
    "A partir del 1 de marzo, todos los visitantes deben registrarse en la entrada.",
]


@pytest.mark.parametrize("sentence", ORG_DATES_PASS)
def test_dates_of_the_organisations_events_and_rules_pass(sentence: str) -> None:
    assert [f for f in scan(sentence, ORG) if f.kind == "date"] == []


# Towns: the town of a street address, where someone is from in Spanish; the
# organisation's own addresses in their short forms.
TOWNS_FOUND = [
    ("She was discharged home to 55 Hancock Street, Apt 3, Braintree.", "Braintree"),
    ("Vive en Avenida Blue Hill 1187, apartamento 2, en Mattapan.", "Mattapan"),
    ("I live at 310 Adams Street in Dorchester.", "Dorchester"),
    ("Mi tía de Lowell sigue con fiebre.", "Lowell"),
    ("Ignacio, el de Framingham, ya tiene mejor color.", "Framingham"),
    ("Vivo en 45 Calle Bowdoin, apto 3, Dorchester.", "Dorchester"),
    ("Somos de Chelsea y queremos saber cómo sigue mi primo.", "Chelsea"),
]
OWN_ADDRESSES_PASS = [
    "Drop-off is at 1200 Harbor St, Boston.",
    "Our clinic at 45 Elm Ave. in Quincy has free parking.",
    "Nuestro hospital está en 1200 Harbor St., Boston, MA.",
    "Our Elm Ave. clinic (45 Elm, Quincy) now opens at 7.",
    "Our community health fair returns on the 9th of August this year.",
]


@pytest.mark.parametrize(("sentence", "town"), TOWNS_FOUND)
def test_a_persons_town_is_found(sentence: str, town: str) -> None:
    assert any(f.kind == "location" and f.text == town for f in scan(sentence, ORG))


def test_a_number_read_out_with_hundred_is_the_organisations_line() -> None:
    org = Org(name="Riverside General Hospital", phone="(617) 555-0100")
    assert scan("Our main line is six one seven, five five five, zero one hundred.", org) == []


def test_a_staff_members_first_name_passes_where_the_sentence_says_how_to_reach_us() -> None:
    org = Org(name="Riverside General Hospital", staff=("Maria Delgado",))
    assert scan("Media calls go to the press line - ask for Maria.", org) == []
    assert [f.text for f in scan("Maria called about her son's bill.", org)] != []


@pytest.mark.parametrize("sentence", OWN_ADDRESSES_PASS)
def test_the_organisations_addresses_pass_in_short_forms(sentence: str) -> None:
    org = Org(
        name="Riverside General Hospital",
        addresses=("1200 Harbor Street, Boston, MA 02110", "45 Elm Avenue, Quincy, MA 02169"),
    )
    assert scan(sentence, org) == []


# The organisation's documents and public lines; a person's numbers in other shapes.
DOCUMENTS_AND_LINES_PASS = [
    "Case number CR-2025-0088 refers to our internal review of the incident.",
    "Reference policy number ADM-2231 when filing a records request.",
    "Our incident report IR-2025-114 has been shared with regulators.",
    "El caso CR-2025-0088 se refiere a nuestra revisión interna.",
    "For poisonings call 1-800-222-1222.",
    "El Centro de Toxicología atiende gratis al 1-800-222-1222.",
    "Blood drive on 4.22.2025 in the main auditorium, walk-ins welcome.",
]
NUMBERS_FOUND = [
    ("id_number", "Her case number is 2025-4471, please call her back."),
    ("id_number", "Policy number: BCX-2290-4471-01 (from the complaint email)"),
    ("id_number", "Her MassHealth ID is 555019283746."),
    ("id_number", "Member ID for Curtis Abernathy: HMO-555-204-117."),
    ("id_number", "the MRN she gave was 0044-1187-2, can you double check"),
    ("id_number", "Folio de admisión 555-ADM-44021, el señor sigue en observación."),
    ("id_number", "El número de expediente es cinco cinco cinco, cuarenta y dos, dieciocho."),
    ("phone", "Llámenme al ocho cincuenta y siete, cinco cinco cinco, cero uno treinta y uno."),
    ("phone", "Her cell is 1-800-555-0134, call after six."),
    ("id_number", "Su expediente clínico es el 55-0021-88."),
    ("id_number", "FIN 5552231009 was on the wristband."),
    ("id_number", "Car with plate 5KT 555 parked in the ambulance bay."),
    ("id_number", "Policy holder ID BCX 555 882 104 (spouse)."),
    ("id_number", "El número de afiliado de mi mamá es MSP-555-210-889."),
    ("date", "she was born the seventh of march, nineteen fifty-one"),
    ("date", "Fecha de ingreso: veinte de enero de dos mil veinticinco."),
    ("photo", "here's a selfie of me and dad after his chemo"),
    ("photo", "The photo in that thread is clearly him in the burn unit."),
    ("photo", "te mando la foto de tu abuela con el suero"),
    ("handle", "u/throwaway_rgh_nurse says her brother is the guy from the crash"),
    ("age", "R.L. 55F still waiting on the cardiology consult"),
    ("id_number", "chart 555/22041 needs the discharge summary signed"),
    ("id_number", "Enc #E555-77123 — pt left AMA around 3am"),
    ("ssn", "SSN on file for the ER visit is 555124478 and the patient says it's wrong"),
    ("id_number", "el número de miembro del seguro de mi abuela es MH5558817"),
    ("phone", "llámame al cinco cinco cinco, cero uno cuatro nueve cuando salga"),
    ("date", "admitted 2.14.25, discharged 2.19.25"),
    ("date", "Está hospitalizada desde el 3 de enero, ya casi dos meses"),
    ("address", "Dirección del paciente: Calle 5 de Mayo #88, int. 4"),
    ("age", "Una señora de ochenta y tantos años lleva toda la noche en el pasillo."),
    ("address", "La familia del 88 de la calle Bennington pide ayuda."),
    ("address", "Lo trajeron desde su casa, en el 77 de Adams St., hasta la entrada."),
    ("id_number", "Mi número de afiliado es cinco cinco cinco, uno dos, tres cuatro cinco seis."),
]


@pytest.mark.parametrize("sentence", DOCUMENTS_AND_LINES_PASS)
def test_the_organisations_documents_and_public_lines_pass(sentence: str) -> None:
    assert scan(sentence, ORG) == []


@pytest.mark.parametrize(("kind", "sentence"), NUMBERS_FOUND)
def test_a_persons_numbers_in_other_shapes_are_found(kind: str, sentence: str) -> None:
    assert kind in {f.kind for f in scan(sentence, ORG)}


def test_spans_match_the_text_sorted_and_merged_per_kind() -> None:
    text = " ".join(sentence for _, sentence in FOUND)
    findings = scan(text, ORG)
    assert findings == sorted(findings, key=lambda f: f.start)
    for f in findings:
        assert f.kind in KINDS
        assert text[f.start : f.end] == f.text
        assert f.reason
    for kind in KINDS:
        spans = [(f.start, f.end) for f in findings if f.kind == kind]
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans)), kind


def test_a_sentence_and_its_place_in_a_longer_text_give_the_same_finding() -> None:
    sentence = "Thanks, Tom, it was a pleasure caring for you."
    alone = scan(sentence, ORG)
    inside = scan("We saw the comments today. " + sentence, ORG)
    assert [f.key for f in alone] == [f.key for f in inside]
    assert [(f.start + 27, f.end + 27) for f in alone] == [(f.start, f.end) for f in inside]


@pytest.mark.parametrize(
    "text", ["", " ", "\n", "Mr.", "Hi", "@", "http://", "1.2.3.4.5", "::", "(617)", "123 Main"]
)
def test_odd_input_gives_no_finding_and_no_error(text: str) -> None:
    assert scan(text, ORG) == scan(text) == []


def test_key_is_kind_and_normalised_text() -> None:
    a = Finding("name", 0, 11, "Tom  Becker", "a first name and surname")
    b = Finding("name", 40, 50, "TOM\nBECKER", "someone addressed by name")
    assert a.key == b.key == "name:tom becker"
    assert [f.key for f in scan("Hi Priya, call 617-555-0142.", ORG)] == [
        "name:priya",
        "phone:617-555-0142",
    ]


def test_finding_serialises_to_the_json_fields() -> None:
    finding = scan("Hi Priya.", ORG)[0]
    assert finding.to_dict() == {
        "kind": "name",
        "start": 3,
        "end": 8,
        "text": "Priya",
        "reason": finding.reason,
    }
    assert json.loads(findings_json([finding])) == {"findings": [finding.to_dict()]}


def test_org_comes_from_settings() -> None:
    settings = load_settings(
        {
            "ORG_NAME": "Lakeside Regional Medical Center",
            "ORG_PHONE": "(413) 555-0150",
            "ORG_EMAIL": "press@lakesideregional.org",
            "ORG_WEBSITE": "https://www.lakesideregional.org",
        },
        env_file=None,
    )
    assert Org.from_settings(settings) == ORG


def test_statement_templates_rendered_with_their_examples_are_clean() -> None:
    org = {"org_name": ORG.name, "org_phone": ORG.phone, "org_email": ORG.email}
    org["org_website"] = ORG.website
    paths = sorted((PROJECT_ROOT / "messages" / "statements").rglob("*.j2"))
    assert paths
    for path in paths:
        template = load_template(path)
        text = render(template, {v.name: v.example for v in template.variables}, org)
        assert scan(text, ORG) == [], path


def test_phi_package_does_not_import_slack() -> None:
    for path in sorted((PROJECT_ROOT / "bot" / "phi").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names.append(node.module)
            assert not [n for n in names if n.startswith(("slack", "bot.slack"))], path


def test_importing_the_package_leaves_the_detectors_and_their_libraries_unloaded() -> None:
    """Every command imports bot.phi (for Org); only a scan needs the detectors."""
    code = (
        "import sys, bot.phi, bot.phi.model; "
        "print(sorted(m for m in sys.modules if m.startswith(('bot.phi.', 'phonenumbers', "
        "'usaddress')) and m not in ('bot.phi.model', 'bot.phi.compiled')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PROJECT_ROOT
    )
    assert out.stdout.strip() == "[]"


# -- the evaluator -----------------------------------------------------------------------


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_case_file_meets_the_thresholds(path: Path) -> None:
    result = evaluate(path)
    assert result.passed, format_evaluation(result)


def test_the_fresh_held_out_set_does_not_fall_back() -> None:
    """Its bar (97% recall, 95% for a care fact alone) is not reached yet; this floor, a
    little under the figures it reached (92.7%, 93.4%, 0.9% false positives), keeps a
    change from quietly losing ground on sentences nobody tuned on. Figures only."""
    result = evaluate(FRESH_HELD_OUT)
    shown = format_evaluation(result, sentences=False)
    assert result.recall >= 0.90, shown
    assert result.status_only.recall >= 0.90, shown
    assert result.false_positive_rate <= 0.03, shown


def _case_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "cases.tsv"
    path.write_text(body, encoding="utf-8")
    return path


def test_evaluation_counts_recall_false_positives_and_misses(tmp_path: Path) -> None:
    path = _case_file(
        tmp_path,
        "# a comment\n\n"
        "name,phone\tHi Priya, call 617-555-0123.\n"
        "date\tThe weather was lovely.\n"
        "none\tWe cannot confirm whether someone is a patient.\n"
        "none\tThanks, Tom, it was a pleasure caring for you.\n",
    )
    result = evaluate(path)
    assert result.cases == 4
    assert result.caught == {"name": 1, "phone": 1}
    assert result.labelled == {"name": 1, "phone": 1, "date": 1}
    assert result.recall == pytest.approx(2 / 3)
    assert result.false_positive_rate == 0.5
    assert [(kind, case.line) for kind, case in result.misses] == [("date", 4)]
    assert [case.line for case, _ in result.false_positives] == [6]
    assert not result.passed
    report = format_evaluation(result)
    assert "MISS date (line 4): The weather was lovely." in report
    assert "FALSE POSITIVE (line 6)" in report


def test_four_column_cases_are_measured_per_language_category_and_status_only(
    tmp_path: Path,
) -> None:
    path = _case_file(
        tmp_path,
        "# KINDS<TAB>LANG<TAB>CATEGORY<TAB>SENTENCE\n"
        "name,patient_status\ten\tstatus\tThanks, Tom, it was a pleasure caring for you.\n"
        "patient_status\ten\tstatus\tThe weather was lovely.\n"
        "none\tes\tnegated\tNo podemos confirmar si alguien es paciente.\n"
        "none\ten\tnegated\tWe read every message, Tom.\n",
    )
    result = evaluate(path)
    assert result.bar.status_only_recall == 0.95  # four columns: the stricter bar
    assert (result.status_only.positives, result.status_only.caught) == (1, 0)
    assert (result.by_lang["es"].negatives, result.by_lang["es"].flagged) == (1, 0)
    status, negated = result.by_category["status"], result.by_category["negated"]
    assert (status.positives, status.caught) == (2, 1)
    assert (negated.negatives, negated.flagged) == (2, 1)
    assert [name for name, _ in result.worst_categories()] == ["negated", "status"]
    report = format_evaluation(result)
    assert "status only" in report and "worst categories:" in report and "language:" in report
    assert not result.passed


@pytest.mark.parametrize(
    "line",
    ["name Hi Priya", "colour\tHi Priya", "none\t  ", "none\tfr\tstatus\tBonjour", "a\tb\tc"],
    ids=["no-tab", "kind", "empty", "language", "three-fields"],
)
def test_bad_case_line_is_reported_with_its_line(tmp_path: Path, line: str) -> None:
    with pytest.raises(CaseFileError, match=r"cases\.tsv:2:"):
        load_cases(_case_file(tmp_path, f"# header\n{line}\n"))


def _run(args: list[str], text: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ORG_", "SLACK_"))}
    env |= {"ORG_NAME": ORG.name, "ORG_PHONE": ORG.phone, "ORG_EMAIL": ORG.email}
    env |= {"ORG_WEBSITE": ORG.website, "PYTHONPATH": str(PROJECT_ROOT)}
    return subprocess.run(
        [sys.executable, *args],
        input=text,
        capture_output=True,
        text=True,
        cwd=tmp_path,  # no stray .env
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_evaluate_command_exits_1_below_the_thresholds(tmp_path: Path) -> None:
    good = _case_file(tmp_path, "name\tHi Priya, thanks.\nnone\tWe read every message.\n")
    done = _run(["-m", "bot.phi", "--evaluate", str(good)], "", tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "overall recall  100.0%" in done.stdout
    bad = tmp_path / "bad.tsv"
    bad.write_text("date\tThe weather was lovely.\n", encoding="utf-8")
    done = _run(["-m", "bot.phi", "--evaluate", str(bad)], "", tmp_path)
    assert done.returncode == 1
    assert "MISS date" in done.stdout


# -- crisisbot phi-check -----------------------------------------------------------------


@pytest.mark.slow
def test_phi_check_prints_findings_and_exits_1(tmp_path: Path) -> None:
    text = "Thanks, Tom, it was a pleasure caring for you. Call (413) 555-0150 or 617-555-0142."
    done = _run(["-m", "bot", "phi-check"], text, tmp_path)
    assert done.returncode == 1, done.stderr
    findings = json.loads(done.stdout)["findings"]
    assert [(f["kind"], f["text"]) for f in findings] == [
        ("name", "Tom"),
        ("patient_status", "caring for you"),
        ("phone", "617-555-0142"),
    ]
    assert set(findings[0]) == {"kind", "start", "end", "text", "reason"}
    assert all(text[f["start"] : f["end"]] == f["text"] for f in findings)


@pytest.mark.slow
def test_phi_check_exits_0_on_a_clean_statement(tmp_path: Path) -> None:
    text = "We cannot confirm whether someone is a patient. Questions: (413) 555-0150."
    done = _run(["-m", "bot", "phi-check"], text, tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"findings": []}


@pytest.mark.slow
def test_phi_check_with_arguments_is_bad_usage(tmp_path: Path) -> None:
    done = _run(["-m", "bot", "phi-check", "Hi Priya"], "", tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("error:")


@pytest.mark.parametrize(
    "sentence",
    [
        "Thanks to Dr. Kim for leading the training on Tuesday.",
        "El enfermero Tomás Aguilar dará la capacitación de RCP el lunes.",
        "our nurse Jess said the breakroom fridge is broken again lol",
        "Jenna Mills of WBZ asked for a comment on the staffing story.",
        "WBUR's Sam Fisher interviewed Dr. Rao about the heat wave.",
        "Mayor Wu thanked first responders at the ceremony.",
        "The new clinic in Lowell opens in the fall.",
        "Cualquier persona mayor de 65 años puede vacunarse sin cita.",
    ],
)
def test_people_at_work_and_our_places_pass(sentence: str) -> None:
    assert [f for f in scan(sentence, ORG) if f.kind != "patient_status"] == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Please do not name Officer Ramirez in any reply.",
        "Mrs O'Neill called the switchboard asking to speak with a manager.",
        "The Globe reporter wants a comment on what happened to Eleanor Pruitt.",
        "Dr. Hannah Lindqvist, the resident on duty that night, has been placed on leave.",
        "Thanks nurse Priya, my mom says the training helped her a lot.",
    ],
)
def test_names_outside_work_are_kept(sentence: str) -> None:
    assert "name" in {f.kind for f in scan(sentence, ORG)}


@pytest.mark.parametrize(
    ("sentence", "kinds"),
    [
        ('"Sunny" in bed 2 finally slept through the night', {"name"}),
        ('Our old coach, "Moose" Galloway, was discharged today.', {"name"}),
        ('El "Güero" sigue esperando en urgencias.', {"name"}),
        ("tell marisol her dad is out of surgery", {"name"}),
        ("ayer vi a lupita en urgencias con el brazo vendado", {"name"}),
        ("A Chukwuemeka Obi lo operaron anoche.", {"name"}),
        ("Rich is finally eating solid food again.", {"name"}),
        ("Nota: la paciente C.R., de 35, necesita intérprete.", {"name", "age"}),
        ("At ninety-one, Mrs. Pell still volunteers every week.", {"name", "age"}),
        ("Nicolás Arango, 16 años, ingresó tras el choque.", {"name", "age"}),
    ],
)
def test_nicknames_lower_case_names_and_ages_in_new_shapes(sentence: str, kinds: set[str]) -> None:
    assert kinds <= {f.kind for f in scan(sentence, ORG)}


@pytest.mark.parametrize(
    "sentence",
    [
        "Father Michael leads the interfaith service in the chapel on Sundays.",
        "La hermana Teresa acompaña a las familias como capellana del hospital.",
        "La concejala Reyes visitó el hospital para hablar de la nueva clínica.",
        "Dr. Faith Morales joins our emergency department as associate director.",
        "Quincy PD will help direct traffic during the open house.",
        "El padre Miguel bendecirá la nueva capilla el domingo.",
        "At 7, the doors open for the fair.",
    ],
)
def test_offices_ministries_and_town_services_pass(sentence: str) -> None:
    assert [f for f in scan(sentence, ORG) if f.kind != "patient_status"] == []


def test_a_relative_with_a_ministry_word_is_kept() -> None:
    found = scan("Mi hermana Teresa sigue internada en el cuarto piso.", ORG)
    assert "name" in {f.kind for f in found}


@pytest.mark.parametrize(
    "sentence",
    [
        "Our fax is 617-555-0101.",
        "Reach our billing office at 617-555-0133, Monday to Friday.",
        "Nuestro fax es el 617-555-0101.",
        "Our Quincy clinic's fax is 617-555-0179.",
        "Press release no. 2025-031 announces the new trauma center.",
        "Reference PR-2025-022 for the full statement.",
        "Policy number CLN-2023-450 was retired this year.",
    ],
)
def test_our_own_lines_and_document_codes_pass(sentence: str) -> None:
    assert [f for f in scan(sentence, ORG) if f.kind != "patient_status"] == []


@pytest.mark.parametrize(
    "sentence",
    [
        "You can text us at 617-555-0101 but my mom's number is 617-555-0133",
        "our son's cell is 617-555-0144, please call him",
        "Llámenos al 617-555-0101 o a mi celular 617-555-0133.",
    ],
)
def test_a_persons_number_beside_ours_is_kept(sentence: str) -> None:
    assert "phone" in {f.kind for f in scan(sentence, ORG)}


@pytest.mark.parametrize(
    "sentence",
    [
        "Número de afiliado 555-33-9012, por favor confirme si está internada.",
        "Afiliado n.º 555-62-0047, consulta por su internación.",
        "Member number 555-36-1184 for my husband, he was admitted Sunday.",
        "Her policy number is POL-2024-55512 with Tufts.",
    ],
)
def test_a_labelled_member_number_is_an_id(sentence: str) -> None:
    assert "id_number" in {f.kind for f in scan(sentence, ORG)}


@pytest.mark.parametrize(
    "sentence",
    [
        "El programa de salud comunitaria ofrece vacunas gratis este mes.",
        "We serve Chelsea, Revere, Everett and Winthrop.",
        "Nuestra clínica móvil recorre Lynn, Salem y Peabody.",
        "Our next CPR class for families is on 4/19/2025 in Conference Room B.",
        "Anyone born before 1.1.1960 qualifies for the senior screening program.",
    ],
)
def test_programs_towns_served_and_group_dates_pass(sentence: str) -> None:
    assert [f for f in scan(sentence, ORG) if f.kind != "patient_status"] == []


def test_a_doctor_at_our_event_leaves_its_date_ours() -> None:
    found = scan("Our open house with Dr. Anita Rao is on Saturday, June 14.", ORG)
    assert "date" not in {f.kind for f in found}


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("My kids Chelsea, Austin and Tyler are in the waiting room.", "name"),
        ("dolores ferraro sigue internada en el tercer piso", "name"),
        ("Dr. Patel said my mom was admitted on 4/19/2025.", "date"),
    ],
)
def test_people_beside_towns_and_programs_are_kept(sentence: str, kind: str) -> None:
    assert kind in {f.kind for f in scan(sentence, ORG)}


@pytest.mark.parametrize(
    "sentence",
    [
        "is tomasz okay?? the video from the lobby looks bad",
        "so worried about lupita, they took her to the ICU at 3am",
        "joaquín lleva dos días en la sala y nadie nos explica nada",
        "Any update on Aroha Ngata? She was in the crash on Route 1.",
        "We're looking for Sun-hee Park, brought in from the subway platform.",
    ],
)
def test_names_no_list_knows_as_words_are_names(sentence: str) -> None:
    assert "name" in {f.kind for f in scan(sentence, ORG)}


@pytest.mark.parametrize(
    "sentence",
    [
        "No sé si está aquí, mija, a mí no me dicen nada.",
        "Quiero verla antes de que cierre la tienda.",
        "the nicu family lounge is open again",
    ],
)
def test_lower_case_words_that_are_no_names_pass(sentence: str) -> None:
    assert "name" not in {f.kind for f in scan(sentence, ORG)}


@pytest.mark.parametrize(
    "sentence",
    [
        "the kid who got hurt lives over in east boston near the airport",
        "the lady from everett who fell at the station is upstairs",
        "mi tía vive en lawrence y la ingresaron anoche",
    ],
)
def test_a_town_in_lower_case_where_someone_lives_is_a_location(sentence: str) -> None:
    assert "location" in {f.kind for f in scan(sentence, ORG)}


@pytest.mark.parametrize(
    "sentence",
    [
        "If a patient from Malden needs a ride, our shuttle can help.",
        "We cannot confirm whether anyone from Dorchester was admitted.",
        "We have outpatient centers in Quincy and Dorchester.",
        "he came home from work and the shuttle came from there",
    ],
)
def test_towns_of_no_one_in_particular_pass(sentence: str) -> None:
    assert "location" not in {f.kind for f in scan(sentence, ORG)}


@pytest.mark.parametrize(
    "sentence",
    [
        "Please send the discharge papers to Paris Street 305, apartment 2.",
        "Send the bill to Shawmut Avenue 77 apt 5, not to the old address.",
        "He gave his address as Paris Street 305 when they admitted him.",
    ],
)
def test_a_street_written_before_its_number_is_an_address(sentence: str) -> None:
    assert "address" in {f.kind for f in scan(sentence, ORG)}


@pytest.mark.parametrize(
    "sentence",
    [
        "Take Route 9 and turn onto Harbor Street 5 minutes after the bridge.",
        "Main Street 2025 festival will close the road.",
    ],
)
def test_a_street_before_minutes_or_a_year_passes(sentence: str) -> None:
    assert "address" not in {f.kind for f in scan(sentence, ORG)}


@pytest.mark.parametrize(
    "sentence",
    [
        'They took "Tiny" to surgery about an hour ago, his crew is waiting outside.',
        'has anyone heard about "Boo" from the daycare? the ambulance took her',
        'Mi papá, al que todos llaman "El Güero", sigue internado.',
        'Please let "Peanut" know her siblings are here, she\'s in pediatrics.',
    ],
)
def test_a_quoted_nickname_of_someone_carried_or_asked_after_is_a_name(sentence: str) -> None:
    assert "name" in {f.kind for f in scan(sentence, ORG)}


@pytest.mark.parametrize(
    "sentence",
    [
        'The new ambulance, nicknamed "Big Blue", arrives in June.',
        'Kids can visit "Biscuit", our therapy dog, at the fair.',
        'Kids saw "Sparky" at the fire station open house.',
    ],
)
def test_a_quoted_name_of_a_vehicle_or_pet_passes(sentence: str) -> None:
    assert "name" not in {f.kind for f in scan(sentence, ORG)}


@pytest.mark.parametrize(
    "sentence",
    [
        "Fire Chief Daniel Murphy praised the response of his crews.",
        "Police Commissioner Sandra Lee said the road will reopen tonight.",
        "El jefe de bomberos Daniel Murphy agradeció al personal.",
    ],
)
def test_officials_named_with_their_office_pass(sentence: str) -> None:
    assert "name" not in {f.kind for f in scan(sentence, ORG)}


@pytest.mark.parametrize(
    "sentence",
    [
        "Mayor Elena Ruiz came to see her father before visiting hours ended.",
        "El jefe de policía Raúl Gómez sigue internado.",
    ],
)
def test_an_official_who_is_a_patient_or_a_relative_is_kept(sentence: str) -> None:
    assert "name" in {f.kind for f in scan(sentence, ORG)}


@pytest.mark.parametrize(
    "sentence",
    [
        "visiting my grandpa eustace tonight, which entrance do i use",
        "can u check on abdirahman, he came in with the stab wound",
    ],
)
def test_a_lower_case_name_no_list_knows_is_a_name(sentence: str) -> None:
    assert "name" in {f.kind for f in scan(sentence, ORG)}


@pytest.mark.parametrize(
    "sentence",
    [
        "our nurses are awsome, she was so kind to everyone",
        "my son wnet to the health fair and loved it",
        "pls share the flyr, she said the fair is on",
    ],
)
def test_a_misspelt_word_is_no_name(sentence: str) -> None:
    assert "name" not in {f.kind for f in scan(sentence, ORG)}


def test_the_hospital_reached_at_its_own_line_passes() -> None:
    found = scan("Questions? Reach the hospital at 617-555-0124.", ORG)
    assert "phone" not in {f.kind for f in found}


def test_a_member_card_number_is_an_id() -> None:
    found = scan("Paciente con credencial 555-34-7712 ingresó anoche.", ORG)
    assert "id_number" in {f.kind for f in found}
