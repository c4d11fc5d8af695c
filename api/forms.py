from django import forms
from django.utils.translation import gettext_lazy as _

from institutions.models import User

from .models import ApiToken


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.get_full_name() or obj.username} ({obj.username}, {obj.get_role_display()})"


class TokenForm(forms.ModelForm):
    user = UserChoiceField(label=_("User"), queryset=User.objects.none(),
                           help_text=_("The token sees exactly what this person sees in the application."))

    class Meta:
        model = ApiToken
        fields = ["user", "name"]

    def __init__(self, *args, users, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
