"""Words the demo data generator (tracker/demo_data.py) builds names, claims and sources from.

Names are written in Cyrillic and transliterated, so that the demo parties have the native
spellings and rival transliterations the tracker's search must bring together.
"""

FIRST_NAMES = [
    "Арман",
    "Руслан",
    "Самат",
    "Нурлан",
    "Ерлан",
    "Бауыржан",
    "Кайрат",
    "Марат",
    "Асхат",
    "Данияр",
    "Ержан",
    "Алмас",
    "Серик",
    "Талгат",
    "Бахыт",
    "Гульнара",
    "Айгерим",
    "Динара",
    "Жанна",
    "Сауле",
    "Мадина",
    "Асель",
    "Карлыгаш",
    "Зарина",
    "Айжан",
    "Тимур",
    "Азамат",
    "Даурен",
    "Жандос",
    "Нуржан",
    "Алибек",
    "Берик",
    "Куаныш",
    "Мухтар",
    "Ораз",
    "Габит",
    "Дархан",
    "Ильяс",
    "Салтанат",
    "Меруерт",
    "Камила",
    "Венера",
    "Светлана",
    "Ольга",
    "Игорь",
    "Дмитрий",
    "Сергей",
    "Андрей",
    "Виктор",
    "Павел",
]

SURNAMES = [
    "Джумагельдиев",
    "Искаков",
    "Абиш",
    "Масимов",
    "Ертысбаев",
    "Шаймерденов",
    "Жаксылыков",
    "Нурмагамбетов",
    "Байжанов",
    "Кожахметов",
    "Сулейменов",
    "Ахметов",
    "Касымов",
    "Омаров",
    "Жумабеков",
    "Токаев",
    "Есенов",
    "Мусин",
    "Абдрахманов",
    "Бекмухамбетов",
    "Садыков",
    "Тлеубаев",
    "Утемисов",
    "Хасенов",
    "Шарипов",
    "Ибраев",
    "Калиев",
    "Мухамеджанов",
    "Жанибеков",
    "Айтбаев",
    "Смагулов",
    "Рахимов",
    "Турсунов",
    "Иванов",
    "Петров",
    "Сидоров",
    "Козлов",
    "Морозов",
    "Волков",
    "Соколов",
    "Лебедев",
    "Новиков",
    "Федоров",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Семенов",
    "Голубев",
    "Виноградов",
    "Богданов",
    "Воробьев",
    "Сергазиев",
    "Досмухамбетов",
    "Нургалиев",
    "Кенжебаев",
    "Ташенов",
]

NICKNAMES = ("Wild", "Big", "Lucky", "Quiet", "Red", "Old", "Young", "Grey", "Fox", "Black")

CITIES = [
    "Almaty",
    "Astana",
    "Shymkent",
    "Taraz",
    "Aktobe",
    "Karaganda",
    "Kyzylorda",
    "Semey",
    "Oral",
    "Atyrau",
    "Pavlodar",
    "Taldykorgan",
    "Kostanay",
    "Petropavl",
    "Turkistan",
    "Zhanaozen",
    "Aktau",
    "Ekibastuz",
]

ORGANISATIONS = (
    ("The prosecution", "state_body"),
    ("The defence", "group"),
    ("The Ministry of Internal Affairs", "state_body"),
    ("The National Security Committee", "state_body"),
    ("The city court", "court"),
    ("The regional court", "court"),
    ("The Supreme Court", "court"),
    ("Witnesses for the prosecution", "group"),
    ("Witnesses for the defence", "group"),
    ("The victims' families", "group"),
    ("Human rights observers", "organisation"),
    ("The bar association", "organisation"),
)

OUTLETS = (
    "Tengrinews.kz",
    "Vlast.kz",
    "Orda.kz",
    "Azattyq",
    "Kursiv",
    "Zakon.kz",
    "Informburo",
    "KazTAG",
    "Liter",
    "Exclusive.kz",
    "Eurasianet",
    "Radio Azattyq Kazakh service",
)

ACTIONS = (
    "ordered the release of detainees",
    "instructed the police to open fire",
    "recruited men to storm the akimat",
    "paid the crowd to gather in the square",
    "handed out weapons near the airport",
    "led looters into the shopping centre",
    "tortured detainees in the basement",
    "burned the mayor's office",
    "signed a false confession under pressure",
    "was abroad when the unrest began",
    "met the organisers two days earlier",
    "tried to stop the looting",
    "passed orders from the security committee",
    "hid evidence from investigators",
    "commanded the unit at the television tower",
    "received money from a foreign account",
    "called for a peaceful protest",
    "was beaten during the interrogation",
    "filmed the shooting on his phone",
    "refused to carry out the order",
)

REPORTING = (
    "According to {name},",
    "{name} told the court that",
    "{name} said that",
    "Prosecutors argued that",
    "Witnesses claimed that",
    "The verdict states that",
    "{name} denied that",
    "In an interview, {name} said that",
    "Lawyers for {name} argued that",
)

FILLER = (
    "The hearing resumed after a short break in the afternoon.",
    "Journalists were not allowed into the courtroom.",
    "The trial has been closed to the press since its first week.",
    "Relatives waited outside the building in the cold.",
    "The judge adjourned the session until the following Monday.",
    "Several defendants retracted their earlier testimony.",
    "The case file runs to more than forty volumes.",
    "Observers said the proceedings were held behind closed doors.",
    "Власти отказались комментировать ход расследования.",
    "Заседание было отложено по ходатайству защиты.",
)

TAGS = (
    "Arrests",
    "Torture",
    "Shooting",
    "Looting",
    "Airport",
    "Akimat",
    "Detention",
    "Confession",
    "Orders",
    "Weapons",
    "Money",
    "Protest",
    "Curfew",
    "Internet shutdown",
    "Foreign involvement",
    "Security committee",
    "Police",
    "Army",
    "Peacekeepers",
    "Amnesty",
    "Verdict",
    "Appeal",
    "Compensation",
    "Missing persons",
    "Journalists",
    "Television tower",
    "Square",
    "Evidence",
    "Interrogation",
    "Witnesses",
)

_TRANSLITERATION = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "ә": "a", "ғ": "g", "қ": "q", "ң": "ng", "ө": "o", "ұ": "u", "ү": "u",
    "һ": "h", "і": "i",
}  # fmt: skip
# The rival spelling an English-language outlet may use instead.
_RIVAL_SPELLINGS = (("Dzh", "J"), ("kh", "h"), ("yev", "iev"), ("ov", "off"), ("zh", "j"))


def transliterate(cyrillic: str) -> str:
    latin = []
    for character in cyrillic:
        lower = character.lower()
        if lower in _TRANSLITERATION:
            word = _TRANSLITERATION[lower]
            latin.append(word.capitalize() if character != lower else word)
        else:
            latin.append(character)
    return "".join(latin)


def rival_spelling(latin: str) -> str | None:
    """Another transliteration of ``latin`` an outlet might print, or None if none differs."""
    for ours, theirs in _RIVAL_SPELLINGS:
        if ours in latin:
            return latin.replace(ours, theirs, 1)
    return None
