"""The question coach: deterministic, offline feedback on discovery questions.

For each typed question the coach reports its **form** (open or closed, with finer notes:
"specific" for a short-fact open question, "choice" for "A or B?") and six **flags**, each
with the reason it fired and a rewrite hint:

``leading``       suggests the answer you expect ("..., isn't it?", "surely", "clunky")
``stacked``       several questions in one turn
``hypothetical``  asks about an imagined or future situation ("would you...", "if we...")
``pitch``         proposes a solution instead of exploring theirs ("what if we built...")
``jargon``        IT terms from ``data/glossary.csv`` or unexplained acronyms
``blame_why``     a "why" that can sound like an accusation ("why didn't you...")

It is a heuristic (see :data:`LIMITS`), measured against a labelled question set
(``data/questions_labelled.csv``); the figures are in ``docs/coach.md`` and are reproduced by
``python -m partnerkit.coach --report``.

Every pattern is a plain alternation of words or a bounded repetition, applied to one
sentence at a time, so the time taken grows linearly with the input.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import data as _data
from .data import DataError
from .jargon import find_jargon

LABELS = ("open", "closed", "leading", "stacked", "hypothetical", "pitch", "jargon", "blame_why")
FLAGS = ("leading", "stacked", "hypothetical", "pitch", "jargon", "blame_why")
FLAG_TITLES = {
    "leading": "Leading",
    "stacked": "Stacked",
    "hypothetical": "Hypothetical or future",
    "pitch": "Solution pitch",
    "jargon": "Jargon",
    "blame_why": "'Why' that can sound like blame",
}
HINTS = {
    "closed": "Closed questions are right for checking a fact or agreeing a next step. To hear "
    "the client's own story, start with 'What', 'How' or 'Tell me about...'.",
    "leading": "Take the expected answer out and ask neutrally: not 'The report is slow, isn't "
    "it?' but 'How does the report work for you?'.",
    "stacked": "Ask one question, wait for the whole answer, then ask the next one.",
    "hypothetical": "Ask about the last real occasion instead: 'Tell me about the last time...'. "
    "Opinions about the future are unreliable; a 'what would it mean if...' question earns its "
    "place only after a real problem is on the table.",
    "pitch": "Park your solution for now. Ask how they deal with it today and what they have "
    "already tried: 'How are you handling that at the moment?'.",
    "jargon": "Say it in the client's words (the glossary's plain meaning is a start), or ask "
    "what they call it.",
    "blame_why": "Ask about reasons without judging: 'What led to...?' or 'What made that the "
    "best option at the time?'.",
}
FORM_NOTES = {
    "open": "Open: it invites the client to answer in their own words.",
    "specific": "Open, asking for one specific fact (how many, when, who, which). Useful for "
    "situation questions, but do your homework so you need only a few.",
    "closed": "Closed: it can be answered with yes or no.",
    "choice": "Closed: a choice between options you named. The client may not mention the "
    "option you did not think of.",
    "reflection": "Not a question: this reads as a reflection ('It sounds like...'). Good: "
    "reflections show you listened and invite the client to say more.",
    "summary": "Not a question: this reads as a summary. Good: summaries check understanding "
    "and move the conversation on.",
    "statement": "Not a question: no question mark and no question word. If you meant a "
    "question, start with 'What', 'How' or 'Tell me about...'.",
    "empty": "Type a question to get feedback.",
}
CLEAN_NOTES = {
    "open": "No flags: it leaves the answer to the client. Follow the answer with 'What "
    "happened next?' or 'What did that cost you?'.",
    "closed": "No flags. A closed question is the right tool for confirming a fact, checking a "
    "summary ('Is that right?') or agreeing a next step; it will not surface a problem you did "
    "not already suspect, so open with 'What' or 'How' when you want the client's story.",
}
OPEN_FORMS = ("open", "specific")
CLOSED_FORMS = ("closed", "choice")

LIMITS = (
    "The coach is a heuristic. It reads the words you typed, not what you meant, what the "
    "client just said, or where you are in the conversation.",
    "Question purpose matters more than grammar. In Neil Rackham's large study of sales calls, "
    "whether questions were open or closed made no difference to success; what mattered was "
    "the type of question - about problems, their consequences, and the value of solving them.",
    "A closed question is often exactly right: to check you understood, or to agree a next "
    "step. A hypothetical 'what would it mean if...' is fine once a real problem is established.",
    "Jargon depends on the listener: 'ERP' is everyday language to a finance lead but not to a "
    "marketer. The coach knows only the kit's glossary and unexplained capital-letter acronyms.",
    "The coach was tuned on questions written for this kit; its measured precision and recall "
    "are in docs/coach.md. Real questions are messier, so treat every flag as a prompt to "
    "think, not a verdict.",
)

# --------------------------------------------------------------------------- word lists

WH = frozenset("what how why where who whom whose which when".split())
WH_CONTRACTED = frozenset(
    "what's whats how's where's who's when's why's what're how're who're".split()
)
SPECIFIC_WH = frozenset("who whom whose when where which who's when's where's".split())
SPECIFIC_AFTER_HOW = frozenset(
    "many much often long soon far old big large quickly fast frequently early late".split()
)
NEG_AUX = frozenset(
    "isn't aren't wasn't weren't don't doesn't didn't haven't hasn't hadn't can't couldn't "
    "won't wouldn't shouldn't mustn't shan't ain't".split()
)
AUX = (
    frozenset(
        "is are am was were do does did have has had can could will would shall should may "
        "might must".split()
    )
    | NEG_AUX
)
ANY_START = frozenset("any anything anyone anybody".split())
SUBJECT_WORDS = frozenset(
    "i you we they he she it the a an this that these those your our their my his her its "
    "there people someone somebody anyone everyone nobody something anything everything "
    "nothing".split()
)
FILLERS = frozenset(
    "so and but or ok okay right well now then also just alright sorry hey hi um uh erm "
    "actually basically honestly plus".split()
)
CONJUNCTIONS = frozenset("and or but so then plus".split())
BUSINESS_ACRONYMS = frozenset(
    "IT AI CEO CFO COO CIO CMO CTO CHRO CPO CX HR VP SVP EVP KPI KPIS ROI P&L B2B B2C OK "
    "US UK EU USA AM PM FY YTD Q1 Q2 Q3 Q4 PO PR R&D I A".split()
)

_WORD = re.compile(r"[a-z0-9](?:[a-z0-9'&-]*[a-z0-9])?")
_SENTENCE = re.compile(r"[^.?!\n]+[.?!]*|[.?!]+")
_BOUNDARY = re.compile(r"[,;:\u2013\u2014]|\s-\s|\(")
_ACRONYM = re.compile(
    r"(?<![\w&])(?:[A-Z][A-Z0-9&]{1,5}|[A-Z][a-z]{1,2}[A-Z])(?:'?s)?(?![\w&])"
)  # EDI, SFTP; also IoT, SaaS

_POLITE_OPEN = re.compile(
    r"(?:can|could|would|will)\s+(?:you|we)\s+(?:please\s+)?"
    r"(?:tell|describe|walk|talk|explain|share|show|take|run|go through|help me understand|"
    r"give (?:me|us) (?:an? )?(?:example|sense|picture|idea|overview)|say (?:a bit )?more|paint)\b"
    r"|(?:would|do) you mind (?:telling|walking|talking|describing|explaining|sharing|showing|"
    r"taking|running|going)\b"
    r"|(?:would|will) you like to (?:tell|share|walk|talk|describe|explain|show)\b"
    r"|(?:can|could|may) i (?:just )?ask(?: you)? (?:what|how|why|where|when|who|which|about)\b"
)
_OPEN_REQUEST = re.compile(
    r"(?:please\s+)?(?:tell (?:me|us)|describe|walk (?:me|us)|talk (?:me|us)|"
    r"take (?:me|us) through|run (?:me|us) through|explain|help (?:me|us) understand|"
    r"show (?:me|us)|give (?:me|us) an example|share|say (?:a bit )?more|"
    r"paint (?:me |us )?a picture|talk to (?:me|us) about|i'd (?:love|like) to "
    r"(?:hear|understand|know|learn)|i would (?:love|like) to (?:hear|understand|know|learn)|"
    r"i'm curious|i am curious|i wonder|i was wondering|i'm wondering|i am wondering|"
    r"let's talk about|go on)\b"
)
_WHETHER = re.compile(
    r"[^?]{0,40}?\b(?:(?:tell|show|let) (?:me|us)|wonder|wondering|ask(?: you)?) (?:whether|if)\b"
)
_REFLECTION = re.compile(
    r"(?:it sounds like|sounds like|so you're saying|so you are saying|what i'm hearing|"
    r"what i am hearing|if i understand|if i've understood|in other words|it seems like|"
    r"you're saying|you feel|you felt|it feels like)\b"
)
_SUMMARY = re.compile(
    r"(?:to recap|let me recap|let me summari[sz]e|to summari[sz]e|to sum up|in summary|"
    r"so far (?:i've|i have|we've|we have) heard|let me check i've got)\b"
)
_CHOICE_TAIL = re.compile(r"^[a-z0-9' -]{1,60}\bor\b[a-z0-9' -]{1,60}$")

# (pattern, reason) - the reason may quote the match with {m}
_LEADING = [
    (
        re.compile(
            r",\s*(?:isn't|aren't|wasn't|weren't|don't|doesn't|didn't|haven't|hasn't|can't|"
            r"couldn't|won't|wouldn't|shouldn't|is|are|do|does|did|was|were|will|would|have|has)"
            r"\s+(?:it|they|you|we|he|she|that|there|i|this)\s*\?"
        ),
        "it ends with a tag question ('{m}') that invites the client to agree",
    ),
    (
        re.compile(
            r",\s*(?:right|correct|yes|no|true|agreed|surely|ok|okay|yeah|am i right|"
            r"don't you agree|wouldn't you agree|wouldn't you say|isn't that so|isn't that right)"
            r"\s*\?"
        ),
        "it ends with '{m}', which asks the client to confirm your view",
    ),
    (
        re.compile(
            r"\b(?:don't you think|don't you find|don't you feel|wouldn't you agree|"
            r"would you agree|do you agree|don't you agree|you'd agree|you would agree|"
            r"you agree|wouldn't you say|isn't it true|is it fair to say|"
            r"would it be fair to say|it's fair to say)\b"
        ),
        "'{m}' asks the client to agree with a view you supplied",
    ),
    (
        re.compile(
            r"\b(?:surely|obviously|clearly|of course|no doubt|presumably|i assume|"
            r"i'm assuming|i presume|i'm guessing|i guess you|i bet|i imagine you|i'm sure|"
            r"you must|it must be|must be so|you'd want|you would want|given how|"
            r"the real (?:issue|problem|reason|cause)|is really)\b"
        ),
        "'{m}' tells the client what you already believe",
    ),
    (
        re.compile(
            r"\b(?:that|it|this)(?: would|'d| will|'ll)? be (?:the )?(?:quickest|easiest|simplest|"
            r"best|cheapest|fastest|obvious)(?: (?:way|option|answer|fix|choice))?\s*[.!]"
        ),
        "'{m}' gives the client the answer you expect",
    ),
    (
        re.compile(
            r"\b(?:clunky|terrible|awful|horrible|horrendous|dreadful|nightmare|useless|"
            r"hopeless|archaic|ancient|rubbish|atrocious|pathetic|hate|hates|hated|dread|dreads)\b"
        ),
        "the loaded word '{m}' puts your judgement into the question",
    ),
    (
        re.compile(
            r"\bhow (?:frustrating|annoying|bad|awful|terrible|painful|irritating|tedious|"
            r"stressful|much (?:better|worse|easier|happier)|great|amazing|wonderful)\b"
        ),
        "'{m}...' assumes the answer is at one end of the scale",
    ),
    (
        re.compile(
            r"\b(?:most|many|all|other|every other)\s+(?:[a-z-]+\s+){0,2}?(?:teams|companies|"
            r"firms|businesses|departments|organisations|organizations|retailers|people|"
            r"managers)\s+(?:have|already|now|are|use|do|say|prefer|love)\b"
            r"|\beveryone (?:hates|loves|knows|agrees|says|uses|wants)\b"
        ),
        "'{m}' uses what others do to push for a particular answer",
    ),
]
_NEG_START = "it opens with '{m}', which signals the answer you expect"

_WOULD = re.compile(r"\bwould(?:n't)?\b")
_WOULD_OK = re.compile(
    r"would(?:n't)?\s+(?:you|they|we|it|he|she)\s*\?"
    r"|would(?:n't)?\s+(?:you\s+)?(?:please\s+)?(?:say|agree|mind|rather|tell|walk|talk|"
    r"describe|explain|share|show|take|run|go through|help me understand)\b"
    r"|would(?:n't)? you like to (?:tell|walk|talk|share|show|describe|explain|see)\b"
    r"|would(?:n't)? you like (?:me|us) to\b"
    r"|would it be fair to say\b"
)
_HOW_WOULD_OK = re.compile(
    r"\s+you\s+(?:rate|describe|sum|put|say|characteri[sz]e|explain|define|score)\b"
)
_WILL = re.compile(r"\bwill\b")
_WILL_OK = re.compile(
    r"will\s+you\s+(?:please\s+)?(?:tell|walk|talk|describe|explain|share|show|take|run)\b"
)
# Prioritising and goal questions are about the client's real, present problems and aims,
# not an imagined world, so their 'would' is not flagged: "If you could fix one thing this
# quarter, what would it be?" asks the client to rank the problems they have now (a widely
# taught prioritising question); "What would a good peak season look like?" asks for their
# success criteria. An imagined world stays hypothetical: "if you could redesign it from
# scratch", "magic wand", "in an ideal world", "what would it mean if...".
_PRIORITY = re.compile(
    r"\bif you (?:could|had to|can) (?:only |just )?(?:fix|change|improve|solve|sort out|stop|"
    r"drop|skip|remove|get rid of|pick|choose|automate|speed up) (?:only |just )?(?:one|a single)"
    r"(?! [a-z-]+ (?:from scratch|with a magic wand))\b"
    r"|\bwhat would (?:a |an )?(?:good|great|successful) (?:[a-z-]+ ){0,4}?look like\b"
    r"|\bwhat would success (?:look like|mean)\b"
    r"|\bwhat would make (?:[a-z-]+ ){0,5}?(?:go well|a success|worthwhile|worth it)\b"
)
_HYPOTHETICAL = [
    (re.compile(r"\bwhat if\b"), "'{m}' asks about an imagined situation"),
    (
        re.compile(
            r"\b(?:imagine|imagining|suppose|supposing|picture this|in an ideal world|ideally|"
            r"magic wand|in (?:the )?future|going forward|in (?:two|three|five|ten|\d+) years)\b"
        ),
        "'{m}' moves the conversation to an imagined or future situation",
    ),
    (
        re.compile(
            r"\bif\b[^?.!]{0,120}?\b(?:could|were)\b|\b(?:could|were)\b[^?.!]{0,120}?\bif\b"
        ),
        "it is a conditional ('if ... could/were'): an imagined situation",
    ),
]

_SOLUTION_VERBS = (
    r"(?:build|set up|create|make|give|offer|provide|automate|move|migrate|replace|install|"
    r"deploy|add|integrate|connect|roll out|put|buy|host|develop|switch|encrypt|write|design|"
    r"implement|configure|get you|fix|solve|sort out)"
    r"(?!\s+(?:up\s+)?(?:a |an |some )?(?:follow-up |quick |short )?(?:meeting|call|chat|time|"
    r"session|workshop|catch-up|visit|date)\b"
    # agreeing a next step is not a pitch: "put it in the diary", "put that to your director"
    r"|\s+(?:[a-z]+\s+){0,2}?in (?:the|our|your) (?:diary|diaries|calendar|calendars)\b"
    r"|\s+(?:it|that|this|them|both) to\b)"
)
_PITCH = [
    (
        re.compile(
            r"\bwhat if\s+(?:we|i|it|you had|you used|you could|there (?:was|were)|"
            r"the (?:system|app|tool|portal|dashboard)|a|an|someone|our)\b"
        ),
        "'{m}...' proposes a solution before you know the problem",
    ),
    (
        re.compile(
            r"\bhow about\s+(?:we|i|us|using|a|an|moving|switching|trying|getting|automating|"
            r"putting|setting|building)\b"
        ),
        "'{m}...' proposes a solution",
    ),
    (
        re.compile(
            r"\bhave you (?:ever )?(?:considered|thought about|looked at|looked into|explored|"
            r"tried|evaluated)\s+(?:using|switching|moving|adopting|buying|getting|giving|"
            r"automating|migrating|replacing|putting|setting up|building|bringing|a|an|our|some|"
            r"the new)\b"
        ),
        "'{m}...' suggests a solution the client has not asked for",
    ),
    (
        re.compile(r"\b(?:have you|did you) (?:ever )?heard (?:of|about)\b"),
        "'{m}...' introduces your idea instead of exploring theirs",
    ),
    (
        re.compile(
            rf"\b(?:we|i|it) (?:can|could|should|might|will|would|'ll)\s+(?:just\s+)?"
            rf"{_SOLUTION_VERBS}\b"
            rf"|\b(?:can|could|should|shall|might) (?:we|i|it)\s+(?:just\s+|maybe\s+|perhaps\s+)?"
            rf"(?:{_SOLUTION_VERBS}|(?:look at|consider|think about|try) (?:moving|using|"
            rf"switching|buying|building|automating|migrating|replacing|putting|getting))\b"
            rf"|\b(?:do you want|shall i|shall we|should i|let us|let me) (?:us |me )?"
            rf"{_SOLUTION_VERBS}\b"
        ),
        "'{m}' offers something IT could do",
    ),
    (
        re.compile(
            r"\bif (?:we|i|it)\s+(?:just\s+)?(?:built|gave|set|added|connected|put|moved|"
            r"replaced|integrated|made|created|offered|provided|automated|rolled|installed|"
            r"switched|introduced|migrated|bought|developed|deployed|ran|build|give|add|connect|"
            r"move|replace|automate)\b"
            rf"|\bif (?:we|i|it) (?:could|can|were to) (?:just )?(?:re)?{_SOLUTION_VERBS}\b"
            r"|\bif (?:the|a|an|our|your)\s+(?:new\s+)?(?:app|system|dashboard|portal|tool|"
            r"platform|chatbot|bot|kiosk|website|site|report)\s+(?:showed|had|could|did|was|"
            r"were|let|sent|gave)\b"
        ),
        "'{m}...' builds the question around a solution",
    ),
    (
        re.compile(
            r"\b(?:can|could|may|shall|should|let) (?:i|we|me|us) (?:just |quickly |briefly )?"
            r"(?:show you|demo|give you a (?:quick |short |live )?demo|"
            r"(?:walk|take|run) you through (?:our|the new|a new|how (?:our|the new)))\b"
            r"(?! (?:what (?:i|we) (?:heard|wrote|noted|understood)|my notes|(?:a|the|my) summary))"
            r"|\b(?:would|do) you (?:like|want) (?:to see|me to show you|us to show you|me to demo|"
            r"a (?:quick |short |live )?demo|to try (?:our|the new|a new))\b"
        ),
        "'{m}...' offers a demonstration of your solution before you know their problem",
    ),
    (
        re.compile(
            r"\bhave you (?:seen|tried|used) (?:what |how )?(?:our|the new|what we|we've)\b"
            r"|\bdid you know (?:that )?(?:our|we|the new|(?:the|a) (?:[a-z-]+ ){0,2}?"
            r"(?:app|system|tool|portal|platform|module|software) (?:already|can|does))\b"
        ),
        "'{m}...' introduces your offer instead of exploring their situation",
    ),
    (
        re.compile(
            r"\bour (?:[a-z-]+ ){0,3}?(?:solution|platform|tool|product|app|service|offering|new|"
            r"system|software|portal|module|dashboard|chatbot|bot|suite|roadmap|pilot)\b"
            r"|\bour (?:[a-z-]+ ){0,3}?(?:already|can now) [a-z]+\b"
            r"|\bour (?:[a-z-]+ ){0,3}?(?:handles|covers|fixes|solves|automates|does all)\b"
        ),
        "'{m}' talks about your offer rather than their situation",
    ),
    (
        re.compile(
            r"\b(?:can|could|shall|should|can't|couldn't|why don't|why can't) "
            r"(?:[a-z'-]+ ){1,3}?(?:not )?just (?:move|switch|migrate|use|put|get|buy|replace|"
            r"install)\b"
            r"|\bjust (?:move|switch|migrate) (?:to|onto|over to)\b"
            r"|\bwouldn't it be (?:easier|better|simpler|quicker|faster|cheaper) (?:if|to)\b"
        ),
        "'{m}...' jumps to a solution before the problem is understood",
    ),
    (
        re.compile(
            r"\bwhy not\s+(?:just\s+)?(?:use|try|move|switch|buy|get|automate|put|build|adopt|go)\b"
        ),
        "'{m}...' pushes a solution",
    ),
    (
        re.compile(
            r"\bwould (?:you|your [a-z]+|customers|shoppers|staff|people|users|agents|reps|"
            r"drivers|managers|they|the [a-z]+) (?:ever )?(?:use|buy|pay|adopt|try|switch|"
            r"sign up|be (?:interested|willing|keen|open|happy))\b"
        ),
        "'{m}...' asks the client to judge a solution in advance",
    ),
    (
        re.compile(
            r"\b(?:would|could|will|might)(?:n't)?\s+(?:a|an)\s+(?:[a-z-]+\s+){0,5}?(?:help|work|fix|"
            r"solve|make|save|get|improve|speed|change|reduce|cut)\b"
            r"|\b(?:a|an)\s+(?:[a-z-]+\s+){0,3}?(?:would|could|will|might)\s+(?:help|work|fix|"
            r"solve|make|save|get|improve|speed|change|reduce|cut)\b"
            r"|\b(?:would|could) it help\b|\binterested in (?:a|an|our|using|trying)\b"
        ),
        "'{m}' tests a solution on the client",
    ),
]

# "X would fix it", "X fixes this": a remedy named before the problem is explored. The word
# before the verb must not be a question word or a person ("who fixes it", "what would fix
# this for you", "someone fixes it by hand" ask about their situation).
_FIXES = re.compile(
    r"\b([a-z0-9]{1,30}(?:['-][a-z0-9]{1,30}){0,2}) "
    r"(?:(?:would|will|could|can|should|might)(?: easily| quickly| really|"
    r" definitely| probably| just)? (?:fix|solve|sort out|cure|eliminate|get rid of|take care of)"
    r"|(?:fixes|solves|sorts out|eliminates|cures|takes care of)) (?:it|this|that|these|those|"
    r"exactly|all|the|your|most|much)\b"
)
_SYSTEM_WILL = re.compile(
    r"\b(?:module|system|platform|tool|app|software|portal|bot|chatbot|dashboard|sensors?|"
    r"automation|upgrade|integration|solution)'?s? (?:will|would|could|can) "
    r"(?:handle|do|cover|manage|take care of|automate|sort)\b"
)
_NOT_A_REMEDY = (
    WH
    | WH_CONTRACTED
    | frozenset(
        "you they he she we i people someone somebody anyone anybody everyone nobody who "
        "team staff person manager managers".split()
    )
)


def _is_pitch(lower: str) -> str | None:
    hit = _first(_PITCH, lower)
    if hit:
        return hit
    for m in _FIXES.finditer(lower):
        if m.group(1) not in _NOT_A_REMEDY:
            return f"'{m.group(0)}' names a remedy before the problem is explored"
    m = _SYSTEM_WILL.search(lower)
    if m:
        return f"'{m.group(0)}' promises what a system will do before the problem is explored"
    return None


_WHY = re.compile(r"\bwhy\b")
_WHY_NEUTRAL = re.compile(
    r"why (?:do|did) you think\b|why (?:is|was) (?:that|this|it) (?:so )?(?:important|"
    r"a priority|valuable|useful|needed)\b|why (?:does|did|would) (?:that|this|it) matter\b"
)
_WHY_BLAME = [
    (
        re.compile(
            r"why (?:not|don't|didn't|doesn't|haven't|hasn't|hadn't|isn't|aren't|wasn't|"
            r"weren't|can't|couldn't|won't|wouldn't|shouldn't)\b"
        ),
        "'{m}' asks the client to defend something they did not do",
    ),
    (
        re.compile(r"why (?:on earth|would anyone|would you|would they)\b"),
        "'{m}' sounds like disbelief",
    ),
    (
        re.compile(
            r"why (?:do|did|does|are|were|have|has|is|was|would|can't|don't) (?:you|your)\b"
        ),
        "'{m}...' asks the client to justify their own choice",
    ),
    (
        re.compile(
            r"\b(?:still|always|keep|keeps|kept|never|even|again|anyone|ignore|ignored|"
            r"ignoring)\b|\bwithout (?:asking|telling|checking|consulting|involving|talking|a|an|"
            r"us|it|any)\b"
        ),
        "a 'why' with '{m}' implies someone is at fault",
    ),
]

_STRENGTHS = [
    (
        re.compile(
            r"\b(?:last time|most recent|walk (?:me|us) through|talk (?:me|us) through|"
            r"take (?:me|us) through|tell (?:me|us) about a time|what happened|"
            r"last (?:week|month|quarter|year))\b"
        ),
        "Anchors on a real, recent event - the most reliable kind of answer.",
    ),
    (
        re.compile(
            r"\b(?:how are you (?:dealing|handling|coping)|what (?:else )?have you tried|"
            r"what did you try|what do (?:you|people|they) do (?:when|instead))\b"
        ),
        "Asks how they cope today - shows what they value enough to work around.",
    ),
    (
        re.compile(
            r"\b(?:is there )?anything (?:else )?(?:that )?i (?:should|ought to) (?:have )?"
            r"(?:asked|ask|know)\b|\bwhat (?:else )?(?:should|ought) i (?:to )?(?:have )?"
            r"(?:asked|ask|know)\b|\bwhat (?:did|have) i (?:not asked|missed)\b"
            r"|\b(?:who|whom) else (?:should|could|ought|might|do you think|would you suggest)\b"
            r"|\b(?:anyone|anybody|someone|somebody) else (?:i|we) should (?:talk|speak)\b"
        ),
        "A good closer: it lets the client raise what you missed or point you to the people "
        "you should meet next.",
    ),
    (
        re.compile(r"\bwho else\b(?! (?:should|could|ought|might|do you think|would you suggest))"),
        "Opens doors to people and topics you did not know about.",
    ),
    (
        _PRIORITY,
        "A prioritising question: it asks the client to pick, from the problems they have "
        "now, the one that matters most.",
    ),
    (
        re.compile(
            r"\b(?:cost (?:you|the business|them)|what happens (?:when|if|to)|how does (?:that|it|"
            r"this) affect|impact|knock-on|consequence|what does [a-z -]{1,40}? cost)\b"
        ),
        "Explores consequences (an implication question) - it shows how much the problem matters.",
    ),
]
_GENERIC = re.compile(r"\b(?:usually|typically|in general|normally|generally)\b")


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Flag:
    """One problem the coach noticed, with the reason and a rewrite hint."""

    name: str
    title: str
    reason: str
    hint: str


@dataclass(frozen=True)
class Feedback:
    """The coach's reading of one question."""

    text: str
    form: str  # open, specific, closed, choice, reflection, summary, statement, empty
    form_note: str
    flags: tuple[Flag, ...] = ()
    strengths: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    jargon_terms: tuple[str, ...] = ()

    @property
    def verdict(self) -> str:
        """One line for a question without flags (empty when there are flags or no question):
        never a blanket "clear, neutral" - a closed question is right for some jobs only."""
        if self.flags or not self.is_question:
            return ""
        return CLEAN_NOTES["open" if self.is_open else "closed"]

    @property
    def is_question(self) -> bool:
        return self.form in OPEN_FORMS or self.form in CLOSED_FORMS

    @property
    def is_open(self) -> bool:
        return self.form in OPEN_FORMS

    @property
    def flag_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.flags)

    @property
    def labels(self) -> frozenset[str]:
        """The labels of the labelled set that the coach assigns (form + flags)."""
        out = set(self.flag_names)
        if self.form in OPEN_FORMS:
            out.add("open")
        elif self.form in CLOSED_FORMS:
            out.add("closed")
        return frozenset(out)

    def to_record(self) -> dict:
        """The journal record: ``{"text", "flags": [flag names], "form": "open"|"closed"|...}``.

        ``flags`` holds only the problem flags (an empty list means a clean question), as the
        class dashboard and the learner export read it; ``form`` is an extra key.
        """
        form = "open" if self.is_open else "closed" if self.is_question else self.form
        return {"text": self.text, "flags": list(self.flag_names), "form": form}


