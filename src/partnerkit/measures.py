"""Claim C3, "same words, different numbers": the other measures of technology money
outside IT, and what each one actually counted.

The column reads "68% of technology spending from budgets outside IT" as "decisions made
without IT". Other analysts measured something that sounds the same and got 17%, 58.2%, 61%
or "almost 90%". They disagree mostly because they counted different things:

* **what**: money or projects;
* **whose**: money *controlled* outside IT, *funded* by business units, or merely sitting
  *outside the CIO's budget*;
* **how**: executives' own estimates, an analyst's estimate, a market model, a forecast, or
  not stated at all (a paid research note);
* **who**: which executives were asked, in which region.

Each :class:`Measure` below is one definition from one source. The comparator chart draws one
trace per measure and never joins different measures into a line. The numbers themselves
come from ``data/statistics.csv``; what this module adds is the kit's plain-English reading of
each definition.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from .charts import PALETTE, Chart
from .data import Statistic, stat
from .grouped_charts import Series, grouped_bar_chart


@dataclass(frozen=True)
class Measure:
    key: str
    name: str  # legend entry and dropdown label
    stat_ids: tuple[str, ...]
    labels: tuple[str, ...]  # one short bar label per statistic
    counted: str  # "money" or "projects"
    definition: str  # a key of DEFINITIONS
    what: str  # what was counted, in plain words
    why_different: str  # why it differs from the column's 68%

    @property
    def stats(self) -> list[Statistic]:
        return [stat(i) for i in self.stat_ids]


# The definition groups, in the order the chart shows them (<br> breaks long axis labels).
DEFINITIONS = {
    "outside_cio_budget": "Spend outside<br>the CIO's budget",
    "outside_it_budget": "Spend outside<br>the IT budget",
    "controlled": "Spend controlled<br>outside IT",
    "funded": "Spend funded by<br>business units",
    "projects_funded": "Projects funded<br>by the business",
}
COUNTED = {
    "money": "Money<br>(share of spending)",
    "projects": "Projects<br>(share of projects)",
}
# statistics.csv "method" -> group label for the "how it was made" lens
METHOD_GROUPS = {
    "survey estimate": "Executives'<br>own estimate",
    "survey": "Executives'<br>survey answer",
    "analyst estimate": "Analyst's<br>estimate",
    "market model": "Analyst's<br>market model",
    "forecast": "Forecast<br>(not a measurement)",
    "not stated": "Method not stated<br>(paid research note)",
}

MEASURES: tuple[Measure, ...] = (
    Measure(
        key="pwc",
        name="PwC: spend outside the CIO's budget",
        stat_ids=("pwc_outside_cio_2014", "pwc_outside_cio_2015"),
        labels=("PwC<br>2014", "PwC<br>2015"),
        counted="money",
        definition="outside_cio_budget",
        what=(
            "Executives' own estimate of how much of their organisation's technology and "
            "digital spending sits outside the CIO's budget."
        ),
        why_different=(
            "This is where the column's 68% comes from. 'Outside the CIO's budget' includes "
            "money that business units spend with IT's help, so it is a wide definition."
        ),
    ),
    Measure(
        key="gartner_controlled",
        name="Gartner: IT spending controlled outside IT",
        stat_ids=("gartner_controlled_outside_it_2012", "gartner_controlled_outside_it_2016"),
        labels=("Gartner<br>2012", "Gartner<br>2016"),
        counted="money",
        definition="controlled",
        what=(
            "The share of IT spending that is controlled (decided and managed) outside the IT "
            "organisation, not just paid for outside it."
        ),
        why_different=(
            "Control is a narrower idea than budget or funding: a business unit can pay for "
            "a system that IT still chooses and runs. Who was counted and how is not stated "
            "in anything public (the figure is a heading in a paid research note)."
        ),
    ),
    Measure(
        key="gartner_keynote",
        name="Gartner keynote: spend outside the IT budget",
        stat_ids=("gartner_outside_it_2000", "gartner_outside_it_forecast_2020"),
        labels=("Keynote<br>2000", "Keynote<br>2020"),
        counted="money",
        definition="outside_it_budget",
        what=(
            "The share of technology spending outside the IT budget: an estimate for 2000 and "
            "a forecast for 2020, both given in a 2012 conference keynote."
        ),
        why_different=(
            "The 2020 value is a forecast made in 2012, not a measurement. Gartner's own "
            "2016 research put spending controlled outside IT far lower."
        ),
    ),
    Measure(
        key="gartner_prentice",
        name="Gartner (Prentice): spend controlled by the business",
        stat_ids=("gartner_prentice_forecast_2015",),
        labels=("Prentice<br>2015",),
        counted="money",
        definition="controlled",
        what=(
            "A forecast by a Gartner analyst of the share of technology spending that the "
            "business, not IT, would control by 2015."
        ),
        why_different=(
            "A forecast 'based on a collection of research, not a specific survey', so it "
            "tells you what was expected, not what happened."
        ),
    ),
    Measure(
        key="idc_funded",
        name="IDC: IT spending funded by business units",
        stat_ids=(
            "idc_lob_funded_north_america_2015",
            "idc_lob_funded_emea_2015",
            "idc_lob_funded_asia_pacific_2015",
            "idc_lob_funded_latin_america_2015",
            "idc_lob_funded_worldwide_forecast_2019",
        ),
        labels=(
            "IDC N.Am.<br>2015",
            "IDC EMEA<br>2015",
            "IDC APAC<br>2015",
            "IDC LatAm<br>2015",
            "IDC world<br>2019",
        ),
        counted="money",
        definition="funded",
        what=(
            "The share of corporate IT spending paid for (funded) by business units, from "
            "IDC's model of the IT market, region by region; the worldwide value is a forecast."
        ),
        why_different=(
            "Funded is not the same as decided without IT: IDC counts what business units pay "
            "for, and keeps the name shadow IT for projects funded 'without the knowledge, "
            "involvement or support of the IT department'. The region matters too (see the "
            "spread between North America and Latin America)."
        ),
    ),
    Measure(
        key="idc_projects",
        name="IDC: technology projects funded by the business",
        stat_ids=("idc_projects_funded_by_business_2013",),
        labels=("IDC<br>2013",),
        counted="projects",
        definition="projects_funded",
        what=(
            "The share of technology projects (not money) funded by the business rather than "
            "the IT department, as business-unit executives reported it."
        ),
        why_different=(
            "It counts projects, so a small project weighs as much as a large one, and only "
            "business-unit executives were asked."
        ),
    ),
)
BY_KEY = {m.key: m for m in MEASURES}
COLORS = {m.key: PALETTE[i % len(PALETTE)] for i, m in enumerate(MEASURES)}

LENSES = {
    "definition": "What exactly was measured",
    "counted": "Money or projects",
    "method": "How the number was made",
}
LENS_TAKEAWAYS = {
    "definition": (
        "Five different definitions give five different answers: 'controlled outside IT' is "
        "far lower than 'outside the CIO's budget' or 'funded by business units'."
    ),
    "counted": (
        "Only one measure counts projects; the rest count money, and even those disagree "
        "because they define 'outside IT' differently."
    ),
    "method": (
        "Forecasts and estimates are different kinds of number: the highest value on the "
        "chart is a forecast, not a measurement, and for Gartner's 2012 and 2016 figures the "
        "method is not stated publicly at all."
    ),
}


def group_of(measure: Measure, s: Statistic, lens: str) -> str:
    """The group a figure falls in under a lens."""
    if lens == "definition":
        return DEFINITIONS[measure.definition]
    if lens == "counted":
        return COUNTED[measure.counted]
    if lens == "method":
        return METHOD_GROUPS[s.method]
    raise ValueError(f"unknown lens {lens!r}; choose one of {', '.join(LENSES)}")


def group_order(lens: str) -> list[str]:
    if lens == "definition":
        return list(DEFINITIONS.values())
    if lens == "counted":
        return list(COUNTED.values())
    if lens == "method":
        return list(dict.fromkeys(METHOD_GROUPS.values()))
    raise ValueError(f"unknown lens {lens!r}; choose one of {', '.join(LENSES)}")


def measures_chart(lens: str = "definition", focus: str = "") -> Chart:
    """All the measures, grouped by ``lens``; one trace (colour) per measure.

    ``focus`` (a measure key, or "" for none) fades every other measure.
    """
    if lens not in LENSES:
        raise ValueError(f"unknown lens {lens!r}; choose one of {', '.join(LENSES)}")
    if focus and focus not in BY_KEY:
        raise ValueError(f"unknown measure {focus!r}; choose one of {', '.join(BY_KEY)}")
    series = []
    for m in MEASURES:
        stats = m.stats
        series.append(
            Series(
                name=m.name,
                stats=tuple(stats),
                labels=m.labels,
                groups=tuple(group_of(m, s, lens) for s in stats),
                color=COLORS[m.key],
                faded=bool(focus) and m.key != focus,
            )
        )
    return grouped_bar_chart(
        series,
        title=f"Same words, different numbers: grouped by {LENSES[lens].lower()}",
        yaxis_title="% (each measure has its own base)",
        takeaway=LENS_TAKEAWAYS[lens],
        group_order=group_order(lens),
    )


def measure_card(key: str) -> str:
    """An HTML card: what one measure counted, who, how, and why it differs (all escaped)."""
    m = BY_KEY[key]
    stats = m.stats
    values = "; ".join(
        f"{s.year}: {s.formatted()}{' (forecast)' if s.is_forecast else ''}" for s in stats
    )
    who = "; ".join(dict.fromkeys(s.population for s in stats))
    how = "; ".join(dict.fromkeys(s.method for s in stats))
    caveats = " ".join(dict.fromkeys(s.caveat for s in stats if s.caveat))
    sources = " ".join(dict.fromkeys(s.source_line() for s in stats))
    rows = [
        ("The figures", values),
        ("What was counted", m.what),
        ("Who was asked or counted", who),
        ("How the number was made", how),
        ("Why it differs from the column's 68%", m.why_different),
        ("Caveat", caveats or "none noted"),
        ("Source", sources),
    ]
    body = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in rows)
    return (
        f'<div class="pk-card pk-measure-card"><h4>{html.escape(m.name)}</h4><dl>{body}</dl></div>'
    )


def summary_lines() -> list[str]:
    """One plain line per figure: source, year, value, what was counted, method."""
    lines = []
    for m in MEASURES:
        for s in m.stats:
            lines.append(f"{s.year}  {s.formatted():<12} {m.name} [{s.method}]")
    return lines
