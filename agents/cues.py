"""Phrases that signal a workflow, a readiness fact or a verdict signal in small-business talk.

Written by the team from how owners describe their work; shared by the offline extractor and the
evals. Patterns are matched case-insensitively against redacted text (so a person appears as
<PERSON_n>).
"""

from __future__ import annotations

import re


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# Workflow families: name -> what a prospect says when talking about that work.
WORKFLOW_FAMILIES: dict[str, re.Pattern[str]] = {
    "invoicing and payments": _rx(
        r"\binvoic|\bbilling\b|\bdebtors?\b|unpaid|overdue|chas(e|ing) (up )?(payments?|money|clients|customers)|accounts receivable|getting paid|payment reminders?"
    ),
    "bookkeeping and reconciliation": _rx(
        r"reconcil|bank feed|\bbookkeep|month.?end|end of (the )?month|expense claims?|receipts"
    ),
    "quoting": _rx(r"\bquot(e|es|ing)\b|\bestimates?\b|pricing (a|the|up) job|\btenders?\b"),
    "rostering": _rx(r"\broster|\bshifts?\b|\brota\b|who.s working|staff availability"),
    "bookings and appointments": _rx(
        r"\breminders?\b|\brecalls?\b|booked in|book(ing)? (them|people|customers|clients) in|\bbookings?\b|appointments?|reservations?|\bcalendar\b|double.?book|\bschedul(e|es|ing)\b(?! of)"
    ),
    "customer enquiries": _rx(
        r"enquir|inquir|\bleads\b|sales leads?|new leads?|contact form|web ?form|new customers? (emails?|messages?|calls?)"
    ),
    "customer support": _rx(
        r"\bsupport (emails?|requests?|tickets?)|complaints?|\btickets?\b|help ?desk|customer (service|emails?|questions)|same questions?"
    ),
    "orders": _rx(r"\border(s|ing)?\b(?! of)|catering|\bpurchase orders?"),
    "stock and inventory": _rx(r"\bstock\b|inventory|stocktake|re-?order(ing)?\b"),
    "payroll and timesheets": _rx(
        r"payroll|timesheets?|\bwages\b|pay ?run|enter(ing)? (their |our )?time\b|time entry|project codes?"
    ),
    "reporting": _rx(r"\breports?\b|\breporting\b|dashboards?|board pack|kpi report"),
    "marketing and social media": _rx(
        r"social media|marketing|newsletters?|instagram|facebook posts?|\bposts\b|\bads\b"
    ),
    "recruitment": _rx(r"recruit|\bhiring\b|\bcvs?\b|applicants?|job ads?"),
    "compliance and health and safety": _rx(
        r"compliance|health and safety|\baudits?\b|incident reports?|hazard"
    ),
    "job management": _rx(
        r"job (sheets?|cards?|tickets?)|work orders?|dispatch(ing)? (jobs|techs|staff)|site visits?"
    ),
    "client onboarding": _rx(r"onboard(ing)?|new client (setup|forms?|paperwork)|intake"),
    "clinical notes": _rx(r"(clinical|patient|consult(ation)?|session) notes|referral letters?"),
    "deliveries and freight": _rx(r"deliver(y|ies)|freight|couriers?|dispatch\b|pick(ing)? lists?"),
    "document drafting": _rx(
        r"contracts?|proposals?|letters? to clients|paperwork|reports for clients"
    ),
    "meeting notes and follow-ups": _rx(
        r"meeting notes|call notes|follow.?ups?|meeting minutes|take (the )?minutes"
    ),
    "internal knowledge": _rx(
        r"can.?t find|shared drive|procedures?|\bsops?\b|handbook|how.?to guides?"
    ),
    "renewals": _rx(r"\brenewals?\b|\brenew(s|ing)?\b"),
    "applications and enrolments": _rx(r"\bapplications?\b|enrol(l)?ments?|\benrol"),
    "attendance and absences": _rx(r"absences?|attendance|sick notes?"),
    "maintenance requests": _rx(r"maintenance|repairs? requests?|\brepairs\b|work requests?"),
    "memberships": _rx(r"memberships?|members\b|subscriptions?|wine club"),
    "grant applications and funder reports": _rx(r"\bgrants?\b|funders?|accountability reports?"),
    "volunteer coordination": _rx(r"volunteers?"),
    "results and prescriptions": _rx(
        r"lab results?|\bresults\b|prescriptions?|repeat scripts?|\bscripts\b"
    ),
    "reviews and guest messages": _rx(
        r"\breviews\b|guest messages?|messages from guests|online reviews?"
    ),
    "job costing": _rx(r"job costing|costing|margins?"),
    "variations and claims": _rx(r"variations?|progress claims?|payment claims?|\bclaims?\b"),
    "transaction coding": _rx(r"\bcoding\b|bank coding|code (the )?transactions"),
    "product descriptions and listings": _rx(r"product descriptions?|listings?|listing copy"),
    "timetables and class posts": _rx(r"timetables?|class (posts?|schedule)"),
    "case notes": _rx(r"case ?notes|casework|client notes"),
    "registrations": _rx(r"registrations?|beneficiar"),
}

