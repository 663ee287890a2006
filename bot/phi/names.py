"""People's names.

A capitalised word is a name when the words around it say so: a title ("Mrs. Patel",
"la señora Quintana", "don Ernesto"), a greeting or direct address ("Thanks, Tom," "Hi
Priya"), a surname after a first name, a possessive, "the Yamamoto family", "los Tapia",
or, for a word that is a first name and not also everyday English, capitalisation in the
middle of a sentence. Everyday words that are also first names ("Will", "May", "Hope",
"Grace") need a title, a greeting, a surname, or words after them that describe a person.

Beyond that:
- letters of every Latin alphabet count (Øyvind Løkken, Żaneta Wójcik, Kaʻiulani), and a
  family name written before the given name is taken in (Đặng Văn Minh, Nguyễn Thị Lan);
- a relation names the person after it ("her son Abel", "su hija Lupita"), and so does a
  Spanish request or report about someone ("Dígale a Xóchitl", "Atendimos a ...");
- capitalised words no word list knows, or everyday words and months used as first names,
  are a name when what follows describes a person: "Will is still in the ICU", "June and
  her twins", "Kaʻiulani Makoa is awake", "Amaru Quispe Mamani's cousin";
- a nickname in quotes, when the sentence uses it for a person ("goes by "Tata"", "ask
  'Coach D'", ""Smiley": he's out of surgery", "a "la Chata"", ""Big Mike"");
- initials with an age ("J.R., 67," "K.L. (54)", "R.M., de 91 años") or after "patient";
- names written in lower case: a first name and a family name ("kenji watanabe"), or a
  name after a title ("la señora carmen ibarra").
Not names: programme and code names in quotes ("Código Rosa", "Manos Amigas"), a word
before a number ("Bay 3"), a town after "in" or "en", and the organisation's own staff
in any spelling: with or without accents or capitals, after any title, and after "Mr."
or "Ms." when the title fits the staff member ("Mr. O'Neill" for Kevin O'Neill; "Mrs.
O'Neill" may be anyone's mother).
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterator, Sequence

from bot.phi import context, lexicon
from bot.phi.compiled import compile as compile_pattern
from bot.phi.model import Finding, Org, lazy, longest_first


def _letters() -> tuple[str, str]:
    """Upper- and lower-case letters of the Latin alphabets, as character-class contents;
    the ʻokina of Hawaiian names counts as a lower-case letter."""
    upper: list[str] = []
    lower: list[str] = []
    for code in itertools.chain(range(0x41, 0x250), range(0x1E00, 0x1F00)):
        char = chr(code)
        if char.isupper():
            upper.append(char)
        elif char.islower():
            lower.append(char)
    return _ranges(upper), _ranges(lower) + "ʻ"


def _ranges(chars: list[str]) -> str:
    runs: list[list[int]] = []
    for code in map(ord, chars):
        if runs and code == runs[-1][1] + 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in runs)


_UP, _LOW = _letters()
# Any letter of those alphabets, in few ranges (a short class compiles much faster):
# A-Z, a-z, Latin-1 without × and ÷, Latin Extended-A and -B, Latin Extended Additional.
_LETTER = "[A-Za-zªµºÀ-ÖØ-öø-ɏḀ-ỿʻ]"
_WORD = rf"[{_UP}]{_LETTER}*(?:['’][{_UP}]{_LETTER}+)?(?:-{_LETTER}+)?"
_LOWER_WORD = rf"[{_LOW}]{_LETTER}*(?:['’][{_LOW}]{_LETTER}+)?(?:-[{_LOW}]{_LETTER}+)?"
_BEFORE_WORD = r"(?<![\w@#/.'’-])"
_TOKEN = lazy(rf"{_BEFORE_WORD}{_WORD}(?![\w@])")
_RUN = lazy(rf"{_BEFORE_WORD}{_WORD}(?:[ \t]+{_WORD}){{0,3}}(?![\w@])")
_AFTER_LOWER = r"(?![\w@]|['’](?!s\b))"  # "ortiz's" but not "don't"
_LOWER_TOKEN = lazy(rf"{_BEFORE_WORD}{_LOWER_WORD}{_AFTER_LOWER}")
_ABBREVIATED_TITLES = r"Mr|Mrs|Ms|Miss|Mx|Dr|Dra|Prof|Rev|Fr|Sr|Sra|Srta|Capt|Sgt|Lt|Det|Atty|Hon"
_WORD_TITLES = (
    r"Professor|Reverend|Father|Sister|Brother|Captain|Sergeant|Officer|Detective|Judge|"
    r"Rabbi|Pastor|Imam|Nurse|Coach|Lieutenant|Chief|Doctor|Deacon|Bishop|Senator|Mayor|"
    r"Councilor|Councillor|Representative|Governor|Auntie|Aunt|Uncle|Grandma|Grandpa|Nana|"
    r"(?i:señora|señorita|señor|doña|don|doctora|enfermera|enfermero|licenciada|licenciado)"
)
_TITLE = lazy(
    rf"\b(?:(?:{_ABBREVIATED_TITLES})\.?|(?:{_WORD_TITLES}))"
    rf"(?:\s+(?:and|&)\s+(?:{_ABBREVIATED_TITLES})\.?)?\s+({_WORD}(?:\s+{_WORD}){{0,2}})(?!\w)"
)
_GREETING = lazy(
    r"\b(?i:hi|hello|hey|dear|thanks|thank you|thank u|thx|congrats|congratulations|"
    r"good (?:morning|afternoon|evening|night)|sorry|welcome(?: back)?|bye|goodbye|cheers|"
    r"happy birthday|hugs|love you|miss you|get well soon|best wishes|well done|bravo|"
    r"hola|buenos días|buenas tardes|buenas noches|gracias|muchas gracias|querida|querido|"
    r"estimada|estimado|felicidades|bienvenida|bienvenido|que te mejores|cuídate)"
    rf"(?:\s+to)?\s*,?\s+({_WORD})(?![\w'’])"
)
_VOCATIVE_START = lazy(
    rf"(?:^|[.!?]\s+|\n)({_WORD}),\s+(?i:we|you|thank|thanks|please|sorry|i|it|our|this|that|"
    r"your|welcome|good|great|so|just|glad|happy|how|what|hope|gracias|lo|le|te|por|"
    r"estamos|queremos|nos|su|tu|qué)\b"
)
_VOCATIVE_END = lazy(rf",\s+({_WORD})\s*(?:[.!?]|$)")
_FAMILY = lazy(
    rf"\b(?i:the)\s+({_WORD})\s+(?:family|families|household|twins|children|kids|brothers|"
    r"sisters|couple|estate)\b"
)
# "la familia Tapia", "los Tapia agradecen": a Spanish family name takes no plural.
_FAMILIA = lazy(rf"\b(?i:(?:la|las|su)\s+familias?|los|las)\s+({_WORD})(?![\w'’-])")
_SENTENCE_END = lazy(r"(?:^|[.!?:;\"“”(\n•–—-]|\s-)\s*$")
_VERB_AFTER = lazy(
    r"(?:['’]s\b|\s+(?:is|was|has|had|and|said|says|told|came|went|will|would|posted|wrote|"
    r"called|asked|left|died|passed|did|does|shared|got|gets|needs|wants|made|sent|tagged|"
    r"started|thanked|mentioned|replied|commented|claims|claimed|"
    r"ya|está|estaba|sigue|seguía|fue|tiene|tenía|dijo|dice|llamó|pidió|escribió|publicó|"
    r"salió|llegó|quiere|necesita|pregunta|preguntó|agradece|agradeció|falleció|murió|"
    r"continúa)\b)"
)
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    r"enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|"
    r"noviembre|diciembre"
)
_NOT_NAMES_EVER = (
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|lunes|martes|miércoles|jueves|viernes|"
    r"sábado|domingo|christmas|easter|thanksgiving|halloween|navidad|pascua|"
    r"hanukkah|passover|ramadan|eid|facebook|instagram|tiktok|twitter|youtube|linkedin|reddit|"
    r"snapchat|threads|bluesky|nextdoor|yelp|google|whatsapp|slack|gofundme|substack|pinterest|"
    r"tumblr|mastodon|discord|telegram|signal|messenger|zoom|teams|x|hipaa|god|jesus|lord|allah|"
    r"dios|señor|señora|virgen|santa|santo|san|saint|"
    # languages by their own names, as an interpreter service lists them
    r"tiếng|việt|kreyòl|ayisyen|português|español|français|deutsch|tagalog|polski|"
    r"street|avenue|road|lane|drive|court|way|place|hill|ave|st|rd|dr|ln|ct|calle|avenida"
)
_NOT_NAMES = lazy(rf"{_MONTHS}|{_NOT_NAMES_EVER}")
_NEVER_A_NAME = lazy(_NOT_NAMES_EVER)
_VERY_COMMON = 100_000
_FUNCTION_WORD = 1_000_000  # "the", "you", "can", "will": as names they need a title
_INTERJECTIONS = lazy(
    r"ok|okay|hi|hey|hello|dear|thanks|thank|welcome|congrats|congratulations|cheers|good|"
    r"happy|please|ah|uh|ha|ya|oh|yes|no|well|sorry|so|now|sure|per|de|hola|gracias|sí|"
    r"bueno|buenos|buenas|felicidades|bienvenido|bienvenida|bienvenidos"
)
# Words after which a capitalised run is an institution, a place or an event, not a person.
_INSTITUTION = lazy(
    r"(?:['’]s)?\s+(?:Jr\.?\s+Day|Children['’]s|Hospital|Medical|Health|Healthcare|Clinic|Center|Centre|General|Memorial|"
    r"University|College|School|Foundation|Institute|Pavilion|Wing|Building|Hall|Chapel|"
    r"Church|Street|St\b|Avenue|Ave\b|Road|Rd\b|Lane|Drive|Way|Park|Fund|Award|Award|House|"
    r"Library|Unit|Department|Program|Society|Association|Week|Day|Month|Act|Law|Syndrome|"
    r"Disease|Corps|Company|Inc|LLC|County|City|Town|Project|Network|Alliance|Coalition|"
    r"Trust|Partners|Group|Team|Line|Lifeline|Hotline|Series|Lecture|Scholarship|Prize|"
    r"Challenge|Initiative|Campaign|Collaborative|Institute|Services|Shelter|Pantry|"
    # a town's public services: "Quincy PD", "Chelsea Fire", "Revere EMS"
    r"PD|FD|EMS|Police|Fire|Sheriff)\b"
)
# ... and before which, in Spanish: "Fundación Esperanza", "Clínica Santa Fe".
_INSTITUTION_BEFORE = lazy(
    r"\b(?:Fundación|Hospital|Clínica|Centro|Programa|Proyecto|Escuela|Colegio|Universidad|"
    r"Iglesia|Parroquia|Calle|Avenida|Plaza|Parque|Barrio|Colonia|Premio|Sala|Unidad|"
    r"Pabellón|Edificio|Torre|Instituto|Asociación|Fondo|Casa|Residencia)\s+$"
)
_NEXT_WORD = lazy(rf"\s({_WORD})(?![\w@])")
_NEXT_CAPITALISED = lazy(rf"\s+{_WORD}")
_NEXT_LOWERCASE = lazy(rf"\s+[{_LOW}]")
_NUMBER_AFTER = lazy(r"[ \t]+#?\d")  # "Bay 3", "Room 418": a place's label
_POSSESSIVE = lazy(r"['’]s\b")
_WORD_TITLE = lazy(rf"(?:{_WORD_TITLES})\b")
_ABBREVIATED_TITLE = lazy(rf"(?:{_ABBREVIATED_TITLES})")
_UPPER, _LOWER = re.compile(r"[A-Z]"), re.compile(r"[a-z]")
_ROLE = lazy(
    r"(?i:practitioners?|educators?|emerit(?:us|a)|managers?|supervisors?|navigators?|"
    r"specialists?|assistants?|aides?|residents?|leaders?|directors?|officers?|executives?|"
    r"champions?|liaisons?|anesthetists?|midwi(?:fe|ves)|associates?|administrators?|"
    r"coordinators?|technicians?|technologists?|consultants?|advocates?|partners?|"
    r"informaticists?|educators?|interns?|fellows?|students?|volunteers?|hospitals?|"
    r"schools?|[a-z]+(?:ology|ologist|ologists|ician|icians))"
)
_PLACE_BEFORE = lazy(
    r"\b(?:in|from|near|of|outside|around|to|en|de|desde|cerca\s+de|hacia|para)\s+$", re.I
)
_PLACE_PREFIX = lazy(r"(?:\b(?:St|Saint|Mount|Mt|Lake|Fort|Port|Cape|San|Santa|Los|Las)\.?\s+)$")
# Words before a capitalised run that make it a thing, not a person: "the Will", "our June".
_DETERMINER_BEFORE = lazy(
    r"\b(?i:the|a|an|our|this|that|these|those|el|la|los|las|un|una|este|esta|nuestro|"
    r"nuestra|del|al)\s+$"
)

# What follows a name and describes a person: their condition, where they are in the
# hospital, going home, "and her twins". Everyday words, months and words no list knows
# are names before these ("Will is still in the ICU", "Kaʻiulani Makoa is awake").
_STATE_EN = (
    r"(?:recovering|resting|awake|asleep|stable|sedated|conscious|unconscious|intubated|"
    r"comfortable|improving|discharged|admitted|hospitali[sz]ed|transferred|released|"
    r"home(?!\s+(?:to|of|for)\b)|"
    r"in\s+(?:the\s+)?(?:(?:cardiac|pulmonary|physical|stroke|burn|trauma|pediatric|peds|neuro|"
    r"surgical|psych|inpatient|step-?down)\s+)?"
    r"(?:icu|er|nicu|picu|hospital|surgery|recovery|rehab|observation|"
    r"intensive\s+care|emergency\s+(?:room|department)|a\s+coma|"
    r"(?:critical|good|fair|serious|stable)\s+condition)|"
    r"out\s+of\s+(?:surgery|the\s+icu|danger|the\s+hospital|isolation)|"
    r"on\s+(?:a\s+|the\s+)?(?:ventilator|oxygen|dialysis|life\s+support)|"
    r"off\s+(?:the\s+)?(?:ventilator|vent|oxygen|o2|bipap|cpap)|"
    r"doing\s+(?:well|better|great|fine|okay|ok|much\s+better)|feeling\s+(?:better|well|fine)|"
    r"asking\s+(?:for|about)|going\s+home|"
    r"being\s+(?:treated|seen|monitored|observed|moved|kept|discharged|transferred)|"
    # taken in, moved, treated: "was brought in", "has been moved out of the ICU"
    r"(?:being\s+)?(?:brought|wheeled|rushed|flown|airlifted|taken|moved|transferred|"
    r"stabili[sz]ed|treated|seen|examined|evaluated|stitched|sutured|x-rayed|scanned|"
    r"operated|intubated|extubated|sedated|put|kept|placed|triaged|checked)\b(?:\s+(?:in|on|up|"
    r"out|into|to|upstairs|overnight|back)\b)?|"
    r"(?:getting|having|refusing|waiting|asking|crying|screaming|sleeping|vomiting|bleeding|"
    r"breathing|pulling|calling|yelling|eating|drinking|walking|talking|sitting\s+up|"
    r"responding|smiling|laughing)\b|"
    r"upstairs|downstairs|in\s+labou?r|in\s+(?:the\s+)?(?:cardiac|step-?down|trauma|"
    r"psych|burn|maternity|labou?r)\s+(?:unit|floor|ward|bay|room|er|icu))"
)
_PERSON_EN = (
    r"\s+(?:and\s+(?:her|his)\b|"
    r"(?:is|was|has\s+been|had\s+been|remains|remained|['’]s)\s+"
    rf"(?:(?:still|now|finally|already|currently|back|also)\s+)*{_STATE_EN}|"
    r"(?:went|goes|came|comes|got|gets|is\s+going|(?:will|can|could|should|may|might)\s+go)"
    r"\s+home|"
    r"woke\s+up|passed\s+away|"
    # a person's doings at the hospital: "came in overnight", "came through the surgery",
    # "got his cast on", "had her baby", "got stitched up", "keeps pulling his IV"
    r"(?:(?:finally|just|already|still|now|also|then)\s+)?(?:"
    r"(?:cried|smiled|laughed|screamed|yelled|waved|hugged|slept|ate|walked|fainted|"
    r"collapsed|coded|seized|woke|died|passed)\b|"
    r"(?:pulled|pulls|pulling|came|made\s+it)\s+through\b|(?:is\s+)?hanging\s+in\b|"
    r"(?:came|comes|coming)\s+(?:back\s+)?(?:in|through\s+(?:the\s+|her\s+|his\s+)?"
    r"(?:surgery|operation|procedure|night))|"
    r"(?:got|gets|had|has)\s+(?:his|her|their)\b|"
    r"(?:got|gets)\s+(?:brought|stitched|admitted|discharged|transferred|moved|checked|"
    r"seen|treated|sent|taken|x-rayed)|"
    r"(?:keeps|kept)\s+(?:asking|pulling|calling|crying|trying|saying)|"
    r"(?:wants|needs|asked\s+for|asks\s+for)\s+(?:his|her|their)\b|"
    r"(?:is|was)\s+(?:still\s+)?(?:asking|refusing|waiting|getting|having)\b))\b"
)
_STATE_ES = (
    r"(?:despiert[oa]|estable|dormid[oa]|sedad[oa]|internad[oa]|hospitalizad[oa]|"
    r"intubad[oa]|consciente|inconsciente|grave|delicad[oa]|mejor|recuperándose|descansando|"
    r"preguntando\s+por|fuera\s+de\s+peligro|de\s+alta|"
    r"en\s+(?:casa|cirugía|quirófano|observación|terapia\s+intensiva|cuidados\s+intensivos|"
    r"urgencias|recuperación|coma|la\s+sala|el\s+hospital|la\s+uci|la\s+habitación)|"
    # what keeps someone in a bed: "sigue con suero", "está con oxígeno"
    r"con\s+(?:el\s+)?(?:suero|oxígeno|fiebre|dolor|yeso|respirador|sonda|antibióticos|morfina|"
    r"calmantes|convulsiones|vómitos|diarrea|la\s+presión\s+(?:alta|baja)))"
)
_PERSON_ES = (
    r"\s+(?:(?:ya|todavía|aún|también)\s+)?(?:"
    r"(?:está|estaba|sigue|seguía|continúa|permanece|quedó|queda)\s+"
    rf"(?:(?:ya|muy|más|todavía|aún)\s+)?{_STATE_ES}|"
    r"salió|fue\s+dad[oa]\s+de\s+alta|"
    r"fue\s+(?:atendid[oa]|operad[oa]|trasladad[oa]|internad[oa]|ingresad[oa])|"
    r"despertó|se\s+recupera|se\s+está\s+recuperando|preguntó\s+por|pregunta\s+por|"
    r"se\s+fue\s+a\s+casa|y\s+sus?\s+(?:hij[oa]s?|niñ[oa]s?|bebés?|gemel[oa]s|esposo|esposa))"
    r"(?![\w])"
)
_SPEECH_EN = r"\s+(?:asked|asks|said|says|told|wrote|posted|called|thanked|replied)\b"
_SPEECH_ES = r"\s+(?:dijo|dice|llamó|escribió|publicó|pidió|agradece|agradeció)\b"
_KIN_EN = (
    r"(?:grand|step|great-grand)?(?:son|daughter|mother|father|mom|mum|dad|child|kid)s?|"
    r"wife|husband|sister|brother|aunt|uncle|niece|nephew|cousin|grandma|grandpa|"
    r"granddaughter|grandson|partner|fiancée?|boyfriend|girlfriend|baby|twin|sibling"
)
_KIN_ES = (
    r"hij[oa]|espos[oa]|marido|mamá|papá|madre|padre|herman[oa]|tí[oa]|sobrin[oa]|prim[oa]|"
    r"niet[oa]|abuel[oa]|novi[oa]|bebé|suegr[oa]|cuñad[oa]"
)
_PERSON_STATE = lazy(rf"{_PERSON_EN}|{_PERSON_ES}", re.I)
# A care fact after a name, not any doing: "..., a retired nurse manager, is recovering".
_CARE_AFTER = lazy(
    r"\s*,?\s+(?:is|was|has\s+been|had\s+been|remains|remained|['’]s)\s+"
    rf"(?:(?:still|now|finally|already|currently|back|also)\s+)*{_STATE_EN}|{_PERSON_ES}",
    re.I,
)
_PERSON_SPANISH = lazy(_PERSON_ES, re.I)
_PERSON_SPEECH = lazy(f"{_SPEECH_EN}|{_SPEECH_ES}")
_SPANISH_SPEECH = lazy(_SPEECH_ES)
_MONTH = lazy(_MONTHS)
_TIME_BEFORE = lazy(
    r"\b(?i:in|by|since|until|till|during|through|from|before|after|early|late|mid|"
    r"en|desde|hasta|durante|para|de|a\s+partir\s+de)\s+$"
)
_KIN_AFTER = lazy(rf"['’]s?\s+(?i:{_KIN_EN}|family|parents|caregiver|roommate|neighbou?r|friend)\b")
_KIN_BEFORE = lazy(
    rf"\b(?i:{_KIN_EN}|{_KIN_ES}|friend|amig[oa])\s*,?\s+(?:(?:de|of)\s+)?({_WORD}(?:\s+{_WORD}){{0,2}})"
)
# A Spanish request or report about someone: "Dígale a Xóchitl", "Atendimos a Rubén".
_SPANISH_CUE = lazy(
    r"\b(?i:d[ií]gale|d[ií]ganle|av[ií]sele|av[ií]senle|preg[uú]ntele|preg[uú]ntenle|"
    r"ll[aá]mele|ll[aá]menle|com[uú]nquese\s+con|atendimos|atendieron|trasladamos|"
    r"trasladaron|operamos|operaron|recibimos|internamos|ingresamos|dimos\s+de\s+alta\s+a|"
    r"visitamos|vimos|vieron|buscamos|buscan|trajeron|trajo|llevaron|internaron|"
    r"intubaron|sedaron|enyesaron|vendaron|cosieron)\s+(?:a\s+)?"
    rf"({_WORD}(?:\s+{_WORD}){{0,2}})"
)
# A nickname in quotes: what the quotes hold, and the words that use it for a person.
_QUOTED = lazy(
    r"(?:(?<=^)|(?<=[\s(\[]))([\"“‘'])"
    rf"((?:(?i:el|la)\s+|(?:Mr|Mrs|Ms|Miss|Dr|Sr|Sra)\.\s+)?{_WORD}(?:\s+{_WORD}){{0,2}})"
    r"[,.]?([\"”’'])(?![\w])"
)
_QUOTED_PHRASE = lazy(r"(?:(?<=^)|(?<=[\s(\[]))[\"“‘']([^\"“”‘’'\n]{1,60})[\"”’'](?!\w)")
# Words before a quoted name that address or speak of a person ("goes by", "ask"), and
# words that name anything ("known as", "called"), for which the quoted words must look
# like a name ("Tata", not "Code Blue").
_NICKNAME_CUE = lazy(
    r"(?:\b(?:goes|go|going|went)\s+by|\bnicknamed|"
    r"\bcall(?:s|ed)?\s+(?:him|her|himself|herself|me|them)|"
    r"\b(?:everyone|everybody|we|they|people|folks|friends|staff|nurses|the\s+\w+|all)\s+"
    r"(?:here\s+|all\s+|around\s+here\s+)?(?:calls?|called|knows?|knew)"
    r"(?:\s+(?:him|her)(?:\s+as)?)?|"
    r"\b(?:le|les)\s+(?:dicen|llaman|decimos)|"
    r"\baka|\ba\.k\.a\.|\bapodad[oa]|\b(?:le|les)\s+dicen|"
    r"\b(?:ask|tell|remind|thank|text|page|pregúntele|dígale|avísele|llámele))[\s,:]*$",
    re.I,
)
_NAMING_CUE = lazy(
    r"(?:\bknown\s+as|\balias|\bconocid[oa]\s+como|\bcall|"
    r"(?<!is )(?<!are )(?<!was )(?<!were )(?<!been )(?<!be )(?<!so-)\bcalled)[\s,:]*$",
    re.I,
)
_SPANISH_PERSONAL_A = lazy(r"\ba\s+$", re.I)
_SPANISH_PERSONAL_AL = lazy(r"(?:^|[\s,;:])(?:al|a\s+la|del|de\s+la)\s+$", re.I)
_PERSON_KNOWN_AS = lazy(
    rf"\b(?:he|she|him|her|his|who|{_KIN_EN}|guy|man|woman|lady|patient|pt|subject|"
    r"individual|male|female|person|friend|neighbou?r|"
    r"él|ella|quien|paciente|señora?|hombre|mujer)\b[^.;!?\"“]{0,40}\b(?:known|called|"
    r"nicknamed|conocid[oa]|apodad[oa]|llamad[oa])\b(?:\s+(?:to|by|por)\s+\w+)?\s*(?:as|como)?[\s,:]*$",
    re.I,
)
_FROM_PLACES = [
    lazy(rf"\s+(?:from|at|of|de|del)\s+(?:the\s+|la\s+|el\s+)?(?:[\w'’-]+\s+){{{n}}}[\w'’-]+(?=\s)")
    for n in range(3)
]
_PERSON_BEFORE_COMMA = lazy(
    r"\b(?:regular|guy|man|woman|lady|patient|friend|neighbou?r|cousin|uncle|aunt|brother|"
    r"sister|son|daughter|grandson|granddaughter|kid|boy|girl|teen|veteran|paciente|señora?|"
    r"hombre|mujer|vecin[oa]|amig[oa]|t[íi][oa]|prim[oa])\s*,\s*$",
    re.I,
)
_PRONOUN_AFTER = lazy(r"\s*[:,–—-]?\s*(?i:he|she|he['’]s|she['’]s|él|ella)\b")
# ... or theirs, after a comma: '"Mama T", her second round of dialysis went fine'
_POSSESSIVE_AFTER = lazy(r",\s*(?i:his|her)\s+(?!own\b)\w")
_NICKNAME_PREFIX = lazy(
    r"(?i:big|little|lil|baby|tiny|old|young|doc|coach|papa|mama|nana|tía|tío|tia|tio|"
    r"don|doña|miss|mister|uncle|auntie|abuela|abuelo)"
)
_ARTICLE = lazy(r"(?i:el|la|los|las|the|of|de|del|y|and|&)")
# Small words inside a title: "Stop the Bleed", "Cuidar con Amor".
_CONNECTOR = lazy(
    r"the|of|and|for|to|in|on|with|a|an|at|by|el|la|los|las|de|del|y|con|para|por|en|al|sin"
)
# Initials with an age: "J.R., 67," "K.L. (54)", "A.B., 8 y/o", "R.M., de 91 años".
_INITIALS = r"(?<![\w.])[A-Z]\.(?:\s?-?[A-Z]\.){1,3}"
_INITIALS_AGE = lazy(
    rf"({_INITIALS})(?:\s*,\s*|\s*\(\s*|\s+(?=(?i:aged?|edad)\s))"
    # ... and a sex before the age: "J.C.P., masculino de 45 años", "K.T., female, 51"
    r"(?:(?i:male|female|masculino|femenino|var[óo]n|mujer|hombre)\s*,?\s+)?"
    r"(?:(?i:aged?|edad|de)\s+)?\d{1,3}"
    r"(?:\s*(?i:y/?o|yo|yrs?|years?(?:\s+old)?|-year-old|años))?(?:\s?[MF]\b)?"
    r"\s*(?:[,);]|\.(?!\d)|$|(?=\s+(?i:came|was|is|were|had|has|left|arrived|admitted|"
    r"ingres[óo]|lleg[óo]|fue|est[áa])\b))"
)
_INITIALS_AGE_SEX = lazy(
    r"(?<![\w.])((?:[A-Z]\.){2,3}|[A-Z]{2,3})\s+\d{1,3}\s*(?:yo|y/o|y\.o\.)?\s*[MF]\b"
    r"|(?<![\w.])([A-Z]{2,3})\s+\d{1,3}\s*(?:yo|y/o|y\.o\.)\b"
)
_PATIENT_INITIALS = lazy(rf"\b(?i:pt|patient|paciente|pte)\.?\s+({_INITIALS})")
# Names in lower case: after a title, or a first name and a family name ("kenji watanabe").
_LOWER_TITLE = lazy(
    r"(?:\b(?:mr|mrs|ms|dr|sr|sra|srta|dra)\.?|\b(?:señora|señorita|señor|doña|don))"
    rf"\s+({_LOWER_WORD}){_AFTER_LOWER}"
)
_LOWER_KIN = lazy(
    rf"\b(?:{_KIN_EN}|{_KIN_ES}|ti[oa]|amig[oa]|friend|auntie|aunty|nana|granny|abuelita|abuelito|tita|tito)\s+(?:(?:de|of)\s+)?({_LOWER_WORD}){_AFTER_LOWER}"
)


def _tier_ok_alone(word: str) -> bool:
    """A first name that is not everyday English: capitalisation mid-sentence is enough."""
    return _is_first_name(word) and lexicon.frequency(word) < lexicon.COMMON


def _vocative(word: str) -> bool:
    """A first name that opens a sentence before a comma: "Mark, we hear you"."""
    return (
        lexicon.is_first_name(word)
        and lexicon.frequency(word) < _VERY_COMMON
        and not _INTERJECTIONS.fullmatch(word.casefold())
    )


def _plain(word: str) -> str:
    return word.title() if word.isupper() and len(word) > 1 else word


def _excluded(word: str) -> bool:
    """Never a person's name: months, platforms, states, words like "the", "you" or "su"."""
    return (
        bool(_NOT_NAMES.fullmatch(word.casefold()))
        or bool(_INTERJECTIONS.fullmatch(word.casefold()))
        or lexicon.frequency(word) >= _FUNCTION_WORD
        or lexicon.spanish_frequency(word) >= _FUNCTION_WORD
        or lexicon.is_state(word)
    )


