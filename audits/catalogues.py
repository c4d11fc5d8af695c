"""The default rulebooks of both programmes, with their criteria catalogues (35 points each).

Written from the programme's yearly cycle: diagnosis (surveys, site inspection), partners and a joint
analysis, the Integrated Action Plan, implementation (peer violence, dangerous places, prevention
classes, safe-space changes) and evaluation. Loaded by the data migration 0002 and usable by the demo
and tests. The loader takes `apps` (historical models in a migration, `django.apps.apps` elsewhere)
and is idempotent: a programme that already has a version in force from the same date is skipped.
"""

import datetime
from dataclasses import dataclass

DEFAULT_LABEL = "2025"
DEFAULT_EFFECTIVE_FROM = datetime.date(2025, 9, 1)


@dataclass(frozen=True)
class CriterionSpec:
    code: str
    title: str
    points: int
    evidence: bool
    coordinator: str
    auditor: str


@dataclass(frozen=True)
class AreaSpec:
    number: int
    title: str
    criteria: tuple[CriterionSpec, ...]


@dataclass(frozen=True)
class RulebookSpec:
    programme: str
    title: str  # the certificate's name, as in „…”
    certificate_validity_years: int
    extension_validity_years: int
    areas: tuple[AreaSpec, ...]
    max_points: int = 35
    pass_threshold_percent: int = 80
    lider_min_years: int = 7

    @property
    def total(self) -> int:
        return sum(c.points for area in self.areas for c in area.criteria)

    def name(self, label: str) -> str:
        return f"Regulamin nadawania certyfikatu „{self.title}” (wersja {label})"


