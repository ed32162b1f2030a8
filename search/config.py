"""Search configuration in one place: kinds, languages, field weights, limits, markup."""

from django.conf import settings
from haystack.constants import DJANGO_CT

from faq.kinds import kinds
from faq.languages import site_languages

# The kinds of entry, as the API names them, with their models and UI labels: all from the
# content-kind registry (faq/kinds.py).
KINDS = {kind.name: kind.model for kind in kinds()}
# How the index names each kind's documents (haystack's "app.model").
CONTENT_TYPES = {kind.name: kind.content_type for kind in kinds()}
KIND_OF_CONTENT_TYPE = {content_type: kind for kind, content_type in CONTENT_TYPES.items()}
KIND_LABELS = {kind.name: kind.label for kind in kinds()}

# UI language code -> modeltranslation field suffix, the source language first
# (settings.SITE_LANGUAGES).
LANGUAGES = {language.code: language.suffix for language in site_languages()}
# The analyzers a language may name in settings.SITE_LANGUAGES: search/analysis.py reads
# Chinese and English text in one pass, each run of text by its script. A language in
# another script (Japanese kana, Korean hangul) needs its analyzer added there first;
# search/checks.py refuses to start with a language whose analyzer is not here.
ANALYZERS = {
    "chinese": "jieba words and their sub-words, Traditional read as Simplified, bigrams",
    "english": "lowercased Snowball stems, spelling corrections",
}

# Section weights inside the searched field (BM25F): a word in a title counts most, then
# short fields (what a channel is for, an issue's problems, step titles), then body text.
SECTION_WEIGHTS = {"title": 5.0, "summary": 2.0, "text": 1.0}
# The index field every query searches (all sections, weighted), and the title alone,
# which only the "title holds every word" bonus reads.
SEARCH_FIELD = "text"
# BM25F: full length normalisation (b=1), so a nine-step channel page does not outrank a
# one-line tip by repeating a word; slower saturation (k1=2). Chosen on relevance.tsv.
BM25_B = 1.0
BM25_K1 = 2.0
TITLE_FIELD = "title"

