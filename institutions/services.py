"""Writes for institutions, coordinators and users."""

from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from zpb.emails import email_queue

from . import rspo, tokens
from .models import Application, ApplicationCoordinator, ApplicationEvent, Institution, Invitation, RspoImport, User
from .signals import application_accepted

RSPO_CHANGE_REASON = "RSPO import"


class InstitutionError(Exception):
    """A rule was broken; the message is shown to the user."""


@transaction.atomic
def institution_save(*, institution: Institution) -> Institution:
    """Create or update; the serving police unit defaults from the county."""
    if institution.police_unit_id is None:
        institution.police_unit = institution.county.police_unit
    institution.save()
    return institution


@transaction.atomic
def institution_set_active(*, institution: Institution, active: bool) -> Institution:
    # Institutions are never deleted: their history (self-assessments, audits, certificates) must stay.
    institution.is_active = active
    institution.save(update_fields=["is_active", "updated_at"])
    return institution


@transaction.atomic
def coordinator_add(*, institution: Institution, user: User) -> None:
    if not user.is_coordinator or user.is_superuser or user.is_staff:  # an administrator keeps the default role
        raise InstitutionError(_("Only users with the coordinator role can coordinate an institution."))
    institution.coordinators.add(user)


@transaction.atomic
def coordinator_remove(*, institution: Institution, user: User) -> None:
    institution.coordinators.remove(user)


@transaction.atomic
def user_save(*, user: User, by: User | None = None) -> User:
    """Create or update an account. A new account gets no usable password but an invitation to set one."""
    is_new = user.pk is None
    # An invitation already sent went to the old address (often a typo KWP is correcting): it must stop
    # working, or whoever owns that address could set the password and take the account.
    old_email = "" if is_new else User.objects.filter(pk=user.pk).values_list("email", flat=True).first() or ""
    readdressed = not is_new and old_email.lower() != user.email.lower()
    if is_new:
        user.set_unusable_password()
    if user.role != User.Role.AUDITOR and user.role != User.Role.KWP_STAFF:
        user.police_unit = None
    user.save()
    if not user.is_active:
        _invitations_revoke(user=user)
    elif (is_new or readdressed) and user.email and not user.has_usable_password():
        invitation_send(user=user, by=by)  # also revokes the older links
    elif readdressed:
        _invitations_revoke(user=user)
    if readdressed and old_email:  # as when the owners change it themselves: the old address is told
        email_queue(template="email-changed", to=[old_email],
                    context={"username": user.username, "new_email": user.email})
    return user


@transaction.atomic
def user_set_active(*, user: User, active: bool, by: User) -> User:
    """Accounts are never deleted (history keeps the name); a deactivated one cannot sign in."""
    if user.pk == by.pk and not active:
        raise InstitutionError(_("You cannot deactivate your own account."))
    user.is_active = active
    user._history_user = by
    user.save(update_fields=["is_active"])
    if not active:
        _invitations_revoke(user=user)
    return user


@transaction.atomic
def user_profile_save(*, user: User, first_name: str, last_name: str, phone: str) -> User:
    user.first_name, user.last_name, user.phone = first_name, last_name, phone
    user._history_user = user
    user.save(update_fields=["first_name", "last_name", "phone"])
    return user


@transaction.atomic
def coordinator_invite(
    *, institution: Institution, by: User, first_name: str, last_name: str, email: str, phone: str = ""
) -> bool:
    """Give a person access to the institution: a new coordinator account with an invitation (True), or an
    existing coordinator linked to it (False). An address of an auditor or KWP account is refused."""
    if institution.coordinators.filter(email__iexact=email.strip()).exists():
        raise InstitutionError(_("%(email)s already coordinates this institution.") % {"email": email.strip()})
    user, created = _coordinator_for(email=email, first_name=first_name, last_name=last_name, phone=phone, by=by)
    _coordinator_link(institution=institution, user=user, created=created, by=by)
    return created


def _coordinator_link(*, institution: Institution, user: User, created: bool, by: User) -> bool:
    """Add the coordinator to the institution and tell them; True when they got an invitation (a new
    account, or one that never set a password, for whom "sign in with your account" would lead nowhere)."""
    institution.coordinators.add(user)
    if created:
        return True
    if not user.has_usable_password():
        invitation_send(user=user, by=by)
        return True
    email_queue(template="coordinator-added", to=[user.email],
                context={"institution_id": institution.pk, "name": institution.name})
    return False


