"""Notebook 08: the exit ticket - explained checks, question heuristics, odd input, the widget
and the journal contract."""

from __future__ import annotations

import pytest

from partnerkit import exit_ticket as et
from partnerkit.journal import Journal
from partnerkit.widgets.exit_ticket import exit_ticket, feedback_html_for, plan_html

GOOD = {
    "who": "Dana Okafor, head of customer service",
    "when": "Tuesday 14 May, 10:00",
    "listen_for": "what slows her agents down, and what customers complain about",
    "promise": "send her a one-page summary by Wednesday noon",
    "questions": (
        "1. What does a busy morning look like for your agents?\n"
        "- Could you walk me through the last time the system let you down?\n"
        "* How do your customers tell you something is wrong?\n"
    ),
}


def levels(checks, field):
    return [c.level for c in checks if c.field == field]


def test_a_complete_plan_is_ready_and_normalised():
    checks = et.check(GOOD)
    assert et.ready(checks) and "complete" in et.summary(checks)
    t = et.normalise(GOOD)
    assert set(t) == {"who", "when", "listen_for", "promise", "questions"}
    assert t["questions"] == [
        "What does a busy morning look like for your agents?",
        "Could you walk me through the last time the system let you down?",
        "How do your customers tell you something is wrong?",
    ]


@pytest.mark.parametrize(
    "when",
    ["Tuesday", "next week", "2026-05-14", "14/5", "by 14 May", "at 3pm", "10:30", "tomorrow"],
)
def test_days_and_dates_count_as_when(when):
    assert levels(et.check({**GOOD, "when": when}), "when") == ["ok"]


@pytest.mark.parametrize("when", ["", "soon", "when I have time", "ASAP"])
def test_missing_or_vague_when_must_be_fixed_with_a_reason(when):
    checks = et.check({**GOOD, "when": when})
    (c,) = [c for c in checks if c.field == "when"]
    assert c.level == "fix" and ("day" in c.message or "date" in c.message)
    assert not et.ready(checks)


def test_vague_who_and_undated_promise_are_tips_not_blockers():
    checks = et.check({**GOOD, "who": "the business", "promise": "send a summary"})
    assert levels(checks, "who") == ["tip"] and levels(checks, "promise") == ["tip"]
    assert et.ready(checks)


@pytest.mark.parametrize("use_coach", [True, False], ids=["coach", "fallback rule"])
@pytest.mark.parametrize(
    "question, kind",
    [
        ("What slows your team down?", "open"),
        ("Tell me about your busiest day?", "open"),
        ("Could you describe how an order reaches you?", "open"),
        ("Do you like the new reports?", "closed"),
        ("Isn't the system slow?", "closed"),
        ("Would you use a dashboard?", "closed"),
        ("Tell me about your day.", "not a question"),
    ],
)
def test_question_kinds(question, kind, use_coach):
    assert et.classify_question(question, use_coach).kind == kind


def test_fallback_rule_notes_explain_themselves():
    closed = et.classify_question("Is the SLA ok or too slow?", use_coach=False)
    assert any("yes or no" in n for n in closed.notes)
    assert any("choice" in n for n in closed.notes)
    assert any("\u201cSLA\u201d" in n for n in closed.notes)  # jargon, with its meaning
    why = et.classify_question("Why did you stop?", use_coach=False)
    assert any("blame" in n for n in why.notes)
    pitch = et.classify_question("What do you think of our new CRM tool?", use_coach=False)
    assert any("self-orientation" in n for n in pitch.notes)
    leading = et.classify_question("Surely that hurts?", use_coach=False)
    assert any("leading" in n for n in leading.notes)
    clean = et.classify_question("What happens when orders arrive late?", use_coach=False)
    assert clean.notes == ()


def test_the_question_coach_explains_when_it_is_there():
    coach = pytest.importorskip("partnerkit.coach")
    q = "Have you heard of our self-service portal?"
    fb = coach.analyse(q)
    got = et.classify_question(q)
    assert got.kind == ("open" if fb.is_open else "closed")
    for flag in fb.flags:  # every flag the coach raises reaches the learner, with its reason
        assert any(flag.reason in n and flag.hint in n for n in got.notes)
    assert fb.flags, "the coach should flag a pitch like this one"
    assert any("yes or no" in n for n in got.notes)


