from zpb.tests.matrix import LOGIN, Case, everyone, only

A = lambda w: {"pk": w.institution_a.pk}  # noqa: E731
IMPORT = lambda w: {"pk": w.rspo_import.pk}  # noqa: E731
APPLICATION = lambda w: {"pk": w.application.pk}  # noqa: E731
BOGUS = lambda w: {"token": "not-a-signed-token"}  # noqa: E731

RSPO_HEADER = '"Numer RSPO";"Typ";"Nazwa";"Kod pocztowy";"Miejscowość";"Województwo";"Powiat"'

CASES = [
    Case("institutions:list", expect=only({"kwp": 200, "coordinator_a": 200, "coordinator_b": 200})),
    Case("institutions:create", expect=only({"kwp": 200})),
    Case("institutions:detail", kwargs=A,
         expect=only({"kwp": 200, "coordinator_a": 200, "officer_a": 200}, default=404)),
    Case("institutions:edit", kwargs=A, expect=only({"kwp": 200, "coordinator_a": 200, "officer_a": 403}, default=404)),
    Case("institutions:toggle-active", kwargs=A, method="post", expect=only({"kwp": 302})),
    Case("institutions:coordinator-add", kwargs=A, method="post", expect=only({"kwp": 302})),
    Case("institutions:coordinator-search", kwargs=A, data=lambda w: {"query": "ko"}, expect=only({"kwp": 200})),
    Case("institutions:coordinator-remove", kwargs=lambda w: {"pk": w.institution_a.pk, "user_pk": w.coordinator_a.pk},
         method="post", expect=only({"kwp": 302})),
    Case("institutions:rspo-import", expect=only({"kwp": 200})),
    Case("institutions:rspo-import-preview", kwargs=IMPORT, expect=only({"kwp": 200})),
    Case("institutions:rspo-import-apply", kwargs=IMPORT, method="post", expect=only({"kwp": 302})),
    Case("institutions:user-list", expect=only({"kwp": 200})),
    Case("institutions:user-create", expect=only({"kwp": 200})),
    Case("institutions:user-edit", kwargs=lambda w: {"pk": w.coordinator_a.pk}, expect=only({"kwp": 200})),
    Case("institutions:user-toggle-active", kwargs=lambda w: {"pk": w.invited_user.pk}, method="post",
         expect=only({"kwp": 302})),
    Case("institutions:user-invite", kwargs=lambda w: {"pk": w.invited_user.pk}, method="post",
         expect=only({"kwp": 302})),
    Case("institutions:coordinator-invite", kwargs=A, expect=only({"kwp": 200})),
    Case("institutions:application-list", expect=only({"kwp": 200})),
    Case("institutions:application-detail", kwargs=APPLICATION, expect=only({"kwp": 200})),
    Case("institutions:application-accept", kwargs=APPLICATION, method="post", expect=only({"kwp": 302})),
    Case("institutions:application-reject", kwargs=APPLICATION, method="post", expect=only({"kwp": 302})),
    # The public application and the links sent by e-mail: anyone, signed in or not.
    Case("join:apply", expect=everyone(200)),
    Case("join:institution-search", expect=everyone(200)),
    Case("join:sent", expect=everyone(200)),
    Case("join:confirm", kwargs=BOGUS, expect=everyone(200)),  # the "invalid link" page
    Case("join:confirm-request", expect=everyone(200)),
    Case("accounts:invitation", kwargs=BOGUS, expect=everyone(200)),
    Case("accounts:invitation-request", expect=everyone(200)),
    Case("accounts:email-confirm", kwargs=BOGUS, expect=everyone(200)),
    Case("accounts:profile", expect=everyone(200) | {"anonymous": LOGIN}),
    Case("accounts:email-change", method="post", expect=everyone(200) | {"anonymous": LOGIN}),
]


def extend_world(world) -> None:
    from institutions.models import RspoImport
    from institutions.tests.factories import ApplicationFactory, UserFactory

    world.extra["rspo_import"] = RspoImport.objects.create(
        uploaded_by=world.kwp,
        filename="rspo-malopolska.csv",
        content=f'{RSPO_HEADER}\n"261234";"Szkoła podstawowa";"Szkoła Podstawowa nr 5 w Wieliczce";"32-020";'
                '"Wieliczka";"MAŁOPOLSKIE";"wielicki"\n',
    )
    world.extra["application"] = ApplicationFactory(name="Szkoła Podstawowa nr 3 w Wieliczce")
    world.extra["invited_user"] = UserFactory(username="zaproszona", email="zaproszona@example.pl", password=None)
