"""Best bets pin an entry of any registered content kind through a generic relation (one
foreign key per kind meant a migration per new kind). Existing best bets are kept."""

import django.db.models.deletion
from django.db import migrations, models

OLD_FIELDS = ("issue", "channel", "tip", "section")


def to_generic(apps, schema_editor):
    """Point each best bet at its entry through (content type, object id)."""
    BestBet = apps.get_model("search", "BestBet")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for bet in BestBet.objects.all():
        name = next((name for name in OLD_FIELDS if getattr(bet, f"{name}_id")), None)
        if name is None:
            bet.delete()
            continue
        bet.content_type, _created = ContentType.objects.get_or_create(app_label="faq", model=name)
        bet.object_id = getattr(bet, f"{name}_id")
        bet.save(update_fields=["content_type", "object_id"])


def to_foreign_keys(apps, schema_editor):
    """Point each best bet back at its entry through the foreign key of its kind."""
    BestBet = apps.get_model("search", "BestBet")
    for bet in BestBet.objects.select_related("content_type"):
        if bet.content_type.app_label != "faq" or bet.content_type.model not in OLD_FIELDS:
            bet.delete()  # a kind the old schema cannot hold
            continue
        setattr(bet, f"{bet.content_type.model}_id", bet.object_id)
        bet.save()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("search", "0004_query_days_and_clicks"),
    ]

    operations = [
        migrations.AddField(
            model_name="bestbet",
            name="content_type",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                to="contenttypes.contenttype",
                verbose_name="kind",
            ),
        ),
        migrations.AddField(
            model_name="bestbet",
            name="object_id",
            field=models.PositiveBigIntegerField(null=True, verbose_name="entry id"),
        ),
        migrations.RunPython(to_generic, to_foreign_keys),
    ]
