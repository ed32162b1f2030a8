"""Answer pages: home, channel, issue, tip and guide section (staff also see drafts)."""

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from faq.models import Channel, Issue, IssueChannel, Section, Tip


def published_channel_links() -> Prefetch:
    """Return a prefetch of an issue's recommended channels, published ones only, in order."""
    return Prefetch(
        "channel_links",
        queryset=IssueChannel.objects.filter(channel__is_published=True).select_related("channel"),
    )


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "faq/home.html",
        {
            "channels": Channel.objects.published(),
            "issues": Issue.objects.published().prefetch_related(published_channel_links()),
            "tips": Tip.objects.published(),
            "sections": Section.objects.published(),
        },
    )


def channel_detail(request: HttpRequest, slug: str) -> HttpResponse:
    channel = get_object_or_404(
        Channel.objects.visible_to(request.user).prefetch_related("steps", "notes"), slug=slug
    )
    issues = channel.issues.published().distinct()
    return render(request, "faq/channel.html", {"channel": channel, "issues": issues})


def issue_detail(request: HttpRequest, slug: str) -> HttpResponse:
    issue = get_object_or_404(
        Issue.objects.visible_to(request.user).prefetch_related(published_channel_links()),
        slug=slug,
    )
    return render(request, "faq/issue.html", {"issue": issue})


def tip_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tip = get_object_or_404(Tip.objects.visible_to(request.user), slug=slug)
    others = Tip.objects.published().exclude(pk=tip.pk)
    return render(request, "faq/tip.html", {"tip": tip, "other_tips": others})


def section_detail(request: HttpRequest, slug: str) -> HttpResponse:
    section = get_object_or_404(Section.objects.visible_to(request.user), slug=slug)
    context = {"section": section}
    if section.slug == "channels-overview":
        context["channels"] = Channel.objects.published()
    return render(request, "faq/section.html", context)


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """Answer "ok": for load balancers, and the framework's floor in benchmarks."""
    return HttpResponse("ok", content_type="text/plain")