# Phrases that introduce a piece of work as a pain point (so a passing mention does not).
INTRODUCES = _rx(
    r"\b((the|that) other (one|thing|job|pain|big one|idea)|also|another|second|as well|on top of that)\b|(big|main|biggest|real|worst) (pain|problem|headache|issue|time ?sink|job|one)|takes? (me |us |her |him |them )?(ages|forever|hours|all day|half)|nightmare|drives? (me|us) (mad|nuts|crazy)|\bhate\b|eats? (up )?(our|my|the)|(pain|headache|problem) (is|are)|we (spend|waste|lose) (hours|days|ages|time|half|heaps)|(easy|quick|obvious|next|other) win|different kind of (chaos|mess|problem)|(is|are|.s) (the|my|our) (big |main |real |worst |biggest )?(pain|problem|headache|killer|nightmare|time ?sink)"
)
# A cue that the next words name a further piece of work ("that other thing I mentioned, the
# warranty stuff"; "there's a second headache, chemical reordering").
FURTHER_WORK = _rx(
    r"\b((the|that|a|one|my) (other|second|next|third) (thing|one|job|pain|headache|problem|issue|"
    r"area|bit|time ?sink)|another (thing|one|job|pain|headache|problem|issue|area|time ?sink)|"
    r"(big|main|biggest|real|worst) (pain|problem|headache|issue|time ?sink)|where it falls over)\b"
)
# A proposal to use AI for something names the work anywhere in its sentence.
PROPOSES_AI = _rx(
    r"\b(idea of|thought|wondered|wants?|reckons|asked (whether|if)|suggested|said|keen on)\b[^.?!]{0,40}\b(ai|a computer|a bot|a chatbot|a machine)\b|(could|can) (a computer|a bot|a machine)\b|\ban? ai (chatbot|bot|assistant)|idea that keeps coming up|wants? (ai|a bot|a computer|software|something|us) to|(love|like) (ai|a bot|a computer|software|something|a tool) to|(love|like|want)s? (is |would be )?for (ai|a bot|a computer|software|a tool) to|(love|like|want)s? (is|would be) (something|a tool|software|an app|a bot|ai) that|(could|can|should) ai\b|\bai (could|can|should|might|would) (do|write|read|handle|help|take|answer|draft|sort)|someone suggested|(keen|like) to automate|want(ed)? to automate|wondered if|pet project|\b(ai|the bot|a computer) (says|decides|tells (them|us|people)|picks|works out)\b|(saw|seen|heard|read) (an? |some )?(ad|advert|article|demo|video|post)s? (for|about|on) (an? )?(ai|chatbot|bot|software|app)\b"
)
# A reply that states a measure ("Reprints. One a week down to one a month would be a dream.").
METRIC_STATED = _rx(
    r"(that.?s|would be|be) a (win|result|success)|\bfrom (\w+ ){1,4}to (under |below |about )?(\d|one|two|three|four|five|six|seven|eight|nine|ten|half|zero)\b|down to|\bunder \d|\bzero\b|halved?\b|from \S+ to \S+|instead of|right now it.?s|at the moment it.?s|\d+ ?%|per ?cent|i.?d (like|want|love) (it|that|them)? ?(to|at|under|down|halved)|would be a (dream|win|good)|\bbaseline\b"
)
# One-word replies that judge rather than name something ("Badly.", "Very.", "Big.").
JUDGEMENT = _rx(
    r"^(badly|well|very|big|huge|small|good|bad|fine|great|terrible|solid|ok|okay|average|massive|heaps|lots|loads|rarely|often|sometimes|never|always|constantly|nah|no|nope|both|neither|none|all|everything|nothing|everyone|nobody)$|ly$"
)
LEAD_FILLER = _rx(
    r"^(?:forget (?:about )?[\w ]{1,20}?,\s*|there.?s (?:also )?|\W|well|honestly|probably|definitely|oh|um+|hmm+|so|yeah|yep|right|ok(?:ay)?|easily|i.?d say|i think|it.?s|it is|that.?d be|that would be|has to be|mainly|mostly|and|also|then|the big one is|the main one is|for sure|no question)\b[\s,]*"
)
DETERMINERS = _rx(r"^(?:the|our|my|all (?:the|our)|doing (?:the|our)?|dealing with|handling)\s+")

# Data sources: canonical name -> how people refer to it.
DATA_SOURCES: dict[str, re.Pattern[str]] = {
    "email": _rx(r"\be-?mails?\b|inbox|outlook|gmail"),
    "spreadsheet": _rx(r"spread ?sheets?|\bexcel\b|google sheets?|\bsheets?\b"),
    "xero": _rx(r"\bxero\b"),
    "erp": _rx(r"\berp\b"),
    "myob": _rx(r"\bmyob\b"),
    "accounting system": _rx(r"accounting (system|software|package)|quickbooks"),
    "paper": _rx(
        r"\bpaper\b|printed|print(ed)? out|clipboards?|carbon copies|hand.?written|dockets?"
    ),
    "whiteboard": _rx(r"whiteboard"),
    "notebook": _rx(r"notebooks?|diary|\bbook\b"),
    "crm": _rx(r"\bcrm\b|hubspot|salesforce|pipedrive"),
    "shared drive": _rx(r"shared drive|dropbox|google drive|onedrive|sharepoint|\bfolders?\b"),
    "phone": _rx(
        r"phone calls?|\b(customer|incoming|inbound|missed) calls?\b|calls come in|voicemail|\bphone\b|\bring(s|ing)? (us|up|in)\b"
    ),
    "text messages": _rx(r"\btexts?\b|\btxts?\b|\bsms\b|whatsapp|messenger"),
    "website": _rx(r"website|web ?site|online form|web ?form|contact form"),
    "point of sale": _rx(r"point of sale|\bpos\b|(the|our|a) till\b|square|lightspeed|vend\b"),
    "booking system": _rx(r"booking (system|software|app)|timely|cliniko|fresha|mindbody"),
    "calendar": _rx(r"calendar"),
    "online store": _rx(r"shopify|woocommerce|squarespace|big ?commerce|trade ?me\b|online store"),
    "helpdesk": _rx(r"help ?desk|gorgias|zendesk|freshdesk|intercom"),
    "documents": _rx(r"google docs?\b|word (docs?|documents?)|\bdocs?\b"),
    "job management system": _rx(
        r"servicem8|tradify|fergus|simpro|job management (system|software|app)"
    ),
    "practice management system": _rx(r"practice management|medtech|indici|karbon|xpm\b"),
    "payroll system": _rx(r"payroll (system|software)|smartly|ipayroll|employment hero|droppah"),
    "someone's memory": _rx(
        r"in (his|her|their|my|one person.s|someone.s|<PERSON_\d+>.s) heads?|from memory|memoris"
    ),
}

# Facts volunteered without being asked: stricter than an answer to the question itself.
SLOT_CUES: dict[str, re.Pattern[str]] = {
    "process": _rx(
        r"\bthen\b|after that|\bsteps?\b|every (day|morning|afternoon|night|week|month|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(per|a|each) (day|week|month|fortnight)|\bby hand\b|manually|copy(ing)? (it|them|across)|re-?typ|type[sd]? (it|them)? ?(in|up|into)|takes? (us |me |her |him |them )?(about |around |roughly )?(\d+|an?|half|a few|ages|hours)|\bspends? (about |around )?(\d+|an?|half|hours)"
    ),
    "risk": _rx(
        r"\brisks?\b|personal (\w+ )?(info|information|details|data)|\b(worr(y|ied|ies)|concerns?)\b|\b(names?|mobiles?|phones?|phone numbers?|emails?|addresses|ages|dates? of birth)\b[^.?!]{0,40}\b(mobiles?|phones?|numbers?|emails?|address(es)?|ages)\b|claims? against (us|me)|\bsued\b|\b(read|check|see) (every|each) (line|word|one)|nothing goes (out|to (a|the) (client|customer))|private|sensitive|privacy|confidential|health|medical|allerg|safety|bank (details|accounts?)|if (it|that|they|we) (gets? |get |got |is |are |.s )?(it )?wrong|mistakes? (reach|go out|cost|get through)|complain|upset|angry|lose (the |a )?(customer|client|contract)|liab|\blegal\b|(checks?|reviews?|approves?) (every|each|it|them|all|before)|signs? (it |them )?off|(no ?one|nobody) (checks?|reviews?)"
    ),
    "success_metric": _rx(
        r"^\W*(hours?|days?|time|minutes|turnaround|stockouts?|complaints|errors|mistakes|margin|profit|win rate|conversion|retention|no more|zero|fewer|less|faster|quicker|sooner|speed|accuracy|more accurate)\b|^\W*\w+ time\W*$|\b(rate|score)\b|\bzero\b|no more \w+|\bwants? (it |that |them )?(under|below|down|halved|to (be|get|drop|halve))|\bunder \d|down to|halved|(?<!anywhere )(?<!between )from \S+ to \S+|right now it.?s|at the moment it.?s|\bmeasure|success|we.?d know|would know|\bkpis?\b|\bmetrics?\b|\btargets?\b|\bgoal\b|(fewer|less|faster|quicker|sooner|shorter) (?!(because|if|when|and|or|so|as|but|since)\b)\w+|\b(cut|halve|reduce|save|saving|drop|improve)\b|per ?cent|\d+ ?%|turnaround|response time|paid (faster|sooner|within|on time)|instead of|\bwithin \d|i.?d (like|want|love) (it |that |them )?(to be |at |under |down |halved|\d)"
    ),
}

