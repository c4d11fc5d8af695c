"""Results in SQL: counts per round and option, one grouped query each for online answers and paper
tallies over all of the school's questionnaires at once, added up here for the school, its county, the
region and the school's previous edition. A group below settings.SURVEY_MIN_RESPONDENTS is not shown.
"""

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from audits.models import Edition, Enrolment
from audits.selectors.editions import edition_current
from institutions.models import County

from .models import Answer, PaperTally, Question, Questionnaire, Response, Round
from .selectors import questionnaire_list_for_user

logger = logging.getLogger(__name__)
# How long a round's answer counts stay cached. The key holds the round's number of online responses and its
# newest response id, so a new (or deleted) response makes a new key: the time only bounds the cache's size.
COUNTS_CACHE_SECONDS = 7 * 24 * 3600

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


def _groups_of(row: Mapping[str, Any], enrolment: Enrolment, previous: Enrolment | None) -> list[str]:
    """Which of GROUPS a round (a values() row) counts in."""
    keys = []
    if row["enrolment"] == enrolment.pk:
        keys.append("school")
    if row["enrolment__edition"] == enrolment.edition_id:
        keys.append("region")
        if row["enrolment__institution__county"] == enrolment.institution.county_id:
            keys.append("county")
    if previous and row["enrolment"] == previous.pk:
        keys.append("previous")
    return keys


def _add(target: dict, key, groups: list[str], n: int) -> None:
    counts = target.setdefault(key, {})
    for group in groups:
        counts[group] = counts.get(group, 0) + n


def enrolment_results(*, enrolment: Enrolment, with_texts: bool = False) -> list[AudienceResult]:
    """Every audience the enrolment surveyed, with its comparisons.

    Counts are grouped per round in SQL (answers per round and option from the answers table alone,
    on its (round, option) index) and the few rows per round are added up here into the school, county,
    region and previous-edition groups. Queries: previous enrolment, questionnaires, questions, options,
    rounds, online respondents, answer counts, tally counts (+ free texts): 8 or 9, whatever the numbers.
    """
    previous = Enrolment.objects.filter(institution=enrolment.institution_id,
                                        edition__start_year=enrolment.edition.start_year - 1).first()
    questionnaires = list(Questionnaire.objects.filter(rounds__enrolment=enrolment).distinct().order_by("audience"))
    if not questionnaires:
        return []
    ids = [q.pk for q in questionnaires]
    questions = list(Question.objects.filter(questionnaire__in=ids).prefetch_related("options"))
    scope = Q(enrolment__edition=enrolment.edition_id) | Q(enrolment=previous.pk if previous else 0)
    rounds = Round.objects.filter(scope, questionnaire__in=ids)
    groups_of, questionnaire_of = {}, {}
    people: dict[int, dict[str, int]] = {}  # questionnaire → group → respondents
    for row in rounds.values("pk", "enrolment", "enrolment__edition", "enrolment__institution__county",
                             "questionnaire", "paper_respondents"):
        groups_of[row["pk"]] = _groups_of(row, enrolment, previous)
        questionnaire_of[row["pk"]] = row["questionnaire"]
        _add(people, row["questionnaire"], groups_of[row["pk"]], row["paper_respondents"])
    online = online_responses(rounds)
    for round_id, (n, _last) in online.items():
        _add(people, questionnaire_of[round_id], groups_of[round_id], n)
    ticks: dict[int, dict[str, int]] = {}  # option → group → answers
    for round_id, counts in answer_counts(online).items():
        for option_id, n in counts:
            _add(ticks, option_id, groups_of[round_id], n)
    for tally in PaperTally.objects.filter(round__in=rounds).values("round", "option").annotate(n=Sum("count")) \
            .order_by():
        _add(ticks, tally["option"], groups_of[tally["round"]], tally["n"] or 0)
    texts: dict[int, list[str]] = {}
    if with_texts:
        written = Answer.objects.filter(round__enrolment=enrolment, option__isnull=True).exclude(text="")
        for question_id, text in written.values_list("question", "text").order_by("-pk")[:1000]:
            texts.setdefault(question_id, []).append(text)
    results = []
    for questionnaire in questionnaires:
        groups = []
        for key, label in GROUPS.items():
            n = people.get(questionnaire.pk, {}).get(key, 0)
            groups.append(Group(key, str(label), n, n >= minimum()))
        rows = [_question_result(q, groups, ticks, texts.get(q.pk, []))
                for q in questions if q.questionnaire_id == questionnaire.pk]
        results.append(AudienceResult(questionnaire, groups, rows))
    return results


