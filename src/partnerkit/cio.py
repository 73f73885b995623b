"""Claims C9-C11: the CIO at the table.

* C9: the WSJ article the column cites (headline as cited by the column; the column names no
  author, our research traced it to Kim S. Nash; date not verified), Target's CEO on
  technology, and CIOs on the executive committee.
* C10: "53% of Fortune 500 CIOs report to the CEO, up from 46%" beside the other surveys.
  They disagree mostly because they counted different people, so the comparator groups the
  figures by who was counted (one trace per source, never one line), and offers the tempting
  "by year" view only to show why it misleads.
* C11: the CIO priorities the column quotes; the translation activity lives in
  ``data/activities/07_outcomes.yaml`` (see :mod:`partnerkit.sorting`).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from .charts import PALETTE, Chart, bar_chart
from .data import Statistic, stat
from .grouped_charts import Series, grouped_bar_chart

# ----------------------------------------------------------------------------- C9 quotes
CORNELL_QUOTE = (
    "I view technology today very differently than I did five or 10 years ago. "
    "It's no longer a backroom function."
)
MCNAMARA_PHRASE = "very involved with strategy planning"
WSJ_CITATION = (
    "The Wall Street Journal, 2016 (month not verified); headline as cited by the column: "
    "\u201cCIOs Get New Stature in Digital Economy\u201d. The column names no author; our "
    "research traced the article to Kim S. Nash."
)
WSJ_URL = "http://www.advfn.com/nyse/StockNews.asp?stocknews=DAL&article=71931145"
CIO_PRIORITIES_QUOTE = (
    "user experience, speed to market, and putting technology in front of customers"
)
CIO_PRIORITIES_STATUS = "quoted by the column; not verified in the source"


@dataclass(frozen=True)
class Source:
    key: str
    name: str  # legend entry
    stat_ids: tuple[str, ...]
    labels: tuple[str, ...]
    population: str  # population-lens group key
    who: str  # plain words: who was counted, how they were found
    f500_group: str = ""  # group in the "Fortune 500 only" view ("" = not shown there)


POPULATIONS = {
    "f500": "Fortune 500 CIOs<br>(counted by firms)",
    "cio_survey": "CIOs who answered<br>a survey",
    "tech_officers": "Technology officers<br>who answered a survey",
}

SOURCES: tuple[Source, ...] = (
    Source(
        "kornferry",
        "Korn/Ferry (via WSJ): Fortune 500 CIOs",
        ("kornferry_f500_cio_reports_to_ceo_2011", "kornferry_f500_cio_reports_to_ceo_2016"),
        ("Korn/Ferry<br>about 2011", "Korn/Ferry<br>about 2016"),
        "f500",
        "The CIOs of America's 500 largest companies, as counted by an executive recruiter and "
        "reported by the WSJ; the recruiter's own study was not found.",
        "Counted by<br>Korn/Ferry",
    ),
    Source(
        "spencerstuart",
        "Spencer Stuart: Fortune 500 CIOs by industry",
        (
            "spencerstuart_f500_cio_reports_to_ceo_most_2016",
            "spencerstuart_f500_cio_reports_to_ceo_finserv_2016",
            "spencerstuart_f500_cio_reports_to_ceo_lifesci_2016",
        ),
        (
            "Spencer Stuart<br>most industries",
            "Spencer Stuart<br>financial services",
            "Spencer Stuart<br>life sciences",
        ),  # fmt: skip
        "f500",
        "The same 500 companies, counted by another recruiter from 2014-2016 data and split by "
        "industry (we read a summary, not the report).",
        "Counted by<br>Spencer Stuart (2014-2016 data)",
    ),
    Source(
        "harveynash",
        "Harvey Nash/KPMG: CIOs worldwide, all sizes",
        ("harveynash_cio_reports_to_ceo_2016",),
        ("Harvey Nash/KPMG<br>2016",),
        "cio_survey",
        "3,352 CIOs and technology leaders in 82 countries, from organisations of every size, "
        "who chose to answer.",
    ),
    Source(
        "ciocom",
        "CIO.com: heads of IT it surveyed",
        ("ciocom_cio_reports_to_ceo_2017",),
        ("CIO.com<br>2017",),
        "cio_survey",
        "Nearly 650 heads of IT surveyed by CIO.com; the article does not say how they were "
        "chosen.",
    ),
    Source(
        "kornferry2020",
        "Korn Ferry: technology officers (self-selected)",
        ("kornferry_tech_officer_reports_to_ceo_2020",),
        ("Korn Ferry<br>2020",),
        "tech_officers",
        "220 technology officers worldwide (not only CIOs) who chose to answer.",
    ),
)
BY_KEY = {s.key: s for s in SOURCES}
COLORS = {s.key: PALETTE[i] for i, s in enumerate(SOURCES)}

VIEWS = {
    "population": "Who was counted",
    "f500": "Fortune 500 only",
    "year": "Year (a trap)",
}
VIEW_TITLES = {
    "population": "CIOs reporting to the CEO, grouped by who was counted",
    "f500": "Same population, different answers: Fortune 500 CIOs reporting to the CEO",
    "year": "Sorted by year, this is NOT a trend: each year counts different people",
}
VIEW_TAKEAWAYS = {
    "population": (
        "The figures run from about a third to two thirds because each counts different people: "
        "the largest US companies, CIOs of every size worldwide, heads of IT surveyed by a "
        "magazine, or "
        "self-selected technology officers. No single figure is 'the' share."
    ),
    "f500": (
        "Even for the same 500 companies two recruiters disagree, so definitions (direct or "
        "dotted-line reporting, who counts as the CIO) matter too, and industry matters a lot."
    ),
    "year": (
        "Read by year the figures jump up and down with no pattern. The jumps come from "
        "changing who was counted, not from time passing: never read these as one series."
    ),
}
VIEW_EXPLANATIONS = {
    "population": (
        "Each group counts a different set of people. The biggest US companies may organise "
        "differently from firms of every size around the world, and people who choose to "
        "answer a survey are not a random sample. Before you quote a figure, say whose it is."
    ),
    "f500": (
        "Korn/Ferry and Spencer Stuart both counted Fortune 500 CIOs, yet one says more than "
        "half report to the CEO and the other roughly a third in most industries. Population "
        "explains much of the disagreement between surveys, but not all of it."
    ),
    "year": (
        "This is the trap the column's \u201cup from 46%\u201d invites when it is set beside "
        "other surveys. Only the two Korn/Ferry bars come from the same source and population; "
        "compare within a source, never across."
    ),
}


def year_text(s: Statistic) -> str:
    """The year as the source allows it: Korn/Ferry's two years are both approximate (the WSJ
    gives "more than 53%" in an undated 2016 article, and 46% "five years ago")."""
    if s.id.startswith("kornferry_f500"):
        return f"about {s.year}"
    return str(s.year)


def _year_group(s: Statistic) -> str:
    if s.id.startswith("kornferry_f500"):
        return f"About {s.year}"
    if s.id.startswith("spencerstuart"):
        return "2016<br>(data 2014-2016)"
    return str(s.year)


def reporting_chart(view: str = "population") -> Chart:
    """CIOs reporting to the CEO: one trace per source, grouped as ``view`` says."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    series = []
    for src in SOURCES:
        if view == "f500" and not src.f500_group:
            continue
        stats = tuple(stat(i) for i in src.stat_ids)
        if view == "year":
            groups = tuple(_year_group(s) for s in stats)
        elif view == "f500":
            groups = (src.f500_group,) * len(stats)
        else:
            groups = (POPULATIONS[src.population],) * len(stats)
        series.append(Series(src.name, stats, src.labels, groups, COLORS[src.key]))
    order = None
    if view == "population":
        order = list(POPULATIONS.values())
    elif view == "year":
        order = ["About 2011", "About 2016", "2016", "2016<br>(data 2014-2016)", "2017", "2020"]
    return grouped_bar_chart(
        series,
        title=VIEW_TITLES[view],
        yaxis_title="% reporting to the CEO",
        takeaway=VIEW_TAKEAWAYS[view],
        group_order=order,
    )