def _coordinator_for(*, email: str, first_name: str, last_name: str, phone: str, by: User) -> tuple[User, bool]:
    """The coordinator account with this address, created (and invited) when there is none; True if created."""
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None:
        if user.is_superuser or user.is_staff:
            raise InstitutionError(
                _("%(email)s belongs to an administrator account; it cannot coordinate an institution.")
                % {"email": email}
            )
        if not user.is_coordinator:
            raise InstitutionError(
                _("%(email)s belongs to an account with another role (%(role)s).")
                % {"email": email, "role": user.get_role_display()}
            )
        if not user.is_active:
            # Deactivated on purpose: linking it quietly would give access to nobody (or, once
            # reactivated, to someone KWP meant to shut out). KWP decides first.
            raise InstitutionError(
                _("%(email)s belongs to a deactivated account. Reactivate it under Users if this person "
                  "should coordinate the institution, then try again.") % {"email": email}
            )
        return user, False
    if User.objects.filter(username__iexact=email).exists():
        raise InstitutionError(_("The login %(email)s is already taken.") % {"email": email})
    user = User(username=email, email=email, first_name=first_name, last_name=last_name, phone=phone,
                role=User.Role.COORDINATOR)
    user._history_user = by
    user_save(user=user, by=by)
    return user, True


# --- Invitations ---------------------------------------------------------------------------


def _invitations_revoke(*, user: User) -> int:
    return Invitation.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


@transaction.atomic
def invitation_send(*, user: User, by: User | None = None) -> Invitation:
    """A new single-use link to set the first password; older open invitations of the user stop working.

    Only the invitation's id goes to the outbox; the token is signed again when the e-mail is rendered.
    """
    if not user.is_active:
        raise InstitutionError(_("This account is deactivated; reactivate it before sending an invitation."))
    if user.has_usable_password():
        raise InstitutionError(_("This user has already set a password; they can use “Forgot your password?”."))
    if not user.email:
        raise InstitutionError(_("This user has no e-mail address."))
    User.objects.select_for_update().get(pk=user.pk)  # one resend at a time per user
    invitation = _invitation_create(user=user, by=by)
    email_queue(template="invitation", to=[user.email],
                context={"invitation_id": invitation.pk, "username": user.username})
    return invitation


def _invitation_create(*, user: User, by: User | None) -> Invitation:
    _invitations_revoke(user=user)
    invitation = Invitation.objects.create(
        user=user, created_by=by, expires_at=timezone.now() + tokens.INVITATION_LIFETIME, nonce=tokens.new_nonce(),
    )
    invitation.token_hash = tokens.token_hash(tokens.invitation_token(invitation.pk, invitation.nonce))
    invitation.save(update_fields=["token_hash"])
    return invitation


def invitation_context(context: dict) -> dict:
    if "invitation_id" not in context:
        # Queued before invitations had their own table (only the user's id was stored): issue one now.
        invitation = _invitation_create(user=User.objects.get(pk=context["user_id"]), by=None)
    else:
        invitation = Invitation.objects.get(pk=context["invitation_id"])
    token = tokens.invitation_token(invitation.pk, invitation.nonce)
    if tokens.token_hash(token) != invitation.token_hash:  # the row was edited: never send a dead link
        raise RuntimeError(f"Invitation {invitation.pk}: token does not match the stored hash")
    return {"token": token, "days": tokens.INVITATION_LIFETIME.days}


def invitation_for_token(token: str) -> Invitation:
    """The invitation a link names, if it may still be used; LinkError says why not."""
    invitation_id = tokens.invitation_id_from(token)
    invitation = Invitation.objects.select_related("user").filter(pk=invitation_id).first()
    tokens.invitation_check(invitation, token)
    if not invitation.user.is_active:
        raise tokens.LinkError(tokens.LinkProblem.REVOKED)
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    """Set the first password. Compare-and-set on used_at: of two simultaneous submissions one wins."""
    invitation = invitation_for_token(token)
    claimed = Invitation.objects.filter(
        pk=invitation.pk, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).update(used_at=timezone.now())
    if not claimed:
        raise tokens.LinkError(tokens.LinkProblem.USED)
    user = invitation.user
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


def invitation_request_new(*, email: str) -> None:
    """Someone whose link expired asks for a new one. Says nothing about whether the address is known:
    only an active account that has never set a password gets a fresh invitation."""
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is not None and not user.has_usable_password():
        invitation_send(user=user)


@transaction.atomic
def rspo_import_create(*, filename: str, content: str, by: User) -> RspoImport:
    """Store an uploaded export (already read by the form) for preview; nothing is imported yet."""
    return RspoImport.objects.create(uploaded_by=by, filename=filename[:255], content=content)


