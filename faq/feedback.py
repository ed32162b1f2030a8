""" "Was this helpful?": a plain form on every answer page, one vote per visitor and day."""

from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from faq.kinds import entry_models
from faq.models import FEEDBACK_COMMENT_LENGTH, Feedback
from faq.visitors import audience_of, visitor_key


@require_POST
def feedback(request: HttpRequest, kind: str, slug: str) -> HttpResponseRedirect:
    """Record a vote (a second one the same day replaces the first), then go back to the
    page: to the comment box after "No", to a thank-you otherwise."""
    model = entry_models().get(kind)
    entry = model and model.objects.visible_to(request.user).filter(slug=slug).first()
    if entry is None:
        raise Http404
    helpful = request.POST.get("helpful") == "yes"
    comment = request.POST.get("comment", "").strip()[:FEEDBACK_COMMENT_LENGTH]
    defaults = {"helpful": helpful, "lang": get_language(), "audience": audience_of(request)}
    if helpful:
        defaults["comment"] = ""  # a "No" comment of earlier that day no longer stands
    elif comment:
        defaults["comment"] = comment
    Feedback.objects.update_or_create(
        kind=kind,
        slug=slug,
        visitor=visitor_key(request),
        day=timezone.now().date(),
        defaults=defaults,
    )
    after = "no" if not helpful and "comment" not in request.POST else "thanks"
    return HttpResponseRedirect(f"{entry.get_absolute_url()}?feedback={after}#feedback")
