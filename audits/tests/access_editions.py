"""Access matrix for rulebooks, editions and enrolments (see zpb/tests/test_access_matrix.py)."""

from django.utils import timezone

from audits.models import Criterion
from audits.selectors.editions import school_year_start
from audits.tests.factories import EditionFactory, EnrolmentFactory, RulebookFactory
from zpb.tests.matrix import Case, everyone, only


def extend_world(world) -> None:
    """The current school year's edition with institution A enrolled, and an unlocked rulebook version."""
    edition = EditionFactory(start_year=school_year_start(timezone.localdate()))
    world.extra["edition"] = edition
    world.extra["enrolment_a"] = EnrolmentFactory(edition=edition, institution=world.institution_a)
    draft = RulebookFactory(name="Regulamin – projekt")
    world.extra["rulebook_draft"] = draft
    world.extra["area_draft"] = draft.areas.first()
    world.extra["criterion_draft"] = Criterion.objects.filter(area__rulebook=draft).first()


KWP = only({"kwp": 200})
KWP_POST = only({"kwp": 302})
RULEBOOK = lambda w: {"pk": w.rulebook_draft.pk}  # noqa: E731
AREA = lambda w: {"pk": w.area_draft.pk}  # noqa: E731
CRITERION = lambda w: {"pk": w.criterion_draft.pk}  # noqa: E731
EDITION = lambda w: {"pk": w.edition.pk}  # noqa: E731
ENROLMENT = lambda w: {"pk": w.enrolment_a.pk}  # noqa: E731

CASES = [
    # The rulebooks in force are public: the page and each programme's PDF.
    Case("audits:rules-public", expect=everyone(200)),
    Case("audits:rules-public-pdf", kwargs=lambda w: {"programme": "spb"}, expect=everyone(200)),
    Case("audits:rulebook-list", expect=KWP),
    Case("audits:rulebook-create", expect=KWP),
    Case("audits:rulebook-detail", kwargs=RULEBOOK, expect=KWP),
    Case("audits:rulebook-edit", kwargs=RULEBOOK, expect=KWP),
    Case("audits:rulebook-copy", kwargs=RULEBOOK, expect=KWP),
    Case("audits:rulebook-delete", kwargs=RULEBOOK, method="post", expect=KWP_POST),
    Case("audits:area-create", kwargs=RULEBOOK, expect=KWP),
    Case("audits:area-edit", kwargs=AREA, expect=KWP),
    Case("audits:area-delete", kwargs=AREA, method="post", expect=KWP_POST),
    Case("audits:criterion-create", kwargs=AREA, expect=KWP),
    Case("audits:criterion-edit", kwargs=CRITERION, expect=KWP),
    Case("audits:criterion-delete", kwargs=CRITERION, method="post", expect=KWP_POST),
    Case("audits:edition-list", expect=KWP),
    Case("audits:edition-create", expect=KWP),
    Case("audits:edition-detail", kwargs=EDITION, expect=KWP),
    Case("audits:edition-edit", kwargs=EDITION, expect=KWP),
    Case("audits:edition-enrol", kwargs=EDITION, expect=KWP),
    Case("audits:enrolment-create", kwargs=lambda w: {"pk": w.edition.pk, "institution_pk": w.institution_a.pk},
         expect=only({"kwp": 200, "coordinator_a": 200, "coordinator_b": 404})),
    Case("audits:enrolment-detail", kwargs=ENROLMENT,
         expect=only({"kwp": 200, "coordinator_a": 200, "officer_a": 200}, default=404)),
    Case("audits:enrolment-extend", kwargs=ENROLMENT, expect=KWP),
    Case("audits:enrolment-withdraw", kwargs=ENROLMENT, method="post", expect=KWP_POST),
]
