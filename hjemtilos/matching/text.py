"""Reading the free-text facts matching compares: interests, languages, pets, allergies.

Interests and a family's activities are written freely ("fodbold, tegne og
dyr" / "Vi elsker at tegne og gå ture i skoven"), so words are reduced to a
canonical activity where one is known (``tegne``, ``tegning`` → *tegning*),
and kept as they are otherwise. Every function is cached by its text: the
same texts come back on every ranking, and the engine calls these once per
child and family, never per pair.
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[a-zæøåéü]+")
# Shorter words without a known meaning ("og", "til") say nothing about interests.
MIN_WORD_LENGTH = 4

# Canonical activities and the Danish (and a few English) words that name them.
ACTIVITIES: dict[str, tuple[str, ...]] = {
    "fodbold": ("fodbold", "bold", "boldspil", "football", "soccer"),
    "tegning": ("tegne", "tegning", "tegner", "male", "maler", "maling", "drawing", "kreativ"),
    "dyr": ("dyr", "dyrene", "animals"),
    "heste": ("hest", "heste", "ridning", "ride", "rideskole"),
    "lego": ("lego", "bygge", "klodser"),
    "dans": ("dans", "danse", "danser", "dance"),
    "svømning": ("svømning", "svømme", "svømmehal", "svømmehallen", "bade", "swimming"),
    "bagning": ("bagning", "bage", "bager", "kage", "kager", "boller", "baking"),
    "madlavning": ("madlavning", "madlave", "cooking"),
    "natur": ("natur", "naturen", "skov", "skoven", "gåtur", "gåture", "ture", "tur", "hike"),
    "musik": ("musik", "synge", "sang", "instrument", "guitar", "klaver", "music"),
    "cykling": ("cykling", "cykle", "cykel", "cykeltur", "cycling"),
    "læsning": ("læsning", "læse", "bøger", "bog", "biblioteket", "reading"),
    "klatring": ("klatring", "klatre", "klatrevæg", "climbing"),
    "brætspil": ("brætspil", "spil", "kortspil", "puslespil", "games"),
    "gaming": ("gaming", "computer", "playstation", "minecraft", "computerspil"),
    "film": ("film", "biograf", "biografen", "movies"),
    "sport": ("sport", "idræt", "håndbold", "basketball", "gymnastik", "løb", "løbe"),
    "have": ("haven", "havearbejde", "gardening"),
    "strand": ("strand", "stranden", "havet", "beach"),
    "fiskeri": ("fiske", "fiskeri", "fisketur", "fishing"),
}
_CANONICAL = {word: name for name, words in ACTIVITIES.items() for word in words}

# Words that say nothing about an interest.
_STOP = frozenset(
    [
        "og",
        "at",
        "vi",
        "er",
        "en",
        "et",
        "de",
        "den",
        "det",
        "med",
        "til",
        "på",
        "af",
        "for",
        "som",
        "kan",
        "lide",
        "godt",
        "meget",
        "gerne",
        "også",
        "har",
        "hun",
        "han",
        "barnet",
        "børnene",
        "vores",
        "vil",
        "lidt",
        "alt",
        "andet",
        "sammen",
        "os",
        "i",
        "om",
        "ud",
        "hjemme",
        "have",
        "spille",
        "lave",
        "gøre",
        "være",
    ]
)

LANGUAGES: dict[str, tuple[str, ...]] = {
    "dansk": ("dansk", "danish"),
    "engelsk": ("engelsk", "english"),
    "arabisk": ("arabisk", "arabic"),
    "somali": ("somali", "somalisk"),
    "tyrkisk": ("tyrkisk", "turkish"),
    "urdu": ("urdu",),
    "persisk": ("persisk", "farsi", "dari"),
    "kurdisk": ("kurdisk", "kurdish"),
    "polsk": ("polsk", "polish"),
    "ukrainsk": ("ukrainsk", "ukrainian"),
    "tigrinya": ("tigrinya",),
    "tysk": ("tysk", "german"),
    "spansk": ("spansk", "spanish"),
    "fransk": ("fransk", "french"),
    "svensk": ("svensk", "swedish"),
    "norsk": ("norsk", "norwegian"),
    "vietnamesisk": ("vietnamesisk", "vietnamese"),
    "tamil": ("tamil",),
    "bosnisk": ("bosnisk", "serbisk", "kroatisk"),
}
_LANGUAGE = {word: name for name, words in LANGUAGES.items() for word in words}

# Animals a family may keep; bits in a mask so allergies compare with one AND.
ANIMALS: dict[str, tuple[str, ...]] = {
    "hund": ("hund", "hunde", "hunden", "hundehår", "dog", "dogs"),
    "kat": ("kat", "katte", "katten", "kattehår", "cat", "cats"),
    "kanin": ("kanin", "kaniner", "kaninen", "rabbit"),
    "marsvin": ("marsvin", "hamster", "hamstere", "gnaver", "gnavere"),
    "hest": ("hest", "heste", "hestehår", "horse"),
    "fugl": ("fugl", "fugle", "undulat", "undulater", "høns", "høner", "bird"),
    "fisk": ("fisk", "akvarium", "fish"),
}
ANIMAL_BITS = {name: 1 << index for index, name in enumerate(ANIMALS)}
_ANIMAL = {word: name for name, words in ANIMALS.items() for word in words}
# Furred animals: what an allergy to "dyr"/"pelsdyr"/"dyrehår" covers.
FURRED = sum(ANIMAL_BITS[name] for name in ("hund", "kat", "kanin", "marsvin", "hest"))
_ANY_FUR = frozenset({"dyr", "pelsdyr", "dyrehår", "pels", "animals"})
_NO_PETS = frozenset({"ingen", "nej", "none", "no"})


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@lru_cache(maxsize=65536)
def interest_tokens(text: str) -> frozenset[str]:
    """The activities a text names: canonical names, plus other words of four letters or more."""
    tokens = set()
    for word in _words(text):
        if word in _STOP:
            continue
        canonical = _CANONICAL.get(word)
        if canonical:
            tokens.add(canonical)
        elif len(word) >= MIN_WORD_LENGTH:
            tokens.add(word)
    return frozenset(tokens)


@lru_cache(maxsize=16384)
def language_tokens(text: str) -> frozenset[str]:
    """The languages a text names (Danish names), e.g. ``"dansk, arabisk"`` → dansk, arabisk."""
    return frozenset(_LANGUAGE[w] for w in _words(text) if w in _LANGUAGE)


@lru_cache(maxsize=16384)
def pet_mask(text: str) -> int:
    """The animals a family keeps, as a bit mask (0: no pets, or "ingen")."""
    mask = 0
    words = _words(text)
    if not words or set(words) <= _NO_PETS:
        return 0
    for word in words:
        animal = _ANIMAL.get(word)
        if animal:
            mask |= ANIMAL_BITS[animal]
    return mask


@lru_cache(maxsize=16384)
def has_pets(text: str) -> bool:
    """Whether the family has pets at all (also a pet the list above does not know)."""
    words = set(_words(text))
    return bool(words) and not words <= _NO_PETS


@lru_cache(maxsize=16384)
def allergy_mask(text: str) -> int:
    """The animals a child is allergic to (an allergy to "dyr" or "pelsdyr" covers all furred)."""
    mask = 0
    for word in _words(text):
        if word in _ANY_FUR:
            mask |= FURRED
        animal = _ANIMAL.get(word)
        if animal:
            mask |= ANIMAL_BITS[animal]
    return mask


def animal_names(mask: int) -> list[str]:
    """The Danish animal names in ``mask``, in a fixed order (for explanations)."""
    return [name for name, bit in ANIMAL_BITS.items() if mask & bit]
