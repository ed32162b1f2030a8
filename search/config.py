"""Search configuration in one place: kinds, languages, field weights, limits, markup."""

from django.utils.translation import gettext_lazy as _

from faq.models import Channel, Issue, Section, Tip

# The kinds of entry, as the API names them, with their models and UI labels.
KINDS = {
    "issue": Issue,
    "channel": Channel,
    "tip": Tip,
    "section": Section,
}
KIND_LABELS = {
    "issue": _("Problem"),
    "channel": _("Contact channel"),
    "tip": _("Tip"),
    "section": _("Guide"),
}

# UI language code -> modeltranslation field suffix.
LANGUAGES = {"zh-hans": "zh_hans", "en": "en"}

# Index fields and their weights: a word in a title counts most, then short fields
# (what a channel is for, an issue's problems, step titles), then body text.
FIELD_WEIGHTS = {"title": 5.0, "summary": 2.0, "text": 1.0}
SEARCH_FIELDS = tuple(FIELD_WEIGHTS)
# A word scores in its best field; each other field matching it adds this share of its
# score, so a title match is not outweighed by an entry repeating the word everywhere.
FIELD_TIE_BREAKER = 0.3

# How much a word's dictionary sub-words count next to the word itself ("收到" in "没收到").
SUB_WORD_WEIGHT = 0.5
# Bonus for the query's words standing together, in order, as typed.
PROXIMITY_WEIGHT = 2.0
# Coordination bonus: documents matching more of the query's words rank higher.
COORDINATION = 0.9

MAX_QUERY_LENGTH = 200
DEFAULT_LIMIT = 10
MAX_LIMIT = 50
PAGE_SIZE = 10
SNIPPET_LENGTH = 160
HIGHLIGHT_TAG = "mark"