def _spanish_phrase(first: str, second: str) -> bool:
    """Two everyday Spanish words, such as "Cruz Roja" or "Manos Amigas": a thing's name."""
    return (
        lexicon.spanish_frequency(first) >= lexicon.COMMON_SPANISH
        and lexicon.spanish_frequency(second) >= lexicon.COMMON_SPANISH
    )


def _surname_like(word: str) -> bool:
    """A capitalised word that can follow a first name as a surname."""
    word = _plain(word)
    if _excluded(word) or (word.isupper() and len(word) < 5):
        return False
    return lexicon.frequency(word) < lexicon.FAMILIAR or (
        lexicon.is_first_name(word) and lexicon.frequency(word) < lexicon.COMMON
    )


def _unknown(word: str) -> bool:
    """A capitalised word that no list knows as a word or a place: Makoa, Quispe, Kaʻiulani."""
    return not (
        word.isupper()
        or lexicon.is_everyday(word, lexicon.LEAST)
        or lexicon.spanish_frequency(word) >= lexicon.LEAST_SPANISH
        or lexicon.is_place(word)
        or _excluded(word)
    )


def _given(word: str) -> bool:
    """A word that can be someone's first name here: a known first name (months and words
    such as "Will" included, not "The" or "Su") or a word no list knows."""
    word = _plain(word)
    if _NEVER_A_NAME.fullmatch(word.casefold()) or _INTERJECTIONS.fullmatch(word.casefold()):
        return False
    if _excluded(word) and not (
        _MONTH.fullmatch(word.casefold()) or lexicon.is_english_wordlike_name(word)
    ):
        return False
    return _is_first_name(word) or _unknown(word)


