"""Read-only admin for superusers: questionnaires are edited, rounds opened and tallies typed on the app's own
pages (services check them). Written answers never show here: only the school's coordinators read them."""

from django.contrib import admin

from .models import Answer, Option, PaperTally, Question, Questionnaire, Response, Round


class ReadOnlyAdmin(admin.ModelAdmin):
    def get_readonly_fields(self, request, obj=None) -> list[str]:
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(Questionnaire)
class QuestionnaireAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "programme", "audience", "version", "status"]
    list_filter = ["programme", "audience", "status"]


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "closes_on"]


@admin.register(Answer)
class AnswerAdmin(ReadOnlyAdmin):
    exclude = ["text"]
    list_display = ["response", "question", "option"]

    def get_readonly_fields(self, request, obj=None) -> list[str]:
        return [name for name in super().get_readonly_fields(request, obj) if name != "text"]


admin.site.register([Question, Option, Response, PaperTally], ReadOnlyAdmin)