# Looser cues for an answer to the question just asked: a reply that has none of them is about
# something else (the prospect may be answering another interviewer's question in a replay).
ANSWER_CUES: dict[str, re.Pattern[str]] = {
    "process": _rx(
        r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|hundred|dozen|couple|few|half)\b|\bthen\b|\bfirst\b|\bafter\b|\b(we|they|she|he|i|someone|it)\b[^.?!]{0,40},[^.?!]{0,60}\b(and|then)\b"
    ),
    "data_sources": _rx(
        r"\b(system|software|app|database|records?|portal|files?|forms?|platform|program|tool|drive|cloud|ledger|register|log|tracker|templates?)\b|in (my|his|her|their|our) heads?"
    ),
    "risk": _rx(
        r"\b(risk|wrong|mistakes?|errors?|checks?|checked|review|reviews|reviewed|sensitive|personal|private|privacy|confidential|complain\w*|upset|harm|fine[ds]?|liab\w*|legal|safe|safety|nothing|no one|nobody|approves?|signs? off)\b"
    ),
    "success_metric": _rx(
        r"\d|\b(fewer|less|more|faster|quicker|sooner|shorter|lower|higher|time|hours?|days?|weeks?|minutes|rate|number|count|zero|none|no more|measure\w*|track\w*|target|goal|percent|halve\w*|double\w*|cut|reduce\w*|improve\w*|better)\b"
    ),
}

ROLE_NOUN = (
    r"(?:manager|administrator|admin|assistant|accountant|bookkeeper|receptionist|coordinator|"
    r"co-ordinator|owner|director|supervisor|lead|leader|foreman|partner|dispatcher|scheduler|"
    r"chef|planner|clerk|officer|nurse|practitioner|estimator|principal|teacher|gp|doctor|"
    r"physio(?:therapist)?|vet|technician|broker|agent|consultant|kaimahi|committee|trustees?|"
    r"kaumātua|kaumatua|board|founder|engineer|surveyor|solicitor|lawyer|paralegal|"
    r"pharmacist|optometrist|dentist|hygienist|mechanic|driver|rep|adviser|advisor|tutor|"
    r"coach|instructor|tech|designer|producer|editor|buyer|controller|treasurer|secretary|"
    r"chair|minister|pastor|warden|trainer|therapist|counsellor|ranger|guide|registrar|auditor|"
    r"assessor|inspector|valuer|cashier|caretaker|cleaner|barista|dispatch|"
    r"team|crew|staff|person|people)s?"
)
ROLE_MODIFIER = r"(?:(?!(?:the|a|an|our|my|each|every|his|her|their)\b)[\w-]+\s+){0,3}"
ROLE_PHRASE = (
    rf"(?:(?:our|the|my|a|one|each|every|his|her|their)\s+|(?:she|he).?s\s+(?:now\s+|officially\s+)?)"
    rf"{ROLE_MODIFIER}{ROLE_NOUN}"
)
OWNERSHIP = _rx(
    r"\b(owns?|handles?|looks? after|in charge|responsible|accountable|decides?|runs?|manages?|"
    r"signs? (it |them )?off|approves?|sorts? (it|that|them) out|takes? care of|does (it|that|them|all|the)|"
    r"deals? with|chases?|checks?|writes?|builds?|prepares?|keeps?|is (on|up to)|job|role)\b"
)
ROLE_ONLY = _rx(rf"\b({ROLE_PHRASE})\b")
# An answer that opens with the role: "The service desk lead.", "Me, the practice manager."
LEAD_ROLE = _rx(
    rf"^\W*(?:(?:it.?s |that.?s |that would be |probably |mostly )?(me)\b(?:,?\s+(?:i.?m\s+)?({ROLE_PHRASE}))?|(?:it.?s |that.?s |probably |mostly )?({ROLE_PHRASE})\b)"
)
PERSON_WITH_ROLE = _rx(
    rf"(<PERSON_\d+>)\s*[,–-]?\s+(?:(?:she|he|they)(?:.s|.re| is| are)\s+)?({ROLE_PHRASE})\b"
    rf"|({ROLE_PHRASE})\s*[,–-]?\s+(<PERSON_\d+>)"
)
PERSON_OWNER = _rx(
    r"(<PERSON_\d+>)(?:['’]s job|\s+(?:now\s+|mostly\s+|usually\s+|still\s+)?\w+s\b)"
)
SELF_OWNER = _rx(
    r"\b(that.s me|it.s me|me, mostly|myself|all me|just me|on me|mine)\b|\bI\b[^.?!]{0,12}\b(do|handle|look after|run|manage|own|sort|chase|write|check|decide)\b"
)

VAGUE = _rx(
    r"^\W*(not sure|unsure|don.?t know|dunno|no idea|it depends|depends|hard to say|haven.?t thought|good question|maybe|possibly|kind of|sort of|i guess|whatever|hmm+|um+|pass|skip|n/?a|no comment|it varies|varies)\b"
)
# "Yep, it's hers. She runs the diary": the owner is the person just spoken of.
OWNED_BY_PRONOUN = _rx(
    r"\b(it.?s|that.?s|they.?re|those are) (all )?(hers|his|theirs)\b"
    r"|^\W*(?:yes,? |yep,? |yeah,? )?(she|he) (owns|runs|does|handles|looks after|manages) (it|them|that|those|the lot)\b"
)
NOBODY = _rx(
    r"\b(no ?one|nobody|no one person|not really anyone|everyone and no one|whoever)\b[^.?!]{0,25}\b(owns?|in charge|responsible|handles?|does)|\b(no clear owner|no real owner)|in practice it.?s whoever|whoever.?s (nearest|closest|around|free|on)"
)