def _addressable(word: str) -> bool:
    """A word after a greeting that is someone's name rather than "team" or "Editor"."""
    word = _plain(word)
    if _excluded(word):
        return False
    return lexicon.is_first_name(word) or (
        lexicon.frequency(word) < lexicon.FAMILIAR
        and lexicon.spanish_frequency(word) < lexicon.COMMON_SPANISH
    )


_MOST_SURNAMES = 4  # "María José García López de Haro" at most; the rest is not one name


def _extend(text: str, start: int, end: int, *, phrases: bool = True) -> int:
    """Take in surnames that follow a name (with `phrases`, not the second word of two
    everyday Spanish words: "Cruz Roja")."""
    first = text[start:end]
    for _ in range(_MOST_SURNAMES):  # a run of capitalised words is not one long name
        m = _NEXT_WORD.match(text, end)
        if m is None:
            break
        if not _surname_like(m.group(1)) or (phrases and _spanish_phrase(first, m.group(1))):
            break
        end = m.end()
    return end


_PREVIOUS_WORD = lazy(rf"{_BEFORE_WORD}({_WORD})[ \t]+$")


def _extend_back(text: str, start: int) -> int:
    """Take in a family name written before the given name ("Nguyễn Thị Lan"): up to two
    capitalised words that no list knows, right before it."""
    for _ in range(2):
        m = _PREVIOUS_WORD.search(text, max(0, start - 40), start)
        if m is None or not _unknown(m.group(1)) or _WORD_TITLE.fullmatch(m.group(1)):
            break
        start = m.start(1)
    return start


def _finding(text: str, start: int, end: int, reason: str) -> Finding | None:
    if _INSTITUTION.match(text, end) or _INSTITUTION_BEFORE.search(text, max(0, start - 14), start):
        return None
    return Finding("name", start, end, text[start:end], reason)


def names(text: str, org: Org) -> Iterator[Finding]:
    """People's names in the text, the organisation's named staff left out."""
    yield from found_names(text, org)


@functools.lru_cache(maxsize=8)
def found_names(text: str, org: Org) -> tuple[Finding, ...]:
    """`names`, kept for the text being scanned: the care check reads them too."""
    return tuple(_names(text, org))


def _names(text: str, org: Org) -> Iterator[Finding]:
    found: list[Finding | None] = []
    found += _titled(text)
    found += _addressed(text)
    found += _families(text)
    found += _first_names(text)
    found += _described(text)
    found += _related(text)
    found += _addressed_or_cared_for(text)
    found += _nicknames(text)
    found += _personal_a(text)
    found += _initials(text)
    found += _lower_case(text)
    found += _unknown_pairs(text)
    if not any(found):
        return
    things = _quoted_things(text)
    staff = _staff_spans(text, org.staff) + _staff_by_job(text)
    for f in found:
        if f is None or _inside(f, staff, _LEADING_TITLE.match(f.text)):
            continue
        if f.reason != _NICKNAME and _inside(f, things):
            continue
        yield f


def _titled(text: str) -> Iterator[Finding | None]:
    for m in _TITLE.finditer(text):
        first = m.group(1).split()[0]
        if _WORD_TITLE.match(m.group()) and (not _addressable(first) or _ROLE.fullmatch(first)):
            continue  # "Nurse Practitioner", "Professor Emeritus": a job, not a person
        if _excluded(first) or (first.isupper() and len(first) > 1):
            continue
        if m.group().startswith("don ") and not lexicon.is_first_name(first):
            continue  # "don PPE": to put on
        end = _extend(text, m.start(1), m.start(1) + len(first), phrases=False)
        yield _finding(text, m.start(), end, "a title followed by a name")


def _addressed(text: str) -> Iterator[Finding | None]:
    for pattern in (_GREETING, _VOCATIVE_START):
        for m in pattern.finditer(text):
            if _addressable(m.group(1)) and not _ABBREVIATED_TITLE.fullmatch(m.group(1)):
                if pattern is _VOCATIVE_START and not _vocative(m.group(1)):
                    continue
                if pattern is _VOCATIVE_START and _WORD_LIST_AFTER.match(text, m.end(1)):
                    continue  # "Faith, hope and love guide us": words in a list
                end = _extend(text, m.start(1), m.end(1))
                yield _finding(text, m.start(1), end, "someone addressed by name")
    for m in _VOCATIVE_END.finditer(text):
        if lexicon.is_first_name(m.group(1)) and not _excluded(m.group(1)):
            yield _finding(text, m.start(1), m.end(1), "someone addressed by name")


def _families(text: str) -> Iterator[Finding | None]:
    for m in _FAMILY.finditer(text):
        if lexicon.frequency(m.group(1)) < lexicon.FAMILIAR and not _excluded(m.group(1)):
            yield _finding(text, m.start(1), m.end(1), "a family name")
    for m in _FAMILIA.finditer(text):
        word = m.group(1)
        plural = "famili" not in m.group().casefold()  # "los Tapia", not "la familia Tapia"
        if (
            (plural and word.casefold().endswith("s"))  # "Los Angeles", "las Américas"
            or word.isupper()
            or lexicon.frequency(word) >= lexicon.FAMILIAR
            or lexicon.spanish_frequency(word) >= lexicon.COMMON_SPANISH
            or lexicon.is_place(word)
            or lexicon.is_place(f"{m.group().split()[0]} {word}")
            or _excluded(word)
            or _NUMBER_AFTER.match(text, m.end())
        ):
            continue
        yield _finding(text, m.start(1), m.end(1), "a family name")


def _first_names(text: str) -> Iterator[Finding | None]:
    """Known first names, capitalised, with their surnames."""
    shouting = len(_UPPER.findall(text)) > len(_LOWER.findall(text))
    for m in _TOKEN.finditer(text):
        word = m.group()
        if word.isupper() and (shouting or len(word) < 5):
            continue  # an acronym (ICU, NICU, HIPAA), or a shouted sentence
        word = _plain(word)
        if _excluded(word) or not _is_first_name(word):
            continue
        if _PLACE_PREFIX.search(text[max(0, m.start() - 8) : m.start()]):
            continue
        if lexicon.is_place(word) and _INSTITUTION.match(text, m.end()):
            continue  # "Quincy PD", "Chelsea Fire": the town's service
        end = _extend(text, m.start(), m.end())
        if end == m.end() and _NUMBER_AFTER.match(text, end):
            continue  # "Bay 3": a place in the building
        if (
            end == m.end()
            and lexicon.is_place(word)
            and (
                _NEXT_LOWERCASE.match(text, m.end())
                or _PLACE_BEFORE.search(text, max(0, m.start() - 12), m.start())
            )
        ):
            continue  # "our Lowell clinic", "lives in Quincy": the town, not a person
        if (
            end == m.end()
            and lexicon.is_place(word)
            and _in_list_of_towns(text, m.start(), m.end())
        ):
            continue  # "We serve Chelsea, Revere and Everett": towns, named in a list
        sentence_start = bool(_SENTENCE_END.search(text[max(0, m.start() - 3) : m.start()]))
        if end > m.end():
            if (
                lexicon.frequency(word) >= lexicon.COMMON
                and lexicon.frequency(text[m.end() : end].split()[0]) >= 300
            ):
                continue
            reason = "a first name and surname"
        elif _POSSESSIVE.match(text, m.end()) and lexicon.frequency(word) < lexicon.COMMON:
            reason = "a first name"
        elif (
            _tier_ok_alone(word)
            and not sentence_start
            and (family := _EVERYDAY_SURNAME.match(text, m.end())) is not None
            and not _excluded(_plain(family.group(1)))
            and not lexicon.is_place(f"{word} {family.group(1)}")
            and not _INSTITUTION.match(text, family.end())
            and not _INSTITUTION.match(text, m.end())
            and not _NEXT_CAPITALISED.match(text, family.end())
        ):
            # "Jordan Wells", "Tamika Price": a family name that is also a word
            end = family.end()
            reason = "a first name and surname"
        elif (
            not _tier_ok_alone(word)
            or _NEXT_CAPITALISED.match(text, m.end())
            or (
                sentence_start
                and not (
                    lexicon.frequency(word) < lexicon.FAMILIAR and _VERB_AFTER.match(text, m.end())
                )
            )
        ):
            continue
        else:
            reason = "a first name"
        yield _finding(text, _extend_back(text, m.start()), end, reason)


