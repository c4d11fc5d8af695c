"""What the survey load benchmark needs, as JSON on stdout: a fresh open round on the pupils' questionnaire
(its public token and, per question, the field name and the values a pupil may send) and a logged-in session
for the floor page.

Run by bench/survey_load.py with the app's settings and the benchmark database (DATABASE_URL), after migrate.
"""

import importlib
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zpb.settings")


def targets() -> dict:
    import django

    django.setup()
    from django.utils import timezone
    from load_targets import session_for

    from audits.models import Enrolment
    from institutions.models import County, Institution, InstitutionType, User
    from institutions.reference import ensure_loaded
    from surveys.models import Question, Round
    from surveys.selectors import questionnaire_current

    ensure_loaded()
    # Test helpers, loaded by name: they are not part of the typed code.
    importlib.import_module("surveys.tests.factories").default_questionnaires()
    edition = importlib.import_module("audits.tests.factories_self_assessments").current_edition()
    county = County.objects.select_related("police_unit").first()
    assert county is not None
    institution, _ = Institution.objects.get_or_create(
        name="Szkoła Podstawowa (pomiar ankiety)", defaults={
            "type": InstitutionType.PRIMARY, "postal_code": "30-001", "town": "Kraków", "county": county,
            "police_unit": county.police_unit})
    enrolment, _ = Enrolment.objects.get_or_create(edition=edition, institution=institution)
    questionnaire = questionnaire_current(programme="SPB", audience="pupils_primary")
    assert questionnaire is not None
    round = Round.objects.create(enrolment=enrolment, questionnaire=questionnaire, closes_on=timezone.localdate(),
                                 label="pomiar")
    fields = []
    for question in questionnaire.questions.prefetch_related("options"):
        values = ["Ciemno przy przystanku"] if question.kind == Question.Kind.TEXT else \
            [str(o.pk) for o in question.options.all()]
        fields.append([f"q{question.pk}", values])
    floor_user, _ = User.objects.get_or_create(username="bench-survey-floor", defaults={"role": "coordinator"})
    return {"token": round.token, "round": round.pk, "fields": fields, "floor_session": session_for(floor_user)}


if __name__ == "__main__":
    print(json.dumps(targets()))
