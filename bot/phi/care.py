"""A specific person and a fact about their care: "your aunt was moved out of intensive
care", "she's off the ventilator", "el señor del video está estable".

No list of whole phrases covers these, so the check reads each clause for two things: an
identifiable individual and a care, presence or condition fact. Both in one clause
confirm that someone is a patient.

An individual is a name, a relation ("your aunt", "su hija"), a description ("the man in
the video", "la señora de la foto"), a pronoun, a Spanish object pronoun on a verb of care
("la trasladaron") or a Spanish verb whose subject is someone unnamed ("sigue internado").
Pronouns and "the patient" are weak: they count only where the clause does not speak of
people in general ("if a patient...", "every patient..."), nor of "he or she".

A fact is one of a few shapes, each built from a broad vocabulary: a state said of someone
(sedated, stable, unresponsive, internada), a place of care entered, left or stayed in
("in the ICU", "out of surgery", "a urgencias"), a treatment or test received ("on
oxygen", "needed stitches", "le pusieron un yeso"), a condition or injury ("had a
stroke", "broke her hip", "sufrió un infarto"), or an event of care (admitted, sent home,
airlifted, gave birth, le dieron el alta).

Clauses about patients as a group, policy, and refusals ("we cannot confirm whether...")
say nothing about anyone, and pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from bot.phi import compiled, lexicon
from bot.phi.model import Finding, fold, longest_first


def _words(text: str) -> str:
    """A whitespace-separated list as a regex alternation, longest first; '_' is a space."""
    return "|".join(w.replace("_", r"\s+") for w in longest_first(text.split()))


# --- who -------------------------------------------------------------------------------

_KIN_EN = _words(
    """aunt auntie aunty uncle mom mommy mother mum mama dad daddy father papa pops husband
    hubby wife spouse son daughter brother sister bro sis grandma grandmother granny nana
    grandpa grandfather granddad grandad gramps grandson granddaughter grandchild grandkid
    grandbaby baby child kid partner friend bestie best_friend buddy pal cousin niece nephew
    fiancé fiancée fiance fiancee boyfriend girlfriend bf gf neighbor neighbour roommate
    coworker co-worker colleague classmate teammate boss stepson stepdaughter stepmother
    stepmom stepfather stepdad stepbrother stepsister twin twins mother-in-law father-in-law
    sister-in-law brother-in-law son-in-law daughter-in-law in-laws godmother godfather
    godson goddaughter loved_one family_member relative little_one newborn toddler infant
    teen teenager ex landlord tenant student client great-grandmother great-grandfather
    great-aunt great-uncle older_brother little_brother little_sister big_sister girl boy"""
)
_KIN_ES = _words(
    """tía tia tío tio tíos mamá mama madre papá papa padre esposo esposa marido mujer hijo
    hija hijito hijita hermano hermana hermanito hermanita abuelo abuela abuelito abuelita
    nieto nieta bebé bebe prima primo sobrino sobrina novio novia amigo amiga pareja suegro
    suegra cuñado cuñada familiar ser_querido vecino vecina compañero compañera jefe jefa
    padrino madrina ahijado ahijada nuera yerno bisabuelo bisabuela niño niña gemelos
    gemelas viejita viejito compadre comadre abue nietecita nietecito nietita nietito
    mamita papito papacito primito primita sobrinito sobrinita suegrita"""
)
_PEOPLE_EN = _words(
    """man woman boy girl guy gentleman lady child kid baby teen teenager toddler
    infant cyclist biker bicyclist driver rider motorcyclist passenger pedestrian student
    victim newborn senior veteran firefighter worker athlete player hiker jogger runner
    swimmer skier snowboarder climber surfer skateboarder skater influencer streamer
    tiktoker youtuber poster commenter caller complainant customer shopper tourist
    survivor suspect inmate prisoner detainee soldier trooper deputy singer actor actress
    rapper celebrity star quarterback pitcher coach teacher mayor councilman councilwoman
    senator protester protestor fan concertgoer attendee spectator bystander hostage
    employee contractor pilot camper boater kayaker diver hunter homeowner gunman shooter
    attacker dad mom mother father grandmother grandfather grandma grandpa husband wife son
    daughter elderly_man elderly_woman older_man older_woman young_man
    young_woman little_boy little_girl twins triplets police_officer officer_who fighter boxer dancer
    musician author writer blogger vlogger podcaster passerby motorist trucker male
    female patron plaintiff claimant decedent tenant roommate neighbor neighbour
    deacon deaconess organist usher treasurer greeter elder widow widower parishioner
    congregant churchgoer choir_member youth_leader scout_leader member probie rookie
    recruit goalie goalkeeper keeper shortstop catcher striker defender midfielder
    linebacker point_guard captain freshman sophomore junior hire new_hire designer
    engineer developer accountant cashier clerk janitor custodian superintendent bride
    groom crossing_guard mail_carrier mailman bus_driver waiter waitress barista chef cook
    nanny babysitter tutor mechanic barber hairdresser plumber electrician farmer fisherman
    lifeguard referee umpire cheerleader bouncer doorman bartender"""
)
_PEOPLE_ES = _words(
    """señor señora señorita hombre mujer niño niña joven muchacho muchacha muchachito
    muchachita bebé bebe chico chica anciano anciana adolescente ciclista conductor
    conductora motociclista motorista peatón peaton menor herido herida víctima victima
    influencer tiktoker youtuber estudiante trabajador trabajadora obrero obrera bombero
    bombera policía agente turista pasajero pasajera corredor corredora nadador nadadora
    futbolista jugador jugadora cantante actor actriz viejito viejita abuelito abuelita
    chamaco chamaca chaval chavala chavo chava morro morra nena nene bebita bebito señor_mayor señora_mayor accidentado accidentada
    atropellado atropellada lesionado lesionada enfermo enferma demandante
    embriagado embriagada inquilino inquilina portero portera arquero arquera delantero
    delantera capitán capitana entrenador entrenadora diácono sacristán catequista
    feligrés feligresa monaguillo corista cartero cartera repartidor repartidora chofer
    chófer camionero camionera taxista mecánico mecánica mesero mesera albañil carpintero
    plomero electricista vendedor vendedora maestro maestra profe profesor profesora
    salvavidas árbitro novio novia"""
)
# Words that make a description one of the staff ("the ER nurse", "the information officer").
_STAFF_WORDS = compiled.compile(
    r"\b(?:nurses?|doctors?|physicians?|surgeons?|staff|team|officers?|managers?|directors?|"
    r"chiefs?|spokes\w+|residents?|interns?|attendings?|paramedics?|emts?|medics?|techs?|"
    r"technicians?|therapists?|chaplains?|security|guards?|enfermer[oa]s?|m[eé]dic[oa]s?|"
    r"doctor[ae]s?|cirujan[oa]s?|personal|equipo|director[ae]?s?|vocer[oa]s?|portavoz|ceo|"
    r"president|presidenta?|executive|administrators?|volunteers?|voluntari[oa]s?|"
    r"supervisor[ae]?s?|pharmacists?|farmac[eé]utic[oa]s?|interns?|becari[oa]s?|"
    r"receptionists?|recepcionistas?|coordinators?|coordinador[ae]?s?|(?:unit|ward)\s+clerks?|"
    r"interpreters?|int[eé]rpretes?|social\s+workers?|trabajador[ae]s?\s+social(?:es)?)\b"
)
# A pronoun after one of the staff speaks is the speaker: "Our CEO said he spent the night in
# the ER", "la directora explicó que ella revisa cada queja".
_SPEAKER_PRONOUN = compiled.compile(
    r"\b(?:said|says|told\s+\w+|tells\s+\w+|explained|added|noted|stated|recalled|wrote|"
    r"dijo|dice|explic[oó]|afirm[oó]|coment[oó]|cont[oó]|asegur[oó])\s+(?:that\s+|que\s+)?"
    r"(?:he|she|él|ella)\b"
)
# A place of care after staff, things or people in general is theirs: "nurses in the ICU",
# "beds in our ER", "families in the ICU waiting room".
_OTHERS_THERE = compiled.compile(
    r"\b(?:nurses|doctors|physicians|surgeons|staff|team|teams|crews?|beds|families|kids|"
    r"children|patients|people|visitors|volunteers|workers|employees|toys|meals|supplies|"
    r"equipment|machines|monitors|rooms|chairs|everyone|anyone|someone|those|others|"
    r"reporters|cameras|officers|conditions|care|waits?|times|staffing|shortages?|"
    r"enfermer[oa]s|m[eé]dicos|personal|camas|familias|ni[nñ]os|pacientes|personas|"
    r"visitantes|voluntari[oa]s|(?:bay|bed|room|rm|pod|cama)\s+\w{1,5})\s+$"
    # ... and where things are: "her new office is on the fifth floor"
    r"|\b(?:offices?|desks?|lockers?|cars?|meetings?|events?|talks?|oficinas?|reuni[oó]n(?:es)?)"
    r"\s+(?:(?:is|are|was|were|will\s+be|est[aá]n?|queda)\s+)?$"
)
# Someone in general as the subject of the fact: "...asked whether anyone was hurt".
_OTHERS_SUBJECT = compiled.compile(
    r"\b(?:anyone|anybody|someone|somebody|everyone|everybody|no\s+one|nobody|whoever|"
    r"alguien|nadie|cualquiera|quien|quienes)\s+(?:(?:was|were|is|are|has|have|had|been|be|"
    r"got|gets|get|will|would|may|might|can|could|should|who|that|else|here|fue|est[aá]|ha|"
    r"haya|sea|que)\s+){0,2}$"
)
# What is not known, up to the next comma, is said of no one: "I have no information on
# whether he's been admitted", "we don't know if the driver was brought here", "no sé si mi
# tío sigue internado". (Asking about someone is not that: "his wife is asking if he's out
# of surgery" takes it that he is ours.)
_NOT = r"(?:\bno|\bnot|n['’]t|\bnever|\bnobody|\bwithout|\bneither|\b(?:declin|refus)\w*\s+to)"
_UNKNOWN = compiled.compile(
    rf"(?:{_NOT}\s+(?:[\w'’-]+\s+){{0,3}}?(?:know|knows|"
    r"knowledge|information|info|record|idea|clue|word|sure|certain|confirm\w*|told|say|said|"
    r"says|disclosed?|revealed?|shared?|released?)"
    r"|\b(?:unclear|unknown|unsure|not\s+clear))\s+(?:[\w'’-]+\s+){0,3}?(?:if|whether)\b[^,]*$"
    # what is not confirmed is said of no one: "Riverside has not confirmed that the driver
    # was brought here", "did not confirm the woman was a patient"
    r"|(?:\bnot|n['’]t|\bnever|\bneither|\bnobody|\b(?:declin|refus)\w*\s+to)\s+"
    r"(?:[\w'’-]+\s+){0,3}?(?:confirm\w*|verif\w+)\s+(?:nor\s+den\w+\s+)?"
    r"(?!(?:the|his|her|their|a|an)\s+(?:time|date|day|hour|plan|schedule|appointment|surgery|"
    r"procedure|results?)\b)[^,]*$"
    r"|\b(?:no|nadie|sin|ni)\s+(?:[\w'’-]+\s+){0,3}?(?:s[eé]|sabe\w*|informaci[oó]n|datos|"
    r"idea|segur[oa]|confirm\w*|consta|dich[oa]|decir|dijo|dicen|informad[oa]|informar|"
    r"revelad[oa]|precisad[oa])\s+(?:[\w'’-]+\s+){0,2}?si\b[^,]*$"
    r"|\b(?:no|nadie|ni)\s+(?:[\w'’-]+\s+){0,3}?confirm\w*\s+(?:[\w'’-]+\s+){0,2}?que\b[^,]*$"
)


def unknown(low: str) -> bool:
    """Whether what follows a lower-cased text is not known or not confirmed."""
    return _UNKNOWN.search(low) is not None


# Work in a place of care is staff's: "she has worked in the ER for 20 years".
_WORK_BEFORE = compiled.compile(
    r"(?<!@)\b(?<!de\s)(?:work|works|worked|working|volunteer\w*|train\w*|serv\w*|shifts?|staff\w*|lead|"
    r"leads|led|run|runs|ran|manag(?!ed\s+to\b|es\s+to\b)\w*|teach\w*|taught|practi[cs]\w*|rotat\w*|trabaj\w*|"
    r"labor\w*|covering|covers|covered|tour\w*|thank\w*|recorri\w*|report\w*|broadcast\w*|"
    r"spoke|speak\w*|talk\w*|sits\s+with|sat\s+with|reads?\s+to|reading\s+to|sing\w*|sang|"
    r"perform\w*|donat\w*|wrote|writ\w*|interview\w*|lectur\w*|pray\w*|float\w*|"
    r"deploy\w*|redeploy\w*|hired|on\s+call|starts?|started|starting|begins?|began|"
    r"empieza|empez[oó]|comienza|comenz[oó]|coordin\w+|supervis\w+)\s+"
    r"(?:[\w'’-]+\s+){0,3}$"
)
# Verbs of care done to someone, whose object pronoun ("la trasladaron", "operarlo") is
# someone in particular; each is followed by one of _SPANISH_VERB_END.
_SPANISH_CARE_VERB = (
    r"(?:atend|oper|traslad|intern|ingres|estabiliz|reanim|intub|entub|sed|revis|examin|"
    r"amput|cur|cos|sutur|transfund|diagnostic|vacun|inyect|enyes|aisl|conect|desconect|"
    r"extub|dializ|hospitaliz|medic|radiograf|escane|vend|alimen|reconoc|recog|rescat|observ|"
    r"llev|mand|baj|sub|quit|retir|cambi|oxigen|hidrat|monitore|evalu|canaliz|despiert|"
    r"despert|vacun|sent|levant|volte|bañ|lav|acost|calm|sujet|amarr|inmoviliz|induc|aspir|"
    r"regres|devolv|reintub|dren|punz|nebuliz|cambi|mov|acomod|vigil|sient|recet|perd(?=imos))"
)
_SPANISH_VERB_END = (
    r"(?:aron|ieron|eron|aban|ían|[oó]|i[oó]|an|en|ar[aá]n?|er[aá]n?|ir[aá]n?|ando|iendo|"
    r"amos|imos|emos|ado|ada|ido|ida|ar|er|ir|a|e)"
)
# Other verbs that, with an object pronoun, tell what was done to someone there.
_SPANISH_DONE = (
    r"(?:pusieron|puso|hicieron|hizo|sacaron|sac[oó]|pasaron|pas[oó]|dejaron|dej[oó]|tienen|"
    r"consiguieron|consigui[oó]|asignaron|asign[oó]|"
    r"mantienen|vieron|vio|trajeron|trajo|encontraron|dieron|dio|dan|dar[aá]n|van\s+a\s+dar|"
    r"pasan|ponen|hacen|sacan|dejan|pasar[aá]n|pondr[aá]n|har[aá]n|"
    r"(?:van|va|vamos|iban|tienen|tuvieron)\s+(?:a|que)\s+(?:hacer|poner|dar|sacar|pasar|"
    r"preparar|llevar|bajar|subir|tener|mantener|dejar)|est[aá]n\s+preparando|"
    r"est[aá]n\s+(?:haciendo|poniendo|dando|pasando)|"
    # what was started, stopped or found: "le suspendieron la pastilla", "le repiten los análisis"
    r"quitaron|retiraron|suspendieron|iniciaron|empezaron|cambiaron|subieron|bajaron|"
    r"aumentaron|repiten|repitieron|van\s+a\s+(?:hacer|repetir|poner|quitar|inducir|sacar)|"
    r"aspiraron|acomodaron|drenaron|lavaron|encontraban|encuentran|cuesta|duele|dol[ií]a|"
    r"pusimos|dimos|hicimos|sacamos|quitamos|cambiamos|colocamos|aplicamos|administramos|"
    r"quedan|qued[oó]|tocan?|rompi[oó]|olvid[oó])"
)
_CLITIC_AUX = (
    r"(?:(?:est[aá]n?|van\s+a|va\s+a|vamos\s+a|han|hab[ií]an|iban\s+a|tuvieron\s+que|"
    r"tienen|tiene|ten[ií]an|"
    r"tienen\s+que|acaban\s+de|volvieron\s+a|volver\s+a|vuelven\s+a)\s+){0,2}"
)
_CLITIC_CARE = (
    rf"\b(?:lo|la)\s+{_CLITIC_AUX}{_SPANISH_CARE_VERB}[a-záéíóúñ]{{0,3}}?{_SPANISH_VERB_END}\b"
    # "le atenderemos", "le atendemos": to the reader (usted), not care given to someone
    rf"|\ble\s+{_CLITIC_AUX}{_SPANISH_CARE_VERB}[a-záéíóúñ]{{0,3}}?{_SPANISH_VERB_END}\b(?<!mos)"
    rf"|\b{_SPANISH_CARE_VERB}[a-záéíóúñ]{{0,3}}?(?:ar|er|ir|ando|iendo)(?:lo|la|le)\b"
)
_INDIVIDUAL = compiled.compile(
    # a relation: "your aunt", "her little brother", "my wife's grandmother"
    rf"\b(?:your|my|his|her|their|our)\s+(?:[\w'’-]+\s+){{0,3}}?(?:{_KIN_EN})(?:s\b|\b)"
    # (from a word's start only: a long run of letters is not re-read from each one)
    rf"|(?<![\w@.'’-])[\w@.'’-]+['’]s\s+(?:[\w'’-]+\s+)?(?:{_KIN_EN})\b"
    # someone known by their work or their day: "my coach", "her tutor"
    rf"|\b(?:my|his|her)\s+(?:[\w'’-]+\s+)?(?:{_PEOPLE_EN})\b(?![s'’-])"
    # "the pastor who fainted", "the bartender from the fight video", "the one with the beard"
    r"|\b(?:the|this|that|our)\s+(?:[\w'’-]+\s+){0,2}?(?!(?:one|ones|those|staff|team|people|"
    r"folks|children|men|women|public|"
    r"hospital|unit|department|policy|video|post|clip|photo|incident|event|statement|"
    r"information|data|report|nurses?|doctors?|physicians?|surgeons?|officers?)\s)"
    r"[a-z][\w'’-]*(?<![^s]s)\s+who\b"
    r"|\bthe\s+one\s+(?:with|in|from|who)\b|\bthe\s+little\s+one\b"
    # someone seen, visited or taken, by the Spanish "a" before a person: "vi a carmencita ruiz"
    r"|\b(?:vi|vimos|visit[eé]|visitamos|encontr[eé]|encontramos|llev[eé]|llevamos|acompañ[eé]|"
    r"acompañamos)\s+a\s+(?!(?:la|el|los|las|un|una|urgencias|emergencias|casa|ver|todos|todas|"
    r"nadie|alguien)\b)[a-záéíóúñ]{3,}"
    r"|\b(?:the|this|that)\s+(?:[\w'’-]+\s+)?(?!(?:stretcher|gurney|bed|room|wheelchair|sign|"
    r"building|car|ambulance|truck|helicopter|equipment|machine|mannequin|hallway|lobby|"
    r"entrance|door|logo|banner|stethoscope|monitor|cart|set|scene)\s)"
    r"[a-z][\w'’-]+\s+(?:in|from|at|on)\s+(?:the|that|this)\s+"
    r"(?:[\w'’-]+\s+){0,2}?(?:video|clip|photo|picture|post|tiktok|reel|story|thread|footage)"
    r"|\b(?:our|that|this|the)\s+(?:[\w'’-]+\s+)?(?:regular|frequent\s+fl[iy]er|couple|"
    r"mail\s+carrier|mailman|pastor|priest|bartender|neighbou?r)\b(?!s)"
    # a relation named on its own, as family members write: "Mom's scheduled", "Grandpa"
    r"|\b(?:mom|dad|mum|grandma|grandpa|granny|nana|gramps|abuela|abuelo|abuelita|abuelito|"
    r"mami|papi|mamá|papá|mama|abue)\b(?!\s+(?:and|or)\s+(?:babies|kids))"
    # initials with an age: "S.N. aged 45", "R. V., 67"
    r"|\b[a-z]\.\s?[a-z]\.(?:\s?[a-z]\.)?,?\s+\(?(?:aged?\s+|de\s+)?\d{1,3}\s?(?:[mf]|yo|y/o)?\b"
    # an age and a sex, or an age standing for the person, as notes and reports write:
    # "82yo F", "45 y/o male", "the sixteen-year-old from the crash"
    r"|\b\d{1,3}\s?(?:yo|y/o|y\.o\.|year[- ]old|yr[- ]old)\s+(?:[mf]|male|female|man|woman|boy|girl)\b"
    r"|\b(?:the|this|that|our)\s+(?:[\w-]+[- ])?(?:year|yr|month|week|day)[- ]old\b(?=\s*(?:[,.;:!?]|$|"
    r"\s+(?:from|in|on|at|with|who|that|is|was|has|had|and|remains|went|got|came|['’]s)\b))"
    # a birth date stands for its person: "b. 1.9.1940", "d.o.b. 11.30.1940"
    r"|(?:\bd\.?o\.?b\.?|\bb\.|\bdate\s+of\s+birth|\bfecha\s+de\s+nacimiento|\bnacid[oa]\s+el|"
    r"\bf\.\s*nac\.?)\s*:?\s*\d"
    # someone a video or photo shows: "the TikTok shows a patient in restraints"
    rf"|\b(?:shows?|showing|shown|filmed|filming|recorded|recording|photographed)\s+(?:a|an|the|this|"
    rf"that)\s+(?:[\w'’-]+\s+)?(?:patient|pt|person|{_PEOPLE_EN})\b(?!s)"
    # a description: "the man in the video", "that lady from the tiktok", "this guy"
    rf"|\b(?:the|this|that|our)\s+(?:(?!(?:is|was|are|were|your|my|his|her|their|and|or|has|had)\s)"
    rf"[\w'’-]+\s+){{0,3}}?(?:{_PEOPLE_EN})\b(?![s-]|['’](?!s\b))"
    r"|\b(?:the|this|that)\s+(?:[\w'’-]+\s+)?(?:person|individual|one)\s+(?:who|in|from|at|on|with|"
    r"that|we)\b"
    rf"|(?<![\w'’-])(?:the\s+)?(?:[\w'’-]+\s+)?(?:{_PEOPLE_EN})\s+(?:in|from|at|on)\s+(?:the|that|this)\s+"
    r"(?:viral\s+|[\w'’-]+\s+)?(?:video|clip|photo|picture|post|tiktok|reel|story|thread|footage)"
    r"|\b(?:our|the|this|that)\s+(?:[\w'’-]+\s+)?(?:pt|patient)\s+(?:in|from|at|on|with|who)\b"
    r"|\bour\s+(?:[\w'’-]+\s+)?(?:pt|patient)\b(?!s|\s+(?:portal|relations|experience|safety))"
    r"|\b(?:mr|mrs|ms|miss|mx)\.?\s+[a-z]"
    # someone known from somewhere: "derek from my chem class", "the girl from my church"
    r"|\b[a-z][\w'’-]+\s+from\s+(?:my|our|his|her)\s+(?:[\w'’-]+\s+)?(?:class|school|work|church|"
    r"gym|building|team|job|office|street|block|dorm|squad|band|choir|neighbou?rhood|parish|"
    r"mosque|temple|synagogue|shift|crew|league|club)\b"
    # an insured person, as a claims file names them: "the member's ER visit"
    r"|\b(?<!staff\s)(?<!team\s)(?<!family\s)(?<!board\s)(?:the\s+)?(?:member|insured|policyholder|subscriber|enrollee|beneficiary|"
    r"afiliad[oa]|asegurad[oa]|derechohabiente)(?:['’]s\b|\b(?!s)(?=\s+(?:was|is|had|has|says|"
    r"said|went|called|fue|est[aá]|tuvo)\b))"
    # "a 96-year-old man", "a local woman": a news report's someone
    rf"|\b(?:a|an)\s+(?:[\w-]+[- ]year[- ]old|local|\w+-area|elderly|young|teenage)\s+"
    rf"(?:[\w'’-]+\s+)?(?:{_PEOPLE_EN})\b(?!s)"
    rf"|\b(?:un|una)\s+(?:{_PEOPLE_ES})\s+de\s+(?:[\w-]+\s+){{1,4}}?años"
    # Spanish: "su hija", "el señor del video", "don Beto"
    rf"|\b(?:su|mi|tu|nuestr[oa])\s+(?:[\w'’-]+\s+)?(?:{_KIN_ES})\b(?!s)"
    rf"|\b(?:el|la|al|del|este|esta|ese|esa|aquel|aquella|nuestr[oa]|mi|tu)\s+(?!polic[ií]a\b(?<=la\spolic[ií]a))"
    rf"(?:[\w'’-]+\s+){{0,2}}?(?:{_PEOPLE_ES})\b(?!s)"
    # "la madre del párroco", "el hermano mayor de la congregación"
    rf"|\b(?:el|la|al|del|los|las)\s+(?:{_KIN_ES})\s+(?:mayor\s+|menor\s+)?"
    r"(?:de\s+|del\s+)(?!(?:un|una|cada|todo|toda|los|las)\b)"
    # a relation as a family group writes of its own: "la tía sigue con suero", "al primo"
    r"|\b(?:el|la|al|del)\s+(?:t[ií]a|t[ií]o|prima|primo|suegra|suegro|cuñada|cuñado|nena|nene|"
    r"abue|nieta|nieto|sobrina|sobrino|vecina|vecino)\b(?!s)"
    r"|\b(?:el|la|al|del)\s+paciente\s+(?:de\s+(?:la|el|esta|este|anoche|ayer|hoy)|del|que|con)\b"
    r"|\b(?:el|la|al|del)\s+(?!(?:lugar|sitio|momento|d[ií]a|hora|video|foto|caso|tema|hecho|"
    r"veh[ií]culo|carro|coche|auto|cami[oó]n|autob[uú]s|moto|escena|zona|[aá]rea|calle|puente|"
    r"edificio|incendio|resto|parte|n[uú]mero|informe|reporte|origen|due[nñ]o|autor|"
    r"responsable|noche|tarde|mañana|lado|video|audio|texto|enlace|link)\b)"
    r"[a-záéíóúñ]+\s+(?:del|de\s+la|de\s+los)\s+(?:video|foto|accidente|pelea|"
    r"choque|incendio|clip|publicaci[oó]n|tiktok|grabaci[oó]n|balacera|tiroteo|derrumbe)\b"
    rf"|\b(?:nuestr[oa])\s+(?:[\w'’-]+\s+)?paciente\b(?!s)"
    r"|\b(?:don|doña|sr|sra|srta)\.?\s+[a-záéíóúñ]"
    # a bed, bay or room standing for the person in it: "bay c wants a blanket", "Pod C bed 2
    # is NPO", "hallway bed three finally got a room"
    # ... not the place itself: "restock gloves in Pod C", "the cart from bay 3"
    r"|(?<!\bin\s)(?<!\bto\s)(?<!\bat\s)(?<!\bof\s)(?<!\bon\s)(?<!\ben\s)(?<!\bde\s)(?<!\bfrom\s)"
    r"\b(?:bed|bay|pod|rm|stretcher|gurney|cama|cub[ií]culo)\s+(?:#\s*|number\s+|no\.?\s*|n[uú]mero\s+)?"
    r"(?:\d{1,4}[a-z]?|[a-z]|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez)\b(?!\s*(?:beds|%|percent|hours|"
    r"minutes|days))(?!\s+(?:in|on|at|of|de|en)\s+(?:the|our|la|el|nuestr[oa])\s)"
    # ... nor the place's own state: "Pod D is closed for cleaning", "la cama 14 queda libre"
    r"(?!\s+(?:is|was|will\s+be|has\s+been|remains|est[aá]|queda|sigue)\s+(?:now\s+|still\s+)?"
    r"(?:closed|open|reopen\w*|reserved|empty|available|free|blocked|out\s+of\s+(?:service|order)|"
    r"being\s+(?:cleaned|converted|renovated|used|repaired)|under\s+|cerrad[oa]|abiert[oa]|libre|"
    r"vac[ií][oa]|disponible|bloquead[oa]|en\s+(?:limpieza|mantenimiento|remodelaci[oó]n)))"
    # a person's account with us, by its number: "acct# 555 0091 22 has a duplicate charge"
    r"|\b(?:acct|account|billing\s+account|guarantor|claim)\s*(?:#|no\.?|number)?\s*[:#]?\s*"
    r"[a-z]{0,4}-?\d[\d /.-]{2,}[\dx]\b"
)
# Someone, as far as no one in general is meant.
_WEAK = compiled.compile(
    r"\b(?:he|she|him|her|his|hers|himself|herself|he['’]s|she['’]s|he['’]ll|she['’]ll|"
    r"he['’]d|she['’]d|él|ella)\b"
    r"|\b(?:the|this|that)\s+(?:[\w'’-]+\s+)?(?:patient|pt|individual|person)\b(?!s)"
    r"|\bmrn\b"
    r"|\b(?:rt|resp|nursing|nurse['’]?s|progress|triage|discharge|transfer|handoff|hand-off|"
    r"shift|chart|admission|admit|consult|pt|ot|social\s+work|wound(?:\s+care)?|"
    r"case\s+management)\s+note\b"
    r"|\bnota\s+(?:de\s+)?(?:enfermer[ií]a|evoluci[oó]n|ingreso|egreso|alta|traslado|"
    r"terapia\s+respiratoria|trabajo\s+social)\b"
    r"|\bclaim\s+(?:lists|shows|says|covers|is\s+for|was\s+for|includes)\b"
    r"|\b(?!(?:ángeles|cárceles|débiles|móviles)\b)[a-zñ]*[áéíóú][a-zñ]*(?:en|an|e|a)les?\b"
    r"|\bd[eé]n?les?\b|\b(?:ver|visitar|cuidar|acompañar)l[oa]\b"
    r"|\bsu\s+(?:primer|segundo|tercer|cuarto|quinto|d[eé]cimo|[uú]ltimo)\s+d[ií]a\s+(?:en|de)\b"
    r"|\b(?:el|la|al|del|este|esta)\s+(?:[\w'’-]+\s+)?paciente\b(?!s)"
    rf"|{_CLITIC_CARE}|\b(?:lo|la|le)\s+{_SPANISH_DONE}\b"
    # someone indefinite, in a report: "a man was brought in", "un hombre fue trasladado"
    rf"|\b(?:a|an)\s+(?:[\w'’-]+\s+){{0,2}}?(?:{_PEOPLE_EN}|pt)\b(?![s'’-])"
    rf"|\b(?:un|una)\s+(?:[\w'’-]+\s+)?(?:{_PEOPLE_ES})\b(?!s)"
    r"|\b(?:a|an)\s+[\w]+(?:-[\w]+)?[- ](?:year|yr|month|week|day)[- ]old\b(?=\s*(?:[,.;:!?]|$|"
    r"\s+(?:from|in|on|at|with|who|that|is|was|has|had|and|came|went|got|['’]s)\b))"
    r"|\bpt\b(?!\s+(?:sessions?|appointments?|exercises|visits?))|(?<!por\s)\bpaciente\b(?!s)"
    # "his" in Spanish: "su cirugía quedó programada"
    r"|\bsus?\s+(?:cirug[ií]a|operaci[oó]n|alta|tratamiento|estancia|recuperaci[oó]n|"
    r"estado|diagn[oó]stico|pron[oó]stico|habitaci[oó]n|cama|heridas|lesiones)\b"
    # A Spanish clause whose subject is someone unnamed: "Sigue internado", "Ingresó el 3".
    # ... and after "que", "cuando", "donde": "dice que ya orina solo", "cuando salga de la
    # operación", "donde se está recuperando"
    r"|(?:^|,|\b(?:que|cuando|donde|porque|mientras|pues|ay))\s*"
    r"(?:(?:ya|todav[ií]a|a[uú]n|hoy|anoche|ayer|tambi[eé]n|no|finalmente|por\s+fin|"
    r"apenas|desde\s+\w+|esta\s+(?:mañana|tarde|noche)|el\s+(?:\d+|lunes|martes|mi[eé]rcoles|"
    r"jueves|viernes|s[aá]bado|domingo|d[ií]a\s+\w+)|y)\s+){0,2}"
    r"(?:est[aá]|estuvo|sigue|segu[ií]a|contin[uú]a|permanece|qued[oó]|queda|fue|tuvo|dio|"
    r"sufri[oó]|sufre|despert[oó]|se\s+despert[oó]|lleva|llevaba|pas[oó]|muri[oó]|falleci[oó]|"
    r"respira|come|camina|habla|tiene|necesita|necesit[oó]|recibi[oó]|recibe|ingres[oó]|"
    r"sali[oó]|lleg[oó]|entr[oó]|volvi[oó]|regres[oó]|vino|acudi[oó]|naci[oó]|se\s+\w+[oó]|"
    r"se\s+encuentra|se\s+recupera|presenta|present[oó]|requiere|requiri[oó]|perdi[oó]|"
    r"empeor[oó]|mejor[oó]|reaccion[oó]|abri[oó]|convulsion[oó]|est[aá]\s+siendo|"
    r"comi[oó]|durmi[oó]|duerme|cen[oó]|desayun[oó]|almorz[oó]|camin[oó]|habl[oó]|quiso|"
    r"pide|pidi[oó]|orina|abre|reconoce|se\s+r[ií]e|salga|sale|ingresa|se\s+fue|"
    r"se\s+(?:baña|viste|cepilla|levanta|sienta|queja|ahoga|marea)|tose|vomita|perdi[oó]|"
    r"se\s+est[aá]\s+(?:recuperando|muriendo|mejorando|agravando|despertando)|"
    r"ha\s+(?:querido|comido|dormido|despertado|hablado|caminado|orinado|reaccionado|"
    r"mejorado|empeorado|respondido|abierto\s+los\s+ojos))\b"
    # ... not an impersonal one: "Está prohibido grabar", "Fue un fin de semana ocupado"
    r"(?!\s+(?:prohibid|permitid|abiert|cerrad|vigente|disponible|previst|"
    r"importante|necesari|posible|obligatori|derecho|claro|normal|pendiente|m[aá]s\s+de\s+\d))"
    r"(?!(?:(?<=fue)|(?<=est[aá])|(?<=queda)|(?<=qued[oó]))\s+(?:un|una)\b)"
    # An English clause without its subject, as staff write: "Still in the ICU", "Admitted
    # overnight", "Treated and released".
    r"|(?:^|,)\s*(?:(?:still|now|just|currently|was|got|has\s+been|been|already|finally|pt|"
    r"patient|and)\s+){0,2}(?:admitted|readmitted|discharged|treated|released|transferred|"
    r"intubated|extubated|sedated|stable|critical|in\s+(?:the\s+)?(?:icu|nicu|picu|er|ed|"
    r"hospital|ward|unit|hallway|recovery|surgery|observation|isolation|trauma|step-?down|"
    r"ccu|pacu|or)|on\s+(?:a|the)\s+(?:vent|ventilator|monitor|floor|unit|ward)|"
    r"going\s+home|went\s+home|sent\s+home|seen|resting|weaned|desatted|satting|tolerating|"
    r"afebrile|febrile|tachy\w*|hypotensive|post-?op|npo|awake|out\s+of|recovering|"
    r"brought\s+in|taken|moved|airlifted|flown|waiting|waited|died|passed\s+away|coded|"
    r"doing|breathing|conscious|unconscious|unresponsive|improving|asking)\b"
    # ... not one describing people in general: "Admitted patients get a welcome kit"
    r"(?!\s+(?:patients|people|children|adults|visitors|families|individuals|babies|kids|"
    r"persons|ones|pacientes|personas)\b)"
)
# Patients as a group, or no one in particular: a pronoun or "the patient" there is generic.
_GROUP = compiled.compile(
    r"\b(?:anyone|anybody|someone|somebody|everyone|everybody|no\s+one|nobody|whoever|"
    r"patients|people|families|children|adults|visitors|individuals|those\s+who|"
    r"he\s+or\s+she|she\s+or\s+he|him\s+or\s+her|his\s+or\s+her|her\s+or\s+his|he/she|s/he|"
    r"him/her|his/her|él\s+o\s+ella|el\s+o\s+la|"
    r"(?:a|an)\s+(?:[\w'’-]+\s+)?(?:patient|person|individual|family\s+member|loved\s+one)|"
    rf"(?:each|any|every|no|one)\s+(?:[\w'’-]+\s+)?(?:patient|individual|{_PEOPLE_EN}|{_KIN_EN})|"
    rf"(?:a|an)\s+(?:[\w'’-]+\s+)?(?:{_PEOPLE_EN}|{_KIN_EN})\s+(?:who|that|with|is|are|has|"
    r"may|can|cannot|should|must|will|would|needs?|to|in|at|on|from|under|over|or)|"
    rf"(?:un|una|cada|todo|toda|cualquier|ning[uú]n|ninguna)\s+(?:[\w'’-]+\s+)?(?:paciente|persona|"
    rf"{_PEOPLE_ES}|{_KIN_ES})|"
    r"cualquiera|alguien|nadie|pacientes|personas|familias|quien|quienes|la\s+mayor[ií]a|"
    # the patient, or whoever speaks for them, in policy: "the patient or their proxy may..."
    r"(?:the|a|el|la)\s+(?:patient|paciente)\s+(?:or|and/or|o|y/o)\s|"
    # people counted: "twelve residents were hospitalized", "tres trabajadores fueron atendidos"
    r"(?<!the\s)(?<!these\s)(?<!those\s)(?<!both\s)(?<!our\s)(?<!my\s)(?<!los\s)(?<!las\s)"
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|"
    r"forty|fifty|dozens|scores|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|"
    r"veinte|decenas)\s+(?:[\w'’-]+\s+)?[\w'’-]+(?<=[^s]s)(?:\s+(?:were|are|was|have|had|"
    r"fueron|est[aá]n|han|resultaron)\b)|"
    r"los\s+\w+os\s+que|most|many|those\s+\w+ed|parents|relatives|caregivers|"
    # one of the staff in general: "no nurse can be floated to a unit she..."
    r"(?:a|an|any|each|every|no|one|ning[uú]n|ninguna|cada|un|una)\s+(?:[\w'’-]+\s+)?"
    r"(?:nurse|doctor|physician|surgeon|resident|employee|staff\s+member|worker|volunteer|"
    r"enfermer[oa]|m[eé]dic[oa]|emplead[oa]|trabajador[a]?))\b"
)
# Who is staff: a title or a role next to a name ("Dr. Lee", "charge nurse Bea Lomax",
# "Joan Pike, RN", "Hannah Lind, the resident on duty").
_STAFF_BEFORE = compiled.compile(
    r"\b(?:dr|dra|doctor|doctora|prof|professor|nurse|enfermer[oa]|surgeon|cirujan[oa]|"
    r"chaplain|capell[aá]n|paramedic|param[eé]dico|midwife|partera|therapist|pharmacist|"
    r"spokes(?:person|woman|man)|vocer[oa]|portavoz|manager|director|directora|coordinator|"
    r"coordinador[a]?|supervisor[a]?|chief|ceo|cmo|cno|president|presidente|presidenta|"
    r"officer|chair|head|jef[ea]|physician|resident|attending|technician|tech|rn|np|md|"
    r"licenciad[oa]|lic|ing|gerente|interpreter|int[eé]rprete|social\s+worker|"
    r"trabajador[a]?\s+social|advocate|educator|educador[a]|psychologist|psic[oó]log[oa]|"
    r"dietitian|nutricionista|physiotherapist|fisioterapeuta|receptionist|recepcionista|"
    r"clerk|capellana)\.?\s+$"
)
_STAFF_TITLE = compiled.compile(r"(?:dr|dra|doctor|doctora|prof|professor|nurse|enfermer[oa])\b")
_STAFF_AFTER = compiled.compile(
    r"^\s*(?:,\s*)?(?:\(?(?:rn|md|np|do|pa-c|phd|bsn|msn|lpn|cna|emt)\b"
    r"|,\s*(?:(?:our|the|a|nuestr[oa]|el|la|who|que)\s+)?(?:[\w'’-]+\s+){0,4}?(?:officer|director|"
    r"directora|manager|chief|head|jef[ea]|nurse|enfermer[oa]|doctor|doctora|m[eé]dic[oa]|gerente|"
    r"surgeon|cirujan[oa]|physician|spokes\w+|vocer[oa]|coordinator|coordinador[a]?|"
    r"supervisor[a]?|resident|attending|chairs?|president|presidenta?|ceo|chaplain|"
    r"therapist|paramedic|midwife|pharmacist|technician)\b)"
)


def staff(text: str, start: int, end: int) -> bool:
    """Whether the name at text[start:end] is one of the staff, by a title or role beside it."""
    low = fold(text)
    return bool(
        _STAFF_TITLE.match(low, start)
        or _STAFF_BEFORE.search(low[max(0, start - 40) : start])
        or _STAFF_AFTER.match(low, end)
    )


# --- what ------------------------------------------------------------------------------

_STATE_EN = _words(
    r"""intubated extubated sedated ventilated unconscious unresponsive comatose concussed
    paralyzed paralysed jaundiced dehydrated septic feverish delirious hypothermic anemic
    admitted readmitted discharged hospitalized hospitalised stabilized stabilised
    resuscitated revived airlifted air-lifted life-flighted medevaced triaged x-rayed
    stitched sutured bandaged casted splinted transfused dialyzed induced medicated
    quarantined isolated monitored observed hooked_up treated_and_released
    treated_and_discharged seen_and_released seen_and_discharged treated_and_sent_home on_the_mend out_of_danger
    out_of_the_woods brain_dead pronounced_dead fighting_for_(?:his|her)_life
    in_critical_condition in_serious_condition in_stable_condition in_fair_condition
    in_good_condition in_grave_condition in_guarded_condition in_a_coma in_labor in_labour
    in_pain in_(?:active|early|hard|premature)_labou?r in_shock in_restraints in_(?:soft|wrist|four-point|4-point)_restraints in_traction in_a_cast in_a_sling in_(?:a|the)_(?:wheelchair|stretcher|gurney|hospital_bed)(?!_(?:ramp|photo|van|lift|access\w*|entrance|area|bay|storage)) in_a_neck_brace
    (?:on|onto)_(?:a|the)_(?:stretcher|gurney) (?:made|make|making)_it_through_(?:the_)?(?:night|surgery|operation|procedure|weekend|first_night) survived_the_(?:night|surgery|operation|weekend)
    satting desatted desatting desaturat\w+ weaned weaning tachy tachycardic bradycardic
    hypotensive hypoxic post-?op(?!_(?:instructions|care_instructions|packet|guidelines|info|information|clinic|unit|area))
    (?:post-?(?:transplant|surgery|partum|stroke|procedure))
    against_(?:medical_)?advice
    (?:ring|rang|rings|ringing|rung)_the_(?:\w+_)?bell(?!_(?:at|for_(?:the|a)_(?:staff|event)))
    under_the_lights under_the_bili_lights under_observation under_sedation under_anesthesia
    (?:on|under)_(?:a_)?(?:psych|psychiatric|involuntary|mental_health|72-hour|5150)_hold
    under_(?:a_)?(?:suicide|fall)_watch on_life_support on_the_vent
    on_a_ventilator on_the_ventilator off_the_ventilator off_the_vent on_oxygen off_oxygen
    on_dialysis on_a_monitor on_a_hold on_a_psych_hold on_an_iv on_iv_fluids on_fluids
    on_antibiotics on_painkillers on_pain_meds on_morphine on_chemo on_a_feeding_tube
    on_a_breathing_tube on_a_drip on_the_transplant_list on_crutches on_bed_rest
    coding breathing_on_(?:his|her)_own sitting_up eating_again walking_again talking_again
    woke_up woken_up wake_up waking_up came_to came_around pulled_through coded flatlined overdosed od['’]d
    miscarried went_into_labor went_into_labour gave_birth delivered_(?:a|her|his|twins|in|at|here|on|early|overnight|last|this|by)
    passed_away succumbed died lost_consciousness passed_out fainted collapsed seized
    had_a_seizure broke_(?:his|her|their|a|both) fractured_(?:his|her|their|a|both)
    dislocated_(?:his|her|their|a) sprained_(?:his|her|their|a) tore_(?:his|her|their|a)
    (?:feeding|eating|sleeping|breathing|walking|talking|resting|nursing|drinking)_(?:well|better|normally|comfortably|on_(?:his|her)_own|again|independently|a_little|unassisted)
    (?:step|stepped|stepping|move|moved|moving|transfer|transferred|send|sent|bring|brought|wheel|wheeled|ship|shipped|bump|bumped)_(?:him|her)_(?:down|up|out|over|to|home|back|in)
    (?:when|before|after|since|as)_(?:he|she)_(?:left|was_leaving|went_home|got_home|came_in|arrived|got_here)
    (?:is|was|were|are|['’]s|been|became)_(?:our|a|an|the|one_of_our)_(?:\w+_)?(?:patient|pt)(?!s|_(?:advocate|experience|relations|safety|portal|rights|privacy|navigator|services|information|liaison|family))
    (?:has|had|have)_been_(?:back|in)_(?:again|twice|three_times|before|here|several_times|\w+_times|since)"""
)
_CONDITION_ADJ = (
    r"stable|unstable|critical|serious|guarded|grave|comfortable|uncomfortable|conscious|"
    r"responsive|alert|awake|asleep|improving|recovering|deteriorating|declining|worsening|"
    r"better|worse|weak|weaker|stronger|fine|okay|ok|alright|all\s+right|sick|ill|infected|"
    r"injured|hurt|wounded|burned|burnt|bleeding|pregnant|contagious|lucid|coherent|alive|"
    r"dead|home|here|good|well|calm|calmer|labou?red|agitated|combative|confused|disoriented|drowsy|groggy|"
    r"weepy|anxious|depressed|lethargic|sleepy|somnolent|sundowning|oriented|miserable|"
    r"hurting|in\s+agony|(?:in\s+and\s+)?out\s+of\s+it|short\s+of\s+breath|wheezing|wheezy|"
    r"bed-?bound|bedridden|non-weight-bearing|weight-bearing|dnr|dnar|no\s+code|full\s+code|"
    r"dying|actively\s+dying|dilated|nauseated|vomiting|throwing\s+up|incontinent|dizzy|"
    r"lightheaded|swollen|jaundiced|hallucinating|suicidal|psychotic|catatonic|restless|"
    r"in\s+hospice|on\s+hospice|on\s+comfort\s+care|too\s+weak|coughing|choking|"
    r"\d+\s*(?:cm|centimeters)\s+dilated|transitioning|withdrawn|paranoid|scared|"
    r"frightened|terrified|writhing|gasping|breech|out\s+cold|"
    r"inpatient|npo|afebrile|febrile|intubated|restrained|in\s+restraints|"
    r"sleeping|napping|dozing|resting|"
    r"nauseous|in\s+good\s+spirits|in\s+pain|in\s+labou?r|frail|frailer|pale|paler|gaunt"
)
_UNIT = _words(
    """icu nicu picu ccu micu sicu intensive_care critical_care emergency_room
    emergency_department emergency er ed a&e urgent_care trauma_bay trauma_center
    trauma_unit trauma burn_unit burn_center step-down stepdown step_down med-surg
    observation obs isolation quarantine recovery recovery_room pacu post-op pre-op
    operating_room surgery labor_and_delivery l&d maternity_ward maternity
    postpartum nursery cath_lab cardiac_unit cardiology oncology neurology pediatrics peds
    psych_ward psych_unit psychiatric_unit behavioral_health detox rehab rehabilitation
    hospice palliative_care dialysis hospital infirmary regular_room private_room room bed
    hallway hallway_bed waiting_room floor ward unit wing bay pod morgue imaging radiology
    triage operating_table ambulance helicopter care inpatient icu_bed hospital_bed
    transplant_list skilled_nursing nursing_home nursing_facility long-term_care ltac
    rehab_hospital group_home assisted_living memory_care
    rehab_facility hospice_house bili_lights treatment_center treatment_facility
    psychiatric_hospital psych_hospital mental_hospital psychiatric_facility chemo"""
)
_PLACED = compiled.compile(
    r"\b(?:in|into|to|from|out\s+of|at|on|onto|inside|off|through|toward|towards|for|"
    r"reached|entered|left|leaving|up|down)\s+"
    r"(?:the\s+|a\s+|an\s+|our\s+|his\s+|her\s+|your\s+|their\s+|another\s+|other\s+)?"
    r"(?:(?!(?:conference|meeting|board|break|class|media|press|community|training|lecture|"
    r"staff|locker|server|family|interview|prayer|briefing|volunteer|computer|mail|supply|"
    rf"storage)\b)[\w'’&-]+\s+){{0,2}}?(?:{_UNIT})\b(?!\s+(?:family|suite|lounge|conference))"
    r"(?!\s+(?:staff|team|nurses?|nursing|doctors?|physicians?|director|manager|chief|leaders?|"
    r"gym|pool|garden|kitchen|program|programs|volunteers?|work|medicine|"
    r"leadership|visits?\s+(?:fell|rose|are|were)|policy|policies|rules|hours|volumes?|"
    r"capacity|wait\s+times?|renovation|expansion|construction|entrance|lobby|parking|"
    r"system|process|protocols?|training|guidelines|changes|redesign|model|desk|volunteers?|"
    r"opening|opens|closed|closes|will|staffing|budget|review|waits?\s+(?:fell|rose|are|were)|"
    r"times?|numbers?|census|data|statistics|director))"
)
_TREATMENT = _words(
    """scope paracentesis thoracentesis cardioversion ablation ercp high-flow high_flow bipap cpap
    ventilator vent respirator oxygen o2 life_support ecmo dialysis chemo chemotherapy
    radiation transfusion transfusions iv ivs drip fluids antibiotics painkillers pain_meds
    morphine fentanyl narcan naloxone insulin steroids blood_thinners heparin meds
    medication medications stitches sutures staples cast splint brace sling traction
    feeding_tube breathing_tube trach tracheostomy chest_tube catheter pacemaker stent
    bypass transplant amputation surgery surgeries operation procedure c-section
    cesarean emergency_surgery physical_therapy wound_care skin_graft skin_grafts x-ray
    x-rays xray xrays scan scans ct ct_scan cat_scan mri ultrasound ekg ecg echo
    bloodwork blood_work labs lab_work biopsy tests test test_results imaging cpr
    defibrillator epipen epi_pen shot injection epidural ventilation oxygen_mask
    nebulizer inhaler crutches walker wheelchair bandage bandages dressing
    dressing_changes hip_replacement knee_replacement appendectomy tonsillectomy
    angioplasty stomach_pumped tox_screen toxicology drug_test covid_test swab
    mammogram colonoscopy endoscopy spinal_tap lumbar_puncture echocardiogram
    heart_monitor monitor monitors incubator bilirubin_lights phototherapy rehab
    physio pt_sessions infusion diet liquid_diet clear_liquids npo nothing_by_mouth
    bed_rest epinephrine adrenaline anesthesia sedatives sedative sedation consult
    consults ng_tube picc picc_line central_line foley discharge transfer admission
    nasal_cannula cannula non-rebreather high-flow_oxygen room_air neb nebs breathing_treatment
    breathing_treatments
    interpreter translator liters litres \\d+_?l(?:pm)? blood_draw
    eeg emg psa pathology sleep_study stress_test nerve_block pca pca_pump tpn tube_feeds
    tube_feeding feeds g-tube g_tube peg_tube j-tube ng ng_tube nasogastric_tube ostomy
    colostomy drain drains blood_thinner anticoagulant anticoagulants seizure_meds
    anti-seizure_meds dilaudid tylenol oxycodone percocet ativan haldol lasix antibiotic
    thickened_liquids ice_chips bedpan sponge_bath bed_bath commode adult_diapers diapers
    sitter one-to-one one-to-one_sitter hoyer_lift lift cane gait_belt glue dermabond
    hospice comfort_care comfort_measures palliative_care pitocin induction bili_lights
    suction suctioning bronchoscopy holter holter_monitor dose doses wrong_dose
    antidepressant mask face_mask home_health skilled_nursing nursing_home hearing_aids
    dentures swallow_study swallow_test breathing_trial sbt pain_pump epidural_pump
    diaper puree_diet pureed_diet soft_diet fluid_restriction nutrition pain_button ice_pack
    heating_pad oral_pain_meds arterial_line art_line a-line iv_line pills pill tablets
    benadryl zofran motrin ibuprofen advil aspirin coumadin warfarin eliquis xarelto lovenox
    keppra dilantin prednisone solumedrol vancomycin vanc zosyn cipro augmentin amoxicillin
    penicillin toradol norco vicodin ketamine propofol precedex cath heart_cath cardiac_cath
    d&c blood_patch ear_tubes bone_marrow_biopsy staple_removal suture_removal
    contrast contrast_dye flu_shot graft grafts breathing_machine feeding_plan meal_plan
    boot walking_boot fentanyl_patch patch"""
)
_TAKES = (
    r"(?:had|has|have|having|got|gets|getting|get|needs|needed|need|needing|receiving|"
    r"put|placed|inserted|gave|giving|given|ordered|prescribed|administered|"
    r"received|receive|undergoing|underwent|undergo|undergone|started|starting|finished|"
    r"finishing|scheduled\s+for|putting|placing|did|doing\s+(?:a|an|the)|begins?|began|"
    r"beginning|starts?|stopping|stopped|withdrawing|continues|resumed|resuming|use|"
    r"put\s+(?:my|his|her|our|your)\s+\w+\s+on|switched\s+(?:him|her)\s+to|booked\s+for|waiting\s+(?:for|on)|in\s+for|here\s+for|"
    r"prepped\s+for|prepping\s+for|ready\s+for|cleared\s+for|going\s+(?:in\s+)?(?:into|for)|"
    r"went\s+(?:in\s+)?(?:into|for)|came\s+out\s+of|out\s+of|back\s+from|after|"
    r"following|before|during|since|from|for|rushed\s+into|taken\s+into|wheeled\s+into|"
    r"put\s+(?:him|her|them)?\s*on|placed\s+on|kept\s+on|taken\s+off|came\s+off|"
    r"weaned\s+off|refused|refusing|refuses|declined|declining|with|responding\s+to|"
    r"(?:started|starting|switched|switching|weaned|weaning|kept|keeping|put|putting|placed|"
    r"restarted|took|taking)\s+(?:him|her|them)\s+"
    r"(?:back\s+)?(?:on|off)|"
    r"(?:is|are|was|were|['’]s|been|be|still|now|remains?|stays?|back)\s+"
    r"(?:\w+ly\s+|still\s+|now\s+|back\s+)?(?:on|off)|using|uses|used|wearing|wears|"
    r"allowed|doing|done|repeating|repeated|repeat|missed|miss|misses|flushed|flush|"
    r"goes\s+home\s+on|going\s+home\s+on|went\s+home\s+on|home\s+on)"
)
_CONDITION_NOUN = _words(
    """heart_attack cardiac_arrest stroke seizure seizures concussion fracture fractures
    broken_\\w+ fractured_\\w+ frostbite hypothermia overdose pneumonia sepsis infection
    burns second-degree_burns third-degree_burns gunshot_wound stab_wound wounds wound
    laceration lacerations bruises cuts injuries injury head_injury brain_injury
    spinal_injury spinal_cord_injury internal_bleeding bleed brain_bleed collapsed_lung
    punctured_lung miscarriage contractions cancer tumor tumour covid covid-19 flu
    influenza rsv measles asthma_attack allergic_reaction anaphylaxis anaphylactic_shock
    kidney_stone kidney_stones appendicitis blood_clot clot embolism aneurysm
    dislocated_\\w+ torn_\\w+ sprained_\\w+ whiplash smoke_inhalation heatstroke
    heat_stroke heat_exhaustion dehydration diabetic_coma ketoacidosis breakdown
    psychotic_break panic_attack fever high_fever chest_pain chest_pains abdominal_pain
    pain blood_pressure blood_sugar oxygen_levels oxygen_saturation sats vitals
    vital_signs heart_rate temperature swelling rash infection bleeding complications
    surgery_complications condition prognosis diagnosis lac lacs fx reaction hives incision
    incisions potassium sodium hemoglobin hgb troponin creatinine a1c white_count wbc
    platelets platelet_count lactate glucose sugar sugars inr calcium magnesium bilirubin
    pressure bp o2 spo2 pulse ox oxygen_level labs numbers levels cultures ammonia
    liver_enzymes kidney_function gallstones skin_tear pressure_sore pressure_ulcer bedsore
    bedsores ulcer burns drain_output eeg psa pathology croup headache migraine
    ultrasound blood_clots dementia delirium alzheimer['’]s parkinson['’]s asthma
    diabetes epilepsy mono mononucleosis lupus eating_disorder panic_attacks
    heart_condition heart_murmur stress_fracture"""
)
_SUFFERS = (
    r"(?:had|has|have|having|suffered|suffering|suffers|sustained|developed|got|caught|"
    r"diagnosed\s+with|treated\s+for|admitted\s+(?:here\s+)?(?:with|for)|in\s+for|here\s+for|"
    r"came\s+in\s+(?:with|for)|brought\s+in\s+(?:with|for)|recovering\s+from|died\s+(?:of|from)|"
    r"survived|with|from|for|tested\s+positive\s+for|positive\s+for|experiencing|spiked|"
    r"spiking|running|ran|broke\s+out\s+in|"
    r"showing\s+signs\s+of|signs\s+of|complaining\s+of)"
)
# A word between a verb and what it takes: "had (a bad) fall", not "for her research on".
_FILLER = (
    r"(?!(?:on|of|in|about|for|with|at|to|and|or|into|from|by|research|study|studies|"
    r"training|class|course|talk|lecture|program|policy|policies|guidance|updates?|"
    r"information|news|questions?)\b)[\w'’-]+"
)
_POSSESSIVE = r"(?:his|her|their|your|(?<![\w'’-])[\w'’-]+['’]s)"
_BODY = (
    r"arm|arms|leg|legs|hip|hips|rib|ribs|jaw|neck|back|wrist|wrists|ankle|ankles|"
    r"collarbone|pelvis|femur|skull|nose|elbow|knee|knees|shoulder|foot|feet|hand|hands|"
    r"finger|fingers|toe|toes|spine|vertebrae?|tibia|fibula|heel|eye|eyes|face|head|chest|"
    r"lung|lungs|spleen|liver|kidney|kidneys|heart|brain|cheekbone|eye\s+socket"
)
_EVENT_EN = (
    r"\b(?:was|were|is|are|['’]s|been|being|be|got|gets|getting|get)\s+(?:\w+ly\s+|just\s+|"
    r"already\s+|finally\s+|still\s+|now\s+|not\s+|never\s+|both\s+|first\s+|last\s+|"
    r"initially\s+|originally\s+|again\s+|also\s+|then\s+)?"
    r"(?:admitted|readmitted|discharged|released\b(?!\s+(?:a|an|the|its|our|their|his|her|"
    r"this|that|these|those|any|some|no|statement|information|details|names?|video|footage|"
    r"reports?|records|data|it|them|publicly|to\s+the\s+(?:media|press|public)))|transferred|moved\s+(?:to|out|up|down|into|from|over)|taken\s+"
    r"(?:to|into|in|back|up|down)|brought\s+(?:in|here|to|into|back)|rushed\s+(?:in|to|into|"
    r"here|back)|flown\s+(?:in|here|to)|transported|treated|seen\s+(?:by|in|at|here|and)|"
    r"evaluated|examined|assessed|checked\s+(?:on|out|over|by|for)|operated\s+on|diagnosed|"
    r"scanned|tested|screened|swabbed|prepped|wheeled|kept\s+(?:overnight|in|for|on)|"
    r"held\s+(?:overnight|for)|sent\s+(?:home|to|back|up|down)|upgraded|downgraded|listed\s+"
    r"(?:as|in)|pronounced|cleared\s+to|allowed\s+(?:to\s+go\s+home|visitors)|born|delivered)\b"
    r"|\b(?:went|going|gone|headed|heading|sent|back|is|'s|’s|got|get|go|went\s+back|come|"
    r"came|coming|made\s+it)\s+home\b"
    r"|\bhome\s+(?:from|after)\s+(?:the\s+)?(?:hospital|surgery|er|ed|icu|nicu|picu|rehab|"
    r"hospice|unit|ward)\b"
    r"|\bin\s+and\s+out\s+of\s+(?:here|the\s+(?:hospital|er|ed|icu))\b"
    r"|\b(?:came|come|comes|coming|walked|arrived|arriving|checked|rolled|showed\s+up)\s+"
    r"(?:in|into|here|at\s+(?:the|our)|by\s+ambulance)\b"
    r"|\b(?:arrived|came|brought|taken|rushed)\s+(?:\w+\s+){0,2}?(?:by|in\s+an?)\s+"
    r"(?:ambulance|helicopter|medevac|paramedics|ems)\b"
    r"|\bleft\s+(?:against\s+medical\s+advice|ama|without\s+being\s+seen|the\s+(?:hospital|er|"
    r"icu|unit|floor|ward))\b"
    r"|\b(?:spent|spending|spend)\s+(?:the\s+night|(?:\w+\s+){0,2}(?:nights?|days?|hours?|weeks?))"
    r"\s+(?:in|on|at|with\s+us|here)\b"
    r"|\b(?:waited|waits|(?:has|had|have|was|were|is|been)\s+waiting)\b"
    r"|\b(?:waiting|wait)\s+(?:\w+\s+){0,3}?(?:hours?|for\s+a\s+bed|to\s+be\s+seen|"
    r"in\s+(?:the|our)\s+(?:er|ed|waiting|hallway|lobby|triage))\b"
    r"|\b(?:ambulance|paramedics|stretcher|gurney)\b"
    r"|\b(?:biopsy|test|lab|blood|scan|ct|mri|x-?ray|pathology|covid|culture|tox|imaging)\s+results\b"
    r"|\b(?:results?|scans?|labs|tests?|x-?rays?|biopsy|mri|ct|bloodwork|cultures?)\s+(?:came|come|"
    r"are|is|were|have\s+come|should\s+be)\s+(?:back|in)\b"
    r"|\b(?:stayed|staying|stays|stay)\s+(?:overnight|the\s+night|with\s+us|here)\b"
    r"|\b(?:is|'s|’s|was|are|been|still|remains?|stays?)\s+(?:still\s+)?(?:here|with\s+us)\b"
    r"(?!\s+(?:to|for\s+(?:the|a)\s+(?:briefing|meeting|press)))"
    r"|\b(?:have|has|had|get|gets|allowed|receive|receiving|no|any|more|wants?|welcome|"
    r"limit|limiting|take|taking|can\s+have)\s+(?:\w+\s+){0,4}?(?:visitors|visits)\b"
    r"|\bvisit(?:ed|ing|s)?\s+(?:him|her|your\s+\w+|his\s+\w+|her\s+\w+)\b"
    r"|\b(?:his|her)\s+visit(?:ors|s)?\b|\bvisitors\s+(?:for|to\s+see)\s+(?:him|her)\b"
    r"|\b(?:his|her|their)\s+(?:room|bed|bedside|chart|records?|nurses?|doctors?|surgeon|"
    r"care\s+team|discharge|admission|stay|recovery|condition|treatment|care|health|progress|"
    r"injuries|wounds?|scans?|labs|results|tests?|meds|medications?|surgery|operation|"
    r"procedure|vitals|prognosis|diagnosis|x-?rays?|mri|ct|iv|cast|stitches|follow-?up|"
    r"appointment|therapy|rehab|oxygen|ventilator|dialysis|chemo\w*|transplant|"
    r"c-section|delivery|labor|labour|bill|blood\s+\w+|heart\s+rate)\b"
)

_STATE_ES = (
    r"(?:internad|hospitalizad|ingresad|intubad|entubad|sedad|operad|intervenid|trasladad|"
    r"estabilizad|reanimad|diagnosticad|aislad|herid|lesionad|quemad|fracturad|accidentad|"
    r"atropellad|balead|apuñalad|desmayad|inconscient|despiert|dormid|grav|estabil|"
    r"cr[ií]tic|delicad|vendad|enyesad|conectad|desconectad|dad|medicad|deshidratad|"
    r"desnutrid|paralizad|adolorid|muert|fallecid|embarazad|recuperad|atendid|revisad|"
    r"examinad|amputad|infartad|convulsionad|moribund|postrad)(?:[oa]s?|es?)\b"
)
# Care, tests, aids and conditions in Spanish, received, had or said to be someone's.
_CARE_NOUN_ES = (
    r"resonancia|tomograf[ií]a|ecocardiograma|electro\w*grama|electro|endoscop[ií]a|"
    r"colonoscop[ií]a|broncoscop[ií]a|ecograf[ií]a|mamograf[ií]a|cultivos?|patolog[ií]a|"
    r"laboratorios?|rayos\s+x|punci[oó]n(?:\s+lumbar)?|drenajes?|v[ií]a(?:\s+central)?|"
    r"sueros?|sondas?|bomba(?:\s+de\s+\w+)?|nebulizaci[oó]n(?:es)?|cpap|bipap|epidural|"
    r"anticoagulantes?|anticonvulsiv[oa]s?|antidepresiv[oa]s?|pastillas?|dosis|hierro|"
    r"quemaduras|[uú]lceras?(?:\s+por\s+presi[oó]n)?|escaras?|l[ií]quidos\s+espesados|"
    r"prueba\s+de\s+(?:deglución|deglucion|esfuerzo|sueño|sueno)|estudio\s+del\s+sueño|"
    r"reposo(?:\s+absoluto)?|bast[oó]n|andador|andadera|gr[uú]a|pañal(?:es)?|cuña|"
    r"medidas\s+de\s+confort|cuidados\s+paliativos|donaci[oó]n\s+de\s+[oó]rganos|"
    r"cuidador(?:a)?\s+uno\s+a\s+uno|riesgo\s+suicida|"
    r"baño\s+de\s+esponja|lista\s+de\s+visitas|internamiento|marcapasos|"
    r"yeso|puntos|f[eé]rula|muletas|ox[ií]geno|transfusi[oó]n|quimio\w*|di[aá]lisis|"
    r"mascarilla|c[aá]nula|ventilador|respirador|intubaci[oó]n|traqueostom[ií]a|"
    r"ces[aá]rea|contracciones|signos\s+vitales|dieta\s+(?:blanda|l[ií]quida|especial)|papilla|"
    r"llagas?|respirador|ventilador|incubadora|fisioterapia|kinesiolog[ií]a|sedaci[oó]n|"
    r"parches?(?:\s+de\s+\w+)?|rehabilitaci[oó]n"
)
# ... and signs, doses and visits, which are someone's only when said to be theirs:
# "el dolor de mi abuelo", "las visitas de su papá"
_SIGN_NOUN_ES = (
    r"heridas?|dolor|presi[oó]n(?:\s+arterial)?|az[uú]car|glucosa|fiebre|dieta|dilataci[oó]n|"
    r"parto|embarazo|cuidador(?:a)?|vigilancia|visitas|masa|plaquetas|hemoglobina|potasio|"
    r"creatinina|defensas|temperatura|saturaci[oó]n"
)
_SPANISH_FACT = compiled.compile(
    r"\b(?:estable|grave|cr[ií]tic[oa]|delicad[oa]|reservado|fuera\s+de\s+peligro|"
    # a care, a stay or its bill, of a relation: "del alta de su papá", "la cirugía de mi
    # mamá", "los gastos del hospital de su hijo"
    r"(?:alta|cirug[ií]a|operaci[oó]n|parto|ces[aá]rea|tratamiento|quimio\w*|di[aá]lisis|"
    r"estudios|an[aá]lisis|resultados|internaci[oó]n|hospitalizaci[oó]n|recuperaci[oó]n|"
    r"hospital|admisi[oó]n|ingreso|diagn[oó]stico|trasplante|cita|consulta|cuenta|factura|"
    r"receta|terapia|radioterapias?|biopsia|medicamentos|medicinas|visita\s+domiciliaria|"
    rf"{_CARE_NOUN_ES}|{_SIGN_NOUN_ES})"
    r"(?:\s+(?!(?:y|o|que|se)\b)[\w]+){0,3}?\s+(?:(?:es|era|fue|son|eran|ser[aá]|est[aá])\s+)?"
    r"(?:de|del|para)\s+(?:su|mi|tu|"
    r"nuestr[oa]|don|doña|señor|(?:el|la)\s+señora?|sr|sra)\b|"
    r"gastos\s+(?:del\s+hospital|de\s+hospital|m[eé]dicos|hospitalarios)\s+de\b|"
    r"(?:con|su|del|al)\s+alta\b(?!\s+(?:direcci|calidad|tecnolog|especialidad|complejidad|"
    r"demanda|ocupaci|velocidad|gama|mar|voz))|alta\s+(?:pendiente|programada|hospitalaria|"
    r"voluntaria)|ingresa\s+(?:por|con|hoy|mañana|esta|para)\b|"
    r"(?:es|era|paciente|est[aá]|sigue)\s+(?:muy\s+)?(?:diab[eé]tic|hipertens|asm[aá]tic|"
    r"epil[eé]ptic|al[eé]rgic|cardi[oó]pat|insulinodependient|inmunodeprimid|anticoagulad)[oae]s?\b|"
    r"se\s+est[aá]\s+(?:recuperando|muriendo|mejorando|agravando|complicando|despertando)|"
    r"con\s+vida|en\s+coma|coma\s+inducido|consciente|inconsciente|de\s+alta|el\s+alta|"
    r"alta\s+m[eé]dica|recuper[aá]ndose|se\s+recupera|mejorando|empeorando|mejor[oó]|"
    r"empeor[oó]|dio\s+a\s+luz|trabajo\s+de\s+parto|de\s+parto|naci[oó]|falleci[oó]|"
    r"muri[oó]|perdi[oó]\s+la\s+vida|despert[oó]|abri[oó]\s+los\s+ojos|"
    r"respira\s+(?:sol[oa]|sin\s+ayuda|por\s+s[ií])|come\s+(?:sol[oa]|bien|poco)|"
    r"camina|ingres[oó]|ingresaron|internaron|intern[oó]|lo\s+ingresaron|trajeron|"
    r"atendimos|atendieron|operaron|amputaron|trasladaron|estabilizaron|"
    r"dio\s+positivo|se\s+desmay[oó]|perdi[oó]\s+el\s+conocimiento|convulsion[oó]|"
    r"se\s+(?:rompi[oó]|fractur[oó]|quebr[oó]|lastim[oó]|quem[oó]|cay[oó]|golpe[oó])|"
    r"(?:oper|intern|ingres|traslad|intub|entub|estabiliz|reanim|amput|hospitaliz|dializ|"
    r"transfund|sutur|enyes|extub|sed)(?:ar|ando|ado|ada|aron|ó|an|ará|arán|aremos|amos|arlo|"
    r"arla|arle|arlos|e|en)\b|atend(?:iendo|ido|ida|ieron|i[oó]|erlo|erla)\b|"
    r"(?:fue|es|era|ha\s+sido|sigue\s+siendo)\s+(?:un[a]?\s+|nuestr[oa]\s+)?paciente|"
    r"paciente\s+nuestr[oa]|(?:ya\s+)?sali[oó]\s+(?:de|del|bien|ayer|hoy|el|la|esta|caminando|"
    r"por\s+su|sin|antes|temprano|anoche)|ya\s+sali[oó]|(?<!sala de )(?:la\s+)?espera\s+(?:fue|de|en)|"
    r"cita\s+(?:de|con|m[eé]dica)|consulta\s+(?:de|con)|de\s+seguimiento|ambulancia|camilla|"
    r"se\s+fue\s+a\s+(?:su\s+)?casa|volvi[oó]\s+a\s+(?:su\s+)?casa|"
    r"regres[oó]\s+a\s+(?:su\s+)?casa|ya\s+(?:est[aá]\s+)?en\s+(?:su\s+)?casa|"
    r"en\s+casa\s+recuper\w+|mandaron\s+a\s+(?:su\s+)?casa|a\s+casa|"
    r"lleg[oó]\s+(?:en\s+ambulancia|a\s+urgencias|grave|herid[oa]|inconsciente|con)|"
    r"esper[oó]|esperando|esperaba|pas[oó]\s+la\s+noche|visitarl[oa]|"
    r"(?:recibir|tener|tiene|puede\s+recibir|sin|no\s+\w+|sus|las)\s+visitas|"
    r"(?:pasar|ir|venir|subir|fui|fuimos|vine|vinimos|voy|vamos|pas[eé]|pasamos)\s+a\s+verl[oa]|"
    r"sufri[oó]|sufre|padece|present[oó]|presenta\s+(?:un|una|dolor|fiebre)|"
    r"(?:tiene|tuvo|ten[ií]a)\s+(?:un|una|dos|tres|varias|varios|la|el|mucho|much[ao])\s+"
    r"(?:\w+\s+)?(?:fractura|quemadura|herida|conmoci[oó]n|infarto|derrame|infecci[oó]n|"
    r"neumon[ií]a|fiebre|dolor|costillas?|lesi[oó]n|lesiones|golpe|contusi[oó]n|"
    rf"hemorragia|convulsi[oó]n|c[aá]ncer|tumor|covid|gripe)|{_STATE_ES}|"
    # places of care, entered, left or stayed in
    r"(?:en|a|desde|hacia|al|para|por|(?:sali[oó]|sale|salga|salgan|salir|saliendo|saldr[aá]|egres[oó]|se\s+fue|"
    r"dad[oa]\s+de\s+alta|sacaron|trasladad[oa]|transferid[oa])\s+(?:de|del))\s+"
    r"(?:la\s+|el\s+|los\s+|las\s+|una\s+|un\s+|"
    r"su\s+|otr[oa]\s+)?(?:\w+\s+|(?:[aá]rea|sala|unidad|piso|servicio)\s+de\s+)?(?:uci|uti|ucin|terapia(?:\s+intensiva)?|cuidados\s+"
    r"(?:intensivos|paliativos|intermedios|especiales|coronarios|cr[ií]ticos)|terapia\s+intermedia|"
    r"urgencias|emergencias?|guardia|quir[oó]fano|"
    r"sala\s+de\s+(?:operaciones|recuperaci[oó]n|espera|partos)|recuperaci[oó]n|observaci[oó]n|"
    r"aislamiento|piso|planta|sala|pabell[oó]n|habitaci[oó]n|cuarto|cama|camilla|pasillo|"
    r"hospital|cl[ií]nica|sanatorio|maternidad|pediatr[ií]a|neonatolog[ií]a|incubadora|"
    r"cardiolog[ií]a|oncolog[ií]a|traumatolog[ií]a|rehabilitaci[oó]n|di[aá]lisis|"
    r"hemodi[aá]lisis|ambulancia|helic[oó]ptero|morgue|rayos\s+x|cirug[ií]a|operaci[oó]n|"
    r"asilo|hogar\s+de\s+ancianos|residencia(?:\s+de\s+ancianos)?|casa\s+de\s+reposo|"
    r"hemodinamia|endoscop[ií]a|psiquiatr[ií]a|tomograf[ií]a|resonancia|radiolog[ií]a|"
    r"ecograf[ií]a|triaje|reanimaci[oó]n|"
    r"unidad(?:\s+de\s+(?:quemados|trasplantados|intensivos|cuidados\s+\w+|\w+))?)\b"
    r"(?!\s+(?:del\s+hospital\s+)?(?:abre|cierra|cerr[oó]|abri[oó]|estar[aá]|tiene\s+nuev|"
    r"personal|equipo))|"
    # treatments, tests and conditions received or suffered
    r"(?:pusieron|puso|hicieron|hizo|dieron|dio|sacaron|colocaron|aplicaron|realizaron|"
    r"practicaron|administraron|haciendo|poniendo|dando|necesita|necesit[oó]|requiere|"
    r"hacer|hacen|har[aá]n|hace|poner|ponen|pondr[aá]n|sacar|sacan|dan|dar[aá]n|recetaron|"
    r"recet[oó]|indicaron|preparando\s+para|list[oa]\s+para|"
    r"programad[oa]\s+para|en\s+espera\s+de|esperando|"
    r"requiri[oó]|recibe|recibi[oó]|recibir|recibiendo|tuvo|tiene|lleva|llevan|con|sin|por|de|para|"
    r"pusimos|dimos|hicimos|sacamos|quitamos|cambiamos|colocamos|aplicamos|administramos|"
    r"empieza|empez[oó]|comienza|comenz[oó]|inicia|inici[oó]|termina|"
    r"(?!(?:ángeles|cárceles)\b)[a-zñ]*[áéíóú][a-zñ]*(?:en|an|e|a)les?|d[eé]n?les?|"
    r"se\s+neg[oó]\s+a|rechaz[oó]|rechaza|no\s+quiere|no\s+quiso|le\s+toca|termin[oó]|"
    r"complet[oó])\s+"
    r"(?:(?:un|una|el|la|los|las|unos|unas|dos|tres|varios|varias|m[aá]s|su|sus)\s+)?"
    r"(?:\w+\s+)?(?:yeso|puntos|sutura|suero|ox[ií]geno|respirador|ventilador|tubo|"
    r"mascarilla|c[aá]nula|cat[eé]ter|epinefrina|adrenalina|insulina|medicamentos?|"
    r"medicinas?|vacuna|inyecci[oó]n|anestesia|sedantes?|calmantes?|dieta|nebulizaci[oó]n|"
    r"int[eé]rprete|traductor[a]?|"
    rf"{_CARE_NOUN_ES}|"
    r"transfusi[oó]n|transfusiones|di[aá]lisis|quimio(?:terapias?)?|radioterapias?|sangre|muestras?|"
    r"reacci[oó]n\s+al[eé]rgica|"
    r"antibi[oó]ticos?|morfina|analg[eé]sicos?|calmantes|sonda|marcapasos|stent|"
    r"cateterismo|bypass|cirug[ií]a|operaci[oó]n|intervenci[oó]n|ces[aá]rea|trasplante|"
    r"amputaci[oó]n|terapia|tomograf[ií]as?|radiograf[ií]as?|placas|resonancia|ecograf[ií]a|"
    r"ultrasonido|an[aá]lisis|estudios|ex[aá]menes|pruebas|electrocardiograma|biopsia|"
    r"vendaje|cabestrillo|f[eé]rula|muletas|andadera|andador|silla\s+de\s+ruedas|fototerapia|"
    r"fractura|fracturas|quemaduras?|heridas?|conmoci[oó]n|contusi[oó]n|golpe|traumatismo|"
    r"hemorragia|sangrado|infarto|ataque|derrame|embolia|convulsiones|sobredosis|"
    r"intoxicaci[oó]n|deshidrataci[oó]n|hipotermia|neumon[ií]a|infecci[oó]n|covid|gripe|"
    r"c[aá]ncer|tumor|dolor(?:es)?|fiebre|desmayo|paro|aborto|contracciones|c[aá]lculos|"
    r"apendicitis|lesi[oó]n|lesiones|esguince|luxaci[oó]n|costillas?\s+rotas?|"
    r"(?:brazo|pierna|cadera|mu[nñ]eca|tobillo|cl[aá]vicula|pelvis|mand[ií]bula|nariz|"
    r"cr[aá]neo|mano|pie|rodilla|hombro|codo|columna)\s+(?:rot[oa]|fracturad[oa]|"
    r"quebrad[oa])))\b"
    r"|\b(?:su|sus)\s+(?:atenci[oó]n|estado|tratamiento|recuperaci[oó]n|salud|cirug[ií]a|"
    r"operaci[oó]n|estancia|alta|habitaci[oó]n|cama|expediente|historia\s+cl[ií]nica|"
    r"an[aá]lisis|estudios|resultados|diagn[oó]stico|pron[oó]stico|heridas|lesiones|"
    r"m[eé]dic[oa]s?|enfermer[oa]s?|cirujan[oa]|cita|consulta|control|seguimiento|"
    r"signos\s+vitales|presi[oó]n|fiebre|dolor|parto|ces[aá]rea|tomograf[ií]a|radiograf[ií]a)\b"
)
# The English shapes, each with what it tells.
_ORGAN = (
    rf"{_BODY}|appendix|gallbladder|tonsils|adenoids|tooth|teeth|wisdom\s+teeth|cataracts?|"
    r"stomach|bowel|colon|uterus|ovary|ovaries|thyroid|prostate|stent|port|catheter|"
    r"stitches|staples|cast|drain|tube"
)
_MORE_EN = (
    r"\b(?:he|she)(?:['’]s|\s+is|\s+was)\s+(?:one\s+of\s+)?ours\b"
    r"|\bback\s+(?:in\s+)?from\s+(?:the\s+)?(?:or|pacu|cath\s+lab|ir|ct|mri|imaging|radiology|"
    r"x-?ray|dialysis|endoscopy|the\s+procedure)\b"
    # a chart's shorthand: "s/p lap chole", "tolerating clears"
    r"|\bs/p\s+\w|\btolerating\s+(?:clears|po|(?:a\s+)?(?:regular|soft|clear|full)\s+(?:liquid\s+)?diet|"
    r"feeds|liquids|solids|room\s+air)\b"
    r"|\b(?:signed|checked)\s+(?:himself|herself|themselves)\s+out\b"
    r"|\b(?:walked|ran|wandered)\s+out\b(?!\s+of\s+(?:the\s+)?(?:meeting|briefing|interview))"
    r"|\bleft\s+(?:before|without)\s+(?:being|getting)\s+(?:seen|treated|discharged)\b"
    r"|\b(?:doctors?|nurses?|surgeons?|physicians?|team|specialists?|ortho|cardiology|"
    r"neurology|\w+ologists?|attending|resident|consult)\s+(?:\w+\s+){0,3}?(?:see|seeing|saw|"
    r"seen|check(?:ed|ing)?\s+on|examine[ds]?|examining|round(?:ed|ing)?\s+on|putting|"
    r"put|repair(?:ed|ing)?|operat(?:e|ed|ing)\s+on|managing|manage|treat(?:ed|ing)?)\s+"
    r"(?:(?:him|her)\b|(?:a|an|the)\s+\w+\s+in\b)"
    r"|\b(?:day|days|night|nights|week|weeks)\s+(?:with\s+us|here|in\s+(?:the\s+)?hospital)\b"
    rf"|\b(?:had|has|have|got|getting|having|gets)\s+(?:his|her|their|a|an|the)\s+"
    rf"(?:[\w-]+\s+)?(?:{_ORGAN})\s+(?:out|removed|taken\s+out|replaced|fixed|set|reset|"
    r"repaired|drained|pumped|stitched|x-?rayed|checked|scanned|put\s+in|in|pinned|scoped|"
    r"amputated|reattached|bandaged|immobili[sz]ed|"
    r"casted|splinted|reset|looked\s+at|done|operated\s+on)\b"
    rf"|\b{_POSSESSIVE}\s+(?:{_ORGAN}|tonsils|appendix|gallbladder)\s+(?:came|come|comes|were|was)\s+out\b"
    r"|\b(?:scop\w*|pinn\w*|cast\w*|splint\w*|stitch\w*|sew\w*|suction\w*|cath\w*|prep\w*|"
    r"bath\w*|sponge\w*|sutur\w*|bandag\w*|wrapp\w*|immobili[sz]\w*)\s+(?:him|her|(?:his|her)\s+"
    rf"(?:left\s+|right\s+)?(?:{_BODY}))\b(?!\s+(?:as|for\s+(?:the|a)\s+(?:role|part|show|film)))"
    r"|\bgoing\s+under\s+(?:at|now|soon|in|this|tomorrow)\b|\ballergic\s+to\s+(?:the|his|her)\b"
    r"|\bput\s+(?:him|her)\s+on\s+something\b|\bsigned\s+(?:him|her)\s+out\b"
    r"|\b(?:his|her|their)\s+ride\s+home\b|\b(?:visitor|visiting)\s+(?:list|hours\s+with)\b"
    r"|\b(?:be|been|sit|sat|sitting|stay|stayed|staying)\s+with\s+(?:him|her)\s+(?:at\s+a\s+time|all|"
    r"overnight|tonight|every|through|until|when|while|in\s+there)\b"
    r"|\b(?:flew|drove|came|flying|driving|coming)\s+(?:\w+\s+){0,3}?to\s+see\s+(?:him|her)\b"
    r"|\b(?:alone|by\s+(?:him|her)self)\s+in\s+there\b"
    rf"|\b(?:{_BODY}|appendix|kidneys?)\s+(?:is|was|are|were|got|['’]s)\s+(?:\w+\s+)?"
    r"(?:broken|fractured|shattered|dislocated|sprained|swollen|infected|bleeding|burned|"
    r"crushed|failing|bruised|injured|punctured|collapsed|mottled|dusky|clammy|numb)\b"
    rf"|\b(?:{_BODY}|ankles?)\s+(?:swelled|puffed|blew)\s+up\b"
    # something left in a body: "tubes in his ears", "pins in her wrist"
    r"|\b(?:tubes?|pins?|screws?|plates?|rods?|stitches|staples|stent|drains?|shunt|port)\s+in\s+"
    rf"(?:his|her|their)\s+(?:left\s+|right\s+)?(?:{_BODY}|ears?|belly|bladder)\b"
    # a specialist seen: "she's seeing the orthopedic surgeon", "seeing a psychiatrist"
    r"|\b(?:seeing|sees|saw|see)\s+(?:a|an|the|his|her)\s+(?:new\s+)?(?:[\w-]+\s+)?(?:psychiatrist|"
    r"psychologist|specialist|surgeon|cardiologist|oncologist|neurologist|orthopedist|"
    r"pulmonologist|nephrologist|dermatologist|rheumatologist)\b"
    r"|\b(?:is|['’]s|still|was|remains?)\s+(?:still\s+)?(?:up|down)stairs\b"
    r"|\bswallowed\s+(?:a|an|some|the|his|her|\w+)\s+\w+"
    r"|\b(?:gi|surgery|cardiology|neurology|psych|ortho|social\s+work|\w+ology)\s+consulted\b"
    r"|\b(?:keep|keeping|kept|hold|holding|held)\s+(?:him|her|you|them)\s+(?:another|one\s+more|"
    r"an\s+extra|overnight|for|in|until|here|on)\b"
    r"|\b(?:keep|keeping|kept|make|making|made)\s+(?:him|her)\s+(?:comfortable|stable|"
    r"sedated|calm|warm)\b"
    r"|\b(?:his|her|their)\s+(?:last|final)\s+(?:days|hours|weeks|moments)\b"
    r"|\bpassed\s+(?:peacefully|on|quietly|overnight|this|last|early|in\s+(?:his|her|the)|"
    r"at\s+\d|surrounded)\b"
    r"|\b(?:came|come|coming|walked|brought|wheeled)\s+back\s+in\b"
    r"|\b(?:get\s+well\s+soon|speedy\s+recovery|quick\s+recovery|feel\s+better\s+soon|"
    r"praying\s+for\s+(?:his|her)\s+recovery)\b"
    r"|\b(?:chest\s+compressions|compressions|cpr|resuscitation|life-saving\s+care)\b"
    r"|\b(?:his|her|their|the)\s+(?:mrn|chart|intake\s+form|medical\s+records?|file|"
    r"wristband|armband|paperwork|discharge\s+papers|(?:er|ed|hospital|ambulance|icu|"
    r"surgery|medical)\s+bills?)\b"
    r"|\b(?:er|ed|hospital|ambulance|icu|surgery|medical)\s+bills?\b"
    r"|\b(?:admission|admitted|discharge|discharged|admit)\s+(?:date\s+)?(?:on\s+)?\d"
    r"|\b(?:visit|admission|discharge|appointment|surgery|procedure|follow-?up)\s+date\b"
    r"|\b(?:pull|pulled|pulling|check|checked|review|reviewed|open|opened|read)\s+(?:the|his|her)\s+"
    r"(?:chart|file|records?)\b"
    r"|\b(?:the\s+)?(?:patient|pt)['’]?s?\s+(?:gave|address|phone|social|ssn|dob|"
    r"date\s+of\s+birth|mrn|insurance|member\s+id)\b"
    r"|\b(?:surgery|procedure|operation|discharge|appointment|transplant|c-section|scan|mri|"
    r"biopsy|follow-?up)\s+(?:is|was|has\s+been|got|['’]s)\s+(?:\w+\s+)?(?:scheduled|approved|"
    r"authori[sz]ed|booked|confirmed|moved|postponed|cancell?ed|rescheduled|set)\b"
    # given a room or a bed: "hallway bed three finally got a room upstairs"
    r"|\b(?:got|gets|getting|given|assigned|found)\s+(?:a|an|her|his|their)\s+(?:\w+\s+)?"
    r"(?:room|bed)\b(?!\s+(?:for\s+(?:the|our)|at\s+the\s+hotel))"
    # a visit to a place of care, or a record kept for someone: "two ER visits this month",
    # "the intake form for Gloria Pratt", "the chart for Mr. Lindqvist"
    r"|\b(?:er|ed|emergency(?:\s+room)?|hospital|urgent\s+care|clinic|icu)\s+(?:visits?|stays?|"
    r"admissions?|trips?)\b(?!\s+(?:rose|fell|are|were|increased|decreased|doubled|dropped))"
    r"|\b(?:intake\s+forms?|charts?|discharge\s+(?:summary|papers|paperwork)|billing\s+account|"
    r"face\s*sheet|wristband|armband|admission\s+(?:form|papers))\s+(?:for|of)\b"
    # being someone in particular among our patients
    r"|\b(?:the|our|this|that)\s+(?:[\w'’-]+\s+)?(?:pt|patient)\s+(?:in|from|at|on|with|who)\b"
    r"|\bour\s+(?:[\w'’-]+\s+)?(?:pt|patient)\b(?!s|\s+(?:portal|relations|experience|safety))"
    # a bed found for someone, or none yet: "they found him a bed", "still no bed for her"
    r"|\b(?:found|find|finding|got|get|getting|gave|give|giving)\s+(?:him|her|you|them|my\s+\w+)\s+"
    r"(?:a|an)\s+(?:[\w-]+\s+)?(?:room|bed)\b"
    r"|\bno\s+(?:room|bed)\s+(?:yet\s+)?for\s+(?:him|her|you|them|my|his|her)\b"
    # a death told plainly; a life saved
    r"|\b(?:didn['’]t|did\s+not)\s+make\s+it\b(?!\s+(?:to|in|on|for|into|out|back|through|here))"
    r"|\b(?:saving|saved)\s+(?:him|her|them|my|his|our)\b(?!\s+(?:a|the)\s+(?:seat|spot|place|time))"
    # someone named as a patient: "the complaint names patient R.J. (52)"
    r"|\b(?:patient|pt|paciente)\s+(?:[a-z]\.\s?){2,3}"
    r"|\b(?:patient|pt|paciente)\s+(?:in|en|de\s+la|del)\s+(?:bed|room|bay|pod|rm|cama|"
    r"habitaci[oó]n|cuarto|cub[ií]culo)\b"
    # seen on a date or more than once: "was seen on 05.11.2024 and again"
    r"|\b(?:was|were|been|being|fue|fueron)\s+(?:seen|vist[oa]s?)\s+(?:on\s+\d|twice|again|"
    r"\w+\s+times|last\s+(?:week|month|night|year)|yesterday|el\s+\d|dos\s+veces|otra\s+vez)"
    # a person's charges and visits on an account: "shows two ER visits", "itemized charges"
    r"|\b(?:two|three|four|five|several|multiple|\d+)\s+(?:er\s+|ed\s+|hospital\s+|clinic\s+|"
    r"urgent\s+care\s+)?(?:visits|admissions|stays)\b(?!\s+(?:a|per|each|every)\b)"
    r"|\b(?:itemi[sz]ed|hospital|er|ed|ambulance)\s+(?:charges|bill|statement)\b"
    # signs of recovery or its lack: "kept some broth down", "the swelling is going down"
    r"|\b(?:kept|keep|keeping|keeps)\s+(?:[\w'’-]+\s+){0,2}?(?:food|broth|toast|soup|jell-?o|dinner|"
    r"lunch|breakfast|meals?|liquids|fluids|water|crackers|anything|something|it|meds|pills)\s+down\b"
    r"|\b(?:fever|swelling|bruising|inflammation|rash|bleeding|numbness|pain)\s+(?:in\s+(?:his|her|"
    r"their)\s+\w+\s+|on\s+(?:his|her|their)\s+\w+\s+)?(?:is\s+|has\s+|['’]s\s+)?(?:finally\s+|"
    r"already\s+|slowly\s+)?(?:going|gone|went|came|coming|come)\s+down\b"
    r"|\b(?:fever|swelling|bruising|rash|bleeding)\s+(?:(?:in|on)\s+(?:his|her|their)\s+\w+\s+)?"
    r"(?:is\s+|has\s+|['’]s\s+)?(?:finally\s+)?(?:broke|fading|faded|subsided|"
    r"subsiding|eased|easing|stopped)\b"
    r"|\b(?:first|1st)\s+time\s+since\s+(?:the\s+|his\s+|her\s+)?(?:surgery|fall|accident|stroke|"
    r"crash|admission|operation|injury|transplant|heart\s+attack|seizure|delivery)\b"
    r"|\blaps?\s+(?:around|of|down)\s+the\s+(?:unit|floor|hall|hallway|ward|corridor)\b"
    r"|\b(?:his|her|their)\s+first\s+(?:shower|bath|walk|steps|meal|solid\s+food|real\s+food|bites?|"
    r"sips?|words?)\b"
    # numbers and signs on the move: "her bilirubin is coming down", "his kidney numbers are better"
    r"|\b(?:numbers|levels?|counts?|bilirubin|sats|saturation|creatinine|hemoglobin|sodium|"
    r"potassium|platelets|enzymes|markers|temp|temperature|blood\s+pressure|blood\s+sugar|"
    r"heart\s+rate|oxygen)\s+(?:is\s+|are\s+|was\s+|were\s+|['’]s\s+)?(?:\w+ly\s+|still\s+)?"
    r"(?:coming|going|came|went|trending|creeping)\s+(?:down|up)\b"
    # care done to someone: "they drained fluid from her lungs", "had to restrain him"
    rf"|\b(?:drain\w*|suction\w*|biops\w+|aspirat\w+|tapp\w+|drew|draw|drawing|drawn|took|"
    rf"pulled|removed)\s+(?:\w+\s+){{0,4}}?(?:from|out\s+of|off)\s+(?:his|her|their)\s+"
    rf"(?:{_ORGAN}|lungs?|belly|abdomen|wound|incision|blood|chest|throat|mouth|airway)\b"
    r"|\b(?:restrain\w*|sedat\w*|intubat\w*|extubat\w*|resuscitat\w*|stabili[sz]\w*|triag\w*|"
    r"admit\w*|discharg\w*|airlift\w*|x-?ray\w*|swab\w*|catheteri[sz]\w*)\s+(?:him|her)\b"
    r"|\b(?:units?|pints?|bags?)\s+of\s+(?:blood|platelets|plasma)\b"
    r"|\bdown\s+to\s+(?:one|two|three|\d+)\s+(?:drains?|tubes?|liters?|lines?|ivs?|meds|pills)\b"
    rf"|\blost\s+(?:his|her|their|a|an|both|two|three|four|several)\s+(?:left\s+|right\s+|lower\s+)?(?:{_BODY}|sight|"
    r"vision|hearing|baby|pregnancy)\b"
    r"|\b(?:on\s+the\s+(?:\w+\s+)?list|waiting|waited)\s+for\s+(?:a\s+)?(?:new|donor)\s+(?:liver|kidney|heart|"
    r"lungs?|pancreas)\b"
    r"|\b(?:left|checked\s+out|signed\s+out|walked\s+out)\s+(?:\w+\s+)?(?:ama|against\s+medical\s+"
    r"advice)\b"
    r"|\bthey(?:['’]re|\s+are|\s+were)?\s+(?:doing|did|running|ran|ordered|ordering|repeating|"
    rf"repeated)\s+(?:\w+\s+){{0,2}}?(?:{_TREATMENT})\b"
    r"|\bfell\b(?!\s+(?:asleep|in\s+love|silent|apart|through|short|behind|by|to\s+\d|from\s+\d))"
    r"|\b(?:ask|asks|asked|asking)\s+for\s+(?:his|her)\s+(?:glasses|phone|dentures|family|"
    rf"{_KIN_EN})\b"
    # vital signs and labs with a value or a trend: "sats holding at 94", "her potassium came
    # back low", "his white count is up again"
    r"|\b(?:sats?|spo2|o2|oxygen|pressure|bp|heart\s+rate|hr|pulse|temp|temperature|sugar|"
    r"glucose|potassium|sodium|hemoglobin|hgb|troponin|creatinine|a1c|white\s+count|wbc|"
    r"platelets|lactate|inr|bilirubin|numbers|levels|labs|counts?)\s+(?:is\s+|are\s+|was\s+|"
    r"were\s+|['’]s\s+|has\s+been\s+|have\s+been\s+|still\s+|finally\s+|now\s+){0,2}"
    r"(?:holding|steady|back\s+to\s+normal|normal(?:i[sz]ed|i[sz]ing)?|elevated|"
    r"dropped|dropping|rising|rose|climbing|falling|fell|trending|settled|stabili[sz]ed|"
    r"came\s+back|come\s+back|(?:up|down|low|high|off)\s+(?:again|today|this|overnight|a\s+bit)|"
    r"at\s+\d|in\s+the\s+(?:low|high|mid)|\d{1,3}(?:\.\d)?(?!\s*(?:%|percent|dollars|"
    r"patients|people|beds)))"
    # somewhere in the building, as a family writes: "he's been in there three days",
    # "she's in with the surgeon", "behind those doors"
    r"|\b(?:been|still|is|['’]s|are|was|stuck|remains?|stayed)\s+(?:still\s+|now\s+)?"
    r"(?:in|back)\s+there\b(?!\s+(?:with\s+(?:the|a)\s+(?:crew|contractors|plumber)))"
    r"|\bin\s+with\s+(?:the\s+)?(?:surgeons?|doctors?|docs?|nurses?|team|specialists?|"
    r"anesthesi\w+|radiology|cardiology|neurology|ortho|attending|resident)\b"
    r"|\bbehind\s+(?:those|these|the)\s+(?:doors|curtains?)\b"
    # asking for an interpreter; wanting to leave, to smoke, to eat; refusing care
    r"|\b(?:ask|asks|asked|asking|wants?|wanted|requested|requests|requesting|needs?|needed)\s+"
    r"(?:for\s+)?(?:an?\s+|the\s+|his\s+|her\s+)?(?:[\w-]+\s+){0,2}?(?:interpreter|translator)\b"
    r"|\b(?:ask|asks|asked|asking|wants?\s+to\s+know|wanted\s+to\s+know|wondering)\s+"
    r"(?:when|if)\s+(?:he|she|they)\s+(?:can|could|gets?\s+to|may|will\s+be\s+able\s+to)\s+"
    r"(?:go|leave|eat|drink|get\s+out|shower|walk|smoke|have)\b"
    r"|\b(?:stay|staying|stays|spend|spending|keep|keeping|kept)\s+(?:\w+\s+)?(?:another|"
    r"one\s+more|an\s+extra)\s+(?:night|day|week)\b"
    r"|\b(?:refus\w+|won['’]t|wouldn['’]t|will\s+not)\s+(?:to\s+)?(?:let\s+(?:them|us|anyone|"
    r"the\s+\w+)\s+)?(?:wear|take|keep|have|get|do|draw|put|start|use|eat|sign)\s+"
    rf"(?:{_FILLER}\s+){{0,2}}?(?:{_TREATMENT}|blood|consent)\b"
    r"|\b(?:draw|drew|drawn|drawing)\s+(?:his|her|more|some)?\s*(?:blood|labs)\b"
    r"|\b(?:sign|signs|signing)\s+(?:himself|herself|themselves)\s+out\b"
    # a day or a milestone of a course of care: "his last day of chemo", "day 10
    # post-transplant", "three weeks out from his bypass", "Day 5 in the ICU"
    r"|\b(?:first|last|final|second|third|next|\d+(?:st|nd|rd|th))\s+(?:day|days|round|session|"
    r"dose|cycle|week|night)\s+(?:of|in|on)\s+(?:the\s+)?(?:\w+\s+)?"
    rf"(?:{_TREATMENT}|treatment|icu|nicu|picu|hospital|rehab|the\s+unit)\b"
    r"|\bday\s+(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?:of|in|on|post|after)\b"
    r"|\b(?:days?|weeks?|months?)\s+(?:out\s+from|after)\s+(?:his|her|their)\s+"
    r"|\b(?:completed|finished|graduated\s+from)\s+(?:his|her|their)\s+(?:\w+\s+){0,3}?"
    rf"(?:{_TREATMENT}|treatment|nicu|icu|rehab)\b"
    r"|\bgraduated\s+(?:from\s+)?(?:the\s+)?(?:nicu|icu|picu|rehab|step-?down)\b"
    # a stay or a ride on a person's insurance record: "inpatient stay flagged", "the
    # member's ambulance ride"
    r"|\b(?:inpatient|outpatient|observation|rehab|icu|nicu|hospital)\s+(?:stay|admission|visit)\b"
    r"(?!s|\s+(?:volumes?|rates?|rose|fell|numbers|data))"
    r"|\bambulance\s+(?:ride|trip|transport|bill)\b|\bfio2\b|\b(?:on|to)\s+room\s+air\b"
    # a home visit is care: "visita domiciliaria", "home health visit"
    r"|\bhome\s+(?:health\s+|nursing\s+|care\s+)?visit\b(?!s)"
)
_MORE_ES = (
    r"\b(?:sali[oó]|salieron|vinieron|llegaron|est[aá]n\s+listos|dieron)\s+(?:\w+\s+){0,3}?"
    r"(?:an[aá]lisis|estudios|resultados|pruebas|ex[aá]menes|biopsia|tomograf[ií]a|"
    r"radiograf[ií]as?|placas|cultivos?)\b"
    r"|\b(?:an[aá]lisis|estudios|resultados|pruebas|ex[aá]menes|biopsia|tomograf[ií]a|"
    r"radiograf[ií]as?|placas|cultivos?)\s+(?:\w+\s+)?(?:salieron|sali[oó]|dieron|llegaron|"
    r"est[aá]n\s+listos)\b|"
    r"\brespond\w*(?:\s+(?:bien|mal|favorablemente))?\s+(?:a|al)\s+(?:\w+\s+){0,2}?"
    r"(?:tratamiento|antibi[oó]ticos?|medicamentos?|terapia|quimio\w*|ox[ií]geno|suero)\b"
    r"|\b(?:le|la|lo)\s+(?:quitaron|retiraron|suspendieron|iniciaron|empezaron|cambiaron|"
    r"subieron|bajaron|aumentaron)\s+(?:el|la|los|las)\s+\w+"
    r"|\brespira\s+(?:sol[oa]|sin\s+ayuda|por\s+s[ií]|por\s+su\s+cuenta|mejor|bien)\b"
    r"|\b(?:pronta\s+recuperaci[oó]n|que\s+se\s+mejore|mej[oó]rate|recup[eé]rate)\b"
    r"|\b(?:papeles|hoja|orden|instrucciones|resumen|epicrisis|constancia)\s+(?:del|de\s+la)\s+alta\b"
    r"|\b(?:factura|cuenta|cobro|recibo)\s+(?:del|de\s+la|de)\s+(?:hospital|cl[ií]nica|urgencias|"
    r"ambulancia|emergencias)\b"
    r"|\b(?:direcci[oó]n|domicilio|tel[eé]fono|n[uú]mero|expediente|seguro\s+social|"
    r"fecha\s+de\s+nacimiento)\s+(?:de\s+la|del)\s+paciente\b"
    r"|\bpaciente\s+(?:dio|dej[oó]|tiene|registr[oó]|indic[oó])\s+(?:como\s+)?(?:domicilio|"
    r"direcci[oó]n|tel[eé]fono)\b"
    r"|\b(?:cirug[ií]a|operaci[oó]n|alta|tratamiento|cita|consulta|procedimiento|estudio)\s+"
    r"(?:ya\s+)?(?:est[aá]|fue|qued[oó]|queda)\s+(?:\w+\s+)?(?:autorizad|programad|aprobad|"
    r"agendad|confirmad|cancelad|reprogramad|pospuest)[oa]\b"
    r"|\b(?:est[aá]|estuvo|sigue|segu[ií]a|permanece|qued[oó])\s+(?:\w+\s+)?aqu[ií]\b"
    r"|\b(?:no\s+)?(?:quiere|puede|ha|han)\s+(?:comer|comido|respirar|caminar|orinar|dormir|"
    r"tomar\s+(?:sus\s+|las\s+)?(?:medicinas|medicamentos|pastillas))\b"
    r"|\bcome\s+(?:sol[oa]|solit[oa]|bien|poco|algo|mejor)\b"
    r"|\b(?:comiendo|respirando|caminando|durmiendo)\s+(?:bien|mejor|sol[oa]|poco|mucho|mal)\b"
    r"|\b(?:est[aá]|sigue|se\s+siente|se\s+ve|amaneci[oó]|qued[oó]|anda|ha\s+estado|"
    r"ha\s+andado)\s+(?:muy\s+|mucho\s+|"
    r"un\s+poco\s+|bastante\s+|m[aá]s\s+|ya\s+|much[oí]simo\s+)?(?:mejor|peor|bien|mal|"
    r"tranquil[oa]|c[oó]mod[oa]|animad[oa]|d[eé]bil|deca[ií]d[oa]|adolorid[oa]|"
    r"cansad[oa]|mareado|mareada|desorientad[oa]|confundid[oa]|deprimid[oa]|agitad[oa]|"
    r"somnolient[oa]|ansios[oa]|llor[oó]n|llorona|ida|inquiet[oa]|nervios[oa]|alucinando|"
    r"delirando|angustiad[oa]|sol[oa]|solit[oa]|agonizando|pujando|sufriendo|asustad[oa]|"
    r"en\s+ayun(?:o|as?)|en\s+sus\s+[uú]ltim[oa]s\s+(?:horas|d[ií]as)|"
    r"adormilad[oa]|perdid[oa]|ahogad[oa]|fatigad[oa]|hinchad[oa]|amarill[oa]|p[aá]lid[oa])\b"
    r"|\bse\s+(?:va|iba|fue|ir[aá])\s+(?:hoy|mañana|a\s+(?:su\s+)?casa|de\s+alta)\b"
    r"|\b(?:el|la)\s+paciente\s+(?:de\s+(?:la|el|esta|este|anoche|ayer|hoy)|del|que|con)\b"
    r"|\bnuestr[oa]\s+(?:\w+\s+)?paciente\b(?!s)"
    # a life saved, a care given: "por salvarle la vida", "que cuidaron a mi mamá"
    r"|\b(?:salvarle|salvarles|salvarlo|salvarla|(?:le|les|me|nos|te)\s+salv\w+)\s+la\s+vida\b"
    r"|\bsalv\w+\s+la\s+vida\s+(?:a|de)\s+(?:mi|su|tu|nuestr[oa]|don|doña)\b"
    r"|\bcuid\w+\s+(?:a|de)\s+(?:mi|su|tu|nuestr[oa]|don|doña)\s"
    # a bed found: "le consiguieron una cama"
    r"|\b(?:le|les)\s+(?:consiguieron|dieron|asignaron|encontraron|tienen)\s+(?:una\s+)?"
    r"(?:cama|habitaci[oó]n|cuarto)\b"
    # what someone needs to move about or breathe: "en silla de ruedas", "con oxígeno"
    r"|\b(?:en|con)\s+(?:(?:el|la)\s+)?(?:respirador|ventilador|incubadora)\b"
    r"|\b(?:en|con)\s+(?:silla\s+de\s+ruedas|muletas|andador|andadera|ox[ií]geno|suero|sonda|yeso|"
    r"collar[ií]n|cabestrillo)\b"
    # signs of recovery: "le bajó la fiebre", "la hinchazón está bajando", "retiene líquidos"
    r"|\b(?:fiebre|hinchaz[oó]n|inflamaci[oó]n|sangrado|dolor)\s+(?:ya\s+)?(?:est[aá]\s+bajando|"
    r"baj[oó]|cedi[oó]|disminuy[oó]|se\s+fue|se\s+le\s+quit[oó])\b"
    r"|\b(?:le|les)\s+(?:baj[oó]|subi[oó]|quit[oó])\s+la\s+(?:fiebre|presi[oó]n|hinchaz[oó]n)\b"
    r"|\bretiene\s+(?:los\s+|la\s+)?(?:l[ií]quidos|comida|alimentos)\b"
    r"|\bprimera\s+vez\s+desde\s+(?:la|el|su)\s+(?:ca[ií]da|cirug[ií]a|operaci[oó]n|accidente|"
    r"derrame|infarto|parto)\b"
    r"|\bno\s+sobrevivi[oó]\b"
    # an interpreter asked for; a wish to leave or to stay no longer; a course of care
    # finished or counted: "pidió intérprete de vietnamita", "no quiere quedarse otra noche",
    # "tocó la campana", "terminó su última quimio", "cumple un mes en rehabilitación"
    r"|\b(?:pide|pidi[oó]|pidieron|pidiendo|solicit[oó]|necesita|necesit[oó]|quiere|quer[ií]a)\s+"
    r"(?:(?:un|una|el|la|su)\s+)?(?:int[eé]rprete|traductor[a]?)\b"
    r"|\b(?:quedarse|pasar|quedar)\s+(?:otra|una)\s+(?:noche|d[ií]a|semana)(?:\s+m[aá]s)?\b"
    # signs said of someone: "se le normalizó la presión", "tiene las manos frías",
    # "está ganando peso", "ya no reconoce a nadie"
    r"|\b(?:presi[oó]n|az[uú]car|glucosa|fiebre|saturaci[oó]n|oxigenaci[oó]n|temperatura|"
    r"hemoglobina|plaquetas)\s+(?:ya\s+)?(?:se\s+le\s+|le\s+)?(?:normaliz[oó]|estabiliz[oó]|"
    r"control[oó]|subi[oó]|baj[oó])\b"
    r"|\b(?:se\s+le|le)\s+(?:normaliz[oó]|estabiliz[oó]|control[oó]|subi[oó]|baj[oó])\s+(?:la|el)\s+"
    r"(?:presi[oó]n|az[uú]car|glucosa|fiebre|saturaci[oó]n|oxigenaci[oó]n|temperatura|"
    r"hemoglobina|plaquetas)\b"
    r"|\b(?:manos|pies|piernas|labios|u[ñn]as|rodillas|dedos)\s+(?:\w+\s+)?(?:fr[ií]os|fr[ií]as|"
    r"morad[oa]s|azules|hinchad[oa]s|helad[oa]s|moteadas|amoratad[oa]s)\b"
    r"|\b(?:ganando|subiendo|perdiendo|bajando)\s+(?:de\s+)?peso\b"
    r"|\bno\s+(?:reconoce|reconoc[ií]a|conoce)\s+a\s+(?:nadie|sus\s+\w+|su\s+\w+)\b"
    r"|\b(?:se\s+quiere\s+ir|quiere\s+irse|se\s+quer[ií]a\s+ir|quer[ií]a\s+irse)\b"
    r"|\btoc[oó]\s+la\s+campana\b"
    r"|\b(?:su|sus)\s+(?:primer[oa]?|segund[oa]|tercer[oa]?|[uú]ltim[oa]s?|pr[oó]xim[oa]s?)\s+"
    r"(?:sesi[oó]n\s+de\s+|d[ií]a\s+de\s+|ciclo\s+de\s+)?(?:quimio\w*|radio\w*|di[aá]lisis|"
    r"tratamiento|terapia|rehabilitaci[oó]n|cirug[ií]a|operaci[oó]n|infusi[oó]n|dosis|sesi[oó]n)\b"
    r"|\bcumple\s+(?:un|una|dos|tres|\d+)\s+(?:d[ií]as?|semanas?|mes|meses)\s+(?:en|de|internad\w+|"
    r"hospitalizad\w+)\b"
    r"|\bvisita\s+(?:domiciliaria|a\s+domicilio)\b(?!s)"
    r"|\ble\s+(?:hicieron|hacen|har[aá]n|toca)\s+(?:la\s+)?visita\b"
)
# What anyone does every day, told of someone as news of their recovery: "she finally ate
# something", "he squeezed my hand for the first time", "hasn't eaten since Sunday",
# "ya comió algo", "durmió toda la noche". Told of no one, or at work ("she ate lunch with
# the volunteers"), it is no news: a marker of recovery or of its lack must come with it.
_DAILY = (
    r"ate|eaten|eating|eats|eat|drank|drunk|drinking|drinks|drink|slept|sleeping|sleeps|"
    r"sleep|walked|walking|walks|walk|showered|bathed|peed|pooped|talked|talking|talks|talk|"
    r"spoke|speaking|spoken|laughed|laughing|smiled|smiling|swallowing|swallow|sat\s+up|"
    r"sitting\s+up|sits\s+up|stood(?:\s+up)?|standing(?:\s+up)?|breathed|fed\s+(?:him|her)self"
)
_DAILY_EN = (
    rf"\b(?:finally|barely|hardly|already|actually)\s+(?:{_DAILY})\b"
    rf"|\b(?:{_DAILY})\s+(?:[\w'’-]+\s+){{0,4}}?(?:again|for\s+the\s+first\s+time|first\s+time|"
    r"on\s+(?:his|her|their)\s+own|by\s+(?:him|her)self|without\s+help|unassisted|"
    r"a\s+(?:little|bit|few\s+(?:bites|sips|steps))|some\s+(?:soup|toast|jello|broth|"
    r"breakfast|lunch|dinner)|something|anything|all\s+(?:of\s+)?(?:her|his)|a\s+whole|"
    r"the\s+whole|through\s+the\s+night|since\s+(?:the\s+)?(?:surgery|accident|fall|"
    r"crash|stroke|sunday|monday|tuesday|wednesday|thursday|friday|saturday|yesterday|"
    r"admission|\w+day))\b"
    r"|\b(?:hasn['’]t|has\s+not|hadn['’]t|won['’]t|wouldn['’]t|can['’]t|couldn['’]t|"
    r"isn['’]t|wasn['’]t|refuses\s+to|refused\s+to|stopped|not)\s+(?:been\s+)?"
    r"(?:eat|eaten|eating|drink|drunk|drinking|sleep|slept|sleeping|swallow|swallowing|"
    r"pee|peed|talk|talking|walk|walking)\b"
    r"|\b(?:is|['’]s|was|are)\s+(?:now\s+|already\s+|finally\s+)?(?:eating|drinking|"
    r"talking|walking|laughing|joking|smiling|sitting\s+up|cracking\s+jokes)\b"
    r"(?!\s+(?:to|with|about|at|on|for|in\s+(?:the|a)\s+(?:press|meeting|briefing)))"
    r"|\b(?:opened|opens|opening)\s+(?:his|her|their)\s+eyes\b"
    r"|\b(?:squeezed|squeezes|squeezing|gripped|grabbed|held)\s+(?:[\w'’-]+\s+){0,2}?hand\b"
    r"|\b(?:took|taking|takes)\s+(?:his|her|their|a\s+few|some)\s+(?:first\s+)?steps\b"
    r"|\b(?:moved|moving|wiggled|wiggling)\s+(?:his|her|their)\s+(?:fingers|toes|legs?|arms?|"
    r"hands?|feet)\b"
    r"|\brecogni[sz](?:ed|es|ing)\s+(?:me|us|her\s+\w+|his\s+\w+|everyone)\b"
    r"|\bsaid\s+(?:his|her)\s+first\s+words?\b"
)
_DAILY_ES = (
    r"comi[oó]|come|comer|comido|cen[oó]|cenar|desayun[oó]|desayunar|almorz[oó]|almorzar|"
    r"bebi[oó]|beber|tom[oó]|durmi[oó]|duerme|dormir|dormido|camin[oó]|camina|caminar|"
    r"habl[oó]|habla|hablar|sonri[oó]|se\s+sent[oó]|se\s+levant[oó]|se\s+par[oó]|"
    r"se\s+ba[nñ][oó]|se\s+comi[oó]|se\s+tom[oó]|se\s+bebi[oó]|reconoci[oó]|orin[oó]|orina|"
    r"pide|abre\s+los\s+ojos|se\s+r[ií]e|reconoce|"
    r"se\s+baña|bañarse|se\s+viste|vestirse|se\s+cepilla|cepillarse|se\s+levanta|levantarse|"
    r"se\s+sienta|sentarse|se\s+para|pararse|va\s+al\s+baño|ir\s+al\s+baño|usa\s+el\s+baño|"
    r"se\s+pone\s+(?:los|las|la|el)\s+\w+|se\s+sostiene|"
    r"se\s+puede\s+(?:bañar|vestir|levantar|sentar|parar|mover|peinar)|"
    r"traga|tragar|orinar"
)
# Daily living, symptoms, visits, births, ends of life and injuries in Spanish.
_CARE_ES = (
    r"\b(?:necesita|necesit[oó]|requiere|requiri[oó]|ocupa)\s+(?:\w+\s+)?ayuda\s+"
    r"(?:(?:hasta|incluso|hasta\s+para)\s+)?(?:para|con)\b"
    r"|\bno\s+(?:puede|pod[ií]a|pudo|ha\s+podido)\s+(?:ni\s+)?(?:\w+\s+)?(?:sostener|apoyar|mover|"
    r"levantar|caminar|comer|tragar|hablar|vestirse|bañarse|sentarse|pararse|orinar|respirar|"
    r"dormir|doblar|abrir\s+los\s+ojos|mantenerse)\b"
    r"|\b(?:no\s+)?siente\s+(?:las|los|el|la|sus)\s+(?:piernas|brazos|pies|manos|cara|dedos|lado)\b"
    r"|\bprimeros\s+pasos\b|\b(?:usa|usando|con)\s+(?:un\s+|el\s+|la\s+)?(?:bast[oó]n|andador|"
    r"andadera|pañal(?:es)?)\b|\breposo\s+(?:absoluto|en\s+cama)\b"
    r"|\bno\s+sabe\s+(?:d[oó]nde|qui[eé]n|qu[eé]\s+d[ií]a)\b|\bsigue\s+(?:instrucciones|[oó]rdenes)\b"
    r"|\b(?:solo|s[oó]lo)\s+(?:puede|le\s+dejan)\s+(?:tomar|chupar|comer)\b|\bvomita\w*\b"
    r"|\bno\s+(?:ha\s+)?prob(?:ado|[oó])\s+bocado\b|\b(?:le|les)\s+(?:duele|dol[ií]a|molesta)\b"
    r"|\b(?:le|les)\s+cuesta\s+(?:respirar|tragar|hablar|caminar|comer)\b"
    r"|\brespira\s+(?:muy\s+)?(?:r[aá]pido|agitad[oa]|con\s+dificultad|mal|raro)\b"
    r"|\btose\s+(?:sangre|flemas)\b|\bsilbidos\s+en\s+el\s+pecho\b|\bflemas?\b"
    r"|\bdificultad\s+para\s+(?:respirar|tragar|caminar|hablar)\b|\bse\s+(?:ahoga|asfixia)\b"
    r"|\b(?:no\s+)?(?:me|nos)\s+reconoci[oó]\b|\bllor\w+\s+(?:del|de)\s+dolor\b"
    r"|\bsali[oó]\s+(?:alt[oa]|baj[oa]|mal|positiv[oa]|negativ[oa])\s+(?:el|la|los|las)\s+\w+"
    r"|\b(?:despedirnos|despedirse|despedirte|despedirlo|despedirla)\b"
    r"|\bnada\s+(?:m[aá]s\s+)?que\s+hacer\s+por\b|\bse\s+(?:fue|nos\s+fue)\s+en\s+paz\b"
    r"|\btuvo\s+(?:a\s+)?(?:su|el|la|sus)\s+(?:beb[eé]s?|niñ[oa]|hij[oa]|gemel[oa]s)\b"
    r"|\b(?:le|les)\s+cay[oó]\s+(?:un|una|el|la)\s+\w+\s+encima\b"
    r"|\b(?:dejan|deja|dejaron)\s+(?:pasar|entrar)\s+(?:a\s+)?(?:una|dos|nadie|\w+)\s+(?:persona|personas|visita)?"
    r"\s*(?:con|a\s+ver)\b"
    r"|\b(?:usar|usa|usando|con)\s+(?:un\s+|el\s+|la\s+|unas\s+)?(?:muletas|silla\s+de\s+ruedas|"
    r"cabestrillo|collar[ií]n|bota|f[eé]rula)\b"
    r"|\bencontr\w+\s+(?:la\s+vena|(?:un|una)\s+(?:masa|bulto|tumor|quiste|co[aá]gulo|piedra|"
    r"c[aá]lculo|fractura|infecci[oó]n|sombra|mancha)|piedras|c[aá]lculos|quistes|tumores)\b"
    r"|\bse\s+(?:arranc|sac|quit|jal)[oó]\s+(?:el|la|los|las)\s+(?:suero|sonda|v[ií]a|cat[eé]ter|"
    r"tubo|drenaje|ox[ií]geno|mascarilla|puntos|vendas?)\b"
    r"|\b(?:sueros|sondas|drenajes|puntos)\s+puestos\b"
    r"|\b(?:sacaron|quitaron|extirparon|extrajeron)\s+(?:el|la|los|las)\s+(?:ap[eé]ndice|ves[ií]cula|"
    r"am[ií]gdalas|[uú]tero|riñ[oó]n|tumor|bazo|ovario|tiroides|pr[oó]stata|piedras|c[aá]lculos|"
    r"muelas|l[ií]quido|yeso|puntos)\b"
    r"|\b(?:sale|saldr[aá])\s+(?:hoy|mañana|el\s+\w+|esta\s+\w+|pasado\s+mañana)\b"
    r"|\b(?:enfermer[oa]|cuidador[a]?|terapia|atenci[oó]n|visitas?)\s+(?:a\s+domicilio|domiciliari[oa])\b"
    r"|\b(?:se\s+va|va|vuelve|regresa|irá|ira)\s+(?:a|al)\s+(?:un\s+|una\s+|el\s+|la\s+)?(?:asilo|"
    r"hogar\s+de\s+ancianos|residencia|casa\s+de\s+reposo|rehabilitaci[oó]n)\b"
    # visits and company
    r"|\b(?:qued\w+|estuve|estuvimos|dorm\w+)\s+(?:\w+\s+){0,3}?con\s+(?:[eé]l|ella|mi|su|tu|"
    r"nuestr[oa]|el\s+abuel[oa]|la\s+abuel[oa])\b"
    r"|\b(?:vino|vinieron|viene|vienen|fue|fueron|fui|fuimos|vengo|venimos|lleg[oó]|llegaron)\s+"
    r"(?:\w+\s+){0,3}?(?:a|para)\s+(?:ver(?:l[oa])?|rezar|orar|acompañar(?:l[oa])?|visitar(?:l[oa])?|"
    r"cuidar(?:l[oa])?)\b(?=\s+(?:a|al|con)\s|\s*[,.;!?]|$|(?<=l[oa]))"
    r"|\b(?:nos\s+turnamos|nos\s+turnan)\s+para\b"
    r"|\b(?:le|lo|la)\s+(?:permiten|dejan|autorizan|prohibieron|quitaron)\s+(?:\w+\s+)?visitas\b"
    # end of life, birth, injuries
    r"|\b(?:le|les)\s+quedan\s+(?:\w+\s+)?(?:horas|d[ií]as|semanas)\b"
    r"|\b(?:lo|la)\s+perdimos\b(?!\s+(?:todo|de\s+vista))|\bse\s+nos\s+(?:fue|muri[oó])\b"
    r"|\b(?:rompi[oó]|rompe|rompieron)\s+(?:la\s+)?(?:fuente|bolsa)\b"
    r"|\bperdi[oó]\s+(?:al|a\s+su|el|su)\s+(?:beb[eé]|embarazo|hij[oa])\b"
    r"|\b(?:inducir|inducen|indujeron|inducido)\s+(?:el\s+)?parto\b"
    r"|\b(?:le|les|lo|la|los|las)\s+(?:dispar\w+|mordi\w+|mordieron|atropell\w+|apuñal\w+|"
    r"acuchill\w+|balea\w+|asalt\w+|agredi\w+|pate\w+|pic[oó]|picaron|aplast\w+|golpe\w+|"
    r"pis[oó]|tumb[oó]|arroll\w+|embisti\w+)\b"
    r"|\b(?:choc[oó]|volc[oó]|derrap[oó]|estrell[oó])\s+(?:la|el|su)\s+(?:moto|carro|coche|auto|"
    r"bici|bicicleta|camioneta|cami[oó]n)\b"
    r"|\bse\s+(?:trag[oó]|cort[oó]|atragant[oó]|ahog[oó]|electrocut[oó]|intoxic[oó]|envenen[oó]|"
    r"disloc[oó]|torci[oó]|machuc[oó]|quebr[oó]|rompi[oó]|desgarr[oó]|cay[oó]|qued[oó]\s+sin\s+aire|"
    r"resbal[oó]|tropez[oó]|golpe[oó]|quem[oó]|fractur[oó])\b"
)
_DAILY_ES_FACT = (
    rf"\b(?:ya|por\s+fin|finalmente|hoy|otra\s+vez|de\s+nuevo)\s+(?:se\s+|nos\s+|me\s+)?(?:{_DAILY_ES})\b"
    rf"|\b(?:{_DAILY_ES})\s+(?:[\w'’-]+\s+){{0,3}}?(?:sol[oa]|solit[oa]|por\s+primera\s+vez|"
    r"otra\s+vez|de\s+nuevo|toda\s+la\s+noche|sin\s+ayuda|algo|nada|tod[oa]|un\s+poco|"
    r"bien|mejor|poquito|desde\s+(?:el|la|que|ayer|anoche))\b"
    r"|\bse\s+comi[oó]\b"
    r"|\bno\s+(?:ha\s+)?(?:quiso|quiere|querido|pudo|puede|podido)\s+(?:comer|cenar|desayunar|"
    r"almorzar|beber|tomar\s+nada|dormir|caminar|hablar)\b"
    r"|\bnos\s+reconoci[oó]\b"
)
# What someone in a bed asks for, and the rites and visits of spiritual care: "keeps
# hitting the call light", "asked for a chaplain visit", "he asked for communion", "the
# priest gave my grandfather last rites", "pide una cobija", "le di la unción al enfermo".
_BEDSIDE = (
    r"\b(?:hitting|hits|hit|pressing|presses|pressed|pushing|pushed|ringing|rang|rings|on)\s+"
    r"(?:the\s+|(?:his|her)\s+)?call\s+(?:light|button|bell)\b"
    r"|\b(?:ask|asks|asked|asking|wants|wanted|requested|requests|begging|calling)\s+(?:me\s+|us\s+)?"
    r"(?:for\s+)?(?:some\s+|more\s+|a\s+|an\s+|the\s+|his\s+|her\s+)?(?:warm\s+|extra\s+)?"
    r"(?:water|ice\s+chips|blankets?|pillows?|pain\s+(?:meds|medicine|medication|pills)|"
    r"something\s+for\s+(?:the\s+)?pain|bedpan|nurse|chaplain(?:\s+visit)?|priest|rabbi|imam|"
    r"pastor|bible|quran|koran|rosary|communion|last\s+rites|sacrament|dentures|hearing\s+aids?)\b"
    r"|\b(?:chaplain|priest|pastor|rabbi|imam)\s+(?:visit\s+list|visits?\s+(?:him|her|with))\b"
    r"|\b(?:chaplain|priest|pastor|rabbi|imam)\s+(?:visited|gave|prayed\s+with|anointed|blessed)\s+"
    r"(?!(?:every|all|each|the\s+(?:staff|unit|floor|nurses|team))\b)"
    r"|\b(?:last\s+rites|anointing\s+of\s+the\s+sick|anointed\s+(?:him|her)|"
    r"(?:gave|give|giving|brought|bring)\s+(?:him|her)\s+communion)\b"
    r"|\b(?:unci[oó]n|extremaunci[oó]n|santos\s+[oó]leos|la\s+comuni[oó]n\s+(?:a|al)|"
    r"confesarse|(?:le|lo|la)\s+visit[oó]\s+el\s+(?:capell[aá]n|padre|sacerdote|pastor))\b"
    r"|\b(?:pide|pidi[oó]|pidiendo|quiere|quer[ií]a)\s+(?:que\s+(?:lo|la|le)\s+visit\w+\s+(?:el\s+|un\s+)?|"
    r"(?:un|una|el|la|al|su|sus|m[aá]s)\s+)?(?:agua|hielo|cobijas?|mantas?|almohadas?|calmantes?|"
    r"algo\s+para\s+el\s+dolor|capell[aá]n|sacerdote|padre|pastor|comuni[oó]n|biblia|rosario|"
    r"ver\s+(?:a|al)\s+(?:padre|cura|sacerdote|capell[aá]n|pastor)|"
    r"enfermer[oa]|cuña|pato)\b"
)
# What a chart note or a report says without a verb of being: "A.W., 16, brought in by
# school staff", "stable after the fall", "arrived via EMS", "the baby born last night";
# what comes off or out as care ends ("took the cast off", "no more tubes", "pulled his NG
# tube"); what is new in someone ("her new hip"); staff thanked for someone's care ("the
# nurses who took care of my nana"); news of someone ("updates on dad"); a patient's
# relative ("pt's daughter"); and who the person in the news is ("her brother is the guy
# from the crash").
_NOTED = (
    r"\b(?:brought|rushed|carried|wheeled)\s+in\b"
    r"|\barrived\s+(?:via|by|in\s+an?)\s+(?:ems|ambulance|medics?|helicopter|med\s*flight|"
    r"private\s+vehicle|car|police)\b"
    r"|\bborn\s+(?:last|this|yesterday|early|overnight|at\s+\d|on\s+\w+day|prematurely|"
    r"premature|at\s+\d+\s+weeks|here|today|tonight)\b"
    r"|\bfound\s+down\b|\bseen\s+in\s+(?:triage|the\s+er|the\s+ed|fast\s+track)\b"
    r"|\bsent\s+(?:to|for)\s+(?:x-?ray|imaging|ct|mri|radiology|ortho|surgery|the\s+floor)\b"
    r"|\b(?:stable|critical|serious|guarded|comfortable|afebrile|alert|awake|intubated)\s+"
    r"(?:after|following|since|overnight|post-?op|this\s+morning|on\s+arrival)\b"
    r"|\b(?:\w+\s+)?consult\s+(?:for|on|placed|requested|ordered|pending)\b"
    r"|\b(?:took|take|taking|taken|pulled|pull|pulling|came|come|coming|got|get|getting|had)\s+"
    r"(?:(?:the|his|her|their|a|an|all)\s+)?(?:[\w-]+\s+)?(?:cast|stitches|staples|tubes?|"
    r"drains?|iv|catheter|foley|bandages?|dressings?|brace|splint|sling|boot|collar|lines?|picc|"
    r"trach|oxygen)\s+(?:off|out)\b"
    r"|\b(?:cast|stitches|staples|tubes?|drains?|iv|catheter|foley|bandages?|brace|splint|sling|"
    r"boot|collar)\s+(?:came|come|comes|are|is|were|was|got|get|gets)\s+(?:\w+\s+)?(?:off|out)\b"
    r"|\bno\s+more\s+(?:tubes|oxygen|ivs?|fluids|meds|stitches|dialysis|chemo|vent|ventilator|"
    r"monitors|wires|pain\s+meds|feeding\s+tube)\b"
    r"|\b(?:pulled|pulls|pulling|yanked|removed)\s+(?:out\s+)?(?:his|her|their)\s+(?:[\w-]+\s+)?"
    r"(?:tube|line|iv|catheter|foley|drain|picc)\b"
    rf"|\b{_POSSESSIVE}\s+(?:new|replaced|artificial|titanium|fake|bionic|rebuilt|donor)\s+"
    rf"(?:{_ORGAN}|pacemaker|valve|liver|heart|lung|kidney)\b"
    r"|\b(?:took|take|taking|taken|takes)\s+(?:\w+\s+){0,2}?care\s+of\s+(?:my|our|his|her|your)\s"
    r"|\b(?:cared|caring)\s+for\s+(?:my|our|his|her|your)\s"
    r"|\b(?:looked|looking)\s+after\s+(?:my|our|his|her|your)\s"
    r"|\bsaved\s+(?:my|our|his|her|your)\s+(?:[\w'’-]+['’]s\s+)?life\b"
    r"|\bupdates?\s+(?:on|about|regarding)\b"
    r"|\b(?:novedades|noticias|actualizaci[oó]n(?:es)?)\s+(?:de|sobre)\s+(?:mi|su|tu|nuestr[oa]|"
    r"don|doña|el\s+señor|la\s+señora)\b"
    rf"|\b(?:pt|patient)['’]s\s+(?:{_KIN_EN})\b"
    r"|\b(?:is|was|['’]s)\s+the\s+(?:[\w'’-]+\s+)?(?:guy|man|woman|lady|boy|girl|kid|driver|"
    r"cyclist|person|one|victim|teen|teenager|biker|rider|pedestrian|passenger)\s+(?:from|in|on)\s+"
    r"(?:the|that|this)\s+(?:[\w'’-]+\s+)?(?:crash|accident|video|clip|fire|shooting|wreck|"
    r"pileup|pile-up|fight|stabbing|incident|tiktok|photo|post|news|explosion|collapse)\b"
    r"|\b(?:es|era)\s+(?:el|la)\s+(?:[\w'’-]+\s+)?(?:señor|señora|joven|muchach[oa]|chic[oa]|"
    r"hombre|mujer|niñ[oa]|conductor[a]?|ciclista|motociclista)\s+(?:del|de\s+la)\s+(?:video|foto|"
    r"accidente|choque|incendio|pelea|balacera|tiroteo|noticia)\b"
)
# Daily living and moving about as care: "needs help getting to the bathroom", "can't dress
# herself", "they're turning him every two hours", "up and walking the halls".
_ADL = (
    r"bathroom|toilet|commode|bedpan|shower|showering|bath|bathe|bathing|wash|washing|"
    r"dress|dressed|dressing|eat|eating|feed|feeding|food|walk|walking|stand|standing|"
    r"bed|chair|teeth|cup|hair|pee|go|sit\s+up|turn|roll"
)
_LIVING_EN = (
    r"\b(?:needs?|needed|needing|requires?|required)\s+(?:\w+\s+){0,2}?(?:help|assistance|"
    rf"assist|people|a\s+hand)\s+(?:\w+\s+){{0,3}}?(?:{_ADL})\b"
    r"|\bhelp(?:ed|s|ing)?\s+(?:him|her|my\s+\w+|his\s+\w+|her\s+\w+)\s+(?:to\s+)?(?:into|onto|"
    r"out\s+of|up|shower|bathe|eat|dress|walk|stand|get\s+up|to\s+the\s+bathroom|with\s+(?:his|her))\b"
    r"|\b(?:dress|dressed|dressing|feed|feeding|fed|bathe|bathed|bathing|wash|washed|washing|"
    r"clean|cleaned|cleaning|toilet\w*|turn|turned|turning|reposition\w*|lift|lifted|lifting|"
    r"change|changed|changing|restrain\w*|calm\w*)\s+(?:him|her)(?:self)?\b(?!\s+(?:up\s+for|for\s+(?:the|a)\s+(?:gala|event|interview|party|wedding)))"
    r"|\b(?:brush\w*|wash\w*)\s+(?:his|her)\s+(?:own\s+)?(?:teeth|hair|face)\b"
    r"|\b(?:hair|teeth)\s+(?:washed|brushed|done)\b"
    r"|\b(?:wet|soiled)\s+(?:the|his|her)\s+bed\b|\b(?:his|her)\s+(?:bath|shower|sponge\s+bath)\b"
    r"|\b(?:using|uses|used|use)\s+the\s+(?:toilet|bathroom|commode)\s+(?:on\s+(?:his|her)\s+own|"
    r"by\s+(?:him|her)self|alone|again|without)\b"
    r"|\btoo\s+weak\s+to\b|\b(?:fall|seizure|aspiration|bleeding|suicide)\s+precautions\b"
    r"|\b(?:bed|chair)\s+alarm\b|\bup\s+and\s+(?:walking|about|moving)\b"
    r"|\b(?:walk\w*|laps?)\s+(?:the|around\s+the)\s+(?:halls?|hallway|unit|floor)\s+(?:again|today|"
    r"twice|\w+\s+times|on\s+(?:his|her)\s+own|with\s+(?:a|the|his|her)\s+(?:walker|cane|therapist|pt|"
    r"iv\s+pole))\b"
    r"|\b(?:climbed|climbing|did|doing)\s+(?:the\s+)?stairs\s+(?:in|with)\s+(?:therapy|pt|the\s+therapist)\b"
    r"|\b(?:pt|ot|therapy|the\s+therapists?)\s+(?:got|gets|had|has|worked|works|working)\s+"
    r"(?:with\s+)?(?:him|her)\b"
    r"|\b(?:can['’]t|cannot|can\s+not|couldn['’]t|unable\s+to)\s+(?:feel|move|lift|bend|"
    r"straighten)\s+(?:his|her|their)\s+(?:[\w-]+\s+)?(?:legs?|arms?|feet|foot|toes|fingers|hands?|"
    r"side|face)\b"
    r"|\bturning\s+(?:him|her)\s+every\b"
    r"|\b(?:needs?|needed|needing)\s+(?:someone|somebody|(?:a|the)\s+nurse|an\s+aide|the\s+aides?|"
    r"two\s+\w+)\s+to\s+(?:help|feed|lift|turn|wash|dress|move|hold|cut\s+up)\b"
    r"|\b(?:get|got|gets|getting)\s+dressed\s+(?:\w+\s+){0,2}?(?:without|by\s+(?:him|her)self|"
    r"on\s+(?:his|her)\s+own|alone)\b"
    r"|\bwithout\s+(?:the|his|her|a)\s+(?:crutches|walker|cane|oxygen|wheelchair|mask|brace|sling)\b"
    r"|\b(?:wobbly|unsteady|shaky)\s+on\s+(?:his|her|their)\s+feet\b"
    r"|\basking\s+where\s+(?:he|she)\s+is\b|\bmore\s+(?:him|her)self\b"
    r"|\b(?:isn['’]t|is\s+not|wasn['’]t|not)\s+making\s+(?:any\s+)?sense\b"
    r"|\b(?:hasn['’]t|has\s+not|hadn['’]t|only)\s+had\s+(?:a\s+)?(?:bite|bites|sips?|anything)\b"
    r"|\bthrough\s+(?:a|the|his|her)\s+(?:tube|line|iv|port|picc|needle)\b"
    r"|\b(?:appetite|strength|colou?r|voice|memory|speech)\s+(?:is\s+|['’]s\s+)?(?:slowly\s+)?"
    r"(?:coming|came)\s+back\b"
    r"|\bsounds?\s+(?:rattly|wheezy|congested|hoarse|raspy|wet|junky)\b|\ballergic\s+to\b"
    r"|\b(?:surgery|operation|procedure|x-?ray|scan|mri|biopsy|cast)\s+on\s+(?:(?:my|his|her|your|our)\s+)?"
    r"(?<![\w'’-])[\w'’-]+['’]s\b"
    r"|\b(?:sleep\w*|slept|sit|sits|sitting|sat|stay\w*)\s+(?:next\s+to|beside|by)\s+(?:him|her|grandpa|"
    r"grandma|mom|dad|nana|my\s+\w+)\b"
    r"|\ballowed\s+to\s+(?:see|visit)\s+(?:him|her)\b"
    r"|\b(?:keep|keeping|kept)\s+(?:grandpa|grandma|mom|dad|nana|my\s+\w+)\s+comfortable\b"
    r"|\b(?:maybe|only|just)\s+(?:a\s+)?(?:few\s+)?(?:days?|hours?|weeks?)\s+(?:left|to\s+live)\b"
    r"|\b(?:said|say|saying)\s+(?:our|their|my|his|her)?\s*goodbyes?\s+to\b"
    r"|\b(?:had|delivered)\s+(?:her|their)\s+(?:baby|twins|son|daughter)\b"
    r"|\blost\s+(?:a\s+lot\s+of\s+|so\s+much\s+|too\s+much\s+)?blood\b"
    r"|\b(?:watching|watch|watched)\s+(?:him|her|my\s+\w+)\s+(?:around\s+the\s+clock|24/7|constantly|"
    r"all\s+night)\b"
    r"|\b(?:needs?|needed|needing|requires?)\s+(?:\w+\s+)?(?:help|assistance)\s+(?:with\s+)?"
    r"(?:every|all|each|his|her)\s+(?:meals?|transfers?|toileting|hygiene|grooming|care)\b"
    r"|\bhelp(?:ed|s|ing)?\s+(?:him|her)\s+(?:pull|get|put|sit|roll|move|go|brush|comb|change|"
    r"pee|use|hold|drink|swallow)\b"
    r"|\b(?:can['’]t|cannot|couldn['’]t|unable\s+to)\s+(?:\w+\s+){0,2}?(?:get\s+to|make\s+it\s+to|"
    r"reach|use)\s+the\s+(?:bathroom|toilet|commode)\b"
    r"|\b(?:comb\w*|shav\w*|brush\w*|wash\w*)\s+(?:his|her)\s+(?:own\s+)?(?:hair|teeth|legs|face|beard)\b"
    r"|\b(?:put|putting|bear|bearing|puts)\s+(?:any\s+|full\s+|some\s+|no\s+)?weight\s+on\b"
    r"|\bedge\s+of\s+the\s+bed\b|\bsit-to-stand\b"
    r"|\b(?:leg|legs|arm|arms|foot|feet|head|hand)\s+elevated\b"
    r"|\b(?:doesn['’]t|does\s+not|didn['’]t|did\s+not)\s+know\s+(?:what\s+(?:year|day|month)|"
    r"where\s+(?:he|she)\s+is|who\s+(?:i|we)\s+(?:am|are|was|were))\b"
    r"|\bwon['’]t\s+(?:let\s+go\s+of\s+my\s+hand|touch\s+(?:his|her)\s+(?:tray|food|dinner|lunch|"
    r"breakfast|meals?))\b|\bpocket\w*\s+food\b"
)
# Symptoms, end of life, birth and mental-health holds said of someone.
_SIGNS_EN = (
    r"\b(?:breathing|breathes)\s+(?:fast|shallow|hard|heavy|harder|funny|strange|irregular)\b"
    r"|\bworking\s+(?:hard\s+)?to\s+breathe\b|\b(?:trouble|struggling|struggles)\s+(?:to\s+)?breath\w*\b"
    r"|\bcough\w*\s+up\s+(?:blood|mucus|phlegm)\b|\b(?:lungs?|chest)\s+(?:sounds?|sounded)\s+(?:wet|bad|tight|clear)\b"
    r"|\b(?:passed|failed)\s+(?:his|her|the|a)\s+(?:breathing|swallow\w*|sbt)\s+(?:trial|test|study|eval\w*)\b"
    r"|\b(?:throwing|threw|throws)\s+up\b|\bvomit\w*\b|\bgrimac\w*\b"
    r"|\b(?:breathing|breath)\s+(?:has\s+|have\s+|is\s+)?(?:changed|changing|slowed|slowing)\b"
    r"|\bpauses\s+(?:between|in)\s+(?:(?:his|her|their)\s+)?breath\w*\b"
    r"|\b(?:nothing|anything)\s+by\s+mouth\b"
    r"|\b(?:stopped|isn['’]t|is\s+not|not|no\s+longer|barely)\s+responding\b"
    r"|\bresponding\s+to\s+(?:voices?|touch|pain|us|me|commands)\b"
    r"|\b(?:wore|wears|wearing)\s+off\b|\bmaxed\s+out\s+on\b|\bin\s+(?:agony|so\s+much\s+pain)\b"
    r"|\b(?:only\s+)?(?:ate|eaten|had)\s+(?:a\s+)?(?:two|three|a\s+few|a\s+couple)\s+(?:bites|sips|spoonfuls)\b"
    r"|\ballowed\s+(?:real|solid|regular)\s+food\b|\b(?:can|could)\s+(?:only\s+)?have\s+ice\s+chips\b"
    r"|\b(?:followed|following|follows)\s+commands\b|\boriented\s+(?:x|times)\s*\d|\bsundown\w*\b"
    r"|\b(?:pulling|pulled|pulls)\s+at\s+(?:his|her)\s+(?:lines|tubes|iv|gown)\b"
    r"|\b(?:couldn['’]t|can['’]t|could\s+not)\s+get\s+(?:a|an)\s+(?:line|iv)\s+in\b"
    r"|\b(?:drain|tube|line|picc|port|catheter|foley|ng\s+tube|g-tube)\s+(?:output|is\s+bothering|"
    r"came\s+out|fell\s+out|is\s+clogged|got\s+clogged|was\s+clogged)\b"
    r"|\b(?:his|her|their)\s+(?:drain|tube|line|picc|port|catheter|foley|iv|g-tube|ng\s+tube)\b"
    r"|\b(?:burns?|cuts?|wounds?|incisions?|stitches|sores?|scars?)\s+(?:on|in)\s+(?:his|her|their)\s+\w+\s+"
    r"(?:is|are|was|were)\s+(?:\w+\s+)?(?:healing|infected|closing|weeping|oozing|red|better|worse)\b"
    r"|\b(?:bandage|dressing|gauze)\s+(?:on\s+(?:his|her)\s+\w+\s+)?(?:is|was)\s+(?:soaked|bloody|"
    r"bleeding\s+through|changed)\b"
    r"|\b(?:showed|shows|found|revealed)\s+(?:\w+\s+){0,2}?(?:gallstones|a\s+mass|a\s+tumor|"
    r"a\s+clot|a\s+bleed|a\s+fracture|a\s+blockage|pneumonia|fluid)\b"
    r"|\b(?:came|come|comes)\s+back\s+(?:benign|malignant|negative|positive|normal|clear|abnormal|clean)\b"
    r"|\b(?:eeg|emg|psa|ekg|ecg|mri|ct|scans?|echo|tests?|biopsy|pathology|results?|ultrasound|"
    r"x-?rays?|cultures?|levels?)\s+(?:was|were|is|are|came\s+back|looked|looks)\s+(?:\w+\s+)?"
    r"(?:high|low|normal|abnormal|elevated|benign|clear|clean|fine|bad|good|worse|better)\b"
    # end of life
    r"|\b(?:actively\s+dying|comfort\s+(?:care|measures)|time\s+of\s+death|"
    r"withdraw\w*\s+(?:care|support|life\s+support|treatment)|hours\s+to\s+days|days\s+to\s+weeks|"
    r"organ\s+(?:donor|donation|procurement)|called\s+(?:us|the\s+family|everyone)\s+in|"
    r"went\s+peacefully|passed\s+peacefully|last\s+breath|(?:no|full)\s+code|dnr)\b"
    r"|\b(?:we|they|i)\s+lost\s+(?:him|her|my\s+\w+|our\s+\w+)\b"
    r"|\b(?:making|made|make)\s+(?:him|her)\s+(?:comfort\s+care|dnr|hospice|no\s+code)\b"
    # birth
    r"|\b(?:water|waters)\s+(?:broke|has\s+broken|breaking)\b|\b\d+\s*(?:cm|centimeters)\s+dilated\b"
    r"|\b(?:baby|babies|twins|triplets|little\s+one)\s+(?:came|arrived|was\s+born|were\s+born|is\s+here)\b"
    r"|\b(?:started|is|['’]s)\s+pushing\b(?!\s+(?:for|back|the|our|a|to))"
    r"|\blost\s+(?:the|their)\s+(?:baby|pregnancy)\b|\b(?:baby['’]s|fetal)\s+heart\s*(?:beat|rate)\b"
    r"|\b(?:bleeding|hemorrhag\w*)\s+after\s+(?:the\s+)?(?:delivery|birth|c-section)\b"
    r"|\binduc(?:e|ed|ing)\s+(?:her|labou?r)\b"
    # mental-health holds and watches
    r"|\b(?:sectioned|pink-?slipped|involuntarily\s+(?:committed|admitted|held)|committed\s+"
    r"(?:involuntarily|to\s+(?:the\s+)?psych\w*)|suicide\s+watch|one-to-one\s+sitter|"
    r"on\s+a\s+(?:5150|hold|72-hour\s+hold|section\s+\d+)|evaluat\w+\s+(?:him|her)\s+for\s+a\s+hold|"
    r"(?:took|taken|take)\s+(?:his|her)\s+(?:belt|shoelaces|laces))\b"
    r"|\bwith\s+a\s+(?:one-to-one\s+)?sitter\b"
    r"|\b(?:pain|headache|fever|nausea|cough|bleeding)\s+(?:hasn['’]t|has\s+not|won['’]t|isn['’]t)\s+"
    r"(?:let\s+up|stopped|gone\s+away|eased|broken|budged)\b"
    r"|\b(?:incision|wound|cut|burn|stitches|scar)\s+(?:burns|hurts|stings|itches|aches|throbs)\b"
    r"|\b(?:meds?|medicine|medication|pain\s+meds)\s+(?:aren['’]t|isn['’]t|are\s+not|is\s+not)\s+"
    r"(?:touching|helping|working)\b"
    r"|\b(?:can['’]t|cannot|couldn['’]t)\s+catch\s+(?:his|her|their)\s+breath\b|\bhelp\s+breathing\b"
    r"|\b(?:pack\w*|clean\w*|chang\w*|dress\w*|debrid\w*|irrigat\w*|stitch\w*|glu\w*|stapl\w*)\s+"
    r"(?:the|a|his|her)\s+(?:wound|dressing|burn|cut|incision|sore|laceration|bandage)\s+(?:on|in)\s+"
    r"(?:his|her|their|(?:(?:my|your|our)\s+)?(?<![\w'’-])[\w'’-]+['’]s)\b"
    r"|\bnothing\s+(?:more|else)\s+(?:they|we|the\s+doctors?|anyone)\s+can\s+do\s+for\b"
    r"|\bletting\s+(?:him|her)\s+go\b|\b(?:hospice|palliative(?:\s+care)?|comfort\s+care)\s+team\b"
    r"|\b(?:danger|threat)\s+to\s+(?:him|her)self\b|\bheld\s+involuntarily\b"
    r"|\b(?:took|taken|take|taking)\s+(?:away\s+)?(?:his|her)\s+(?:[\w'’-]+\s+){0,4}?(?:belt|shoelaces|"
    r"laces|drawstrings?)\b"
    r"|\bevaluat\w+\s+(?:[\w'’-]+\s+){0,2}?for\s+a\s+(?:hold|section|psych\w*)\b"
    r"|\b(?:can|could|may)\s+(?:leave|go\s+home)\s+(?:once|when|after|as\s+soon\s+as|if)\b"
    r"|\ballowed\s+(?:in|back)\s+(?:right\s+now|now|to\s+see|yet|with)\b"
    r"|\b(?:came|come|showed\s+up|brought|stopped\s+by|dropped\s+by|flew|drove)\s+(?:[\w'’-]+\s+){0,4}?"
    r"to\s+(?:see|visit|sing\s+to|pray\s+with|sit\s+with|be\s+with)\s+(?:him|her)\b"
)
# Injuries told by how they happened: "was shot in the leg", "choked on a piece of steak".
_CAUSE_EN = (
    r"\b(?:was|were|got|gets|been|being|is|['’]s)\s+(?:\w+ly\s+|just\s+)?(?:shot|stabbed|"
    r"hit\s+by|struck\s+by|run\s+over|electrocuted|mauled|bitten|kicked\s+by|trampled|"
    r"attacked|assaulted|beaten|scalded|thrown\s+from|ejected|crushed|pinned|impaled|gored|"
    r"stung|poisoned|knocked\s+(?:out|down|unconscious)|hit\s+(?:in|on)\s+the)\b"
    r"|\b(?:choked|choking)\s+on\b|\b(?:nearly|almost)\s+drowned\b|\bdrowned\b"
    r"|\bcrashed\s+(?:his|her|their)\s+(?:\w+\s+)?(?:car|bike|motorcycle|truck|moped|scooter|atv)\b"
    r"|\bfell\s+(?:through|off|from|down)\s+(?:the|a|his|her)\s+(?:ice|ladder|roof|stairs|"
    r"horse|bike|scaffold\w*|bleachers|balcony|bed|tree|trampoline|porch|deck)\b"
    r"|\b(?:was|were|been)\s+in\s+(?:a|the)\s+(?:[\w-]+\s+){0,2}?(?:crash|wreck|accident|collision|"
    r"fight|shooting|fire|explosion)\b"
    r"|\b(?:got|get|gets|was|were|been)\s+(?:\w+ly\s+)?(?:bit|hurt|injured)\s+(?:by|at|in|on|during|while|"
    r"playing)\b"
    r"|\bhit\s+(?:his|her|their)\s+head\b|\bslipped\s+(?:on|in)\s+(?:the|a|some)\b"
    r"|\bgot\s+(?:his|her|their)\s+\w+\s+(?:caught|stuck|crushed|slammed)\b"
    r"|\b(?:burned|burnt|cut|hurt|injured|scalded|stabbed|shot)\s+(?:him|her)self\b"
)
_FACTS_EN: tuple[tuple[str, str], ...] = (
    (rf"\b(?:{_STATE_EN})\b", "a state of care or condition"),
    (
        r"\b(?:is|are|was|were|['’]s|been|be|being|remains?|remained|stays?|stayed|seem(?:s|ed)?|"
        r"looks?|looked|appears?|listed\s+as|became|feels?|felt|feeling|getting|got|"
        r"doing|now|still)\s+(?:\w+ly\s+|still\s+|now\s+|so\s+|very\s+|pretty\s+|a\s+bit\s+|"
        r"a\s+little\s+|much\s+|far\s+|not\s+|no\s+longer\s+|quite\s+|in\s+|listed\s+as\s+|"
        r"way\s+|even\s+|a\s+lot\s+|lots\s+|so\s+much\s+|somewhat\s+|doing\s+|getting\s+|"
        rf"feeling\s+|back\s+|more\s+|less\s+){{0,3}}(?:{_CONDITION_ADJ})\b"
        r"(?!\s+(?:with|to|at|about|if|that|for\s+(?:us|the|a|our)|news|job|work|question|"
        r"point|idea|enough\s+to\s+(?:speak|talk|comment))\b)",
        "a condition",
    ),
    (_PLACED.pattern, "a place of care"),
    (
        rf"\b{_TAKES}\s+(?:{_FILLER}\s+){{0,3}}?(?:(?:rounds?|course|doses?|cycles?|sessions?|hours|days|weeks|months|years|"
        rf"bags?|units?|pints?)\s+of\s+)?(?:{_FILLER}\s+)?(?:{_TREATMENT})\b"
        # the treatment's own place or work: "ceiling lifts for the rehab gym"
        r"(?!\s+(?:gym|pool|garden|team|staff|equipment|supplies|training|class|budget)\b)",
        "a treatment or test",
    ),
    (
        rf"\b{_POSSESSIVE}\s+(?:[\w'’-]+\s+)?(?:{_TREATMENT}|{_CONDITION_NOUN}|repair|"
        r"reconstruction|fusion|removal|graft|resection|ablation|recovery|healing|"
        r"rehabilitation|transplant|implant|amputation)\b",
        "a treatment, test or condition",
    ),
    (
        rf"\b{_SUFFERS}\s+(?:{_FILLER}\s+){{0,3}}?(?:{_CONDITION_NOUN})\b",
        "a condition or injury",
    ),
    (
        r"\b(?:broke|broken|fractured|shattered|dislocated|sprained|twisted|tore|torn|"
        r"cracked|bruised|injured|hurt|cut|burned|burnt|crushed|punctured|collapsed)\s+"
        rf"(?:(?:his|her|their|a|an|the|two|three|several|both|multiple|left|right|\w+)\s+)"
        rf"{{0,2}}?(?:{_BODY})\b",
        "an injury",
    ),
    (_EVENT_EN, "an event of care"),
    (_MORE_EN, "an event of care"),
    (_DAILY_EN, "an everyday act told as news of a recovery"),
    (_BEDSIDE, "a bedside request or spiritual care"),
    (_NOTED, "a note of their care"),
    (_LIVING_EN, "help with daily living or moving about"),
    (_SIGNS_EN, "a symptom, a line or test, an end of life, a birth or a hold"),
    (_CAUSE_EN, "an injury and how it happened"),
)
_FACTS_ES: tuple[tuple[str, str], ...] = (
    (_SPANISH_FACT.pattern, "a fact of their care"),
    (_MORE_ES, "a fact of their care"),
    (_CLITIC_CARE, "care done to them"),
    (_DAILY_ES_FACT, "an everyday act told as news of a recovery"),
    (_CARE_ES, "help with daily living, a symptom, a visit, a birth, an end of life or an injury"),
)
# One pattern for every shape (compiled once: this is most of a first scan's cost); the
# named group that matched says which shape it was, for the finding's reason.
# Every shape starts at a word's edge, so the edge is tested once rather than by each shape
# in turn (a scan of hostile text takes about a third less time).
_FACT = compiled.compile(
    r"\b(?=[\w'’])(?:"
    + "|".join(f"(?P<f{i}>{p})" for i, (p, _) in enumerate((*_FACTS_EN, *_FACTS_ES)))
    + ")"
)
_FACT_WHAT = {f"f{i}": what for i, (_, what) in enumerate((*_FACTS_EN, *_FACTS_ES))}
# Shapes that name a kind of care rather than a person's: after a verb of work they are the
# staff's job ("coordinates the visits", "runs the sleep study lab").
_AT_WORK_GROUPS = {
    f"f{i}"
    for i, (p, _) in enumerate((*_FACTS_EN, *_FACTS_ES))
    if p in (_LIVING_EN, _SIGNS_EN, _CARE_ES, _SPANISH_FACT.pattern)
}

# The writer's own care, told with a verb of receiving it: "I had a seizure over the
# weekend", "I got my appendix out", "i'm on antibiotics for my kidney infection", "while I
# finish radiation", "me dieron de alta", "estuve internada cinco días". A place of care
# alone is not enough, nor a verb of giving care: staff write "I was in surgery all day",
# "I gave the morphine".
_SELF_CARE = (
    r"seizures?|strokes?|heart\s+attack|concussion|fractures?|pneumonia|covid(?:-19)?|the\s+flu|"
    r"flu|infections?|kidney\s+stones?|appendicitis|blood\s+clots?|surgery|stitches|staples|"
    r"(?:a\s+)?cast|c-section|miscarriage|biopsy|chemo\w*|radiation|dialysis|cancer|tumou?r|"
    r"migraines?|panic\s+attacks?|asthma\s+attack|allergic\s+reaction|antibiotics|steroids|"
    r"transfusion|transplant|pacemaker|stent|bypass|ct\s+scan|mri|colonoscopy|endoscopy|"
    r"physical\s+therapy|bed\s+rest|crutches|mono|sepsis|shingles|gallstones|hernia"
)
_SELF = compiled.compile(
    r"\b(?:i|i['’]m|im|i['’]ve|ive)\s+(?:just\s+|finally\s+|also\s+|still\s+|been\s+|now\s+)?"
    r"(?:had|got|have|having|getting|get|on|finish|finishing|finished|start|starting|started|"
    r"began|begin|recovering\s+from|diagnosed\s+with|caught|broke)\s+"
    r"(?:(?:a|an|my|some|the|two|three|another|more)\s+)?(?:[\w-]+\s+)?"
    rf"(?:{_SELF_CARE}|(?:left\s+|right\s+)?(?:{_BODY}))\b"
    r"|\bi\s+(?:just\s+|finally\s+)?(?:had|got|have|['’]m\s+having|am\s+having|getting)\s+my\s+"
    rf"(?:[\w-]+\s+)?(?:{_ORGAN})\s+(?:out|removed|taken\s+out|replaced|done|fixed|set|pinned|"
    r"scoped|drained|operated\s+on)\b"
    r"|\b(?:i|i['’]ve|ive)\s+(?:was|have\s+been|been|got|just\s+got)\s+(?:\w+\s+)?(?:admitted|"
    r"readmitted|hospitali[sz]ed|discharged|released\s+from\s+the\s+hospital)\b"
    r"|\b(?:me|nos)\s+(?:dieron\s+(?:de\s+alta|el\s+alta)|internaron|hospitalizaron|operaron|"
    r"ingresaron|intubaron|van\s+a\s+operar|operan|enyesaron|suturaron|trasfundieron)\b"
    r"|\bme\s+(?:pusieron|hicieron|sacaron|quitaron|recetaron|dieron)\s+"
    r"(?:(?:el|la|los|las|un|una|unos|unas|mi|mis)\s+)?(?:\w+\s+)?"
    rf"(?:{_CARE_NOUN_ES}|quimio\w*|radioterapia|cirug[ií]a|operaci[oó]n|antibi[oó]ticos?)\b"
    r"|\b(?:estuve|estoy|sigo|qued[eé])\s+(?:\w+\s+)?(?:internad[oa]|hospitalizad[oa]|"
    r"ingresad[oa]|operad[oa]|intubad[oa]|sedad[oa])\b"
)
# What puts the writer's care in doubt: "if I get admitted", "I've never had surgery".
_SELF_DOUBT = compiled.compile(
    r"\b(?:if|whether|when|in\s+case|unless|what\s+if|si|cuando|never|not|nunca|no)\b"
    r"|n['’]t\b"
)


# A medical record, chart or encounter number stands for the patient it was opened for,
# whatever the sentence says of it: "MRN 00482731 needs a new wristband", "Chart
# 5550-7712-3 was flagged", "No. de expediente 555-33108", "historia clínica HC-555-2049".
_NUMBER = r"[a-z]{0,4}-?\d[\d /.-]{2,}[\dx]\b"
_RECORD = compiled.compile(
    r"\b(?:mrn|mr\s*#|(?:medical|unit|health)\s+record(?:\s+(?:number|no\.?|#))?|charts?|"
    r"encounter|expediente(?:\s+cl[ií]nico)?|historia\s+cl[ií]nica|"
    r"(?:n[uú]mero|no\.?|n\.?º)\s+de\s+(?:expediente|historia(?:\s+cl[ií]nica)?|afiliad[oa]|"
    r"seguro\s+social|miembro)|"
    # a number the person is registered under: "ss# 555881043", "her social (555 44 1928)"
    r"ssn|ss\s*#|social\s+security(?:\s+(?:number|no\.?|#))?|social(?=\s*[:#]?\s*\d{3})|member|(?:his|her|their|my|your|the\s+"
    r"patient['’]s)\s+social|seguro\s+social|member\s+(?:id|#|number)|medicaid\s+(?:id|number))"
    # ... and whose: "el número de expediente de mi papá es ...", "the MRN for my father is"
    r"(?:\s+(?:de|del|for|of)\s+(?:(?:mi|su|tu|my|his|her|the|el|la)\s+)?[\w'’-]+)?"
    r"(?:\s*(?:#|no\.?|number|n[uú]mero)\s*[:#]?\s*|\s*[:#]\s*|\s+)"
    rf"(?:is\s+|es\s+|was\s+)?\(?#?{_NUMBER}"
)
# Saying that nothing is said: "we cannot confirm whether...", "no podemos confirmar si...".
_REFUSAL = compiled.compile(
    r"(?:\b(?:we|i|i['’]m|we['’]re|riverside(?:\s+general)?|the\s+hospital|hospital|"
    r"our\s+[\w-]+|staff|and|or|"
    r"privacy\s+(?:law|rules)|hipaa|law|policy)\s+(?:[\w'’-]+\s+){0,2}?|\bno\s+(?:information|"
    r"details|comment|names?|updates?|specifics)\b[^.;!?]{0,40}?|\b(?=no\s|nunca|not\s+our|"
    r"not\s+appropriate|it\s+is\s+not))"
    r"\b(?:cannot|can['’]t|can\s+not|unable\s+to|not\s+able\s+to|won['’]t|will\s+not|do\s+not|"
    r"don['’]t|does\s+not|doesn['’]t|never|neither|not\s+appropriate|not\s+our\s+practice|"
    r"(?:aren['’]t|isn['’]t|am\s+not|are\s+not)\s+(?:able|allowed|permitted|authori[sz]ed)\s+to|"
    r"not\s+at\s+liberty\s+to|no\s+puedo|no\s+debo|no\s+debemos|"
    r"no\s+(?:estoy|estamos)\s+(?:autorizad[oa]s?|en\s+condiciones)|"
    r"no\s+(?:tengo|tenemos)\s+permitido|no\s+(?:me|nos|le)\s+corresponde|"
    r"not\s+in\s+a\s+position\s+to|declined\s+to|declines\s+to|refused\s+to|"
    r"not\s+(?:allowed|permitted|authori[sz]ed)\s+to|prevents?\s+us\s+from|bars?\s+us\s+from|"
    r"no\s+podemos|no\s+poder|no\s+nos\s+es\s+posible|keeps?\s+us\s+from|kept\s+us\s+from|"
    r"no\s+vamos\s+a|no\s+compartimos|no\s+hacemos|no\s+confirmamos|nunca|"
    r"no\s+(?:nos\s+)?(?:est[aá]\s+)?permit\w+|no\s+comentamos|no\s+damos|no\s+(?:es|está)\s+"
    r"posible)\b[^.;!?]{0,60}?\b(?:confirm|deny|share|discuss|comment|release|disclose|reveal|"
    r"provide|give|(?:say|saying|tell|telling)\s+(?:\w+\s+)?(?:whether|if|more|anything|much|"
    r"who|what|which|how|any)|let\s+(?:you|anyone|them|\w+)\s+know|informar|indicar|"
    r"(?:speak|talk|speaking|talking)\s+(?:about|to|on|with)|confirmar|negar|compartir|comentar|hablar|decir|"
    r"comentarios|compartimos|confirmamos|revelar|dar|informaci[oó]n|detalles|datos)"
    r"|\bno\s+(?:information|details|comment|names?|updates?|specifics)\b[^.;!?]{0,40}?"
    r"\b(?:will\s+be|is|are|can\s+be)\s+(?:released|shared|given|provided|disclosed)"
)
# Denying a report confirms nothing: "reports that a child died in our ER are false".
_DENIAL = compiled.compile(
    r"\b(?:reports?|rumou?rs?|claims?|posts?|allegations?|stories|story)\s+(?:\w+\s+){0,3}?"
    r"that\b.*\b(?:is|are|was|were)\s+(?:simply\s+|completely\s+|entirely\s+)?(?:false|untrue|"
    r"not\s+true|inaccurate|incorrect|baseless|unfounded|wrong)\b"
    r"|\b(?:es|son)\s+(?:completamente\s+)?(?:falso|falsa|falsos|falsas)\s+que\b"
    r"|\b(?:rumor(?:es)?|publicaci[oó]n(?:es)?|informes?|noticias?|versi[oó]n(?:es)?)\s+"
    r"(?:de\s+)?que\b.*\b(?:es|son)\s+"
    r"(?:falso|falsa|falsos|falsas|incorrect[oa]s?)\b"
)
_EXCEPT = compiled.compile(
    r"\b(?:except|other\s+than|aside\s+from|beyond\s+saying|excepto|salvo)\b"
)
# A condition: only what follows it (after the comma) is said of anyone.
_CONDITION = compiled.compile(
    r"^\s*(?:if|should|whether|in\s+case|unless|when|once|as\s+soon\s+as|si|cuando|"
    r"en\s+caso\s+de|una\s+vez\s+que|tan\s+pronto\s+como)\b"
)
_ABBREVIATION = compiled.compile(
    r"(?:\b(?:mr|mrs|ms|mx|dr|dra|sr|sra|srta|jr|st|pt|vs|no|approx|dept|prof|lic|ing|etc|"
    r"a\.m|p\.m|u\.s|e\.g|i\.e|ave|blvd|rd|apt|ste|bldg|fl|av|depto|dpto|tel|ext)|\b[a-z])$"
)
_LABEL = compiled.compile(r"\s*(?:[\w'’&/-]+\s+){0,3}[\w'’&/-]+\s*")
_BREAK = compiled.compile(
    r"[.!?;]+(?=\s|$)|\n|:\s|\s[—–-]+\s|—|\b(?:but|pero|however|sin\s+embargo|though|although|"
    r"aunque)\b"
)


def clauses(text: str) -> Iterator[tuple[int, int]]:
    """The spans of a (lower-cased) text's clauses; a full stop after "Dr" or an initial
    ends none, nor does the colon after a short label, which heads what follows it ("RT
    note: weaned to room air", "Para la visita domiciliaria: ... la casa de don Efraín")."""
    start = 0
    for m in _BREAK.finditer(text):
        if m.group().startswith(".") and _ABBREVIATION.search(
            text, max(0, m.start() - 6), m.start()
        ):
            continue
        if m.group().startswith(":") and _LABEL.fullmatch(text, start, m.start()):
            continue
        if m.start() > start:
            yield start, m.start()
        start = m.end()
    if start < len(text):
        yield start, len(text)


def individual_care(
    text: str,
    names: Sequence[tuple[int, int]] = (),
    staff_spans: Sequence[tuple[int, int]] = (),
    own_names: Sequence[tuple[int, int]] = (),
) -> Iterator[Finding]:
    """A care fact in a clause that is about someone in particular (`names`: the spans of
    names found in the text, which count as someone; `staff_spans`: where the staff are
    named, whose facts are their work; `own_names`: where the organisation is named, a
    place of care: "has been at Riverside for nine days")."""
    low = fold(text)
    for at, to in own_names:
        low = low[:at] + "hospital".ljust(to - at)[: to - at] + low[to:]
    low = _SERVICES.sub(lambda m: "#" * len(m.group()), low)  # read as no word
    names = [
        *names,
        *(
            span
            for span in proper_names(text)
            if not _inside(span, staff_spans) and not staff(text, *span)
        ),
    ]
    record = _RECORD.search(low)
    if record:
        yield Finding(
            "patient_status",
            *record.span(),
            text[record.start() : record.end()],
            "a record or registration number stands for its person (confirms a patient)",
        )
    for start, end in clauses(low):
        clause = low[start:end]
        refusal = _REFUSAL.search(clause)
        if (refusal and not _EXCEPT.search(clause, refusal.end())) or _DENIAL.search(clause):
            continue
        if _CONDITION.match(clause):
            # "If he keeps improving, he can go home tomorrow": what follows the condition
            # is said of someone. The condition itself speaks of someone only by name or
            # description ("If Tyrell wants visitors"): "if your loved one is admitted"
            # addresses anyone.
            comma = clause.find(",")
            found = _fact(text, low, start, start + max(comma, 0) or end, names, staff_spans, True)
            if found is None and comma >= 0:
                found = _fact(text, low, start + comma + 1, end, names, staff_spans)
        else:
            found = _fact(text, low, start, end, names, staff_spans)
            if found is None:
                found = _own_care(text, low, start, end)
        if found is not None:
            yield found


def _own_care(text: str, low: str, start: int, end: int) -> Finding | None:
    """The writer's own care in low[start:end], told with a verb of receiving it."""
    m = _SELF.search(low, start, end)
    if m is None or _SELF_DOUBT.search(low, start, m.start() + 3):
        return None
    at, to = m.span()
    return Finding(
        "patient_status",
        at,
        to,
        text[at:to],
        "tells something about the writer's own care or condition (confirms a patient)",
    )


def denied(low: str) -> bool:
    """Whether a lower-cased clause denies a report ("reports that... are false")."""
    return _DENIAL.search(low) is not None


def someone(low: str) -> bool:
    """Whether lower-cased text names someone by a relation or description."""
    return _INDIVIDUAL.search(low) is not None


def weak_someone(low: str) -> bool:
    """Whether lower-cased text holds a pronoun or "the patient"."""
    return _WEAK.search(low) is not None


def _inside(span: tuple[int, int], spans: Sequence[tuple[int, int]]) -> bool:
    return any(s < span[1] and span[0] < e for s, e in spans)


def _fact(
    text: str,
    low: str,
    start: int,
    end: int,
    names: Sequence[tuple[int, int]],
    staff_spans: Sequence[tuple[int, int]],
    strict: bool = False,
) -> Finding | None:
    """The first care fact in low[start:end] said of someone."""
    clause = low[start:end]
    strong = _strong(clause, start, end, names, staff_spans, strict)
    if _WHOEVER.match(clause) and not strong:
        return None
    if not strong and strict:
        return None
    groups = [] if strong else [m.span() for m in _GROUP.finditer(clause)]
    group = [at for at, _ in groups]
    weak = (
        []
        if strong
        else [
            m.start()
            for m in _WEAK.finditer(clause)
            if not any(at <= m.start() < to for at, to in groups)  # "cada paciente"
            and not (
                # a verb without its subject after "que" or a comma has the subject
                # named before it: "cualquier persona que crea que fue atendida", "Grace
                # Whitaker, directora de enfermería, presentó el programa" (but "dice la
                # enfermera que ya orina solo" reports someone else)
                _LINKED.match(m.group())
                and (
                    any(at < m.start() for at in group)
                    or (m.group().startswith("que") and clause[: m.start()].rstrip().endswith(","))
                    or (
                        m.group().startswith(",")
                        and (
                            _STAFF_WORDS.search(clause, 0, m.start()) is not None
                            or _staff_in(clause[: m.start()], start, staff_spans)
                        )
                    )
                )
            )
        ]
    )
    # "He's the new security supervisor and starts Monday in the ED": the pronoun is staff
    weak = [p for p in weak if not _PRONOUN_STAFF.match(clause, p)]
    if weak and _AS_STAFF.search(clause):
        weak = []  # "She transferred to the cardiac floor as a charge nurse"
    if weak and _staff_in(clause, start, staff_spans):
        speakers = {m.end() - len(m.group().split()[-1]) for m in _SPEAKER_PRONOUN.finditer(clause)}
        weak = [p for p in weak if p not in speakers]
    if not strong and not weak:
        return None
    for fact in _FACT.finditer(clause):
        at, to = start + fact.start(), start + fact.end()
        if any(s <= at < e for s, e in staff_spans):
            continue
        if (_PLACED.match(clause, fact.start()) or _PLACE_ES.match(clause, fact.start())) and (
            _WORK_BEFORE.search(clause, 0, fact.start())
            or _OTHERS_THERE.search(clause, 0, fact.start())
        ):
            continue
        if fact.lastgroup in _AT_WORK_GROUPS and _WORK_BEFORE.search(clause, 0, fact.start()):
            continue  # "she runs the sleep study lab", "ella coordina las visitas"
        if _OTHERS_SUBJECT.search(clause, 0, fact.start()):
            continue  # "Jenna Mills asked whether anyone was hurt"
        if _UNKNOWN.search(clause, 0, fact.start()):
            continue  # "I have no information on whether he's been admitted"
        if not strong and not _nearest_is_someone(fact.start(), weak, group):
            continue
        what = _FACT_WHAT.get(fact.lastgroup or "", "")
        return Finding(
            "patient_status",
            at,
            to,
            text[at:to],
            f"tells something about a specific person's care or condition ({what}; "
            "confirms a patient)",
        )
    return None


def _staff_in(clause: str, start: int, staff_spans: Sequence[tuple[int, int]]) -> bool:
    """Whether one of the staff is named or described in the clause."""
    end = start + len(clause)
    return any(start < e and s < end for s, e in staff_spans) or any(
        _STAFF_WORDS.search(m.group()) for m in _STAFF_MENTION.finditer(clause)
    )


_PRONOUN_STAFF = compiled.compile(
    r"(?:he|she|él|ella)(?:['’]s|\s+(?:is|was|es|era|will\s+be|ser[aá]|has\s+been))\s+"
    r"(?!(?:in\s+with|with|seeing|back\s+with|being\s+seen)\b)"
    r"(?:been\s+|now\s+|also\s+)?(?:(?:our|the|a|an|nuestr[oa]|el|la|un|una)\s+)?"
    r"(?:[\w'’-]+\s+){0,3}?" + _STAFF_WORDS.pattern
)
# Someone's role on the staff said in passing: "as a charge nurse", "como enfermera".
_AS_STAFF = compiled.compile(
    r"\b(?:as|como)\s+(?:(?:a|an|the|our|un|una|el|la|nuestr[oa])\s+)?(?:[\w'’-]+\s+){0,2}?"
    + _STAFF_WORDS.pattern
)
# A Spanish place of care entered or stayed in, which at work is staff's: "lleva diez años
# trabajando en terapia intensiva".
_PLACE_ES = compiled.compile(r"(?:en|a|al|desde|hacia|para|por|del?)\s")
_LINKED = compiled.compile(r",|que\b|cuando\b|donde\b|porque\b|mientras\b|pues\b")
_STAFF_MENTION = compiled.compile(
    r"\b(?:our|the|a|el|la|nuestr[oa])\s+(?:[\w'’-]+\s+){0,2}?[\w'’-]+\b|^\s*[\w'’-]+"
)


def _nearest_is_someone(at: int, weak: list[int], group: list[int]) -> bool:
    """Whether the person a fact is said of, the nearest mention before it (else after
    it), is someone rather than people in general: "she's still unconscious, and no one
    can say more" is about her; "every patient is checked when he is admitted" is not."""
    # at one place, "he or she" is people in general rather than "he"
    before = [(p, 1) for p in weak if p <= at] + [(p, 2) for p in group if p <= at]
    if before:
        return max(before)[1] == 1
    after = [(p, 1) for p in weak] + [(-p, 2) for p in group]
    return bool(after) and min(after, key=lambda x: (abs(x[0]), -x[1]))[1] == 1


def _strong(
    clause: str,
    start: int,
    end: int,
    names: Sequence[tuple[int, int]],
    staff_spans: Sequence[tuple[int, int]] = (),
    strict: bool = False,
) -> bool:
    """A name, a relation or a description of someone (`strict`: not "your relative",
    which in a condition addresses anyone)."""
    if any(s < end and start < e for s, e in names):
        return True
    for m in _INDIVIDUAL.finditer(clause):
        if (
            _STAFF_WORDS.search(m.group())
            or _SOCIAL_WORK.match(clause, m.end())
            or any(s <= start + m.start() < e for s, e in staff_spans)
        ):
            continue
        if m.group().startswith("their") and _GROUP.search(clause, 0, m.start()):
            continue  # "Many families ask when their loved ones can go home"
        if not (strict and m.group().startswith(("your", "you", "su ", "tu "))):
            return True
    return False


_SOCIAL_WORK = compiled.compile(r"\s+social\b")  # "la trabajadora social"
# Whoever is meant, by a clause that opens on it: "Quien reciba sedación necesita que alguien
# lo lleve a casa", "Whoever is discharged after dark gets a cab voucher".
_WHOEVER = compiled.compile(r"\s*(?:quien|quienes|quienquiera|whoever|anyone\s+who|those\s+who)\b")
# Services named after patients: "patient relations", "atención al paciente".
_SERVICES = compiled.compile(
    r"\bpatient\s+(?:portal|relations|experience|safety|advocates?|rights|privacy|advisory|"
    r"council|board|committee|population|volume|surveys?|education|transport|access|flow|"
    r"registration|stories|voices|partners|ambassadors?|representatives?|and\s+family|"
    r"services|navigators?|information|support|liaisons?|financial\s+services|"
    r"satisfaction|lines?|hotline|care\s+(?:line|team\s+line))\b"
    r"|\b(?:atenci[oó]n|derechos|portal|seguridad|experiencia|defensor[ía]*|oficina|"
    r"servicios?|l[ií]nea|relaciones)\s+(?:al|del|con\s+el|de\s+los)\s+paciente\b"
)
# Two or three capitalised words where at least one is a first name or no everyday word
# ("Oluwaseun Adebayo", "Bayarmaa Ganbold"); a quoted nickname ("'Tiny' Marquez"); a
# Spanish nickname after its article ("La Chata"); a first name opening a clause and
# followed by its verb ("Faith came through the surgery").
_CAPITALISED = compiled.compile(
    r"\b([A-ZÁÉÍÓÚÑ][a-záéíóúñ'’-]+)(?:\s+[A-Z]\.)?\s+([A-ZÁÉÍÓÚÑ][a-záéíóúñ'’-]+)"
    r"(?:\s+([A-ZÁÉÍÓÚÑ][a-záéíóúñ'’-]+))?"
)
# A quoted nickname, not the name of a thing: "our therapy dog, 'Biscuit'", "the 'Night
# Owls' volunteer group".
_NICKNAME = compiled.compile(
    r"[\"“'‘]([A-ZÁÉÍÓÚÑ][\w .'’-]{1,20}?)[\"”'’](?!\w)"
    r"(?!\s+(?:group|program|programme|team|campaign|initiative|fund|award|wing|unit|room|"
    r"event|run|walk|sign|banner|poster|slogan|policy|club|show|podcast|account|page))"
)
_THING_BEFORE = compiled.compile(
    r"\b(?:the|our|a|an|dog|cat|pet|called|named|titled|hashtag|word|sign|says|reads)"
    r"[\s,\"“'‘]*$",
    re.I,
)
# Where a capitalised name is a place: "transferred to Beth Israel", "seen at Mass General".
_PLACE_BEFORE = compiled.compile(
    r"\b(?:(?:transferred|taken|sent|flown|moved|airlifted|rushed|brought|driven|transported|"
    r"went|go|going|gone|admitted|referred|trasladad[oa]|llevad[oa]|enviad[oa])\s+(?:to|a|al)|"
    r"at|from|into|near|toward|towards|via|en|desde)\s+$",
    re.I,
)


def place_named(text: str, start: int) -> bool:
    """Whether a name starting at `start` follows a word that makes it a place."""
    return _PLACE_BEFORE.search(text, max(0, start - 20), start) is not None


_ARTICLE_NICKNAME = compiled.compile(r"\b(?:El|La|el|la)\s+([A-ZÁÉÍÓÚÑ][a-záéíóúñ]{2,})\b")
_FIRST_SUBJECT = compiled.compile(
    r"(?:^|[.!?;]\s+)([A-Z][a-z]+)\s+(?:is|was|has|had|came|went|got|gets|will|remains|"
    r"stayed|left|needs|needed|sigue|est[aá]|fue|tuvo|sali[oó]|lleg[oó]|ingres[oó])\b"
)
_NOT_A_PERSON = compiled.compile(
    r"^(?:hospital|general|medical|center|centre|clinic|health|emergency|department|unit|"
    r"street|avenue|road|policy|press|media|relations|patient|patients|nurse|doctor|dr|dra|"
    r"the|our|we|riverside|boston|quincy|massachusetts|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|january|february|march|april|may|june|july|august|september|"
    r"october|november|december|english|spanish|icu|er|ed|room|bed|floor|north|south|east|"
    r"west|facebook|instagram|twitter|tiktok|reddit|youtube|google|cruz|roja|unidad|"
    r"sala|centro|calle|avenida|doctora|doctor|enfermera|enfermero|hospitalario|"
    r"pol[ií]tica|prensa|urgencias|emergencias|god|dios|lord|señor|jesus)$"
)


def proper_names(text: str) -> list[tuple[int, int]]:
    """Spans that read as someone's name though no name list knows them."""
    found = []
    for m in _CAPITALISED.finditer(text):
        words = [w for w in m.groups() if w]
        if any(_NOT_A_PERSON.match(w.casefold()) for w in words):
            continue
        if _THING_BEFORE.search(text, max(0, m.start() - 20), m.start()):
            continue
        if place_named(text, m.start()):
            continue  # "transferred to Beth Israel": a place
        if any(lexicon.is_first_name(w) or _rare(w) for w in words) and not all(
            lexicon.is_everyday(w, lexicon.FAMILIAR) and not lexicon.is_first_name(w) for w in words
        ):
            found.append(m.span())
    for pattern in (_NICKNAME, _ARTICLE_NICKNAME, _FIRST_SUBJECT):
        for m in pattern.finditer(text):
            word = m.group(1)
            if pattern is _NICKNAME and _THING_BEFORE.search(text, 0, m.start()):
                continue
            if _NOT_A_PERSON.match(word.casefold().split()[0]):
                continue
            if pattern is _FIRST_SUBJECT and not lexicon.is_first_name(word):
                continue
            if pattern is _ARTICLE_NICKNAME and not _rare(word):
                continue
            found.append(m.span(1))
    return found


def _rare(word: str) -> bool:
    return (
        lexicon.frequency(word) < lexicon.FAMILIAR
        and lexicon.spanish_frequency(word) < lexicon.COMMON_SPANISH
    )