_HYPHENATED_GIVEN = lazy(rf"[{_UP}][{_LOW}]+-[{_LOW}]+")  # "Sun-hee", "Jae-won", "Thi-lan"


# After such a pair, what follows a person's name (not a thing's, as "Paxlovid Evusheld
# infusions"): a stop, a possessive, a verb, a description of their state.
_PERSON_AFTER_PAIR = lazy(
    rf"\s*(?:[,.;:!?)(–—]|$)|{_VERB_AFTER.pattern}|(?=\s+(?i:{_PERSON_EN}|{_PERSON_ES}))"
)


def _unknown_pairs(text: str) -> Iterator[Finding | None]:
    """Two capitalised words no list knows, side by side ("Aroha Ngata", "Tevita Fifita"),
    or a hyphenated given name before a family name ("Sun-hee Park"): a name from anywhere."""
    for m in _TOKEN.finditer(text):
        word = m.group()
        nxt = _NEXT_WORD.match(text, m.end())
        if nxt is None or not _unknown(word):
            continue
        family = _plain(nxt.group(1))
        if (
            _unknown(family)
            or _surname_like(family)
            or (_HYPHENATED_GIVEN.fullmatch(word) and not _excluded(family))
        ) and _PERSON_AFTER_PAIR.match(text, nxt.end()):
            yield _finding(text, m.start(), nxt.end(), "a name of two words no list knows")


_LIST_NEXT = lazy(rf"(?:,[ \t]*|[ \t]+)(?:(?:and|or|y|o|e|&)[ \t]+)?({_WORD})(?![\w@])")
_LIST_PREVIOUS = lazy(rf"{_BEFORE_WORD}({_WORD})(?:,[ \t]*|[ \t]+)(?:(?:and|or|y|o|e|&)[ \t]+)?$")


_JOINED = lazy(r",|\s(?:and|or|y|o|e|&)\s")


def _in_list_of_towns(text: str, start: int, end: int) -> bool:
    """Whether the word at start:end stands in a list beside a town that is no first name:
    "Chelsea, Revere, Everett", "Lynn, Malden and Medford", "Lynn, Salem y Peabody"."""
    neighbours = []
    for _ in range(4):  # along the list, at most four towns on
        after = _LIST_NEXT.match(text, end)
        if after is None or not _JOINED.search(after.group()):
            break
        neighbours.append(after.group(1))
        end = after.end()
    before = _LIST_PREVIOUS.search(text, max(0, start - 30), start)
    if before is not None and _JOINED.search(before.group()):
        neighbours.append(before.group(1))
    for word in neighbours:
        town = _plain(word)
        if not lexicon.is_place(town):
            return False
        if not lexicon.is_first_name(town):
            return True
    return False


def _described(text: str) -> Iterator[Finding | None]:
    """Capitalised words followed by what describes a person: "Will is still in the ICU",
    "June and her twins", "Kaʻiulani Makoa is awake", "Amaru Quispe Mamani's cousin",
    "Rich called again"; and a first name, even one that is also a word or a month,
    followed by family names no list knows ("Will Ferreira", "May Lindholm")."""
    for m in _RUN.finditer(text):
        words = list(re.finditer(r"\S+", m.group()))
        first = next((i for i, w in enumerate(words) if _given(w.group())), None)
        if first is None:
            continue
        start, end = m.start() + words[first].start(), m.end()
        head = _plain(words[first].group())
        rest = [_plain(w.group()) for w in words[first + 1 :]]
        if _ROOM_WORD.fullmatch(head):
            continue  # "Bay C is asking for her son": the bay, not a name
        if _DETERMINER_BEFORE.search(text, max(0, start - 12), start) and not (
            _unknown(head) and text[max(0, start - 5) : start].split()[-1:] in (["that"], ["a"])
        ):
            continue  # "the Will", "our June drive"; not "that Oluwaseun", "a Bayarmaa"
        if any(_excluded(w) or _ABBREVIATED_TITLE.fullmatch(w) for w in rest):
            continue
        if len(words) > first + 1 and _PUBLIC_SERVICE.fullmatch(words[-1].group()):
            continue  # "Quincy PD", "Revere Fire": a town's service
        if _INSTITUTION.match(text, end):
            continue
        known = lexicon.is_first_name(head)
        after = _ASIDE.match(
            text, end
        )  # "Aarav Kulkarni (the kid from ...) is", "Bill in bay 4 wants"
        at = after.end() if after else end
        state = (
            _PERSON_STATE.match(text, at)
            or _KIN_AFTER.match(text, end)
            or _KIN_AFTER.match(text, at)
            or _CARE_POSSESSION.match(text, end)
            or _APPOSITIVE_BORN.match(text, end)
        )
        speech = _PERSON_SPEECH.match(text, at)
        spanish = bool(_PERSON_SPANISH.match(text, at) or _SPANISH_SPEECH.match(text, at))
        opening = bool(_SENTENCE_END.search(text[max(0, start - 3) : start]))
        if (
            state
            and _MONTH.fullmatch(head.casefold())
            and not rest
            and _WEAK_DOING.match(text, end)
            and not _PERSON_CLAUSE.search(_clause(text, start, end).replace(m.group(), " "))
        ):
            continue  # "May came in like a lion": the month, unless the clause is someone's
        if (state or speech) and _subject(head, spanish):
            if speech and not state and not (known or (rest and all(map(_unknown, rest)))):
                continue  # "Narcan said": only names say things
            if not known and not rest and head.isascii() and opening:
                continue  # "Narcan is ...": one unknown word opening a sentence
            yield _finding(text, start, end, "a name: the words after it describe a person")
        elif known and rest and all(map(_unknown, rest)):
            if _MONTH.fullmatch(head.casefold()) and _TIME_BEFORE.search(text, 0, start):
                continue  # "in June Medicaid ...": the month
            yield _finding(text, start, end, "a first name and family names no list knows")
        elif (
            rest
            and _unknown(head)
            and all(map(_unknown, rest))
            and all(_foreign_looking(w) for w in (head, *rest))
            and _PERSON_CLAUSE.search(_clause(text, start, end).replace(m.group(), " "))
        ):
            # "Siddharth Ramaswamy", "Bayarmaa Ganbold": two or more capitalised words no
            # list knows, written as a name is
            yield _finding(text, start, end, "capitalised words no list knows, in a name's shape")
        elif _APPOSITIVE_PERSON.match(text, end) and (known or _unknown(head)):
            # "Rusty Banks, the bartender from the video, ..."
            yield _finding(text, start, end, "a name, then who the person is")


# After a name: who the person is ("Rusty Banks, the bartender from the fight video").
_PERSON_NOUNS = (
    r"(?:man|woman|boy|girl|teen|teenager|toddler|child|kid|baby|infant|guy|lady|gentleman|"
    r"mother|father|mom|dad|grandmother|grandfather|grandma|grandpa|son|daughter|wife|"
    r"husband|brother|sister|aunt|uncle|cousin|neighbou?r|friend|bartender|driver|teacher|"
    r"student|owner|cook|chef|worker|cyclist|pedestrian|passenger|runner|player|veteran|"
    r"resident|victim|customer|tenant|musician|singer|influencer|streamer|dj|firefighter|"
    r"mechanic|waitress|waiter|cashier|roofer|contractor|landlord|retiree|fan|motorcyclist|"
    r"skateboarder|hiker|swimmer|climber|construction\s+worker|delivery\s+driver)"
)
_APPOSITIVE_PERSON = lazy(
    rf",\s+(?i:the|a|an|our|his|her|their)\s+(?:[\w-]+\s+){{0,2}}?(?i:{_PERSON_NOUNS})"
    r"(?i:\s+(?:from|at|who|in|of|with|on|that)\b|\s*,)"
)
# A clause that speaks of someone: a pronoun, a relative, a care fact, a Spanish personal "a".
_PERSON_CLAUSE = lazy(
    r"\b(?:he|she|his|her|him|he['’]s|she['’]s|él|ella|su|sus|lo|la|le|les|"
    r"consult|surgery|appointment|list|bed|discharged|admitted|transferred|visitors?|family|"
    r"wife|husband|son|daughter|mother|father|mom|dad|sister|brother|er|icu|ambulance|"
    r"cita|cirug[íi]a|urgencias|familia|esposa|esposo|hij[oa]|mam[áa]|pap[áa]|"
    r"trajeron|llevaron|internaron|operaron|atendieron|habla|ingres[óo]|sali[óo]|"
    r"pain|fever|fall|fell|injur\w*|overnight|stitches|bleeding|stroke|labou?r|dolor|fiebre)\b"
    r"|(?:^|\s)a\s*$",
    re.I,
)
_CLAUSE_STOP = lazy(r"[.;!?\n]|,\s+(?:but|pero)\b")


def _clause(text: str, start: int, end: int) -> str:
    before = [m.end() for m in _CLAUSE_STOP.finditer(text, max(0, start - 120), start)]
    after = _CLAUSE_STOP.search(text, end, end + 120)
    return text[
        before[-1] if before else max(0, start - 120) : after.start() if after else end + 120
    ]


# Doings a month can do too ("May came in like a lion").
# Between a name and what describes the person: "(the kid from the bike accident)", "in bay 4".
_ASIDE = lazy(
    r"\s*\([^()]{1,60}\)|\s+(?:in|on|en|from|de)\s+(?:the\s+|la\s+|el\s+)?(?:(?:bay|bed|room|rm|"
    r"pod|cama|cuarto|habitaci[óo]n|cub[íi]culo)\s+\w{1,4}|\d{1,2}\s?(?:north|south|east|west|"
    r"[NSEW])|\d{1,2}[A-Z]{1,2}-\d{1,3})\b",
    re.I,
)
# A name's care things: "Summer's stitches came out", "Joy's surgery".
_CARE_POSSESSION = lazy(
    r"['’]s\s+(?i:stitches|cast|surgery|operation|procedure|scans?|x-rays?|labs?|biopsy|"
    r"results|fever|meds|medication|iv|discharge|room|bed|doctor|nurse|chart|wound|"
    r"incision|recovery|prognosis|diagnosis|treatment|chemo|dialysis|billing|bill|account|"
    r"visit|visits|appointment|stay|admission)\b"
)
# A name, then when the person was born: "Refugio Salas, nacida el 2 de mayo de 1939".
_APPOSITIVE_BORN = lazy(r",\s+(?:nacid[oa]|born|b\.|DOB|de\s+\d{1,3}\s+años|\d{1,3},)", re.I)
# Thoughts and prayers for someone: "Praying for little Joy", "oren por doña Chayo".
_PRAYING_FOR = lazy(
    r"\b(?i:praying\s+for|pray\s+for|prayers\s+(?:for|to)|thinking\s+of|thoughts\s+(?:are\s+)?"
    r"with|get\s+well(?:\s+soon)?|oren\s+por|oraciones\s+(?:por|para)|recen\s+por)"
    r"\s+(?i:(?:little|baby|sweet|dear|our|sweet\s+little|la\s+pequeña|el\s+pequeño|"
    r"auntie|uncle|grandma|grandpa)\s+)?"
    rf"({_WORD})"
)
# "Refugio Salas, nacida el 2 de mayo de 1939": two or three capitalised words, then a birth.
_NAME_THEN_BORN = lazy(
    rf"(?<![\w.])({_WORD}(?:\s+(?:de\s+|del\s+)?{_WORD}){{1,2}}),\s+(?i:nacid[oa]|born|b\.|dob)\b"
)
_ROOM_WORD = lazy(
    r"(?i:room|rm|bed|bay|pod|cubicle|trauma|resus|triage|unit|ward|wing|floor|suite|"
    r"cama|cuarto|habitaci[óo]n|cub[íi]culo|sala|piso)"
)
_PUBLIC_SERVICE = lazy(r"PD|FD|EMS|Police|Fire|Sheriff|Rescue")
_WEAK_DOING = lazy(r"\s+(?:came|comes|coming|got|gets|had|has)\b", re.I)
# A name after a request or a care verb, before words about the person: "Tell May her
# husband called", "Let June know", "We're keeping Joy overnight", "Ask Hope to call".
_ADDRESSED_OR_CARED = lazy(
    r"\b(?i:tell|let|ask|remind|text|page|update|inform|notify|keeping|keep|kept|admitting|"
    r"discharging|moving|transferring|sending|monitoring|watching|observing|bringing|"
    r"wheeling|taking)\s+"
    rf"({_WORD})\s+(?=(?i:her|his|that|know|about|overnight|upstairs|downstairs|to\s+(?:call|"
    r"come|bring|wait|sign|stay|go)|if|for\s+(?:another|one|a\s+few|the\s+night|observation|"
    r"monitoring|more\s+tests))\b)"
)
# A name after a visit to someone, then where or when, or what she or he is: "visited May
# yesterday, she's thinner", "check on Summer in peds", "sat with Hope last night".
_VISITED = lazy(
    r"\b(?i:visited|visiting|check(?:ed|ing)?\s+on|look(?:ed|ing)?\s+in\s+on|sat\s+with|"
    r"sitting\s+with|went\s+to\s+see|stopped\s+by\s+to\s+see)\s+"
    rf"({_WORD})(?=\s+(?i:in\s+(?:peds|the|bed|bay|room|pod|\d)|yesterday|today|tonight|"
    r"this\s+(?:morning|afternoon|evening)|last\s+night|earlier|again)\b|\s*,\s*(?i:she|he)\b)"
)
# "La Chata ya salió de quirófano", "El Güero sigue internado": a Spanish nickname with its
# article, before words about the person.
_ARTICLE_NICKNAME = lazy(r"\b(?:El|La|el|la)\s+([A-ZÁÉÍÓÚÑ][a-záéíóúñü]+)(?=\s)")
_EVERYDAY_SURNAME = lazy(r"[ \t]+([A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?![\w@]|['’][a-z]{2,})")
_WORD_LIST_AFTER = lazy(r",\s+[a-z]+(?:,\s+[a-z]+)*,?\s+(?:and|&|y|or|o)\s+[a-z]+\b")
_VOWEL = lazy(r"[aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿāēīōū]", re.I)


