"""Invented names and places: people, towns, streets, phone prefixes, organisations.

Only data. Names are combined at random, so no person is described; addresses are real
street and town names without any real person's house; organisations are invented.
"""

from __future__ import annotations

from typing import Final

FI_FIRST: Final[tuple[str, ...]] = (
    "Aino", "Matti", "Laura", "Juha", "Emilia", "Mikko", "Sanna", "Timo", "Elina", "Antti",
    "Helmi", "Eero", "Leena", "Ville", "Kaisa", "Jussi", "Noora", "Pekka", "Siiri", "Onni",
    "Venla", "Eino", "Tiina", "Heikki", "Veera", "Lauri", "Aada", "Olli", "Minna", "Kalle",
    "Iida", "Arttu", "Riikka", "Sami", "Hanna", "Tuomas", "Outi", "Janne", "Pirjo", "Aleksi",
)  # fmt: skip
FI_LAST: Final[tuple[str, ...]] = (
    "Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine",
    "Heikkinen", "Koskinen", "Järvinen", "Lehtonen", "Lehtinen", "Saarinen", "Salminen",
    "Heinonen", "Niemi", "Heikkilä", "Kinnunen", "Salonen", "Turunen", "Salo", "Laitinen",
    "Tuominen", "Rantanen", "Karjalainen", "Jokinen", "Mattila", "Savolainen", "Lahtinen",
    "Ahonen", "Kallio", "Leppänen", "Hiltunen", "Väisänen", "Peltonen", "Räsänen",
)  # fmt: skip
SV_FIRST: Final[tuple[str, ...]] = (
    "Elsa", "Axel", "Ebba", "Hugo", "Linnea", "Oskar", "Stina", "Henrik", "Maja", "Johan",
    "Frida", "Mikael", "Alva", "Gustav", "Greta", "Anders", "Ida", "Fredrik",
)  # fmt: skip
SV_LAST: Final[tuple[str, ...]] = (
    "Lindqvist", "Holmström", "Nyberg", "Sjöberg", "Westerlund", "Lindholm", "Grönroos",
    "Blomqvist", "Forsman", "Ekström", "Sundberg", "Åberg", "Lindroos", "Björkman",
)  # fmt: skip
INTL_FIRST: Final[tuple[str, ...]] = (
    "Amina", "Omar", "Sofia", "David", "Maria", "Ahmed", "Fatima", "Lucas", "Chen", "Priya",
    "Daniel", "Leila", "Yusuf", "Ana", "Tomasz", "Grace",
)  # fmt: skip
INTL_LAST: Final[tuple[str, ...]] = (
    "Hassan", "Ali", "Smith", "Nguyen", "Kowalski", "Rodriguez", "Müller", "Okafor",
    "Ahmadi", "Silva", "Novak", "Jensen", "Fernández", "Mohamed", "Wang",
)  # fmt: skip
SAMI_FIRST: Final[tuple[str, ...]] = (
    "Ánde", "Máret", "Niillas", "Sárá", "Biret", "Áslat", "Elle", "Juhán", "Ristin",
    "Ovllá", "Heaikka", "Inger",
)  # fmt: skip
SAMI_LAST: Final[tuple[str, ...]] = (
    "Guttorm",
    "Aikio",
    "Länsman",
    "Magga",
    "Näkkäläjärvi",
    "Valle",
    "Sara",
)
# (first name, is female)
CYRILLIC_FIRST: Final = (
    ("Ольга", True), ("Иван", False), ("Наталья", True), ("Дмитрий", False),
    ("Анна", True), ("Сергей", False), ("Екатерина", True), ("Алексей", False),
    ("Мария", True), ("Михаил", False),
)  # fmt: skip
# (male form, female form)
CYRILLIC_LAST: Final = (
    ("Петров", "Петрова"), ("Смирнов", "Смирнова"), ("Иванов", "Иванова"),
    ("Кузнецов", "Кузнецова"), ("Соколов", "Соколова"), ("Попов", "Попова"),
    ("Волков", "Волкова"),
)  # fmt: skip
CYRILLIC_LATIN: Final = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
}  # fmt: skip
LATIN_EXTRA: Final = {"ŋ": "ng", "đ": "d", "ŧ": "t", "ß": "ss", "ø": "o", "æ": "ae"}