# --------------------------------------------------------------------------- analysis


_TAG = re.compile(r"<[^<>]{0,200}>")


def _normalise(text: str) -> str:
    """Unicode-normalise, straighten quotes and drop HTML tags (the words are what count)."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate({0x2019: "'", 0x2018: "'", 0x201C: '"', 0x201D: '"', 0x00A0: " "})
    return _TAG.sub(" ", text)


@dataclass
class _Clause:
    kind: str  # open, specific, closed
    start: int
    word: str
    after: str  # the conjunction/punctuation before it: "", "or", "and", ","...


@dataclass
class _Sentence:
    text: str  # lower-case
    clauses: list[_Clause] = field(default_factory=list)
    form: str = "statement"
    first_word: str = ""
    first_pos: int = 0
    neg_start: str = ""
    lead: str = ""  # "reflection" / "summary" when the sentence opens as one
    ends_q: bool = False


def _clause_at(s: str, words: list[re.Match], i: int, sentence_start: bool) -> str | None:
    """The kind of question starting at word ``i`` of sentence ``s``, or None."""
    m = words[i]
    w = m.group(0)
    nxt = words[i + 1].group(0) if i + 1 < len(words) else None
    if _POLITE_OPEN.match(s, m.start()):
        return "closed" if _WHETHER.match(s, m.start()) else "open"
    if _OPEN_REQUEST.match(s, m.start()):
        return "closed" if _WHETHER.match(s, m.start()) else "open"
    if w in WH_CONTRACTED or (w in WH and (nxt is None or nxt not in SUBJECT_WORDS)):
        if w in SPECIFIC_WH or (w == "how" and nxt in SPECIFIC_AFTER_HOW):
            return "specific"
        return "open"
    if w in AUX and (sentence_start or (nxt is not None and nxt in SUBJECT_WORDS)):
        return "closed"
    if w in ANY_START and sentence_start:
        return "closed"
    return None


def _parse_sentence(raw: str) -> _Sentence:
    s = raw.lower()
    sent = _Sentence(s)
    words = list(_WORD.finditer(s))
    at_start = True
    first = True
    prev_end = 0
    joiner = ""
    for i, m in enumerate(words):
        gap = s[prev_end : m.start()]
        prev_end = m.end()
        if gap != " " and _BOUNDARY.search(gap):
            at_start, joiner = True, ","
        w = m.group(0)
        if at_start and (w in FILLERS or w in CONJUNCTIONS):
            if w in CONJUNCTIONS:
                joiner = w
            continue
        if first:
            sent.first_word, sent.first_pos = w, m.start()
            if w in NEG_AUX:
                sent.neg_start = w
            if _REFLECTION.match(s, m.start()):
                sent.lead = "reflection"
            elif _SUMMARY.match(s, m.start()):
                sent.lead = "summary"
        if at_start:
            # a reflection or summary ("So what I'm hearing is...") is not a question clause
            kind = None if (first and sent.lead) else _clause_at(s, words, i, first)
            if kind is not None:
                sent.clauses.append(_Clause(kind, m.start(), w, joiner))
            at_start = False
        elif w == "and":
            # "How do you handle it today and what does it cost?": a question may start after
            # "and" without a comma (a subject after the wh-word keeps it subordinate)
            at_start, joiner = True, "and"
            first = False
            continue
        first = False
        joiner = ""
    ends_q = s.rstrip().endswith("?")
    sent.ends_q = ends_q
    if sent.lead and not sent.clauses:
        sent.form = "closed" if ends_q else sent.lead
    elif sent.clauses:
        kinds = {c.kind for c in sent.clauses}
        sent.form = "open" if "open" in kinds else "specific" if "specific" in kinds else "closed"
        if sent.form in OPEN_FORMS and sent.clauses[0].word in ("what", "which", "what's"):
            tail = s.rstrip(" ?").rsplit(",", 1)
            if len(tail) == 2 and _CHOICE_TAIL.match(tail[1].strip()):
                sent.form = "choice"
    elif sent.first_word in WH:
        sent.form = "open"
    elif ends_q:
        sent.form = "closed"
    elif _REFLECTION.match(s, sent.first_pos):
        sent.form = "reflection"
    elif _SUMMARY.match(s, sent.first_pos):
        sent.form = "summary"
    return sent


def _question_count(sent: _Sentence) -> int:
    """Distinct questions in one sentence: 'or' + yes/no clause is one choice question."""
    n = 0
    prev = None
    for c in sent.clauses:
        if prev is not None and c.after == "or" and c.kind == "closed" and prev.kind == "closed":
            continue
        n += 1
        prev = c
    if n == 0 and sent.form in ("open", "closed"):
        n = 1
    return n


_IMPERATIVE = frozenset(
    "tell describe walk talk take run explain help show give share say paint go let's "
    "please".split()
)
# "Can I ask something awkward?", "Can we start again?": asking permission, not a question the
# client has to answer, when a real question follows
_PERMISSION = re.compile(
    r"(?:so |ok |okay |well |now )?(?:can|could|may|might) (?:i|we) (?:just )?"
    r"(?:ask (?:you )?(?:something(?: [a-z-]+){0,2}|a (?:[a-z-]+ ){0,3}?question|"
    r"one (?:more|last) (?:thing|question)|about that|about this)|start again|start over|"
    r"go back a (?:step|bit)|be (?:honest|frank|blunt)|check something)\s*\?+\s*$"
)


def _count_questions(sentences: list[_Sentence]) -> int:
    """Distinct questions in a line. With a question mark somewhere in the line, a sentence
    without one is a preamble, reflection or summary (it counts only if it is a request such as
    "Walk me through..."), and asking permission ("Can I ask something awkward?") before a
    question is not a second question."""
    has_q = any(s.ends_q for s in sentences)
    # last[i]: a question sentence comes after sentence i (one pass, so time stays linear)
    last = [False] * len(sentences)
    seen = False
    for i in range(len(sentences) - 1, -1, -1):
        last[i] = seen
        seen = seen or (sentences[i].ends_q and bool(sentences[i].clauses))
    total = 0
    for i, sent in enumerate(sentences):
        if has_q and not sent.ends_q:
            total += sum(c.word in _IMPERATIVE for c in sent.clauses)
            continue
        if last[i] and _PERMISSION.match(sent.text, sent.first_pos):
            continue
        total += _question_count(sent)
    return total


def _first(patterns, s: str):
    for rx, reason in patterns:
        m = rx.search(s)
        if m:
            return reason.format(m=m.group(0).strip(" ,?"))
    return None


def _is_hypothetical(sentences: list[_Sentence], lower: str) -> str | None:
    """'would' / 'will' count only in the sentences that ask something (a statement such as
    "E-signatures would fix it." is a pitch, not a question about an imagined future), and not
    in a prioritising or goal question (see :data:`_PRIORITY`)."""
    has_q = any(s.ends_q for s in sentences)
    asking = [s for s in sentences if (s.ends_q or not has_q) and not _PRIORITY.search(s.text)]
    for sent in asking:
        if sent.first_word in ("would", "will", "wouldn't", "won't"):
            s, pos = sent.text, sent.first_pos
            if not (_WOULD_OK.match(s, pos) or _WILL_OK.match(s, pos)):
                return (
                    f"it starts with '{sent.first_word}', asking about a future or imagined choice"
                )
    for sent in asking:
        s = sent.text
        for m in _WOULD.finditer(s):
            if _WOULD_OK.match(s, m.start()):
                continue
            before = s[max(0, m.start() - 4) : m.start()]
            if before == "why ":
                continue
            if before == "how " and _HOW_WOULD_OK.match(s, m.end()):
                continue
            return f"'{m.group(0)}' asks about an imagined situation, not what actually happened"
        for m in _WILL.finditer(s):
            if not _WILL_OK.match(s, m.start()):
                return "'will' asks the client to predict the future"
    rest = " ".join(s.text for s in sentences if not _PRIORITY.search(s.text))
    return _first(_HYPOTHETICAL, rest)


def _is_blame_why(sentences: list[_Sentence]) -> str | None:
    for sent in sentences:
        s = sent.text
        m = _WHY.search(s)
        if not m:
            continue
        clause = s[m.start() : m.start() + 200]
        neutral = _WHY_NEUTRAL.match(clause)
        for i, (rx, reason) in enumerate(_WHY_BLAME):
            if neutral and i == 2:
                continue
            hit = rx.match(clause) if i < 3 else rx.search(clause)
            if hit:
                return reason.format(m=hit.group(0).strip(" ,?"))
    return None


def _jargon(text: str, limit: int = 12) -> tuple[list[str], str | None]:
    """Glossary terms, then unexplained acronyms (at most ``limit`` distinct terms)."""
    terms: list[str] = []
    explained: list[str] = []
    seen: set[str] = set()
    try:
        matches = find_jargon(text)
    except DataError:  # a broken glossary must not break the coach
        matches = []
    for m in matches:
        for form in (m.term, m.found):
            seen.add(form.lower())
        if m.term not in terms and len(terms) < limit:
            terms.append(m.term)
            explained.append(f"'{m.found}' (plain words: {m.plain_meaning})")
    letters = sum(map(str.isalpha, text))
    upper = sum(map(str.isupper, text))
    if upper <= 0.5 * letters:  # not SHOUTING, where every word looks like an acronym
        for a in _ACRONYM.finditer(text):
            if len(terms) >= limit:
                break
            base = re.sub(r"'?s$", "", a.group(0))
            if base.upper() in BUSINESS_ACRONYMS or base.lower() in seen:
                continue
            seen.add(base.lower())
            terms.append(base)
            explained.append(f"'{base}' (an acronym the client may not know)")
    if not terms:
        return [], None
    more = " and more" if len(terms) >= limit else ""
    return terms, "it uses IT terms: " + "; ".join(explained[:5]) + more


def analyse(text: object) -> Feedback:
    """Read one question and explain what the coach notices. Never raises."""
    if text is None:
        text = ""
    if not isinstance(text, str):
        text = str(text)
    original = text
    text = _normalise(text)
    if not text.strip():
        return Feedback(original, "empty", FORM_NOTES["empty"])
    sentences = [_parse_sentence(m.group(0)) for m in _SENTENCE.finditer(text)]
    sentences = [s for s in sentences if _WORD.search(s.text)]
    if not sentences:
        return Feedback(original, "statement", FORM_NOTES["statement"])
    forms = [s.form for s in sentences]
    if any(f in OPEN_FORMS for f in forms):
        form = "open" if "open" in forms else "specific"
    elif "choice" in forms:
        form = "choice"
    elif "closed" in forms:
        form = "closed"
    else:
        form = next((f for f in forms if f in ("reflection", "summary")), "statement")
    lower = " ".join(s.text for s in sentences)

    flags: list[Flag] = []

    def add(name: str, reason: str | None) -> None:
        if reason:
            flags.append(Flag(name, FLAG_TITLES[name], f"Flagged because {reason}.", HINTS[name]))

    neg = next((s.neg_start for s in sentences if s.neg_start and s.clauses), "")
    add("leading", _first(_LEADING, lower) or (_NEG_START.format(m=neg) if neg else None))
    n_questions = _count_questions(sentences)
    add(
        "stacked",
        f"it asks {n_questions} questions at once; the client will answer only one"
        if n_questions >= 2
        else None,
    )
    add("hypothetical", _is_hypothetical(sentences, lower))
    add("pitch", _is_pitch(lower))
    terms, reason = _jargon(text)
    add("jargon", reason)
    add("blame_why", _is_blame_why(sentences))

    strengths = tuple(msg for rx, msg in _STRENGTHS if rx.search(lower))
    notes = []
    g = _GENERIC.search(lower)
    if g:
        notes.append(
            f"'{g.group(0)}' invites a general answer; ask about one specific occasion instead."
        )
    n_words = len(text.split())
    if n_words > 25:
        notes.append(f"{n_words} words: shorter questions (about 10 words) are easier to answer.")
    if form in CLOSED_FORMS and flags:  # a clean closed question gets CLEAN_NOTES instead
        notes.append(HINTS["closed"])
    return Feedback(
        original, form, FORM_NOTES[form], tuple(flags), strengths, tuple(notes), tuple(terms)
    )


def split_questions(text: object) -> list[str]:
    """One question per non-blank line (for a Textarea)."""
    if not isinstance(text, str):
        return []
    return [line.strip() for line in text.splitlines() if line.strip()]


def analyse_many(questions: Iterable[object]) -> list[Feedback]:
    return [analyse(q) for q in questions if isinstance(q, str) and q.strip()]


@dataclass(frozen=True)
class Summary:
    total: int  # lines analysed
    questions: int  # of which questions (open or closed)
    open: int
    closed: int
    flag_counts: dict[str, int]
    other_forms: dict[str, int]

    @property
    def percent_open(self) -> float | None:
        return None if not self.questions else 100.0 * self.open / self.questions

    def text(self) -> str:
        if not self.total:
            return "No questions yet."
        parts = [f"{self.questions} question(s): {self.open} open, {self.closed} closed"]
        if self.percent_open is not None:
            parts[0] += f" ({self.percent_open:.0f}% open)"
        flagged = [f"{FLAG_TITLES[k].lower()} {v}" for k, v in self.flag_counts.items() if v]
        parts.append("flags: " + (", ".join(flagged) if flagged else "none"))
        others = [f"{k} {v}" for k, v in self.other_forms.items() if v]
        if others:
            parts.append("not questions: " + ", ".join(others))
        return "; ".join(parts) + "."


def summarise(feedbacks: Sequence[Feedback]) -> Summary:
    """Counts per flag and the share of open questions, for a list of feedbacks."""
    counts = Counter(name for fb in feedbacks for name in fb.flag_names)
    n_open = sum(fb.is_open for fb in feedbacks)
    n_q = sum(fb.is_question for fb in feedbacks)
    others = Counter(fb.form for fb in feedbacks if not fb.is_question)
    return Summary(
        total=len(feedbacks),
        questions=n_q,
        open=n_open,
        closed=n_q - n_open,
        flag_counts={f: counts.get(f, 0) for f in FLAGS},
        other_forms=dict(others),
    )


# --------------------------------------------------------------------------- labelled set

QUESTION_COLUMNS = ("id", "function", "text", "open_closed", *FLAGS, "split")
SPLITS = ("train", "heldout")
_QID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


@dataclass(frozen=True)
class LabelledQuestion:
    id: str
    function: str
    text: str
    open_closed: str
    flags: frozenset[str]
    split: str

    @property
    def labels(self) -> frozenset[str]:
        return frozenset({self.open_closed, *self.flags})


TUNING_FILE = "questions_labelled.csv"
HELDOUT_FILE = "questions_heldout.csv"


def load_labelled_questions(path: str | Path | None = None) -> list[LabelledQuestion]:
    """Read and validate a labelled question file; errors name file, row and column.

    Without ``path``: the tuning set ``data/questions_labelled.csv`` (split ``train``) followed
    by the held-out set ``data/questions_heldout.csv`` (split ``heldout``, written and committed
    before the rules it measures were changed). An id or a question may not appear in both.
    """
    if path is not None:
        return _load_questions(Path(path))
    tuning = _load_questions(_data.data_dir() / TUNING_FILE, "train")
    held_path = _data.data_dir() / HELDOUT_FILE
    held = _load_questions(held_path, "heldout")
    ids = {q.id for q in tuning}
    texts = {" ".join(q.text.lower().split()) for q in tuning}
    for row, q in enumerate(held, start=2):
        if q.id in ids:
            raise DataError(held_path, f"id {q.id!r} is also in {TUNING_FILE}", "renumber it",
                            row, "id")  # fmt: skip
        if " ".join(q.text.lower().split()) in texts:
            raise DataError(
                held_path,
                f"the same question is in {TUNING_FILE}",
                "delete it from the tuning file: a held-out question must be unseen",
                row,
                "text",
            )
    return tuning + held


def _load_questions(path: Path, split: str | None = None) -> list[LabelledQuestion]:
    out: list[LabelledQuestion] = []
    seen_ids: dict[str, int] = {}
    seen_text: dict[str, int] = {}
    for lineno, rec in _data._read_csv(path, QUESTION_COLUMNS):

        def err(column: str, problem: str, fix: str, _line=lineno) -> DataError:
            return DataError(path, problem, fix, row=_line, column=column)

        qid = rec["id"]
        if not _QID.match(qid):
            raise err("id", f"id {qid!r} is not a lowercase slug", "use e.g. q042")
        if qid in seen_ids:
            raise err("id", f"duplicate id {qid!r} (first on row {seen_ids[qid]})", "renumber it")
        if not rec["text"]:
            raise err("text", "the question text is empty", "write the question")
        key = " ".join(rec["text"].lower().split())
        if key in seen_text:
            raise err(
                "text", f"the same question is on row {seen_text[key]}", "delete one of the rows"
            )
        if rec["open_closed"] not in ("open", "closed"):
            raise err(
                "open_closed",
                f"{rec['open_closed']!r} is not 'open' or 'closed'",
                "write open (invites an answer in the client's own words) or closed "
                "(yes/no, or a choice between options you named)",
            )
        flags = set()
        for col in FLAGS:
            value = rec[col].lower()
            if value not in ("yes", "no"):
                raise err(col, f"{rec[col]!r} is not yes or no", "write yes or no")
            if value == "yes":
                flags.add(col)
        if rec["split"] not in SPLITS:
            raise err(
                "split",
                f"{rec['split']!r} is not a split",
                "write train (used to tune the rules) or heldout (used only to measure them)",
            )
        if split is not None and rec["split"] != split:
            raise err(
                "split",
                f"{rec['split']!r} in a file that holds only {split!r} rows",
                f"write {split}, or move the row to the other file",
            )
        seen_ids[qid] = lineno
        seen_text[key] = lineno
        out.append(
            LabelledQuestion(
                qid,
                rec["function"],
                rec["text"],
                rec["open_closed"],
                frozenset(flags),
                rec["split"],
            )
        )
    if not out:
        raise DataError(path, "no questions", "add labelled questions under the header")
    return out


# --------------------------------------------------------------------------- exceptions

EXCEPTIONS_FILE = "coach_exceptions.yaml"


@dataclass(frozen=True)
class CoachException:
    """A question the kit presents one way while the coach's rules say another, with the
    reason (shown to the learner when they type that text into the coach)."""

    text: str
    expected: frozenset[str]  # the flags the kit says it should draw (empty: a good question)
    reason: str


def _key(text: str) -> str:
    return " ".join(_normalise(text).lower().split()).rstrip(" .?!")


def load_exceptions(path: str | Path | None = None) -> dict[str, CoachException]:
    """``data/coach_exceptions.yaml`` keyed by normalised text; errors name file and field."""
    from .yamlfile import FieldError, read_yaml

    path = Path(path) if path is not None else _data.data_dir() / EXCEPTIONS_FILE
    doc = read_yaml(path)
    items = doc.get("exceptions") if isinstance(doc, dict) else None
    if not isinstance(items, list):
        raise FieldError(
            path,
            "exceptions",
            "missing or not a list",
            "write 'exceptions:' followed by a list of entries with text, expected and reason",
        )
    out: dict[str, CoachException] = {}
    for i, item in enumerate(items):
        where = f"exceptions.{i}"
        if not isinstance(item, dict):
            raise FieldError(path, where, "not a mapping", "give text, expected and reason")
        for name in ("text", "reason"):
            if not isinstance(item.get(name), str) or not item[name].strip():
                raise FieldError(path, f"{where}.{name}", "missing or empty", f"write the {name}")
        expected = item.get("expected")
        if expected == "good" or expected == []:
            flags: frozenset[str] = frozenset()
        elif isinstance(expected, list) and expected and set(expected) <= set(FLAGS):
            flags = frozenset(expected)
        else:
            raise FieldError(
                path,
                f"{where}.expected",
                f"{expected!r} is not 'good' or a list of flags",
                f"write good, or a list drawn from: {', '.join(FLAGS)}",
            )
        key = _key(item["text"])
        if key in out:
            raise FieldError(path, f"{where}.text", "the same text is listed twice", "merge them")
        out[key] = CoachException(item["text"].strip(), flags, item["reason"].strip())
    return out


_EXCEPTIONS_CACHE: dict[tuple[str, float], dict[str, CoachException]] = {}


def exception_for(text: object) -> CoachException | None:
    """The recorded exception for this text, if any (a broken file is ignored, never raised)."""
    if not isinstance(text, str) or not text.strip():
        return None
    path = _data.data_dir() / EXCEPTIONS_FILE
    try:
        stamp = (str(path), path.stat().st_mtime)
        if stamp not in _EXCEPTIONS_CACHE:
            _EXCEPTIONS_CACHE.clear()
            _EXCEPTIONS_CACHE[stamp] = load_exceptions(path)
        table = _EXCEPTIONS_CACHE[stamp]
    except (OSError, DataError):
        return None
    return table.get(_key(text[:2000]))


def exception_note(text: object) -> str:
    """The reason to show the learner when the text is a recorded exception, else ''."""
    exc = exception_for(text)
    return exc.reason if exc else ""


# --------------------------------------------------------------------------- warm-up

WARMUP_COLUMNS = ("id", "text", "answer", "why")
WARMUP_ANSWERS = {
    "open": "Open and neutral",
    "closed": "Closed",
    "leading": "Leading",
    "hypothetical": "Hypothetical",
    "pitch": "Solution pitch",
}


@dataclass(frozen=True)
class WarmupItem:
    id: str
    text: str
    answer: str
    why: str


def load_warmup(path: str | Path | None = None) -> list[WarmupItem]:
    """The sorting warm-up (``data/coach_warmup.csv``): a question, its best label, why."""
    path = Path(path) if path is not None else _data.data_dir() / "coach_warmup.csv"
    items: list[WarmupItem] = []
    seen: set[str] = set()
    for lineno, rec in _data._read_csv(path, WARMUP_COLUMNS):
        for col in WARMUP_COLUMNS:
            if not rec[col]:
                raise DataError(path, f"'{col}' is empty", "fill it in", lineno, col)
        if rec["answer"] not in WARMUP_ANSWERS:
            raise DataError(
                path,
                f"unknown answer {rec['answer']!r}",
                f"use one of: {', '.join(WARMUP_ANSWERS)}",
                lineno,
                "answer",
            )
        if rec["id"] in seen:
            raise DataError(path, f"duplicate id {rec['id']!r}", "give each row its own id",
                            lineno, "id")  # fmt: skip
        seen.add(rec["id"])
        items.append(WarmupItem(rec["id"], rec["text"], rec["answer"], rec["why"]))
    if not items:
        raise DataError(path, "no warm-up questions", "add at least one row under the header")
    return items


def check_warmup(item: WarmupItem, choice: str | None) -> tuple[bool | None, str]:
    """(correct?, explanation) for one sorted question; (None, prompt) if nothing chosen."""
    if not choice:
        return None, "Choose the best description first."
    if choice not in WARMUP_ANSWERS:
        return None, "Choose one of the descriptions in the list."
    best = WARMUP_ANSWERS[item.answer]
    if choice == item.answer:
        return True, f"Yes - {item.why}"
    return (
        False,
        f"Not quite: you chose '{WARMUP_ANSWERS[choice]}', the best fit is '{best}'. {item.why}",
    )


@dataclass(frozen=True)
class Score:
    label: str
    support: int  # questions that carry the label
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float | None:
        return None if self.tp + self.fp == 0 else self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return None if self.tp + self.fn == 0 else self.tp / (self.tp + self.fn)


def evaluate(
    questions: Sequence[LabelledQuestion], split: str | None = "heldout"
) -> dict[str, Score]:
    """Per-label precision and recall of the coach on one split (None: all questions)."""
    rows = [q for q in questions if split is None or q.split == split]
    tally = {lab: [0, 0, 0, 0] for lab in LABELS}  # support, tp, fp, fn
    for q in rows:
        predicted = analyse(q.text).labels
        for lab in LABELS:
            truth = lab in q.labels
            said = lab in predicted
            tally[lab][0] += truth
            tally[lab][1] += truth and said
            tally[lab][2] += said and not truth
            tally[lab][3] += truth and not said
    return {lab: Score(lab, *v) for lab, v in tally.items()}


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2f}"


def report_table(questions: Sequence[LabelledQuestion] | None = None) -> str:
    """The Markdown precision/recall table shown in docs/coach.md."""
    questions = questions if questions is not None else load_labelled_questions()
    held = evaluate(questions, "heldout")
    train = evaluate(questions, "train")
    n_held = sum(q.split == "heldout" for q in questions)
    n_train = len(questions) - n_held
    lines = [
        f"| label | held-out precision | held-out recall | held-out support (of {n_held}) "
        f"| train precision | train recall | train support (of {n_train}) |",
        "|---|---|---|---|---|---|---|",
    ]
    for lab in LABELS:
        h, t = held[lab], train[lab]
        lines.append(
            f"| {lab} | {_fmt(h.precision)} | {_fmt(h.recall)} | {h.support} "
            f"| {_fmt(t.precision)} | {_fmt(t.recall)} | {t.support} |"
        )
    return "\n".join(lines)


def evaluation_text(questions: Sequence[LabelledQuestion]) -> str:
    """Precision and recall per label on every given row, then the rows the coach gets wrong."""
    scores = evaluate(questions, None)
    lines = [
        f"{len(questions)} questions",
        "| label | precision | recall | support | tp | fp | fn |",
        "|---|---|---|---|---|---|---|",
    ]
    for lab, sc in scores.items():
        lines.append(
            f"| {lab} | {_fmt(sc.precision)} | {_fmt(sc.recall)} | {sc.support} "
            f"| {sc.tp} | {sc.fp} | {sc.fn} |"
        )
    wrong = []
    for q in questions:
        got = analyse(q.text).labels
        if got != q.labels:
            missed, extra = sorted(q.labels - got), sorted(got - q.labels)
            wrong.append(f'- {q.id} "{q.text}": missed {missed or "-"}, extra {extra or "-"}')
    lines.append("")
    lines.append(f"Misclassified rows ({len(wrong)}):" if wrong else "Misclassified rows: none")
    lines.extend(wrong)
    return "\n".join(lines)


TABLE_START = "<!-- coach-table:start -->"
TABLE_END = "<!-- coach-table:end -->"


def write_docs(path: str | Path) -> None:
    """Replace the table between the markers in ``path`` (docs/coach.md)."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(TABLE_START, 1)
    _, tail = rest.split(TABLE_END, 1)
    path.write_text(f"{head}{TABLE_START}\n{report_table()}\n{TABLE_END}{tail}", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    import argparse

    p = argparse.ArgumentParser(description="Question coach: check questions or report accuracy")
    p.add_argument("questions", nargs="*", help="questions to check")
    p.add_argument("--report", action="store_true", help="print the precision/recall table")
    p.add_argument("--write-docs", metavar="FILE", help="rewrite the table in FILE")
    p.add_argument("--errors", choices=SPLITS, help="list disagreements on one split")
    p.add_argument(
        "--evaluate",
        metavar="CSV",
        help="per-label precision/recall on one labelled file, then every misclassified row",
    )
    args = p.parse_args(argv)
    if args.evaluate:
        print(evaluation_text(load_labelled_questions(args.evaluate)))
    if args.write_docs:
        write_docs(args.write_docs)
    if args.report:
        print(report_table())
    if args.errors:
        for q in load_labelled_questions():
            if q.split != args.errors:
                continue
            got = analyse(q.text).labels
            if got != q.labels:
                missed, extra = sorted(q.labels - got), sorted(got - q.labels)
                print(f"{q.id}: {q.text}\n   missed {missed} extra {extra}")
    for q in args.questions:
        fb = analyse(q)
        print(f"{q}\n  {fb.form_note}")
        for f in fb.flags:
            print(f"  - {f.title}: {f.reason} {f.hint}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
