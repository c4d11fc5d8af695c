"""The rules for links sent by e-mail (institutions/tokens.py)."""

from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from institutions import tokens
from institutions.models import Invitation
from institutions.tests.factories import UserFactory
from institutions.tokens import LinkError, LinkProblem


def make_invitation(**overrides) -> tuple[Invitation, str]:
    invitation = Invitation.objects.create(
        user=UserFactory(password=None), expires_at=timezone.now() + tokens.INVITATION_LIFETIME,
        nonce=tokens.new_nonce(), **overrides,
    )
    token = tokens.invitation_token(invitation.pk, invitation.nonce)
    invitation.token_hash = tokens.token_hash(token)
    invitation.save()
    return invitation, token


def problem_of(invitation, token) -> LinkProblem | None:
    try:
        tokens.invitation_check(invitation, token)
    except LinkError as exc:
        return exc.problem
    return None


pytestmark = pytest.mark.usefixtures("reference_data")


def test_a_fresh_invitation_is_valid_and_only_its_hash_is_stored(monkeypatch):
    invitation, token = make_invitation()
    # the e-mail is rendered later; the token must come out the same to match the stored hash
    later = timezone.now().timestamp() + 3600
    monkeypatch.setattr("time.time", lambda: later)
    assert tokens.invitation_token(invitation.pk, invitation.nonce) == token
    assert problem_of(invitation, token) is None
    assert tokens.invitation_id_from(token) == invitation.pk
    assert token not in invitation.token_hash and len(invitation.token_hash) == 64


def test_an_invitation_expires_after_seven_days():
    invitation, token = make_invitation()
    assert invitation.expires_at - invitation.created_at == pytest.approx(timedelta(days=7), abs=timedelta(seconds=5))
    invitation.expires_at = timezone.now() - timedelta(seconds=1)
    assert problem_of(invitation, token) == LinkProblem.EXPIRED


def test_a_used_invitation_cannot_be_used_again():
    invitation, token = make_invitation(used_at=timezone.now())
    assert problem_of(invitation, token) == LinkProblem.USED


def test_a_revoked_or_superseded_invitation_is_refused():
    invitation, token = make_invitation(revoked_at=timezone.now())
    assert problem_of(invitation, token) == LinkProblem.REVOKED


def test_a_tampered_token_is_invalid():
    invitation, token = make_invitation()
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    with pytest.raises(LinkError) as exc:
        tokens.invitation_id_from(tampered)
    assert exc.value.problem == LinkProblem.INVALID
    # a token signed for another invitation with the right id but another nonce does not match the hash
    forged = tokens.invitation_token(invitation.pk, "0" * 32)
    assert problem_of(invitation, forged) == LinkProblem.INVALID


def test_a_token_of_another_kind_is_invalid():
    invitation, _token = make_invitation()
    other_salt = signing.dumps([invitation.pk, invitation.nonce], salt=tokens.EMAIL_CHANGE_SALT)
    with pytest.raises(LinkError) as exc:
        tokens.invitation_id_from(other_salt)
    assert exc.value.problem == LinkProblem.INVALID
    with pytest.raises(LinkError) as exc:
        tokens.read_signed(tokens.make_signed({"a": 1}, salt=tokens.EMAIL_CHANGE_SALT), salt=tokens.APPLICATION_SALT,
                           max_age=tokens.APPLICATION_LIFETIME)
    assert exc.value.problem == LinkProblem.INVALID


def test_signed_values_expire(monkeypatch):
    token = tokens.make_signed({"a": 1}, salt=tokens.APPLICATION_SALT)
    assert tokens.read_signed(token, salt=tokens.APPLICATION_SALT, max_age=tokens.APPLICATION_LIFETIME) == {"a": 1}
    later = timezone.now().timestamp() + tokens.APPLICATION_LIFETIME.total_seconds() + 60
    monkeypatch.setattr("time.time", lambda: later)
    with pytest.raises(LinkError) as exc:
        tokens.read_signed(token, salt=tokens.APPLICATION_SALT, max_age=tokens.APPLICATION_LIFETIME)
    assert exc.value.problem == LinkProblem.EXPIRED
