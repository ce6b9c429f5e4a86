"""Name matching for the speaker register: a match key per name, and a similarity
score that tolerates case, accents, punctuation, word order, common
transliteration variants and small typos.

Matching only helps a person decide: nothing here links or merges records.

`match_key("Mohamed Al-Hassan") == match_key("Muhammad al Hasan") == "hasan muhammad"`:
lower case, accents stripped, punctuation removed, particles (al, el, bin, van, de,
…) dropped, transliteration variants folded to one spelling, tokens sorted.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

# Canonical spelling -> variants. Kept short and common; administrators never need
# to edit it, and a missing variant still matches as a small typo most of the time.
VARIANTS: dict[str, tuple[str, ...]] = {
    "muhammad": (
        "mohammed",
        "mohamed",
        "mohammad",
        "muhammed",
        "mohamad",
        "muhamad",
        "muhamed",
        "mohamud",
        "mehmet",
        "mohd",
        "mohummad",
    ),
    "yusuf": ("yousef", "yousuf", "youssef", "yusef", "yosef", "yousif", "yussuf"),
    "hasan": ("hassan", "hasen"),
    "husain": ("hussain", "hussein", "husein", "husayn", "hossein", "hussien"),
    "ahmad": ("ahmed", "ahmet"),
    "abdul": ("abdel", "abdal", "abdoul"),
    "abdullah": ("abdallah", "abdulla"),
    "umar": ("omar", "omer"),
    "uthman": ("othman", "usman", "osman", "osmane"),
    "ibrahim": ("ebrahim", "ibraheem"),
    "mustafa": ("mostafa", "moustafa", "mustapha"),
    "khalid": ("khaled", "khaleed"),
    "mahmud": ("mahmoud", "mahmood", "mehmood"),
    "sulaiman": ("suleiman", "sulayman", "suleyman", "soliman"),
    "yahya": ("yahia", "yehia"),
    "aisha": ("ayesha", "aysha", "aishah", "aicha"),
    "fatima": ("fatimah", "fatma", "fatemeh"),
    "zainab": ("zaynab", "zeinab"),
    "rahman": ("rehman", "rahmaan"),
    "sayyid": ("syed", "sayed", "seyed"),
    "jamal": ("gamal",),
    "karim": ("kareem",),
    "rashid": ("rasheed", "rachid"),
    "hamid": ("hameed",),
    "nasir": ("naser", "nasser", "nassir"),
    "yasin": ("yaseen", "yassin", "yassine"),
    "ali": ("aly",),
    "qasim": ("kasim", "kassim", "qassim"),
    "tariq": ("tarik", "tarek", "tareq"),
    "alexander": ("aleksandr", "alexandr", "aleksander"),
    "mikhail": ("michail", "mikhael"),
    "sergei": ("sergey", "serguei"),
    "yuri": ("yury", "iouri", "juri"),
    "tchaikovsky": ("chaikovsky", "tschaikowsky"),
}
_CANONICAL = {variant: canonical for canonical, vs in VARIANTS.items() for variant in vs}
# Particles and articles that come and go between spellings of the same name.
PARTICLES = frozenset(
    {"al", "el", "ul", "ad", "ar", "as", "ash", "at", "az", "bin", "ibn", "ben", "bint"}
    | {"van", "von", "der", "den", "de", "du", "da", "di", "del", "la", "le", "dr", "prof"}
)
_NOT_WORD = re.compile(r"[^\w]+")
# Search results below this score are not shown; "did you mean" needs LIKELY.
SHOWN = 0.55
LIKELY = 0.8


def fold(token: str) -> str:
    """One token in its canonical spelling."""
    if token in _CANONICAL:
        return _CANONICAL[token]
    # "alhasan", "elsayed": a particle written joined to the name.
    for prefix in ("al", "el"):
        rest = token[len(prefix) :]
        if token.startswith(prefix) and len(rest) >= 4 and (rest in _CANONICAL or rest in VARIANTS):
            return _CANONICAL.get(rest, rest)
    return token


def tokens(name: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    # Apostrophes join ("O'Brien" -> "obrien"); other punctuation separates.
    plain = plain.replace("'", "").replace("\u2019", "").replace("`", "")
    words = [w for w in _NOT_WORD.sub(" ", plain).replace("_", " ").split() if w]
    kept = [w for w in words if w not in PARTICLES]
    return [fold(w) for w in (kept or words)]


def match_key(name: str) -> str:
    """The normalised key stored beside each name and compared by search."""
    return " ".join(sorted(tokens(name)))[:200]


def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def word_similarity(a: str, b: str) -> float:
    """How alike two words are (0-1), as `similarity` compares a name's words."""
    return _ratio(a, b)


def _coverage(query: list[str], candidate: list[str]) -> float:
    """How well each query token is found among the candidate's tokens (0-1)."""
    if not query or not candidate:
        return 0.0
    return sum(max(_ratio(q, c) for c in candidate) for q in query) / len(query)


def similarity(query_key: str, candidate_key: str) -> float:
    """Symmetric similarity of two match keys, 0 to 1: 1 for the same key."""
    if query_key == candidate_key:
        return 1.0
    q, c = query_key.split(), candidate_key.split()
    token_score = (_coverage(q, c) + _coverage(c, q)) / 2
    return max(token_score, _ratio(query_key, candidate_key))


def search_score(query_key: str, candidate_key: str) -> float:
    """Similarity for searching: a query naming part of the name ("hasan") still
    ranks the full name high, a little below a full match."""
    if query_key == candidate_key:
        return 1.0
    q, c = query_key.split(), candidate_key.split()
    return max(similarity(query_key, candidate_key), 0.9 * _coverage(q, c))


def fragments(key: str) -> list[str]:
    """Each token's first and last three letters: a prefilter where trigrams are not
    available (SQLite) that still finds a name misspelt in its first letters
    ("kam okafor" for "sam okafor" shares "oka" and "for")."""
    return sorted({part for t in key.split() if t for part in (t[:3], t[-3:])})


def prefixes(key: str) -> list[str]:
    """What the SQLite search prefilters candidates by: each token's first three
    letters (a typo in the first three letters of every word is missed there)."""
    return sorted({t[:3] for t in key.split() if t})
