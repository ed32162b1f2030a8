"""The query log: what customers searched for, and whether anything was found."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class QueryLog(models.Model):
    query = models.CharField(_("query"), max_length=200, db_index=True)
    lang = models.CharField(_("language"), max_length=10)
    kind = models.CharField(_("kind filter"), max_length=20, blank=True)
    result_count = models.PositiveIntegerField(_("results"))
    duration_ms = models.FloatField(_("time (ms)"))
    created_at = models.DateTimeField(_("searched at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("search query")
        verbose_name_plural = _("search queries")

    def __str__(self) -> str:
        return self.query
