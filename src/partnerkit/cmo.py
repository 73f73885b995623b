"""A prediction and the evidence: "By 2017 the CMO will spend more on IT than the CIO".

Gartner's Laura McLellan made the prediction (the original document and its date were not
found; the earliest archived mention is from February 2012). It became a talking point for
"technology money leaving IT". This module sets it against the evidence we could verify:

* Gartner's own 2016 check: CMOs' technology spend against CIOs' IT spend, as a share of
  revenue, from two *different* Gartner data sets;
* marketing budgets as a share of revenue, 2016 and 2017 (one survey);
* marketing technology as a share of the marketing budget, from two survey editions, and the
  2017 cut (a relative change, so it is reported in words, not drawn as a bar).

The kit's reading: the evidence is mixed and the comparison is loose; the prediction did not
clearly come true.
"""

from __future__ import annotations

from .charts import PALETTE, Chart
from .data import stat
from .grouped_charts import Series, grouped_bar_chart

PREDICTION = "By 2017 the CMO will spend more on IT than the CIO"
PREDICTION_SOURCE = (
    "Gartner (Laura McLellan), as quoted by CIO.com (John Dodge, 30 October 2013); the "
    "original Gartner document and its date were not found."
)

VERDICTS = {
    "came_true": "Yes: by 2017 CMOs outspent CIOs on technology",
    "did_not": "No: CIOs still spent more",
    "unsettled": "The evidence cannot settle it",
}

EVIDENCE = {
    "check_2016": "Gartner's 2016 check",
    "budgets": "Marketing budgets, 2016-2017",
    "martech": "Marketing technology's share",
}

EVIDENCE_IDS = {
    "check_2016": (
        "gartner_cmo_tech_spend_pct_revenue_2016",
        "gartner_cio_it_spend_pct_revenue_2016",
    ),
    "budgets": (
        "gartner_marketing_budget_pct_revenue_2016",
        "gartner_marketing_budget_pct_revenue_2017",
    ),
    "martech": (
        "gartner_martech_share_of_marketing_2016",
        "gartner_martech_change_2017",
        "gartner_martech_share_of_marketing_2018",
    ),
}


def _pct(stat_id: str) -> str:
    return stat(stat_id).formatted()


def _cut(stat_id: str) -> str:
    """A negative '% change' as the size of the cut, e.g. -15 -> '15%'."""
    return f"{abs(stat(stat_id).value):g}%"


def evidence_chart(view: str = "check_2016") -> Chart:
    """One piece of evidence as a chart."""
    if view not in EVIDENCE:
        raise ValueError(f"unknown evidence {view!r}; choose one of {', '.join(EVIDENCE)}")
    if view == "check_2016":
        cmo, cio = (stat(i) for i in EVIDENCE_IDS[view])
        return grouped_bar_chart(
            [
                Series(
                    "CMOs' technology spend (CMO survey)",
                    (cmo,),
                    ("CMOs<br>2016",),
                    ("2016: two different<br>Gartner data sets",),
                    PALETTE[1],
                ),
                Series(
                    "CIOs' IT spend (CIO budget data)",
                    (cio,),
                    ("CIOs<br>2016",),
                    ("2016: two different<br>Gartner data sets",),
                    PALETTE[0],
                ),
            ],  # fmt: skip
            title="Gartner's own check: technology spend as % of company revenue",
            yaxis_title="% of company revenue",
            y_range=(0, 4.5),
            takeaway=(
                f"In 2016 CMOs' technology spend ({cmo.formatted()} of revenue) was close to "
                f"CIOs' IT spend ({cio.formatted()}) but still below it, and the two figures "
                "come from different surveys, not the same companies."
            ),
        )
    if view == "budgets":
        b16, b17 = (stat(i) for i in EVIDENCE_IDS[view])
        return grouped_bar_chart(
            [
                Series(
                    "Gartner CMO Spend Survey 2017-2018 (one survey)",
                    (b16, b17),
                    ("2016", "2017"),
                    ("Marketing budget<br>(same survey, two years)",) * 2,
                    PALETTE[1],
                ),
            ],  # fmt: skip
            title="Marketing budgets shrank: % of company revenue",
            yaxis_title="Marketing budget, % of revenue",
            y_range=(0, 14),
            takeaway=(
                f"Marketing budgets fell from {b16.formatted()} of revenue in 2016 to "
                f"{b17.formatted()} in 2017. On its own that says nothing about technology: "
                "what marketing spends on it depends on the share of the budget it gets."
            ),
        )
    s16, change, s18 = (stat(i) for i in EVIDENCE_IDS[view])
    return grouped_bar_chart(
        [
            Series(
                "2017-2018 CMO Spend Survey",
                (s16,),
                ("2016",),
                ("Share of the marketing budget<br>(two survey editions)",),
                PALETTE[1],
            ),
            Series(
                "2018-2019 CMO Spend Survey",
                (s18,),
                ("2018",),
                ("Share of the marketing budget<br>(two survey editions)",),
                PALETTE[5],
            ),
        ],  # fmt: skip
        title="Marketing technology as % of the marketing budget",
        yaxis_title="% of the marketing budget",
        y_range=(0, 35),
        takeaway=(
            f"Martech was {s16.formatted()} of the marketing budget in 2016, its spending was "
            f"cut by {_cut(change.id)} in 2017, and it was {s18.formatted()} of the marketing "
            "expense budget in 2018: a share of marketing's money, not a race with the CIO."
        ),
    )


