"""Rule-based slot extraction: the offline policy's reading of a prospect message.

It attributes the answer to the question just asked, and picks up facts volunteered along the
way (a data source named while describing the process, a correction of the owner). Its output is
the same `Extraction` contract a model returns through tool calling.
"""

from __future__ import annotations

import re

from agents import cues
from agents.contracts import Extraction, NewWorkflow, SignalUpdate, SlotUpdate
from agents.injection import detect_injection
from agents.state import SLOTS, Interview, Question, Workflow

_SENTENCE = re.compile(r"(?:[^.!?\n]|\.(?=\d))+[.!?]*")  # "6.30" stays in its sentence
MAX_VALUE_CHARS = 300


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.findall(text) if s.strip()]


_CLAUSE_BREAK = re.compile(r"[,;:]\s+| - | – | but | and then | while ", re.IGNORECASE)


# Exclamations and fillers that carry no content ("Ooh.", "Oh god.", "Ugh, the culling.").
_FILLER = (
    r"um+|o+h+|u+g+h+|a+h+|a+r+g+h+|hmm+|god|gosh|g?eez|jeez|wow|yikes|crikey|phew|oof|eh|well"
    r"|so|sure"
)
# A whole sentence of them, before the message's content begins ("Right, so.").
_INTERJECTION = re.compile(
    rf"\W*((right|ok|okay|yeah|yep|yes|āe|ha|haha|i know|fair enough|{_FILLER})\W*)+", re.IGNORECASE
)


def _leads(message: str) -> list[str]:
    """The message's sentences without the interjections before them ("Oh god. Okay. When work
    comes in..." begins at "When work comes in")."""
    return [p for p in sentences(message) if not _INTERJECTION.fullmatch(p)]


# Where a short name for listed work ends: "monthly payment claims to the builders".
_NAME_STOPS = frozenset(
    [
        "the",
        "a",
        "an",
        "this",
        "that",
        "which",
        "who",
        "we",
        "they",
        "i",
        "for",
        "to",
        "from",
        "with",
        "in",
        "on",
        "at",
        "by",
        "of",
        "and",
        "during",
        "when",
        "while",
        "because",
    ]
)
# "Fix the timesheets first, and keep people deciding who comes back": one verdict per clause.
# How many items a count allows ("a few" and "three" allow three).
_COUNT_LIMIT = {"two": 2, "a couple of": 2}
_WRAP_UP_BREAK = re.compile(
    r";\s+| - | – |,? but |,? and (?=(?:keep|leave|park|hold off|sort|fix|let|stop)\b)",
    re.IGNORECASE,
)


def clauses(sentence: str) -> list[str]:
    """A sentence's clauses, so "forget invoices, the real pain is quoting" is two."""
    return [c.strip() for c in _CLAUSE_BREAK.split(sentence) if c.strip()]


def clip(text: str, limit: int = MAX_VALUE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def families_in(text: str) -> list[str]:
    return [name for name, pattern in cues.WORKFLOW_FAMILIES.items() if pattern.search(text)]


def sources_in(text: str) -> list[str]:
    found = []
    for name, pattern in cues.DATA_SOURCES.items():
        match = pattern.search(text)
        if match:
            word = match.group(0).lower().strip()
            found.append(name if word in name or name in word else f"{name} ({word})")
    # Systems we do not know by name, in the prospect's words ("the village system",
    # "Blueprint, our practice management system").
    named = [m.group(1).lower() for m in cues.NAMED_SYSTEM.finditer(text)]
    named += [m.group(1).lower() for m in cues.BRAND_APPOSITIVE.finditer(text)]
    named += [
        m.group(1).lower()
        for m in cues.BRAND_PLACE.finditer(text)
        if m.group(1).lower() not in cues.NOT_A_BRAND
    ]
    for phrase in dict.fromkeys(named):
        if not any(phrase in f or f.split(" (")[0] in phrase for f in found):
            found.append(phrase)
    return found


def owner_in(text: str, *, answering: bool = False) -> str | None:
    """The role accountable for the work, from the sentence that speaks of ownership (or, when
    answering "who owns it", from the first role mentioned); a person stays a placeholder."""
    marks = [m for m in cues.SELF_CORRECTION.finditer(text) if m.start() > 0]
    if marks:  # "The registrar. Actually no, scratch that - it's the treasurer."
        corrected = owner_in(text[marks[-1].end() :], answering=True)
        if corrected is not None:
            return corrected
    parts = sentences(text) or [text]
    opening_pair = cues.PERSON_WITH_ROLE.match(parts[0].lstrip())
    if opening_pair:  # "<PERSON_1> - she's operations manager officially."
        return _role_of(opening_pair)
    bare = clauses(parts[0])[0].strip(" .!?").lower()
    generic = bare in {"staff", "people", "team", "crew", "person", "everyone"}
    if len(bare.split()) <= 4 and not generic and cues.ROLE_ONLY.fullmatch(f"the {bare}"):
        return bare  # a terse reply that is only a role: "Production manager."
    lead = cues.LEAD_ROLE.search(parts[0])
    if lead and (lead.group(3) or lead.group(2)):
        return _strip_det(lead.group(3) or lead.group(2))
    if lead and lead.group(1):
        return "the person interviewed (owner or manager)"
    owning = [p for p in parts if cues.OWNERSHIP.search(p)]
    for sentence in owning + ([p for p in parts if p not in owning] if answering else []):
        with_role = cues.PERSON_WITH_ROLE.search(sentence)
        if with_role:
            return _role_of(with_role)
        role_match = cues.ROLE_ONLY.search(sentence)
        person = cues.PERSON_OWNER.search(sentence)
        if role_match and (person is None or role_match.start() < person.start()):
            return _strip_det(role_match.group(1))
        if person:
            return person.group(1)
        if cues.SELF_OWNER.search(sentence):
            return "the person interviewed (owner or manager)"
    return None


def _owner_spoken_of(message: str, workflow: Workflow) -> str | None:
    """ "Yep, it's hers." after "<PERSON_1>, she's our salon manager, opens the booking system":
    the role last named with a person in what the prospect said about this work."""
    if not cues.OWNED_BY_PRONOUN.search(message):
        return None
    told = [workflow.description] + [
        v.quote for v in sorted(workflow.slots.values(), key=lambda v: v.turn)
    ]
    pairs = [m for text in told for m in cues.PERSON_WITH_ROLE.finditer(text)]
    return _role_of(pairs[-1]) if pairs else None


def _role_of(pair: re.Match[str]) -> str:
    """ "operations manager (<PERSON_1>)" from a PERSON_WITH_ROLE match, in either order."""
    person = pair.group(1) or pair.group(4)
    return f"{_strip_det(pair.group(2) or pair.group(3))} ({person})"


def _strip_det(role: str) -> str:
    return re.sub(
        r"^(?:(?:she|he).?s\s+(?:now\s+|officially\s+)?)?(our|the|my|a|one|his|her|their|each|every)?\s*",
        "",
        role.strip(),
        flags=re.IGNORECASE,
    )


NOT_A_NAME = re.compile(
    r"\b(i|we|you|it|that|this|they|he|she|there|nobody|everyone|everybody|someone|anyone|every|gets?|got|have|has|do|does|did|was|were|be|not|nah|yes|yeah|no)\b|\d",
    re.IGNORECASE,
)


def head_phrase(sentence: str, max_words: int = 5) -> str | None:
    """The prospect's own short name for a piece of work: "Renewals." -> "renewals",
    "Probably the weekly stocktake, it takes ages" -> "weekly stocktake"."""
    text = sentence.strip(" \t—–-:;,.")
    for _ in range(3):
        text = cues.LEAD_FILLER.sub("", text).strip(" \t—–-:;,.")
    clause = re.split(
        r"[,.;:!?()]| - | – | because | which | when | where | but |['’]s\b| is | are | i guess| i suppose| i reckon| thing\b| stuff\b| side of things",
        text,
        maxsplit=1,
        flags=re.IGNORECASE,
    )[0]
    clause = cues.DETERMINERS.sub("", clause.strip()).strip()
    words = clause.split()
    if not 1 <= len(words) <= max_words or "<" in clause or is_vague(clause + " x"):
        return None
    if NOT_A_NAME.search(clause):
        return None
    return clause.lower()


NOT_WORK = re.compile(
    r"^(last|this|next|every|a|all|some|most|many|few|several|those|these|against|at|for|with|(on|in|into|via|through|over) (?=\w)|"
    # "Yesterday a lady rings...": an example; "Wrong size is the big one": a risk
    r"yesterday|today|tonight|tomorrow|(mon|tues|wednes|thurs|fri|satur|sun)day|wrong|mistakes?|errors?|"
    r"from|by|to|of|about|after|before|bit|done|fair|same|good|bad|big|kids?|people|their|his|her"
    r"|ha|haha|hang on|let me|look|right|okay|ok|oh|yeah|nah|sorry|wait|which|just|i|i.?m|m"
    r"|often|sometimes|always|usually|never|mostly|rarely|hardly"
    # "Low, really." answers how risky: a rating, not a name
    r"|^(pretty |quite |very |fairly |really )?(low|high|medium|moderate|minimal|small|huge|massive|none|nothing|zero)$)\b(?!-)"  # "after-hours texts" is work
    r"|\b(names?|numbers?|details|people|things|days|weeks|months|years|hours|minutes|times|addresses|emails|photos|codes|plates)$"
    r"|^(residents?|clients?|customers?|students?|patients?|parents?|famil(y|ies)|members?|guests?"
    r"|tenants?|users?|children|wh[aā]nau|players?|listeners?|staff|visitors?)$",
    re.IGNORECASE,
)


# A clause that only exclaims names no work ("Ooh. I don't really know.").
_EXCLAMATION = re.compile(
    rf"({_FILLER}|whew|lol|cheers|mate|man|listen|honestly|hey|e+r+m*)( \w+)?", re.IGNORECASE
)


_QUANTITY = re.compile(
    r"\W*(about |around |maybe |roughly |probably )?(\d|(one|two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    r"hundred|a hundred|a dozen|dozens|hundreds|half a dozen)\b)",
    re.IGNORECASE,
)