SIGNALS: dict[str, re.Pattern[str]] = {
    # Concrete breakage: work done twice, lost, or done a different way each time. Calling it "a
    # mess" or "chaos" (MESSY) is not enough on its own: prospects say that of ready work too.
    "broken_process": _rx(
        r"done twice|twice or not at all|double.?(entry|handl)|enter(ed|ing)? (it |everything )?twice|re-?typ|re-?key|every(one|body) does it (differently|their own way)|no (set|standard|proper) (way|process|system)|falls? through the cracks|never (gets? )?(written|recorded|logged|entered) (down|up|in)?|gets? lost|los(e|ing) track|workarounds?|\brework\b|\bre-?do\b|copy(ing)? and past(e|ing) between|nobody (follows|sticks to)|never the same (way )?twice|(copy|copies|copying|copied|writes?|writing|types?|typing|typed|keys?|keying|keyed) (them|it|each one|every (\w+ )?\w+|everything) (across|over|again|in again|into (the|our|a) (other|big|second|old))|(counts?|does it|records? it|writes? it|keeps? it) (all )?differently|in two (places|systems)|two (different )?systems|(typed|keyed|entered|punched|copied) (\w+ ){0,2}(again|back in|in again)|(typed|keyed|punched) (\w+ ){0,3}by hand|(into|in) (two|three|four) (different )?(places|systems|spreadsheets|apps)|(simply |just )?vanish|re-?enter|(fills?|filled|writes?|does|records?|counts?|keeps?|logs?) (it |them |their \w+ )?(in |out |up )?(all )?differently|(got|has|have|with) (their|his|her) own (way|system|method)|double.?book(ings?|ed)|never (made|make|makes) it (in)?to|(does|do|fills? (it|them) in|books?|logs?) (\w+ ){0,3}(their|its) own way|a (slightly )?different way|no (standard|set|consistent|proper) (template|steps|handover)|nothing.?s (ever )?written down|no handover|no (one|single) place|half.?(done|finished)|trial and error|gets? missed|go(es)? missing|then (someone|somebody|we|i|she|he) (else )?(types?|keys?|enters?|retypes?)|(haven.?t|don.?t) (got|have) a (system|process)|no (real )?(system|process) (as such|for it)|pieced? (them |it )?together"
    ),
    "untrusted_data": _rx(
        r"\b(lists?|sheets?|spreadsheets?|systems?|records?|numbers|figures|they|three|two|both) (that |which )?(all )?(never|don.?t|do not|rarely) (agree|match)\b|(all )?say different things|come out different|different (quotes|prices|answers|numbers|figures) for the same|no single (list|place|record)|(nobody|no ?one) (really |fully )?trusts?|neither (one|of them).{0,12}(right|full picture|complete)|(don.?t|do not|never|can.?t|cannot) (really )?(trust|rely on)|\b(lists?|records?|info|information|data|details|sheets?|spreadsheets?|numbers|contacts|price ?lists?|systems?|it|they|half of (it|them))( (is|are|gets?|goes|get)|.s) (often |always |usually |badly |hopelessly |all |way )?out of date|wrong (numbers|data|figures|info)|duplicates?|inaccurate|unreliable|not reliable|half (of )?(it|them|the (data|records)) (is|are) wrong|wrong half the time|(are|is) (often|usually|always|mostly) wrong|none of them (is |are )?(completely|fully|totally|quite)|(soggy|illegible) |(is|are|.s) rubbish|none of (it|them) (lines? up|match(es)?|agrees?)|(doesn.?t|don.?t|never) line up|trust (it|them)\?\W*(nah|no)\b|(doesn.?t|don.?t|never) (always )?(match|add up)|(is|are|.s) (\w+ )?wrong (most|half) (of )?(days|the time)|a bit of a guess|\bguesswork\b|half (of )?the (sheets|records|forms|entries) (have|are) (gaps|missing|wrong|blank)|different versions|(don.?t|doesn.?t) work any ?more|years out of date|well behind|never (quite )?(line up|match)|(hasn.?t|haven.?t) been (cleaned|updated|checked)|(wouldn.?t|won.?t) put money on|(don.?t|doesn.?t|do not|does not|never) (really )?believe|grain of salt|(is|are) just wrong|\bpatchy\b|(two|three|several|multiple) versions|(two|three) different stories|(nobody|no one) believes|(usually|always|often) off\b|(isn.?t|aren.?t|never) the same (number|figure)"
    ),
    "sensitive_data": _rx(
        r"\bhealth (info|information|records?|data|details|notes)|medical|patients?|clinical|diagnos|children|\bkids\b|tamariki|mental health|disabilit|ethnicity|criminal|convictions?|biometric|counsell|hardship|immigration|whakapapa"
    ),
    "legal_effect": _rx(
        r"legal (effect|consequences)|\ba legal (decision|call)\b|human rights act|discriminat|(deciding|decide|decides|choos(e|ing)) (who(?! (pays|does|gets a (reminder|call|phone|text|email)))|which (tenant|applicant|candidate|family|families|worker))|who gets (a|the) (job|house|place|tenancy|loan)|(whether|if) (someone|somebody|they|a person|people|he|she) gets? (a|the) (job|house|place|tenancy|loan)|entitlement|(funding|benefit|eligibility) decisions?|decision on (their |her |his )?(funding|eligibility|benefits?)|choosing a tenant|decides? [^.?!]{0,30}\blegally\b|a (hiring|tenancy|credit) decision|(hire|hiring|recruit(ment|ing)?|shortlist(ing)?)[^.?!]{0,30}(decid|decision|who gets|reject|screen)|(decid|decision|screen|reject)[^.?!]{0,30}(hire|hiring|applicants?|candidates?|cvs?)|credit (checks?|decisions?)|loan approv|approve (or|and) decline|tenan(cy|ts?) (applications?|decisions?)|evict|disciplinary|disciplin(e|ing) (someone|staff|them|him|her|a worker)|dismiss(al)?|insurance claims? (decision|approv)|(decid|decision)[^.?!]{0,20}(benefits?|eligib)|eligib\w+ for|entitled to|qualif(y|ies) for (our|a|the)|gets? a place at|which (kids|children|students|families|whānau) get|approves? or declines?|approve or decline|gets? paid or not|notice to leave|keeps? their (rental|home|job|house)|written warnings?|\blet go\b|passes? probation|legally binding|bond goes back|access revoked|can or can.?t practise|yes-or-no on|\bballot\b|changes people.?s lives|(who|which \w+) gets? (a house|funding|a grant|in)\b"
    ),
    "no_value": _rx(
        r"not worth (automating|touching|changing|it|the (effort|bother))|(value|benefit) (isn.?t|is not|wouldn.?t be) there|(it.?s|.?s|only|happens|do (it|that|them)|we do|comes (round|around)|just|that.?s) (once|twice) a year|leave it\b(?! to\b)|(only )?(takes|it.?s) (about )?(five|5|two|2|ten|10) minutes|only (happens )?(once|twice) a (year|quarter)|hardly ever|rarely happens|(only )?takes (a few|five|5|two|2|ten|10) minutes|not (really )?a (big )?(problem|deal|issue)|works (fine|well) as (it is|is)|(isn.?t|not) worth (it|changing)|once-a-year|annual (job|thing|task|batch)|\w+-minute job|(thirty|30) seconds|couple of clicks|hardly (worth|a burden)|(no|not much|little) (point|to gain)|(can.?t|don.?t|do not|cannot) see the point|wouldn.?t (bother|touch it)|runs smoothly|nothing to improve|such a (tiny|small|trivial) (part|task|job)|(tiny|trivial) (part|task|job)|\btrivial\b|a morning,? tops|outweigh"
    ),
    "too_risky": _rx(
        r"wouldn.?t (risk it|trust (a computer|ai|a bot|software|it|an algorithm))|not worth the risk|too risky|(someone|people|a patient|a child) could (die|get hurt|be harmed)|people.?s lives|(put|puts) (someone|people|them) (in danger|at risk)|life or death|let alone (to )?(software|a computer|ai|a bot|a machine)|can.?t (hand|give) (that|it|this) to|only (a|the) (licensed|registered|qualified) \w+ can|(qualified|licensed|registered|certified) to sign|his (name|certification|licen[cs]e) on|i.?m (a bit |quite |really )?(wary|uneasy)|park (that|it|this)( one)?|wouldn.?t want (a machine|a computer|ai|a bot|it) anywhere near|stays? with (the|our) \w+|has to make that (decision|call) (herself|himself|themselves|myself)|makes me nervous|(don.?t|do not) love (it|that|the idea)|(on|against) (my|our|their) (licen[cs]e|registration|practising certificate)|legally,? (it.?s )?on (us|me)|losing (their )?(sight|life|lives|licen[cs]e)|coroner|(no|not) (for|in) a (good|long) while|stays? with (us|me|a human)|keep (people|humans?|a person) (deciding|in charge)|stays? human|wouldn.?t want (it|that|ai|a computer|a bot|software) (automated|doing|to (do|decide|make|write|handle))|i.?m nervous|(don.?t|do not) want (ai|a computer|a bot|software|it) (deciding|making|writing|doing)|(not|never) (comfortable|trust)[^.?!]{0,30}\b(ai|a bot|a computer|software|a machine|automat\w*)|(has|have|needs?|must) (to )?(stay|be done|be made) (with|by) (a |an |the )?(qualified|registered|licensed|chartered|trained)|(way )?too high.?stakes|scares? me|lose sleep|won.?t risk|not prepared to gamble|firmly with a person|job for a (licensed|registered|qualified|chartered)|in front of the (law society|tribunal|court|coroner)|have kittens|unwilling to let|(never|not) (let|give) (a|the|any)? ?(computer|bot|machine|system|software|ai)|\bnervous\b"
    ),
    "disputed": _rx(
        r"(we|they) (disagree|argue)|argued about|sort of (the|our|my) [\w ]{2,20}, sort of|depends (on )?who you ask|not everyone agrees|no agreement|can.?t agree|never (really )?(agreed|settled|resolved)|can.?t (seem to )?agree|(nobody|no one) (can )?agrees?|disagree\w*|\barguing\b|(running|constant|long-running) (argument|disagreement)|bicker|\bclash|friction|(different|conflicting|competing) (views|ideas|versions|opinions|stor(y|ies))|two camps|(a|genuine) split|see eye to eye|round in circles|\bwould say\b[^.?!]{0,60}\b(i.?d|i would|(he|she|they).?d) say\b|(never|not) been (settled|resolved)|depends (on )?who you (ask|talk to)|a bit political|others think|the other way round"
    ),
    "no_human_review": _rx(
        r"(no ?one|nobody) (else |would |will |could |really |actually |properly )?(checks?|reviews?|looks? (at|over)|has time to (check|review))|(no ?one|nobody) (here |around |there )?(at|after|overnight|on)\b[^.?!]{0,20}\bto (check|review|look)|(nobody|no one) to check|(goes?|go|send|sends|sent) (it |them )?straight (out|off|to (the )?(customer|client|patient|acc|council|ird|funder)s?)|no time to (check|review)|(can.?t|couldn.?t|won.?t) (be )?(check|review)(ed)?|without (anyone|a human|someone) (checking|looking)|no (second pair of eyes|review step|sign-?off step|proofing|one else sees)|\bno qa\b|(nobody|no one) (\w+ )?(proofreads|double-?checks|eyeballs|reads (it|them) (through|first))|\bunchecked\b|\bunreviewed\b|without (a |anyone |someone |anybody )?(\w+ )?(ever )?(reading|checking)|just doesn.?t happen|but nobody does|whatever i (type|write) is what|the draft is the final|first one to (spot|notice)|no time to (check|read)|(no ?one|nobody) to (hand it to|check it)"
    ),
    # Weaker doubts that decide only for work raised as an idea for AI.
    "high_stakes": _rx(
        r"\bliab(le|ility)\b|legal (judgement|declaration|document|obligation)|prosecut|disciplinary|professional (neck|reputation)|neck on the line|it.?s on us|(registered|certified|qualified|licensed) to (give|set|sign|make|do|check)|isn.?t (registered|qualified|certified|licensed)|(acc|council|worksafe|mpi|ird|the court) (decides|relies)|decides cover|clinical advice|safety (call|decision)|safety.critical|^\W*(nobody|no one|no-one)( really| at all)?\b[,.]"
    ),
    "low_effort": _rx(
        r"takes? (me |us |them |her |him )?(about |maybe |only |just )?(a|one|two|five|ten|\d) minutes?\b|"
        r"^\W*(about |maybe |only |just )?(a minute|one minute|two minutes|five minutes|a few minutes|(?:[1-9]|10) minutes)\W*$|\b(one|two|three|a couple|a few) a (month|year)\b|already the easy bit|paperwork (isn.?t|is not) the hard (part|bit)|the form itself takes"
    ),
    "human_review": _rx(
        r"\b(I|we|she|he|they|<PERSON_\d+>|manager|someone|a person|a human)\b[^.?!]{0,20}\b(checks?|reviews?|approves?|signs? (it |them )?off|looks? (it |them )?over|double.?checks?|proof.?reads?|reads? (it|them|every))\b|human (review|in the loop)|(checked|reviewed|approved|signed off) (by|before)"
    ),
}

