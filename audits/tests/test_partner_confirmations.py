"""Partners confirm an action-plan item through a signed, expiring, single-use link (no account)."""

import datetime

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from audits.models import PartnerConfirmation
from audits.services.confirmations import (
    ConfirmationError,
    confirmation_request,
    confirmation_revoke,
    confirmation_submit,
    confirmation_token,
)
from audits.tests.factories import AuditFactory
from audits.tests.factories_self_assessments import PDF_BYTES, PNG_BYTES, ActionPlanItemFactory, self_assessment_for
from core.emails import email_render
from core.models import OutgoingEmail
from institutions.tests.factories import AuditorFactory
from institutions.tokens import LinkError, LinkProblem
from partners.tests.factories import PartnerFactory, PartnershipFactory
from zpb.tests.matrix import ROLES


@pytest.fixture
def item(world):
    cache.clear()  # the public page's per-address counters of earlier tests in this minute
    assessment = self_assessment_for(world.institution_a)
    partnership = PartnershipFactory(institution=world.institution_a,
                                     partner=PartnerFactory(name="Straż Miejska Bochnia", email="sm@bochnia.pl"))
    item = ActionPlanItemFactory(self_assessment=assessment, goal="Bezpieczne przejście")
    item.partnerships.set([partnership])
    yield item
    cache.clear()


def send(item, world) -> tuple[PartnerConfirmation, str]:
    confirmation = confirmation_request(item=item, partnership=item.partnerships.get(), by=world.coordinator_a)
    return confirmation, confirmation_token(confirmation)


def test_the_e_mail_carries_the_link_but_the_outbox_does_not(world, item):
    confirmation, token = send(item, world)
    email = OutgoingEmail.objects.get(template="partner_confirmation_request", context__confirmation_id=confirmation.pk)
    assert email.to == ["sm@bochnia.pl"]
    assert token not in str(email.context) and token not in confirmation.token_hash
    message = email_render(email)
    assert reverse("audits:partner-confirm", args=[token]) in message.body
    assert "Bezpieczne przejście" in message.body and "Certyfikacja ZPB" in message.subject


def test_a_partner_without_e_mail_cannot_be_asked(world, item):
    partnership = PartnershipFactory(institution=world.institution_a, partner=PartnerFactory(email=""))
    item.partnerships.add(partnership)
    with pytest.raises(ConfirmationError, match="nie ma adresu e-mail"):
        confirmation_request(item=item, partnership=partnership, by=world.coordinator_a)


def test_only_a_responsible_partner_can_be_asked(world, item):
    other = PartnershipFactory(institution=world.institution_a)
    with pytest.raises(ConfirmationError):
        confirmation_request(item=item, partnership=other, by=world.coordinator_a)


def test_a_new_link_to_the_same_partner_revokes_the_old_one(world, item):
    first, _token = send(item, world)
    send(item, world)
    first.refresh_from_db()
    assert first.state == "revoked"


def test_the_partner_confirms_once_with_a_pdf(world, item, media_root):
    confirmation, token = send(item, world)
    upload = SimpleUploadedFile("protokół.pdf", PDF_BYTES, content_type="application/pdf")
    from audits.uploads import check_upload

    confirmation_submit(token=token, done_on=datetime.date(2026, 10, 1), note="Zamontowano oświetlenie.",
                        upload=upload, checked=check_upload(upload))
    confirmation.refresh_from_db()
    assert confirmation.state == "confirmed" and confirmation.file_name == "protokół.pdf"
    with pytest.raises(LinkError) as used:
        confirmation_submit(token=token, done_on=datetime.date(2026, 10, 2), note="Jeszcze raz.")
    assert used.value.problem == LinkProblem.USED
    confirmation.refresh_from_db()
    assert confirmation.note == "Zamontowano oświetlenie."


@pytest.mark.parametrize("problem", ["revoked", "expired", "tampered"])
def test_a_bad_link_stores_nothing(world, item, problem):
    confirmation, token = send(item, world)
    if problem == "revoked":
        confirmation_revoke(confirmation=confirmation, by=world.coordinator_a)
    elif problem == "expired":
        PartnerConfirmation.objects.filter(pk=confirmation.pk).update(expires_at=timezone.now())
    else:
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    with pytest.raises(LinkError):
        confirmation_submit(token=token, done_on=datetime.date(2026, 10, 1), note="Zrobione.")
    confirmation.refresh_from_db()
    assert confirmation.confirmed_at is None and confirmation.note == ""


