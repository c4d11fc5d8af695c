from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.ui import DATE_WIDGET, date_input
from institutions.models import County, Programme
from partners.models import Partnership

from ..models import ActionPlanItem, Criterion, DangerousPlace, Edition, SelfAssessment
from ..models.self_assessments import survey_fields
from ..uploads import ACCEPT, MAX_UPLOAD_BYTES, CheckedUpload, check_upload


class VersionField(forms.IntegerField):
    """The version the form was loaded with; the save is refused if the row has moved on."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(min_value=0, **kwargs)


SURVEY_FIELDS = ("surveyed_students", "surveyed_parents", "surveyed_teachers")


class DiagnosisForm(forms.ModelForm):
    version = VersionField()

    class Meta:
        model = SelfAssessment
        fields = [
            "surveyed_students", "surveyed_parents", "surveyed_teachers", "site_inspection_date", "diagnosis_findings",
            "dangerous_places",
        ]
        widgets = {
            "site_inspection_date": DATE_WIDGET,
            "diagnosis_findings": forms.Textarea(attrs={"rows": 5}),
            "dangerous_places": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "dangerous_places": _(
                "Places in the building or its surroundings found dangerous, e.g. during the site inspection."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        surveys = survey_fields(self.instance.enrolment.institution.programme)
        for name in SURVEY_FIELDS:
            if name in surveys:
                self.fields[name].label = surveys[name]
            else:
                del self.fields[name]  # e.g. parents, at a university
        self.survey_fields = [self[name] for name in surveys]


class ActionPlanItemForm(forms.ModelForm):
    version = VersionField(required=False)

    class Meta:
        model = ActionPlanItem
        fields = ["threat", "goal", "action", "partnerships", "deadline", "status", "effect"]
        widgets = {
            "deadline": DATE_WIDGET,
            "action": forms.Textarea(attrs={"rows": 3}),
            "effect": forms.Textarea(attrs={"rows": 2}),
            "partnerships": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, assessment: SelfAssessment, **kwargs):
        super().__init__(*args, **kwargs)
        # Current partnerships only; ones already chosen stay valid after they end.
        institution = assessment.enrolment.institution
        chosen = Q(pk__in=self.instance.partnerships.values("pk")) if self.instance.pk else Q(pk__in=[])
        self.fields["partnerships"].queryset = (
            Partnership.objects.filter(Q(pk__in=institution.partnerships.current().values("pk")) | chosen)
            .select_related("partner").order_by("partner__name")
        )
        self.fields["partnerships"].label_from_instance = lambda p: p.partner.name
        self.fields["partnerships"].help_text = _(
            "The institution's current partners (edit them on the institution page)."
        )
        self.fields["version"].initial = self.instance.version if self.instance.pk else 0


class DeleteForm(forms.Form):
    version = VersionField()


class CriterionAnswerForm(forms.Form):
    description = forms.CharField(label=_("What was done and its effect"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    file = forms.FileField(
        label=_("Add an evidence file"), required=False,
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )
    version = VersionField()

    def __init__(self, *args, criterion: Criterion, **kwargs):
        super().__init__(*args, **kwargs)
        self.criterion = criterion
        self.checked: CheckedUpload | None = None
        self.fields["score"] = forms.IntegerField(
            label=_("Self-score"), required=False, min_value=0, max_value=criterion.max_points,
            help_text=_("0 to %(max)d points") % {"max": criterion.max_points},
        )
        self.fields["file"].help_text = _("PDF, JPG, PNG, DOCX, ODT, XLSX or ODS, at most %(limit)d MB.") % {
            "limit": MAX_UPLOAD_BYTES // 2**20
        }
        self.order_fields(["score", "description", "file", "version"])

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            self.checked = check_upload(upload)
        return upload


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What should be corrected"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The coordinators receive this comment by e-mail and see it on the self-assessment."),
    )


class AcceptForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), required=False, widget=forms.TextInput)


class ReviewFilterForm(forms.Form):
    edition = forms.ModelChoiceField(label=_("Edition"), queryset=Edition.objects.all(), required=False,
                                     empty_label=None)
    q = forms.CharField(label=_("Search"), required=False,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name or town")}))
    county = forms.ModelChoiceField(label=_("County"), queryset=County.objects.all(), required=False,
                                    empty_label=_("All counties"))
    programme = forms.ChoiceField(label=_("Programme"), required=False,
                                  choices=[("", _("Both programmes"))] + Programme.choices)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All statuses"))] + SelfAssessment.Status.choices)


class DangerousPlaceForm(forms.ModelForm):
    class Meta:
        model = DangerousPlace
        fields = ["place", "kind", "source", "description", "action_item", "status", "reinspect_on"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "reinspect_on": DATE_WIDGET}

    def __init__(self, *args, assessment: SelfAssessment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action_item"].queryset = assessment.action_items.all()


class DangerousPlaceStatusForm(forms.ModelForm):
    """A row of the list: how far the place is dealt with and when it is to be seen again."""

    class Meta:
        model = DangerousPlace
        fields = ["status", "reinspect_on"]
        widgets = {"status": forms.Select(attrs={"class": "form-select form-select-sm w-auto"}),
                   "reinspect_on": date_input(**{"class": "form-control form-control-sm w-auto"})}