SPB = RulebookSpec(
    programme="SPB",
    title="Szkoła Promująca Bezpieczeństwo",
    certificate_validity_years=2,
    extension_validity_years=5,
    areas=(
        AreaSpec(1, "Diagnoza stanu bezpieczeństwa", (
            CriterionSpec(
                "1.1", "Badanie ankietowe uczniów", 3, True,
                "Opisz, kiedy i w jaki sposób przeprowadzono ankietę wśród uczniów (forma papierowa lub "
                "elektroniczna, klasy objęte badaniem, liczba ankietowanych i ich odsetek wśród wszystkich "
                "uczniów). Przedstaw najważniejsze wyniki, zwłaszcza dotyczące przemocy rówieśniczej i miejsc, "
                "w których uczniowie nie czują się bezpiecznie. Załącz wzór ankiety i zestawienie wyników.",
                "Sprawdź, czy ankieta objęła reprezentatywną grupę uczniów (wszystkie poziomy nauczania), czy "
                "zachowano anonimowość i czy wyniki zostały opracowane, a nie tylko zebrane. Porównaj liczbę "
                "ankietowanych z danymi w samoocenie i poproś o wgląd w oryginalne zestawienie.",
            ),
            CriterionSpec(
                "1.2", "Badanie ankietowe rodziców i nauczycieli", 2, True,
                "Opisz ankietę skierowaną do rodziców oraz do nauczycieli i pracowników niepedagogicznych: sposób "
                "dotarcia do respondentów, liczbę wypełnionych ankiet i główne wnioski. Wskaż, czym opinie "
                "rodziców i nauczycieli różnią się od opinii uczniów. Załącz wzory ankiet i zestawienie wyników.",
                "Sprawdź, czy badanie objęło obie grupy i czy liczba odpowiedzi pozwala wyciągać wnioski. Zwróć "
                "uwagę, czy wyniki ankiet rodziców i nauczycieli zestawiono z wynikami ankiety uczniów.",
            ),
            CriterionSpec(
                "1.3", "Wizja lokalna i wskazanie miejsc niebezpiecznych", 3, True,
                "Opisz wizję lokalną budynku szkoły i jej otoczenia (boisko, droga do szkoły, przystanki, parking): "
                "datę, skład zespołu (dyrekcja, nauczyciele, uczniowie, dzielnicowy, partnerzy) i ustalenia. "
                "Wymień miejsca uznane za niebezpieczne wraz z uzasadnieniem. Załącz protokół wizji lokalnej, "
                "plan z zaznaczonymi miejscami oraz zdjęcia.",
                "Sprawdź protokół wizji lokalnej i skład zespołu: czy uczestniczył przedstawiciel Policji albo "
                "straży miejskiej lub gminnej. Podczas audytu obejdź wskazane miejsca i oceń, czy lista jest "
                "kompletna; zwróć uwagę na miejsca wskazane w ankietach, a pominięte w protokole.",
            ),
        )),
        AreaSpec(2, "Partnerzy i wspólna analiza", (
            CriterionSpec(
                "2.1", "Zespół partnerów programu", 2, True,
                "Wymień partnerów współpracujących ze szkołą w programie (np. samorząd, Kuratorium Oświaty, straż "
                "miejska lub gminna, komenda lub komisariat Policji, rada dzielnicy, organizacje pozarządowe) i "
                "opisz zakres współpracy z każdym z nich. Załącz porozumienia, listy intencyjne lub inne "
                "dokumenty potwierdzające współpracę.",
                "Sprawdź, czy współpraca z partnerami jest rzeczywista: czy partnerzy znają program i swoje "
                "zadania. W miarę możliwości porozmawiaj z przedstawicielem partnera. Samo porozumienie bez "
                "wspólnych działań nie uzasadnia pełnej liczby punktów.",
            ),
            CriterionSpec(
                "2.2", "Wspólna analiza wyników diagnozy i wybór priorytetów", 3, False,
                "Opisz spotkanie (lub spotkania), na którym szkoła wraz z partnerami omówiła wyniki ankiet i wizji "
                "lokalnej. Wskaż wybrane priorytety (zawsze z uwzględnieniem przemocy rówieśniczej i miejsc "
                "niebezpiecznych) i uzasadnij ich wybór. Możesz załączyć notatkę lub protokół ze spotkania.",
                "Sprawdź, czy priorytety wynikają z diagnozy, a nie zostały przyjęte z góry, i czy partnerzy "
                "uczestniczyli w ich wyborze. Priorytety powinny obejmować przemoc rówieśniczą i miejsca "
                "niebezpieczne, chyba że diagnoza wykazała brak takich zagrożeń.",
            ),
        )),
        AreaSpec(3, "Zintegrowany Plan Działania", (
            CriterionSpec(
                "3.1", "Opracowanie Zintegrowanego Planu Działania", 4, True,
                "Przedstaw plan działania przyjęty na bieżący rok szkolny: dla każdego priorytetu wskaż cel, "
                "konkretne działania, partnera odpowiedzialnego, termin realizacji i oczekiwany efekt (w miarę "
                "możliwości mierzalny). Opisz, jak plan został przyjęty i udostępniony społeczności szkolnej. "
                "Załącz plan w wersji przyjętej przez szkołę.",
                "Sprawdź, czy każde działanie ma odpowiedzialnego, termin i miernik efektu oraz czy plan odpowiada "
                "priorytetom z diagnozy. Plan powinien być znany radzie pedagogicznej i partnerom; zapytaj o to "
                "podczas audytu.",
            ),
        )),
        AreaSpec(4, "Realizacja działań", (
            CriterionSpec(
                "4.1", "Przeciwdziałanie przemocy rówieśniczej", 4, True,
                "Opisz działania zapobiegające przemocy rówieśniczej, w tym cyberprzemocy: zajęcia z uczniami, "
                "procedurę reagowania, sposób zgłaszania zdarzeń przez uczniów, współpracę z pedagogiem, "
                "psychologiem i Policją. Podaj liczbę uczestników i przykłady reakcji na zdarzenia (bez danych "
                "osobowych). Załącz procedurę reagowania i dokumentację zajęć.",
                "Sprawdź, czy szkoła ma spisaną i znaną procedurę reagowania na przemoc oraz czy ją stosuje "
                "(np. rejestr zdarzeń, bez wglądu w dane osobowe uczniów). Porozmawiaj z uczniami o tym, czy "
                "wiedzą, do kogo się zwrócić.",
            ),
            CriterionSpec(
                "4.2", "Poprawa bezpieczeństwa w miejscach niebezpiecznych", 3, False,
                "Dla każdego miejsca wskazanego w diagnozie opisz, co zrobiono, aby zmniejszyć zagrożenie (np. "
                "dyżury nauczycieli, patrole straży miejskiej lub Policji, zmiana organizacji ruchu), kto za to "
                "odpowiadał i jaki jest efekt. Wskaż miejsca, w których zagrożenia nie udało się jeszcze usunąć, "
                "oraz dalsze plany.",
                "Porównaj listę miejsc niebezpiecznych z diagnozy z opisem działań. Podczas obchodu sprawdź, czy "
                "zmiany są widoczne w terenie, i zapytaj dzielnicowego lub straż miejską o ich ocenę.",
            ),
            CriterionSpec(
                "4.3", "Dodatkowe zajęcia profilaktyczne", 3, False,
                "Wymień zajęcia profilaktyczne wykraczające poza stały program wychowawczo-profilaktyczny szkoły "
                "(np. spotkania z policjantami, warsztaty z partnerami, zajęcia o bezpieczeństwie w sieci, w ruchu "
                "drogowym, o uzależnieniach). Podaj tematy, prowadzących, liczbę uczestników i terminy. Możesz "
                "załączyć zdjęcia lub listy obecności.",
                "Sprawdź, czy zajęcia są dodatkowe w stosunku do obowiązkowego programu i czy odpowiadają "
                "priorytetom z diagnozy. Oceń udział partnerów w ich prowadzeniu.",
            ),
            CriterionSpec(
                "4.4", "Zmiany w infrastrukturze – bezpieczna przestrzeń", 3, True,
                "Opisz zmiany w budynku i otoczeniu szkoły poprawiające bezpieczeństwo zgodnie z zasadami "
                "projektowania bezpiecznej przestrzeni (np. oświetlenie, monitoring wizyjny, ogrodzenie, przejścia "
                "dla pieszych, kontrola wejść, likwidacja zakamarków). Podaj, kto sfinansował lub wykonał zmianę. "
                "Załącz zdjęcia „przed” i „po” lub protokoły odbioru prac.",
                "Sprawdź w terenie, czy opisane zmiany zostały wykonane i czy dotyczą miejsc wskazanych w "
                "diagnozie. Zwróć uwagę, czy monitoring i oświetlenie działają, a nie tylko zostały zamontowane.",
            ),
        )),
        AreaSpec(5, "Ewaluacja i ciągłość działań", (
            CriterionSpec(
                "5.1", "Ocena skuteczności działań (ewaluacja)", 3, False,
                "Opisz, jak sprawdzono skuteczność działań: np. ponowna ankieta, porównanie liczby zdarzeń przed i "
                "po, opinie uczniów, rodziców i partnerów. Przedstaw wnioski: co się udało, czego nie osiągnięto "
                "i dlaczego oraz co zmienicie w kolejnym roku.",
                "Sprawdź, czy ewaluacja opiera się na danych porównywalnych z diagnozą i czy wnioski przełożono na "
                "plan na kolejny rok. Szkoła powinna rzetelnie wskazać także działania nieskuteczne.",
            ),
            CriterionSpec(
                "5.2", "Promocja programu i ciągłość działań", 2, False,
                "Opisz, jak szkoła informuje o programie uczniów, rodziców i społeczność lokalną (strona "
                "internetowa, zebrania, media lokalne) oraz jak zapewnia ciągłość działań, np. przy zmianie "
                "koordynatora lub dyrekcji. Podaj adresy publikacji.",
                "Sprawdź, czy informacje o programie są dostępne i aktualne oraz czy szkoła ma zastępcę "
                "koordynatora lub inne rozwiązanie zapewniające ciągłość.",
            ),
        )),
    ),
)

