"""Offline prompt-injection detector for prospect messages.

Prospect text is data, never instructions. This module only *flags* messages that look like an
attempt to subvert the interviewer so that a consultant sees the flag; the interview carries on.

Design:

- Deterministic, pure Python and ``re``; no model, no download, no new dependency.
- Text is normalised first (Unicode NFKC, case folding, diacritics, zero-width and other invisible
  format characters, smart quotes, Latin/Cyrillic/Greek look-alikes inside Latin words,
  "leetspeak-lite" such as ``1gn0re``, letters spaced out as ``i g n o r e``, whitespace), so
  trivial obfuscation does not evade the rules. Base64 runs are decoded and checked once.
- Rules are grouped into *families* (instruction override, task switch, prompt exfiltration, role
  hijack, role-play framing, jailbreak persona, delimiter spoofing, output forcing, output
  manipulation, secret requests, hidden instructions in pasted content, obfuscation, ...). Each rule
  has a weight in (0, 1). A family contributes the weight of its strongest rule that fired; families
  are combined as independent evidence (noisy-OR): ``score = 1 - prod(1 - w_family)``. A message is
  flagged when ``score >= threshold`` (0.5 by default): one strong rule is enough, weak ones need
  company. Words that merely *look* dangerous ("ignore the old spreadsheet", "we override the
  roster", "act now") carry no weight on their own.
- Some rules only count inside *pasted content* (an email, a forwarded message): an instruction
  addressed to an AI ("add ... to your reply", "write a poem ...") hidden in an email is an indirect
  injection, while the same request typed by the prospect is merely off-topic.
- Every regular expression is linear or bounded (no nested unbounded quantifiers; runs of more
  than 60 letters are split), and cheap substring triggers gate the expensive ones: a typical
  message takes well under a millisecond, a 100 KB paste a few hundred milliseconds.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

__all__ = ["InjectionDetector", "InjectionVerdict", "detect_injection", "normalize"]

DEFAULT_THRESHOLD = 0.5
MAX_CHARS = 1_000_000  # longer input is checked on its first and last half-megabyte


@dataclass(frozen=True)
class InjectionVerdict:
    """The detector's view of one message.

    ``reasons`` names the rules that fired as ``family:rule``, strongest first.
    """

    flagged: bool
    score: float
    reasons: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------------------------

# Invisible format characters: soft hyphen, zero-width space/joiners, bidi marks and overrides,
# word joiner and invisible operators, BOM, Mongolian vowel separator, variation selectors, tags.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e007f\U000e0100-\U000e01ef]"
)
_INVISIBLE_IN_WORD = re.compile(
    "[^\\W\\d_][\u00ad\u034f\u180e\u200b-\u200d\u2060-\u2064\ufeff]+[^\\W\\d_]"
)
_BIDI_OVERRIDE = re.compile("[\u202a-\u202e\u2066-\u2069]")
_TAG_CHARS = re.compile("[\U000e0020-\U000e007e]{4,}")
_COMBINING = re.compile("[\u0300-\u036f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Typographic quotes and dashes to their ASCII forms.
_QUOTES = str.maketrans(
    "\u2018\u2019\u201a\u201b\u2032`\u00b4\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
    "\u2013\u2014\u2212\u2010\u2011",
    "'''''''\"\"\"\"\"\"\"-----",
)
# Cyrillic and Greek letters that look like Latin ones (after case folding). Applied only inside
# words that also contain ASCII letters, so real Russian or Greek text is left alone.
_HOMOGLYPH_CHARS = "авеёзіїјкмнорстухѕԁԛԝһӏαβεηικνορτυχɡɪɴʀʏ"
_HOMOGLYPHS = str.maketrans(_HOMOGLYPH_CHARS, "abee3iijkmhopctyxsdqwhlabenikvoptuxginry")
# A word holding both an ASCII letter and a look-alike, in either order.
_MIXED_WORD = re.compile(rf"\w*(?:[a-z]\w*[{_HOMOGLYPH_CHARS}]|[{_HOMOGLYPH_CHARS}]\w*[a-z])\w*")
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
# Tokens mixing letters with digits or @/$ ("1gn0re", "pr0mpt", "p@ssword"); a leading "$" is a
# pseudo-variable ("$Documents:"), not leetspeak.
_LEET_CANDIDATE = re.compile(r"[a-z][0-9@$]|[0-9@][a-z]")
_LEET_TOKEN = re.compile(r"(?<![\w$@])[a-z0-9@][a-z0-9@$]*")
_LEET_SKIP = re.compile(r"\d+[a-z]{1,3}|[a-z]{1,3}\d+|[a-z]\d[a-z]?|\d+[a-z]\d+")
_LONG_RUN = re.compile(r"[^\W_]{60}(?=[^\W_])")
_BLANKS = re.compile(r"[^\S\n]+")
_NOT_LETTER = re.compile(r"[^a-z]")
_ESCAPED_NEWLINES = re.compile(r"(?:\\\s?[nr]\s*){3,}")
_ESCAPED_NEWLINE = re.compile(r"\\\s?[nr]")
# Runs of single letters separated by one separator: "i g n o r e", "i.g.n.o.r.e", "i-g-n-o-r-e";
# a whole spaced-out sentence keeps wider gaps between its words ("i g n o r e   a l l").
_SPACED_SENTENCE = re.compile(r"(?<!\w)[a-z](?: [a-z])+(?: {2,}[a-z](?: [a-z])*)+(?!\w)")
_SPACED_HINT = re.compile(r"[ .\-_*/|+~][a-z][ .\-_*/|+~][a-z][ .\-_*/|+~][a-z][ .\-_*/|+~]")
_SPACED = re.compile(r"(?<![\w])(?:[a-z][ .\-_*/|+~]){4,}[a-z](?![\w])")


@dataclass
class _Views:
    """The message in the forms the rules look at."""

    flat: str  # normalised, lower case, whitespace collapsed to single spaces
    lines: str  # normalised, lower case, line breaks kept
    cased: str  # NFKC and quotes only: case kept (for sentence starts and shouting)
    compact: list[str] = field(default_factory=list)  # de-spaced obfuscated runs, letters only
    notes: dict[str, tuple[str, float]] = field(default_factory=dict)  # name: (family, weight)


def _fix_homoglyphs(match: re.Match[str]) -> str:
    return match.group(0).translate(_HOMOGLYPHS)


def _fix_leet(match: re.Match[str]) -> str:
    token = match.group(0)
    if len(token) < 3 or token.isalpha() or _LEET_SKIP.fullmatch(token):
        return token
    letters = sum(c.isalpha() for c in token)
    if letters < 2:
        return token
    return token.translate(_LEET)


def _despace(match: re.Match[str]) -> str:
    return _NOT_LETTER.sub("", match.group(0))


def _despace_sentence(match: re.Match[str]) -> str:
    return " ".join(word.replace(" ", "") for word in match.group(0).split("  ") if word.strip())


def normalize(text: str) -> str:
    """The normalised form the rules match against (lower case, single spaces)."""
    return _views(text).flat


def _views(text: str) -> _Views:
    notes: dict[str, tuple[str, float]] = {}
    if text.isascii():
        cased = text.replace("`", "'")
        low = cased.lower()
    else:
        hidden = ""
        tags = _TAG_CHARS.findall(text)
        if tags:
            # "ASCII smuggling": Unicode tag characters spell out text that renders as nothing.
            hidden = " ".join("".join(chr(ord(c) - 0xE0000) for c in run) for run in tags)
            notes["hidden_unicode_tags"] = ("obfuscation", 0.6)
        if _INVISIBLE_IN_WORD.search(text):
            notes["invisible_chars_in_words"] = ("obfuscation", 0.25)
        if _BIDI_OVERRIDE.search(text):
            notes["bidi_override"] = ("obfuscation", 0.25)
        text = _INVISIBLE.sub("", text)
        if hidden:
            text = f"{text}\n{hidden}"
        cased = unicodedata.normalize("NFKC", text).translate(_QUOTES)
        low = cased.casefold()
        if not low.isascii():
            others = set(_NON_ASCII.findall(low))
            if any(unicodedata.decomposition(c) for c in others):
                # Drop diacritics: "Übersetzung" and "Ubersetzung" match the same rules.
                low = unicodedata.normalize("NFD", low)
                low = unicodedata.normalize("NFC", _COMBINING.sub("", low))
            if not others.isdisjoint(_HOMOGLYPH_CHARS) and _MIXED_WORD.search(low):
                notes["mixed_script_words"] = ("obfuscation", 0.3)
                low = _MIXED_WORD.sub(_fix_homoglyphs, low)
    if _LEET_CANDIDATE.search(low):
        low = _LEET_TOKEN.sub(_fix_leet, low)
    compact: list[str] = []
    if _SPACED_HINT.search(low) and _SPACED.search(low):
        if "  " in low and _SPACED_SENTENCE.search(low):
            notes["spaced_out_letters"] = ("obfuscation", 0.25)
            low = _SPACED_SENTENCE.sub(_despace_sentence, low)
        compact = [_despace(m) for m in _SPACED.finditer(low)]
        if any(len(c) >= 6 for c in compact):
            notes["spaced_out_letters"] = ("obfuscation", 0.25)
        low = _SPACED.sub(_despace, low)
    if "\\" in low and _ESCAPED_NEWLINES.search(low):
        # Literal "\n\n\n" typed to fake a break between "user text" and "new instructions".
        notes["escaped_newlines"] = ("delimiter_spoof", 0.45)
        low = _ESCAPED_NEWLINE.sub("\n", low)
    # No word is longer than 60 characters; splitting longer runs keeps every pattern linear.
    if len(low) > 60 and max(map(len, low.split()), default=0) > 60:
        low = _LONG_RUN.sub(r"\g<0> ", low)
        cased = _LONG_RUN.sub(r"\g<0> ", cased)
    if "\n" in low or "\r" in low:
        lines = _BLANKS.sub(" ", low.replace("\r\n", "\n").replace("\r", "\n"))
    else:
        lines = low
    flat = " ".join(low.split())
    cased = " ".join(cased.split())
    return _Views(flat=flat, lines=lines, cased=cased, compact=compact, notes=notes)


# ---------------------------------------------------------------------------------------------
# Building blocks for the rules
# ---------------------------------------------------------------------------------------------


def _alt(words: str) -> str:
    """A non-capturing alternation of the whitespace-separated regex pieces in ``words``."""
    return "(?:" + "|".join(words.split()) + ")"


def _gap(n: int) -> str:
    """Up to ``n`` intervening words (bounded and lazy, so no runaway backtracking)."""
    return rf"(?:\W+\w+){{0,{n}}}?\W+"


def _gap_not_mine(n: int) -> str:
    """Like ``_gap`` but the words may not be "my"/"our" (the prospect's own earlier words)."""
    return rf"(?:\W+(?!my\b|our\b|mine\b)\w+){{0,{n}}}?\W+"


# A subject right before the verb ("we ignore all the rules") describes a habit; it gives no order.
_SUBJECT_BEFORE = re.compile(r"(?:^|\W)(?:we|i|they|he|she|people|staff|everyone|nobody)\W+$")
# Start of a sentence or clause in the flat view, optionally with a politeness/request lead-in.
_SS = r"(?:^|[.!?;:,|>\-]\s*|\n)"
_REQ = (
    r"(?:(?:please|pls|kindly|now|then|and|also|just|ok(?:ay)?|so|hey|"
    r"can you|could you|would you|will you|you must|you should|you will|you need to|"
    r"i need you to|i want you to|i would like you to|i'd like you to|i order you to|"
    r"i command you to|go ahead and)\W+){0,3}"
)
# Sentence start in the cased view: punctuation, a line break, or a capitalised word after a
# space (pasted content is often glued together without punctuation).
_CS = r"(?:^|[.!?;:,|\n\"]\s*|\s(?=[A-Z]))"

# fmt: off
# Qualifiers that point at the model's own instructions or context.
_PRIOR = _alt(r"""previous prior above preceding earlier foregoing former initial original system
    your the\Wabove aforementioned above-mentioned any\Wprevious any\Wprior pre-?programmed given
    existing current""")
_ALL = _alt("all every any")
# What an override throws away.
_INSTR_NOUN = _alt(r"""instructions? directions? directives? rules? prompts? commands? orders?
    guidelines? guidance tasks? assignments? context information programming training
    constraints? restrictions? limitations? polic(?:y|ies) messages? text documents? articles?
    sources? requests? input conversation settings safeguards? guardrails? filters? everything
    knowledge memor(?:y|ies) thoughts""")
_INSTR_CORE = _alt(r"""instructions? directions? directives? rules? prompts? commands? guidelines?
    guidance tasks? assignments? context programming training constraints? restrictions?
    limitations? polic(?:y|ies) documents? articles? sources? safeguards? guardrails? filters?""")
_STRONG_VERB = _alt(r"""ignor(?:e|es|ed|ing) disregard(?:s|ed|ing)? forget(?:s|ting)? forgot
    overrid(?:e|ing) overrule bypass neglect dismiss abandon drop stop\Wfollowing
    (?:do\Wnot|don't|dont|never|no\Wlonger)\W(?:follow|obey|heed|respect|listen\Wto)
    pay\Wno\Wattention\Wto""")
_WEAK_VERB = _alt(r"""skip delete erase clear reset scrap discard remove wipe throw\W(?:out|away)
    set\Waside put\Waside""")
_OUT_VERB = _alt(r"""say print output write type tell answer respond reply repeat show give return
    display state declare spell generate create explain describe list translate formulate compose
    draft schreibe? sag sage gib zeige? antworte beantworte formuliere verfasse erklare nenne
    wiederhole generiere erstelle escribe dime ecris scrivi dimmi""")
_OUTPUT_NOUN = _alt(r"answers? responses? repl(?:y|ies) outputs? messages? summary")
_SECRET = _alt(r"""api[\s_-]?keys? secret[\s_-]?keys? private[\s_-]?keys? ssh[\s_-]?keys?
    access[\s_-]?(?:keys?|tokens?) auth(?:entication|orization)?[\s_-]?tokens? bearer[\s_-]?tokens?
    session[\s_-]?(?:tokens?|cookies?) credentials? passwords?(?!\W+(?:policy|policies|requirements?|rules|reset|manager|strength))
    passwd passphrases? env(?:ironment)?[\s_-]?var(?:iable)?s? \.env secrets? connection[\s_-]?strings?
    database[\s_-]?(?:password|url|credentials?) zugangsdaten passwort passworter""")
_LANGUAGES_LIST = """english french german spanish italian portuguese russian japanese chinese
    mandarin korean arabic hindi dutch swedish greek latin maori samoan tongan polish turkish"""
_LANGUAGES = _alt(_LANGUAGES_LIST)
_ARTIFACT = _alt(r"""poems? story stories essays? speech(?:es)? letters? songs? lyrics articles?
    introductions? haikus? jokes? code function script program manifesto headlines? tweets?
    limericks? raps? sonnets? novels? blog slogans? examples? recipes? equivalents? translations?
    paragraphs? explanations? tutorials? snippets? quer(?:y|ies) plea speech reasons?""")
# A request that mentions the prospect's own business or the pasted text is the prospect's own.
_NOT_MINE = r"(?![^.!?\n|\"']*\b(?:[Ww]e|[Oo]ur|[Uu]s|[Oo]urs|I|[Mm]y|[Mm]ine|[Hh]ere|[Tt]his (?:email|message|one|letter))\b)"
# ... and one that speaks to the reader ("please describe the issue you see") is the sender's.
_NOT_PERSONAL = r"(?![^.!?\n|\"']*\b(?:[Ww]e|[Oo]ur|[Uu]s|[Oo]urs|I|[Mm]y|[Mm]ine|[Hh]ere|[Yy]ou|[Yy]our|[Yy]ours|[Tt]his (?:email|message|one|letter))\b)"
# Verbs that reshape a reply ("add ... to your reply", "scramble the letters in your answer").
_RESHAPE = _alt(r"""Add Include Insert Integrate Incorporate Append Prepend Modify Augment Enhance Change
    Alter Replace Substitute Convert Render Use Scramble Jumble Combine Group Remove Introduce
    Misspell Anagram Rearrange Encode Format End Start Begin Mention Suggest Promote Tease Hint
    Recommend Link Emphasi[sz]e Highlight Stress Embed Put Translate""")
# fmt: on


@dataclass(frozen=True)
class _Rule:
    family: str
    name: str
    weight: float
    pattern: re.Pattern[str]
    triggers: frozenset[str] = frozenset()  # one must occur in the flat view (cheap pre-filter)
    view: str = "flat"  # flat | lines | cased
    pasted_only: bool = False  # counts only when the message contains pasted content
    guard: Callable[[_Views], bool] | None = None
    imperative: bool = False  # reject a match that starts right after a subject ("we ...")
    after: re.Pattern[str] | None = None  # the text just before a match must end like this

    def fires(self, views: _Views, present: frozenset[str] | set[str] | None = None) -> bool:
        if self.triggers:
            if present is None:
                present = {t for t in self.triggers if t in views.flat}
            if self.triggers.isdisjoint(present):
                return False
        if self.guard is not None and not self.guard(views):
            return False
        text: str = getattr(views, self.view)
        if not self.imperative and self.after is None:
            return self.pattern.search(text) is not None
        for match in self.pattern.finditer(text):
            start = match.start()
            if start and text[start - 1].isalnum():
                continue  # not at a word start
            window = max(0, start - 16)
            if self.imperative and _SUBJECT_BEFORE.search(text, window, start):
                continue
            if self.after is not None and not self.after.search(text, window, start):
                continue
            return True
        return False


def _r(
    family: str,
    name: str,
    weight: float,
    pattern: str,
    triggers: str = "",
    *,
    view: str = "flat",
    pasted_only: bool = False,
    guard: Callable[[_Views], bool] | None = None,
    imperative: bool = False,
    after: str | None = None,
) -> _Rule:
    """A rule. ``triggers`` is a ``|``-separated list of literal substrings of the flat view, one
    of which must be present for the (more expensive) pattern to run."""
    words = frozenset(w for w in triggers.split("|") if w)
    compiled = re.compile(pattern)  # the flat and line views are lower case already
    before = re.compile(after) if after is not None else None
    return _Rule(
        family, name, weight, compiled, words, view, pasted_only, guard, imperative, before
    )


_LOWER_WORDS = re.compile(r"\b[a-zäöüß]{2,}\W+[a-zäöüß]{2,}\W+[a-zäöüß]{2,}\b")
_CAPS_RUN = re.compile(r"\b[A-ZÄÖÜ]{2,}(?:[!.,\"']*\s+[A-ZÄÖÜ']{2,}\b){3,}")
_CAPS_COMMAND = re.compile(
    r"\b(?:YOU|YOUR|DU|DIR|DICH|IGNORE|FORGET|OUTPUT|SAY|PRINT|ANSWER|WRITE|DO NOT|DON'T|JUST|"
    r"STOP|MUST|MUSST|VERGISS|IGNORIERE|SAG|SCHREIB\w*|USE|TELL|COMMAND|ONLY)\b"
)


def _shouted_command(views: _Views) -> bool:
    """A run of four or more upper-case words giving an order, inside otherwise normal text."""
    cased = views.cased
    if not _LOWER_WORDS.search(cased):
        return False
    return any(_CAPS_COMMAND.search(m.group(0)) for m in _CAPS_RUN.finditer(cased))


# ---------------------------------------------------------------------------------------------
# The rules. Weights: >= 0.5 flags on its own; below that a rule needs another family's help.
# ---------------------------------------------------------------------------------------------

# fmt: off
_RULES: list[_Rule] = [
    # -- instruction override: throw away the instructions or context given so far -------------
    _r("instruction_override", "ignore_previous_instructions", 0.8,
       rf"{_STRONG_VERB}\b(?:\W+(?:about|of|with|off|out))?{_gap_not_mine(3)}{_PRIOR}{_gap(2)}{_INSTR_NOUN}\b|"
       rf"{_STRONG_VERB}\b(?:\W+(?:about|of|with|off))?{_gap_not_mine(1)}{_ALL}{_gap_not_mine(2)}{_INSTR_CORE}\b",
       "ignor|disregard|forg|overr|bypass|neglect|dismiss|abandon|drop|follow|obey|heed|respect|listen|attention",
       imperative=True),
    _r("instruction_override", "ignore_the_above", 0.75,
       r"(?:ignore|disregard|forget|skip|override)\W+(?:all\W+|everything\W+)?(?:of\W+)?(?:the\W+|that\W+)?(?:above|foregoing|preceding)\b",
       "ignor|disregard|forg|skip|overr", imperative=True),
    _r("instruction_override", "clear_previous_instructions", 0.45,
       rf"{_WEAK_VERB}\b{_gap_not_mine(3)}(?:previous|prior|above|preceding|earlier|initial|original|system|your)"
       r"\W+(?:\w+\W+)?(?:instructions?|directions|directives|rules|prompts?|guidelines|programming|training|constraints|"
       r"restrictions|polic(?:y|ies)|context|tasks|assignments)\b",
       "skip|delete|erase|clear|reset|scrap|discard|remove|wipe|throw|aside", imperative=True),
    _r("instruction_override", "leave_previous_behind", 0.75,
       rf"\b(?:leave|put|get|take)\b{_gap(3)}{_PRIOR}{_gap(2)}{_INSTR_NOUN}\W+(?:behind|aside|out of your (?:head|mind|memory))|"
       rf"\b{_INSTR_NOUN} (?:\w+ ){{0,3}}?out of your (?:head|mind|memory)\b",
       "behind|aside|out of your"),
    _r("instruction_override", "forget_everything_referent", 0.75,
       r"\b(?:forget|ignore|disregard|drop|erase|delete)\W+(?:about\W+)?(?:everything|all|anything|what)\W+"
       r"(?:(?:that\W+)?(?:came\W+|was\W+|is\W+|were\W+|has been\W+)?"
       r"(?:above|before(?: that| this)?|prior|previously|so far|up to now|earlier|"
       r"you (?:know|were told|have been told|learned|learnt|were given|have been given|were programmed|have been programmed)|"
       r"(?:you've|you have) been (?:told|given)|in (?:the|this|your) (?:prompt|context|conversation|instructions)))",
       "forget|ignor|disregard|drop|erase|delete"),
    _r("instruction_override", "forget_everything_then_command", 0.75,
       r"\b(?:forget|ignore|disregard|vergiss|vergessen sie|ignoriere|ignorieren sie|olvida|oublie|oubliez|dimentica|zaboravi)\W+"
       r"(?:about\W+)?(?:everything|all|alles|todo|tout|tutto|sve)\W+(?:and\W+)?"
       rf"(?:just\W+|now\W+|instead\W+|then\W+|nun\W+|jetzt\W+|einfach\W+|nur\W+|und\W+)?{_OUT_VERB}\b",
       "forget|ignor|disregard|vergiss|vergessen|olvida|oubli|dimentica|zaboravi"),
    _r("instruction_override", "forget_everything", 0.45,
       r"\b(?:forget|ignore|disregard) (?:about )?(?:everything|it all)\b(?! (?:i|we) (?:said|told|mentioned|wrote|just said))",
       "forget|ignor|disregard"),
    _r("instruction_override", "instructions_replaced", 0.7,
       r"\byour (?:new |real |actual |only |true )?(?:instructions?|task|tasks|goal|purpose|job|role|directive|mission|objective)s? (?:is|are) now\b|"
       r"\byour new (?:instructions?|directives?|rules|task|goal|purpose|objective|role) (?:is|are|will be)\b|"
       r"\b(?:you (?:are|re) )?no longer (?:bound|restricted|limited|constrained) by\b|"
       r"\b(?:new|updated|revised|real) system (?:prompt|instructions?|message)\b|"
       r"\b(?:deine|ihre) neuen? (?:anweisungen|instruktionen|aufgabe|regeln) (?:sind|ist|lautet|lauten)\b",
       "your|no longer|system|deine|ihre"),
    _r("instruction_override", "deviate_from_instructions", 0.7,
       r"\b(?:abweichend|entgegen|contrary|in contrast|deviating|different) (?:zu|von|to|from) (?:den |the |your |ihren |deinen )?"
       r"(?:vorherigen|bisherigen|obigen|vorigen|previous|prior|above|original)\W+(?:instruktionen|anweisungen|instructions|befehlen|vorgaben|rules)",
       "abweichend|entgegen|contrar|contrast|deviat|different"),
    _r("instruction_override", "ignore_provided_documents", 0.55,
       r"\b(?:do not|don't|dont|don'nt|never) (?:look (?:in|at|into)|use|consider|rely on|refer to|answer (?:\w+ ){0,3}(?:according to|based on|from))"
       r" (?:the |any )?(?:provided |given |attached |supplied )?(?:documents?|articles?|context|sources?|search results|texts?)\b|"
       r"\bnot (?:by|from|according to|based on) the (?:provided |given )?(?:articles?|documents?|context|sources?)\b",
       "not|don|never"),
    # German
    _r("instruction_override", "ignore_previous_instructions_de", 0.8,
       r"\b(?:vergiss|vergesst|vergessen sie|vergessen|ignoriere|ignorier|ignorieren sie|ignoriert|missachte|"
       r"missachten sie|uberspringe|verwirf|verwerfen sie|entferne|losche|streiche|beachte)\b"
       r"(?:\W+\w+){0,3}?\W+(?:alle|alles|samtliche|jegliche|deine|ihre|die|den)?\W*"
       r"(?:vorherigen?|vorigen?|bisherigen?|obigen?|vorangehenden?|vorangegangenen?|vorhergehenden?|"
       r"fruheren?|ursprunglichen?|gesamten|alle|deine|ihre)\W+"
       r"(?:\w+\W+)?(?:anweisungen|instruktionen|befehle|aufgaben|auftrage|informationen|regeln|vorgaben|"
       r"anordnungen|prompts?|eingaben|texte|richtlinien|dokumente|vorschriften)\b",
       "vergiss|vergess|ignorier|missacht|uberspring|verwirf|verwerf|entferne|losche|streiche|beachte"),
    _r("instruction_override", "forget_everything_de", 0.7,
       r"\b(?:vergiss|vergesst|vergessen sie|ignoriere|ignorieren sie)\W+(?:einfach\W+)?alles\b",
       "vergiss|vergess|ignorier"),
    _r("instruction_override", "leave_previous_behind_de", 0.75,
       r"\b(?:lass|lasse|lassen sie)\b(?:\W+\w+){0,3}?\W+(?:vorherigen?|bisherigen?|obigen?|alten)\W+"
       r"(?:anweisungen|instruktionen|informationen|aufgaben|auftrage|befehle)\W+(?:\w+\W+)?(?:hinter|beiseite|zuruck)",
       "lass"),
    # Other languages present in public injection data.
    _r("instruction_override", "ignore_previous_instructions_multi", 0.8,
       r"\bignore\W+(?:\w+\W+){0,3}?(?:instrucoes|regras|instrucciones|indicaciones|istruzioni|consignes)\b|"
       r"\b(?:ignora|ignorez|ignorar|ignorate|olvida|olvide|olvidad|olvidate de|olvidar|descarta|"
       r"oublie|oubliez|dimentica|dimenticate|esqueca|esquece|desconsidere|negeer|vergeet|"
       r"zaboravi|zaboravite|ignoriraj|ignorisi|zanemari|zignoruj|zapomnij)\b"
       r"(?:\W+\w+){0,3}?\W+(?:instrucciones|indicaciones|ordenes|reglas|instructions|consignes|regles|"
       r"istruzioni|regole|instrucoes|regras|instructies|opdrachten|regels|instrukcije|"
       r"upute|uputstva|naredbe|instrukcje|polecenia|anteriores|precedentes|precedenti|anteriori|vorige|eerdere)\b",
       "ignor|olvid|descarta|oubli|dimentic|esquec|desconsid|negeer|vergeet|zaboravi|zanemari|zignoruj|zapomnij"),
    _r("instruction_override", "forget_everything_multi", 0.6,
       r"\b(?:olvida|olvide|olvidad|olvidar|olvidate de|oublie|oubliez|dimentica|esqueca|esquece|vergeet|zaboravi|zapomnij)\W+"
       r"(?:\w+\W+)?(?:todo|tout|tutto|tudo|alles|sve|wszystko)\b",
       "olvid|oubli|dimentic|esquec|vergeet|zaboravi|zapomnij"),
    _r("instruction_override", "ignore_previous_instructions_ru", 0.8,
       r"(?:забуд\w*|игнорир\w*|проигнорир\w*|не обращай\w* внимания на)\s+(?:\w+\s+){0,2}?"
       r"(?:инструкц\w*|указани\w*|правил\w*|команд\w*|всё|все)",
       "забуд|игнор|внимания"),
    _r("instruction_override", "ignore_previous_instructions_zh", 0.8,
       r"(?:忽略|无视|忽视|忘记|忘掉)(?:之前|以上|上面|上述|前面|所有|全部|先前)[的所有全部]{0,4}(?:指令|指示|说明|提示|规则|要求|内容)",
       "忽|无视|忘"),

    # -- task switch: close the current task and slip in another ----------------------------------
    _r("task_switch", "new_task", 0.55,
       r"\b(?:your|the following|a|the|my|here is a|here's a|with a) new (?:task|assignment|instructions?|directive|objective|mission|challenge)\b"
       r"(?:\s*(?::|is|are|follows?|for you|,|namely|-))|"
       r"\bnew (?:task|instructions?|assignment|directive)s?\s*[:\-]|"
       r"\b(?:now |hereby )?(?:new|further|additional|more|other) (?:tasks|instructions?|assignments?|directives?|orders)"
       r"(?: are)? (?:follow|following|are followed|come|:|-)",
       "new|further|additional|more|other"),
    _r("task_switch", "focus_on_new_task", 0.6,
       r"\b(?:now )?(?:focus|concentrate) (?:\w+ ){0,2}on (?:your|the|this) (?:new|next|following|real) (?:task|assignment|instructions?)\b|"
       r"\b(?:start|begin) (?:over|again|from (?:the )?(?:front|scratch|beginning)) (?:with|on) (?:a|the|your) new\b",
       "focus|concentrate|start|begin"),
    _r("task_switch", "new_task_de", 0.55,
       r"\b(?:deine|ihre|eine|die|folgende) neue (?:aufgabe|anweisung|anweisungen|instruktion|instruktionen|herausforderung)\b|"
       r"\b(?:nun|jetzt|es) folgen (?:\w+ )?(?:weitere|neue|andere) (?:aufgaben|anweisungen|instruktionen|befehle)\b|"
       r"\bkonzentriere dich (?:\w+ ){0,2}auf (?:deine|die|eine) neue\b|"
       r"\bneue (?:aufgabe|anweisung(?:en)?|instruktion(?:en)?|befehle?)\s*[:\-]|"
       r"\bfangen? (?:sie |wir )?(?:von vorne|neu) an\b",
       "neue|folgen|konzentriere|fang"),
    _r("task_switch", "closure_then_pivot", 0.55,
       r"\b(?:that is|that's|thats|this is|it is) (?:enough|done|sufficient|all for now)\b(?=.{0,200}?\b(?:now|next|new)\b)|"
       r"\bthat was (?:ok|okay|fine|good|great) (?:before|so far)\b|"
       r"\b(?:das|es) (?:genugt|reicht|ist erledigt)\b(?=.{0,200}?\b(?:nun|jetzt|neue?)\b)",
       "enough|done|sufficient|all for now|before|so far|genugt|reicht|erledigt"),
    _r("task_switch", "praise_then_pivot", 0.4,
       r"\b(?:well done|very good|very well|excellent(?: performance| work| job)?|great job|good job|"
       r"congratulations|brilliant|wow|perfect|gut gemacht|sehr gut|ausgezeichnet\w*|hervorragend|super)\b"
       rf".{{0,160}}?\b(?:now|nun|jetzt)\W+(?:\w+\W+){{0,4}}?{_OUT_VERB}\b",
       "well done|very|excellent|great job|good job|congratulations|brilliant|wow|perfect|gut gemacht|sehr gut|ausgezeichnet|hervorragend|super"),
    _r("task_switch", "interrupt_then_command", 0.5,
       r"(?:^|[.!?]\s*)(?:stop|stopp|halt|wait|attention|achtung|important|wichtig)\s*[:!\-]+\s*"
       rf"(?:(?:stop|stopp|now|jetzt|nun|please|bitte)\s*[:!\-]*\s*)?(?:{_OUT_VERB}|ignore|ignoriere|forget|vergiss|ich benotige|ich brauche|i (?:\w+ )?need)\b",
       "stop|halt|wait|attention|achtung|important|wichtig"),

    # -- prompt exfiltration ---------------------------------------------------------------------
    _r("prompt_exfiltration", "system_prompt_mention", 0.4,
       r"\b(?:system|initial|original|hidden|secret|internal|developer|meta|pre|full|complete|entire|exact)[ _-]?"
       r"(?:prompt|prompts|prompt[ _-]?texts?|message|instructions)\b|"
       r"\bprompt[ _-]?texts?\b|\bpre-?prompt\b",
       "prompt|system message|system instruction|initial instruction|original instruction|hidden instruction|"
       "secret instruction|internal instruction|developer message|developer instruction"),
    _r("prompt_exfiltration", "reveal_prompt", 0.85,
       r"\b(?:show|print|reveal|display|output|repeat|tell|give|list|share|leak|dump|write|spell|return|"
       r"provide|copy|paste|echo|recite|disclose|expose|what (?:is|are|was|were)|zeige?|gib|nenne|verrate|wiederhole)\b"
       r"(?:\W+\w+){0,5}?\W+(?:your|the|my|this|its|all|deine|deinen|dein|ihre|ihren|ihr|den|die|das|alle)\W+"
       r"(?:\w+\W+){0,2}?(?:prompts?|prompt[ _-]?texts?|system[ _-]?(?:message|instructions?)|"
       r"initial instructions?|original instructions?|hidden instructions?|pre-?prompt|systemprompt|prompt-?texte)\b",
       "prompt|system message|system instruction|initial instruction|original instruction|hidden instruction"),
    _r("prompt_exfiltration", "reveal_your_instructions", 0.7,
       r"\b(?:show|print|reveal|display|output|repeat|tell|give|list|share|leak|dump|spell out|recite|disclose|"
       r"copy|what (?:is|are|were|was)|zeige?|gib|nenne|verrate|wiederhole|was (?:sind|ist|waren))\b"
       r"(?:\W+\w+){0,3}?\W+(?:your|ihre|deine) (?:\w+ )?(?:instructions?|directives?|programming|configuration|"
       r"anweisungen|instruktionen|vorgaben)\b",
       "instruction|directive|programming|configuration|anweisung|instruktion|vorgabe"),
    _r("prompt_exfiltration", "text_above", 0.7,
       r"\bwhat (?:is|was|has been|were) (?:written|said|stated|typed|given|told) (?:above|before|earlier|at the (?:beginning|start|top))\b|"
       r"\b(?:beginning|start|top) of (?:this|the|your) (?:prompt|conversation|context|instructions)\b|"
       r"\b(?:first|last|opening) (?:\w+ )?(?:sentence|line|word|paragraph|words|lines)s? of (?:this|the|your) (?:prompt|instructions|conversation|system message)\b|"
       r"\b(?:repeat|print|show|output|copy|return) (?:back )?(?:\w+ )?(?:the )?(?:words|text|everything|sentences?|lines?) (?:above|before this|so far)\b|"
       r"\bwas (?:steht|stand|wurde \w+) (?:oben|am anfang|davor|zuvor)\b|"
       r"\banfang (?:dieses|des) (?:prompts?|textes|gesprachs)\b",
       "above|before|earlier|beginning|start|top|so far|oben|anfang|davor|zuvor"),
    _r("prompt_exfiltration", "information_in_prompt", 0.5,
       r"\b(?:use|using|with|from) (?:also |the )?(?:information|details|data|text) (?:in|from|of) (?:the|your|this) (?:prompt|system prompt|instructions)\b",
       "prompt|instructions"),

    # -- role hijack: a new identity or mode for the model -----------------------------------------
    _r("role_hijack", "you_are_now", 0.6,
       r"\byou(?: are|'re|re| r) now (?:called |known as |named |going to (?:be|act|play|pretend)|free|unrestricted|unfiltered|"
       r"jailbroken|dan\b|in (?:\w+ )?mode|acting|playing|no longer|\w+gpt|\w+bot)|"
       r"\bfrom now on,? (?:you|your|u|respond|reply|answer|act|only|always|never|ignore|forget)\b|"
       r"\b(?:jetzt|nun|ab jetzt|ab sofort|von nun an) bist du\b|\bdu bist (?:jetzt|nun|ab sofort|ab jetzt)\b|"
       r"\bab (?:jetzt|sofort) (?:antwortest|bist|sprichst|handelst) du\b|"
       r"\b(?:ahora|a partir de ahora) (?:eres|seras|actuas)\b|\b(?:tu es|vous etes|tu seras) (?:maintenant|desormais)\b",
       "now|nun|jetzt|ab sofort|ahora|maintenant|desormais"),
    _r("role_hijack", "you_are_now_someone", 0.45,
       r"\byou(?: are|'re) now (?:a|an|the|my)\b|(?:^|[.!?]\s*)(?:and )?now you(?: are|'re) (?:a|an|the|my)\b",
       "now"),
    _r("role_hijack", "now_you_are_name", 0.5,
       r"(?:^|[.!?]\s+)(?:And |So )?[Nn]ow you(?: are|'re) [A-Z][a-z]+",
       "now", view="cased"),
    _r("role_hijack", "act_as", 0.45,
       r"\b(?:i want|i'd like|i would like|i need|we want|i'm asking|i am asking) you to (?:act|behave|serve|function|respond|pose) (?:as|like)\b|"
       r"\b(?:i want|i'd like|i would like) you to (?:be|become|play|impersonate|roleplay|role-play) (?:my|a|an|the)\b|"
       r"\bich mochte,? dass (?:sie|du) (?:\w+\W+){1,8}?(?:fungieren|fungierst|agieren|agierst|auftreten|auftrittst|handeln|handelst|"
       r"tatig sind|tatig bist|dienen|dienst|ausgeben|ausgibst|verhalten|verhaltst|arbeiten|arbeitest)\b|"
       r"\bich mochte,? dass (?:sie|du) (?:\w+\W+){0,3}?(?:die rolle|den part)\b",
       "act|behave|serve|function|respond|pose|be |become|play|impersonat|role|mochte"),
    _r("persona_setup", "persona_prompt_setup", 0.3,
       r"\bmy first (?:request|command|sentence|prompt|task|suggestion request|statement) is\b|"
       r"\bmeine erste (?:anfrage|anforderung|aufforderung|bitte|frage|aufgabe) (?:ist|lautet)\b|"
       r"\bi will \w+\b.{0,80}?\band you (?:will|should|must|are to)\b|\byour (?:task|job|goal|role) (?:is|will be) to\b|"
       r"(?:^|[.!?]\s+)you will (?:\w+ )?(?:come up with|provide|write|respond|reply|answer|create|develop|generate|act|pretend|only)\b|"
       r"\bich (?:werde|gebe)\b.{0,80}?\bund (?:sie|du) (?:werden|wirst|antworten|antwortest)\b",
       "my first|meine erste|i will|ich werde|ich gebe|your task|your job|your goal|your role|you will"),
    _r("role_hijack", "act_as_imperative", 0.45,
       rf"{_SS}(?:(?:please|now|ok(?:ay)?|so|and|then|also|hey|from now on)\W+){{0,2}}(?:act|behave|respond|answer|reply|speak|talk|write) (?:as|like) (?:a|an|the|if you were|my|you were)\b|"
       r"\byou (?:will |shall |must |should |'ll |are going to |are to |now |can )?(?:now )?act as\b|"
       r"\b(?:agiere|fungiere|handle|verhalte dich|tritt|benimm dich) (?:jetzt |nun |ab sofort )?(?:als|wie)\b",
       " as | like |als |wie "),
    _r("role_hijack", "act_as_machine", 0.6,
       r"\b(?:act|behave|function|serve|pose|pretend to be|work) (?:as|like) (?:a|an|my|the) (?:\w+ ){0,2}?"
       r"(?:terminal|interpreter|console|shell|compiler|emulator|operating system|command line|sql database|"
       r"unrestricted ai|ai without)\b|"
       r"\b(?:als|wie) (?:ein |eine |einen )?(?:\w+[ -]){0,2}?(?:terminal|interpreter|konsole)"
       r"\W+(?:\w+\W+){0,2}(?:fungieren|agieren|agierst|fungierst|auftreten)\b",
       "terminal|interpreter|console|konsole|shell|compiler|emulator|operating system|command line|database|ai without|unrestricted ai"),
    _r("role_hijack", "execute_command", 0.35,
       r"\bexecute (?:the following|this|these|my) (?:command|code|commands|script|instruction)s?\b|"
       r"\bfuhre (?:den |die )?(?:folgenden? )?(?:befehl|code|befehle) aus\b",
       "execute|fuhre"),
    _r("role_hijack", "you_are_role", 0.3,
       r"(?:^|[.!?:]\s*|\bok(?:ay)?\W+|\bhello\W+|\bhi\W+)(?:you are|you're|du bist|sie sind) (?!(?:\w+ )?(?:right|correct|welcome|wrong|sure|not sure|"
       r"great|good|amazing|helpful|kind|awesome|the best|so|very|too|really|recht|richtig|willkommen|"
       r"super|toll))(?:a |an |the |ein |eine |der |die |das |now |no |kein |keine )?\w+",
       "you are|you're|du bist|sie sind"),
    _r("role_hijack", "not_an_ai", 0.45,
       r"\byou(?: are|'re) (?:no longer|not) (?:an? |the )?(?:ai|assistant|chatbot|language model|bot|interviewer|newspaper|"
       r"editorial team|model)\b|\bdu bist (?:kein|keine|nicht mehr) (?:\w+ )?(?:ki|assistent|redaktion|chatbot|bot|zeitung)\b|"
       r"\bwhere you are no (?:\w+ ){0,2}(?:team|newspaper|assistant|ai)\b",
       "no longer|not|kein|nicht mehr|no "),

    # -- role-play framing: fiction used as a wrapper --------------------------------------------
    _r("roleplay_framing", "pretend", 0.35,
       r"\bpretend (?:to be|you(?:'re| are| were)|that you|u are|as if)\b|"
       r"\bimagine (?:that )?you(?:'re| are| were)\b|"
       r"\b(?:role-?play(?:ing)?|roleplaying) as\b|\byou are (?:role-?playing|playing the role)\b|"
       r"\bplay the (?:role|part) of\b|\bstell dir vor,? (?:dass )?du (?:bist|warst|waerst)\b|"
       r"\btu so,? als (?:ob|warst)\b|\bspiele? die rolle\b|\blet'?s play a game\b|\blass uns ein spiel spielen\b|"
       r"\bin a (?:completely )?(?:theoretical|hypothetical|fictional) (?:world|scenario|universe|setting) (?:where|in which) you\b",
       "pretend|imagine|role|play|stell dir|tu so|theoretical|hypothetical|fictional|spiel"),
    _r("roleplay_framing", "pretend_capability", 0.5,
       r"\bpretend (?:that )?you (?:can|could|have|are able|know|don't have|do not have|have no|are not bound|are free)\b|"
       r"\bpretend (?:that )?(?:there are|you have) no (?:rules|restrictions|limits|filters)\b",
       "pretend"),
    _r("roleplay_framing", "as_role_instruct", 0.3,
       rf"(?:^|[.!?]\s*)as (?:a|an|the|my) [\w -]{{1,40}}, (?:please )?(?:{_OUT_VERB}|how|what|why)\b",
       "as "),
    _r("roleplay_framing", "stay_in_character", 0.5,
       r"\b(?:stay|remain|keep|staying|remaining)(?: \w+)? in (?:character|role|their roles?|your roles?|his roles?|her roles?)\b|"
       r"\b(?:never|not|don't|do not|dont|without|won't)(?: \w+){0,2} (?:break|breaking|falling out of|fall out of|leaving|leave|drop|dropping) "
       r"(?:character|the character|their roles?|your roles?|the role|role|his role|her role)\b|"
       r"\b(?:completely |fully )?(?:absorbed|immersed|lost) in (?:your|the|his|her|their) role\b|"
       r"\baus (?:ihrer|seiner|deiner|der) rolle (?:\w+ )?fallen\b|\bin (?:ihren|ihrer|seiner|deiner) rollen? bleiben\b|"
       r"\bbleiben (?:\w+ ){0,3}in ihren rollen\b|\bin (?:deiner|ihrer|seiner) rolle (?:aufgehen|versunken|vertieft)\b",
       "character|role|rolle"),
    _r("roleplay_framing", "scripted_dialogue_cue", 0.35,
       r"\n\s*[a-z][\w ]{1,20}:\s*$",
       ":", view="lines"),

    # -- jailbreak persona -------------------------------------------------------------------------
    _r("jailbreak_persona", "named_jailbreak", 0.75,
       r"\bdo anything now\b|\b(?:dan|developer|dev|god|jailbreak|jailbroken|evil|chaos|opposite|anarchy|"
       r"unrestricted|uncensored|unfiltered)[ _-]mode (?:enabled|activated|on\b(?! \w))|"
       r"\b(?:dan|jailbreak|evil|anarchy) mode\b|\b(?:enable|activate|enter|switch to|turn on|in) (?:the )?(?:developer|dev|god|chaos|opposite|unrestricted) mode\b|"
       r"\bwith (?:dan|developer mode)\b|\byou are dan\b|"
       r"\bjailbroken\b|\bevil (?:ai|assistant|bot|twin|confidant|version of (?:yourself|you))\b",
       "anything now|mode|dan|jailbroken|evil"),
    _r("jailbreak_persona", "no_restrictions", 0.3,
       r"\b(?:without|no|free of|free from|unbound by|not bound by|ignore|ignoring|bypass|bypassing) (?:any |all |your |the )?"
       r"(?:restrictions|filters|filtering|censorship|morals?|ethics|ethical (?:guidelines|constraints|limits)|"
       r"content polic(?:y|ies)|safety (?:guidelines|filters|rules|measures)|moderation|guardrails|limits)\b|"
       r"\b(?:unrestricted|uncensored|unfiltered) (?:mode|ai|assistant|version of (?:yourself|you)|answers?|responses?)\b",
       "restriction|filter|censor|moral|ethic|polic|safety|moderation|guardrail|limits"),
    _r("jailbreak_persona", "injection_talk", 0.3,
       r"\b(?:prompt[ -]?injection|jailbreak(?:ing)? (?:prompt|you|the (?:ai|model|bot))|prompt hacking)\b",
       "injection|jailbreak|prompt hacking"),
    _r("jailbreak_persona", "make_it_up", 0.35,
       r"\bmake (?:something|stuff|it|things|one|an answer) up\b|\b(?:hate speech|hassrede)\b",
       "make|hate speech|hassrede"),
    _r("model_probe", "model_probe", 0.25,
       r"\b(?:when|how|on what|with what) (?:were|are|was) you (?:trained|made|built|programmed|created)\b|"
       r"\bwhat (?:model|llm|language model|ai model|version) are you\b|\bwho (?:made|created|built|trained|programmed) you\b|"
       r"\byour (?:training data|knowledge cut-?off|model name)\b",
       "you|your"),
    _r("jailbreak_persona", "disinformation_request", 0.5,
       rf"{_SS}{_REQ}(?:formulate|write|create|generate|make up|invent|draft|compose|produce|formuliere|schreibe?|erfinde|erstelle)\b"
       r"(?:\W+\w+){0,6}?\W+(?:untrue|false|fake|misleading|fabricated|made-up|invented|unwahre?n?|falsche?n?|erfundene?n?)\W+"
       r"(?:headlines?|news|story|stories|claims?|statements?|articles?|reviews?|facts?|uberschrift(?:en)?|nachrichten|behauptung(?:en)?)\b",
       "untrue|false|fake|misleading|fabricated|made-up|invented|unwahr|falsch|erfunden"),

    # -- delimiter / format spoofing ---------------------------------------------------------------
    _r("delimiter_spoof", "chat_template_tokens", 0.7,
       r"<\|(?:im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id|end_header_id|begin_of_text)\|>|"
       r"\[/?inst\]|<</?sys>>|</?(?:system|user|assistant|human|ai|sys|instructions?|prompt|context|admin|developer)>|"
       r"\[(?:/?system|admin|developer|sys)(?: message| note| override| prompt)?\]|"
       r"(?:^|\n)\s*#{2,}\s*(?:system|instructions?|new instructions?|admin|developer|assistant|prompt|override)\b|"
       r"\b(?:begin|end|start) (?:of )?(?:the )?(?:system|user|assistant|admin) (?:prompt|message|input|instructions?)\b|"
       r"\bend of (?:the )?(?:prompt|instructions|user input|input|context|document|email)\s*[-=#*\]>]{2,}",
       "<|[|#|system|user|assistant|admin|end of", view="lines"),
    _r("delimiter_spoof", "role_label_line", 0.45,
       r"(?:^|\n)\s*(?:system|assistant|admin|administrator|developer|chatgpt|gpt|ai|bot|root)\s*:\s*\S|"
       r"(?:^|\n)\s*(?:human|user)\s*:(?:\s*(?:human|user)\s*:)?\s*\S",
       "system|assistant|admin|developer|gpt|ai|bot|root|human|user", view="lines"),
    _r("delimiter_spoof", "fake_field", 0.3,
       r"(?:^|\s)(?:\$[a-z_]+|context|documents?|kontext)\s*:\s*[{\[]|(?:^|\s)\$[a-z_]\w*\s*[:=]\s*\w",
       "$|context|document|kontext"),
    _r("delimiter_spoof", "fake_context_and_question", 0.5,
       r"(?:^|\s)(?:context|documents?|kontext|dokumente?|\$[a-z_]+)\s*:.{0,400}?\b(?:question|frage|query|anfrage)\s*:",
       "question|frage|query"),
    _r("delimiter_spoof", "separator_then_instruction", 0.4,
       r"(?:={4,}|-{4,}|\*{4,}|#{4,}|_{4,})\s*(?:\w+\s+){0,3}?(?:system|instructions?|new task|admin|override|ignore)\b",
       "====|----|****|####|____"),

    # -- output forcing: dictate the exact output --------------------------------------------------
    _r("output_forcing", "respond_only_with", 0.55,
       r"\b(?:respond|reply|answer|output|return|print|say|write|type)(?: back)? (?:only|just|solely|exclusively|nothing but|with nothing but)\b|"
       r"\b(?:only|just|solely|simply) (?:respond|reply|answer|output|return|print|say|write|type) (?:with|in|using|the word|the words|the phrase|the following)\b|"
       r"\b(?:answer|antworte|antworten sie) (?:nur|ausschliesslich|einzig) mit\b|"
       r"\b(?:and|but|then) (?:just|only|simply) (?:say|output|print)\b|"
       r"(?:^|[.!?,]\s*)(?:sag|sage|schreib|schreibe|gib) (?:einfach|nur|bloss|lediglich|ausschliesslich) ",
       "only|just|solely|exclusively|simply|nothing but|nur|ausschliesslich|einzig"),
    _r("output_forcing", "say_quoted", 0.5,
       r"(?:say|output|print|write|type|repeat|respond with|reply with|answer with|return|sag|sage|schreibe?|gib)"
       r"(?: \w+){0,2}?\s*[:]?\s*[\"']",
       "say|output|print|write|type|repeat|respond|reply|answer|return|sag|schreib|gib",
       # "just say '...'" is an order; "the text would only say '...'" describes a message.
       after=r"(?:^|[.!?:]\s*|(?:^|[.!?:,]\s*|\b(?:and|then|but|now|please)\s+)(?:just|only|simply|instead)\s+|\b(?:and|then|but|now|please)\s+)$"),
    _r("output_forcing", "instead_output", 0.5,
       r"\binstead,? (?:just |only |simply |please )?(?:print|say|output|write|respond|reply|answer|tell|return|type|display|show|give)\b|"
       r"\bstattdessen (?:\w+ )?(?:schreibe|sag|sage|gib|antworte|zeige)\b|\b(?:gib|geben sie)\b.{0,80}?\bstattdessen\b.{0,80}?\baus\b",
       "instead|stattdessen"),
    _r("output_forcing", "do_not_answer_but", 0.55,
       r"\b(?:do not|don't|dont|don'nt|never) (?:answer|respond to|reply to|address) (?:this|the|my|that|any) (?:question|prompt|message|request|query)\b|"
       r"\b(?:beantworte|beantworten sie) (?:diese |die )?frage nicht\b",
       "answer|respond|reply|address|beantworte"),
    _r("output_forcing", "repeat_after_me", 0.55,
       r"\b(?:repeat|say) after me\b|\bsprich mir nach\b|\bwiederhole (?:nach mir|folgendes|den folgenden)\b",
       "after me|sprich mir|wiederhole"),
    _r("output_forcing", "print_the_following", 0.55,
       r"(?:print|output|write|say|type|echo|display|return) (?:exactly |verbatim |only )?(?:the following|this)(?: \w+){0,2}\s*:",
       "the following|this",
       after=r"(?:^|[.!?:]\s*|\binstead\W+|\band\W+|\bjust\W+|\bnow\W+)$"),
    _r("output_forcing", "forced_self_statement", 0.5,
       r"\b(?:say|tell (?:me|us|everyone)|admit|state|write|declare|sag|sage|schreibe?)(?: \w+)? (?:that )?(?:you|u|du) "
       r"(?:hate|love|despise|adore|support|endorse|prefer|hasst|liebst)\b|"
       r"(?:^|[.!?]\s*)(?:say|sag|sage) (?:yes|no|ja|nein)\s*(?:[.!]|$)|"
       r"(?:^|[.!?]\s*)state that\b",
       "say|tell|admit|state|write|declare|sag|schreib"),
    _r("output_forcing", "shouted_command", 0.4, r"", view="cased", guard=_shouted_command),

    # -- output manipulation: how the model should shape its answer --------------------------------
    _r("output_manipulation", "modify_your_response", 0.3,
       rf"\b(?:in|to|from|into|with|throughout|within|of) your {_OUTPUT_NOUN}\b|\byour {_OUTPUT_NOUN}(?:'s)? (?:words|letters|text|must|should)\b|"
       rf"\b(?:start|begin|prefix|end|finish|conclude) (?:your|each|every) {_OUTPUT_NOUN}\b|"
       rf"\b(?:render|format|write|encode|provide|deliver) your {_OUTPUT_NOUN}\b",
       "your answer|your response|your repl|your output|your message|your summar"),
    _r("output_manipulation", "encoded_output", 0.3,
       r"\b(?:respond|reply|answer|write|output|encode|translate)\w* (?:\w+ ){0,3}(?:in|using|as|into) "
       r"(?:base64|rot13|rot-13|hex|hexadecimal|binary|morse code|leetspeak|leet|pig latin|reverse order)\b|"
       r"\b(?:alphanumeric|homophonic) substitution\b|\banagram\w*\b",
       "base64|rot|hex|binary|morse|leet|pig latin|reverse|substitution|anagram"),
    _r("output_manipulation", "text_transformation", 0.25,
       rf"{_SS}{_REQ}(?:replace|substitute|convert|scramble|jumble|swap|reverse|misspell|introduce|remove|"
       r"group|combine|rearrange)\b[^.!?\n]{0,80}?\b(?:letters?|vowels?|consonants?|words?|characters?|spaces|typos|"
       r"misspellings|punctuation)\b",
       "replace|substitute|convert|scramble|jumble|swap|reverse|misspell|introduce|remove|group|combine|rearrange"),

    # -- off-task generation (weak on its own) ------------------------------------------------------
    _r("off_task_generation", "generation_request", 0.2,
       rf"{_SS}{_REQ}(?:write|compose|draft|develop|create|generate|produce|craft|formulate|schreibe?|verfasse|generiere|erstelle|formuliere|"
       rf"(?:schreiben|verfassen|generieren|erstellen|formulieren) sie)\b(?:\W+\w+){{0,4}}?\W+(?:{_ARTIFACT}|gedicht|aufsatz|essay|manifest|begrundung|rede|code|geschichte|uberschrift|pladoyer)\b",
       "write|compose|draft|develop|create|generate|produce|craft|formulate|schreib|verfasse|generiere|erstelle|formuliere|verfassen|generieren|erstellen|formulieren"),

    # -- secret and data requests --------------------------------------------------------------------
    _r("secret_request", "reveal_secret", 0.65,
       rf"{_SS}{_REQ}(?:give|show|tell|send|print|reveal|share|list|output|display|leak|dump|read out|paste|email|post|"
       r"expose|disclose|provide|return|echo|what(?:'s| is| are)|zeige?|gib|nenne|verrate)\b"
       r"(?:\W+\w+){0,4}?\W+(?:your|the|its|all|any|the system'?s?|system|admin|root|server|internal|stored|saved|deine|ihre|die|den)\W+"
       rf"(?:\w+\W+){{0,2}}?{_SECRET}\b",
       "key|token|secret|credential|password|passwd|passphrase|env|connection|cookie|zugangsdaten|passwort"),
    _r("secret_request", "other_users_data", 0.5,
       rf"{_SS}{_REQ}(?:give|show|tell|send|print|reveal|share|list|output|display|leak|dump|export|read out)\b"
       r"(?:\W+\w+){0,3}?\W+(?:other|previous|all (?:the )?other|every|all)\W+(?:users?|customers?|clients?|prospects?|"
       r"interviews?|conversations?|transcripts?|chats?|sessions?)(?:'s?)?\W+(?:data|details|messages|emails|"
       r"contact details|information|transcripts?|conversations?|answers|names)\b",
       "other|previous|every|all"),

    # -- hidden instructions: text addressed to an AI that processes it --------------------------------
    _r("hidden_instruction", "addressed_to_ai", 0.6,
       r"\b(?:note|message|instructions?|attention|important|reminder|p\.?s\.?)\s*(?:to|for)\s*(?:the\s*|any\s*)?"
       r"(?:ai|assistant|chatbot|bot|llm|language model|model|gpt|chatgpt|copilot|claude|gemini|agent)s?\b|"
       r"\bif you are (?:an? )?(?:ai|assistant|llm|large language model|language model|chatbot|gpt|bot|automated system)\b|"
       r"\b(?:ai|assistant|ai assistant|chatbot|llm|language model|gpt|chatgpt|copilot|claude|gemini|ai agent)\s*[:,]\s*(?:please\s+)?"
       r"(?:ignore|disregard|forget|do not|don't|reply|respond|answer|say|print|output|write|add|include|send|tell|stop|append|insert)\b|"
       r"\b(?:ignore|disregard|forget)\W+(?:the\W+)?user'?s?\W+(?:question|request|instructions?|message|query)\b",
       "note|message|instruction|attention|important|reminder|p.s|ps |if you are|ai|assistant|bot|llm|model|gpt|copilot|claude|gemini|user"),
    _r("hidden_instruction", "ai_processing_this", 0.6,
       r"\b(?:ai|llm|assistant|model|chatbot|bot)s? (?:reading|processing|summari[sz]ing|analy[sz]ing|parsing) this\b|"
       r"\bwhen (?:you )?(?:summari[sz]e|summari[sz]ing|process|processing|read|reading|analy[sz]e|analy[sz]ing|parse|parsing) "
       r"this (?:email|document|message|page|text|file|transcript)\s*,",
       "reading this|processing this|summarizing this|summarising this|analyzing this|analysing this|"
       "parsing this|summarize this|summarise this|process this|read this|analyze this|analyse this|parse this"),
    _r("hidden_instruction", "hello_model", 0.3,
       r"(?:^|[.!?]\s*)(?:hello|hi|hey|dear|ok|okay) (?:gpt|chatgpt|ai|assistant|chatbot|bot|llm|model|claude|gemini)\b",
       "gpt| ai|assistant|bot|llm|model|claude|gemini"),
    _r("hidden_instruction", "instruction_in_html_comment", 0.55,
       r"<!--(?:(?!-->).){0,400}?\b(?:ignore|instruction|assistant|ai|prompt|system|respond|reply|answer|say|print|output)\b",
       "<!--"),
]

# Rules that only count inside pasted content (an email, a forwarded message, a document): there an
# instruction to the model, or a request for unrelated content, is an indirect injection.
_PASTED_RULES: list[_Rule] = [
    _r("hidden_instruction", "pasted_response_instruction", 0.65,
       rf"{_CS}(?:[Pp]lease |[Aa]lso |[Nn]ow )?(?:[Ii]n|[Ww]ithin|[Tt]hroughout) your {_OUTPUT_NOUN}\b|"
       rf"{_CS}(?:[Pp]lease |[Aa]lso |[Nn]ow )?{_RESHAPE}\b{_NOT_MINE}(?:[^.!?\n|]|[.!?](?=\S)){{0,160}}?\byour {_OUTPUT_NOUN}\b|"
       rf"{_CS}(?:[Pp]lease )?(?:Provide|Write|Give|Deliver|Compose) your {_OUTPUT_NOUN} (?:in|with|without|using|as)\b",
       "your answer|your response|your repl|your output|your message|your summar",
       view="cased", pasted_only=True),
    _r("hidden_instruction", "pasted_text_transformation", 0.6,
       rf"{_CS}(?:[Pp]lease )?(?:Replace|Substitute|Convert|Scramble|Jumble|Swap|Reverse|Misspell|"
       r"Introduce|Remove|Group|Combine|Rearrange|Render|Anagram|Encode)\b[^.!?\n|]{0,80}?\b(?:letters?|vowels?|consonants?|"
       r"words?|characters?|spaces|typos|misspellings|punctuation|symbols?)\b",
       "replace|substitute|convert|scramble|jumble|swap|reverse|misspell|introduce|remove|group|combine|rearrange|render|anagram|encode",
       view="cased", pasted_only=True),
    _r("hidden_instruction", "pasted_generation_task", 0.6,
       rf"{_CS}(?:(?:[Pp]lease|[Nn]ow|[Aa]lso|[Cc]an you|[Cc]ould you|[Ww]ould you)\W+)?"
       r"(?:[Ww]rite|[Cc]ompose|[Dd]raft|[Dd]evelop|[Cc]reate|[Gg]enerate|[Pp]roduce|[Cc]raft|[Pp]rovide|[Gg]ive me|[Ss]how me|[Tt]ell me|[Mm]ake)\b"
       rf"{_NOT_PERSONAL}"
       rf"(?:\W+\w+){{0,5}}?\W+{_ARTIFACT}\b",
       "write|compose|draft|develop|create|generate|produce|craft|provide|give me|show me|tell me|make",
       view="cased", pasted_only=True),
    _r("hidden_instruction", "pasted_explain_task", 0.6,
       rf"{_CS}(?:(?:[Pp]lease|[Nn]ow|[Aa]lso|[Cc]an you|[Cc]ould you|[Ww]ould you)\W+)?"
       r"(?:Explain|Describe|Summari[sz]e|Break down|Outline|Elaborate on|Discuss|Analy[sz]e|Translate|Define|Compare|"
       r"explain|describe|summari[sz]e|break down|outline|elaborate on|discuss|analy[sz]e|translate|define|compare)\b"
       rf"{_NOT_PERSONAL}"
       r"(?:\s+(?:the|how|what|why|a|an|in|to|this|following|your|me|simply|briefly)\b)",
       "explain|describe|summar|break down|outline|elaborate|discuss|analy|translate|define|compare",
       view="cased", pasted_only=True),
    _r("hidden_instruction", "pasted_translation_question", 0.6,
       rf"\bhow (?:do|would|can) (?:you|i|we|one) say\b[^.?!]{{0,80}}?\bin {_LANGUAGES}\b|"
       rf"\bwhat(?:'s| is| are)\s*[\"'][^\"']{{1,60}}[\"']\s*in {_LANGUAGES}\b|"
       rf"\b(?:the )?{_LANGUAGES} (?:equivalent|translation|word) (?:for|of)\b",
       "|".join(_LANGUAGES_LIST.split()), pasted_only=True),
    _r("hidden_instruction", "pasted_direct_request", 0.3,
       rf"{_CS}(?:[Cc]an|[Cc]ould|[Ww]ould|[Ww]ill) you (?:please )?(?:show|tell|give|write|explain|teach|help|describe|"
       r"list|generate|create|provide) (?:me|us)\b"
       rf"{_NOT_PERSONAL}",
       "you", view="cased", pasted_only=True),
]
# fmt: on

# Compact (letters only) patterns, run on letter runs that were spaced out ("i g n o r e ...").
_COMPACT_PATTERNS: list[tuple[str, float, re.Pattern[str]]] = [
    (
        "spaced_override",
        0.8,
        re.compile(
            r"(?:ignore|disregard|forget)(?:all|the|your|any)*"
            r"(?:previous|prior|above|preceding|earlier)?(?:instructions?|rules|prompts?|directions|everything)"
        ),
    ),
    (
        "spaced_exfiltration",
        0.8,
        re.compile(r"systemprompt|initialprompt|prompttext|yourinstructions|revealyour|showyour"),
    ),
    (
        "spaced_forced_statement",
        0.5,
        re.compile(r"saythat|tellme(?:that)?you|sayyou|sayyes|justsay|saythe|print|output"),
    ),
    ("spaced_role_hijack", 0.6, re.compile(r"youarenow|actas|pretend|developermode|jailbreak")),
    ("spaced_override_de", 0.8, re.compile(r"(?:vergiss|ignoriere)(?:alle|alles|die)")),
]


# ---------------------------------------------------------------------------------------------
# Pasted content
# ---------------------------------------------------------------------------------------------

_PASTE_STRONG = re.compile(
    r"(?:^|[\n|]|[.!?]\s)\s*(?:subject|from|to|cc|bcc|sent|date|received date|email_from|content|reply-to|betreff|von|an)\s*:\s*\S|"
    r"-{2,}\s*(?:original message|forwarded message|weitergeleitete nachricht|urspr\w* nachricht)\s*-{2,}|"
    r"\b(?:here is|here's|below is|this is|i pasted|i've pasted|i have pasted|i copied|pasted below|copied below)\b"
    r"(?: \w+){0,3} (?:email|e-mail|message|document|text|letter|note|memo|thread|transcript)\b|"
    r"(?:^|\n)>\s?\S.*\n>\s?\S",
    re.IGNORECASE,
)
_PASTE_WEAK = [
    # a greeting with a name; the product screens redacted text, so "<PERSON_1>" counts as a name
    re.compile(
        r"(?:^|\s)(?:Hi|Hello|Dear|Hey|Kia ora)\s+(?:[A-Z][a-z]+(?:\s[A-Z][a-z]+)?|<PERSON_\d+>)\s*[,!\n]"
    ),
    re.compile(
        r"\b(?:regards|best wishes|sincerely|yours truly|ng[aā] mihi)\b|\bThe [A-Z]\w+ T(?:eam)?\b"
    ),
    re.compile(
        r"\b(?:reply to this email|unsubscribe|view in (?:your )?browser|sent from my|privacy policy|"
        r"you are receiving (?:this|these|notifications)|do not reply|this email was sent)\b",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:charged|credited|debited|preauthori[sz]ed|withdrawn|refunded)\b.{0,60}?[$€£]\s?\d|"
        r"[$€£]\s?\d[\d,. ]*\d.{0,60}?\b(?:charged|credited|debited|preauthori[sz]ed|withdrawn|refunded)\b|"
        r"\b(?:invoice|receipt|reference|order|transaction)\s*(?:#|no\.|id\b|number)",
        re.IGNORECASE,
    ),
    re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}\.\w|<EMAIL_ADDRESS_\d+>"),
]