# The prospect's own conclusion that the work needs repair before any AI ("Fix the timesheets
# first", "we need one way of signing people up before anything clever"). When what needs
# sorting is who does it or what they want, it is a dispute instead.
REPAIR_FIRST = _rx(
    r"before (anything|something) (clever|fancy|else|smart)|\b(fix|sort out|sort|clean up|tidy up|tidy)\b[^.!?]{0,40}\bfirst\b|\b(sorted|fixed|right|cleaned up|tidied up|into one place|in one place)( out)? first\b"
)
SETTLE_FIRST = _rx(r"\bwho\b|\bwhat (we|they|i)\b|\bagree|\bmeasur|\bdecid|\bowns?\b")

# A named system in the prospect's words ("our village system", "the supplier portals", "the
# scheduling software"): a data source even when the product is not one we know by name.
NAMED_SYSTEM = _rx(
    r"\b(?:the|our|their|its|a|an|his|her|my|into|in|from|on|of|across)\s+(?:[\w-]+['’]s\s+)?((?:(?!(?:the|our|a|an|and|or|of|to|in|on|it|is|was|we|they)\b)[\w-]+\s+){1,2}(?:system|software|app|portals?|database|platform|inbox|tracker|register|log ?book|list|notes|records))\b"
)
# "Shearing is once a year, but it's our main income event": rare or quick, and then worth it.
WORTH_IT_ANYWAY = _rx(
    r"\bbut\b.{0,80}\b(weeks?|months?|(several|whole|full) days|evenings|weekends|hours|biggest|most important|main|matters?|decides?|worth (a lot|getting|doing|a look)|adds? up|real chunk|big (effort|deal|job)|heaps)\b|\btimes (\w+ )?\w+ (a|per|every) (day|week)"
)