@transaction.atomic
def rspo_import_apply(*, rspo_import: RspoImport, by: User) -> RspoImport:
    """Apply a stored import once: claim it, plan it against the current data, write, record counts."""
    # Compare-and-set: a second submission (double click, another tab) finds applied_at set.
    claimed = RspoImport.objects.filter(pk=rspo_import.pk, applied_at__isnull=True).update(applied_at=timezone.now())
    if not claimed:
        raise InstitutionError(_("This import has already been applied."))
    try:
        with transaction.atomic():
            results = rspo_plan_apply(records=rspo.parse(rspo_import.content), by=by)
    except IntegrityError:
        # Another import created one of these RSPO numbers in the meantime; the claim is rolled back too.
        raise InstitutionError(
            _("Some of these institutions were added by someone else meanwhile. Open the preview again.")
        ) from None
    counts = rspo.counts(results)
    RspoImport.objects.filter(pk=rspo_import.pk).update(
        created_count=counts["create"], updated_count=counts["update"],
        unchanged_count=counts["unchanged"], rejected_count=counts["reject"],
    )
    rspo_import.refresh_from_db()
    return rspo_import


@transaction.atomic
def rspo_plan_apply(*, records: list[rspo.RspoRecord], by: User | None) -> list[rspo.RowResult]:
    """Create and update institutions as planned; the matched rows are locked while planning."""
    results = rspo.plan(records, for_update=True)
    new = [
        Institution(**result.values, police_unit=result.values["county"].police_unit)
        for result in results if result.action == rspo.Action.CREATE
    ]
    changed, fields = [], {"updated_at"}
    now = timezone.now()
    for result in results:
        if result.action == rspo.Action.UPDATE and result.institution is not None:
            for change in result.changes:
                setattr(result.institution, change.field, result.values[change.field])
                fields.add(change.field)
            result.institution.updated_at = now  # bulk_update skips auto_now
            changed.append(result.institution)
    if new:
        bulk_create_with_history(new, Institution, default_user=by, default_change_reason=RSPO_CHANGE_REASON)
    if changed:
        bulk_update_with_history(
            changed, Institution, sorted(fields), default_user=by, default_change_reason=RSPO_CHANGE_REASON
        )
    return results


# --- Profile: e-mail change ------------------------------------------------------------------


def email_change_request(*, user: User, new_email: str) -> None:
    """A confirmation link goes to the new address; nothing changes until it is opened.

    Whether another account uses the address is checked only on confirmation, so that this form
    does not tell which addresses are known.
    """
    new_email = new_email.strip().lower()
    if new_email == user.email.lower():
        raise InstitutionError(_("This is already your e-mail address."))
    email_queue(template="email-change", to=[new_email], context={"user_id": user.pk, "new_email": new_email})


def email_change_context(context: dict) -> dict:
    user = User.objects.get(pk=context["user_id"])
    # The current address is signed in: once the address changes, the link stops working.
    value = {"u": user.pk, "new": context["new_email"], "old": user.email.lower()}
    return {"token": tokens.make_signed(value, salt=tokens.EMAIL_CHANGE_SALT),
            "days": tokens.EMAIL_CHANGE_LIFETIME.days}


@transaction.atomic
def email_change_confirm(*, token: str) -> User:
    value = tokens.read_signed(token, salt=tokens.EMAIL_CHANGE_SALT, max_age=tokens.EMAIL_CHANGE_LIFETIME)
    try:
        user = User.objects.select_for_update().get(pk=value["u"], is_active=True)
        new_email, old_email = value["new"], value["old"]
    except (User.DoesNotExist, KeyError, TypeError):
        raise tokens.LinkError(tokens.LinkProblem.INVALID) from None
    if user.email.lower() != old_email:
        problem = tokens.LinkProblem.USED if user.email.lower() == new_email else tokens.LinkProblem.INVALID
        raise tokens.LinkError(problem)
    if User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
        raise InstitutionError(_("Another account uses this e-mail address. Contact KWP staff."))
    user.email = new_email
    user._history_user = user
    user.save(update_fields=["email"])
    if old_email:
        email_queue(template="email-changed", to=[old_email],
                    context={"username": user.username, "new_email": new_email})
    return user


# --- Applications to join the programme --------------------------------------------------------

APPLICATION_SUBMIT_LOCK = 7_301_001  # a pg_advisory_xact_lock key of our own
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
    if known is not None and known.is_active and known.joined_on:
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
    # under a double click.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [APPLICATION_SUBMIT_LOCK])


def _application_confirmation_send(application: Application) -> None:
    email_queue(template="application-confirm", to=[application.applicant_email],
                context={"application_id": application.pk, "name": application.name})


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
    """Create or link the institution, record when it joined, create or link the coordinators and invite them."""
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
            % {"name": institution.name, "date": date_format(institution.joined_on, "d.m.Y")}
        )
    institution.joined_on = institution.joined_on or timezone.localdate(now)
    institution.is_active = True
    institution._history_user = by
    institution = institution_save(institution=institution)

    for person in application.coordinators.all():
        user, created = _coordinator_for(email=person.email, first_name=person.first_name,
                                         last_name=person.last_name, phone=person.phone, by=by)
        invited = _coordinator_link(institution=institution, user=user, created=created, by=by)
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