def _pasted_content(cased: str) -> bool:
    if _PASTE_STRONG.search(cased):
        return True
    weak = 0
    for pattern in _PASTE_WEAK:
        if pattern.search(cased):
            weak += 1
            if weak >= 2:
                return True
    return False


# ---------------------------------------------------------------------------------------------
# Encoded payloads
# ---------------------------------------------------------------------------------------------

_BASE64 = re.compile(r"(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{24,}={0,2}(?![A-Za-z0-9+/=])")


def _decoded_payloads(text: str, limit: int = 8) -> list[str]:
    out: list[str] = []
    for match in _BASE64.finditer(text):
        blob = match.group(0)
        if blob.isalpha() or blob.isdigit():
            continue
        try:
            raw = base64.b64decode(blob + "=" * (-len(blob) % 4), validate=False)
            decoded = raw.decode("utf-8")
        except (binascii.Error, ValueError):
            continue
        printable = sum(c.isprintable() or c.isspace() for c in decoded)
        if decoded and printable / len(decoded) > 0.95 and sum(c.isalpha() for c in decoded) > 8:
            out.append(decoded)
            if len(out) >= limit:
                break
    return out


# ---------------------------------------------------------------------------------------------
# The detector
# ---------------------------------------------------------------------------------------------


class InjectionDetector:
    """Weighted-rule prompt-injection detector. Thread-safe and stateless after construction."""

    def __init__(
        self,
        threshold: float = DEFAULT_THRESHOLD,
        *,
        extra_rules: Iterable[tuple[str, str, float, str]] = (),
    ) -> None:
        """``extra_rules``: more ``(family, name, weight, regex)`` rules, matched against the
        normalised lower-case text (see :func:`normalize`)."""
        if not 0.0 < threshold <= 1.0:
            raise ValueError("threshold must be in (0, 1]")
        self.threshold = threshold
        rules = [*_RULES, *_PASTED_RULES]
        rules += [
            _r(family, name, weight, pattern) for family, name, weight, pattern in extra_rules
        ]
        self._rules = [r for r in rules if not r.pasted_only]
        self._pasted_rules = [r for r in rules if r.pasted_only]
        for rule in self._pasted_rules:
            if not rule.triggers:
                raise ValueError(f"pasted-content rule {rule.name} needs triggers")
        self._vocabulary = frozenset().union(
            *(r.triggers for r in (*self._rules, *self._pasted_rules))
        )

    def check(self, text: str) -> InjectionVerdict:
        """Score one message; never raises on odd input (empty, huge, binary-ish, markup)."""
        if not isinstance(text, str):
            text = str(text)
        if not text or text.isspace():
            return InjectionVerdict(False, 0.0, ())
        if len(text) > MAX_CHARS:
            half = MAX_CHARS // 2
            text = text[:half] + "\n" + text[-half:]
        fired = self._fire(text, depth=0)
        return self._verdict(fired)

    __call__ = check

    # -- internals -------------------------------------------------------------------------------

    def _fire(self, text: str, depth: int) -> dict[str, tuple[str, float]]:
        """Rules that fired, as ``{family: (rule, weight)}`` keeping each family's strongest."""
        views = _views(text)
        fired: dict[str, tuple[str, float]] = {}

        def hit(family: str, name: str, weight: float) -> None:
            if weight > fired.get(family, ("", 0.0))[1]:
                fired[family] = (name, weight)

        for name, (family, weight) in views.notes.items():
            hit(family, name, weight)
        flat = views.flat
        present = {t for t in self._vocabulary if t in flat}
        for rule in self._rules:
            if rule.fires(views, present):
                hit(rule.family, rule.name, rule.weight)
        candidates = [r for r in self._pasted_rules if not r.triggers.isdisjoint(present)]
        if candidates and _pasted_content(views.cased):
            for rule in candidates:
                if rule.fires(views, present):
                    hit(rule.family, rule.name, rule.weight)
        for run in views.compact:
            for name, weight, pattern in _COMPACT_PATTERNS:
                if pattern.search(run):
                    hit("obfuscation_payload", name, weight)
        if depth == 0 and len(text) >= 24:
            for payload in _decoded_payloads(text):
                inner = self._verdict(self._fire(payload, depth=1))
                if inner.score > 0:
                    hit("encoded_payload", "base64_payload", min(0.9, 0.2 + inner.score))
        return fired

    def _verdict(self, fired: dict[str, tuple[str, float]]) -> InjectionVerdict:
        if not fired:
            return InjectionVerdict(False, 0.0, ())
        keep = 1.0
        for _name, weight in fired.values():
            keep *= 1.0 - weight
        score = round(1.0 - keep, 4)
        ordered = sorted(fired.items(), key=lambda kv: (-kv[1][1], kv[0]))
        reasons = tuple(f"{family}:{name}" for family, (name, _w) in ordered)
        return InjectionVerdict(score >= self.threshold, score, reasons)

    def rule_names(self) -> list[str]:
        """Every rule as ``family:name`` (for documentation and tests)."""
        names = [f"{r.family}:{r.name}" for r in (*self._rules, *self._pasted_rules)]
        names += [f"obfuscation_payload:{n}" for n, _w, _p in _COMPACT_PATTERNS]
        return names


@lru_cache(maxsize=1)
def _shared() -> InjectionDetector:
    return InjectionDetector()


def detect_injection(text: str) -> InjectionVerdict:
    """Check one message with the shared default detector."""
    return _shared().check(text)