# "The rate card only changes once a year": rare changes make data stable, not the work rare.
STABLE_DATA = _rx(r"\b(changes?|updated?|updates it|reviewed)\b[^.?!]{0,15}\b(once|twice) a year")


# Too risky, said in two parts: a machine doing the work, and the prospect's fear or refusal
# ("No machine's deciding whether the bridge is safe after a flood"; "I'd be terrified of a
# chatbot giving legal advice").
MACHINE = _rx(
    r"\b(ai|a\.i\.|machines?|(chat)?bots?|robots?|software|algorithms?|programs?|computers?|automat\w*)\b"
)
REFUSES_OR_FEARS = _rx(
    r"\b(wouldn.?t (trust|want|let)|should never|never (let|want|hand)|shouldn.?t (be|decide|make|sign|handle|write|give|tell)|not (handing|putting|a chance|letting)|no way|no thanks|(uneasy|terrified|frighten\w*|dangerous|reckless)|won.?t gamble|draw the line|too (much could|dangerous)|could (kill|hurt|harm|injure|poison)|get (someone|somebody) (hurt|killed)|life and death|cost lives|liab(le|ility)|sued|harm to)\b|^\W*no (machine|computer|bot|program|software)"
)
HUMAN_ONLY = _rx(
    r"has to be (a |done by a |made by a )?(human|person|real person|qualified person)|human.only|keep it human|stays? manual|(needs|want) a (human|real person) to"
)


def signals_in(sentence: str) -> list[str]:
    """The workflow signals a sentence's wording carries, in SIGNALS order."""
    found = {signal for signal, pattern in SIGNALS.items() if pattern.search(sentence)}
    if HUMAN_ONLY.search(sentence) or (
        MACHINE.search(sentence) and REFUSES_OR_FEARS.search(sentence)
    ):
        found.add("too_risky")
    if WORTH_IT_ANYWAY.search(sentence) or STABLE_DATA.search(sentence):
        found.discard("no_value")
    return [signal for signal in SIGNALS if signal in found]


# Data or a process described as sound now ("I trust it", "now it's solid"): the doubts it
# mentions are history, not a reason to repair first.
TRUSTED = _rx(
    r"\b(i|we) (do )?(trust|rely on) (it|them|the \w+|all|both|every)|single source of truth|"
    r"since then,? (we.?ve had no|there.?s been no|it.?s been (fine|good|solid|clean|right|accurate))|"
    r"\b(did|done|had) a (full |big |proper )?(clean.?up|tidy.?up)|(dead|pretty|very|totally|completely) (reliable|accurate)|spot on|(now|these days) it.?s (solid|reliable|accurate|fine|good|right)|nobody argues|it.?s (been )?held up"
)

# "HireHop stock is right", "The register is dead accurate": vouching for a source.
VOUCHES = _rx(r"\b(is|are)( pretty| very| dead)? (right|accurate|reliable)\b")

# "POS sales report is solid.", "The booking system's spot on": a source vouched for, which
# never introduces a pain to work on.
VOUCHES_FIRST = _rx(
    r"^[^,;:]{3,40}?\b(?:is|are|.s) (?:pretty |really |very |dead |always )?(?:solid|reliable|"
    r"accurate|spot on|right|trustworthy|up to date)\b"
)

# How far people trust their information, either way: the reply is about data sources.
TRUST_TALK = _rx(
    r"\b(trust\w*|reliable|unreliable|accurate|inaccurate|up to date|out of date|stable|"
    r"disciplined|spot on|(is|are|.s) (pretty |really |very )?(good|clean|solid|right|rubbish|messy|a mess|patchy))\b"
)

# Two records or two people giving different answers: untrusted data when the records are
# named, otherwise a dispute.
SAY_DIFFERENT = _rx(
    r"(says|shows|has) one (thing|list|number|figure)|\w+ (says|shows|asks for) another"
)

CHANGE_AGREED = _rx(
    r"(?<!not )(?<!n.t )(?<!never )(?<!nothing )(?<!not yet )(?<!n.t yet )\bagreed\b|everyone.?s? (is )?on board|\bon board\b|signed off (on|at|the|it)|signed (it|that|this) off|good to go|we.?re ready\b|ready to go|ready when you are|go ahead|happy to (go ahead|proceed)|budget.?s approved|yes,? let.?s (do|go)|we want to (change|automate|start|fix)|that.?s the (plan|change) we want"
)

CORRECTION = _rx(
    r"^\W*(actually|correction|sorry,? (i meant|no)|no,? (it.?s|that.?s|wait)|not any ?more|scratch that|i meant|to correct)|\b(actually|these days|now that|not anymore|no longer)\b"
)

AGREE = _rx(
    r"^\W*(yes|yep|yeah|yup|āe|correct|right|that.?s (right|correct|it)|looks (good|right)|spot on|all good|sweet as|confirm(ed)?|ok(ay)?|sure|perfect)\b"
    r"(?![,.]?\s+so\b)"  # "Right, so the RSE boys..." starts a story, it agrees to nothing
)
FINISHED = _rx(
    r"^\W*(that.?s (all|it|everything)|nothing (else|more)|no(pe)?,? (that.?s|i think)|i.?m done|done|finished|no more)\b"
)

# Reading the prospect's own framing of work and ownership (agents/extract.py).