def online_responses(rounds: QuerySet[Round]) -> dict[int, tuple[int, int]]:
    """Round → (online responses, newest response id), one grouped query."""
    return {row["round"]: (row["n"], row["last"]) for row in Response.objects.filter(round__in=rounds)
            .values("round").annotate(n=Count("pk"), last=Max("pk")).order_by()}


def answer_counts(online: Mapping[int, tuple[int, int]]) -> dict[int, list[tuple[int, int]]]:
    """Per round with online responses: (option, answers) pairs, counted in SQL with one grouped query over the
    rounds not in the cache. `online` maps round → (responses, newest response id) (online_responses); a round's
    counts change only with its responses, so the other schools of the county and region (most of the rows
    the comparisons count) come from the cache, and only rounds that got answers since are counted again.
    A cache that cannot be reached only costs the time: everything is counted."""
    keys = {round_id: f"surveys:counts:{round_id}:{n}:{last}" for round_id, (n, last) in online.items()}
    try:
        cached = cache.get_many(list(keys.values()))
    except Exception:  # the shared cache is down: count everything, as without it
        logger.warning("Cache unreachable; survey answer counts are computed without it", exc_info=True)
        cached = {}
    counts = {round_id: cached[key] for round_id, key in keys.items() if key in cached}
    missing = [round_id for round_id in keys if round_id not in counts]
    if missing:
        fresh: dict[int, list[tuple[int, int]]] = {round_id: [] for round_id in missing}
        for row in Answer.objects.filter(round__in=missing, option__isnull=False).values("round", "option") \
                .annotate(n=Count("*")).order_by():
            fresh[row["round"]].append((row["option"], row["n"]))
        counts.update(fresh)
        try:
            cache.set_many({keys[round_id]: rows for round_id, rows in fresh.items()}, COUNTS_CACHE_SECONDS)
        except Exception:
            logger.warning("Cache unreachable; survey answer counts are not kept", exc_info=True)
    return counts


def _question_result(question: Question, groups: list[Group], ticks: dict, texts: list[str]) -> QuestionResult:
    result = QuestionResult(question, texts=texts)
    for option in question.options.all():
        counts = {g.key: ticks.get(option.pk, {}).get(g.key, 0) for g in groups}
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
    """KWP: per question, each county's (and the region's) share per option. Five queries: counties,
    rounds, online respondents per round, answers and tallies per round and option (then questions)."""
    counties = list(County.objects.order_by("name"))
    rounds = Round.objects.filter(enrolment__edition=edition, questionnaire=questionnaire)
    county_of: dict[int, int] = {}
    people: dict[int, int] = {}
    for row in rounds.values("pk", "enrolment__institution__county", "paper_respondents"):
        county_id = county_of[row["pk"]] = row["enrolment__institution__county"]
        people[county_id] = people.get(county_id, 0) + row["paper_respondents"]
    online = online_responses(rounds)
    for round_id, (n, _last) in online.items():
        county_id = county_of[round_id]
        people[county_id] = people.get(county_id, 0) + n
    ticks: dict[tuple[int, int], int] = {}
    answers = [(round_id, option_id, n) for round_id, counts in answer_counts(online).items()
               for option_id, n in counts]
    paper = [(t["round"], t["option"], t["n"] or 0) for t in PaperTally.objects.filter(round__in=rounds)
             .values("round", "option").annotate(n=Sum("count")).order_by()]
    for round_id, option_id, n in [*answers, *paper]:
        key = (option_id, county_of[round_id])
        ticks[key] = ticks.get(key, 0) + n
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


def region_choice(*, user, query) -> tuple[list, Edition | None, list, Questionnaire | None]:
    """The editions and published questionnaires KWP may look at, and the ones `query` picks (else the current
    edition and the first questionnaire): the region page and its export pick the same way."""
    editions = list(Edition.objects.order_by("-start_year"))
    questionnaires = list(questionnaire_list_for_user(user=user).exclude(status=Questionnaire.Status.DRAFT))
    current = edition_current() or (editions[0] if editions else None)
    edition = next((e for e in editions if str(e.pk) == query.get("edition")), current)
    questionnaire = next((q for q in questionnaires if str(q.pk) == query.get("questionnaire")),
                         questionnaires[0] if questionnaires else None)
    return editions, edition, questionnaires, questionnaire


def region_aggregate_rows(*, edition: Edition, questionnaire: Questionnaire) -> list[list]:
    """County, respondents, question, answer, share (%): aggregates only, counties below the minimum left out,
    never free text (the export of the region's results)."""
    rows = []
    for item in region_results(edition=edition, questionnaire=questionnaire):
        for row in item.rows:
            if not row.shown:
                continue
            county = row.county.name if row.county else str(_("Region"))
            for label, percent in zip(item.labels, row.percent, strict=True):
                rows.append([county, row.respondents, item.question.text, label, percent])
    return rows