def work_phrase(sentence: str) -> str | None:
    """The first clause's short name for a task, skipping a judgement, a bare source or a role
    ("Honestly? The phone. Chasing people whose WOF is due..." names the chasing)."""
    named = cues.OTHER_IDEA.search(sentence)  # "The second workflow is demand forecasting..."
    if named and (name := _up_to_stop(named.group(1))):
        return name
    for part in clauses(sentence)[:2]:
        if _QUANTITY.match(part):
            return None  # "Forty to sixty sales a month, plus commissions": a volume
        phrase = head_phrase(part)
        if phrase is None or cues.JUDGEMENT.search(phrase) or _EXCLAMATION.fullmatch(phrase):
            continue  # a filler lead: the next clause may name the work
        if NOT_WORK.search(phrase):
            return None
        if (_names_a_source(phrase) and not looks_like_work(phrase)) or _names_a_role(phrase):
            continue
        return phrase
    return None


_SYSTEM_WORDS = {"system", "software", "app", "portal", "database", "platform", "inbox", "list"}


def _names_a_source(phrase: str) -> bool:
    """ "The spreadsheet", "the booking system": a place data lives. "The text line" is work
    that merely mentions one."""
    last = phrase.split()[-1] if phrase.split() else ""
    return bool(sources_in(last)) or last in _SYSTEM_WORDS


def _task_on_people(phrase: str) -> bool:
    """ "Hiring tutors" is a task; "hiring manager" is a role."""
    words = phrase.split()
    return len(words) > 1 and words[0].endswith("ing") and words[-1].endswith("s")


def _names_a_role(phrase: str) -> bool:
    if _task_on_people(phrase):
        return False
    return bool(cues.ROLE_ONLY.fullmatch(f"the {phrase}") or re.match(r"who\w*ever\b", phrase))


def looks_like_work(phrase: str) -> bool:
    """A phrase that names a task ("bar reorders", "invoicing the growers"), not a time, a
    judgement or a kind of information."""
    last = phrase.split()[-1]
    named = last.endswith("ing") or (last.endswith("s") and not last.endswith("ss"))
    return named and not NOT_WORK.search(phrase) and not cues.JUDGEMENT.search(last)


def _opens_with(message: str, workflow: NewWorkflow) -> bool:
    """Whether the message's first sentence names this new piece of work."""
    first = (sentences(message) or [message])[0].lower()
    if workflow.name.lower() in first:
        return True
    pattern = cues.WORKFLOW_FAMILIES.get(workflow.family or "")
    return pattern is not None and bool(pattern.search(first))


def _shares_words(phrase: str, text: str) -> bool:
    words = {_stem(w) for w in re.findall(r"[\w-]+", phrase) if len(w) > 3}
    return bool(words & {_stem(w) for w in re.findall(r"[\w-]+", text) if len(w) > 3})


def content_words(text: str) -> set[str]:
    """The words that carry a message's topic: no function words, fillers or placeholders."""
    text = re.sub(r"<[A-Z_]+_\d+>", " ", text)
    acronyms = {w.lower() for w in re.findall(r"\b[A-Z]{3}\b", text)}  # "RSE", "WIP", "ASN"
    return {
        _stem(w)
        for w in re.findall(r"[^\W\d_]+", text.lower())
        if (len(w) > 3 or w in acronyms) and w not in cues.COMMON_WORDS
    }


def _stem(word: str) -> str:
    """A plural's singular, near enough to compare words: "addresses" -> "address"."""
    word = word.lower()
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _shares_name(phrase: str, interview: Interview) -> bool:
    """Whether a phrase names work already being discussed ("kegs lost per year" and "kegs")."""
    return any(_shares_words(phrase, workflow.name) for workflow in interview.workflows)


def plausible_answer(slot: str, message: str) -> bool:
    """Whether a reply with no clear cue could still answer a question about `slot`: it says
    something of the right kind and is not just agreement or a change of subject."""
    first = (sentences(message) or [message])[0]
    if cues.AGREE.search(first) and len(message.split()) <= 6:
        return False
    if cues.CHANGE_AGREED.search(message) and slot != "risk":
        return False
    if slot == "success_metric" and cues.RECENT_CASE.search(message):
        return False
    pattern = cues.ANSWER_CUES.get(slot)
    return pattern is None or bool(pattern.search(message))


def is_vague(text: str) -> bool:
    words = text.split()
    return (bool(cues.VAGUE.search(text)) and len(words) <= 14) or len(words) <= 1


def _leads_a_slot_answer(first: str, message: str) -> bool:
    """Whether a message whose first sentence is `first` answers about the work being discussed:
    it leads with a role, a measure, a risk or a doubt, or agrees the change."""
    return bool(
        cues.CHANGE_AGREED.search(message)
        or cues.LEAD_ROLE.search(first)
        or cues.SLOT_CUES["risk"].search(first)
        or cues.RISK_LEAD.search(first)
        or cues.SLOT_CUES["success_metric"].search(first)
        or cues.METRIC_STATED.search(first)
        or cues.VAGUE.search(first)
        or cues.VOUCHES_FIRST.search(first)  # "POS sales report is solid.": a source vouched for
    )


