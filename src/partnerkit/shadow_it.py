"""Claim C5: IT "scrambling to meet the varied and unique needs of their clients" and
creating "situations that are challenging to support and maintain".

Gartner's April 2016 research note gives three figures on business-unit and shadow IT. They
have three different bases (enterprises, IT organisations, IT-enabled transformations), so
each is its own measure on the chart, never one series.
"""

from __future__ import annotations

from .charts import PALETTE, Chart
from .data import stat
from .grouped_charts import Series, grouped_bar_chart

SHADOW_IDS = (
    "gartner_shadow_it_comfortable_2016",
    "gartner_shadow_it_complexity_2016",
    "gartner_bu_funded_transformations_2016",
)
_PARTS = (
    ("Enterprises comfortable with some shadow IT", "Comfortable with<br>some shadow IT",
     "Of enterprises", PALETTE[2]),
    ("IT organisations reporting more complexity", "Report higher<br>complexity",
     "Of IT organisations", PALETTE[5]),
    ("IT-enabled transformations funded by business units", "Funded by<br>business units",
     "Of IT-enabled<br>transformations", PALETTE[0]),
)  # fmt: skip

# IDC's definition, quoted from its February 2016 press release (see data/statistics.csv rows
# idc_lob_funded_*: same page).
IDC_SHADOW_IT_DEFINITION = (
    "Shadow IT projects are funded from the functional area budget without the knowledge, "
    "involvement or support of the IT department."
)


def shadow_it_chart() -> Chart:
    """Gartner 2016: three figures on business-unit and shadow IT, three different bases."""
    stats = [stat(i) for i in SHADOW_IDS]
    series = [
        Series(name, (s,), (label,), (group,), color)
        for (name, label, group, color), s in zip(_PARTS, stats, strict=True)
    ]
    comfortable, complexity, funded = stats
    return grouped_bar_chart(
        series,
        title="Business-unit and shadow IT, 2016: three figures, three different bases",
        yaxis_title="% of each group",
        takeaway=(
            f"About half of enterprises ({comfortable.formatted()}) are comfortable with some "
            f"shadow IT and business units fund {funded.formatted()} of IT-enabled "
            f"transformations, yet {complexity.formatted()} of IT organisations say it makes "
            "IT more complex, echoing the column's \u201cchallenging to support and "
            "maintain\u201d."
        ),
    )