def evidence_note(view: str) -> str:
    """Plain text: what this evidence says about the prediction."""
    if view == "check_2016":
        return (
            "Gartner's own analyst read this as 'yes, CMOs will likely' outspend CIOs by 2017. "
            f"But in 2016 CMOs were at {_pct('gartner_cmo_tech_spend_pct_revenue_2016')} of "
            f"revenue against CIOs' {_pct('gartner_cio_it_spend_pct_revenue_2016')}: still "
            "below. And the two numbers come from different data sets, so this is not a "
            "like-for-like race."
        )
    if view == "budgets":
        return (
            "Marketing budgets shrank, from "
            f"{_pct('gartner_marketing_budget_pct_revenue_2016')} to "
            f"{_pct('gartner_marketing_budget_pct_revenue_2017')} of revenue. That alone does "
            "not tell you what marketing spent on technology: a smaller budget can still give "
            "technology a larger share, and the next evidence shows that share rising, from "
            f"{_pct('gartner_martech_share_of_marketing_2016')} in 2016 to "
            f"{_pct('gartner_martech_share_of_marketing_2018')} in 2018. Nor does it measure "
            "CIO spending at all, so on its own it cannot settle the prediction."
        )
    if view == "martech":
        return (
            f"Martech spending was cut by {_cut('gartner_martech_change_2017')} in 2017 (a "
            "relative change, not percentage points), then rose again as a share, to "
            f"{_pct('gartner_martech_share_of_marketing_2018')} in 2018 (a different survey "
            "edition). A share of the marketing budget says nothing direct about whether CMOs "
            "out-spent CIOs."
        )
    raise ValueError(f"unknown evidence {view!r}; choose one of {', '.join(EVIDENCE)}")


def verdict_feedback(choice: str) -> tuple[str, str]:
    """(kind, message) for the learner's verdict on the prediction."""
    cmo = _pct("gartner_cmo_tech_spend_pct_revenue_2016")
    cio = _pct("gartner_cio_it_spend_pct_revenue_2016")
    cut = _cut("gartner_martech_change_2017")
    if choice == "came_true":
        return (
            "try-again",
            f"The evidence does not show that. Gartner's own 2016 check put CMOs at {cmo} of "
            f"revenue against CIOs' {cio}, still below, and in 2017 marketing budgets shrank and "
            f"martech spending was cut by {cut}. The prediction became a talking point; it did "
            "not clearly come true.",
        )
    if choice == "did_not":
        return (
            "partly",
            f"Partly supported: in 2016 CMOs were still below CIOs ({cmo} against {cio} of "
            "revenue), and marketing cut back in 2017. But the CMO and CIO figures come from "
            "different surveys and no like-for-like 2017 comparison was found, so a firm 'no' "
            "goes as far beyond the evidence as a firm 'yes'.",
        )
    if choice == "unsettled":
        return (
            "good",
            f"That is the kit's reading. The one direct comparison ({cmo} against {cio} of "
            "revenue, 2016) uses two different data sets, and the later evidence is about "
            f"marketing budgets (down) and martech (cut by {cut}, then a larger share). The "
            "evidence leans against the prediction but cannot settle it.",
        )
    raise ValueError(f"unknown verdict {choice!r}; choose one of {', '.join(VERDICTS)}")


def summary_lines() -> list[str]:
    """Every figure used in this explorer, one plain line each."""
    lines = []
    for view in EVIDENCE:
        for sid in EVIDENCE_IDS[view]:
            s = stat(sid)
            lines.append(f"{s.year}  {s.formatted():<6} {s.unit}")
    return lines
