"""Print what a site shows, as JSON: `python -m tests.snapshot` in the site's environment.

Every page of every published entry and the home page in both languages, and the search
API's answers to a set of queries. Two sites with the same content print the same thing.
"""

import json
import os
import re

import django

QUERIES = ["退款未到账", "refund", "包裹丢了", "gift card", "password", "客服电话", "zeltronic"]


def snapshot() -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from django.test import Client
    from django.utils import translation

    from faq.models import Channel, Issue, Section, Tip

    client, shown = Client(), {}
    for lang in ("zh-hans", "en"):
        with translation.override(lang):
            paths = [f"/{lang}/"] + [
                entry.get_absolute_url()
                for model in (Section, Channel, Issue, Tip)
                for entry in model.objects.published()
            ]
        for path in paths:
            page = client.get(path).content.decode()
            # The feedback form's CSRF token differs on every request, by design.
            shown[path] = re.sub(r'(name="csrfmiddlewaretoken" value=)"[^"]+"', r"\1", page)
        for query in QUERIES:
            shown[f"api {lang} {query}"] = client.get(
                "/api/search/", {"q": query, "lang": lang}
            ).json()
    return shown


if __name__ == "__main__":
    print(json.dumps(snapshot(), ensure_ascii=False, sort_keys=True))
