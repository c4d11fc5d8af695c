from zpb.tests.matrix import Case, only

A = lambda w: {"pk": w.institution_a.pk}  # noqa: E731
IMPORT = lambda w: {"pk": w.rspo_import.pk}  # noqa: E731

RSPO_HEADER = '"Numer RSPO";"Typ";"Nazwa";"Kod pocztowy";"Miejscowość";"Województwo";"Powiat"'

CASES = [
    Case("institutions:list", expect=only({"kwp": 200, "coordinator_a": 200, "coordinator_b": 200})),
    Case("institutions:create", expect=only({"kwp": 200})),
    Case("institutions:detail", kwargs=A, expect=only({"kwp": 200, "coordinator_a": 200}, default=404)),
    Case("institutions:edit", kwargs=A, expect=only({"kwp": 200, "coordinator_a": 200}, default=404)),
    Case("institutions:toggle-active", kwargs=A, method="post", expect=only({"kwp": 302})),
    Case("institutions:coordinator-add", kwargs=A, method="post", expect=only({"kwp": 302})),
    Case("institutions:coordinator-remove", kwargs=lambda w: {"pk": w.institution_a.pk, "user_pk": w.coordinator_a.pk},
         method="post", expect=only({"kwp": 302})),
    Case("institutions:rspo-import", expect=only({"kwp": 200})),
    Case("institutions:rspo-import-preview", kwargs=IMPORT, expect=only({"kwp": 200})),
    Case("institutions:rspo-import-apply", kwargs=IMPORT, method="post", expect=only({"kwp": 302})),
    Case("institutions:user-list", expect=only({"kwp": 200})),
    Case("institutions:user-create", expect=only({"kwp": 200})),
    Case("institutions:user-edit", kwargs=lambda w: {"pk": w.coordinator_a.pk}, expect=only({"kwp": 200})),
]


def extend_world(world) -> None:
    from institutions.models import RspoImport

    world.extra["rspo_import"] = RspoImport.objects.create(
        uploaded_by=world.kwp,
        filename="rspo-malopolska.csv",
        content=f'{RSPO_HEADER}\n"261234";"Szkoła podstawowa";"Szkoła Podstawowa nr 5 w Wieliczce";"32-020";'
                '"Wieliczka";"MAŁOPOLSKIE";"wielicki"\n',
    )