UWPB = RulebookSpec(
    programme="UWPB",
    title="Uczelnia Wyższa Promująca Bezpieczeństwo",
    # Universities were granted certificates and extensions for four years each (see docs/editions.md).
    certificate_validity_years=4,
    extension_validity_years=4,
    areas=(
        AreaSpec(1, "Diagnoza stanu bezpieczeństwa na uczelni", (
            CriterionSpec(
                "1.1", "Badanie ankietowe studentów", 3, True,
                "Opisz ankietę wśród studentów, w tym mieszkańców domów studenckich i studentów zagranicznych: "
                "termin, formę (np. przez system uczelniany), liczbę respondentów i ich odsetek, wydziały i "
                "kampusy objęte badaniem. Przedstaw główne wyniki dotyczące poczucia bezpieczeństwa, przemocy i "
                "dyskryminacji oraz miejsc uznawanych za niebezpieczne. Załącz kwestionariusz i zestawienie "
                "wyników.",
                "Sprawdź, czy badanie objęło wszystkie kampusy i domy studenckie, czy zapewniono anonimowość i czy "
                "wyniki opracowano z podziałem na miejsca i grupy respondentów. Porównaj liczbę respondentów z "
                "danymi w samoocenie.",
            ),
            CriterionSpec(
                "1.2", "Badanie ankietowe pracowników uczelni", 2, True,
                "Opisz ankietę wśród nauczycieli akademickich i pracowników administracji (w tym administracji "
                "domów studenckich i służb ochrony): liczbę respondentów, główne wnioski i różnice w ocenie "
                "bezpieczeństwa w porównaniu ze studentami. Załącz kwestionariusz i zestawienie wyników.",
                "Sprawdź, czy badanie objęło zarówno pracowników dydaktycznych, jak i administracyjnych oraz czy "
                "wnioski zestawiono z wynikami ankiety studentów.",
            ),
            CriterionSpec(
                "1.3", "Wizja lokalna kampusu i domów studenckich", 3, True,
                "Opisz wizję lokalną budynków dydaktycznych, kampusu, parkingów, terenów zielonych, domów "
                "studenckich i dojść do przystanków: datę, skład zespołu (przedstawiciele uczelni, samorządu "
                "studenckiego, służb ochrony, Policji lub straży miejskiej) i ustalenia. Wymień miejsca uznane za "
                "niebezpieczne. Załącz protokół, mapę kampusu z zaznaczonymi miejscami i zdjęcia.",
                "Sprawdź protokół i skład zespołu: czy uczestniczyli przedstawiciele samorządu studenckiego i "
                "Policji. Podczas audytu obejdź wybrane miejsca, w tym teren co najmniej jednego domu "
                "studenckiego, i oceń kompletność listy.",
            ),
        )),
        AreaSpec(2, "Partnerzy i wspólna analiza", (
            CriterionSpec(
                "2.1", "Współpraca z samorządem studenckim i partnerami zewnętrznymi", 2, True,
                "Wymień partnerów programu: samorząd studencki, rady mieszkańców domów studenckich, służby ochrony "
                "uczelni, Policję, straż miejską, samorząd lokalny, radę dzielnicy i innych. Opisz zakres "
                "współpracy z każdym z nich i wskaż osobę koordynującą po stronie uczelni. Załącz porozumienia "
                "lub inne dokumenty potwierdzające współpracę.",
                "Sprawdź, czy samorząd studencki rzeczywiście współtworzy program (np. udział w diagnozie, "
                "organizacja działań), a nie jest jedynie o nim informowany. W miarę możliwości porozmawiaj z "
                "przedstawicielem samorządu studenckiego.",
            ),
            CriterionSpec(
                "2.2", "Wspólna analiza wyników diagnozy i wybór priorytetów", 3, False,
                "Opisz spotkanie uczelni z partnerami, na którym omówiono wyniki ankiet i wizji lokalnej. Wskaż "
                "wybrane priorytety (z uwzględnieniem przemocy i dyskryminacji wśród studentów oraz miejsc "
                "niebezpiecznych na kampusie i w domach studenckich) i uzasadnij ich wybór.",
                "Sprawdź, czy priorytety wynikają z diagnozy i czy w ich wyborze uczestniczyli partnerzy, "
                "zwłaszcza samorząd studencki.",
            ),
        )),
        AreaSpec(3, "Zintegrowany Plan Działania", (
            CriterionSpec(
                "3.1", "Opracowanie Zintegrowanego Planu Działania", 4, True,
                "Przedstaw plan działania na bieżący rok akademicki: dla każdego priorytetu cel, działania, "
                "odpowiedzialnego partnera (jednostkę uczelni, samorząd studencki, służby), termin i oczekiwany "
                "efekt. Opisz, kto zatwierdził plan (np. rektor lub prorektor) i jak go upowszechniono. Załącz "
                "plan w przyjętej wersji.",
                "Sprawdź, czy każde działanie ma odpowiedzialnego, termin i miernik efektu, czy plan obejmuje domy "
                "studenckie i czy został formalnie przyjęty przez władze uczelni.",
            ),
        )),
        AreaSpec(4, "Realizacja działań", (
            CriterionSpec(
                "4.1", "Przeciwdziałanie przemocy i dyskryminacji wśród studentów", 4, True,
                "Opisz działania zapobiegające przemocy rówieśniczej, dyskryminacji, molestowaniu i cyberprzemocy: "
                "procedury zgłaszania i reagowania (np. rzecznik praw studenta, pełnomocnik do spraw równego "
                "traktowania), szkolenia, kampanie informacyjne, wsparcie psychologiczne. Podaj przykłady reakcji "
                "na zgłoszenia (bez danych osobowych). Załącz procedury i materiały kampanii.",
                "Sprawdź, czy procedury są spisane, dostępne dla studentów (także zagranicznych) i stosowane w "
                "praktyce. Zapytaj studentów i przedstawicieli samorządu, czy wiedzą, gdzie zgłosić zdarzenie.",
            ),
            CriterionSpec(
                "4.2", "Bezpieczeństwo w domach studenckich", 3, False,
                "Opisz działania w domach studenckich: kontrolę wejść, zasady przebywania gości, ochronę "
                "przeciwpożarową, współpracę z radami mieszkańców i dzielnicowym, przeciwdziałanie nadużywaniu "
                "alkoholu i środków odurzających. Wskaż, jak rozwiązano problemy wskazane w diagnozie.",
                "Odwiedź co najmniej jeden dom studencki i sprawdź, czy opisane zasady obowiązują w praktyce i czy "
                "mieszkańcy je znają. Zwróć uwagę na miejsca wskazane w diagnozie.",
            ),
            CriterionSpec(
                "4.3", "Szkolenia i dodatkowe działania profilaktyczne", 3, False,
                "Wymień szkolenia i działania profilaktyczne dla studentów i pracowników (np. dni adaptacyjne dla "
                "pierwszego roku, spotkania z policjantami, pierwsza pomoc, bezpieczeństwo w sieci, "
                "przeciwdziałanie uzależnieniom, bezpieczeństwo imprez studenckich). Podaj tematy, prowadzących, "
                "liczbę uczestników i terminy.",
                "Sprawdź, czy działania odpowiadają priorytetom z diagnozy, docierają do studentów pierwszego roku "
                "i mieszkańców domów studenckich oraz czy partnerzy uczestniczą w ich prowadzeniu.",
            ),
            CriterionSpec(
                "4.4", "Bezpieczna przestrzeń kampusu i służby ochrony uczelni", 3, True,
                "Opisz zmiany w infrastrukturze kampusu i domów studenckich poprawiające bezpieczeństwo "
                "(oświetlenie, monitoring wizyjny, kontrola dostępu, oznakowanie, bezpieczne dojścia do przystanków "
                "i parkingów) oraz organizację służb ochrony uczelni (zasięg patroli, telefon alarmowy, współpraca "
                "z Policją). Załącz zdjęcia „przed” i „po” lub protokoły odbioru prac.",
                "Sprawdź w terenie wykonanie opisanych zmian i ich związek z miejscami wskazanymi w diagnozie. "
                "Zapytaj służby ochrony o sposób reagowania na zgłoszenia i współpracę z Policją.",
            ),
        )),
        AreaSpec(5, "Ewaluacja i ciągłość działań", (
            CriterionSpec(
                "5.1", "Ocena skuteczności działań (ewaluacja)", 3, False,
                "Opisz, jak zbadano skuteczność działań (np. ponowna ankieta, statystyki zdarzeń na kampusie i w "
                "domach studenckich, opinie samorządu studenckiego i partnerów) i jakie wnioski wyciągnięto na "
                "kolejny rok akademicki.",
                "Sprawdź, czy ewaluacja odnosi się do wyników diagnozy i czy wnioski uwzględniono w planie na "
                "kolejny rok.",
            ),
            CriterionSpec(
                "5.2", "Promocja programu i ciągłość działań", 2, False,
                "Opisz, jak uczelnia informuje studentów, kandydatów i pracowników o programie (strona "
                "internetowa, media społecznościowe, materiały dla pierwszego roku) oraz jak zapewnia ciągłość "
                "działań przy zmianie władz uczelni, samorządu studenckiego lub koordynatora.",
                "Sprawdź dostępność i aktualność informacji o programie oraz to, czy uczelnia wyznaczyła osoby "
                "odpowiedzialne za program na okres dłuższy niż kadencja samorządu studenckiego.",
            ),
        )),
    ),
)

