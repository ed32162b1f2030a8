"""The old foreign keys go, and every best bet names its entry (a separate migration, so
that PostgreSQL alters the table after the data migration's transaction committed)."""

import django.db.models.deletion
from django.db import migrations, models

OLD_FIELDS = ("issue", "channel", "tip", "section")


class Migration(migrations.Migration):
    dependencies = [("search", "0005_best_bets_any_kind")]

    operations = [
        *(migrations.RemoveField(model_name="bestbet", name=name) for name in OLD_FIELDS),
        migrations.AlterField(
            model_name="bestbet",
            name="content_type",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                to="contenttypes.contenttype",
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="bestbet",
            name="object_id",
            field=models.PositiveBigIntegerField(verbose_name="entry id"),
        ),
        migrations.AddIndex(
            model_name="bestbet",
            index=models.Index(
                fields=["content_type", "object_id"], name="search_best_content_49260e_idx"
            ),
        ),
    ]