def population_card(view: str) -> str:
    """HTML: who each figure on screen counted, and why that matters in this view."""
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; choose one of {', '.join(VIEWS)}")
    shown = [s for s in SOURCES if view != "f500" or s.f500_group]
    rows = "".join(
        f"<li><strong>{html.escape(s.name)}</strong> "
        f"({html.escape(', '.join(stat(i).formatted() for i in s.stat_ids))}): "
        f"{html.escape(s.who)}</li>"
        for s in shown
    )
    return (
        f'<div class="pk-card pk-population-card"><p>{html.escape(VIEW_EXPLANATIONS[view])}</p>'
        f"<p><strong>Who was counted:</strong></p><ul>{rows}</ul></div>"
    )


def exec_committee_chart() -> Chart:
    """Harvey Nash/KPMG: CIOs on the executive committee, 2005 and 2017 (same survey series)."""
    s05, s17 = (
        stat("harveynash_cio_exec_committee_2005"),
        stat("harveynash_cio_exec_committee_2017"),
    )
    return bar_chart(
        [s05, s17],
        ["2005 survey", "2017 survey"],
        title="A seat at the table: CIOs on the executive committee",
        yaxis_title="% of CIO respondents",
        takeaway=(
            f"In the same survey series, the share of CIOs on the executive committee rose "
            f"from {s05.formatted()} (2005) to {s17.formatted()} (2017); the respondents differ "
            "each year, and sitting on the committee is not the same as reporting to the CEO."
        ),
        colors=[PALETTE[4], PALETTE[0]],
    )


def summary_lines() -> list[str]:
    """Every C9/C10 figure in notebook 07, one plain line each."""
    lines = []
    ids = [i for s in SOURCES for i in s.stat_ids] + [
        "harveynash_cio_exec_committee_2005",
        "harveynash_cio_exec_committee_2017",
    ]
    for sid in ids:
        s = stat(sid)
        lines.append(f"{year_text(s):<10}  {s.formatted():<14} {s.unit} [{s.publisher}]")
    return lines