def _foreign_looking(word: str) -> bool:
    """A word that reads as a name rather than a code or an acronym: letters, a vowel, a
    capital only at the start (not "MassHealth", "TikTok")."""
    core = word.replace("-", "").replace("'", "").replace("’", "")
    return (
        len(core) > 2
        and core.isalpha()
        and bool(_VOWEL.search(core))
        and not any(c.isupper() for c in core[1:] if c not in "-")
    )


def _subject(head: str, spanish: bool) -> bool:
    """Whether a capitalised word before a verb can be someone's name: not "He", "Ella"
    or "Love", but "Will", "May" and "Hope", names known in English-speaking countries."""
    wordlike = not spanish and lexicon.is_english_wordlike_name(head)
    if spanish:
        return lexicon.spanish_frequency(head) < _FUNCTION_WORD
    return lexicon.frequency(head) < lexicon.COMMON or wordlike


def _addressed_or_cared_for(text: str) -> Iterator[Finding | None]:
    for m in _ADDRESSED_OR_CARED.finditer(text):
        word = _plain(m.group(1))
        if _NEVER_A_NAME.fullmatch(word.casefold()) or _INTERJECTIONS.fullmatch(word.casefold()):
            continue
        if not (_is_first_name(word) or _unknown(word) or _MONTH.fullmatch(word.casefold())):
            continue
        if _WORD_TITLE.fullmatch(word) or lexicon.frequency(word) >= _FUNCTION_WORD:
            continue
        yield _finding(text, m.start(1), m.end(1), "a name after a request or a care verb")
    for m in _VISITED.finditer(text):
        word = _plain(m.group(1))
        if _excluded(word) and not (
            _MONTH.fullmatch(word.casefold()) or lexicon.is_english_wordlike_name(word)
        ):
            continue
        if lexicon.is_place(word) and not lexicon.is_first_name(word):
            continue  # "visited Boston yesterday"
        if _is_first_name(word) or lexicon.is_english_wordlike_name(word):
            yield _finding(text, m.start(1), m.end(1), "a name after a visit to someone")
    for m in _NAME_THEN_BORN.finditer(text):
        words = m.group(1).split()
        if not any(_excluded(w) or _NEVER_A_NAME.fullmatch(w.casefold()) for w in words):
            yield _finding(text, m.start(1), m.end(1), "a name, then when the person was born")
    for m in _PRAYING_FOR.finditer(text):
        word = _plain(m.group(1))
        if _given(word) or lexicon.is_english_wordlike_name(word):
            yield _finding(
                text, m.start(1), m.end(1), "a name after thoughts and prayers for someone"
            )
    for m in _ARTICLE_NICKNAME.finditer(text):
        word = m.group(1)
        if _INSTITUTION_BEFORE.search(word + " ") or _SPANISH_PERSON_NOUN.fullmatch(word.lower()):
            continue
        if _PERSON_SPANISH.match(text, m.end(1)) or _SPANISH_SPEECH.match(text, m.end(1)):
            yield _finding(text, m.start(), m.end(1), "a nickname with its article")


_SPANISH_PERSON_NOUN = lazy(
    r"paciente|señora?|señorita|niñ[oa]|joven|muchach[oa]|mujer|hombre|bebé|abuel[oa]|"
    r"madre|padre|mamá|papá|hij[oa]|herman[oa]|espos[oa]|tí[oa]|doctora?|enfermer[oa]|"
    r"unidad|sala|clínica|sede|policía|ambulancia|familia|directora?|vocera?|gerente|jef[ea]"
)


def _related(text: str) -> Iterator[Finding | None]:
    """A name after a relation ("her son Abel", "su hija Lupita"), or after a Spanish
    request or report about someone ("Dígale a Xóchitl", "Atendimos a Rubén")."""
    for pattern, reason in (
        (_KIN_BEFORE, "a name after a relation (son, daughter, hija)"),
        (_SPANISH_CUE, "a name after a request or report about someone"),
    ):
        for m in pattern.finditer(text):
            head = _plain(m.group(1).split()[0])
            if not _given(head) or _WORD_TITLE.fullmatch(head):
                continue
            start = m.start(1)
            end = _extend(text, start, start + len(head), phrases=False)
            if end == start + len(head) and _NUMBER_AFTER.match(text, end):
                continue
            yield _finding(text, start, end, reason)


_NICKNAME = "a nickname in quotes"

# "A Chukwuemeka Obi lo operaron anoche", "A Wiremu la trasladaron": a Spanish personal "a"
# before capitalised words, then a pronoun that stands for the person.
_PERSONAL_A_CLITIC = lazy(
    rf"(?:^|(?<=[.!?:;]\s)|(?<=\n))(?:A|a)\s+({_WORD}(?:\s+(?:de\s+|del\s+)?{_WORD}){{0,3}})"
    r",?\s+(?:lo|la|le|los|las|se\s+lo|se\s+la)\s+[a-záéíóúñ]+"
)


def _personal_a(text: str) -> Iterator[Finding | None]:
    for m in _PERSONAL_A_CLITIC.finditer(text):
        words = [_plain(w) for w in m.group(1).split() if w not in ("de", "del")]
        if not _given(words[0]) or any(_excluded(w) or lexicon.is_place(w) for w in words):
            continue
        if not (_is_first_name(words[0]) or all(map(_unknown, words))):
            continue
        yield _finding(text, m.start(1), m.end(1), 'a name after a Spanish personal "a"')


def _nicknames(text: str) -> Iterator[Finding | None]:
    for m in _QUOTED.finditer(text):
        body = m.group(2)
        words = body.split()
        before = text[max(0, m.start() - 30) : m.start()]
        article = bool(_ARTICLE.fullmatch(words[0]))
        cue = (
            bool(_NICKNAME_CUE.search(before))
            or (article and bool(_SPANISH_PERSONAL_A.search(before)))
            or bool(_SPANISH_PERSONAL_AL.search(before))
        )
        named = bool(_NAMING_CUE.search(before))
        # "Her brother, known to everyone as "Moose",": a person, then what they are called
        cue = cue or bool(_PERSON_KNOWN_AS.search(text, max(0, m.start() - 70), m.start()))
        after = m.end()
        # '"Tiny" from the motorcycle club is awake': what follows a short "from the ..."
        ends = [after] + [p.end() for n in range(3) if (p := _FROM_PLACES[n].match(text, after))]
        person = any(
            bool(p.match(text, at))
            for p in (_PRONOUN_AFTER, _PERSON_STATE, _PERSON_SPEECH)
            for at in ends
        ) or bool(
            # 'Our regular, "Pops", came back in': a nickname set off after someone
            _PERSON_BEFORE_COMMA.search(text, max(0, m.start() - 40), m.start())
            and "," in text[m.end(2) : after + 1]
        )
        prefixed = len(words) > 1 and bool(_NICKNAME_PREFIX.fullmatch(words[0]))
        capitalised = all(w[0].isupper() or _ARTICLE.fullmatch(w) for w in words)
        if not person and capitalised and not prefixed:
            # '"Sunny" in bed 2 slept', '"Moose" Galloway was discharged', 'El "Güero" sigue
            # esperando en urgencias': a name-like word in quotes, then a family name, a bed,
            # or a clause about a person
            aside = _ASIDE.match(text, after)
            surname = _QUOTE_SURNAME.match(text, after)
            clause = _clause(text, m.start(), after).replace(m.group(), " ")
            family = surname is not None and _surname_after_quote(_plain(surname.group(1)))
            person = bool(
                (aside and _PERSON_STATE.match(text, aside.end()))
                or (family and (_name_like(words) or _given(words[-1])))
                or (
                    (aside or _ARTICLE_BEFORE.search(before) or family)
                    and _NICKNAME_CLAUSE.search(clause)
                )
            )
        capitalised = all(w[0].isupper() or _ARTICLE.fullmatch(w) for w in words)
        # 'They took "Tiny" to surgery', 'heard about "Boo"', 'let "Peanut" know': someone
        # carried, seen or asked after, by the name their people use
        cared = (
            capitalised
            and bool(_CARED_FOR_BEFORE.search(before))
            and bool(_CARE_OR_PERSON.search(_clause(text, m.start(), after)))
        )
        if not (
            cue
            or ((named or _POSSESSIVE_AFTER.match(text, after)) and _name_like(words))
            or person
            or cared
            or (prefixed and _given(words[1]))
        ):
            continue
        if any(_NEVER_A_NAME.fullmatch(w.casefold()) for w in words):
            continue
        if _THING_NAMED.search(text, max(0, m.start() - 40), m.start()) or _THING_AFTER.match(
            text, after
        ):
            continue  # 'the new ambulance, nicknamed "Big Blue"': a vehicle's or a pet's name
        yield Finding("name", m.start(2), m.end(2), body, _NICKNAME)


# What is done to, or asked about, a person just before a quoted nickname.
_CARED_FOR_BEFORE = lazy(
    r"\b(?:took|taking|take|brought|bringing|wheeled|carried|moved|transferred|rushed|"
    r"airlifted|admitted|discharged|visit(?:ed|ing)?|see|saw|seen|check(?:ed|ing)?\s+on|"
    r"heard\s+(?:about|from)|ask(?:ed|ing)?\s+(?:about|after)|worried\s+about|"
    r"pray(?:ing)?\s+for|update\s+on|news\s+(?:about|of|on)|let|"
    r"todos\s+(?:le\s+|lo\s+|la\s+)?(?:llaman|dicen|conocen\s+como)|"
    r"(?:llevaron|trajeron|operaron|internaron|vieron|visitamos)\s+(?:a\s+)?(?:la\s+|el\s+)?|"
    r"pregunt(?:o|a|é|ó)\s+por|saben\s+de)[\s,:]*$",
    re.I,
)
# In the clause of such a nickname, a person or their care: "his crew", "took her",
# "to surgery", "sigue internado".
_CARE_OR_PERSON = lazy(
    r"\b(?:he|she|him|her|his|hers|él|ella|surgery|icu|uci|er|emergency|"
    r"urgencias|hospital|ward|floor|bed|ambulance|ambulancia|cirug[íi]a|internad[oa]|"
    r"admitted|discharged|pediatrics|pediatr[íi]a|trauma|intensive|terapia|daycare|"
    r"stretcher|camilla|sedad[oa]|estable|grave)\b",
    re.I,
)
_THING = (
    r"(?:ambulances?|rigs?|trucks?|engines?|helicopters?|choppers?|bus|buses|vans?|"
    r"shuttles?|dogs?|cats?|horses?|mascots?|robots?|machines?|boats?|ships?|"
    r"ambulancias?|camiones|cami[óo]n|helic[óo]pteros?|perr[oa]s?|mascotas?|m[áa]quinas?)"
)
# '"Biscuit", our therapy dog': the thing named just after the quotes.
_THING_AFTER = lazy(
    rf"\s*,?\s+(?i:(?:our|the|a|an|its|nuestr[oa]|el|la|un|una)\s+)?(?:[\w-]+\s+)?(?i:{_THING})\b"
)
# A thing named just before the quotes: a vehicle, an animal, a machine or a programme.
_THING_NAMED = lazy(
    r"\b(?:ambulances?|rigs?|trucks?|engines?|helicopters?|choppers?|bus|buses|vans?|"
    r"shuttles?|dogs?|cats?|horses?|mascots?|robots?|machines?|boats?|ships?|"
    r"ambulancias?|camiones|cami[óo]n|helic[óo]pteros?|perr[oa]s?|mascotas?|m[áa]quinas?)"
    r"\b[^.;!?\"“]{0,25}$",
    re.I,
)


# After a quoted nickname: a family name ('"Moose" Galloway'); before it, a Spanish article
# ('El "Güero"'); and in its clause, words about a person's care or condition.
_QUOTE_SURNAME = lazy(rf"[ \t]+({_WORD})(?![\w@])")
_ARTICLE_BEFORE = lazy(r"\b(?:el|la)\s+$", re.I)
_NICKNAME_CLAUSE = lazy(
    r"\b(?:he|she|his|her|him|he['’]s|she['’]s|él|ella|"
    r"discharged|admitted|transferred|surgery|icu|er|slept|woke|awake|asleep|recovering|"
    r"resting|stable|sedated|intubated|eating|nurse|nurses|bed|urgencias|cirug[íi]a|"
    r"quir[óo]fano|internad[oa]|operad[oa]|operaron|esperando|despert[óo]|dormid[oa]|"
    r"estable|sedad[oa]|intubad[oa]|alta|cama|terapia|uci)\b",
    re.I,
)