# "Blueprint, our practice management system": a product named beside what it is (case matters).
BRAND_APPOSITIVE = re.compile(
    r"\b([A-Z][\w]+)\s*,\s*(?:our|the|their)\s+(?:[\w-]+\s+){0,3}(?:system|software|app|platform|database)\b"
)

# A product named where the work's information goes or comes from ("we book it in Cliniko",
# "types it into HireHop"): capitalised, so case matters; months, days and the like are not.
BRAND_PLACE = re.compile(
    r"\b(?:in|into|onto|on|from|out of|through|via|using)\s+((?:[A-Z][a-z]+[A-Z]\w*|[A-Z][a-z]{2,}|[A-Z]{3,}))\b"
)
NOT_A_BRAND = frozenset(
    re.findall(
        r"\w+",
        """january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday christmas easter summer winter
    autumn spring english maori māori the our their this that there then here which what
    when where who why how and but also sometimes mostly covid term week month year""",
    )
)

# A prospect correcting themselves mid-answer: what follows is the answer.
SELF_CORRECTION = _rx(
    r"\b(actually,? no|scratch that|sorry,? (i meant|no)|i mean|correction|no,? wait)\b[\s,.:-]*",
)

# Ownership said outright ("She owns the orders", "it's in her job description"): outranks a
# role picked up in passing.
OWNS_OUTRIGHT = _rx(
    r"\b(owns?|responsible for|accountable|in charge|job description|runs (the|it)\b|(her|his|their|my) (process|job|baby|responsibility))\b",
)

# Qualities and outcomes ("accuracy", "the busyness"), which answer a question rather than name work.
ABSTRACT = re.compile(
    r"(ity|cy|ness)$|^(time|money|cost|costs|speed|quality|trust|reputation|fairness|safety)$"
)

# Verbs that make a lead a statement ("Emails go into our PSA"), not the name of work.
VERB = re.compile(
    r"\b(go|goes|went|come|comes|came|get|gets|got|send|sends|sent|make|makes|made|take|takes|"
    r"took|put|puts|is|are|was|were|be|been|do|does|did|have|has|had|can|will|would)\b"
)

# "Take one of my builders...", "For example, last Tuesday...": an example of the work being
# discussed, never the name of new work.
EXAMPLE_LEAD = _rx(
    r"^\W*(take (one|a|last|this)|for (example|instance)|e\.g\.|say (one|a|we)|like (last|this|when))\b"
)

# "Sure. Yesterday at 6:10am an email came in...": a recent case told as a story, which answers
# "walk me through an example" and never "how would you measure it".
RECENT_CASE = _rx(
    r"^\W*(?:(?:sure|yes|yeah|yep|ok(?:ay)?|right|so|well)\W+){0,2}(?:just\s+)?(?:yesterday|"
    r"this (?:morning|afternoon)|the other day|last (?:night|week|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|month)|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b"
)

# "So our work-in-progress reports don't match reality": a consequence of the sentence before,
# so about the same work, whatever kind of work its words also suggest.
CONSEQUENCE = _rx(
    r"^\W*(so|which means|that means|and so|as a result|because of (that|this)|that.?s why|"
    r"the upshot is|end result|in the end)\b"
)

# "The job cards are a different story": the thing a sentence is about, when it leads with it.
SENTENCE_SUBJECT = _rx(
    r"^\W*(?:the|our|my|those|these) ([a-z][\w'-]*(?: [a-z][\w'-]*){0,2}) (?:is|are|was|were)\b"
)

# A sentence that announces the next one ("Yeah, this is the one I was excited about.").
FRAMING = _rx(
    r"\b(this is (the one|where)|the one (i|we) (was|were|really)|i.?ll be honest|one more thing|"
    r"while i.?m at it|oh,? and|something else|before i forget)\b",
)

# History ("Before March it was paper timesheets"): introduces no current work.
PAST = _rx(
    r"^\W*(before(?! i forget)|back (when|then|in)|we used to|it used to|used to|in the old days|years ago|last year)\b",
)

# Words that add a further piece of work rather than describe the one just named.
ADDITIONAL = _rx(
    # "Secondly, ..." and "the second headache" add work; "on a second miss" does not
    r"\b(the other (one|thing|job|pain|big one)|another|as well|on top of that)\b|^\W*(second|third|fourth)(ly)?\b"
    r"|\bsecond (thing|one|job|pain|headache|problem|issue|area|big one|time ?sink)\b"
    r"|\b(nightmare|headache|mess|pain|problem|shambles|disaster|chaos)( as well)? too\b"
    # "And then there's parts ordering" adds work; "And then the ones who go past 90 days" goes on
    r"|^\W*(and(?! so\b)(?! then (?!there.?s|there is|we.ve got|you.ve got))|also|plus)\b",
)

# How prospects count pieces of work: "two things", "a couple of main headaches".
_WORK_COUNTED = (
    r"(?:main |big |different )?(?:things|places|jobs|areas|bits|problems|pains?|headaches|"
    r"workflows|tasks|pieces of work)\b"
)
# "Two things. Pricing jobs off plans. And the monthly payment claims.": the prospect counts the
# pieces of work, then names each.
ENUMERATION = _rx(
    r"^\W*(?:(?:yeah|well|so|right|ok(?:ay)?|honestly|oh)[,.]?\s+)*(two|three|a couple of|a few) "
    rf"(?:{_WORK_COUNTED}|(?:main |big |different )?ones\b)"
)
# "There are two areas I'd like to talk about: the daily labour allocation, and the packout
# reports": the count and the list in one sentence, anywhere in the message.
COUNTED_LIST = _rx(rf"\b(two|three|a couple of) {_WORK_COUNTED}[^:.?!]{{0,50}}:\s*(.+)")
# "Could we start with the lab results?": which of the work just listed to take first.
START_WITH = _rx(r"\b(?:start|begin|kick off) with (?:the |our )?([\w' -]+)")
# "...and the other's the RSE side. That one keeps me up at night, it's the one I wanted to ask
# about": the last work listed is the one to take first.
LAST_ONE_FIRST = _rx(
    r"^\W*(?:and )?(?:that|this|the (?:second|last|latter)) one\b[^.?!]*\b(?:keeps me up|really|most|"
    r"wanted to (?:ask|talk)|worries|matters|bigger|biggest|worst)"
)
# "One's the weekly availability list, ..., and the other's the RSE side": a pair named in turn.
PAIR_ITEM = _rx(r"^\W*(?:and )?(?:the )?(?:one|other)(?:.s| is| would be)\s+")
ORDINAL_ITEM = _rx(r"^\W*(?:and )?(?:the )?(first|second|third)(?: one| thing)? (?:is|would be)\s+")
THERE_ITEM = _rx(r"^\W*(?:and )?there.?s (?:also )?(?:(?:the|this|our|a) |(?=(?:\w+ )?\w+ing\b))")
ITEM_LEAD = _rx(r"^\W*(?:and|plus|also|then)\b[\s,]*")