# (postal code, city as written in the address, municipality)
FI_TOWNS: Final[tuple[tuple[str, str, str], ...]] = (
    ("33100", "Tampere", "Tampere"), ("33200", "Tampere", "Tampere"),
    ("33500", "Tampere", "Tampere"), ("33720", "Tampere", "Tampere"),
    ("33470", "Ylöjärvi", "Ylöjärvi"), ("37100", "Nokia", "Nokia"),
    ("36200", "Kangasala", "Kangasala"), ("37500", "Lempäälä", "Lempäälä"),
    ("38200", "Sastamala", "Sastamala"),
    ("13100", "Hämeenlinna", "Hämeenlinna"), ("00100", "Helsinki", "Helsinki"),
    ("00530", "Helsinki", "Helsinki"), ("02100", "Espoo", "Espoo"),
    ("01300", "Vantaa", "Vantaa"), ("20100", "Turku", "Turku"),
    ("40100", "Jyväskylä", "Jyväskylä"), ("15100", "Lahti", "Lahti"),
    ("28100", "Pori", "Pori"), ("90100", "Oulu", "Oulu"), ("70100", "Kuopio", "Kuopio"),
)  # fmt: skip
SV_TOWNS: Final[tuple[tuple[str, str, str], ...]] = (
    ("65100", "Vasa", "Vasa"), ("68600", "Jakobstad", "Jakobstad"),
    ("10600", "Ekenäs", "Raseborg"), ("06100", "Borgå", "Borgå"),
    ("22100", "Mariehamn", "Mariehamn"), ("00100", "Helsingfors", "Helsingfors"),
    ("20100", "Åbo", "Åbo"), ("66900", "Nykarleby", "Nykarleby"),
)  # fmt: skip
SAMI_TOWNS: Final[tuple[tuple[str, str, str], ...]] = (
    ("99800", "Ivalo", "Inari"), ("99870", "Inari", "Inari"), ("99980", "Utsjoki", "Utsjoki"),
    ("99400", "Enontekiö", "Enontekiö"), ("99600", "Sodankylä", "Sodankylä"),
)  # fmt: skip
FI_STREETS: Final[tuple[str, ...]] = (
    "Hämeenkatu", "Koivukuja", "Rantatie", "Kirkkokatu", "Puistotie", "Satakunnankatu",
    "Pihlajatie", "Kalevantie", "Myllypurontie", "Kuusikatu", "Rajatie", "Asemakatu",
    "Sammonkatu", "Tuomikuja", "Järvenrannantie", "Lehtolantie",
)  # fmt: skip
SV_STREETS: Final[tuple[str, ...]] = (
    "Strandvägen", "Kyrkogatan", "Skolgatan", "Storgatan", "Björkvägen", "Åsvägen",
    "Hamngatan", "Kvarngatan",
)  # fmt: skip
SAMI_STREETS: Final[tuple[str, ...]] = (
    "Ivalontie",
    "Saariseläntie",
    "Jokitie",
    "Tunturitie",
    "Kaamasentie",
)
PHONE_PREFIXES: Final = ("040", "041", "044", "045", "050")

COUNTIES: Final = (
    "Pirkanmaan hyvinvointialue",
    "Kanta-Hämeen hyvinvointialue",
    "Keski-Suomen hyvinvointialue",
)
# (name, base of the business ID: the first valid ID at or after it is used)
EMPLOYERS: Final = (
    ("Esimerkkiyhtiö Oy", 1572860),
    ("Harjoitus Ky", 2718281),
    ("Malli ja Kumppanit Oy", 1414213),
    ("Testilän Palvelut Oy", 1732050),
)