def _surname_after_quote(word: str) -> bool:
    """A capitalised word after a quoted nickname that reads as a family name: not an
    everyday word, a title or a sentence's next word ("Galloway", "Rivera", not "Is")."""
    return (
        len(word) > 1
        and not word.isupper()
        and not lexicon.is_everyday(word, lexicon.FAMILIAR)
        and not _excluded(word)
        and not _NEVER_A_NAME.fullmatch(word.casefold())
        and not _WORD_TITLE.fullmatch(word)
        and not _ROOM_WORD.fullmatch(word)
    )


def _name_like(words: Sequence[str]) -> bool:
    """Quoted words that can be a nickname ("Tata", "Coach D", "la Chata"), not everyday
    words ("Code Blue", "Opaque")."""
    content = [w for w in words if not _ARTICLE.fullmatch(w)]
    extras = [w for w in content if _NICKNAME_PREFIX.fullmatch(w) or _WORD_TITLE.fullmatch(w)]
    return len(extras) < len(content) and all(
        len(w) == 1 or w in extras or not lexicon.is_everyday(w, lexicon.FAMILIAR) for w in content
    )


def _quoted_things(text: str) -> list[tuple[int, int]]:
    """Quoted names of programmes, codes and classes ("Código Rosa", "Quiet Hours"): a
    word in them is an everyday word and not a first name, a title or a nickname's "Big"."""
    spans = []
    for m in _QUOTED_PHRASE.finditer(text):
        words = re.findall(rf"[{_UP}{_LOW}]+", m.group(1))
        if any(w[0].islower() and not _CONNECTOR.fullmatch(w) for w in words):
            continue  # words someone said or wrote, not a title
        for word in words:
            if (
                len(word) > 1
                and lexicon.is_everyday(word, lexicon.FAMILIAR)
                and not lexicon.is_first_name(word)
                and not _NICKNAME_PREFIX.fullmatch(word)
                and not _WORD_TITLE.fullmatch(word)
                and not _ARTICLE.fullmatch(word)
            ):
                spans.append(m.span(1))
                break
    return spans


def _initials(text: str) -> Iterator[Finding | None]:
    for m in _INITIALS_AGE.finditer(text):
        yield Finding("name", m.start(1), m.end(1), m.group(1), "initials with an age")
    for m in _INITIALS_AGE_SEX.finditer(text):
        group = 1 if m.group(1) else 2
        yield Finding("name", m.start(group), m.end(group), m.group(group), "initials with an age")
    for m in _PATIENT_INITIALS.finditer(text):
        yield Finding("name", m.start(1), m.end(1), m.group(1), "a patient's initials")


def _lower_first(word: str, english: int = lexicon.FAMILIAR) -> bool:
    """A first name in lower case that is not an English word: "kenji", "jenna"."""
    return (
        len(word) > 2
        and _is_first_name(word)
        and lexicon.frequency(word) < english
        and not _excluded(word)
    )


def _lower_surname(word: str, english: int, spanish: int = lexicon.LEAST_SPANISH) -> bool:
    """A word in lower case that can be a family name: rarer in English than `english`
    and in Spanish than `spanish`."""
    return (
        len(word) > 1
        and lexicon.frequency(word) < english
        and lexicon.spanish_frequency(word) < spanish
        and not _excluded(word)
        and not _NEVER_A_NAME.fullmatch(word)
    )


def _lower_case(text: str) -> Iterator[Finding | None]:
    reason = "a name in lower case"
    checks = [0]
    for m in _LOWER_TITLE.finditer(text):  # "la señora carmen ibarra", "mrs. kowalski"
        word = m.group(1)
        if _lower_first(word, lexicon.COMMON) or _lower_surname(word, lexicon.LEAST):
            yield _finding(text, m.start(), _lower_extend(text, m.end()), reason)
    for m in _LOWER_KIN.finditer(text):  # "my tia rosa", "su hija lupita", "de beto salcido"
        nxt = _NEXT_LOWER_WORD.match(text, m.end(1))
        unknown_pair = _no_word(m.group(1)) and nxt is not None and _no_word(nxt.group(1))
        if _lower_first(m.group(1)) or unknown_pair or _unlisted_name(m.group(1), checks):
            yield _finding(text, m.start(1), _lower_extend(text, m.end(1)), reason)
    for m in _LOWER_CUE.finditer(text):  # "tell marisol her dad", "vi a lupita en urgencias"
        word = m.group(1)
        if (
            _lower_first(word)
            and lexicon.spanish_frequency(word) < lexicon.COMMON_SPANISH
            and not lexicon.is_everyday(word)
        ):
            yield _finding(text, m.start(1), _lower_extend(text, m.end(1)), reason)
    tokens = list(_LOWER_TOKEN.finditer(text))
    for i, m in enumerate(tokens):
        word = m.group()
        if (
            _PRONOUN_AFTER.match(text, m.end()) or _PERSON_STATE.match(text, m.end())
        ) and _unlisted_name(word, checks):
            # "check on abdirahman, he came in", "kwame is still in the ICU"
            yield _finding(text, m.start(), m.end(), reason)
            continue
        # the next word, after a middle initial if there is one ("walter j. pierce")
        following = [t for t in tokens[i + 1 : i + 3] if len(t.group()) > 1]
        after = following[0] if following else None
        if not _lower_first(word, lexicon.COMMON):
            continue
        # an everyday Spanish word ("dará", "dolores") is a name only before a family name
        # no list knows ("dolores ferraro")
        spanish_word = lexicon.spanish_frequency(word) >= lexicon.COMMON_SPANISH
        gap = text[m.end() : after.start()] if after is not None else "x"
        adjacent = after is not None and _MIDDLE_INITIAL.fullmatch(gap) is not None
        # In a sentence written all in lower case ("ok so jenna mills is in the er"), a
        # family name may be a word ("mills", "tapia"); elsewhere it must be no word at all.
        casual = _LOWER_START.search(text, 0, m.end()) is not None
        limits = (lexicon.COMMON, lexicon.FAMILIAR) if casual else (lexicon.LEAST,)
        rare = _lower_first(word) and not spanish_word  # not an everyday word ("kenji")
        if adjacent and after is not None:
            surname = after.group()
            if (
                (rare and _lower_surname(surname, *limits))
                # a middle initial makes it a name's shape ("walter j. pierce")
                or (
                    not spanish_word
                    and gap.strip() != ""
                    and _lower_surname(surname, lexicon.COMMON, lexicon.FAMILIAR)
                )
                # a family name no list knows after a first name ("brian kowalski"); after
                # an everyday Spanish word, not an adjective's ending ("salud comunitaria")
                or (_no_word(surname) and not (spanish_word and _SPANISH_ADJECTIVE.search(surname)))
                # in casual writing, a family name before a relative ("dave castellano's wife")
                or (
                    casual
                    and not spanish_word
                    and _lower_surname(surname, *limits)
                    and _KIN_AFTER.match(text, after.end()) is not None
                )
                # what follows tells of a person ("ivonne paredes sigue sedada")
                or (
                    rare
                    and _lower_surname(surname, lexicon.FAMILIAR, 10**9)
                    and _PERSON_STATE.match(text, after.end())
                )
            ):
                yield _finding(text, m.start(), _lower_extend(text, after.end()), reason)
                continue
        if (
            rare
            and not lexicon.is_everyday(word)
            and (
                _PERSON_STATE.match(text, m.end())
                or _KIN_AFTER.match(text, m.end())  # "valentina's husband"
                or _CARE_POSSESSION.match(text, m.end())
                or _unheard_of(word)  # "is tomasz okay??", "so worried about lupita"
            )
        ):
            yield _finding(text, m.start(), m.end(), reason)


# Spanish infinitives with a pronoun on the end ("verla", "darle", "hacerlo"), terms of
# endearment, and units of the building written small ("nicu"): never a name in lower case.
_CLITIC_VERB = lazy(r"(.+?[aeií]r)(?:l[aeo]s?|me|te|nos|se(?:l[aeo]s?)?)")
_NEVER_LOWER = lazy(
    r"mij[oa]|m['’]?hij[oa]|mami|papi|nena|nene|gord[oa]|flac[oa]|cielo|corazón|reina|"
    r"[a-z]?icu|pacu|covid|omicron|delta"
)


def _unheard_of(word: str) -> bool:
    """A first name in lower case that is no word in either language's lists ("kwame",
    "marisol", "joaquín"): a name however it is used."""
    clitic = _CLITIC_VERB.fullmatch(word)
    return (
        len(word) > 3
        and "-" not in word
        and lexicon.frequency(word) < lexicon.LEAST
        and lexicon.spanish_frequency(word) < lexicon.LEAST_SPANISH
        and not (clitic and lexicon.spanish_frequency(clitic.group(1)))
        and not _NEVER_LOWER.fullmatch(word)
        and not lexicon.is_place(word.title())
    )


_WORD_ENDING = lazy(r".*(?:ed|ing|ly|ness|ment|tion|ful|less|able|ible|ize|ise|[^s]s)")


_MOST_SPELLING_CHECKS = 12  # a text full of unknown words keeps them all: more, never fewer


def _unlisted_name(word: str, checks: list[int]) -> bool:
    """A word in lower case no list knows, in a name's shape rather than a misspelt word's
    ("kwame", "eustace", "oluwaseun"; not "recieved", "tomorow"). `checks` counts the
    spelling checks made for this text."""
    if len(word) <= 3 or not _no_word(word) or _WORD_ENDING.fullmatch(word):
        return False
    checks[0] += 1
    return checks[0] > _MOST_SPELLING_CHECKS or not _misspelt(word)


_ALPHABET = "abcdefghijklmnopqrstuvwxyzáéíóúñ"


@functools.lru_cache(maxsize=1024)
def _misspelt(word: str) -> bool:
    """Whether one slip of the keys (a letter dropped, added, swapped or changed) turns the
    word into a familiar English or Spanish word: "awsome", "wnet", "flyr"."""
    if len(word) > 12:
        return False
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in splits if b for c in _ALPHABET}
    edits |= {a + c + b for a, b in splits for c in _ALPHABET}
    return any(
        lexicon.frequency(e) >= lexicon.FAMILIAR
        or lexicon.spanish_frequency(e) >= lexicon.COMMON_SPANISH
        for e in edits - {word}
    )


def _no_word(word: str) -> bool:
    """A word in lower case that no list knows, in any of its forms: not "declaraciones"
    (declaración), not "nurses" (nurse). A family name such as "kowalski" or "salcido"."""
    forms = {word}
    if word.endswith("s"):
        forms |= {word[:-1], word[:-2]}
    for plural, singular in (("ciones", "ción"), ("siones", "sión"), ("ces", "z")):
        if word.endswith(plural):
            forms.add(word[: -len(plural)] + singular)
    return _lower_surname(word, 1, lexicon.LEAST_SPANISH) and not any(
        lexicon.frequency(f) or lexicon.spanish_frequency(f) >= lexicon.LEAST_SPANISH
        for f in forms - {word}
    )


# Words that speak to or of one person just before a first name in lower case: a request
# ("tell marisol her dad", "let yesenia know"), a sighting ("is that derek from", "vi a
# lupita en urgencias").
_LOWER_CUE = lazy(
    r"\b(?i:tell|let|ask|text|call|page|remind|update|told|asked|texted|called|"
    r"that['’]s|is\s+that|was\s+that|it['’]s|saw|seen|"
    r"vi\s+a|vimos\s+a|viste\s+a|vieron\s+a|d[ií]le\s+a|d[ií]gale\s+a|av[ií]sale\s+a|"
    r"av[ií]sele\s+a|pregunta\s+por|preguntó\s+por|llevaron\s+a|trajeron\s+a|es\s+(?:el|la))"
    rf"\s+({_LOWER_WORD}){_AFTER_LOWER}"
    r"(?=\s+(?:her|his|know|to|from|in|at|on|is|was|en|con|de|que|y|ya|who)\b|\s*[,.!?]|$)"
)
_MIDDLE_INITIAL = lazy(r"[ \t]+(?:[a-z]\.?[ \t]+)?")
# Endings of Spanish adjectives and abstract nouns, not of family names: "comunitaria",
# "preventiva", "respiratorio", "integral", "sostenible".
_SPANISH_ADJECTIVE = lazy(
    r"(?:ari[oa]|ori[oa]|ic[oa]|iv[oa]|os[oa]|al|ble|ente|ante|ista|ci[óo]n|dad|mente)s?$"
)


# The sentence so far began with a lower-case letter.
_LOWER_START = lazy(rf"(?:^|[.!?\n]\s+)[\s\-•*\"'“‘(]*[{_LOW}][^.!?\n]*$")
_NEXT_LOWER_WORD = lazy(rf"[ \t]+({_LOWER_WORD}){_AFTER_LOWER}")


def _lower_extend(text: str, end: int) -> int:
    for _ in range(2):
        m = _NEXT_LOWER_WORD.match(text, end)
        if m is None or len(m.group(1)) < 3 or not _lower_surname(m.group(1), lexicon.FAMILIAR):
            break
        end = m.end()
    return end


def _is_first_name(word: str) -> bool:
    """A first name, or first names joined by a hyphen ("maria-jose", "Jean-Luc"), or a
    Spanish diminutive of one ("Pablito", "Rosita", "Juanito", "Paquita")."""
    return (
        lexicon.is_first_name(word)
        or ("-" in word and all(lexicon.is_first_name(part) for part in word.split("-")))
        or _diminutive_of_name(word)
    )


