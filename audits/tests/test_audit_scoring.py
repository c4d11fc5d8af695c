"""Scoring by the team (services): per criterion, with versions, comments and the audit-day rule."""

import datetime
import threading

import pytest
from django.db import connection

from audits.models import AuditEvent, AuditScore
from audits.services.audits import AuditError, AuditScoreConflict, audit_score_save, audit_sign
from audits.tests.factories_audits import criteria_of, edition_of, planned_audit, score_all
from institutions.tests.factories import AuditorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(reference_data):
    return AuditorFactory(first_name="Adam", last_name="Lider")


@pytest.fixture
def member(reference_data):
    return AuditorFactory(first_name="Beata", last_name="Członek")


@pytest.fixture
def audit(lead, member):
    # Self-scores: 5 on every criterion (capped at its maximum).
    return planned_audit(team=[lead, member], self_score=5)


def save(audit, criterion, by, score, comment="", version=1, **kwargs):
    return audit_score_save(audit=audit, criterion=criterion, score=score, comment=comment, version=version, by=by,
                            **kwargs)


def test_a_team_member_saves_a_score(audit, member):
    criterion = criteria_of(audit)[0]
    row = save(audit, criterion, member, 5)
    assert (row.score, row.version, row.updated_by) == (5, 2, member)


def test_each_score_change_is_recorded_with_old_and_new_value(audit, member, lead):
    criterion = criteria_of(audit)[0]
    save(audit, criterion, member, 5)
    save(audit, criterion, lead, 4, "Brak protokołu z wizji lokalnej.", version=2)
    events = list(AuditEvent.objects.filter(audit=audit, action=AuditEvent.Action.SCORED))
    assert [(e.by, e.criterion, e.old_value, e.new_value) for e in events] == [
        (member, criterion, "", "5"), (lead, criterion, "5", "4")]


def test_a_save_over_a_newer_change_is_refused_and_the_first_is_kept(audit, lead, member):
    criterion = criteria_of(audit)[0]
    # Both opened the page at version 1; the member saves first.
    save(audit, criterion, member, 5)
    with pytest.raises(AuditScoreConflict) as exc:
        save(audit, criterion, lead, 3, "Za mało dowodów.", version=1)
    row = AuditScore.objects.get(audit=audit, criterion=criterion)
    assert (row.score, row.comment, row.version) == (5, "", 2)
    assert exc.value.current.score == 5


def test_the_conflict_message_shows_the_current_value_and_who_saved_it(audit, lead, member):
    criterion = criteria_of(audit)[0]
    save(audit, criterion, member, 4, "Ankiety tylko dla uczniów.")
    with pytest.raises(AuditScoreConflict) as exc:
        save(audit, criterion, lead, 3, "Za mało dowodów.", version=1)
    assert "Beata Członek" in str(exc.value)
    assert "4" in str(exc.value) and "Ankiety tylko dla uczniów." in str(exc.value)


def test_a_comment_is_required_where_the_score_differs_from_the_self_score(audit, member):
    criterion = criteria_of(audit)[0]
    with pytest.raises(AuditError, match="różni się od samooceny"):
        save(audit, criterion, member, 2)
    assert not AuditScore.objects.filter(score__isnull=False).exists()


def test_a_differing_score_with_a_comment_is_saved(audit, member):
    criterion = criteria_of(audit)[0]
    assert save(audit, criterion, member, 2, "Brak dokumentacji działań.").score == 2


def test_points_above_the_maximum_are_refused(audit, member):
    criterion = criteria_of(audit)[1]  # 5 points at most
    with pytest.raises(AuditError, match="od 0 do 5"):
        save(audit, criterion, member, 6, "Ponad normę.")
    assert not AuditScore.objects.filter(score__isnull=False).exists()


def test_scores_are_refused_before_the_audit_day(lead, member):
    audit = planned_audit(team=[lead, member], edition=edition_of(2090), self_score=5)
    with pytest.raises(AuditError, match="od dnia audytu"):
        save(audit, criteria_of(audit)[0], member, 5)
    assert not AuditScore.objects.exists()


def test_scores_are_accepted_on_the_audit_day(audit, member):
    assert save(audit, criteria_of(audit)[0], member, 5, today=audit.date).score == 5


def test_scores_are_refused_the_day_before(audit, member):
    with pytest.raises(AuditError):
        save(audit, criteria_of(audit)[0], member, 5, today=audit.date - datetime.timedelta(days=1))


def test_someone_not_on_the_team_cannot_score(audit):
    with pytest.raises(AuditError, match="Tylko członkowie zespołu"):
        save(audit, criteria_of(audit)[0], AuditorFactory(), 5)
    assert not AuditScore.objects.exists()


def test_a_criterion_of_another_rulebook_is_refused(audit, member, lead):
    other = planned_audit(team=[lead])
    with pytest.raises(AuditError):
        save(audit, criteria_of(other)[0], member, 5)


def test_scores_cannot_change_after_signing(audit, lead, member):
    score_all(audit)
    audit_sign(audit=audit, by=lead)
    with pytest.raises(AuditError, match="podpisany"):
        save(audit, criteria_of(audit)[0], member, 0, "Korekta.", version=1)
    assert AuditScore.objects.get(audit=audit, criterion=criteria_of(audit)[0]).score != 0


def test_saving_the_same_values_again_records_nothing(audit, member):
    criterion = criteria_of(audit)[0]
    save(audit, criterion, member, 5)
    row = save(audit, criterion, member, 5, version=2)
    assert row.version == 2
    assert AuditEvent.objects.filter(action=AuditEvent.Action.SCORED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_of_one_criterion_keep_exactly_one(reference_data):
    lead, member = AuditorFactory(), AuditorFactory()
    audit = planned_audit(team=[lead, member], self_score=5)
    criterion = criteria_of(audit)[1]
    barrier, outcomes = threading.Barrier(2), {}

    def attempt(user, points):
        try:
            barrier.wait()
            save(audit, criterion, user, points, "Ocena zespołu.")
            outcomes[user.pk] = "saved"
        except AuditScoreConflict:
            outcomes[user.pk] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=args) for args in ((lead, 4), (member, 3))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    row = AuditScore.objects.get(audit=audit, criterion=criterion)
    winner = lead if outcomes[lead.pk] == "saved" else member
    assert sorted(outcomes.values()) == ["refused", "saved"]
    assert (row.score, row.version, row.updated_by) == ({lead: 4, member: 3}[winner], 2, winner)
