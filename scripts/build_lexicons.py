"""Regenerate privacy/lexicons/*.txt from maintained packages plus the team's curated lists.

Run with `uv run --group lexicons python scripts/build_lexicons.py`. The outputs are committed,
so the product never imports Faker or word lists at run time (and never downloads anything).

Sources: Faker's person and address providers (MIT), english-words' web2 list (MIT) filtered by
wordfreq's English frequencies (Apache-2.0 code, CC-BY-SA data), and privacy/lexicons/curated/.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import faker.providers.address as faker_address
import faker.providers.person as faker_person
from english_words import get_english_words_set
from wordfreq import zipf_frequency

from privacy.normalise import fold_diacritics

LEXICONS = Path(__file__).resolve().parent.parent / "privacy" / "lexicons"
CURATED = LEXICONS / "curated"
LATIN = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ɏḀ-ỿ'’\- ]{2,40}$")
PARTICLES = {
    "de",
    "da",
    "di",
    "van",
    "von",
    "der",
    "den",
    "la",
    "le",
    "du",
    "del",
    "dos",
    "te",
    "al",
    "bin",
}
# Short given names that web2 lists as obscure lower-case words; in chat they are names.
NAMES_NOT_WORDS = set(
    [
        "tom",
        "sam",
        "ben",
        "lee",
        "ana",
        "tim",
        "jim",
        "jon",
        "dan",
        "ken",
        "ted",
        "ron",
        "kim",
        "liz",
        "meg",
        "jen",
        "josh",
        "jake",
        "luke",
        "matt",
        "pete",
        "steve",
        "dave",
        "nelson",
        "max",
        "jo",
        "em",
        "mel",
        "bec",
        "jess",
        "kate",
        "ange",
        "trish",
        "gaz",
        "stu",
        "nic",
        "liv",
        "soph",
    ]
)
COMMON_WORD_ZIPF = 3.3


def read_curated(name: str) -> set[str]:
    words: set[str] = set()
    for line in (CURATED / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if name in ("nz_places.txt", "world_places.txt"):
            words.add(line)
        else:
            words.update(w.replace("_", " ") for w in line.split())
    return words


def faker_values(package, attributes: tuple[str, ...]) -> set[str]:
    values: set[str] = set()
    for module_info in pkgutil.iter_modules(package.__path__):
        try:
            module = importlib.import_module(f"{package.__name__}.{module_info.name}")
        except Exception:  # a locale module that fails to import contributes nothing
            continue
        provider = module.Provider
        for attribute in attributes:
            value = provider.__dict__.get(attribute, getattr(provider, attribute, None))
            if isinstance(value, (list, tuple, set, dict)):
                values.update(str(v) for v in value)
    return {v for v in values if LATIN.match(v)}


def keys(names: set[str]) -> set[str]:
    """Fold names to lookup keys; multi-word names also contribute their non-particle parts."""
    out: set[str] = set()
    for name in names:
        folded = fold_diacritics(name.replace("’", "'")).strip()
        if len(folded) < 2:
            continue
        out.add(folded)
        parts = folded.split()
        if len(parts) > 1:
            out.update(p for p in parts if p not in PARTICLES and len(p) > 2)
    return out


def write(name: str, values: set[str], header: str) -> None:
    path = LEXICONS / name
    path.write_text(f"# {header}\n" + "\n".join(sorted(values)) + "\n", encoding="utf-8")
    print(f"{path.name}: {len(values)}")


def main() -> None:
    not_names = keys(read_curated("not_names.txt"))
    first = keys(
        faker_values(
            faker_person,
            ("first_names", "first_names_male", "first_names_female", "first_romanized_names"),
        )
        | read_curated("first_names.txt")
    )
    last = keys(faker_values(faker_person, ("last_names", "last_romanized_names")))
    last |= keys(read_curated("surnames.txt"))
    # Places keep their whole names: "Minh" alone is not a place because "Ho Chi Minh City" is.
    places = {
        fold_diacritics(p) for p in read_curated("nz_places.txt") | read_curated("world_places.txt")
    }
    places |= {fold_diacritics(p) for p in faker_values(faker_address, ("countries",))}

    web2 = get_english_words_set(["web2"], lower=False)
    common = {
        w
        for w in web2
        if w.islower() and w.isalpha() and zipf_frequency(w, "en") >= COMMON_WORD_ZIPF
    }
    common -= NAMES_NOT_WORDS
    # Curated given names that are not English words stay unambiguous even if web2 lists them.
    common -= {k for k in keys(read_curated("first_names.txt")) if zipf_frequency(k, "en") < 3.6}

    write(
        "first_names.txt", first - not_names, "given-name keys (folded); scripts/build_lexicons.py"
    )
    write("surnames.txt", last - not_names, "family-name keys (folded); scripts/build_lexicons.py")
    write("places.txt", places, "place keys (folded); scripts/build_lexicons.py")
    write("not_names.txt", not_names, "never a person or place; scripts/build_lexicons.py")
    write(
        "common_words.txt", common, "frequent lower-case English words; scripts/build_lexicons.py"
    )


if __name__ == "__main__":
    main()
