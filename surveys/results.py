"""Results in SQL: counts per option for the school, its county, the region and the school's previous
edition, each in one grouped query for all of the school's questionnaires at once (online answers and
paper tallies apart, added here). A group below settings.SURVEY_MIN_RESPONDENTS is not shown.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from audits.models import Edition, Enrolment
from institutions.models import County

from .models import Answer, PaperTally, Question, Questionnaire, Response, Round

GROUPS = {"school": _("School"), "county": _("County"), "region": _("Region"), "previous": _("Previous edition")}


@dataclass
class Group:
    key: str
    label: str
    respondents: int
    shown: bool


@dataclass
class OptionRow:
    label: str
    counts: dict[str, int]
    percent: dict[str, int]
    compare: list[tuple[Group, int]] = field(default_factory=list)  # (comparison group, percent)


@dataclass
class QuestionResult:
    question: Question
    options: list[OptionRow] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


@dataclass
class AudienceResult:
    questionnaire: Questionnaire
    groups: list[Group]
    questions: list[QuestionResult]

    @property
    def school(self) -> Group:
        return self.groups[0]

    @property
    def comparisons(self) -> list[Group]:
        return self.groups[1:]


def minimum() -> int:
    return settings.SURVEY_MIN_RESPONDENTS


def _group_filters(enrolment: Enrolment, previous: Enrolment | None, prefix: str) -> dict[str, Q]:
    edition_q = Q(**{f"{prefix}enrolment__edition": enrolment.edition_id})
    filters = {
        "school": Q(**{f"{prefix}enrolment": enrolment.pk}),
        "county": edition_q & Q(**{f"{prefix}enrolment__institution__county": enrolment.institution.county_id}),
        "region": edition_q,
        "previous": Q(**{f"{prefix}enrolment": previous.pk if previous else 0}),
    }
    return filters


def _counts(qs: QuerySet, key: str, filters: dict[str, Q], agg) -> dict:
    """{key value: {group: n}} from one grouped query with a conditional aggregate per group."""
    rows = qs.values(key).annotate(**{g: agg(f) for g, f in filters.items()})
    return {row[key]: {g: row[g] or 0 for g in filters} for row in rows}


def enrolment_results(*, enrolment: Enrolment, with_texts: bool = False) -> list[AudienceResult]:
    """Every audience the enrolment surveyed. Queries: previous enrolment, questionnaires, questions,
    options, online respondents, paper respondents, answer counts, tally counts (+ texts): 8 or 9."""
    previous = Enrolment.objects.filter(institution=enrolment.institution_id,
                                        edition__start_year=enrolment.edition.start_year - 1).first()
    questionnaires = list(Questionnaire.objects.filter(rounds__enrolment=enrolment).distinct().order_by("audience"))
    if not questionnaires:
        return []
    ids = [q.pk for q in questionnaires]
    questions = list(Question.objects.filter(questionnaire__in=ids).prefetch_related("options"))
    scope = Q(enrolment__edition=enrolment.edition_id) | Q(enrolment=previous.pk if previous else 0)
    rounds = Round.objects.filter(scope, questionnaire__in=ids)
    online = _counts(Response.objects.filter(round__in=rounds), "round__questionnaire",
                     _group_filters(enrolment, previous, "round__"), lambda f: Count("pk", filter=f))
    paper = _counts(rounds, "questionnaire", _group_filters(enrolment, previous, ""),
                    lambda f: Sum("paper_respondents", filter=f))
    answers = _counts(Answer.objects.filter(response__round__in=rounds, option__isnull=False), "option",
                      _group_filters(enrolment, previous, "response__round__"), lambda f: Count("pk", filter=f))
    tallies = _counts(PaperTally.objects.filter(round__in=rounds), "option",
                      _group_filters(enrolment, previous, "round__"), lambda f: Sum("count", filter=f))
    texts: dict[int, list[str]] = {}
    if with_texts:
        written = Answer.objects.filter(response__round__enrolment=enrolment, option__isnull=True).exclude(text="")
        for question_id, text in written.values_list("question", "text").order_by("-pk")[:1000]:
            texts.setdefault(question_id, []).append(text)
    results = []
    for questionnaire in questionnaires:
        groups = []
        for key, label in GROUPS.items():
            n = online.get(questionnaire.pk, {}).get(key, 0) + paper.get(questionnaire.pk, {}).get(key, 0)
            groups.append(Group(key, str(label), n, n >= minimum()))
        rows = [_question_result(q, groups, answers, tallies, texts.get(q.pk, []))
                for q in questions if q.questionnaire_id == questionnaire.pk]
        results.append(AudienceResult(questionnaire, groups, rows))
    return results


def _question_result(question: Question, groups: list[Group], answers: dict, tallies: dict,
                     texts: list[str]) -> QuestionResult:
    result = QuestionResult(question, texts=texts)
    for option in question.options.all():
        counts = {g.key: answers.get(option.pk, {}).get(g.key, 0) + tallies.get(option.pk, {}).get(g.key, 0)
                  for g in groups}
        percent = {g.key: round(100 * counts[g.key] / g.respondents) if g.respondents else 0 for g in groups}
        compare = [(g, percent[g.key]) for g in groups[1:]]
        result.options.append(OptionRow(option.label, counts, percent, compare))
    return result


@dataclass
class CountyRow:
    county: County | None  # None: the whole region
    respondents: int
    shown: bool
    percent: list[int]


@dataclass
class RegionQuestion:
    question: Question
    labels: list[str]
    rows: list[CountyRow]


def region_results(*, edition: Edition, questionnaire: Questionnaire) -> list[RegionQuestion]:
    """KWP: per question, each county's (and the region's) share per option. Five queries."""
    counties = list(County.objects.order_by("name"))
    rounds = Round.objects.filter(enrolment__edition=edition, questionnaire=questionnaire)
    people: dict[int, int] = {}
    for row in Response.objects.filter(round__in=rounds).values("round__enrolment__institution__county") \
            .annotate(n=Count("pk")):
        people[row["round__enrolment__institution__county"]] = row["n"]
    for paper in rounds.values("enrolment__institution__county").annotate(n=Sum("paper_respondents")):
        county_id = paper["enrolment__institution__county"]
        people[county_id] = people.get(county_id, 0) + (paper["n"] or 0)
    ticks: dict[tuple[int, int], int] = {}
    for tick in Answer.objects.filter(response__round__in=rounds, option__isnull=False) \
            .values("option", "response__round__enrolment__institution__county").annotate(n=Count("pk")):
        ticks[tick["option"], tick["response__round__enrolment__institution__county"]] = tick["n"]
    for tally in PaperTally.objects.filter(round__in=rounds).values("option", "round__enrolment__institution__county") \
            .annotate(n=Sum("count")):
        key = (tally["option"], tally["round__enrolment__institution__county"])
        ticks[key] = ticks.get(key, 0) + tally["n"]
    total = sum(people.values())
    out = []
    for question in questions_with_options(questionnaire):
        options = list(question.options.all())
        rows = []
        for county in [*counties, None]:
            n = people.get(county.pk, 0) if county else total
            counts = [ticks.get((o.pk, county.pk), 0) if county else
                      sum(v for (opt, _c), v in ticks.items() if opt == o.pk) for o in options]
            rows.append(CountyRow(county, n, n >= minimum(), [round(100 * c / n) if n else 0 for c in counts]))
        out.append(RegionQuestion(question, [o.label for o in options], rows))
    return out


def questions_with_options(questionnaire: Questionnaire) -> QuerySet[Question]:
    return questionnaire.questions.exclude(kind=Question.Kind.TEXT).prefetch_related("options")