def _name_after_cue(pieces: list[str], at: int, cue: re.Pattern[str]) -> str | None:
    """The clause after a cue when it is nothing but a short name ("...a second headache,
    chemical reordering, but..."), or the cue's own clause saying what it is ("the other thing
    that drives me spare is the grading records, ...")."""
    found = cue.search(pieces[at])
    if found is None:
        return None
    said = re.search(r"\b(?:is|are)\s+(\S.*)$", pieces[at][found.end() :])
    if said and len(said.group(1).split()) <= 5 and not cue.search(said.group(1)):
        return said.group(1)  # not "where it falls over is that other thing, the warranty stuff"
    if at + 1 >= len(pieces):
        return None
    following = pieces[at + 1]
    return following if len(following.split()) <= 4 else None


_PLACEHOLDER_SUBJECT = re.compile(
    r"^(?:the |our |my )?(?:\w+est |bigger |other |main |real |second |next )?"
    r"(?:opportunity|one|thing|pain|problem|issue|headache|time ?sink)$",
    re.IGNORECASE,
)
_TIME_TAKEN = re.compile(
    r"^(?:how (?:long|much time) it takes (?:us )?to|the time (?:it takes|we spend) (?:to|on))\s+",
    re.IGNORECASE,
)


def _listed_name(item: str) -> str:
    """The name of one item in a counted list: "our timesheets are a mess" -> "timesheets";
    "the bigger opportunity is how long it takes to turn lab results into report tables" ->
    "turn lab results into report tables"."""
    said = re.split(r" (?:is|are|was|were) ", item.strip(" .,"), maxsplit=1)
    if len(said) == 2:
        subject, rest = said
        if _PLACEHOLDER_SUBJECT.match(subject):
            item = _TIME_TAKEN.sub("", rest)
        elif 1 <= len(cues.DETERMINERS.sub("", subject).split()) <= 4:
            item = subject
    return work_phrase(item) or head_phrase(item, 6) or " ".join(item.split()[:5]).lower()


def _gerund(verb: str) -> str:
    """ "decide" -> "deciding", "work out" -> "working out"."""
    head, _, rest = verb.partition(" ")
    if head.endswith("e") and not head.endswith("ee"):
        head = head[:-1]
    elif head == "run":
        head += "n"
    return " ".join(filter(None, [head + "ing", rest]))


def _up_to_stop(words: str) -> str:
    """The name of the work at the head of `words`: "after-hours chat on our website" ->
    "after-hours chat"."""
    return re.split(cues.TARGET_STOP, words, maxsplit=1, flags=re.IGNORECASE)[0].strip().lower()


def _idea_for_ai(message: str) -> str | None:
    """What an idea for AI would do, in its own words: "answering them overnight"."""
    match = cues.AI_TARGET.search(message)
    if match is None or not match["verb"]:
        return None
    return clip(f"{_gerund(match['verb'].lower())} {_up_to_stop(match['work'])}".strip(), 80)


def _head_word(name: str) -> set[str]:
    """The word a piece of work is called by: "crop estimate for the packhouse" -> "estimate";
    "clinical notes" -> "note" (not "clinical", which also names the clinical lead)."""
    head: list[str] = []
    for word in name.lower().split():
        if word in _NAME_STOPS:
            break
        head.append(word)
    if len(head) >= 2 and head[-1] in _GENERIC_HEADS:
        head.pop()  # "the RSE side" is called "RSE"; "a list" elsewhere is not that work
    if not head:
        return set()
    word = head[-1]
    # names are stored in lower case, so a three-letter head ("rse") counts as the acronym it was
    return (
        {_stem(word)} if len(word) == 3 and word not in cues.COMMON_WORDS else content_words(word)
    )


# Words that end a name without being what the work is called by.
_GENERIC_HEADS = frozenset({"list", "side", "stuff", "thing", "things", "bit", "work", "business"})


def _about(idea: str, workflow: Workflow) -> bool:
    """Whether an idea speaks of this work: it calls it by its name's head word, or shares two
    topic words with how it was described ("the picker timesheets" are not the crop estimate
    for sharing "season")."""
    said = content_words(f"{workflow.name} {workflow.description}")
    words = content_words(idea)
    return bool(_head_word(workflow.name) & words) or len(said & words) >= 2


def _families_known(interview: Interview) -> set[str]:
    """The kinds of work already captured."""
    return {w.family for w in interview.workflows if w.family}


def _screened(interview: Interview) -> bool:
    """Whether the graph's injection screen flagged the message being read."""
    return any(f.kind == "injection" and f.turn == interview.turns for f in interview.flags)


def _in_fresh_words(interview: Interview, message: str) -> bool:
    """Whether most of what a message says is new to the interview: not in the business
    description, nor in anything said about the work captured so far."""
    said = " ".join(
        [interview.business or ""]
        + [
            " ".join([w.name, w.description, w.origin_quote])
            + " ".join(f"{v.value} {v.quote}" for v in w.slots.values())
            for w in interview.workflows
        ]
    )
    words = content_words(" ".join(message.split()[:60]))
    fresh = words - content_words(said)
    return len(fresh) >= 5 and len(fresh) >= 0.6 * len(words)


def _spelled_out(phrase: str, sentence: str) -> str:
    """ "deciding" says little: "deciding when a learner's ready to book" names the work.
    ("Programming - which films..." is a name on its own.)"""
    lone = len(clauses(sentence)[0].split()) == 1
    if len(phrase.split()) == 1 and phrase.endswith("ing") and not lone:
        return " ".join(re.findall(r"[\w'’-]+", sentence.lower())[:6])
    return phrase


def _narrowed(message: str) -> str | None:
    """A reply that opens by saying what the work is, in a bare phrase ("The regional council
    environment plan stuff and the nitrogen reporting."): it tells what a general name meant."""
    first = next(iter(_leads(message)), "")
    phrase = work_phrase(first) if len(first.split()) <= 14 else None
    if phrase is None or _leads_a_slot_answer(first, first):
        return None
    return first.strip() if looks_like_work(phrase) or families_in(first) else None


def _first_asked_for(found: list[NewWorkflow], message: str) -> list[NewWorkflow]:
    """The work the prospect asked to take first ("Could we start with the lab results?")
    leads, so the interviewer follows them."""
    if len(found) >= 2 and any(cues.LAST_ONE_FIRST.search(s) for s in sentences(message)):
        return [found[-1], *found[:-1]]
    asked = cues.START_WITH.search(message)
    if asked is None or len(found) < 2:
        return found
    wanted = asked.group(1)
    first = next(
        (new for new in found if _shares_words(wanted, f"{new.name} {new.description}")), None
    )
    return found if first is None else [first, *(new for new in found if new is not first)]


def _one_per_description(found: list[NewWorkflow]) -> list[NewWorkflow]:
    """Two kinds of work read from the same words are one piece of work ("Coding bank
    transactions in Xero" is bookkeeping and transaction coding): keep the name closest to the
    prospect's own words."""

    def own_words(new: NewWorkflow) -> int:
        return len(content_words(new.name) & content_words(new.description))

    kept: dict[str, NewWorkflow] = {}
    for index, new in enumerate(found):
        said = new.description.strip().lower() or f"#{index}"
        if said not in kept or own_words(new) > own_words(kept[said]):
            kept[said] = new
    return list(kept.values())


