"""Show learner text safely: escaped, and isolated for direction.

Learner text can hold markup (``<script>``) and bidirectional controls. A right-to-left
override (U+202E) left open in an answer would reverse the kit's own text that follows it on
the page. Every place that echoes learner text goes through one of these helpers:

* :func:`learner_html` - for HTML: explicit bidi controls removed, the rest escaped, and the
  whole wrapped in ``<bdi>`` so its direction cannot leak into the kit's text around it.
* :func:`learner_plain` - for plain-text places (widget labels, Markdown, CSV cells): the
  same controls removed and the text wrapped in FSI ... PDI (first-strong isolate), the
  plain-text equivalent of ``<bdi>``.

Only what is shown changes; the saved answer is kept exactly as typed.
"""

from __future__ import annotations

import html
import re

# Embeddings and overrides (LRE, RLE, PDF, LRO, RLO) and isolates (LRI, RLI, FSI, PDI).
# Learner-typed copies are dropped so they cannot open or close the isolate we add.
# Marks (LRM U+200E, RLM U+200F, ALM U+061C) are kept: they affect only neighbouring
# characters inside the isolate, and real right-to-left writing uses them.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
FSI, PDI = "\u2068", "\u2069"


def strip_bidi_controls(text: object) -> str:
    """``text`` as a string with the explicit bidi embedding/override/isolate controls removed."""
    return BIDI_CONTROLS.sub("", "" if text is None else str(text))


def learner_html(text: object, quote: bool = True) -> str:
    """Learner text as an HTML fragment: controls removed, escaped, direction-isolated."""
    return (
        f'<bdi class="pk-learner-text">{html.escape(strip_bidi_controls(text), quote=quote)}</bdi>'
    )


def learner_plain(text: object) -> str:
    """Learner text for a plain-text place: controls removed, wrapped in FSI ... PDI."""
    clean = strip_bidi_controls(text)
    return f"{FSI}{clean}{PDI}" if clean else ""