# How much each kind of alternative counts next to the word as typed.
# A synonym of one word counts as the word itself (as Algolia's singleWordSynonym does);
# a synonym phrase counts a little less.
SYNONYM_WEIGHT = 1.0
SYNONYM_PHRASE_WEIGHT = 0.8
COMPOUND_WEIGHT = 0.9  # "gift card" for "giftcard"
TYPO_WEIGHT = 0.6  # a spelling correction: exact matches rank above fuzzy ones
SUB_WORD_WEIGHT = 0.5  # a dictionary word inside a longer word ("礼品" in "礼品卡")
MAX_TYPO_CORRECTIONS = 3
PINYIN_HOMOPHONE_WEIGHT = 0.5  # another word that reads the same as the pinyin typed
# A thing the index never names (blender, 耳机) searched as the index's words for goods
# (product, 商品): below the words typed. Chosen on dev2's tuning half: 0.3 and 0.6 found the
# same answers, 1 one fewer (a Chinese question whose thing outweighed its problem).
GOODS_WEIGHT = 0.5
# A kind of entry named by a word no entry's text holds ("tips", 小技巧: the kind's label)
# matches every entry of that kind in haystack's content-type field, as much as a word of
# a kind that rare would (BM25 on the kind's share of the entries), by this.
KIND_NAME_WEIGHT = 0.5
KIND_FIELD = DJANGO_CT  # haystack's content-type field ("faq.tip"), one term a document
# A word's translation in the other language (search/bridge.py): every entry is written in
# both, so 资深 finds "a more senior agent". Below a same-language synonym from a thesaurus
# (0.5): a dictionary gloss names a sense, not the customer's one. 0.25 to 0.8 measured on
# dev2's tuning half: 0.4 to 0.8 found the same answers, 0.25 two fewer.
TRANSLATION_WEIGHT = 0.4
# Chinese character bigrams (Lucene's CJK bigram analysis) in a field of their own, for a
# Chinese word the index lacks: low weight, for recall, never above the words themselves.
BIGRAM_FIELD = "bigrams"
BIGRAM_WEIGHT = 0.5
# A single character in that field: 改 meets 修改, 退 of 退回来 meets 退货. Lower still.
UNIGRAM_WEIGHT = 0.2
# Bonus for an entry whose title holds every word of the query.
TITLE_COVERAGE_WEIGHT = 3.0
# A group of alternatives (a word, its synonyms, sub-words, corrections) scores as its best
# alternative plus this fraction of the others (dis_max's tie breaker). Summing them all
# (1.0) let a long page that uses a word and five of its synonyms outrank the page about
# the thing ("Amazon 客服" went to the phone channel, not the channels overview). Chosen
# on tests/search/relevance.tsv: 0.4 gave hit@1 zh 0.970 / en 0.970 (1.0: 0.950 / 0.970).
GROUP_TIE_BREAKER = 0.4
# A word typed that at least this share of the entries hold is the site's topic (客服,
# "customer service"): its group scores as its best alternative, its synonyms add nothing
# (ranking._group_scores). Chosen on dev2's tuning half: 0.5 to 0.7 gave the same answers
# (0.8 changed none); 0.3 and 0.4 lost relevance.tsv queries ("phone number for customer
# service").
TOPIC_SHARE = 0.5
# Bonus for the query's words standing together, in order, as typed.
PROXIMITY_WEIGHT = 2.0
# Bonus for each two neighbouring English words of a longer query standing together as typed
# ("help articles" in "step by step help articles with pictures"). Chosen on dev2's tuning
# half (hit@1 / hit@3, without it 0.771 / 0.895): 0.25 the same, 0.5 0.778 / 0.895, 0.75
# and 1 0.784 / 0.889, 2 0.778 / 0.882.
PAIR_PROXIMITY_WEIGHT = 0.5
# The pairs are scored for the best of the rescore window only: at 10,023 entries, for all
# 50, they took the uncached stream's p50 from 4.2 to 6.2 ms (each pair's positions are read
# a posting block per entry); for the best 10, 5.3 ms. The same answers on every labelled
# file as with all 50.
PAIR_WINDOW = 10
# How many of the best matches get the title and proximity bonuses (a rescore window).
RESCORE_WINDOW = 50

# Autocomplete: how many completions (which past queries qualify: SEARCH_SUGGEST_MIN_DAYS
# and SEARCH_SUGGEST_MIN_VISITORS in config/settings.py), and how many of them may be the
# search's own top answers for what was typed (the first ones the results page would list).
MAX_SUGGESTIONS = 8
MAX_SUGGESTED_ANSWERS = 3
# An answer is offered only when it scores at least this share of the best one (an editor's
# pinned answer always): 退款多久 offers the returns issue, not the phone channel the results
# page lists second at under half its score. The results page still lists them all.
MIN_ANSWER_SHARE = 0.5

DEFAULT_LIMIT = 10
MAX_LIMIT = 50
PAGE_SIZE = 10
SNIPPET_LENGTH = 160
HIGHLIGHT_TAG = "mark"

