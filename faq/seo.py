"""What search engines read: breadcrumbs, and schema.org data (JSON-LD) about a page."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from faq.markdown import markdown_text
from faq.models import Channel, Issue, Question

SCHEMA_CONTEXT = "https://schema.org"


def breadcrumbs(*levels: tuple[str, str]) -> list[dict]:
    """Return the trail from Home through the levels (name, path); the last is the page."""
    trail = [(_("Home"), reverse("faq:home")), *levels]
    return [{"name": str(name), "url": url} for name, url in trail]


def breadcrumb_list(request: HttpRequest, trail: list[dict]) -> dict:
    """Return a schema.org BreadcrumbList of the trail, with absolute URLs."""
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": level["name"],
                "item": request.build_absolute_uri(level["url"]),
            }
            for position, level in enumerate(trail, 1)
        ],
    }


def faq_page(request: HttpRequest, issue: Issue) -> dict:
    """Return a schema.org FAQPage: each typical problem a question, the solution its answer."""
    answer = {"@type": "Answer", "text": issue.solution}
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "FAQPage",
        "name": issue.title,
        "url": request.build_absolute_uri(issue.get_absolute_url()),
        "mainEntity": [
            {"@type": "Question", "name": problem, "acceptedAnswer": answer}
            for problem in issue.problem_list()
        ],
    }


def how_to(request: HttpRequest, channel: Channel) -> dict:
    """Return a schema.org HowTo: the channel's numbered steps, in order."""
    url = request.build_absolute_uri(channel.get_absolute_url())
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "HowTo",
        "name": channel.title,
        "description": channel.when_to_use,
        "url": url,
        "step": [
            {
                "@type": "HowToStep",
                "position": position,
                "name": step.title,
                "text": step.body,
            }
            for position, step in enumerate(channel.steps.all(), 1)
        ],
    }


def question_page(request: HttpRequest, question: Question) -> dict:
    """Return a schema.org FAQPage of one question and its answer (as plain text)."""
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "FAQPage",
        "name": question.question,
        "url": request.build_absolute_uri(question.get_absolute_url()),
        "mainEntity": [
            {
                "@type": "Question",
                "name": question.question,
                "acceptedAnswer": {"@type": "Answer", "text": markdown_text(question.answer)},
            }
        ],
    }
