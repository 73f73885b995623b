"""Claim C2: 'the majority of technology spending (68%) is now coming from budgets outside
of IT, a significant increase from 47% in 2014' - as the column words it, and as PwC did."""

from __future__ import annotations

from .charts import PALETTE, Chart, bar_chart
from .data import stat

VIEWS = {
    "column": (
        ("column_outside_it_2014", "column_outside_it_2015"),
        "As the column words it",
        "The column reports a jump from 47% to 68%; the 47 appears in no PwC text we could find.",
    ),
    "source": (
        ("pwc_outside_cio_2014", "pwc_outside_cio_2015"),
        "As PwC, the original source, words it",
        "PwC's own survey says 68% of technology and digital spend sits outside the CIO's "
        "budget, up from 'almost 50%' a year earlier, from two different samples of executives.",
    ),
}


def spending_chart(view: str = "column") -> Chart:
    """Bar chart of the share of technology spend outside IT, in the chosen wording."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    ids, title_suffix, takeaway = VIEWS[view]
    stats = [stat(i) for i in ids]
    labels = [f"{s.year} survey" for s in stats]
    return bar_chart(
        stats,
        labels,
        title=f"Technology spend outside IT: {title_suffix}",
        yaxis_title="% of technology spend outside IT",
        xaxis_title="Year the survey describes",
        takeaway=takeaway,
        colors=[PALETTE[4], PALETTE[0]],
    )