# "The other idea that keeps coming up is an after-hours chat", "Yes, the second workflow is
# getting jobs onto the saw": names the next piece of work.
OTHER_IDEA = _rx(
    r"^\W*(?:(?:yes|yeah|yep|right|ok(?:ay)?|so|well)[,.]?\s+)?(?:and |oh,? )?the "
    r"(?:(?:other|second|third) (?:idea|thing|one|job|pain|big one|workflow|process|area|"
    # "The next thing is we email the client" is a step of the work, not more work
    r"piece of work|task)|(?:next|last|final) (?:idea|job|pain|workflow|area|piece of work))\b"
    r"[^.?!]{0,40}? "
    r"(?:is|was|would be) (?:an? |the |our )?([\w'-]+(?: [\w'-]+){0,5})",
)

# Work set aside for later ("There's the trespass side as well, but one thing at a time").
SET_ASIDE = _rx(
    r"(a |another |a whole )?(different|another|separate) (story|conversation|matter|topic)|"
    r"one thing at a time|(come|get|circle) back to (that|it)|we.ll get to (that|it)|"
    r"more on that later|for another day"
)
# The name of the work set aside: "there's the DIN thing", "the exception is long weekends",
# "the other thing that drives me spare is the grading records".
SET_ASIDE_NAME = _rx(
    r"(?:\bthere.?s|\bthe exception is|\bthe other (?:thing|one|job|pain|headache|problem|issue)\b"
    r"[^,.;?!—–]{0,40}?\b(?:is|are))\s+(?:also\s+)?(?:the\s+|this\s+|our\s+|a\s+)?"
    r"(?P<work>[a-z][\w'-]*(?:\s+[a-z][\w'-]*){0,3}?)"
    r"(?:\s+(?:side|thing|stuff|bit|business))?(?:\s+(?:as well|too))?\s*(?:[,;.—–-]|\bbut\b|\bwhich\b|$)"
)

# The work someone suggests AI could do ("AI could write our producer statements").
AI_TARGET = _rx(
    r"\b(?:(?:ai|an ai|a bot|chatgpt|a computer|software)\s+(?:could|can|should|might|would|will|to)\s+"
    r"(?:\w+\s+)?(?P<verb>write|do|draft|screen|answer|handle|read|sort|generate|produce|check|run|"
    r"take over|reply to|respond to|fill (?:in|out)|process|decide|work out|rank|pick|choose|"
    r"approve|assess|triage|summari[sz]e|prepare|calculate|diagnose|predict|recommend|allocate|"
    r"score|verify|file|look (?:at|through|over)|go (?:through|over)|listen to|mark|grade|plan)"
    r"|(?:of|on|about|with)\s+(?:ai|a computer|a bot)\s+(?:writing|drafting|doing|answering|screening|handling))\s+"
    r"(?:all\s+)?(?:(?:the|our|my|those|these|their)\s+)?(?P<work>[a-z][\w'-]*(?:\s+[a-z][\w'-]*){0,3})",
)

# A bot someone wants for some work ("an AI chatbot on the website for animal health advice").
AI_HELPER_FOR = _rx(
    r"\b(?:ai|a)\s+(?:chat ?bot|bot|chat|assistant)\b(?:\s+(?:on|in)\s+(?:the|our)\s+\w+)?\s+"
    r"(?:for|to answer|to handle|that answers|answering)\s+(?:(?:the|our|all)\s+)?"
    r"(?P<work>[a-z][\w'-]*(?:\s+[a-z][\w'-]*){0,3})",
)

# "The partners keep talking about AI for wills": the work AI is wanted for.
AI_FOR = _rx(
    r"\b(?:ai|chatgpt|a bot)\s+for\s+(?:(?:the|our|all|their)\s+)?"
    r"(?P<work>[a-z][\w'-]*(?:\s+[a-z][\w'-]*){0,3})",
)

# Where the name of the suggested work ends.
TARGET_STOP = r"\b(?:for|to|and|so|from|that|because|straight|automatically|instead|in|on|with|by|each|every|now|then|or)\b"

# How prospects judge work they find hard ("a mess", "chaos", "a shambles"), without saying what
# is broken; about ownership it means a dispute.
MESSY = _rx(r"\bchao(s|tic)|\ba mess\b|\bmessy\b|\bbroken\b|all over the place|shambles")

# A lead that says what is at stake rather than naming work ("Spray records are the sensitive
# bit", "Mostly reputational").
RISK_LEAD = _rx(
    r"\bsensitive (bit|part|one|stuff)\b|\breputation(al)?\b|\bliab(le|ility)\b"
    # "If we overpromise, a buyer orders product we haven't got": what happens when it goes wrong
    r"|^\W*(?:well,? )?if (?:we|it|they|she|he|someone|that) (?:\w+ ){0,2}(?:wrong|overpromise\w*|miss\w*|"
    r"forget\w*|mess(?:es|ed)? (?:it )?up|stuff(?:s|ed)? (?:it )?up|slip\w*|double.?book\w*|late)\b"
)

# A sentence about who owns the work, where "a mess" means a dispute, not a broken process.
OWNERSHIP_QUESTION = _rx(r"\bwho (owns|does|runs|is responsible)|\bowner(ship)?\b")

# Words that carry no topic: a message whose other words are all new talks about new work.
COMMON_WORDS = frozenset(
    re.findall(
        r"\w+",
        """about above after again against also always another around back because been before
    being below between both came come comes could doing down each even every everything from
    gets getting give goes going gone good have having here into just know like look made make
    makes many maybe more most much must need needs never next only other ours over really right
    said same says should since some something sometimes still such sure take takes than that
    their them then there these they thing things think this those though through time times
    today under until very want wants well went were what when where which while whole will with
    within without would yeah your yours honestly probably reckon guess pretty actually
    basically usually often half bits whatever everyone anyone someone nobody people
        """,
    )
)

# "No, that's the main one", "Not for now", "Nothing else really": no other work.
NOTHING_MORE = _rx(
    r"\W*(?:no|nope|nah|not (?:for now|really|that i can think)|nothing|that.?s (?:it|all|the "
    r"(?:main|big) one)|i (?:don.?t|can.?t) think)\b"
)
# "I honestly don't know", "we've never agreed on one": unsure about the work being discussed.
UNSURE = _rx(
    r"\b(?:don.?t (?:really |honestly )?know|no idea|not sure|good question|couldn.?t put a number|(?:never|haven.?t) (?:agreed|measured|"
    r"counted|tracked|thought))\b"
)
# "Forty to sixty sales a month", "About five hours": a figure about the work being discussed.
FIGURE_FIRST = _rx(
    r"\W*(?:about|around|maybe|roughly|probably|from|under|over|\d|one|two|three|four|five|six|"
    r"seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|a (?:few|couple|dozen|day|week))\b"
)