# Relevance mechanisms, each on by default and off by SEARCH_MECHANISMS_OFF (a comma-
# separated list of these names), so each can be measured on its own.
MECHANISMS = (
    "coverage",  # rank partial matches by how much of the query they cover
    "bigrams",  # Chinese character bigrams, for words segmented differently
    "pinyin",  # toneless pinyin read as the Chinese words of the index
    "thesaurus",  # customers' words from general lexical resources
    "questions",  # question templates and filler weigh nothing
    "typos",  # every misspelt word corrected, joined and split words both ways
    "same_language_snippets",  # snippets in the page's language
    "translations",  # a word's translations match the other language's text (CC-CEDICT)
    "sub_word_translations",  # a compound's words end to end bring their translations too
    "joined_words",  # a word typed joined ("creditcard") is one group, its parts a phrase
    "phrase_parts",  # a word the index lacks leads to the editors' sets naming it in a phrase
    "translated_sets",  # a word's translation brings the editors' set it is a word of
    "pinyin_orthography",  # tone numbers end syllables; "tian" is not ti'an unmarked
    "gapped_phrases",  # a synonym phrase matches around words of no topic ("send it back")
    "excluded_means",  # "instead of calling", 除了打电话: what is excluded weighs nothing
    "taiwan_readings",  # a Taiwan word with two mainland readings (查詢) takes the known one
    "filler_phrases",  # filler the segmenter splits (问一下 in 我想问一下) found before it
    "topic_words",  # a word most entries hold (客服) scores as its best synonym, no more
    "negated_glosses",  # a gloss negated by a stop word ("not complicated") is no translation
    "base_form_translations",  # "charged", "pictures": translated as charge, picture
    "particles",  # a phrasal verb's particle alone ("show *up*", "sort *out*") weighs nothing
    "word_pairs",  # two neighbouring English words standing together as typed earn a bonus
    "irregular_forms",  # "came", "bought", "seen" are real words, never typos of acme, sought
    "derived_forms",  # WordNet's related forms: "patience" leads to patient, "summarize" summary
    "bare_contractions",  # "cant log in", "doesnt work" read as "can't log in", "doesn't work"
    "editors_spelling",  # the editors' words as written (money of "money back", passcode)
    "filler_spelling",  # a misspelt question word ("somehting", "pleae") is the filler it is
    "likely_typos",  # of corrections as far off, a swap or a doubled letter first ("realy": really)
    "compared_means",  # "a faster way than email": what comes after "than" weighs nothing
    "chinese_word_pairs",  # word_pairs for Chinese words too: 退货 政策 standing together
    "glossary_readings",  # a converted page's words (收件匣) read as the source's (收件箱)
    "potential_complements",  # 登不上去, 找不到: the verb searched, its direction or phase not
    "separated_particles",  # "send the item back" is "send back the item": the set's "send back"
    "failed_actions",  # 登录失败, "login failed": the editors' sets for 无法登录, "can't log in"
    "pleas",  # "please help", "help me": a plea names no topic (the help pages)
    "inflected_typos",  # "emialed": the stem "emial" corrected (email), as no inflection is known
    "cue_spelling",  # "i'd rahter not call": the cue's word spelt before the cues are found
    "named_goods",  # a thing the index never names (blender, 耳机) is searched as "product" too
    "negated_runs",  # an editors' term holding a negation (不对) is not searched as the rest (对)
    "named_kinds",  # a kind's name no entry uses ("tips", 小技巧) finds that kind's entries
    "editors_segmentation",  # a word glued to an editors' term (钱扣 了两次) is split at it
    "thesaurus_phrases",  # a lemma of several words ("wait line", "turn down") leads as one
)


def mechanism_on(name: str) -> bool:
    """Return whether a relevance mechanism is on (see MECHANISMS)."""
    return name not in settings.SEARCH_MECHANISMS_OFF


# Coverage: when no entry holds every word of the query, entries are ranked by how much of
# it they cover, each word group weighted by its inverse document frequency (a generic
# word such as 客服 or "support" counts little), their scores multiplied by the covered
# share to this power. Entries covering less than MIN_COVERAGE of the best coverage found
# are dropped (Elasticsearch's minimum_should_match). Chosen on dev2's tuning half: powers
# 0.25 to 2 and floors 0 and 0.5 tried; a floor dropped right answers whose one matched
# word was common (订单), and larger powers let a rare stray word rank an entry. Letting
# only rarer groups find entries (Lucene's CommonTermsQuery, cut-offs 0.3 to 0.7 of the
# entries) was tried too and lost hit@1 at every cut-off.
COVERAGE_POWER = 0.25
MIN_COVERAGE = 0.0