# "Pablito" (Pablo), "Rosita" (Rosa), "Juanito" (Juan), "Lupita" (Lupe), "Paquita" (Paca),
# "Miguelito" (Miguel), "Carmencita" (Carmen).
_DIMINUTIVE = lazy(r"(?i)([a-záéíóúñ]{2,}?)(c|ec|qu|gu)?(?:it|ill)([oa])s?")


def _diminutive_of_name(word: str) -> bool:
    m = _DIMINUTIVE.fullmatch(word)
    if m is None or lexicon.spanish_frequency(word) >= lexicon.LEAST_SPANISH:
        return False  # an everyday word: "bonita", "chiquito", "poquito"
    stem, joint, ending = m.groups()
    hard = {"qu": "c", "gu": "g"}.get(joint or "", "")
    bases = {stem + ending, stem + "e", stem + hard + ending}
    if len(stem) > 3:
        bases.add(stem)  # "Juanito", "Miguelito"
    return any(len(b) > 2 and lexicon.is_first_name(b.capitalize()) for b in bases)


# -- the organisation's own staff ---------------------------------------------------------

_ANY_TITLE = (
    r"(?:dr|dra|doctor|doctora|prof|professor|profesor|profesora|nurse|enfermera|enfermero|"
    r"mr|mrs|ms|mx|miss|sr|sra|srta|senor|senora|senorita|don|dona|chief|rn)\.?"
)
_DOCTOR = r"(?:dr|dra|doctor|doctora|prof|professor|profesor|profesora)\.?"
_MAN = r"(?:mr|sr|senor|don)\.?"
_WOMAN = r"(?:mrs|ms|miss|sra|srta|senora|senorita|dona)\.?"


def _fold_table() -> dict[int, str]:
    table = {ord("’"): "'"}
    for code in itertools.chain(range(0x41, 0x250), range(0x1E00, 0x1F00)):
        base = unicodedata.normalize("NFD", chr(code))[0]
        low = base.lower()
        table[code] = low if len(low) == 1 else base
    return table


_FOLD = _fold_table()


def _fold(text: str) -> str:
    """text without accents and in lower case, character for character."""
    return text.translate(_FOLD)


@functools.lru_cache(maxsize=8)
def _staff_pattern(staff: tuple[str, ...]) -> re.Pattern[str] | None:
    """Staff who may be named publicly: the full name after any title or none, and the
    family name after Dr. (any staff member) or after Mr. or Ms. when the staff member's
    first name is a man's or a woman's."""
    people = [p.split() for p in staff if p.split()]
    if not people:
        return None

    def words(phrases: Sequence[str]) -> str:
        ordered = longest_first(_fold(p) for p in phrases)
        return "(?:" + "|".join(r"\s+".join(map(re.escape, p.split())) for p in ordered) + ")"

    alternatives = [rf"(?:{_ANY_TITLE}\s+)?{words([' '.join(p) for p in people])}"]
    family = [p[-1] for p in people if len(p) > 1]
    if family:
        alternatives.append(rf"{_DOCTOR}\s+{words(family)}")
    for title, sex in ((_MAN, "m"), (_WOMAN, "f")):
        fitting = [p[-1] for p in people if len(p) > 1 and lexicon.gender(p[0]) == sex]
        if fitting:
            alternatives.append(rf"{title}\s+{words(fitting)}")
    return compile_pattern(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


def _staff_spans(text: str, staff: tuple[str, ...]) -> list[tuple[int, int]]:
    pattern = _staff_pattern(staff)
    spans = [m.span() for m in pattern.finditer(_fold(text))] if pattern else []
    return spans + _staff_first_names(text, staff)


# Reaching the organisation: "Media calls go to ... - ask for Maria", "contact Thomas".
_ASK_FOR = lazy(
    r"\b(?:ask\s+for|contact|reach|talk\s+to|speak\s+(?:to|with)|call|email|pregunte\s+por|"
    r"hable\s+con|comun[íi]quese\s+con|llame\s+a)\s+$",
    re.I,
)
_ABOUT_REACHING_US = lazy(
    r"\b(?:media|press|reporters?|journalists?|inquiries|calls|line|prensa|medios|"
    r"periodistas|llamadas|l[íi]nea)\b|\d{3}[.\s-]\d{4}|@",
    re.I,
)


def _staff_first_names(text: str, staff: tuple[str, ...]) -> list[tuple[int, int]]:
    """A named staff member's first name alone, where the sentence tells how to reach the
    organisation ("Media calls go to 617.555.0100 - ask for Maria")."""
    firsts = {_fold(p.split()[0]) for p in staff if len(p.split()) > 1}
    spans = []
    for m in _TOKEN.finditer(text):
        if _fold(m.group()) not in firsts:
            continue
        if _ASK_FOR.search(text, max(0, m.start() - 25), m.start()) and _ABOUT_REACHING_US.search(
            _sentence(text, m.start(), m.end())
        ):
            spans.append(m.span())
    return spans


def _inside(
    finding: Finding, spans: Sequence[tuple[int, int]], title: re.Match[str] | None = None
) -> bool:
    """Whether the finding, without a title that opens it ("Officer"), lies in a span."""
    begin = finding.start + (title.end() if title else 0)
    end = finding.start + len(finding.text.rstrip(".,;:!?"))
    return any(start <= begin and end <= stop for start, stop in spans)


_LEADING_TITLE = lazy(rf"(?:(?:{_ABBREVIATED_TITLES})\.?|(?:{_WORD_TITLES}))\s+")


# -- staff named with their job ------------------------------------------------------------

# The head noun of a job title: "spokesperson", "nurse manager", "chief of surgery",
# "media relations manager", "directora de enfermería", "vocero del hospital".
_JOB_EN = (
    r"spokes(?:person|woman|man)|press\s+secretary|ceo|cfo|coo|cmo|cno|cio|cmio|cxo|"
    r"president|vice[\s-]president|vp|chair(?:man|woman|person)?|"
    r"chief(?=\s+(?:of|executive|medical|nursing|operating|financial|information|experience|"
    r"quality|safety|people|strategy|communications?)\b)|"
    r"(?:information|executive|operating|financial|medical|nursing|privacy|compliance|"
    r"communications?|press|safety|security|experience|quality|diversity|technology|legal|"
    r"administrative|public\s+affairs)\s+officer|"
    r"directors?|managers?|supervisors?|coordinators?|administrators?|superintendent|"
    r"liaison|navigator|educator|chaplain|dean|provost|trustee|ombuds(?:man|person)|"
    r"(?:patient|family)\s+(?:advocate|representative|liaison|navigator)|"
    r"(?:union\s+|shop\s+)?stewards?|union\s+(?:rep|representative|delegate)|"
    r"head\s+(?:of|nurse)|charge\s+nurse|nurse\s+(?:leader|educator|practitioner)|"
    r"physician(?:-in-chief)?|surgeon(?:-in-chief)?|hospitalist|pharmacist|epidemiologist|"
    r"social\s+worker|therapist|interpreter|paramedic|specialist|preventionist|nutritionist|"
    r"dietitian|anesthetist|technologist|technician|scientist|hygienist|"
    r"[a-z]+ologist|(?:attending|staff)\s+(?:physician|doctor)|"
    r"(?:team|unit|department|program|medical)\s+(?:lead|leader|head)"
)
_JOB_ES = (
    r"portavoz|vocer[oa]|director[a]?|subdirector[a]?|gerente|jef[ea]|coordinador[a]?|"
    r"president[ea]|vicepresident[ea]|administrador[a]?|supervisor[a]?|encargad[oa]|"
    r"responsable|capell[áa]na?|enfermer[oa]\s+jef[ea]|trabajador[a]?\s+social|"
    r"int[ée]rprete|farmac[ée]utic[oa]|cirujan[oa]|epidemi[óo]log[oa]|"
    r"m[ée]dic[oa]\s+(?:jef[ea]|tratante|de\s+guardia)"
)
_JOB = rf"(?:{_JOB_EN}|(?:{_JOB_ES})(?:\s+(?:m[ée]dic[oa]|general|ejecutiv[oa]|adjunt[oa]|interin[oa]))?)"
_NAME_TITLE = (
    r"(?:(?i:Dr|Dra|Doctor|Doctora|Prof|Nurse|Enfermera|Enfermero|Lic|Licenciada|Licenciado|"
    r"Rev|Reverend|Sister|Brother|Father|Hermana|Hermano|Padre|Madre|Sor|Fray|Rabbi|Imam|"
    r"Pastor|Chaplain)\.?\s+)"
)
_PARTICLE = r"(?:de|del|de\s+la|van|von|da|dos|y|di|le|la)"
_STAFF_NAME = rf"{_NAME_TITLE}?{_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_WORD}){{0,3}}"
# Letters after a name: "Grace Whitaker, RN, MSN, chief nursing officer".
_CREDENTIALS = r"(?:(?:RN|MD|DO|NP|PA|PA-C|PhD|MSN|BSN|DNP|MBA|MPH|MHA|FACS|FACEP|LCSW)\b\.?,?\s*)*"
# Words between a name and its job that make it someone else's, or a past one.
_NOT_THE_JOB = (
    r"(?!(?:whose|who|his|her|their|my|your|retired|former|ex|son|daughter|mother|father|"
    r"he|she|they|we|i|you|it|él|ella|ellos|asked|told|called|said|wants|needs|saw|met|"
    r"thanked|visited|pidió|llamó|dijo|"
    r"wife|husband|sister|brother|mom|dad|hij[oa]|madre|padre|espos[oa]|"
    r"jubilad[oa]|retirad[oa]|ex)\b)"
)
# "of patient relations", "on 6 East" (up to a comma before the name, if there is one)
_OF_PART = (
    r"(?:\s+(?:of|for|at|on|in|de|del|en)\s+[^,.;:()]{1,40}?(?=,)"
    r"|\s+(?:of|for|at|on|in|de|del|en)(?:\s+[\w&'’-]+){1,5}?)?"
)
_STAFF_BY_JOB = lazy(
    "|".join(
        (
            # "Spokesperson Jamal Whitfield", "nurse manager Deborah Klein", "Our CEO, Robert
            # Lindqvist,", "la directora de enfermería, Carmen Rivas", "Director of Patient
            # Relations Ana Ruiz"
            rf"(?i:\b{_JOB})(?!['’]s){_OF_PART}(?:\s*,\s*|\s+)(?i:(?:el|la)\s+)?(?P<before>{_STAFF_NAME})",
            # "Robert Lindqvist, our CEO", "Dr. Priya Natarajan, our chief of emergency
            # medicine", "Carmen Rivas, directora de enfermería", "Ana Ruiz (spokesperson)"
            rf"(?P<after>{_STAFF_NAME})\s*(?:,|\(|\s[–—-])\s*{_CREDENTIALS}"
            r"(?i:(?:(?:our|the|a|an|its|their|hospital['’]s|riverside['’]s|nuestr[oa]|el|la|"
            rf"un|una)\s+)?(?:{_NOT_THE_JOB}[\w'’-]+\s+){{0,3}}?{_JOB}\b(?!['’]s))",
            # "Dr. Priya Nandakumar on being named chief of surgery", "was appointed director"
            rf"(?P<named>{_STAFF_NAME})(?:,)?\s+(?i:(?:on\s+being|(?:who\s+)?(?:was|has\s+been|is|"
            r"will\s+be|had\s+been))\s+)?(?i:named|appointed|promoted|hired|selected|elected|"
            r"chosen|nombrad[oa]|designad[oa])\s+(?i:(?:to|as|como)\s+)?(?i:(?:the|our|its|new|"
            rf"interim|acting|el|la|nuev[oa])\s+)*(?i:{_JOB})\b",
            # "Dr. Samuel Okoye, who chairs emergency medicine", "quien dirige el servicio"
            rf"(?P<leads>{_STAFF_NAME}),\s+(?i:who\s+(?:chairs|leads|heads|directs|runs|oversees|"
            r"manages|coordinates|supervises)|quien\s+(?:dirige|encabeza|coordina|supervisa))\b",
        )
    )
)
# A sentence about what happened to a staff member, not about their job.
_PERSONNEL_ACTION = lazy(
    r"\b(?:placed\s+on\s+(?:\w+\s+)?leave|(?:administrative|paid|unpaid)\s+leave|suspended|"
    r"suspension|fired|terminated|termination|dismissed|disciplined|disciplinary|reprimanded|"
    r"under\s+investigation|arrested|charged\s+with|misconduct|let\s+go|"
    r"licen[cs]e\s+(?:was\s+)?(?:revoked|suspended)|"
    r"suspendid[oa]|despedid[oa]|sancionad[oa]|bajo\s+investigaci[óo]n|"
    r"licencia\s+administrativa|arrestad[oa])\b",
    re.I,
)
_SOMEONE_ELSES_JOB = lazy(
    r"\b(?:for|of|de|del)\s+(?:the\s+|la\s+|el\s+|su\s+|his\s+|her\s+|their\s+)?"
    r"(?:family|families|familia|patient|paciente|victim|v[íi]ctima|driver|man|woman|"
    r"hombre|mujer|boy|girl|child|niñ[oa]|estate|union|sindicato|police|polic[íi]a|"
    r"fire\s+department|bomberos|city|ciudad|school|escuela|plaintiffs?|demandantes?)\b",
    re.I,
)
_ROLE_HINT = lazy(
    rf"(?i:\b(?:{_JOB}|named|appointed|promoted|who\s+(?:chairs|leads|heads|directs|runs|oversees|manages|"
    r"coordinates|supervises)|quien\s+(?:dirige|encabeza|coordina|supervisa))\b)"
)


def _staff_by_job(text: str) -> list[tuple[int, int]]:
    """Where a person is named with their job at the organisation ("spokesperson Jamal
    Whitfield", "Robert Lindqvist, our CEO"): staff speaking for it, not a patient or a
    relative. Not when the sentence is about something done to them (placed on leave,
    fired, sued), or when what follows the name describes a patient ("..., a retired nurse
    manager, is recovering")."""
    windows: list[tuple[int, int]] = []
    for hint in _ROLE_HINT.finditer(text):  # read only around a job word
        start, end = max(0, hint.start() - 80), min(len(text), hint.end() + 100)
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], end)
        else:
            windows.append((start, end))
    spans: list[tuple[int, int]] = []
    matches = (m for start, end in windows for m in _STAFF_BY_JOB.finditer(text, start, end))
    for m in matches:
        group = next(g for g in ("before", "after", "named", "leads") if m.group(g))
        if _SOMEONE_ELSES_JOB.search(m.group()):
            continue  # "the spokesperson for the family, Jordan Wells": not the organisation's
        if _PERSONNEL_ACTION.search(_sentence(text, m.start(), m.end())):
            continue
        if _CARE_AFTER.match(text, m.end()) or _CARE_AFTER.match(text, m.end(group)):
            continue
        spans.append(m.span(group))
    return spans


