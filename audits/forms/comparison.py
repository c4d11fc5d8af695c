from django import forms
from django.utils.translation import gettext_lazy as _

from institutions.models import County, Programme

from ..models import Edition


class ComparisonFilterForm(forms.Form):
    """The KWP per-criterion view: one edition and one programme (their criteria differ), optionally one county."""

    edition = forms.ModelChoiceField(label=_("Edition"), queryset=Edition.objects.all(), required=False,
                                     empty_label=None)
    programme = forms.ChoiceField(label=_("Programme"), required=False, choices=Programme.choices)
    county = forms.ModelChoiceField(label=_("County"), queryset=County.objects.all(), required=False,
                                    empty_label=_("All counties"))
