"""Offline PERSON and LOCATION detection: lexicons plus the context a chat message gives.

spaCy's pretrained pipelines cannot be installed here, so names are found from evidence that
needs no model: given-name and family-name lexicons (Faker's many locales plus the team's Māori,
Pacific and Asian lists), capitalisation that is not explained by a sentence start, and cue
phrases ("my name is", "talk to", "Cheers,", titles, "based in"). Ordinary words that are also
names (Grace, May, Will, Mere) need more evidence than names that are not words (Aroha, Sione).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from privacy.lexicon import Lexicons, load_lexicons
from privacy.normalise import fold_diacritics

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*(?:-[^\W\d_]+)*")
TITLES = {
    "dr",
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "sir",
    "dame",
    "prof",
    "professor",
    "nurse",
    "aunty",
    "auntie",
    "uncle",
    "matua",
    "whaea",
    "koro",
    "nana",
    "kuia",
    "pastor",
    "rev",
}
CONNECTORS = {
    "van",
    "von",
    "de",
    "der",
    "den",
    "da",
    "di",
    "du",
    "del",
    "la",
    "le",
    "te",
    "bin",
    "al",
    "ah",
}
# Words before a name: "talk to Mere", "ask Sione", "cc Priya".
PERSON_CUES_BEFORE = {
    "ask",
    "asked",
    "asking",
    "tell",
    "told",
    "call",
    "called",
    "ring",
    "rang",
    "text",
    "texted",
    "email",
    "emailed",
    "cc",
    "ping",
    "message",
    "thank",
    "thanks",
    "cheers",
    "hi",
    "hey",
    "dear",
    "kia",
    "meet",
    "met",
    "hired",
    "named",
    "contact",
    "via",
    "per",
    "whaea",
    "matua",
    "aunty",
}
# Before a lower-case word these introduce a thing, never a person ("the lien sale").
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "any", "every", "each"}
SELF = {"i", "i'm", "im", "i'd", "i've", "i'll"}
PERSON_CUE_PHRASES = re.compile(
    r"\b(?:my name is|my name's|name is|name's|i am|i'm|im|this is|it's|its|talk to|talk with|"
    r"speak to|speak with|chat to|chat with|check with|checked with|get hold of|run it past|"
    r"send it to|sent it to|hand it to|handed it to|over to|reach out to|managed by|run by|"
    r"looked after by|done by|owned by|signed off by|approved by|kind regards|regards|"
    r"ngā mihi|nga mihi|ngā mihi nui|nga mihi nui|cheers|thanks|ta|from|with|and|or|for)"
    r"[\s,:-]*$",
    re.IGNORECASE,
)
STRONG_CUES = re.compile(
    r"\b(?:my name is|my name's|name is|name's|i am|i'm|this is|kind regards|regards|ngā mihi|"
    r"nga mihi|cheers|thanks|talk to|speak to|ask|call|ring|text|email)[\s,:-]*$",
    re.IGNORECASE,
)
PERSON_CUES_AFTER = re.compile(
    r"^(?:'s\b|’s\b|\s+(?:said|says|reckons|thinks|does|did|handles|handled|runs|ran|manages|"
    r"managed|looks after|sorts|sorted|owns|checks|checked|approves|approved|signs off|"
    r"will|would|can|could|has|had|is our|was our|is the|was the|from (?:the )?(?:office|"
    r"accounts|reception|admin|sales|ops|kitchen|warehouse|front)|on reception|in accounts|"
    r"in the office|who|keeps|books|rosters|does|used to|started|left|joined|and i|and me|"
    r"told|wants|knows|doesn't|didn't|can't|won't|isn't|wasn't|may need|might|should|needs|"
    r"asked|starts|started|finishes|finished|is off|is on leave|is away|is sick|is back|leaves|"
    r"is doing|is covering|is our|covers|took|takes)\b)",
    re.IGNORECASE,
)
PLACE_CUES_BEFORE = re.compile(
    r"(?:\b(?:in|at|near|around|from|to|based in|out of|up in|down in|over in|across in|"
    r"outside|across|towards|via|central|north of|south of|east of|west of|branch in|shop in|"
    r"store in|office in|warehouse in|clinic in)\s+)$",
    re.IGNORECASE,
)
# "Shontelle Ruawai, 06 357 2219, shontelle.ruawai@gmail.com": contact details right after
# capitalised words are what a person is given, whatever the words are.
CONTACT_AFTER = re.compile(
    r"^\s*[,(]\s*(?:\+\d{2}[\d ()-]{6,}\d|0\d[\d ()-]{5,}\d(?![\d-])|[\w.+-]+@[\w-]+\.)"
)
EMAIL = re.compile(r"([\w.+-]+)@[\w-]+(?:\.[\w-]+)+")


def _named_in_an_email(text: str, keys: list[str], start: int) -> bool:
    """Whether an email address elsewhere in the message is made of these words
    ("Shontelle Ruawai ... shontelle.ruawai@gmail.com")."""
    parts = {
        part
        for found in EMAIL.finditer(text.lower())
        if not found.start() <= start < found.end()
        for part in re.split(r"[._+-]", found.group(1))
        if len(part) > 2
    }
    return any(key in parts for key in keys)


VERB_AFTER = re.compile(
    r"^(?:'s\b|’s\b|\s+(?:said|says|reckons|does|did|handles|runs|told|asked|wants|knows|"
    r"looks after|sorts|rang|called|texted|emailed)\b)",
    re.IGNORECASE,
)
STRONG_PLACE_CUES = re.compile(
    r"(?:\b(?:in|near|around|based in|out of|up in|down in|over in|outside|north of|south of|"
    r"east of|west of|just out of)\s+)$",
    re.IGNORECASE,
)
PLACE_CUES_AFTER = re.compile(
    r"^(?:'s\b)?\s+(?:branch|office|store|shop|site|sites|area|region|run|clients|customers|"
    r"depot|warehouse|market|markets|cbd|city|council|airport|team|crew|plant|factory|clinic|"
    r"side|end|way|locals|suburbs|region)\b",
    re.IGNORECASE,
)
PLACE_JOINERS = {"of", "the", "a", "upon", "on", "de", "la", "te"}
MONTH_CONTEXT = re.compile(
    r"(?:\b(?:in|on|of|since|until|till|by|from|last|next|this|early|late|mid|end of|"
    r"start of|before|after|during|every)\s+)$",
    re.IGNORECASE,
)
MONTH_NAMES = {"may", "june", "april", "august", "march", "january"}
SENTENCE_END = set('.!?\n:;"“(•*-–>')


def _ends_with_title(prefix: str) -> bool:
    words = re.findall(r"[^\W\d_]+", prefix.lower())
    return bool(words) and words[-1] in TITLES and prefix.rstrip(" .").lower().endswith(words[-1])


@dataclass(frozen=True)
class NameSpan:
    entity_type: str  # PERSON or LOCATION
    start: int
    end: int
    score: float
    reason: str


@dataclass
class _Token:
    text: str
    start: int
    end: int
    key: str
    capitalised: bool
    sentence_start: bool
    inert: bool  # an acronym (NHI, IBAN) or glued to digits (IR330): never part of a name


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    for match in WORD.finditer(text):
        word = match.group()
        before = text[: match.start()].rstrip(" \t")
        sentence_start = not before or before[-1] in SENTENCE_END or before.endswith("...")
        capitalised = word[0].isupper()
        glued = (match.start() > 0 and text[match.start() - 1].isdigit()) or (
            match.end() < len(text) and text[match.end()].isdigit()
        )
        acronym = len(word) > 1 and word.isupper()
        key = fold_diacritics(word.replace("’", "'"))
        if key.endswith("'s"):
            key = key[:-2]
        tokens.append(
            _Token(
                word, match.start(), match.end(), key, capitalised, sentence_start, glued or acronym
            )
        )
    return tokens


class NameDetector:
    """Finds PERSON and LOCATION spans in one message; stateless and thread-safe."""

    def __init__(self, lexicons: Lexicons | None = None) -> None:
        self.lex = lexicons or load_lexicons()

    # -- lexicon questions -------------------------------------------------------------
    def is_first(self, key: str) -> bool:
        return key in self.lex.first_names

    def is_last(self, key: str) -> bool:
        return key in self.lex.surnames

    def is_name(self, key: str) -> bool:
        return key in self.lex.first_names or key in self.lex.surnames

    def is_word(self, key: str) -> bool:
        words = self.lex.common_words
        if key in words:
            return True
        for suffix, repl in (
            ("s", ""),
            ("es", ""),
            ("ed", ""),
            ("ed", "e"),
            ("ing", ""),
            ("ing", "e"),
            ("ies", "y"),
        ):
            if (
                key.endswith(suffix)
                and len(key) > len(suffix) + 2
                and key[: -len(suffix)] + repl in words
            ):
                return True
        return False

    def is_blocked(self, key: str) -> bool:
        return key in self.lex.not_names

    # -- detection ---------------------------------------------------------------------
    def detect(self, text: str) -> list[NameSpan]:
        tokens = _tokens(text)
        spans: list[NameSpan] = []
        claimed: set[int] = set()
        spans.extend(self._places(text, tokens, claimed))
        i = 0
        while i < len(tokens):
            if i in claimed:
                i += 1
                continue
            group = self._group(text, tokens, i, claimed)
            if group:
                span = self._judge(text, tokens, group)
                if span:
                    spans.append(span)
                i = group[-1] + 1
            else:
                i += 1
        return spans

    def _places(self, text: str, tokens: list[_Token], claimed: set[int]) -> Iterable[NameSpan]:
        max_words = self.lex.max_place_words
        i = 0
        while i < len(tokens):
            found = self._longest_place(text, tokens, i, max_words)
            if found is None:
                found = self._unknown_place(text, tokens, i)
                if found is None:
                    i += 1
                    continue
                score, reason = 0.6, "capitalised word after a place cue"
            else:
                score, reason = 0.8, "place lexicon"
            n = len(found)
            for j in range(i, i + n):
                claimed.add(j)
            yield NameSpan("LOCATION", found[0].start, found[-1].end, score, reason)
            i += n

    def _longest_place(
        self, text: str, tokens: list[_Token], i: int, max_words: int
    ) -> list[_Token] | None:
        for n in range(min(max_words, len(tokens) - i), 0, -1):
            window = tokens[i : i + n]
            if any(
                text[a.end : b.start] not in (" ", "-", "'", " - ")
                for a, b in itertools.pairwise(window)
            ):
                continue
            if " ".join(t.key for t in window) not in self.lex.places:
                continue
            acronym = n == 1 and window[0].inert and window[0].text.isupper()
            if (
                (window[0].inert and not acronym)
                or not all(t.capitalised or t.key in PLACE_JOINERS for t in window)
            ) and not (
                n == 1
                and self._place_cue(text, window[0])
                and not self.is_word(window[0].key)
                and not self.is_name(window[0].key)
                and len(window[0].key) > 3
            ):
                continue
            if n == 1 and not self._single_place_ok(text, tokens, i):
                return None
            return window
        return None

    def _single_place_ok(self, text: str, tokens: list[_Token], i: int) -> bool:
        tok = tokens[i]
        place_cue = self._place_cue(text, tok)
        if self.is_word(tok.key) or self.is_blocked(tok.key):
            return place_cue or (tok.capitalised and not tok.sentence_start)
        if self.is_name(tok.key):
            # "Nelson Faleolo", "Liam Hamilton", "Hamilton said", "ask Nelson": a person.
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            prv = tokens[i - 1] if i > 0 else None
            if (
                nxt
                and text[tok.end : nxt.start] == " "
                and nxt.capitalised
                and self.is_name(nxt.key)
            ):
                return False
            if (
                prv
                and text[prv.end : tok.start] == " "
                and prv.capitalised
                and self.is_first(prv.key)
            ):
                return False
            if PERSON_CUES_AFTER.match(text[tok.end : tok.end + 30]) and not PLACE_CUES_AFTER.match(
                text[tok.end : tok.end + 20]
            ):
                return False
            prefix = text[max(0, tok.start - 30) : tok.start]
            if STRONG_CUES.search(prefix) or _ends_with_title(prefix):
                return False
        return True

    def _unknown_place(self, text: str, tokens: list[_Token], i: int) -> list[_Token] | None:
        """'south of Kaiwaka', 'based in Ruawai': an unknown capitalised word after a place cue."""
        tok = tokens[i]
        if not tok.capitalised or tok.inert or tok.sentence_start:
            return None
        if self.is_name(tok.key) or self.is_word(tok.key) or self.is_blocked(tok.key):
            return None
        prefix = text[max(0, tok.start - 30) : tok.start]
        if not STRONG_PLACE_CUES.search(prefix):
            return None
        window = [tok]
        for nxt in tokens[i + 1 : i + 3]:
            if text[window[-1].end : nxt.start] != " " or not nxt.capitalised or nxt.inert:
                break
            if self.is_word(nxt.key) or self.is_blocked(nxt.key) or self.is_name(nxt.key):
                break
            window.append(nxt)
        return window

    @staticmethod
    def _place_cue(text: str, tok: _Token) -> bool:
        return bool(PLACE_CUES_BEFORE.search(text[max(0, tok.start - 30) : tok.start])) or bool(
            PLACE_CUES_AFTER.match(text[tok.end : tok.end + 20])
        )

    def _group(self, text: str, tokens: list[_Token], i: int, claimed: set[int]) -> list[int]:
        """Indices of a run of name-like tokens starting at i (one space or hyphen apart)."""
        tok = tokens[i]
        if not self._name_like(tok, text):
            return []
        group = [i]
        j = i + 1
        while j < len(tokens) and j not in claimed and len(group) < 5:
            gap = text[tokens[j - 1].end : tokens[j].start]
            if gap not in (" ", "-"):
                break
            nxt = tokens[j]
            if nxt.key in CONNECTORS and any(t.capitalised for t in tokens[j + 1 : j + 3]):
                group.append(j)
                j += 1
                continue
            if tok.capitalised != nxt.capitalised or not self._name_like(nxt, text):
                break
            if not nxt.capitalised and self.is_word(nxt.key):
                break
            group.append(j)
            j += 1
        while group and tokens[group[-1]].key in CONNECTORS:
            group.pop()
        return group

    def _name_like(self, tok: _Token, text: str) -> bool:
        # "I'm Karen Whitcombe": the pronoun is the cue before the name, never part of it.
        if tok.inert or self.is_blocked(tok.key) or tok.key in TITLES or tok.key in SELF:
            return False
        if tok.capitalised:
            return True
        # Lower-case: only lexicon names, and only non-words unless a cue supports them.
        return self.is_name(tok.key) and len(tok.key) > 2

    def _judge(self, text: str, tokens: list[_Token], group: list[int]) -> NameSpan | None:
        toks = [tokens[k] for k in group]
        # Trim leading/trailing ordinary words that are capitalised only by position or habit.
        while toks and self._is_plain_word(toks[0]) and len(toks) > 1:
            toks = toks[1:]
        while toks and self._is_plain_word(toks[-1]) and len(toks) > 1:
            toks = toks[:-1]
        if not toks:
            return None
        first, last = toks[0], toks[-1]
        prefix = text[max(0, first.start - 40) : first.start]
        suffix = text[last.end : last.end + 40]
        prev_word = re.findall(r"[^\W\d_]+", prefix.lower())[-1:] or [""]
        titled = prev_word[0] in TITLES and prefix.rstrip(" .").lower().endswith(prev_word[0])
        cue_before = bool(PERSON_CUE_PHRASES.search(prefix)) or prev_word[0] in PERSON_CUES_BEFORE
        strong_before = titled or bool(STRONG_CUES.search(prefix))
        cue_after = bool(PERSON_CUES_AFTER.match(suffix))
        keys = [t.key for t in toks if t.key not in CONNECTORS]
        if not keys:
            return None
        emailed = _named_in_an_email(text, keys, first.start)
        if first.capitalised and (emailed or CONTACT_AFTER.match(suffix)):
            cue_after = True
        names = [k for k in keys if self.is_name(k)]
        words = [k for k in keys if self.is_word(k)]
        span = (first.start, last.end)

        if not first.capitalised:
            # Lower-case names: "ask mere about it", "grace tupou does the books".
            if len(keys) >= 2 and len(names) == len(keys) and not words:
                return NameSpan("PERSON", *span, 0.6, "lower-case full name")
            if len(keys) == 1 and names and (strong_before or cue_after or cue_before):
                if words and not (strong_before or VERB_AFTER.match(suffix)):
                    return None
                if words and keys[0] in MONTH_NAMES:
                    return None
                return NameSpan("PERSON", *span, 0.6, "lower-case name with cue")
            lone_name = len(keys) == 1 and names and not words and len(keys[0]) > 3
            if prev_word[0] in _DETERMINERS:
                return None  # "the lien sale", "a pita": a lower-case word after "the" is a thing
            if lone_name and self.is_first(keys[0]) and keys[0] not in self.lex.places:
                return NameSpan("PERSON", *span, 0.55, "lower-case lexicon name")
            return None

        if titled:
            return NameSpan("PERSON", *span, 0.9, "title")
        if len(keys) >= 2:
            if names and (self.is_first(keys[0]) or self.is_last(keys[-1])):
                # Past a sentence start, a capitalised surname is evidence enough ("Will Carter");
                # two capitalised ordinary words at a sentence start are not ("Rose Gold").
                later_names = any(self.is_name(k) or not self.is_word(k) for k in keys[1:])
                plain_first = self.is_first(keys[0]) and not self.is_word(keys[0])
                if first.sentence_start and not (
                    later_names or plain_first or cue_before or cue_after
                ):
                    return None
                if len(words) == len(keys) and not later_names and not (cue_before or cue_after):
                    return None
                return NameSpan("PERSON", *span, 0.85, "full name")
            if not words and (cue_before or cue_after or not first.sentence_start):
                return NameSpan("PERSON", *span, 0.6, "capitalised unknown pair")
            return None

        key = keys[0]
        is_month = key in MONTH_NAMES and (
            bool(MONTH_CONTEXT.search(prefix)) or bool(re.match(r"\s*\d", suffix))
        )
        if is_month:
            return None
        if names:
            if not words:
                return NameSpan("PERSON", *span, 0.8, "lexicon name")
            if strong_before or cue_after:
                return NameSpan("PERSON", *span, 0.75, "word-name with cue")
            if not first.sentence_start and (cue_before or not self._word_usage(text, first)):
                return NameSpan("PERSON", *span, 0.65, "capitalised word-name mid-sentence")
            return None
        if words or first.sentence_start:
            if (strong_before or emailed) and not words:
                return NameSpan("PERSON", *span, 0.7, "cue phrase")
            return None
        if strong_before or cue_after:
            return NameSpan("PERSON", *span, 0.6, "unknown capitalised word with cue")
        return None

    def _is_plain_word(self, tok: _Token) -> bool:
        return (self.is_word(tok.key) and not self.is_name(tok.key)) or self.is_blocked(tok.key)

    @staticmethod
    def _word_usage(text: str, tok: _Token) -> bool:
        """'Grace period', 'Will do', 'Rose by 5%': the word reads as an ordinary word."""
        after = text[tok.end : tok.end + 12].lower()
        return bool(re.match(r"\s+(?:period|do|be|by|to|up|and|or|of|\d)", after))