DEFAULT_RULEBOOKS = (SPB, UWPB)


def load_default_rulebooks(apps, schema_editor=None, *, label: str = DEFAULT_LABEL,
                           effective_from: datetime.date = DEFAULT_EFFECTIVE_FROM) -> list:
    """Create each programme's default rulebook in force from `effective_from`, unless one exists then."""
    RulebookVersion = apps.get_model("audits", "RulebookVersion")
    CriterionArea = apps.get_model("audits", "CriterionArea")
    Criterion = apps.get_model("audits", "Criterion")
    created = []
    for spec in DEFAULT_RULEBOOKS:
        if RulebookVersion.objects.filter(programme=spec.programme, effective_from=effective_from).exists():
            continue
        rulebook = RulebookVersion.objects.create(
            programme=spec.programme, name=spec.name(label), effective_from=effective_from,
            certificate_validity_years=spec.certificate_validity_years,
            extension_validity_years=spec.extension_validity_years, max_points=spec.max_points,
            pass_threshold_percent=spec.pass_threshold_percent, lider_min_years=spec.lider_min_years,
            lider_requires_valid_certificate=True,
        )
        for area_spec in spec.areas:
            area = CriterionArea.objects.create(rulebook=rulebook, number=area_spec.number, title=area_spec.title)
            Criterion.objects.bulk_create(
                Criterion(area=area, code=c.code, position=position, title=c.title, guidance_coordinator=c.coordinator,
                          guidance_auditor=c.auditor, max_points=c.points, evidence_required=c.evidence)
                for position, c in enumerate(area_spec.criteria)
            )
        created.append(rulebook)
    return created


def unload_default_rulebooks(apps, schema_editor=None, *, label: str = DEFAULT_LABEL,
                             effective_from: datetime.date = DEFAULT_EFFECTIVE_FROM) -> None:
    """Reverse of the loader. Fails (PROTECT) if an edition uses them, as it should."""
    RulebookVersion = apps.get_model("audits", "RulebookVersion")
    for spec in DEFAULT_RULEBOOKS:
        RulebookVersion.objects.filter(
            programme=spec.programme, effective_from=effective_from, name=spec.name(label)
        ).delete()


def ensure_default_rulebooks(
    *, label: str = DEFAULT_LABEL, effective_from: datetime.date = DEFAULT_EFFECTIVE_FROM
) -> list:
    """The loader on the live models, for the demo and tests (e.g. after a transactional flush)."""
    from django.apps import apps

    return load_default_rulebooks(apps, label=label, effective_from=effective_from)
