"""One editor process for the concurrency test: `python -m tests.search.edit_worker N EDITS`.

Each edit is its own transaction, as an admin save is. Every worker edits the same issue
and the same channel's steps (the entries editors collide on), its own tip, and now and
then unpublishes and republishes that tip.
"""

import os
import sys

import django


def main(worker: int, edits: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.db import transaction

    from faq.models import Channel, Issue, Tip

    own_tip = Tip.objects.order_by("pk")[worker]
    for edit in range(edits):
        mark = f"worker{worker}edit{edit}"
        with transaction.atomic():
            if edit % 4 == 0:
                issue = Issue.objects.get(slug="returns")
                issue.solution_en = f"Returns answer last written by {mark}."
                issue.solution_zh_hans = f"退货答案，最后由 {mark} 修改。"
                issue.save()
            elif edit % 4 == 1:
                step = Channel.objects.get(slug="phone").steps.order_by("order")[worker]
                step.body_en = f"Phone step written by {mark}."
                step.save()
            elif edit % 4 == 2:
                own_tip.refresh_from_db()
                own_tip.body_en = f"Tip text written by {mark}."
                own_tip.save()
            else:
                own_tip.refresh_from_db()
                own_tip.is_published = not own_tip.is_published
                own_tip.save()


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))
