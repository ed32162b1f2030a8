"""Validation of search parameters, shared by the page and the API."""

from django import forms
from django.utils.translation import gettext_lazy as _

from search.analysis import MAX_QUERY_LENGTH
from search.config import DEFAULT_LIMIT, KINDS, LANGUAGES, MAX_LIMIT


class SearchForm(forms.Form):
    q = forms.CharField(
        required=False,
        strip=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": _("The query is too long: at most %(limit_value)d characters."),
        },
    )
    kind = forms.ChoiceField(
        required=False,
        choices=[("", "")] + [(kind, kind) for kind in KINDS],
        error_messages={
            "invalid_choice": _("Unknown kind %(value)s: use one of issue, channel, tip, section.")
        },
    )


class LanguageField(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            required=False,
            choices=[(code, code) for code in LANGUAGES],
            error_messages={"invalid_choice": _("Unknown lang %(value)s: use zh-hans or en.")},
            **kwargs,
        )


class SuggestForm(forms.Form):
    q = SearchForm.base_fields["q"]
    lang = LanguageField()


class ApiSearchForm(SearchForm):
    lang = LanguageField()
    limit = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_LIMIT,
        error_messages={
            "invalid": _("limit must be a whole number from 1 to %(max)d.") % {"max": MAX_LIMIT},
            "min_value": _("limit must be at least 1."),
            "max_value": _("limit must be at most %(limit_value)s."),
        },
    )

    def clean_limit(self) -> int:
        return self.cleaned_data["limit"] or DEFAULT_LIMIT


def first_error(form: forms.Form) -> str:
    """Return the form's first error message as plain text."""
    return next(str(message) for errors in form.errors.values() for message in errors)
