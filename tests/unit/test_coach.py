"""partnerkit.coach: each flag fires on its cases and not on near misses, every flag is
explained, the limits are stated, odd input never breaks it, and it is measured honestly
on the held-out part of the labelled set."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from growth import assert_growth
from hypothesis import given, settings
from hypothesis import strategies as st

from partnerkit import coach
from partnerkit.journal import Journal
from partnerkit.widgets.coach import feedback_card, question_coach, warmup

ROOT = Path(__file__).resolve().parents[2]

# Fresh examples (not rows of data/questions_labelled.csv), so these tests are independent
# of the measured set.
FORMS = [
    ("What gets in the way when the stock report is late?", "open"),
    ("Talk me through your first hour on a Monday.", "open"),
    ("Could you describe how a refund gets approved?", "open"),
    ("Can I ask how many people touch the file?", "open"),
    ("I was wondering what happens at quarter end.", "open"),
    ("I was wondering if you use the shared drive.", "closed"),
    ("Would you mind walking me through the rota?", "open"),
    ("How many invoices come in by post?", "specific"),
    ("Who signs off a price change?", "specific"),
    ("When the van is late, what happens to the order?", "open"),
    ("Does the depot print the labels?", "closed"),
    ("Can you tell me whether the app stores card numbers?", "closed"),
    ("You send the file every Friday?", "closed"),
    ("Any issues with the new tills?", "closed"),
    ("What hurts more, the delays or the errors?", "choice"),
    ("It sounds like Fridays are the worst day.", "reflection"),
    ("Let me summarise what I have heard so far.", "summary"),
    ("We moved the servers last year.", "statement"),
]


@pytest.mark.parametrize("text, form", FORMS)
def test_form(text, form):
    fb = coach.analyse(text)
    assert fb.form == form, fb
    assert fb.form_note == coach.FORM_NOTES[form]
    assert fb.is_open == (form in ("open", "specific"))
    assert fb.is_question == (form in ("open", "specific", "closed", "choice"))


FLAG_CASES = {
    "leading": (
        [
            "The depot runs late most days, doesn't it?",
            "Don't you think the rota is too complicated?",
            "Surely the buyers check the prices?",
            "How annoying is the approval step?",
            "Most shops have gone paperless already, do you agree?",
            "Wouldn't you agree the forms are too long?",
        ],
        [
            "How does the approval step work for you?",
            "What do the buyers check before a price goes live?",
            "Does the depot ever run late?",
        ],
    ),
    "stacked": (
        [
            "Who books the vans? How do they know the loads?",
            "How do you plan the rota, and who approves it?",
            "What does the form ask for, what happens next, and how long does it take?",
        ],
        [
            "How do you and your deputy plan the rota?",
            "Is the delay in picking or in packing?",
            "Tell me about the last audit and what you learned from it.",
        ],
    ),
    "hypothetical": (
        [
            "Would your buyers use a price-comparison screen?",
            "If you could redesign the close from scratch, what would you change?",
            "Imagine the forms were online. What changes for you?",
            "What would it mean for the shop floor if stock counts were right?",
            "Will the team move offices next spring?",
        ],
        [
            "Would you talk me through the last stock count?",
            "Would you say the team trusts the numbers?",
            "Would it be fair to say the team is stretched?",
            "What happened the last time the count was wrong?",
            # prioritising and goal questions ask about the client's real problems and aims
            "If you could skip one step of the close, which would it be?",
            "If you could fix one thing this quarter, what would it be?",
            "What would a good peak season look like for you?",
            # 'would' in a statement before the question is not the question
            "The van would have been late anyway. What happened next?",
        ],
    ),
    "pitch": (
        [
            "What if we built a portal for supplier invoices?",
            "Have you considered using a shared booking calendar?",
            "Why not just use the new scheduling tool?",
            "We could set up automatic alerts for you, would that help?",
            "Would an app for the drivers help?",
            "Could we maybe look at moving the rota online?",
        ],
        [
            "What have you tried so far?",
            "Have you tried anything else?",
            "Can we set up a short call next week?",
        ],
    ),
    "jargon": (
        [
            "How does the SLA work for your stores?",
            "Does the ZRQ feed arrive on time?",
        ],
        [
            "How does the CEO see the numbers?",
            "WHAT DOES THE BOARD ASK FOR?",
            "What happens when the van is late?",
        ],
    ),
    "blame_why": (
        [
            "Why didn't you tell IT about the new tool?",
            "Why do you keep the list on paper?",
            "Why is the stock count always wrong?",
            "Why did the team buy it without asking anyone?",
        ],
        [
            "Why is that important to you?",
            "Why do you think the counts drift?",
            "What led you to keep the list on paper?",
        ],
    ),
}


@pytest.mark.parametrize("flag", coach.FLAGS)
def test_flag_positive_and_negative_examples(flag):
    positives, negatives = FLAG_CASES[flag]
    for text in positives:
        assert flag in coach.analyse(text).flag_names, f"{flag} missed: {text}"
    for text in negatives:
        assert flag not in coach.analyse(text).flag_names, f"{flag} wrongly fired: {text}"


@pytest.mark.parametrize("flag", coach.FLAGS)
def test_every_flag_is_explained_with_a_rewrite_hint(flag):
    fb = coach.analyse(FLAG_CASES[flag][0][0])
    (f,) = [f for f in fb.flags if f.name == flag]
    assert f.title == coach.FLAG_TITLES[flag]
    assert f.reason.startswith("Flagged because ") and len(f.reason) > 30
    assert f.hint == coach.HINTS[flag] and len(f.hint) > 40


def test_reasons_quote_what_triggered_them():
    assert "surely" in coach.analyse("Surely the buyers check the prices?").flags[0].reason
    jargon = coach.analyse("How does the SLA work for your stores?")
    assert "SLA" in jargon.jargon_terms
    assert "plain words" in jargon.flags[0].reason  # the glossary meaning is offered
    stacked = [f for f in coach.analyse("Who books it? Who pays?").flags if f.name == "stacked"]
    assert "2 questions" in stacked[0].reason


def test_strengths_and_notes():
    good = coach.analyse("Walk me through the last time a delivery was late.")
    assert good.strengths and not good.flags
    generic = coach.analyse("What do you usually do when the report is late?")
    assert any("usually" in n for n in generic.notes)
    closed = coach.analyse("Do you use the portal?")
    assert closed.verdict == coach.CLEAN_NOTES["closed"]
    assert "confirming a fact" in closed.verdict and "neutral" not in closed.verdict
    assert coach.HINTS["closed"] in coach.analyse("Surely you use the portal?").notes
    long_q = coach.analyse("What " + "really " * 30 + "matters?")
    assert any("words" in n for n in long_q.notes)


def test_limits_are_stated():
    text = " ".join(coach.LIMITS).lower()
    assert "heuristic" in text
    assert "purpose matters more than grammar" in text
    assert "rackham" in text and "open or closed made no difference" in text
    assert "docs/coach.md" in text
    assert (ROOT / "docs" / "coach.md").exists()


@pytest.mark.parametrize(
    "text",
    ["", "   \n\t ", None, 42, "🙂🙂", "???", "<b>", "\u200b", "a" * 3, "<<<>>>"],
)
def test_odd_input_never_raises(text):
    fb = coach.analyse(text)
    assert fb.form in coach.FORM_NOTES
    assert isinstance(fb.to_record()["flags"], list)


def test_empty_and_html_input():
    assert coach.analyse("  ").form == "empty"
    fb = coach.analyse("<b>What</b> happens when <i>the</i> feed is late?")
    assert fb.form == "open" and fb.text.startswith("<b>")  # analysed without tags, kept as typed
    card = feedback_card(coach.analyse("<script>alert(1)</script> Is it late?"))
    assert "<script>" not in card and "&lt;script&gt;" in card


def test_curly_quotes_and_unicode():
    assert "leading" in coach.analyse("The app is slow, isn\u2019t it?").flag_names
    assert coach.analyse("Qu\u2019est-ce que c\u2019est ? 🙂").form in coach.FORM_NOTES


def _fill(unit: str, n: int) -> str:
    return (unit * (n // len(unit) + 1))[:n]


ACRONYMS = " ".join(f"Q{a}{b}" for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" for b in "ABCDEF") + " "
HUGE = {  # name -> text of n characters, shaped to stress the coach's patterns
    "letters": lambda n: "a" * n,
    "questions": lambda n: _fill("Why didn't you ask? ", n),
    "words": lambda n: _fill("if we could would surely SLA API ZZZ why still, and what ", n),
    "acronyms": lambda n: _fill(ACRONYMS, n),
    "brackets": lambda n: "<" * (n // 2) + ">" * (n // 2),
    "punctuation": lambda n: _fill(", ; - ? . ", n),
}


@pytest.mark.parametrize("name", sorted(HUGE))
def test_huge_input_cost_grows_linearly(name):
    """Catastrophic backtracking shows as growth: 100,000 characters may cost at most ~20x what
    10,000 cost (tests/growth.py) - a comparison inside this test, so any machine passes it."""
    small, large = HUGE[name](10_000), HUGE[name](100_000)
    assert len(large) == 100_000
    assert_growth(coach.analyse, small, large, what=f"coach.analyse on 10,000 vs 100,000 {name}")


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gives_a_consistent_answer(text):
    fb = coach.analyse(text)
    assert set(fb.flag_names) <= set(coach.FLAGS)
    assert len(set(fb.flag_names)) == len(fb.flag_names)
    assert fb.labels <= set(coach.LABELS)
    assert fb.to_record()["text"] == text


def test_records_and_summary():
    fbs = coach.analyse_many(
        coach.split_questions(
            "What happened last time?\n\n Is it late, right?\nIt sounds like a hard week.\n"
        )
    )
    assert [fb.to_record() for fb in fbs] == [
        {"text": "What happened last time?", "flags": [], "form": "open"},
        {"text": "Is it late, right?", "flags": ["leading"], "form": "closed"},
        {"text": "It sounds like a hard week.", "flags": [], "form": "reflection"},
    ]
    s = coach.summarise(fbs)
    assert (s.total, s.questions, s.open, s.closed) == (3, 2, 1, 1)
    assert s.percent_open == 50.0 and s.flag_counts["leading"] == 1
    assert "50% open" in s.text() and "leading 1" in s.text()
    assert (
        coach.summarise([]).text() == "No questions yet."
        and coach.summarise([]).percent_open is None
    )


# --------------------------------------------------------------------------- measured


def test_held_out_precision_and_recall(record_property):
    questions = coach.load_labelled_questions()
    scores = coach.evaluate(questions, "heldout")
    lines = []
    for lab, s in scores.items():
        lines.append(f"{lab:13} P={s.precision} R={s.recall} n={s.support}")
        record_property(f"{lab}_precision", s.precision)
        record_property(f"{lab}_recall", s.recall)
    print("\nheld-out:\n" + "\n".join(lines))
    for lab in ("open", "closed", "leading"):
        s = scores[lab]
        assert s.support >= 10, f"too few held-out '{lab}' questions to measure"
        assert s.precision >= 0.9 and s.recall >= 0.9, f"{lab}: {s}"
    for lab in ("stacked", "hypothetical", "pitch", "blame_why"):  # issue 10's aim
        s = scores[lab]
        assert s.support >= 10, f"too few held-out '{lab}' questions to measure"
        assert s.precision >= 0.85 and s.recall >= 0.85, f"{lab}: {s}"
    # jargon depends on who is listening (and on the editable glossary): reported in
    # docs/coach.md with its misses, required only to be measurable
    assert scores["jargon"].support >= 10


def test_known_misses_are_listed():
    """docs/coach.md lists exactly the held-out rows the coach gets wrong today."""
    doc = (ROOT / "docs" / "coach.md").read_text(encoding="utf-8")
    block = doc.split("<!-- coach-misses:start -->")[1].split("<!-- coach-misses:end -->")[0]
    listed = set(re.findall(r"^- `(h\d+)`", block, flags=re.M))
    wrong = {
        q.id
        for q in coach.load_labelled_questions()
        if q.split == "heldout" and coach.analyse(q.text).labels != q.labels
    }
    assert listed == wrong, f"docs list {sorted(listed)}, the coach misses {sorted(wrong)}"


def test_evaluate_command_prints_scores_and_misses(capsys):
    coach.main(["--evaluate", str(ROOT / "data" / "questions_heldout.csv")])
    out = capsys.readouterr().out
    assert re.match(r"\d+ questions\n", out)
    assert "| pitch |" in out and "Misclassified rows" in out


def test_evaluate_counts_errors():
    q = [
        coach.LabelledQuestion("a", "x", "Is it late?", "open", frozenset(), "heldout"),
        coach.LabelledQuestion("b", "x", "Why didn't you ask?", "open", frozenset(), "heldout"),
        coach.LabelledQuestion("c", "x", "Who pays?", "open", frozenset({"pitch"}), "train"),
    ]
    s = coach.evaluate(q, "heldout")
    assert (s["open"].tp, s["open"].fn, s["closed"].fp) == (1, 1, 1)
    assert s["blame_why"].fp == 1 and s["blame_why"].precision == 0.0
    assert s["pitch"].support == 0 and s["pitch"].recall is None
    assert coach.evaluate(q, None)["pitch"].fn == 1


def test_docs_table_matches_the_measurement():
    """docs/coach.md shows what the coach measures today. The jargon row depends on the
    editable glossary, so only its presence is checked; regenerate with
    `.venv/bin/python -m partnerkit.coach --write-docs docs/coach.md`."""
    doc = (ROOT / "docs" / "coach.md").read_text(encoding="utf-8")
    block = doc.split(coach.TABLE_START)[1].split(coach.TABLE_END)[0]
    shown = {line.split("|")[1].strip(): line for line in block.strip().splitlines()[2:]}
    fresh = coach.report_table().splitlines()
    assert block.strip().splitlines()[0] == fresh[0]
    for line in fresh[2:]:
        lab = line.split("|")[1].strip()
        assert lab in shown, f"docs/coach.md lacks the '{lab}' row"
        if lab != "jargon":
            assert shown[lab] == line, "docs/coach.md is stale: regenerate it (see docstring)"


# --------------------------------------------------------------------------- widgets


def test_coach_widget_feedback_tally_and_journal(tmp_journal):
    box = question_coach()
    assert "Type your questions" in box.results.value
    box.textarea.value = "Why didn't you <b>ask</b> IT?\nWhat happened last time?\n\n"
    box.check.click()
    assert "&lt;b&gt;ask&lt;/b&gt;" in box.results.value and "<b>ask" not in box.results.value
    assert "blame" in box.results.value.lower()
    assert "2 question(s): 2 open, 0 closed (100% open)" in box.tally.value
    saved = Journal(tmp_journal).get("ex.coach.questions")
    assert saved == [
        {"text": "Why didn't you <b>ask</b> IT?", "flags": ["blame_why"], "form": "open"},
        {"text": "What happened last time?", "flags": [], "form": "open"},
    ]
    again = question_coach()  # a kernel restart + Run All
    assert again.textarea.value.splitlines() == [r["text"] for r in saved]
    assert "2 question(s)" in again.tally.value
    again.clear.click()
    assert Journal(tmp_journal).get("ex.coach.questions") == []


def test_coach_widget_survives_huge_paste(tmp_journal):
    box = question_coach()
    box.textarea.value = "\n".join(f"Is line {i} late?" for i in range(500)) + "\n" + "x" * 5000
    box.check.click()
    assert "Showing the first" in box.results.value
    saved = Journal(tmp_journal).get("ex.coach.questions")
    assert len(saved) == 100 and all(len(r["text"]) <= 500 for r in saved)


def test_warmup_widget_explains_and_restores(tmp_journal):
    items = coach.load_warmup()
    box = warmup()
    box.check.click()
    assert "Choose the best description" in box.outs[items[0].id].value
    right, wrong = items[0], items[1]
    box.pickers[right.id].value = right.answer
    box.pickers[wrong.id].value = next(a for a in coach.WARMUP_ANSWERS if a != wrong.answer)
    box.check.click()
    assert "Yes - " in box.outs[right.id].value
    assert "Not quite" in box.outs[wrong.id].value
    assert re.search(r"1 of \d+ sorted", box.score.value)
    again = warmup()
    assert again.pickers[right.id].value == right.answer
    assert "Yes - " in again.outs[right.id].value


# --------------------------------------------------------------------------- issue 10 rules
# Fresh examples, none of them rows of the labelled sets except the near-misses the issue
# names. Each rule: cases that must draw the flag, and near-misses that must not.

NEW_RULES = {
    "demo or tool offer": (
        "pitch",
        [
            "Can I demo the scheduling app for you?",
            "Would you like to see a demo of the portal?",
            "Shall I show you how the new booking tool works?",
            "Can I walk you through our new expense app?",
        ],
        [
            "What did you see at the demo last week?",
            "Could you show me the rota?",
            "Can I show you what I wrote down, to check I got it right?",
            "Did the vendor give you a demo?",
        ],
    ),
    "have you seen our / did you know our": (
        "pitch",
        [
            "Have you seen our new booking site?",
            "Did you know our team already built a rota app?",
            "Have you tried the new room-booking tool?",
        ],
        [
            "Have you seen the report the auditors sent?",
            "Have you seen the complaint from the Leeds store?",
            "Did you know about the audit before it started?",
        ],
    ),
    "our X already does": (
        "pitch",
        [
            "Our intranet already does room booking. Did you know?",
            "Our service desk tool already handles that, you know?",
            "Our reporting suite handles exactly this. Interested?",
        ],
        ["Our last meeting ran over. Where were we?", "Who in our team did you speak to?"],
    ),
    "X would fix it / X fixes this": (
        "pitch",
        [
            "A shared calendar would fix that. Shall we try?",
            "The new app fixes exactly this, you know?",
            "Better search would solve it, surely?",
            "The booking module will handle the overflow. Fine?",
        ],
        [
            "Who fixes it when the printer jams?",
            "What would fix this from your side?",
            "How do you fix it today?",
            "Does someone fix it by hand every week?",
        ],
    ),
    "can we just move to": (
        "pitch",
        [
            "Can we just move the rota to the cloud?",
            "Can't we just switch the stores to the new tills?",
            "Could the buyers just use the supplier portal?",
        ],
        [
            "Can we just go back to what you said about Fridays?",
            "Can we set up a call next week?",
            "Could you just tell me what happened on Monday?",
        ],
    ),
    "two questions joined by 'and'": (
        "stacked",
        [
            "How do you book the vans and who pays for them?",
            "What does the form ask for and how long does it take to fill in?",
            "Do the stores count stock weekly and does anyone check it?",
        ],
        [
            "How do you and your deputy split the rota?",
            "Tell me about the last audit and what you learned from it.",
            "What happens between the order and the delivery?",
            "When something breaks, who do you call?",
        ],
    ),
    "a preamble, reflection or summary before one question": (
        "stacked",
        [
            "What happens at the desk? Who decides on refunds?",
            "Tell me about the rota. Who approves it?",
        ],
        [
            "So what I'm hearing is that the rota depends on Ana. Is that right?",
            "It sounds like Mondays are hard. What happened last Monday?",
            "I'd like to understand the returns desk. How does a return start?",
            "Can I ask something awkward? What went wrong with the last project?",
            "To recap, the close takes eight days. Have I got that right?",
        ],
    ),
    "prioritising and goal questions are not hypothetical": (
        "hypothetical",
        [
            "If you could redesign the rota from scratch, what would you change?",
            "If you had a magic wand, what would you fix?",
            "Would your team use a booking app?",
            "In five years, what will the depot look like?",
        ],
        [
            "If you could fix one thing this quarter, what would it be?",
            "If you could change just one step of the close, which would you pick?",
            "What would a good month-end look like for your team?",
            "What would make the launch go well for you?",
            "The van would have been late anyway. What happened next?",
        ],
    ),
    "a statement of the expected answer is leading": (
        "leading",
        ["Could the pickers just scan at the door? That would be quickest."],
        ["Which would be quickest for the pickers, scanning at the door or at the shelf?"],
    ),
    "mixed-case acronyms are jargon": (
        "jargon",
        ["Does the IoT feed reach the depot?", "Is the rota app SaaS or on our servers?"],
        ["Is the McKay order late?", "Is the order for Mr Li late?"],
    ),
}


@pytest.mark.parametrize("rule", sorted(NEW_RULES))
def test_issue_10_rules_with_near_misses(rule):
    flag, positives, negatives = NEW_RULES[rule]
    for text in positives:
        assert flag in coach.analyse(text).flag_names, f"{rule}: {flag} missed: {text}"
    for text in negatives:
        assert flag not in coach.analyse(text).flag_names, f"{rule}: {flag} fired: {text}"


def test_issue_10_quoted_examples():
    """The examples quoted in issue 10, with what the coach says now."""
    expect = {
        "Could I show you a quick demo?": ("closed", ("pitch",)),
        "Have you seen our headless commerce roadmap?": ("closed", ("pitch",)),
        "Our reporting platform already does dashboards. Did you know?": ("closed", ("pitch",)),
        "How do you handle invoices today and what does that cost you?": ("open", ("stacked",)),
        "So what I'm hearing is that Ines holds it together. Is that right?": ("closed", ()),
        "If you could fix one thing this quarter, what would it be?": ("open", ()),
    }
    for text, (form, flags) in expect.items():
        fb = coach.analyse(text)
        assert ("open" if fb.is_open else fb.form, fb.flag_names) == (form, flags), text


@pytest.mark.parametrize(
    "text",
    [
        "Is there anything I should have asked?",
        "Who else should I talk to?",
        "What should I have asked you that I didn't?",
        "Is there anyone else I should speak to about this?",
    ],
)
def test_good_closers_are_strengths(text):
    fb = coach.analyse(text)
    assert not fb.flags
    assert any("closer" in s for s in fb.strengths), fb.strengths


def test_not_every_who_else_is_a_closer():
    fb = coach.analyse("Who else uses the portal?")
    assert not any("closer" in s for s in fb.strengths)
    assert any("prioritising" in s for s in coach.analyse(
        "If you could fix one thing this quarter, what would it be?").strengths)  # fmt: skip


def test_clean_questions_get_a_verdict_never_clear_neutral():
    closed = coach.analyse("Did the van arrive on time?")
    assert closed.verdict == coach.CLEAN_NOTES["closed"]
    assert "confirming a fact" in closed.verdict and "checking a summary" in closed.verdict
    assert coach.analyse("What happened at the depot?").verdict == coach.CLEAN_NOTES["open"]
    assert coach.analyse("Surely the van was late?").verdict == ""  # flagged: no verdict
    assert coach.analyse("It sounds like a hard week.").verdict == ""  # not a question
    for text in ("Did the van arrive on time?", "What happened at the depot?"):
        card = feedback_card(coach.analyse(text))
        assert "clear, neutral" not in card and "pk-coach-verdict" in card


def test_labelled_sets_keep_held_out_apart(tmp_path, monkeypatch):
    qs = coach.load_labelled_questions()
    held = [q for q in qs if q.split == "heldout"]
    tuning = [q for q in qs if q.split == "train"]
    assert len(held) >= 100 and len(tuning) + len(held) >= 300
    assert not {q.text.lower() for q in held} & {q.text.lower() for q in tuning}
    # the loader refuses a held-out question that is also in the tuning file
    head = ",".join(coach.QUESTION_COLUMNS)
    row = "{id},finance,{text},open,no,no,no,no,no,no,{split}"
    (tmp_path / coach.TUNING_FILE).write_text(
        f"{head}\n" + row.format(id="q1", text="Who signs it?", split="train") + "\n"
    )
    (tmp_path / coach.HELDOUT_FILE).write_text(
        f"{head}\n" + row.format(id="h1", text="who signs it?", split="heldout") + "\n"
    )
    monkeypatch.setattr(coach._data, "data_dir", lambda: tmp_path)
    with pytest.raises(coach.DataError, match="held-out question must be unseen"):
        coach.load_labelled_questions()
    (tmp_path / coach.HELDOUT_FILE).write_text(
        f"{head}\n" + row.format(id="h1", text="When?", split="train") + "\n"
    )
    with pytest.raises(coach.DataError, match="holds only 'heldout' rows"):
        coach.load_labelled_questions()
