"""Applications to join the programme: submitted, confirmed by e-mail, accepted or rejected by KWP."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.emails import email_queue
from core.lib.dates import short_date
from core.lib.history import history_author

from .. import tokens
from ..models import Application, ApplicationCoordinator, ApplicationEvent, Institution, Lock, User
from ..signals import application_accepted
from . import InstitutionError
from .institutions import coordinator_for_email, coordinator_link, institution_save

# The institution's fields an application carries (copied from a chosen known institution, or to a new one).
APPLICATION_INSTITUTION_FIELDS = (
    "type", "name", "rspo", "regon", "street", "building", "postal_code", "town", "county", "email", "phone", "website",
)


def application_duplicate(*, institution: Institution | None, rspo_number: str, name: str = "",
                          town: str = "", other_than: Application | None = None) -> str | None:
    """Why a new application for this institution (or `other_than`, being confirmed) would be a duplicate."""
    recent = timezone.now() - tokens.APPLICATION_LIFETIME
    open_q = Q(status=Application.Status.NEW) | Q(status=Application.Status.UNCONFIRMED, created_at__gte=recent)
    # Institutions without an RSPO number (universities, new schools) are recognised by name and town;
    # this also catches the same form sent twice.
    same = Q(name__iexact=name.strip(), town__iexact=town.strip()) if name and town else Q(pk__in=[])
    if institution is not None:
        same |= Q(institution=institution)
        rspo_number = rspo_number or institution.rspo
    if rspo_number:
        same |= Q(rspo=rspo_number)
    others = Application.objects.exclude(pk=other_than.pk) if other_than is not None else Application.objects
    if others.filter(open_q & same).exists():
        return _("An application for this institution is already waiting for a decision. "
                 "If you need to change it, contact KWP staff.")
    known = institution or (Institution.objects.filter(rspo=rspo_number).first() if rspo_number else None)
    if known is not None and known.takes_part:
        return _("This institution already takes part in the programme. "
                 "If you need access for a new coordinator, contact KWP staff.")
    return None


@transaction.atomic
def application_submit(*, application: Application, coordinators: list[ApplicationCoordinator]) -> Application:
    """Store the application (not yet visible to KWP) and send the link that confirms the applicant's e-mail."""
    if application.institution is not None:  # the known institution's data is what KWP will see
        for name in APPLICATION_INSTITUTION_FIELDS:
            setattr(application, name, getattr(application.institution, name))
    _applications_one_at_a_time()
    reason = application_duplicate(institution=application.institution, rspo_number=application.rspo,
                                   name=application.name, town=application.town)
    if reason:
        raise InstitutionError(reason)
    application.applicant_email = application.applicant_email.strip().lower()
    application.status = Application.Status.UNCONFIRMED
    application.save()
    for coordinator in coordinators:
        coordinator.application = application
        coordinator.email = coordinator.email.strip().lower()
    ApplicationCoordinator.objects.bulk_create(coordinators)
    ApplicationEvent.objects.create(application=application, kind=ApplicationEvent.Kind.SUBMITTED)
    _application_confirmation_send(application)
    return application


def _applications_one_at_a_time() -> None:
    # Applications are few: submitting (and confirming) them one at a time makes the duplicate check hold
    # under a double click. The lock row is created by a migration (get_or_create: a test database
    # emptied between tests no longer has it).
    Lock.objects.select_for_update().get_or_create(name=Lock.APPLICATIONS)


def _application_confirmation_send(application: Application) -> None:
    # This e-mail goes from the police's address to whatever mailbox was typed in the public form: of the
    # applicant's text it carries only the institution's name, on one line, shortened and quoted in the template.
    email_queue(template="application-confirm", to=[application.applicant_email],
                context={"application_id": application.pk, "name": email_excerpt(application.name)})


