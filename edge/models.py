from django.db import models
from django.utils.translation import gettext_lazy as _


class RateCount(models.Model):
    """Requests one client made in one rate-limit window, shared by every worker and node
    through the database (edge/counters.py)."""

    key = models.CharField(_("key"), max_length=200, primary_key=True)
    count = models.PositiveIntegerField(_("count"))
    expires = models.BigIntegerField(_("expires (Unix time)"), db_index=True)

    class Meta:
        verbose_name = _("rate-limit count")
        verbose_name_plural = _("rate-limit counts")

    def __str__(self) -> str:
        return f"{self.key}: {self.count}"
