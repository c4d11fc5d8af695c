"""URLs of the audits app, one module per area (each module lists its own patterns)."""

from . import audits, comparison, confirmations, editions, rules, self_assessments

app_name = "audits"

urlpatterns = [
    *editions.urlpatterns, *self_assessments.urlpatterns, *audits.urlpatterns, *comparison.urlpatterns,
    *rules.urlpatterns, *confirmations.urlpatterns,
]