def email_excerpt(value: str, limit: int = 120) -> str:
    """Someone's text for an e-mail: one line, at most `limit` characters."""
    line = " ".join(value.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def application_confirm_context(context: dict) -> dict:
    token = tokens.make_signed({"a": context["application_id"]}, salt=tokens.APPLICATION_SALT)
    return {"token": token, "days": tokens.APPLICATION_LIFETIME.days}


@transaction.atomic
def application_confirm(*, token: str) -> tuple[Application, bool]:
    """Confirm the applicant's e-mail: the application reaches KWP. Returns (application, confirmed just now)."""
    value = tokens.read_signed(token, salt=tokens.APPLICATION_SALT, max_age=tokens.APPLICATION_LIFETIME)
    try:
        application_id = int(value["a"])
    except (KeyError, TypeError, ValueError):
        raise tokens.LinkError(tokens.LinkProblem.INVALID) from None
    application = Application.objects.filter(pk=application_id).first()
    if application is None:
        raise tokens.LinkError(tokens.LinkProblem.INVALID)
    if application.status == Application.Status.UNCONFIRMED:
        # A stale application (its first link expired, so it no longer blocked new ones) confirmed late
        # must not put a second application for the school before KWP.
        _applications_one_at_a_time()
        reason = application_duplicate(institution=application.institution, rspo_number=application.rspo,
                                       name=application.name, town=application.town, other_than=application)
        if reason:
            raise InstitutionError(reason)
    # Compare-and-set: a second click (or two tabs) finds the application already confirmed.
    now = timezone.now()
    confirmed = Application.objects.filter(pk=application.pk, status=Application.Status.UNCONFIRMED).update(
        status=Application.Status.NEW, email_confirmed_at=now
    )
    if not confirmed:
        return application, False
    application.refresh_from_db()
    ApplicationEvent.objects.create(application=application, kind=ApplicationEvent.Kind.CONFIRMED)
    kwp = User.objects.filter(Q(role=User.Role.KWP_STAFF) | Q(is_superuser=True), is_active=True).exclude(email="")
    email_queue(template="application-new", to=list(kwp.values_list("email", flat=True)),
                context={"application_id": application.pk, "name": application.name,
                         "county": application.county.name})
    return application, True


def application_confirmation_request_new(*, email: str) -> None:
    """Send the confirmation link again to every still unconfirmed application from this address.
    The answer on the page is the same whether or not there is one."""
    for application in Application.objects.filter(
        applicant_email__iexact=email.strip(), status=Application.Status.UNCONFIRMED
    ):
        _application_confirmation_send(application)


def _application_claim(application: Application) -> Application:
    """Lock the application; only a new one can be decided (a double click or a colleague was faster)."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status != Application.Status.NEW:
        raise InstitutionError(_("This application has already been decided or its e-mail is not confirmed yet."))
    return locked


@transaction.atomic
def application_accept(*, application: Application, by: User) -> Institution:
    """Accept an application, in one transaction:

    1. create or link the institution and record when it joined;
    2. create or link the coordinators and invite them;
    3. mark the application accepted;
    4. send `application_accepted`: partners records the partners the application listed as partnerships of the
       institution (partners/receivers.py, partners_from_application), a business write of this acceptance
       that lives in partners because institutions may not import it.
    """
    application = _application_claim(application)
    now = timezone.now()
    institution = application.institution or (
        Institution.objects.filter(rspo=application.rspo).first() if application.rspo else None
    )
    if institution is None:
        institution = Institution(**{name: getattr(application, name) for name in APPLICATION_INSTITUTION_FIELDS})
    elif institution.is_active and institution.joined_on:
        # It joined after this application was sent (another application, or KWP's edit): accepting would
        # hand it to whoever this one names. New coordinators are invited on the institution's page.
        raise InstitutionError(
            _("%(name)s already takes part in the programme (since %(date)s). Reject this application, or "
              "invite coordinators on the institution's page.")
            % {"name": institution.name, "date": short_date(institution.joined_on)}
        )
    institution.joined_on = institution.joined_on or timezone.localdate(now)
    institution.is_active = True
    history_author(institution, by)
    institution = institution_save(institution=institution)

    for person in application.coordinators.all():
        user, created = coordinator_for_email(email=person.email, first_name=person.first_name,
                                         last_name=person.last_name, phone=person.phone, by=by)
        invited = coordinator_link(institution=institution, user=user, created=created, by=by)
        kind = ApplicationEvent.Kind.COORDINATOR_INVITED if invited else ApplicationEvent.Kind.COORDINATOR_LINKED
        ApplicationEvent.objects.create(application=application, kind=kind, by=by, note=person.email)

    application.institution, application.status = institution, Application.Status.ACCEPTED
    application.decided_by, application.decided_at = by, now
    application.save(update_fields=["institution", "status", "decided_by", "decided_at"])
    ApplicationEvent.objects.create(application=application, kind=ApplicationEvent.Kind.ACCEPTED, by=by)
    # The confirmation page promised the applicant the decision; the invitations go to the coordinators.
    email_queue(template="application-accepted", to=[application.applicant_email],
                context={"name": institution.name,
                         "coordinators": [person.email for person in application.coordinators.all()]})
    # Step 4: the application's partners become partnerships (partners.receivers.partners_from_application).
    application_accepted.send(sender=Application, application=application, institution=institution, by=by)
    return institution


@transaction.atomic
def application_reject(*, application: Application, by: User, reason: str) -> Application:
    reason = reason.strip()
    if not reason:
        raise InstitutionError(_("Give the reason for the rejection; the applicant will receive it."))
    application = _application_claim(application)
    application.status, application.rejection_reason = Application.Status.REJECTED, reason
    application.decided_by, application.decided_at = by, timezone.now()
    application.save(update_fields=["status", "rejection_reason", "decided_by", "decided_at"])
    ApplicationEvent.objects.create(application=application, kind=ApplicationEvent.Kind.REJECTED, by=by, note=reason)
    email_queue(template="application-rejected", to=[application.applicant_email],
                context={"name": application.name, "reason": reason})
    return application
