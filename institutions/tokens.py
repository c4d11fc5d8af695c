"""The rules for links sent by e-mail: signed with the secret key, expiring, single use.

- Invitations (set the first password): the token signs (invitation id, nonce); the database keeps only
  its SHA-256 hash, so the token is never stored. Expiry, use and revocation live on the Invitation row.
- Application confirmation and e-mail change: signed, timestamped values; single use follows from the
  state they change (the application is no longer unconfirmed, the e-mail address is no longer the old one).
Each kind of link has its own salt, so one can never be replayed as another.
"""

import enum
import hashlib
import hmac
import secrets
from datetime import timedelta

from django.core import signing
from django.utils import timezone

from core.services import ServiceError

INVITATION_SALT = "institutions.invitation"
INVITATION_LIFETIME = timedelta(days=7)
APPLICATION_SALT = "institutions.application-confirm"
APPLICATION_LIFETIME = timedelta(days=3)
EMAIL_CHANGE_SALT = "institutions.email-change"
EMAIL_CHANGE_LIFETIME = timedelta(days=2)


class LinkProblem(enum.Enum):
    INVALID = "invalid"  # tampered, truncated, wrong kind of link, unknown row
    EXPIRED = "expired"
    USED = "used"
    REVOKED = "revoked"  # a newer invitation replaced it, or the account was deactivated


class LinkError(ServiceError):
    def __init__(self, problem: LinkProblem):
        super().__init__(problem.value)
        self.problem = problem


def new_nonce() -> str:
    return secrets.token_hex(16)


def invitation_token(invitation_id: int, nonce: str) -> str:
    # A plain Signer, not signing.dumps: that one adds a timestamp, and the token must come out the
    # same when the e-mail is rendered as when its hash was stored. Expiry lives on the row.
    return signing.Signer(salt=INVITATION_SALT).sign_object([invitation_id, nonce])


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_id_from(token: str) -> int:
    """The invitation id a token names; LinkError(INVALID) when it was not signed by us for invitations."""
    try:
        invitation_id, _nonce = signing.Signer(salt=INVITATION_SALT).unsign_object(token)
        return int(invitation_id)
    except (signing.BadSignature, TypeError, ValueError):
        raise LinkError(LinkProblem.INVALID) from None


def invitation_check(invitation, token: str, *, now=None) -> None:
    """Raise LinkError unless `token` is this invitation's and the invitation may still be used."""
    if invitation is None or not hmac.compare_digest(invitation.token_hash, token_hash(token)):
        raise LinkError(LinkProblem.INVALID)
    if invitation.used_at:
        raise LinkError(LinkProblem.USED)
    if invitation.revoked_at:
        raise LinkError(LinkProblem.REVOKED)
    if invitation.expires_at <= (now or timezone.now()):
        raise LinkError(LinkProblem.EXPIRED)


def make_signed(value, *, salt: str) -> str:
    return signing.dumps(value, salt=salt)


def read_signed(token: str, *, salt: str, max_age: timedelta):
    """The signed value; LinkError(EXPIRED) when older than max_age, LinkError(INVALID) when not ours."""
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkError(LinkProblem.EXPIRED) from None
    except signing.BadSignature:
        raise LinkError(LinkProblem.INVALID) from None