def test_a_failing_coach_falls_back_to_the_simple_rule(monkeypatch):
    class Broken:
        @staticmethod
        def analyse(text):
            raise RuntimeError("boom")

    monkeypatch.setattr(et, "_coach", Broken)
    got = et.classify_question("Do you like the new reports?")
    assert got == et.classify_question("Do you like the new reports?", use_coach=False)
    monkeypatch.setattr(et, "_coach", None)
    assert et.classify_question("What slows you down?").kind == "open"


def test_too_few_questions_or_too_few_open_ones_must_be_fixed():
    checks = et.check({**GOOD, "questions": "What slows you down?"})
    assert "you have 1" in next(c.message for c in checks if c.level == "fix")
    closed = "Do you like it?\nIs it slow?\nCan we help?\nWhat slows you down?"
    checks = et.check({**GOOD, "questions": closed})
    assert any("at least 3 of your questions open (you have 1)" in c.message for c in checks)
    assert not et.ready(checks)
    many = "\n".join(f"What is step {i}?" for i in range(7))
    assert any(
        c.level == "tip" and "7 questions" in c.message
        for c in et.check({**GOOD, "questions": many})
    )


@pytest.mark.parametrize("values", [None, {}, {"who": 5, "questions": 7}, {"questions": [1, None]}])
def test_odd_input_gives_feedback_not_an_error(values):
    checks = et.check(values)
    assert {c.field for c in checks} == {"who", "when", "listen_for", "promise", "questions"}
    assert not et.ready(checks)
    assert et.normalise(values)["questions"] == []


def test_huge_input_is_handled():
    huge = "What slows you down? " * 5000  # about 100,000 characters on one line
    checks = et.check({**GOOD, "who": huge, "questions": huge + "\n" + GOOD["questions"]})
    assert checks and len(et.normalise({"questions": huge})["questions"][0]) <= et.MAX_FIELD_CHARS
    assert len(feedback_html_for({**GOOD, "who": huge})) < 60_000
    assert len(plan_html({**GOOD, "who": huge})) < 10_000


@pytest.mark.parametrize("attack", ["<script>alert(1)</script>", '<img src=x onerror="alert(1)">'])
def test_learner_text_is_escaped(attack):
    values = {**GOOD, "who": attack, "questions": attack + "?\n" + GOOD["questions"]}
    for page in (feedback_html_for(values), plan_html(values)):
        assert "<script" not in page and "<img" not in page and "&lt;" in page


# --------------------------------------------------------------------------- widget


def test_widget_checks_saves_in_the_contract_shape_and_restores(tmp_journal):
    box = exit_ticket()
    assert "Write your plan" in box.feedback.value
    for field, value in GOOD.items():
        box.boxes[field].value = value
    saved = Journal(tmp_journal).get("08.exit_ticket")
    assert saved == et.normalise(GOOD)
    assert isinstance(saved["questions"], list) and len(saved["questions"]) == 3
    box.button.click()
    assert "Your plan is complete" in box.feedback.value
    assert "Dana Okafor" in box.plan.value
    again = exit_ticket()  # kernel restart + Run All
    assert again.boxes["who"].value == GOOD["who"]
    assert again.boxes["questions"].value.splitlines() == saved["questions"]
    assert "Your plan is complete" in again.feedback.value


def test_widget_feedback_names_what_to_fix(tmp_journal):
    box = exit_ticket()
    box.boxes["who"].value = "Dana"
    box.boxes["questions"].value = "Do you like the reports?"
    before = box.feedback.value
    box.boxes["when"].value = "soon"
    assert box.feedback.value == before  # no feedback until the learner asks for it
    box.button.click()
    assert "To do" in box.feedback.value and "Add a day or a date" in box.feedback.value
    assert "yes or no" in box.feedback.value
    box.boxes["when"].value = "Friday"  # after a check, feedback follows every edit
    assert "Add a day or a date" not in box.feedback.value
    assert "There is a day or date" in box.feedback.value


def test_static_mode(monkeypatch):
    monkeypatch.setenv("PARTNERKIT_STATIC", "1")
    shown = []
    monkeypatch.setattr("partnerkit.widgets.exit_ticket.display", shown.append)
    assert exit_ticket() is None and "live notebook" in shown[0].data
