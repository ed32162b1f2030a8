"""haystack indexes: one per registered content kind, every document in every language."""

from haystack import indexes

from faq.kinds import ContentKind, kinds
from search.analysis import BigramAnalyzer, BilingualAnalyzer, Sections, SpellingAnalyzer
from search.config import SECTION_WEIGHTS
from search.documents import field_text


class EntryIndex(indexes.SearchIndex):
    """The fields every entry is indexed with; titles and URLs come from the database."""

    # Title, summary and text in both languages, each section weighted (BM25F).
    text = indexes.CharField(analyzer=BilingualAnalyzer(), stored=False, document=True)
    # The title alone, for the bonus to entries whose title holds every query word.
    title = indexes.CharField(analyzer=BilingualAnalyzer(), stored=False)
    # The English words as written, for typo correction and "did you mean".
    spelling = indexes.CharField(analyzer=SpellingAnalyzer(), stored=False)
    spelling.phrase = False  # looked up word by word, never as a phrase
    # Chinese character bigrams of every section, for words the segmenter splits otherwise.
    bigrams = indexes.CharField(analyzer=BigramAnalyzer(), stored=False)

    def index_queryset(self, using=None):
        return self.get_model().objects.published()

    def prepare_text(self, entry) -> Sections:
        return Sections(
            (weight, field_text(entry, name)) for name, weight in SECTION_WEIGHTS.items()
        )

    def prepare_title(self, entry) -> str:
        return field_text(entry, "title")

    def prepare_bigrams(self, entry) -> Sections:
        return self.prepare_text(entry)

    def prepare_spelling(self, entry) -> str:
        return "\n".join(field_text(entry, name) for name in SECTION_WEIGHTS)


def kind_index(kind: ContentKind) -> type[EntryIndex]:
    """Return the haystack index of a registered content kind."""

    class KindIndex(EntryIndex, indexes.Indexable):
        def get_model(self):
            return kind.model

        def index_queryset(self, using=None):
            return kind.published()

    KindIndex.__name__ = KindIndex.__qualname__ = f"{kind.model.__name__}Index"
    return KindIndex


# haystack finds the indexes among this module's classes: one per registered kind.
globals().update({f"{kind.model.__name__}Index": kind_index(kind) for kind in kinds()})
