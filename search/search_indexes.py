"""haystack indexes: one per kind of entry, every document in both languages."""

from haystack import indexes

from faq.models import Channel, Issue, Section, Tip
from search.analysis import BilingualAnalyzer, SpellingAnalyzer
from search.config import FIELD_WEIGHTS
from search.documents import field_text


def bilingual_field(name: str, **kwargs) -> indexes.CharField:
    return indexes.CharField(
        analyzer=BilingualAnalyzer(), boost=FIELD_WEIGHTS[name], stored=False, **kwargs
    )


class EntryIndex(indexes.SearchIndex):
    """The fields every entry is indexed with; titles and URLs come from the database."""

    text = bilingual_field("text", document=True)
    title = bilingual_field("title")
    summary = bilingual_field("summary")
    # The English words as written, for typo correction and "did you mean".
    spelling = indexes.CharField(analyzer=SpellingAnalyzer(), stored=False)

    def index_queryset(self, using=None):
        return self.get_model().objects.published()

    def prepare_text(self, entry) -> str:
        return field_text(entry, "text")

    def prepare_title(self, entry) -> str:
        return field_text(entry, "title")

    def prepare_summary(self, entry) -> str:
        return field_text(entry, "summary")

    def prepare_spelling(self, entry) -> str:
        return "\n".join(field_text(entry, name) for name in ("title", "summary", "text"))


class SectionIndex(EntryIndex, indexes.Indexable):
    def get_model(self):
        return Section


class ChannelIndex(EntryIndex, indexes.Indexable):
    def get_model(self):
        return Channel

    def index_queryset(self, using=None):
        return super().index_queryset(using).prefetch_related("steps", "notes")


class IssueIndex(EntryIndex, indexes.Indexable):
    def get_model(self):
        return Issue


class TipIndex(EntryIndex, indexes.Indexable):
    def get_model(self):
        return Tip