_SENTENCE_STOP = lazy(r"[.!?](?=\s|$)|\n")


def _sentence(text: str, start: int, end: int) -> str:
    before = [m.end() for m in _SENTENCE_STOP.finditer(text, 0, start)]
    after = _SENTENCE_STOP.search(text, end)
    return text[before[-1] if before else 0 : after.start() if after else len(text)]


# -- staff and public figures at work ------------------------------------------------------

# Titles of a public office or a uniformed job: whoever holds one is named for the job.
_OFFICE_TITLE = lazy(
    r"(?i:officer|detective|det|sgt|sergeant|lt|lieutenant|capt|captain|chief|mayor|senator|"
    r"sen|governor|gov|councilor|councillor|councilwoman|councilman|representative|rep|"
    r"commissioner|secretary|alcalde(?:sa)?|senador[a]?|gobernador[a]?|concejal[a]?|"
    r"comisionad[oa]|oficial|sargento|detective|comisari[oa]|capit[áa]n|teniente|"
    r"jef[ea]\s+de\s+(?:bomberos|polic[íi]a)|fiscal|diputad[oa]|alcaldía)\.?"
)
# The news: an outlet (call letters, a network, a paper) or a journalist.
_PRESS_WORD = (
    r"(?:\b(?:[WK][A-Z]{2,3}(?:-(?:TV|FM|AM))?|NBC|CBS|ABC|FOX|CNN|NPR|PBS|MSNBC|NECN|BBC|AP|"
    r"Reuters|Bloomberg|Telemundo|Univision|Globe|Herald|Times|Tribune|Journal|Gazette|"
    r"Magazine|Radio|TV|News|Noticias|Diario|Peri[óo]dico|Mundo|Channel\s+\d+|Canal\s+\d+)"
    r"(?:\s?\d{1,2})?|"
    r"\b(?i:reporters?|journalists?|producers?|anchors?|correspondents?|editors?|columnists?|"
    r"photographers?|photojournalists?|videographers?|periodistas?|reporter[oa]s?|"
    r"corresponsal(?:es)?|camar[óo]grafos?|presentador[a]?|fot[óo]graf[oa]s?))\b"
)
# "WBUR's Sam Fisher", "Telemundo reporter Ana Pérez", "the CNN producer, Rachel Stein,"
_PRESS_BEFORE = lazy(
    rf"{_PRESS_WORD}(?:\s+[A-Z][\w'’-]*)?(?:['’]s)?(?:\s+{_PRESS_WORD})?[\s,]*(?i:(?:el|la)\s+)?$"
)
# "Jenna Mills of WBZ", "Derek Chan from the Boston Globe", "Sofía Ramírez, de Univision"
_PRESS_AFTER = lazy(
    r"\s*,?\s*(?:(?i:of|from|with|at|for|de|del|en)\s+(?i:the\s+|el\s+|la\s+)?"
    rf"(?:[A-Z][\w'’-]*\s+){{0,2}}|(?i:a|an|the|un|una)\s+(?:[\w'’-]+\s+){{0,2}}?){_PRESS_WORD}"
)
# Titles that say nothing of a job: "Mrs O'Neill", "Don Ernesto" may be anyone.
_PLAIN_TITLE = lazy(r"(?i:mr|mrs|ms|miss|mx|sr|sra|srta|don|doña|señora?|señorita)\b")
# What staff do at work: shifts, teaching, meetings, events, the building's things.
_WORK = lazy(
    r"\b(?i:shifts?|huddles?|cover(?:s|ed|ing)?|swap|schedul\w*|timesheets?|slides?|"
    r"meetings?|in-?service|training|trains|trained|drills?|lectures?|grand\s+rounds|rounds|"
    r"protocols?|guidelines?|on[\s-]call|on\s+duty|out\s+this\s+week|off\s+today|"
    r"present(?:s|ed|ing|ation)?|speak(?:s|ing|er)?|spoke|keynote|moderat\w*|panel\w*|"
    r"workshops?|class(?:es)?|course|seminar|webinar|conference|forum|ceremony|gala|"
    r"awards?|daisy|potluck|party|celebration|retir(?:e|es|ed|ing|ement)|"
    r"years\s+of\s+service|badges?|break\s?room|fridge|thermostat|printer|keys|cart|"
    r"facilities|supplies|inventory|agenda|draft|quote|interview\w*|co-?author\w*|research|"
    r"study|publish\w*|grant|briefs?|briefed|briefing|board|lead(?:s|ing)?|led|"
    r"organi[sz]\w*|running|runs|coordinat\w*|teach\w*|taught|answered\s+questions|"
    r"questions\s+from|consults?|clinic|staff(?:ing|ed)?|toured|tour|groundbreaking|"
    r"ribbon|first\s+responders|investigation|escorted|security\s+team|"
    r"turnos?|guardia|reuni[óo]n|capacitaci[óo]n|talleres|taller|clases?|curso|charla|"
    r"conferencia|protocolo|personal|premio|colecta|coordin\w*|dirig\w*|impart\w*|"
    r"explic\w*|present[óa]\w*|organiz\w*|llaves|carrito|entrevista|servicio|ponente|"
    r"moderador[a]?|cubrir|cubre|office|ceremon\w*|ceremonia)\b"
)
# Words that make a sentence about someone's care or family, not about work.
_NOT_AT_WORK = lazy(
    rf"\b(?i:{_KIN_EN}|{_KIN_ES}|patients?|pt|paciente|family|familia|prayers?|praying|"
    r"pray|oren|oraciones|get\s+well|recovery|recuper\w*|internad[oa]|hospitali[sz]ed|"
    r"admitted|discharged|alta)\b"
)
# Findings that tie a sentence to a patient: then a name in it is kept.
_PERSONAL_KINDS = frozenset(
    {"patient_status", "age", "date", "ssn", "id_number", "address", "handle", "photo", "phone"}
)


def at_work(text: str, finding: Finding, others: Sequence[Finding]) -> bool:
    """Whether a name is a staff member's, an official's or a reporter's, named for their
    work: "Thanks to Dr. Kim for leading the training", "Nurse Kim Lee is covering the
    night shift", "Jenna Mills of WBZ asked for a comment", "Mayor Wu thanked first
    responders", "hey Marcus can you cover my huddle". Not a nickname, and not when the
    sentence tells anything about a patient (a care fact, an age, a date, a relative)."""
    if finding.kind != "name" or finding.reason == _NICKNAME:
        return False
    begin, stop = context.sentence_bounds(text, finding.start, finding.end)
    if any(o.kind in _PERSONAL_KINDS and o.start < stop and o.end > begin for o in others):
        return False
    sentence = text[begin:stop]
    public = _PUBLIC_ROLE.match(finding.text) or _PUBLIC_ROLE_BEFORE.search(
        text, max(0, finding.start - 40), finding.start
    )
    if public and _public_role_at_work(text, finding, public, begin, stop):
        return True
    if _NOT_AT_WORK.search(sentence) or _PERSONNEL_ACTION.search(sentence):
        return False
    if _PLAIN_TITLE.match(finding.text) or _PLAIN_TITLE_BEFORE.search(
        text, max(0, finding.start - 12), finding.start
    ):
        return False
    if _PRESS_BEFORE.search(text, max(0, finding.start - 40), finding.start) or _PRESS_AFTER.match(
        text, finding.end
    ):
        return True
    titled = bool(
        _WORK_TITLE.match(finding.text)
        or _WORK_TITLE_BEFORE.search(text, max(0, finding.start - 14), finding.start)
    )
    alone = len(finding.text.split()) == 1 and not _POSSESSIVE.match(text, finding.end)
    # a full name without a title may be anyone's ("before Tyler Nguyen's interview airs")
    rest = sentence.replace(finding.text, " ")
    if titled and _ROLE_HINT.search(rest):
        return True  # "Dr. Faith Morales joins us as associate director"
    return (titled or alone) and bool(_WORK.search(rest))


# A public office or a ministry, named before the person: "Mayor Wu", "la concejala Reyes",
# "Father Michael", "la hermana Teresa", "Rabbi Levin", "Moderator:". Whoever holds one is
# named for it, unless a possessive makes the word a relative ("mi hermana Teresa").
_PUBLIC_TITLES = (
    rf"(?:{_OFFICE_TITLE.pattern}|(?i:father|fr|rev|reverend|pastor|rabbi|imam|chaplain|"
    r"capell[áa]na?|padre|hermana|hermano|sor|fray|sister|brother|bishop|obispo|deacon|"
    r"di[áa]cono|moderator|moderador[a]?|host|emcee|panelist|speaker|ponente|"
    # the heads and inspectors of public bodies, schools and teams
    r"inspector[a]?|superintendent[e]?|principal|director[a]?|marshal|coach|"
    r"entrenador[a]?|pastora)\.?)"
)
_PUBLIC_ROLE = lazy(rf"{_PUBLIC_TITLES}\s+")
# (a given name may stand between: "Police Commissioner Sandra Lee")
_PUBLIC_ROLE_BEFORE = lazy(
    rf"(?<![\w'’])(?P<owner>\w+\s+)?{_PUBLIC_TITLES}"
    # "the chief of police", "la directora de la escuela, Sra. Paredes"
    r"(?:\s+(?i:of|de|del)\s+(?i:the\s+|la\s+|el\s+)?[a-záéíóúñ]+)?"
    r"\s*[:,]?\s+(?:[A-Z][a-z]+[ \t]+)?$"
)
_OWNER_WORD = lazy(r"(?i:my|his|her|their|your|mi|mis|su|sus|tu|tus|nuestr[oa])\s+")
# In a sentence about a person's ministry or office: nothing of a patient's.
_NOT_PUBLIC = lazy(
    r"\b(?i:patients?|pt|paciente|prayers?\s+for|praying\s+for|get\s+well|recovery|"
    r"recuper\w*|internad[oa]|hospitali[sz]ed|admitted|discharged|alta|icu|uci|surgery|"
    rf"cirug[íi]a|(?:his|her|su)\s+(?:{_KIN_EN}|{_KIN_ES}|family|familia|condition|injur\w*|"
    r"recovery|surgery|room|bed|care|health|salud|estado)|"
    # a request to keep the person out of what is written: "do not name Officer Ramirez"
    r"(?:do\s+not|don['’]t|never|not)\s+(?:name|mention|identify|tag)|"
    r"no\s+(?:nombr|mencion|identifiqu|etiquet)\w*)\b"
)


def _public_role_at_work(
    text: str, finding: Finding, public: re.Match[str], begin: int, stop: int
) -> bool:
    owner = public.groupdict().get("owner")
    if owner and _OWNER_WORD.fullmatch(owner):
        return False  # "mi hermana Teresa", "my brother Luis": a relative
    rest = text[begin : finding.start] + " " + text[finding.end : stop]
    return not (_NOT_PUBLIC.search(rest) or _PERSONNEL_ACTION.search(rest))


_WORK_TITLES = (
    rf"(?:{_OFFICE_TITLE.pattern}|(?i:dr|dra|doctor|doctora|prof|professor|nurse|enfermer[oa]|"
    r"rev|reverend|father|sister|hermana|chaplain|capell[áa]n|coach|pastor|rabbi|imam)\.?)"
)
_WORK_TITLE = lazy(rf"{_WORK_TITLES}\s+")
_WORK_TITLE_BEFORE = lazy(rf"\b{_WORK_TITLES}\s+$")
_PLAIN_TITLE_BEFORE = lazy(
    rf"\b{_PLAIN_TITLE.pattern}\.?\s+(?:(?i:and|&|y)\s+{_PLAIN_TITLE.pattern}\.?\s+)?$"
)
