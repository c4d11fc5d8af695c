from django import forms
from django.core import signing
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _

from .models import AUDIENCES, TEXT_ANSWER_MAX, Audience, Question, Questionnaire, Round

NONCE_SALT = "surveys.answer"


class QuestionnaireForm(forms.ModelForm):
    class Meta:
        model = Questionnaire
        fields = ["title", "intro"]


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=Question.Kind.choices)
    options = forms.CharField(
        label=_("Answers (single and multiple choice)"), required=False, max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One answer per line. A 1–5 scale and yes/no bring their own answers; free text has none."))

    def clean_options(self) -> list[str]:
        return self.cleaned_data["options"].splitlines()


class ResultsEvidenceForm(forms.Form):
    criterion: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Criterion"), queryset=None, widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args, criteria, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = criteria


class RoundForm(forms.Form):
    audience = forms.ChoiceField(label=_("Who answers"))
    closes_on = forms.DateField(label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"}),
                                help_text=_("The last day answers are accepted."))
    label = forms.CharField(label=_("Class or group (optional)"), required=False, max_length=60,
                            help_text=_("Optional, e.g. “7b” or “parents of grade 4”."))

    def __init__(self, *args, programme: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Audience.choices)
        self.fields["audience"].choices = [(a, labels[a]) for a in AUDIENCES[programme]]


class PaperTallyForm(forms.Form):
    """The number of paper questionnaires and, per option, how many ticked it."""

    respondents = forms.IntegerField(label=_("Paper questionnaires collected"), min_value=0, max_value=100_000)

    def __init__(self, *args, questions: list[Question], tallies: dict[int, int], respondents: int,
                 **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["respondents"].initial = respondents
        self.questions = []
        for question in questions:
            names = []
            for option in question.options.all():
                name = f"o{option.pk}"
                self.fields[name] = forms.IntegerField(label=option.label, min_value=0, max_value=100_000,
                                                       required=False, initial=tallies.get(option.pk, 0))
                names.append(self[name])
            if names:
                self.questions.append((question, names))

    def counts(self) -> dict[int, int]:
        return {int(name[1:]): value or 0 for name, value in self.cleaned_data.items() if name.startswith("o")}


class AnswerForm(forms.Form):
    """The public questionnaire: a field per question, all optional; only the questionnaire's own
    options are valid choices; a one-time number and a field people never see (bots fill it)."""

    nonce = forms.CharField(widget=forms.HiddenInput, max_length=200)
    homepage = forms.CharField(required=False, label=_("Leave this field empty"),
                               widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))

    def __init__(self, *args, round: Round, questions: list[Question], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.round = round
        self.questions = questions
        if not self.is_bound:
            self.fields["nonce"].initial = self._new_nonce()
        for question in questions:
            choices = [(str(o.pk), o.label) for o in question.options.all()]
            name = f"q{question.pk}"
            if question.kind == Question.Kind.TEXT:
                self.fields[name] = forms.CharField(
                    label=question.text, required=False, max_length=TEXT_ANSWER_MAX,
                    widget=forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_ANSWER_MAX}),
                    help_text=_("Optional; at most %(n)s characters. Do not write names.") % {"n": TEXT_ANSWER_MAX})
            elif question.kind == Question.Kind.MULTIPLE:
                self.fields[name] = forms.MultipleChoiceField(label=question.text, required=False, choices=choices,
                                                              widget=forms.CheckboxSelectMultiple,
                                                              help_text=_("You may tick more than one."))
            else:
                self.fields[name] = forms.ChoiceField(label=question.text, required=False, choices=choices,
                                                      widget=forms.RadioSelect)

    def _new_nonce(self) -> str:
        return signing.dumps([self.round.token, get_random_string(24)], salt=NONCE_SALT)

    def renew_nonce(self) -> None:
        """After an expired or forged form number: the page is shown again with a valid one, so that
        the person's answers (kept in the form) can be sent."""
        data = self.data.copy()  # the request's QueryDict: a mutable copy
        data["nonce"] = self._new_nonce()
        self.data = data

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("homepage"))

    def clean_nonce(self) -> str:
        try:
            token, nonce = signing.loads(self.cleaned_data["nonce"], salt=NONCE_SALT)
        except (signing.BadSignature, ValueError, TypeError):
            raise forms.ValidationError(_("The form has expired: open the survey again.")) from None
        if token != self.round.token:
            raise forms.ValidationError(_("The form has expired: open the survey again."))
        return str(nonce)[:32]

    def answers(self) -> dict[int, list[int] | str]:
        out: dict[int, list[int] | str] = {}
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}")
            if question.kind == Question.Kind.TEXT:
                out[question.pk] = (value or "").strip()
            elif question.kind == Question.Kind.MULTIPLE:
                out[question.pk] = [int(v) for v in value or []]
            else:
                out[question.pk] = [int(value)] if value else []
        return out
