"""`make run` seeds the guide with `manage.py seed_guide`: only into an empty database."""

import pytest
from django.core.management import call_command

from faq.models import Issue, Tip

pytestmark = pytest.mark.django_db


def test_the_guide_is_loaded_into_an_empty_database():
    call_command("seed_guide", verbosity=0)
    assert Issue.objects.filter(slug="returns").exists()
    assert Tip.objects.count() == 9


def test_running_again_never_reverts_an_editors_change():
    call_command("seed_guide", verbosity=0)
    Issue.objects.filter(slug="returns").update(title_en="Edited by an editor")
    Tip.objects.filter(slug="prepare").delete()
    call_command("seed_guide", verbosity=0)
    assert Issue.objects.get(slug="returns").title_en == "Edited by an editor"
    assert not Tip.objects.filter(slug="prepare").exists()
