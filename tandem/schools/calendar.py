"""The calendar of the PLP cycle: the one module that answers "what time is it at the school",
"which term is it", "which plan does a conference present", "when is this due" and "may this
conference be marked held yet" (STYLE.md habit 11). Pages, counts, e-mails, the digest and the
demo ask it; no other module computes these dates.
"""

from __future__ import annotations
