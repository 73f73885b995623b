"""The one helper every widget uses to echo learner text."""

from partnerkit.learner_text import FSI, PDI, learner_html, learner_plain, strip_bidi_controls

RLO = "\u202e"


def test_override_cannot_leak_out_of_html():
    out = learner_html(f"abc{RLO}def<script>alert(1)</script>")
    assert RLO not in out
    assert out.startswith("<bdi") and out.endswith("</bdi>")
    assert "<script>" not in out and "&lt;script&gt;" in out


def test_learner_cannot_close_the_isolate_early():
    out = learner_plain(f"x{PDI}{RLO}y")
    assert out == f"{FSI}xy{PDI}"


def test_marks_and_real_rtl_text_kept():
    arabic = "\u0645\u0631\u062d\u0628\u0627\u200f"
    assert strip_bidi_controls(arabic) == arabic
    assert arabic in learner_html(arabic)


def test_empty_and_none():
    assert learner_plain("") == ""
    assert learner_plain(None) == ""
    assert learner_html(None) == '<bdi class="pk-learner-text"></bdi>'