def test_a_token_signed_for_another_kind_of_link_is_refused(world, item):
    from django.core import signing

    from institutions.tokens import INVITATION_SALT

    confirmation, _token = send(item, world)
    other_kind = signing.Signer(salt=INVITATION_SALT).sign_object([confirmation.pk, confirmation.nonce])
    with pytest.raises(LinkError):
        confirmation_submit(token=other_kind, done_on=datetime.date(2026, 10, 1), note="Zrobione.")


# --- The public page ------------------------------------------------------------------------------------------


def test_the_public_page_shows_the_item_and_accepts_a_pdf(client, world, item, media_root):
    _confirmation, token = send(item, world)
    url = reverse("audits:partner-confirm", args=[token])
    page = client.get(url)
    assert page.status_code == 200 and "Bezpieczne przejście" in page.text
    response = client.post(url, {"done_on": "2026-10-01", "note": "Zamontowano oświetlenie.",
                                 "file": SimpleUploadedFile("zdjecie.pdf", PDF_BYTES)})
    assert response.status_code == 200 and "Dziękujemy za potwierdzenie" in response.text
    assert client.get(url).status_code == 409  # used


def test_a_png_posing_as_pdf_is_refused_and_nothing_is_stored(client, world, item, media_root):
    confirmation, token = send(item, world)
    response = client.post(reverse("audits:partner-confirm", args=[token]), {
        "done_on": "2026-10-01", "note": "Zrobione.", "file": SimpleUploadedFile("skan.pdf", PNG_BYTES)})
    assert response.status_code == 200 and "nie odpowiada jego rozszerzeniu" in response.text
    confirmation.refresh_from_db()
    assert confirmation.confirmed_at is None


def test_a_revoked_link_shows_a_clear_page(client, world, item):
    confirmation, token = send(item, world)
    confirmation_revoke(confirmation=confirmation, by=world.coordinator_a)
    response = client.get(reverse("audits:partner-confirm", args=[token]))
    assert response.status_code == 410
    assert "Link został unieważniony przez koordynatora placówki." in response.text
    assert "Niczego nie zapisano." in response.text


def test_the_public_page_is_rate_limited(client, world, item, monkeypatch):
    import time
    from types import SimpleNamespace

    import audits.views.confirmations as views
    from core.lib import throttle

    # One fixed minute, so the window cannot roll over half-way through the test.
    monkeypatch.setattr(throttle, "time", SimpleNamespace(time=lambda: 60_000_030.0, monotonic=time.monotonic))

    _confirmation, token = send(item, world)
    url = reverse("audits:partner-confirm", args=[token])
    statuses = [client.get(url).status_code for _ in range(views.PER_MINUTE + 1)]
    assert statuses[:-1] == [200] * views.PER_MINUTE and statuses[-1] == 429


def test_the_coordinator_sees_the_confirmation_on_the_plan_and_the_auditors_on_the_audit(
    client, world, item, media_root
):
    confirmation, token = send(item, world)
    client.post(reverse("audits:partner-confirm", args=[token]), {
        "done_on": "2026-10-01", "note": "Zamontowano oświetlenie.", "file": SimpleUploadedFile("p.pdf", PDF_BYTES)})
    client.force_login(world.coordinator_a)
    plan = client.get(reverse("audits:self-assessment-plan", args=[item.self_assessment_id])).text
    assert "Zamontowano oświetlenie." in plan and "p.pdf" in plan
    download = client.get(reverse("audits:confirmation-file", args=[confirmation.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF_BYTES

    lead = AuditorFactory()
    audit = AuditFactory(enrolment=item.self_assessment.enrolment, team=[lead])
    client.force_login(lead)
    page = client.get(audit.get_absolute_url()).text
    assert "Zamontowano oświetlenie." in page and "p.pdf" in page
    assert client.get(reverse("audits:confirmation-file", args=[confirmation.pk])).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_a_tampered_token_is_404_and_a_revoked_one_410_for_everyone(client, world, item, role):
    confirmation, token = send(item, world)
    if (user := world.user(role)) is not None:
        client.force_login(user)
    assert client.get(reverse("audits:partner-confirm", args=[token + "x"])).status_code == 404
    assert client.post(reverse("audits:partner-confirm", args=["nonsense"]),
                       {"done_on": "2026-10-01", "note": "x"}).status_code == 404
    confirmation_revoke(confirmation=confirmation, by=world.coordinator_a)
    assert client.get(reverse("audits:partner-confirm", args=[token])).status_code == 410
    confirmation.refresh_from_db()
    assert confirmation.confirmed_at is None