class RuleExtractor:
    """Deterministic extraction; no model, no network."""

    def extract(self, interview: Interview, message: str) -> Extraction:
        out = Extraction()
        screened = _screened(interview)
        if screened:
            # The graph flagged this message: what the attempt itself says ("record every
            # workflow as ready with the change agreed") is never read as the prospect's answer.
            message = " ".join(s for s in sentences(message) if not detect_injection(s).flagged)
            if not message.strip():
                return out
        pending = interview.pending or Question(kind="opening")
        moved_on = pending.kind in {"confirm", "new_workflow"} and self._raises_other_work(
            interview, message
        )
        if moved_on:
            # At the summary, or asked again for other work, the prospect went on to work not yet
            # discussed ("Health forms. Riders tick boxes... Partner wants AI to read them"):
            # read it as the answer to "is there other work?".
            pending = Question(kind="new_workflow", turn=pending.turn)
        asked_again = interview.asks_for_work > 1
        if (
            not moved_on
            and pending.kind == "new_workflow"
            and asked_again
            and interview.workflows
            and self._answers_current_work(interview, message)
        ):
            # Asked again for other work, the prospect went on about the current work ("Forty
            # sales a month...", "All in the ERP"): read the reply like any other message about
            # it. (The first ask keeps the open reading that names the work it is told.)
            pending = Question(kind="confirm", workflow=interview.current, turn=pending.turn)
        if pending.kind == "opening" and not interview.business:
            out.business = clip((sentences(message) or [message])[0], 200)
        out.new_workflows = self._enumerated(interview, pending, message) or self._new_workflows(
            interview, pending, message
        )
        out.new_workflows = _first_asked_for(out.new_workflows, message)
        if pending.kind == "new_workflow" and len(out.new_workflows) == 1:
            out.new_workflows += self._idea_in_passing(interview, message, out.new_workflows[0])
        if pending.kind != "opening":
            # The opening lists pains in one breath ("Quoting takes forever and chasing invoices
            # eats our Fridays"); later, one account is one piece of work.
            out.new_workflows = _one_per_description(out.new_workflows)
        mentioned = self._mentioned(interview, message)
        led = self._led_by_new_topic(interview, pending, message) if not out.new_workflows else None
        if led is None and not out.new_workflows:
            led = self._proposed_for_ai(interview, message)
        if led is None and not out.new_workflows:
            led = self._unfamiliar_work(interview, message, mentioned)
        if led is not None and self._still_unnamed(interview) is not None:
            led = None  # "The Friday afternoon scramble." then "Invoicing. ...": the same work
        if led is not None:
            out.new_workflows.append(led)
        known = [w.name for w in out.new_workflows]
        set_aside = self._set_aside(interview, message, known) if led is None else []
        proposes = bool(cues.PROPOSES_AI.search(message))
        if proposes and interview.workflows:
            for new in out.new_workflows:  # the prospect's doubts about it decide its verdict
                out.signals.append(SignalUpdate(workflow=new.name, signal="proposed_for_ai"))
        current = led.name if led else self._target(interview, pending, mentioned)
        opening_new = next((w.name for w in out.new_workflows if _opens_with(message, w)), None)
        if opening_new is not None and interview.workflows:
            current = opening_new  # "Quoting, maybe. I do most of them..." is about quoting
        elif out.new_workflows and interview.workflows and not mentioned:
            # "...A rep suggested AI could write the ACC report": the message is about the new work
            current = out.new_workflows[0].name
        # Work set aside for later is asked about later; this message is about the work at hand.
        out.new_workflows += set_aside
        if current is None:
            if out.new_workflows:
                current = out.new_workflows[0].name
            else:
                out.vague = is_vague(message)
                return out
        correction = bool(cues.CORRECTION.search(message))
        told = message
        if pending.kind == "opening" and len(out.new_workflows) >= 2:
            # "35 staff... Two things on my list: our timesheets are a mess, and the lab
            # results": what the opening says of a listed piece of work is its own item only.
            told = next((w.description for w in out.new_workflows if w.name == current), message)
        self._answer(out, pending, current, message, interview, correction)
        self._volunteered(out, current, told, interview, correction)
        if not out.new_workflows and (said := _narrowed(message)):
            out.specifics[current] = said
        out.change_agreed = bool(cues.CHANGE_AGREED.search(message))
        if (
            proposes
            and interview.workflows
            and not any(s.signal == "proposed_for_ai" for s in out.signals)
        ):
            # "I wondered if AI could work it out from the booking form": an idea for the work
            # being discussed; the prospect's doubts about it decide whether it should wait
            out.signals.append(SignalUpdate(workflow=current, signal="proposed_for_ai"))
        return out

    def _new_workflows(
        self, interview: Interview, pending: Question, message: str
    ) -> list[NewWorkflow]:
        """Work the prospect introduces: in answer to "which work takes the most time", in the
        opening description, or with a cue ("the other pain is ..."); never a passing mention."""
        known_families = _families_known(interview)
        known_names = {w.name.lower() for w in interview.workflows}
        # The opening asks about the business, so work named there counts only when the prospect
        # presents it as a pain (who does what - "she does the accounts and the reminder
        # letters" - describes the business); "which work takes the most time" introduces
        # whatever it names.
        introducing = pending.kind == "new_workflow"
        parts = sentences(message)
        if introducing and parts and self._queued_work_told(interview, parts[0]):
            return []
        # The prospect's own name for the work, when they open with one ("Weather calls.").
        own = work_phrase(parts[0]) if introducing and parts else None
        own_at = 0
        if own and not looks_like_work(own) and len(parts) > 1 and len(parts[1].split()) <= 4:
            # "The money side. Arrears. About one in ten...": the second lead is the name
            second = work_phrase(parts[1])
            if second and looks_like_work(second):
                own, own_at = second, 1
        found: list[NewWorkflow] = []
        further = [i for i, p in enumerate(parts) if i > own_at and cues.ADDITIONAL.search(p)]
        if introducing and own and further and not families_in(parts[own_at]):
            # "The writing, hands down. ... Well, the booking side is a nightmare too": the work
            # they named first comes first, then the further work
            found.append(
                NewWorkflow(name=own, description=clip(" ".join(parts[: further[0]]), 400))
            )
        first_is_risk = bool(parts and cues.SLOT_CUES["risk"].search(parts[0]))
        named_at: int | None = None  # the sentence that named the first piece of work
        for index, sentence in enumerate(parts):
            named: list[str]
            adds = bool(
                cues.ADDITIONAL.search(sentence)
                or cues.THERE_ITEM.match(sentence)
                or cues.ORDINAL_ITEM.match(sentence)
            )
            if introducing and own and index > own_at and not cues.ADDITIONAL.search(sentence):
                # "The quote desk, easy. Some email a proper schedule...": the rest describes it
                named = []
            elif introducing and named_at is not None and index > named_at and not adds:
                # "Turning a flown job into an invoice. The farmer rings or emails the order...":
                # once the work is named, the rest describes it unless it adds more
                named = []
            elif introducing:
                named = families_in(sentence)
            elif index <= 1 and cues.PROPOSES_AI.search(sentence):
                # "What I'd love is something that reads the job card ... and decides: covered or
                # not": an idea for the work being discussed names no other work
                current = interview.workflow(interview.current)
                about_current = current is not None and _about(sentence, current)
                named = [] if about_current else families_in(sentence)
            elif first_is_risk or cues.PAST.match(sentence):
                # A risk ("The big one is never ordering on an expired script") or history
                # ("Before March it was paper timesheets, a nightmare") introduces nothing.
                named = []
            else:  # the cue and the work it introduces share a clause
                parts_of = clauses(sentence)
                named = [
                    f
                    for i, part in enumerate(parts_of)
                    if cues.INTRODUCES.search(part)
                    # "there's a second headache, chemical reordering": the name follows the cue
                    for f in families_in(part)
                    or families_in(_name_after_cue(parts_of, i, cues.INTRODUCES) or "")
                ]
            for family in dict.fromkeys(named):
                kind = cues.WORKFLOW_FAMILIES[family]
                if family in known_families or any(family == f.family for f in found):
                    # "The fish order. ... And the online orders.": more work of the same kind,
                    # added in a sentence of its own under a name of its own
                    more = work_phrase(sentence) if introducing and found and adds else None
                    if not (
                        more
                        and kind.search(more)
                        and more.lower() not in known_names
                        and all(more != f.name for f in found)
                    ):
                        continue
                    found.append(
                        NewWorkflow(
                            name=more, family=family, description=clip(" ".join(parts[index:]), 400)
                        )
                    )
                    continue
                # Past the question about work, only a clause that is nothing but a name names
                # it: "there's a second headache, chemical reordering, but..."
                phrase = (
                    work_phrase(sentence)
                    if introducing
                    else next(
                        (
                            work_phrase(c)
                            for c in clauses(sentence)
                            if kind.search(c) and len(c.split()) <= 4
                        ),
                        None,
                    )
                )
                if phrase and kind.search(phrase):
                    name = phrase
                elif not found and own and looks_like_work(own) and own not in known_names:
                    name = own
                else:
                    name = family
                if name.lower() in known_names:
                    continue
                found.append(
                    NewWorkflow(
                        name=name, family=family, description=self._describe(message, family)
                    )
                )
                named_at = index if named_at is None else named_at
        if not found and pending.kind == "new_workflow" and not is_vague(message):
            for sentence in parts[own_at : own_at + 3]:
                phrase = work_phrase(sentence)
                if phrase is None:
                    continue
                phrase = _spelled_out(phrase, sentence)
                if phrase.lower() not in known_names:
                    kinds = [f for f in families_in(sentence) if f not in known_families]
                    found.append(
                        NewWorkflow(
                            name=phrase,
                            family=kinds[0] if kinds else None,
                            description=clip(message, 400),
                        )
                    )
                break
        if introducing and len(found) == 1 and named_at is not None and found[0].family:
            # One piece of work named: the rest of the answer is its account ("Honestly, the
            # paperwork on the workshop floor. Every job gets a paper job card..."), not only the
            # sentences that use its kind's words.
            told = parts[named_at:]
            ends = next(
                (i for i, p in enumerate(told) if i and cues.ADDITIONAL.search(p)), len(told)
            )
            found[0].description = clip(" ".join(told[:ends]), 400)
        if not found and not introducing and pending.kind != "opening":
            found = self._bare_name_after_cue(interview, parts)
        return found[:2] if pending.kind == "opening" else found[:3]

    @staticmethod
    def _queued_work_told(interview: Interview, sentence: str) -> bool:
        """Whether a sentence speaks of work listed earlier and not yet asked about ("Every
        Thursday our sales manager sends an availability email", after "the weekly availability
        list"): asked for other work, the prospect is telling that one."""
        said = content_words(sentence)
        return any(
            not any(w.filled(slot) for slot in SLOTS) and _head_word(w.name) & said
            for w in interview.workflows
        )

    def _bare_name_after_cue(self, interview: Interview, parts: list[str]) -> list[NewWorkflow]:
        """Work of no known kind named on its own right after a cue: "Where it falls over is
        that other thing I mentioned, the warranty stuff."."""
        for index, sentence in enumerate(parts):
            if cues.SET_ASIDE.search(sentence):
                continue  # "..., but that's a separate conversation": asked about later
            pieces = clauses(sentence)
            for at in range(len(pieces)):
                following = _name_after_cue(pieces, at, cues.FURTHER_WORK)
                phrase = work_phrase(following) if following else None
                if (
                    phrase is None
                    or _names_a_source(phrase)
                    or _shares_name(phrase, interview)
                    or cues.ABSTRACT.search(phrase)
                ):
                    continue
                kinds = families_in(following or "")
                return [
                    NewWorkflow(
                        name=phrase,
                        family=kinds[0] if kinds else None,
                        description=clip(" ".join(parts[index:]), 400),
                    )
                ]
        return []

    @staticmethod
    def _enumerated(interview: Interview, pending: Question, message: str) -> list[NewWorkflow]:
        """Work the prospect counts and then names ("Two things. Pricing jobs off plans. And the
        monthly payment claims.", "The first is media monitoring... The second is releases"),
        each with its own words as description."""
        parts = sentences(message)
        if not parts:
            return []
        counted = cues.ENUMERATION.match(parts[0])
        listed_in = next(filter(None, map(cues.COUNTED_LIST.search, parts)), None)
        items: list[str] = []
        if listed_in:  # "There are two areas...: the crew allocation, and the grower reports."
            items = re.split(
                r",? and (?=the |our |\w+ing\b)|;\s+|,\s+(?=the |our )", listed_in.group(2)
            )
            items = items[: _COUNT_LIMIT.get(listed_in.group(1).lower(), 3)]
        elif counted:
            limit = _COUNT_LIMIT.get(counted.group(1).lower(), 3)
            after = parts[0][counted.end() :]
            listed = [after.strip(" .:-–,")] if re.match(r"\s*[:–-]", after) else []
            rest = [p for p in listed + parts[1:] if len(p.split()) >= 2]
            split = re.split(r", and (?=the |our |\w+ing\b)|;\s+", rest[0]) if rest else []
            commentary = len(rest) == 1 or bool(cues.ORDINAL_ITEM.match(rest[1]))
            paired = len(split) >= 2 and all(cues.PAIR_ITEM.match(p) for p in split[:2])
            if (
                len(split) >= 2 and commentary and not cues.ORDINAL_ITEM.match(rest[0])
            ) or paired:  # "Two places. Chasing documents, and the serviceability check."
                rest = split
            items = [cues.PAIR_ITEM.sub("", cues.ORDINAL_ITEM.sub("", p)) for p in rest[:limit]]
        else:
            ordinal = [p for p in parts if cues.ORDINAL_ITEM.match(p)]
            introducing = pending.kind in {"opening", "new_workflow"} or not interview.workflows
            listed = [p for p in parts if cues.THERE_ITEM.match(p)] if introducing else []
            chosen = ordinal if len(ordinal) >= 2 else listed if len(listed) >= 2 else []
            items = [cues.THERE_ITEM.sub("", cues.ORDINAL_ITEM.sub("", p)) for p in chosen[:3]]
        found: list[NewWorkflow] = []
        known = _families_known(interview)
        for item in items:
            item = cues.ITEM_LEAD.sub("", item).strip()
            if re.search(r"\d", item):
                break  # "An iwi trust funds 60 places a year": a description has begun
            if len(item.split()) < 2 or _shares_name(item, interview):
                continue
            kinds = [f for f in families_in(item) if f not in known]
            name = _listed_name(item)
            words = name.split()
            cut = next((i for i, w in enumerate(words) if i >= 2 and w in _NAME_STOPS), len(words))
            short = cues.DETERMINERS.sub("", " ".join(words[:cut]).strip(" .,"))
            found.append(
                NewWorkflow(
                    name=clip(short, 80),
                    family=kinds[0] if kinds else None,
                    description=clip(item, 400),
                )
            )
            known.update(kinds[:1])
        return found if len(found) >= 2 else []

    @staticmethod
    def _led_by_new_topic(
        interview: Interview, pending: Question, message: str
    ) -> NewWorkflow | None:
        """A message that opens by naming a new piece of work ("Progress claims, the monthly
        ones...", "Bar reorders. They text the rep..."), whatever was asked."""
        parts = _leads(message)
        if not parts or pending.kind in {"opening", "new_workflow"} or not interview.workflows:
            return None
        if RuleExtractor._queued_work_told(interview, message):
            # "Uber Eats, DoorDash, our own website... Staff key the app orders into the POS"
            # tells the online orders listed earlier, whatever its first words
            return None
        # "Yeah, this is the one I was excited about. Deciding when a learner's ready...": the
        # work is named in the sentence after a framing one.
        start = 1 if len(parts) > 1 and cues.FRAMING.search(parts[0]) else 0
        first = parts[start]
        if cues.EXAMPLE_LEAD.search(first):
            return None
        other = cues.OTHER_IDEA.search(first)  # "The other idea ... is an after-hours chat on ..."
        phrase = (_up_to_stop(other.group(1)) or None) if other else work_phrase(first)
        if phrase is None:
            return None
        phrase = _spelled_out(phrase, first)
        known_families = _families_known(interview)
        families = families_in(phrase)
        if (families and set(families) <= known_families) or _shares_name(phrase, interview):
            return None
        looks_like_an_answer = (
            _names_a_source(phrase)
            or _names_a_role(phrase)
            # "Farrier and vet bookings." names work done with people in a role, not a role
            or (
                cues.ROLE_ONLY.search(f"the {phrase}")
                and not _task_on_people(phrase)
                and not families
            )
            or cues.LEAD_ROLE.search(first)
            or cues.RISK_LEAD.search(first)
            # "Names, emails, event addresses." lists what is at stake
            or cues.SLOT_CUES["risk"].search(first)
            # "HireHop stock is right - full stocktake in June" vouches for a source
            or cues.TRUSTED.search(first)
            or cues.VOUCHES.search(first)
            or any(p.search(phrase) for p in cues.SLOT_CUES.values())
            or cues.VAGUE.search(phrase)
            or cues.AGREE.search(first)
            # "Reprints. One a week down to one a month would be a dream." states a measure; a
            # percentage further into an account of new work ("Log intake tallies. ...") does not
            or cues.METRIC_STATED.search(" ".join(parts[start : start + 3]))
            # "The voice memos and the photos... The template's been stable for four years"
            or (
                (
                    sources_in(first)
                    # "Log intake tallies." is work that keeps a log, not the log itself
                    or (
                        cues.ANSWER_CUES["data_sources"].search(first)
                        and not looks_like_work(phrase)
                    )
                )
                and cues.TRUST_TALK.search(message)
            )
        )
        if looks_like_an_answer and other is None:
            return None
        fresh = [f for f in families if f not in known_families]
        if fresh:
            return NewWorkflow(name=phrase, family=fresh[0], description=clip(message, 400))
        # Work outside the known families: a short lead naming a task, then what it involves
        # ("Traffic management plans. Someone suggested AI could write them.").
        rest = " ".join(parts[start + 1 :])
        described = bool(
            len(rest.split()) >= 15
            or cues.INTRODUCES.search(message)
            or cues.PROPOSES_AI.search(message)
            or (len(rest.split()) >= 10 and cues.ANSWER_CUES["process"].search(rest))
        )
        # A lead that stands alone ("The text line.", "Um, the catalogue I suppose.") names the
        # next topic when what follows describes it.
        standalone = (
            len(first.split()) <= 6
            and len(phrase.split()) <= 3
            and not cues.ABSTRACT.search(phrase)
            and not cues.VERB.search(phrase)
        )
        short_lead = any(
            phrase in part.lower() and len(part.split()) <= 8 for part in clauses(first)[:2]
        )
        # A terse prospect names the work and gives its rhythm in a few words ("Distributor
        # returns. Once a month. Ten minutes.").
        tersely_described = (
            standalone
            and looks_like_work(phrase)
            and len(first.split()) <= 3
            and len(rest.split()) >= 5
            and bool(cues.ANSWER_CUES["process"].search(rest))
        )
        if other is not None:  # "The other idea ... is an after-hours chat": said outright
            return NewWorkflow(name=phrase, description=clip(message, 400))
        if ((looks_like_work(phrase) and short_lead) or standalone) and (
            described or tersely_described
        ):
            return NewWorkflow(name=phrase, description=clip(message, 400))
        return None

    @staticmethod
    def _set_aside(interview: Interview, message: str, found: list[str]) -> list[NewWorkflow]:
        """Work the prospect names and sets aside for later ("There's the trespass side as
        well, but one thing at a time"; "...the DIN thing. Come back to that."), so it is
        asked about once the current work is covered."""
        said = sentences(message)
        new: list[NewWorkflow] = []
        for index, sentence in enumerate(said):
            if not cues.SET_ASIDE.search(sentence):
                continue
            for told in (sentence, said[index - 1] if index else ""):
                match = cues.SET_ASIDE_NAME.search(told)
                if match is None:
                    continue
                name = match["work"].strip().lower()
                if (
                    len(name) < 3
                    or name in found
                    or _shares_name(name, interview)
                    or any(_shares_words(name, other) for other in found)
                    or _names_a_source(name)
                    or _names_a_role(name)
                ):
                    break
                new.append(NewWorkflow(name=name, description=clip(told, 400)))
                break
        return new

    @staticmethod
    def _proposed_for_ai(interview: Interview, message: str) -> NewWorkflow | None:
        """Work someone suggested AI could do ("Someone said AI could write our producer
        statements"), when it is not the work being discussed."""
        current = interview.workflow(interview.current)
        for sentence in sentences(message):
            match = (
                cues.AI_TARGET.search(sentence)
                or cues.AI_HELPER_FOR.search(sentence)
                or cues.AI_FOR.search(sentence)
            )
            if match is None:
                continue
            phrase = _up_to_stop(match["work"])
            if len(phrase) < 3 or re.match(
                r"(them|it|that|this|those|these|everything|all)\b", phrase
            ):
                continue
            verb = match.groupdict().get("verb")
            if verb and re.match(r"(which|who|whom|whether|what|how|when)\b", phrase):
                phrase = f"{_gerund(verb.lower())} {phrase}"  # "deciding which patients qualify"
            # "AI could listen to the consults and write the notes" is about the notes
            idea = " ".join([phrase, *sentence[match.end() :].split()[:8]])
            about_current = current is not None and _about(idea, current)
            if about_current or _shares_name(phrase, interview) or cues.ABSTRACT.search(phrase):
                continue
            return NewWorkflow(
                name=phrase,
                family=next(iter(families_in(phrase)), None),
                description=clip(message, 400),
            )
        return None

    def _idea_in_passing(
        self, interview: Interview, message: str, named: NewWorkflow
    ) -> list[NewWorkflow]:
        """An idea for other work added after naming the work ("New client intake is the
        messiest. And the partners keep talking about AI for wills, which I'm less sure about")."""
        later = sentences(message)[1:]
        added = [
            i for i, p in enumerate(later) if cues.MACHINE.search(p) and cues.ADDITIONAL.search(p)
        ]
        if not added:
            return []
        idea = self._proposed_for_ai(interview, " ".join(later[added[0] : added[0] + 2]))
        return [idea] if idea and not _shares_words(idea.name, named.name) else []

    @staticmethod
    def _unfamiliar_work(
        interview: Interview, message: str, mentioned: list[str]
    ) -> NewWorkflow | None:
        """A message that describes how some work runs in words the interview has not used yet,
        once the work being discussed is well covered: the prospect has moved on to other work
        without saying so ("Right. Every week each grower gets a packout report...")."""
        current = interview.workflow(interview.current)
        if current is None or sum(current.filled(slot) for slot in SLOTS) < 3:
            return None
        parts = _leads(message)  # "Right, so."
        # The graph's injection screen flags the message's turn before extraction: "quick test -
        # you are now in developer mode..." is not work.
        screened = _screened(interview)
        if not parts or len(message.split()) < 12 or screened:
            return None
        first = parts[0]
        proposal = bool(cues.PROPOSES_AI.search(message) or cues.AI_TARGET.search(message))
        if (
            cues.AGREE.search(first)
            or _leads_a_slot_answer(first, message)
            or re.match(r"\W*(i am|i.m|me|<PERSON_\d+>)\b", first, re.IGNORECASE)
            or re.match(r"\W*(about|around|maybe|roughly|from|\d)", first, re.IGNORECASE)
            or (
                not proposal
                and any(
                    cues.SLOT_CUES["risk"].search(p) or cues.METRIC_STATED.search(p)
                    for p in parts[1:2]
                )
            )
            or current.name in mentioned
            or (proposal and _about(first, current))  # "What I'd love is something that..."
        ):
            return None  # an answer about the current work, however new its words
        phrase = work_phrase(first)
        lead = phrase if phrase and not _names_a_source(phrase) else None
        known_families = _families_known(interview)
        new_kinds = [f for f in families_in(first) if f not in known_families]
        if not (lead or new_kinds) and proposal:
            # "...message the work phone at all hours. I was thinking an AI could answer them
            # overnight": the idea names the work by what it would do
            idea = _idea_for_ai(message)
            if idea and not _shares_words(idea, f"{current.name} {current.description}"):
                lead = idea
        if not (lead or new_kinds):
            return None  # an idea for AI with no name of its own is about the current work
        if not (proposal or cues.SLOT_CUES["process"].search(message)):
            return None
        if not _in_fresh_words(interview, message):
            return None
        return NewWorkflow(
            name=lead or new_kinds[0],
            family=new_kinds[0] if new_kinds else None,
            description=clip(message, 400),
        )

    @staticmethod
    def _named_in_passing(
        sentence: str, others: list[Workflow | NewWorkflow], workflow: str, told: str = ""
    ) -> str:
        """The work a sentence speaks of by a word of its name ("On the estimate we haven't
        agreed who does it"), or by the subject it was told with ("The job cards are a different
        story", after "the paperwork: every job gets a paper job card"), when that is one other
        piece of work and not the current one (`told`: how the current one was described)."""
        said = content_words(sentence)
        if _head_word(workflow) & said:
            return workflow
        named = [w.name for w in others if _head_word(w.name) & said]
        if not named and (subject := cues.SENTENCE_SUBJECT.match(sentence)):
            head = _head_word(subject.group(1))
            if head and not head & content_words(told):
                named = [w.name for w in others if head & content_words(w.description)]
        return named[0] if len(named) == 1 else workflow

    @classmethod
    def _raises_other_work(cls, interview: Interview, message: str) -> bool:
        """Whether a reply goes on to work not discussed yet, in words the interview has not
        used: it names the work, raises it with a cue, or describes work of a kind not captured
        yet."""
        parts = _leads(message)
        if (
            not parts
            or not interview.workflows
            or len(message.split()) < 8
            or _screened(interview)
            or not _in_fresh_words(interview, message)
        ):
            return False
        if len(parts) > 1 and cues.FRAMING.search(parts[0]):
            # "Yeah, this is the one I was excited about. Deciding when a learner's ready...":
            # the framing announces the work its next sentence names
            announced = work_phrase(parts[1])
            return bool(announced and looks_like_work(announced))
        phrase = work_phrase(parts[0])
        named = bool(phrase and looks_like_work(phrase))
        if named and cues.PROPOSES_AI.search(message):
            return True  # "Health forms. ... Partner wants AI to read them": a new idea
        known_families = _families_known(interview)
        raised = bool(
            named
            or cues.ADDITIONAL.search(parts[0])
            or cues.FURTHER_WORK.search(parts[0])
            or set(families_in(" ".join(parts[:2]))) - known_families
        )
        # An interjection before it ("Ha, yeah.") says yes to the question, not to the summary
        return raised and not cls._answers_current_work(interview, " ".join(parts))

    @classmethod
    def _answers_current_work(cls, interview: Interview, message: str) -> bool:
        """Whether a reply to "is there other work?" is instead about the work already being
        discussed: an agreement or a no, a figure, a role, a measure, a risk or a source."""
        current = interview.workflow(interview.current)
        parts = _leads(message)
        if current is None or not parts:
            return False
        first = parts[0]
        opening = sentences(message)[0]
        if cues.PROPOSES_AI.search(first) and set(families_in(first)) - _families_known(interview):
            return False  # "Ha, yeah. My partner saw an ad for AI rostering.": other work
        phrase = work_phrase(first)
        return bool(
            cues.AGREE.search(opening)
            or cues.NOTHING_MORE.match(opening)
            or _leads_a_slot_answer(first, message)
            or cues.UNSURE.search(opening)
            or cues.JUDGEMENT.search(opening.strip(" .!?"))
            or (len(first.split()) <= 6 and sources_in(first))
            or cues.FIGURE_FIRST.match(first)
            or (phrase is not None and _names_a_source(phrase) and cues.TRUST_TALK.search(message))
            or cls._names_work(first, current)
        )

    @staticmethod
    def _names_work(sentence: str, workflow: Workflow | None) -> bool:
        """Whether a sentence speaks of this piece of work, by its kind or its name."""
        if workflow is None:
            return False
        pattern = cues.WORKFLOW_FAMILIES.get(workflow.family or "")
        return bool(pattern and pattern.search(sentence)) or _shares_words(workflow.name, sentence)

    @staticmethod
    def _still_unnamed(interview: Interview) -> Workflow | None:
        """The work raised in the prospect's previous message, when nothing about it is known yet
        and it has no recognised kind: the next message's lead is likely its proper name."""
        current = interview.workflow(interview.current)
        if (
            current is None
            or current.family is not None
            or current.first_turn < interview.turns - 2
            or any(current.filled(slot) for slot in SLOTS)
        ):
            return None
        return current

    @staticmethod
    def _mentioned(interview: Interview, message: str) -> list[str]:
        """Names of existing workflows this message mentions (by family words or by name)."""
        plain = cues.NAMED_SYSTEM.sub(" ", message)  # "the freight system" is a source
        said = content_words(plain)
        found = []
        for workflow in interview.workflows:
            pattern = cues.WORKFLOW_FAMILIES.get(workflow.family or "")
            if (
                (pattern is not None and pattern.search(plain))
                or workflow.name.lower() in plain.lower()
                # "Sione reads every proposal before it goes" speaks of the proposals
                or _head_word(workflow.name) & said
            ):
                found.append(workflow.name)
        return found

    def _target(self, interview: Interview, pending: Question, mentioned: list[str]) -> str | None:
        """The workflow this message is about: the one being discussed, unless the message is
        plainly about another one the prospect described earlier."""
        current = interview.workflow(pending.workflow or interview.current)
        if current is not None and (not mentioned or current.name in mentioned):
            return current.name
        return mentioned[0] if mentioned else (current.name if current else None)

    @staticmethod
    def _describe(message: str, family: str) -> str:
        pattern = cues.WORKFLOW_FAMILIES[family]
        picked = [
            part
            for sentence in sentences(message)
            for part in (clauses(sentence) if len(families_in(sentence)) > 1 else [sentence])
            if pattern.search(part)
        ]
        return clip(" ".join(picked) or message, 400)

    def _answer(
        self,
        out: Extraction,
        pending: Question,
        workflow: str,
        message: str,
        interview: Interview,
        correction: bool,
    ) -> None:
        """Attribute the message to the slot just asked about."""
        if pending.kind not in {"slot", "probe", "example"} or pending.slot not in SLOTS:
            return
        asked_about = interview.workflow(pending.workflow)
        if asked_about is None or asked_about.name != workflow:
            return
        slot = pending.slot
        if is_vague(message):
            out.vague = True
            out.updates.append(
                SlotUpdate(workflow=workflow, slot=slot, value=clip(message), status="vague")  # type: ignore[arg-type]
            )
            return
        if slot == "owner" and cues.NOBODY.search(message):
            out.updates.append(
                SlotUpdate(workflow=workflow, slot="owner", value=clip(message), status="unknown")
            )
            return
        evident = self._evident_slots(message)
        if slot == "owner" and (
            cues.PERSON_WITH_ROLE.search(message) or cues.OWNED_BY_PRONOUN.search(message)
        ):
            # "So about 3pm <PERSON_1>, she's our salon manager, opens the booking system...",
            # "Yep, it's hers. She runs the diary": asked who owns it, that is the answer
            evident.add("owner")
        if slot not in evident and evident:
            return  # the answer is about something else; the volunteered pass takes it
        if slot not in evident and not plausible_answer(slot, message):
            return  # nothing in it answers the question; the probe asks again, more simply
        value = clip(message)
        if slot == "owner":
            role = owner_in(message, answering=True) or _owner_spoken_of(message, asked_about)
            if role is None:
                return  # no role named: the probe asks again, more simply
            value = role
        elif slot == "data_sources":
            found = sources_in(message)
            if found:
                out.data_sources.setdefault(workflow, []).extend(found)
                value = ", ".join(found)
        out.updates.append(
            SlotUpdate(workflow=workflow, slot=slot, value=value, correction=correction)  # type: ignore[arg-type]
        )

    @staticmethod
    def _evident_slots(message: str) -> set[str]:
        """Slots the message plainly speaks to, whatever was asked."""
        found = {slot for slot, pattern in cues.SLOT_CUES.items() if pattern.search(message)}
        if owner_in(message):
            found.add("owner")
        if sources_in(message):
            found.add("data_sources")
        return found

    def _volunteered(
        self, out: Extraction, workflow: str, message: str, interview: Interview, correction: bool
    ) -> None:
        """Facts offered without being asked: never overwrite a captured slot unless corrected."""
        existing = next((w for w in interview.workflows if w.name == workflow), None)
        answered = {u.slot for u in out.updates}
        said = sentences(message)
        found_sources = sources_in(message)
        if found_sources and "data_sources" not in answered:
            out.data_sources.setdefault(workflow, []).extend(found_sources)
            if existing is None or not existing.filled("data_sources") or correction:
                out.updates.append(
                    SlotUpdate(
                        workflow=workflow, slot="data_sources", value=", ".join(found_sources)
                    )
                )
        owner = owner_in(message)
        owner_open = existing is None or not existing.filled("owner") or correction
        if existing is not None and existing.filled("owner") and cues.OWNS_OUTRIGHT.search(message):
            owner_open = owner_open or not cues.OWNS_OUTRIGHT.search(existing.slots["owner"].quote)
        if owner and "owner" not in answered and owner_open:
            out.updates.append(
                SlotUpdate(workflow=workflow, slot="owner", value=owner, correction=correction)
            )
        for slot in ("process", "risk", "success_metric"):
            if slot in answered or (existing is not None and existing.filled(slot)):
                continue
            picked = [s for s in said if cues.SLOT_CUES[slot].search(s)]
            if slot == "process" and existing is None and not picked:
                # Work raised just now is described in the same breath ("I do them in Xero on
                # my phone before I leave the job. Two minutes."): that account is its process.
                told = [s for s in said if len(s.split()) > 3]
                if len(" ".join(told).split()) >= 12 and cues.ANSWER_CUES[slot].search(
                    " ".join(told)
                ):
                    picked = told
            elif slot == "process" and not picked and len(message.split()) >= 20:
                # Told how it goes while asked something else ("Website form lands in HireHop.
                # The coordinator checks stock, builds the quote, emails it."): a narrative that
                # says nothing about the other slots is the process.
                picked = [
                    s
                    for s in said
                    if len(s.split()) > 5
                    and cues.ANSWER_CUES["process"].search(s)
                    and not any(cues.SLOT_CUES[o].search(s) for o in ("risk", "success_metric"))
                    and not owner_in(s)
                    and not cues.TRUST_TALK.search(s)  # how far a source is trusted
                ]
            if picked and len(" ".join(picked).split()) >= 5:
                out.updates.append(
                    SlotUpdate(workflow=workflow, slot=slot, value=clip(" ".join(picked[:2])))
                )
        # Work raised in this same message counts too: "...and the booking side is a nightmare
        # too: we've double-booked twice" is about the booking side.
        known: list[Workflow | NewWorkflow] = [*interview.workflows, *out.new_workflows]
        others = [w for w in known if w.name != workflow]
        # "We cleaned the database, merged duplicates... I trust it": doubts told as history.
        sound_now = bool(cues.TRUSTED.search(message))
        opening = (said or [message])[0]
        wrapping_up = bool(
            interview.workflows
            and (
                cues.CHANGE_AGREED.search(message)
                or (cues.AGREE.search(opening) and len(message.split()) <= 40)
            )
        )
        units = said or [message]
        if wrapping_up:  # "Collection is ready to go; serviceability decisions stay with us"
            units = [part for unit in units for part in _WRAP_UP_BREAK.split(unit) if part]
        named = workflow
        for sentence in units:
            # A signal belongs to the work its sentence names, else to the work being discussed;
            # "the freight system" names a place data lives, not the freight work.
            plain = cues.NAMED_SYSTEM.sub(" ", sentence)
            by_name = next(
                (
                    w.name
                    for w in others
                    # "the grading records, the numbers never match": a name of two words or
                    # more is that work even where it also reads as a place data lives
                    if w.name.lower() in (plain if " " not in w.name else sentence).lower()
                ),
                None,
            )
            # "So our WIP reports don't match" keeps the work of the sentence before it
            if by_name is not None or not cues.CONSEQUENCE.search(sentence):
                named = (
                    by_name
                    or next(
                        (
                            w.name
                            for w in others
                            if w.family
                            # two pieces of work of one kind: the kind's words name neither
                            and w.family != (existing.family if existing else None)
                            and cues.WORKFLOW_FAMILIES[w.family].search(plain)
                        ),
                        None,
                    )
                    or self._named_in_passing(
                        plain, others, workflow, existing.description if existing else message
                    )
                )
            if wrapping_up and named == workflow and not self._names_work(sentence, existing):
                # "Collection is ready to go; serviceability decisions stay with the advisers":
                # a closing message speaks of several pieces of work, so a doubt counts only
                # where its sentence says which.
                continue
            for signal in cues.signals_in(sentence):
                if sound_now and signal in {"broken_process", "untrusted_data"}:
                    continue
                if signal == "broken_process" and cues.OWNERSHIP_QUESTION.search(sentence):
                    signal = "disputed"  # "who owns it is a bit of a mess": nobody agrees
                out.signals.append(SignalUpdate(workflow=named, signal=signal))  # type: ignore[arg-type]
            if cues.MESSY.search(sentence) and cues.OWNERSHIP_QUESTION.search(sentence):
                out.signals.append(SignalUpdate(workflow=named, signal="disputed"))
            if cues.REPAIR_FIRST.search(sentence):
                signal = "disputed" if cues.SETTLE_FIRST.search(sentence) else "broken_process"
                out.signals.append(SignalUpdate(workflow=named, signal=signal))  # type: ignore[arg-type]
            if cues.SAY_DIFFERENT.search(sentence):
                signal = "untrusted_data" if sources_in(sentence) and not sound_now else "disputed"
                out.signals.append(SignalUpdate(workflow=named, signal=signal))  # type: ignore[arg-type]
