from partnerkit.data import GlossaryEntry
from partnerkit.jargon import find_jargon, find_outcomes

ENTRIES = [
    GlossaryEntry("MTTR", "jargon", "time to fix", ("mean time to repair",)),
    GlossaryEntry("SLA", "jargon", "promised service level", ()),
    GlossaryEntry("repair", "jargon", "fix", ()),
    GlossaryEntry("customer", "outcome", "", ("customers",)),
]


def test_finds_terms_aliases_and_variants_in_order():
    text = "sla breached; Mean-time-to-repair up; customers unhappy"
    found = find_jargon(text, ENTRIES)
    assert [(m.term, m.found) for m in found] == [("SLA", "sla"), ("MTTR", "Mean-time-to-repair")]
    assert found[0].plain_meaning == "promised service level"
    assert text[found[1].start : found[1].end] == "Mean-time-to-repair"
    assert [m.term for m in find_outcomes(text, ENTRIES)] == ["customer"]


def test_word_boundaries_and_empty_text():
    assert find_jargon("SLAs are not SLAB", ENTRIES) == []
    assert find_jargon("", ENTRIES) == [] and find_jargon("   ", ENTRIES) == []
    assert [m.term for m in find_jargon("repair it", ENTRIES)] == ["repair"]


def test_shipped_glossary_is_used_by_default():
    assert {m.term for m in find_jargon("The P2 incident broke the SLA")} == {
        "P2",
        "incident",
        "SLA",
    }
