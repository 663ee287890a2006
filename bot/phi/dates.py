"""Dates more specific than a year, in every common spelling, and ages over 89, in English
and Spanish ("14.03.1952", "el 9 de julio de 1951", "9/jul/1951", "noventa y dos años").

A year alone is allowed (Safe Harbor keeps years). A date that is clearly about the
organisation's own doings ("our press briefing on June 12", "la conferencia de prensa será
el 12 de mayo") is allowed too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from bot.phi import context
from bot.phi.model import Finding, Org, Pattern, finditer_near_digits, lazy

_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)|Apr(?:il|\.)?|May|June?|July?|"
    r"Aug(?:ust|\.)?|Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_MONTH_ANY_CASE = rf"(?:{_MONTH}|(?i:january|february|april|june|july|august|september|october|november|december))"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_ORDINAL = (
    r"(?i:(?:twenty|thirty)[- ](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|"
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    r"thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|"
    r"twentieth|thirtieth)"
)
# A year in words or digits: "nineteen forty-nine", "two thousand three", "1949".
_YEAR_WORDS = (
    r"(?:1[89]\d\d|20\d\d|(?i:nineteen|eighteen|twenty)[- ](?:hundred|oh[- ]\w+|(?:ten|"
    r"eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)|"
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|"
    r"five|six|seven|eight|nine))?)|(?i:two thousand(?: and)?(?: \w+)?))"
)
# A year in Spanish words: "dos mil veinticinco", "mil novecientos cincuenta y uno".
_YEAR_ES_WORDS = (
    r"(?:dos\s+mil(?:\s+\w+){0,3}|mil\s+novecientos(?:\s+\w+){0,3}|"
    r"mil\s+ochocientos(?:\s+\w+){0,3})"
)
_WEEKDAY = r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs?)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?"

_DATE = lazy(
    "|".join(
        (
            # March 3, March 3rd, March 3, 2026, Tuesday, March 3
            rf"\b(?:{_WEEKDAY}\s+)?{_MONTH_ANY_CASE}\.?\s+{_DAY}(?![\d:])(?:,?\s+{_YEAR}\b)?",
            # 3 March, 14th of March 2026, the 3rd of March
            rf"\b(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH_ANY_CASE}\b(?:,?\s+{_YEAR}\b)?",
            # March 2025, March of 2025
            rf"\b{_MONTH_ANY_CASE}\.?,?\s+(?:of\s+)?{_YEAR}\b",
            # March third, the third of March, March third, nineteen forty-nine
            rf"\b{_MONTH_ANY_CASE}\s+(?:the\s+)?{_ORDINAL}\b(?:,?\s+{_YEAR_WORDS})?",
            rf"\bthe\s+{_ORDINAL}\s+of\s+(?:{_MONTH_ANY_CASE}|(?i:march|may))\b(?:,?\s+{_YEAR_WORDS})?",
            # 3/14/2026, 03-14-26, 14.03.2026, 03.15.2025 (a full stop after ends the sentence)
            r"(?<![\d/.-])(?:0?[1-9]|1[0-2])([/-])(?:0?[1-9]|[12]\d|3[01])\1(?:\d{4}|\d\d)(?![\d/-])",
            r"(?<![\d/.-])(?:0?[1-9]|[12]\d|3[01])([/.-])(?:0?[1-9]|1[0-2])\2\d{4}(?![\d/-]|\.\d)",
            r"(?<![\d/.-])(?:0?[1-9]|1[0-2])\.(?:0?[1-9]|[12]\d|3[01])\.\d{4}(?![\d/-]|\.\d)",
            # 2026-03-14, 2026/03/14
            r"(?<![\d/.-])(?:19|20)\d\d([/-])(?:0?[1-9]|1[0-2])\3(?:0?[1-9]|[12]\d|3[01])(?![\d/-])",
            # 3/14 (not 24/7, not a fraction of something)
            r"(?<![\d/.-])(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])(?![\d/-])(?!\s+(?:of|cups?|inch|miles?)\b)",
        )
    )
)
# A month written short between numbers: 9/jul/1951, 14-Mar-1952, 9 ago 1951.
_MONTH_SHORT = (
    r"(?:jan|ene|feb|mar|apr|abr|may|jun|jul|aug|ago|sep|sept|set|oct|nov|dec|dic)"
    r"|(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|"
    r"noviembre|diciembre)"
)
_MONTH_ES = (
    r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|"
    r"noviembre|diciembre)"
)
_WEEKDAY_ES = r"(?:lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo)"
_DATE_ES = lazy(
    "|".join(
        (
            # el primero de enero de 1960, el cinco de mayo de 1950, veinte de enero de dos
            # mil veinticinco
            rf"\b(?:el\s+)?(?:primero|(?<=el\s)(?:dos|tres|cuatro|cinco|seis|siete|ocho|nueve|"
            r"diez|once|doce|trece|catorce|quince|diec\w+|veinte|veinti\w+|treinta(?:\s+y\s+uno)?))"
            rf"\s+de\s+{_MONTH_ES}\b(?:\s+(?:de|del)\s+(?:1[89]\d\d|20\d\d|{_YEAR_ES_WORDS}))?",
            rf"\b(?:dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|"
            r"quince|diec\w+|veinte|veinti\w+|treinta(?:\s+y\s+uno)?)\s+de\s+"
            rf"{_MONTH_ES}\s+(?:de|del)\s+(?:1[89]\d\d|20\d\d|{_YEAR_ES_WORDS})",
            # el 9 de julio de 1951, el martes 4 de junio, 1.º de mayo, 3 de marzo del 2024
            rf"\b(?:{_WEEKDAY_ES},?\s+)?(?:3[01]|[12]\d|0?[1-9])(?:\.?\s?[º°o])?\s+de\s+"
            rf"(?:{_MONTH_ES}\b|(?:ene|feb|mar|abr|may|jun|jul|ago|sept?|set|oct|nov|dic)\b\.?)"
            r"(?:\s+(?:de|del)\s+(?:1[89]\d\d|20\d\d))?\b",
            # 9/jul/1951, 14-Mar-1952, 9 ago 1951, 9.julio.1951
            rf"(?<![\d/.-])(?:3[01]|[12]\d|0?[1-9])([/.\s-])(?:{_MONTH_SHORT})\.?\1(?:1[89]\d\d|20\d\d|\d\d)(?![\d/-])",
        )
    ),
    re.I,
)
# "Visit date 3.7.24", "DOB 3.7.24": day, month and a two-digit year after a date word
# (without one, "3.7.24" may be a version number).
_DOTTED_SHORT = lazy(
    r"\b(?:date|dated|dob|d\.o\.b\.|born|birth|birthday|admitted|discharged|seen|visited|died|"
    r"on|since|el|del|desde|"
    r"fecha|nacimiento|naci[óo]|nacid[oa]|ingres[óo]|ingreso|alta|falleci[óo])\b[^\d.!?\n]{0,12}?"
    r"(?<![\d/.-])((?:0?[1-9]|[12]\d|3[01])\.(?:0?[1-9]|1[0-2])\.\d\d|"
    r"(?:0?[1-9]|1[0-2])\.(?:1[3-9]|2\d|3[01])\.\d\d|"
    # a day and month with the closing dot and no year: "el 03.05.", "since 11.06."
    r"(?:0?[1-9]|[12]\d|3[01])\.(?:0?[1-9]|1[0-2])\.(?=\s|$|[,;)]))(?![\d/-]|\.\d)",
    re.I,
)
_HOLIDAY = (
    r"(?:Christmas(?: Eve| Day)?|New Year's (?:Eve|Day)|Thanksgiving(?: Day)?|Easter(?: Sunday)?|"
    r"Halloween|Valentine's Day|Independence Day|the Fourth of July|July 4th|Labor Day|"
    r"Memorial Day|Mother's Day|Father's Day|Veterans Day)"
)
# A holiday is a date when a year pins it down, or when it is a person's day.
_HOLIDAY_DATE = lazy(rf"\b{_HOLIDAY},?\s+(?:of\s+)?{_YEAR}\b|\bon {_HOLIDAY}\b")
_DOB = lazy(
    r"\b(?:DOB|D\.O\.B\.|date of birth|birth ?date|born(?: on)?)\s*:?\s*(\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})",
    re.I,
)

# Whose sentence is it, in Spanish: a person's (su madre, nació, la paciente) or the
# organisation's (la conferencia de prensa, la nueva política, el centro estará cerrado)?
_PERSONAL_ES = lazy(
    r"\b(?:él|ella|ellos|ellas|mi|mis|lo|le|les|"
    r"madre|padre|mam[áa]|pap[áa]|hij[oa]s?|abuel[oa]s?|t[íi][oa]s?|espos[oa]|herman[oa]s?|"
    r"sobrin[oa]s?|niet[oa]s?|prim[oa]s?|beb[ée]|niñ[oa]|señor|señora|sr|sra|joven|"
    r"muchach[oa]|mujer|hombre|vecin[oa]|amig[oa]|(?-i:Don|Doña)(?=\s+[A-Z])|"
    r"(?:el|la|del|al|este|esta|ese|esa|nuestr[oa])\s+paciente|"
    r"naci[óo]|nacid[oa]|nacimiento|falleci[óo]|fallecid[oa]|muri[óo]|muerte|ingres[óo]|"
    r"ingresad[oa]|internad[oa]|hospitalizad[oa]|operad[oa]|intubad[oa]|sedad[oa]|"
    r"(?:dad[oa]s?|dieron|dar[áa]n?|dan)\s+de\s+alta|el\s+alta|"
    r"cita|cirug[íi]a|operaron|operad[oa]|atendieron|atendid[oa]|vieron|cumpleaños|cumpli[óo]|"
    # a verb that tells what someone did, with the person left unsaid: "llegó el 3 de marzo"
    r"lleg[óo]|sali[óo]|vino|volvi[óo]|regres[óo]|estuvo|sufri[óo]|acudi[óo]|se\s+cay[óo]|"
    r"dio\s+a\s+luz|(?:lo|la)\s+trajeron)\b",
    re.I,
)
_ORGANISATIONAL_ES = lazy(
    r"\b(?:conferencia|rueda de prensa|sesi[óo]n|reuni[óo]n|feria|evento|jornada|taller|charla|"
    r"celebra\w*|pol[íi]tica|norma|vigor|vigencia|horario|cerrad[oa]s?|abiert[oa]s?|abre|cierra|"
    r"comunicado|informe|bolet[íi]n|publicar[áa]?|publica|anuncio|campaña|centro|hospital|"
    r"unidad|departamento|personal|equipo|comunidad|inscripci[óo]n|plazo|voluntari[oa]s|"
    r"visitas|acompañantes?|se permiten?|programa|aniversario|fundad[oa]|edici[óo]n|"
    r"encuesta|capacitaci[óo]n|curso|clases?|vacunaci[óo]n|temporada|semana|trimestre|"
    r"a\s+partir\s+del?|visitantes|todos\s+los|todas\s+las|registrarse|"
    r"inscribirse|prensa|periodistas|medios|publicamos|publicado|anunciamos|anunci[óo]|"
    r"escucha|foro|simulacro|inauguraci[óo]n|reconocimiento|premio|acreditaci[óo]n|"
    r"vigilia|homenaje|ceremonia|misa|desfile|concierto|festival|recorrido|caminata|"
    r"inaugur\w+|abriremos|abrimos|celebramos|lanzamos|lanzaremos|publicaremos|"
    r"presentamos|presentaremos|cerraremos|organizamos|invitamos|"
    r"carrera|marat[óo]n|gala|colecta|donaci[óo]n|junta|asamblea|"
    r"plazo|fecha\s+l[íi]mite|solicitudes|convocatoria|gratuit[oa]s?|cubrebocas|mascarillas?)\b",
    re.I,
)


def organisational(text: str, start: int, end: int, org_name: str = "") -> bool:
    """Whether the sentence around text[start:end], English or Spanish, is about the
    organisation and no person."""
    if context.about_organisation(text, start, end, org_name):
        return not personal_es(text, start, end)
    sentence = context.sentence_around(text, start, end)
    rest = sentence.replace(text[start:end], " ")
    return (
        bool(_ORGANISATIONAL_ES.search(rest))
        and not context.is_personal(text, start, end)
        and not _PERSONAL_ES.search(rest)
    )


def personal_es(text: str, start: int, end: int) -> bool:
    """Whether the Spanish sentence around text[start:end] speaks of a person."""
    sentence = context.sentence_around(text, start, end)
    return bool(_PERSONAL_ES.search(sentence.replace(text[start:end], " ")))


def personal(text: str, start: int, end: int) -> bool:
    """Whether the sentence around text[start:end], English or Spanish, speaks of a person."""
    return context.is_personal(text, start, end) or personal_es(text, start, end)


# Any age: digits up to 125, or words ("sixty-four", "barely two", "ochenta y dos").
_AGE_NUMBER = r"(?:1[01]\d|12[0-5]|[1-9]?\d)"
_UNITS_EN = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_AGE_WORD = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ]" + _UNITS_EN + r")?|"
    r"(?:one |a )?hundred(?: and (?:" + _UNITS_EN + r"|ten|eleven|twelve))?|"
    r"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
    + _UNITS_EN
    + r")"
)
_AGE_ANY = rf"(?:{_AGE_NUMBER}|{_AGE_WORD})"
_SPELLED_AGE = lazy(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|"
    r"thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)\b|centenarian|nonagenarian|"
    r"\b(?:twent|thirt|fort|fift|sixt|sevent|eight|ninet)ies\b|\bteens\b|\bage\b",
    re.I,
)
_UNITS_ES = r"(?:un[oa]?|dos|tres|cuatro|cinco|seis|siete|ocho|nueve)"
_AGE_ES_NUMBER = (
    r"(?:1[01]\d|12[0-5]|[1-9]?\d|"
    r"(?:treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa)(?:\s+y\s+" + _UNITS_ES + r")?|"
    r"veinti(?:[úu]n[oa]?|d[óo]s|tr[ée]s|cuatro|cinco|s[ée]is|siete|ocho|nueve)|"
    r"diec?i(?:s[ée]is|siete|ocho|nueve)|diez|once|doce|trece|catorce|quince|veinte|"
    r"cien|ciento\s+(?:" + _UNITS_ES + r"|diez|once|doce)|" + _UNITS_ES + r")"
)
_YEARS_ES = r"(?:(?:y\s+(?:tantos|pico|algo)\s+)?(?:años|añitos|meses|mesecitos|semanas))"
# "de 83 años", "tiene sesenta y ocho años", "cumple 80 el 17 de octubre", "E.G., 67 años".
_AGE_ES = lazy(
    rf"\b(?:tiene|ten[íi]a|tendr[áa]|cumpli[óo]|cumple|cumplir[áa]|de|con|a\s+los|edad\s+de|"
    rf"edad:?)\s+(?:ya\s+|casi\s+|reci[ée]n\s+|apenas\s+|s[óo]lo\s+|solamente\s+|unos\s+)?"
    rf"{_AGE_ES_NUMBER}\s+{_YEARS_ES}\b"
    r"(?!\s+(?:de\s+)?(?:historia|servicio|trayectoria|experiencia|vida|antigüedad|espera|"
    r"trabajo|funcionamiento|existencia|labor|carrera|edad)\b)"
    rf"|\b(?:cumpli[óo]|cumple|cumplir[áa])\s+{_AGE_ES_NUMBER}(?=\s+(?:el|este|esta|en|la|"
    r"mañana|hoy|pronto|ayer|anoche|anteayer|antier|reci[ée]n)\b|\s*[,.!?]|$)"
    rf"|(?<=[.)]),\s+{_AGE_ES_NUMBER}\s+años\b"
    # "Nicolás Arango, 16 años, ingresó": a name, then an age set off by commas
    rf"|(?<=[a-záéíóúñü]),\s+{_AGE_ES_NUMBER}\s+años(?=\s*[,.;)]|\s+(?:ingres|lleg|est|sigue|"
    r"fue|qued|muri|falleci|se\s))"
    r"|\b(?:super)?(?:nonagenari|centenari)[oa]s?\b",
    re.I,
)
_SPELLED_AGE_ES = lazy(r"años|añitos|meses|cumpl|nonagenari|centenari", re.I)
# "Patients aged ninety and older", "pacientes de noventa años o más": a range, no one.
_RANGE_AFTER = lazy(
    r"\s*(?:\+|(?:and|or)\s+(?:older|over|above|up|under|younger|below)\b|plus\b|"
    r"(?:o|y)\s+(?:m[áa]s|mayores|menos|menores)\b|en\s+adelante\b|(?:to|through|-|–|a|y)\s*\d)",
    re.I,
)
# "mayores de noventa años", "over the age of eighty", "under twelve": a range.
_RANGE_BEFORE = lazy(
    r"\b(?:mayores|mayor|m[áa]s|menores|menor|menos|over|above|under|below|older than|younger than|"
    r"at least|ages|between|from|entre|desde|hasta)\s*(?:the\s+age\s+of\s+|the\s+|de\s+)?$",
    re.I,
)
_THING_BEFORE_ES = lazy(
    r"\b(?:programa|hospital|centro|edificio|instituci[óo]n|organizaci[óo]n|fundaci[óo]n|"
    r"iglesia|tradici[óo]n|empresa|cl[íi]nica|escuela|servicio|departamento|unidad|ala|"
    r"historia|campus|sede|riverside|general|feria|campaña|proyecto)\b[^.!?]{0,30}$",
    re.I,
)
_RELATIVE = (
    r"(?:grand)?(?:mother|father|ma|pa|mom|dad|parent|son|daughter|child|kid)|mum|aunt|uncle|"
    r"wife|husband|partner|sister|brother|cousin|neighbou?r|friend|patient|woman|man|lady|"
    r"gentleman|guy|boy|girl|baby|toddler|infant|teen|teenager|veteran|resident|writer|"
    r"commenter|caller|poster|member|volunteer|driver|victim|great-\w+|grandma|grandpa|nana"
)
_NOT_YEARS = (
    r"(?:percent|minutes?|hours?|days?|weeks?|months?|beds?|degrees?|feet|foot|inches|miles?|"
    r"pounds?|lbs?|kg|mph|points?|dollars?|cents?|patients?|people|times|visits?|calls?|"
    r"posts?|comments?|of|in|out|more|less|at|to|on|stars?|floors?|stitches|shots?|doses?|"
    r"pills?|children|kids|others?|things?|ways?|rooms?|staff|nurses|people|more|%)\b"
)
# Initials or a name before an age: "J.R., 58,", "R. V., 67", "M.K.-L., 33", "T.O. (46)",
# "Walt Ingram, 102,".
_INITIALS_BEFORE = (
    r"(?:\b[A-Z]\.(?:\s?-?[A-Z]\.){1,3}(?:-[A-Z]\.)?|\b[A-Z][a-z]+(?:\s+[A-Z][a-z'’-]+)*)"
)
_AGE = lazy(
    "|".join(
        (
            rf"\b{_AGE_ANY}[- ](?:years?|yrs?|months?|mos?|weeks?|days?)[- ](?:old|young)\b",
            rf"\b{_AGE_ANY} (?:years?|yrs?) of age\b",
            # "45 yo", "71-yo", "45 yoa" (years of age)
            rf"\b{_AGE_NUMBER}\s*-?(?:yo|yoa|y/o|y\.o\.|yrs?\s+old)(?!\w)",
            rf"\b{_AGE_ANY}\s*-?(?:yo|yoa|y/o|y\.o\.)(?!\w)",
            rf"\b(?:aged?|age of|turned|turning|turns|will turn)\s+{_AGE_ANY}\b(?!-)",
            rf"\b(?:{_RELATIVE}|she|he|who|i|(?-i:[A-Z][a-z]+))(?:\s+is|\s+was|['’]s|['’]m|\s+am|"
            r"\s+turned|\s+will be|\s+just turned)\s+"
            r"(?:now\s+|almost\s+|nearly\s+|just\s+|only\s+|barely\s+|already\s+|about\s+|"
            rf"around\s+)?{_AGE_ANY}\b(?![.,]\d|-|\s*%|\s+{_NOT_YEARS})",
            rf"\b{_AGE_ANY}(?:st|nd|rd|th)\s+birthday\b",
            r"\b(?:super)?centenarian\b|\bnonagenarian\b",
            r"\b(?:in|into) (?:his|her) (?:early |mid[- ]?|late )?(?:[1-9]0s|teens|"
            r"twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties|100s|"
            r"hundreds)\b",
            # "J.R., 58,", "a toddler, barely two, came", "R. V., 67, left"
            rf"(?<=[A-Za-z.]),\s+(?:only\s+|barely\s+|just\s+|almost\s+|about\s+)?{_AGE_ANY}"
            # ... and its sex: "D.F., 77M, sundowning"
            r"(?=\s?(?-i:[MF])?\s*,|\s+(?:is|was|remains|came|left|admitted|and|who|with|y|de)\b)",
            # "C.R., de 35, necesita": initials or a name, then a Spanish age with no "años"
            rf"(?<=[A-Za-z.]),\s+de\s+{_AGE_NUMBER}(?=\s*,)",
            # "At ninety-one, Mrs. Pell still volunteers", "at 87, he": an age before the person
            rf"\b(?<![:\d])at\s+(?:age\s+)?(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|"
            rf"ninety)(?:[- ]{_UNITS_EN})?|(?:one |a )?hundred|1[3-9]|[2-9]\d|1[01]\d)"
            r"(?=,\s+(?-i:Mr|Mrs|Ms|Miss|Mx|Sr|Sra|don|doña)\b|,\s+(?:he|she|my|his|her)\b)",
            # "R.L. 55F", "JR 67yo M", "pt 45 M": an age with a sex after initials
            r"(?-i:(?:(?<=\b[A-Z]\.[A-Z]\.)|(?<=\b[A-Z]\.[A-Z]\.[A-Z]\.)|(?<=\b[A-Z]{2})|"
            r"(?<=\b[A-Z]{3})|(?<=\b[Pp]t)|(?<=\b[Pp]atient))\s+\d{1,3}\s*(?:yo|y/o|y\.o\.)?\s*[MF])\b",
            # "T.O. (46)", "D.W. (age 19)", "(age 19)"
            rf"(?<=[A-Za-z.])\s*\((?:age[ds]?\s+|edad\s+)?{_AGE_NUMBER}\)",
            rf"\((?:age[ds]?|edad)\s+{_AGE_NUMBER}\)",
        )
    ),
    re.I,
)
# Before a bare "(54)": initials, a first name and surname, or a person, so it is an age.
_PAREN_OWNER = lazy(
    r"(?:\b[A-Z]\.(?:\s?-?[A-Z]\.){1,3}|\b[A-Z][a-z'’-]+\s+[A-Z][a-z'’-]+|"
    rf"\b(?i:{_RELATIVE}))\s*$"
)
# Before ", 58,": someone (initials, a name, a person) rather than a count of something.
_AGE_APPOSITIVE_OWNER = lazy(
    rf"(?:{_INITIALS_BEFORE}|\b(?i:{_RELATIVE}|toddler|child|kid|infant|baby|paciente|"
    r"niñ[oa]|hombre|mujer|señora?|menor))$"
)
# "The building is 110 years old", "our 100-year-old tradition": a thing, not a person.
_THING_AFTER = lazy(
    r"^[\s-]*(?:\w+\s+)?(?:building|hospital|institution|organi[sz]ation|company|wing|campus|"
    r"tradition|church|bridge|tree|structure|program|center|centre|clinic|facility|school|"
    r"record|history|house|review|policy|plan|period|window|study|trial|pilot|program|"
    r"campaign|partnership|contract|lease|anniversary)s?\b",
    re.I,
)
_THING_BEFORE = lazy(
    r"\b(?:building|hospital|institution|organi[sz]ation|company|wing|campus|tradition|church|"
    r"bridge|tree|structure|program|center|centre|clinic|facility|school|house|riverside|"
    r"general|foundation|fund|campaign|unit|department|team)s?\b"
    r"(?:,?\s+(?:which|that))?(?:\s+(?:is|was|turned|turns|will be|will turn|has turned|"
    r"just turned))?\s+(?:now\s+|almost\s+|nearly\s+|just\s+|over\s+)?$",
    re.I,
)


# A date may be written with no digit at all: "March third", "el primero de enero".
_WORDS_DATE_HINT = lazy(rf"\b{_ORDINAL}\b|\bde\s+{_MONTH_ES}\b", re.I)


def _date_matches(
    pattern: Pattern, text: str, spelled: bool, after: int
) -> Iterator[re.Match[str]]:
    return pattern.finditer(text) if spelled else finditer_near_digits(pattern, text, 30, after)


# Anyone at all: "If you were in the waiting room on March 3", "Si usted estuvo ... el 3".
_ANYONE = lazy(
    r"\b(?:if\s+you|if\s+anyone|anyone\s+who|whoever|everyone\s+who|those\s+who|people\s+who|"
    r"si\s+usted(?:es)?|si\s+alguien|cualquier\s+persona|quienes|quien\s+haya|"
    r"todas?\s+las?\s+personas?\s+que)\b",
    re.I,
)
_SOMEONE_IN_PARTICULAR = lazy(
    r"\b(?:my|his|her|mi|mis|he|she|él|ella|(?:su|sus)\s+(?:hij[oa]|madre|padre|mam[áa]|"
    r"pap[áa]|espos[oa]|abuel[oa]|herman[oa]))\b",
    re.I,
)


def _to_anyone(text: str, start: int, end: int) -> bool:
    """Whether the sentence speaks to anyone at all, no one in particular."""
    sentence = context.sentence_around(text, start, end)
    return bool(_ANYONE.search(sentence)) and not _SOMEONE_IN_PARTICULAR.search(sentence)


def dates(text: str, org: Org) -> Iterator[Finding]:
    spelled = bool(_WORDS_DATE_HINT.search(text))
    for m in _date_matches(_DATE, text, spelled, 30):
        value = m.group().rstrip(",. ")
        if organisational(text, m.start(), m.end(), org.name) or _to_anyone(
            text, m.start(), m.end()
        ):
            continue
        yield Finding(
            "date", m.start(), m.start() + len(value), value, "looks like a date (more than a year)"
        )
    for m in _date_matches(_DATE_ES, text, spelled, 40):
        value = m.group().rstrip(",. ")
        if organisational(text, m.start(), m.end(), org.name) or _to_anyone(
            text, m.start(), m.end()
        ):
            continue
        yield Finding(
            "date", m.start(), m.start() + len(value), value, "looks like a date (more than a year)"
        )
    for m in finditer_near_digits(_DOTTED_SHORT, text, 30, 30):
        if organisational(text, m.start(1), m.end(1), org.name) or _to_anyone(
            text, m.start(1), m.end(1)
        ):
            continue
        yield Finding(
            "date", m.start(1), m.end(1), m.group(1), "looks like a date (more than a year)"
        )
    for m in _HOLIDAY_DATE.finditer(text):
        if context.about_organisation(text, m.start(), m.end()):
            continue
        if re.search(r"\d{4}", m.group()) or context.is_personal(text, m.start(), m.end()):
            value = m.group().removeprefix("on ")
            yield Finding(
                "date", m.end() - len(value), m.end(), value, "looks like a date (more than a year)"
            )
    for m in finditer_near_digits(_DOB, text, 30, 30):
        yield Finding("date", m.start(), m.end(), m.group(), "looks like a date of birth")


# An average or a typical age is a statistic about many: "the average age ... is 67",
# "la edad promedio de nuestros voluntarios es de 67 años".
_STATISTIC_BEFORE = lazy(
    r"\b(?:average|mean|median|typical|promedio|media|mediana)\b[^.!?\n]{0,40}$", re.I
)
# Where the number begins inside a match: "Riverside turned 114" is owned by "Riverside".
_AGE_VALUE = lazy(rf"\b{_AGE_ANY}\b", re.I)


def ages(text: str, org: Org) -> Iterator[Finding]:
    reason = "a person's age"
    spelled = _SPELLED_AGE.search(text)
    for m in _AGE.finditer(text) if spelled else finditer_near_digits(_AGE, text, 40, 30):
        before = text[max(0, m.start() - 40) : m.start()]
        if _THING_AFTER.match(text[m.end() :]) or _THING_BEFORE.search(before):
            continue
        number = _AGE_VALUE.search(m.group())
        if (
            number
            and number.start() > 0
            and _THING_BEFORE.search(text, max(0, m.start() - 40), m.start() + number.start())
        ):
            continue  # "Riverside turned 114", "the hospital is 114": a thing's age
        if _STATISTIC_BEFORE.search(text, max(0, m.start() - 60), m.start()):
            continue
        if _RANGE_AFTER.match(text, m.end()) or _RANGE_BEFORE.search(before):
            continue
        value = m.group().strip(" ,")
        if value.startswith("(") and value[1:2].isdigit() and not _PAREN_OWNER.search(before):
            continue  # "Video (1)", "moving on (2)": a count; "K.L. (54)", "Ana Ruiz (7)": age
        if value.startswith(",") or m.group().startswith(","):
            if not _AGE_APPOSITIVE_OWNER.search(text, max(0, m.start() - 40), m.start()):
                continue  # "Unit 4B, 32 beds": a count
            value = value.lstrip(", ")
        start = m.start() + m.group().index(value)
        yield Finding("age", start, start + len(value), value, reason)
    spelled_es = _SPELLED_AGE_ES.search(text)
    for m in _AGE_ES.finditer(text) if spelled_es else finditer_near_digits(_AGE_ES, text, 40, 30):
        before = text[max(0, m.start() - 40) : m.start()]
        if (
            _RANGE_AFTER.match(text, m.end())
            or _RANGE_BEFORE.search(before)
            or _THING_BEFORE_ES.search(before)
            or _STATISTIC_BEFORE.search(text, max(0, m.start() - 60), m.start())
        ):
            continue
        value = m.group().lstrip(", ")
        start = m.end() - len(value)
        yield Finding("age", start, m.end(), value, reason)


# An age set right after a person's name: "Jaylen (14)", "Hasan (58) is",
# "Florentyna Kaczmarek, seventy-three.", "Mr. Okafor today, 88, comfortable".
_AGE_AFTER_NAME = lazy(
    r"(?:['’]s)?(?:\s+(?:today|yesterday|tonight|this\s+morning|now))?"
    rf"(?:\s*\((?:age[ds]?\s+|edad\s+)?(?P<paren>{_AGE_NUMBER})\)"
    rf"|,\s+(?:age[ds]?\s+|aged\s+)?(?P<comma>{_AGE_ANY})"
    r"(?=\s*[,.;:!?)—–]|\s*$|\s+(?:is|was|remains|and|who|with|has|had|came|went|fell)\b))",
    re.I,
)


def ages_after_names(text: str, names: Sequence[Finding]) -> Iterator[Finding]:
    """Ages read after a name the name detector found: its owner is that person."""
    for name in names:
        m = _AGE_AFTER_NAME.match(text, name.end)
        if m is None:
            continue
        group = "paren" if m.group("paren") else "comma"
        start, end = m.span(group)
        if _RANGE_AFTER.match(text, end):
            continue
        yield Finding("age", start, end, text[start:end], "a person's age, after their name")
