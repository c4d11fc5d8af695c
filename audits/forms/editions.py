"""Forms for rulebooks, editions and enrolment: they validate input; the rules live in services."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from core.ui import DATE_INPUT_FORMAT
from institutions.models import County, Institution, Programme

from ..models import Criterion, CriterionArea, Edition, RulebookVersion, Stage


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format=DATE_INPUT_FORMAT, **kwargs)


class RulebookForm(forms.ModelForm):
    class Meta:
        model = RulebookVersion
        fields = [
            "programme", "name", "effective_from", "certificate_validity_years", "extension_validity_years",
            "max_points", "pass_threshold_percent", "lider_min_years", "lider_requires_valid_certificate",
        ]
        widgets = {"effective_from": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # the programme of an existing version never changes
            del self.fields["programme"]
        for name in ("certificate_validity_years", "extension_validity_years", "max_points", "lider_min_years"):
            self.fields[name].validators.append(MinValueValidator(1))
        self.fields["pass_threshold_percent"].validators += [MinValueValidator(1), MaxValueValidator(100)]


class RulebookCopyForm(forms.Form):
    name = forms.CharField(label=_("Name of the new version"), max_length=200)
    effective_from = forms.DateField(label=_("In force from"), widget=DateInput())


class AreaForm(forms.ModelForm):
    class Meta:
        model = CriterionArea
        fields = ["number", "title"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["number"].validators.append(MinValueValidator(1))


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["code", "title", "max_points", "evidence_required", "position", "guidance_coordinator",
                  "guidance_auditor"]
        widgets = {"guidance_coordinator": forms.Textarea(attrs={"rows": 4}),
                   "guidance_auditor": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"position": _("Order within the area (smaller first).")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["max_points"].validators.append(MinValueValidator(1))


class EditionForm(forms.ModelForm):
    class Meta:
        model = Edition
        fields = [
            "start_year", "spb_rulebook", "uwpb_rulebook", "enrolment_opens", "enrolment_closes",
            "self_assessment_deadline", "audit_window_start", "audit_window_end", "ceremony_date",
        ]
        widgets = {name: DateInput() for name in fields[3:]}
        help_texts = {
            "audit_window_start": _("Between 1 May and 30 June of the end year."),
            "ceremony_date": _("Optional; after the audit window."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_year"].validators += [MinValueValidator(2000), MaxValueValidator(2100)]
        if self.instance.pk:  # the school year is the edition's identity
            self.fields["start_year"].disabled = True


class EnrolmentForm(forms.Form):
    """One institution's enrolment: only the stages it may seek are valid choices."""

    stage = forms.ChoiceField(label=_("Stage sought"), widget=forms.RadioSelect)

    def __init__(self, *args, stages: dict[str, str | None], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = [(s.value, s.label) for s in Stage if stages.get(s.value) is None]


class EnrolFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, RSPO number or town")}))
    county = forms.ModelChoiceField(label=_("County"), queryset=County.objects.all(), required=False)
    programme = forms.ChoiceField(label=_("Programme"), required=False,
                                  choices=[("", _("Both programmes"))] + Programme.choices)


class EnrolManyForm(forms.Form):
    institutions = forms.ModelMultipleChoiceField(
        label=_("Institutions"), queryset=Institution.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Select at least one institution.")},
    )
    stage = forms.ChoiceField(
        label=_("Stage sought"), required=False,
        choices=[("", _("The stage offered to each institution"))] + Stage.choices,
        help_text=_("Institutions that may not seek the chosen stage are skipped, with the reason."),
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institutions"].queryset = queryset


class DeadlineExtensionForm(forms.Form):
    until = forms.DateField(
        label=_("Self-assessment deadline extended until"), required=False, widget=DateInput(),
        help_text=_("Leave empty to remove the extension."),
    )
