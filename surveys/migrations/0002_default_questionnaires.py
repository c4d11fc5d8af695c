"""The default questionnaire per programme and audience, written for the programme in plain Polish.

The texts live here (not imported from the app) so that later edits of the app never change what
this migration wrote. KWP changes them in the app by copying a version.
"""

from django.db import migrations

SCALE = ["1", "2", "3", "4", "5"]
YES_NO = ["Tak", "Nie"]
OFTEN = ["Nigdy", "Raz lub dwa razy", "Kilka razy", "Często"]
SAFE_SCALE = "(1 – wcale nie, 5 – całkowicie)"

SUBSTANCES = ["Papierosy lub e-papierosy", "Alkohol", "Narkotyki lub dopalacze", "Leki bez potrzeby",
              "Nie widziałem/-am niczego takiego"]
PLACES = ["Toalety", "Szatnia", "Korytarze w czasie przerw", "Boisko lub teren wokół szkoły", "Przystanek",
          "Przejście przez jezdnię", "Parking", "Park lub skwer w pobliżu", "Nie ma takiego miejsca"]
HELP = ["Wychowawca lub inny nauczyciel", "Pedagog lub psycholog szkolny", "Dyrekcja", "Rodzic lub opiekun",
        "Policja (112)", "Telefon zaufania 116 111", "Nie wiem, do kogo się zwrócić"]
VIOLENCE = ["Wyśmiewanie, obrażanie", "Popychanie, bicie", "Zabieranie lub niszczenie rzeczy",
            "Wykluczanie z grupy", "Groźby", "Nic takiego mnie nie spotkało"]

PUPILS = [
    ("Jak bezpiecznie czujesz się w szkole? " + SAFE_SCALE, "scale", SCALE),
    ("Jak bezpiecznie czujesz się w drodze do szkoły i ze szkoły? " + SAFE_SCALE, "scale", SCALE),
    ("Czy w tym roku szkolnym ktoś w szkole zrobił Ci przykrość w jeden z tych sposobów?", "multiple", VIOLENCE),
    ("Jak często w tym roku szkolnym ktoś obrażał Cię, straszył lub ośmieszał w internecie "
     "(komunikatory, media społecznościowe, gry)?", "single", OFTEN),
    ("Czy widziałeś/-aś w szkole lub w jej pobliżu, jak ktoś używa któregoś z tych środków?", "multiple", SUBSTANCES),
    ("Które miejsca w szkole lub w jej pobliżu uważasz za niebezpieczne?", "multiple", PLACES),
    ("Do kogo zwrócił(a)byś się po pomoc, gdyby działo się coś złego?", "multiple", HELP),
    ("Czy wiesz, jak wezwać pomoc w nagłej sytuacji (numer 112)?", "yes_no", YES_NO),
    ("Na ile ufasz nauczycielom, że zareagują, gdy komuś dzieje się krzywda? (1 – wcale, 5 – bardzo)",
     "scale", SCALE),
    ("Na ile ufasz policji? (1 – wcale, 5 – bardzo)", "scale", SCALE),
    ("Co jeszcze chcesz nam powiedzieć o bezpieczeństwie? Nie podawaj imion ani nazwisk.", "text", []),
]

PARENTS = [
    ("Na ile Pani/Pana dziecko jest bezpieczne w szkole? " + SAFE_SCALE, "scale", SCALE),
    ("Na ile dziecko jest bezpieczne w drodze do szkoły i ze szkoły? " + SAFE_SCALE, "scale", SCALE),
    ("Czy w tym roku szkolnym dziecko doświadczyło przemocy ze strony rówieśników?", "single",
     ["Tak", "Nie", "Nie wiem"]),
    ("Czy dziecko doświadczyło przemocy lub nękania w internecie?", "single", ["Tak", "Nie", "Nie wiem"]),
    ("Czy niepokoi Panią/Pana dostępność substancji w otoczeniu szkoły?", "multiple",
     ["Papierosy lub e-papierosy", "Alkohol", "Narkotyki lub dopalacze", "Nic mnie nie niepokoi"]),
    ("Które miejsca w pobliżu szkoły uważa Pani/Pan za niebezpieczne?", "multiple", PLACES),
    ("Czy wie Pani/Pan, do kogo w szkole zgłosić zagrożenie bezpieczeństwa dziecka?", "yes_no", YES_NO),
    ("Na ile ufa Pani/Pan, że szkoła właściwie reaguje na przemoc? (1 – wcale, 5 – bardzo)", "scale", SCALE),
    ("Na ile ufa Pani/Pan policji w swojej okolicy? (1 – wcale, 5 – bardzo)", "scale", SCALE),
    ("Jak często rozmawia Pani/Pan z dzieckiem o bezpieczeństwie w internecie?", "single",
     ["Nigdy", "Rzadko", "Czasem", "Często"]),
    ("Co szkoła i jej partnerzy powinni zrobić w pierwszej kolejności? Bez imion i nazwisk.", "text", []),
]

STAFF = [
    ("Jak bezpiecznie czuje się Pani/Pan w pracy? " + SAFE_SCALE, "scale", SCALE),
    ("Jak ocenia Pani/Pan bezpieczeństwo w drodze do pracy i z pracy? " + SAFE_SCALE, "scale", SCALE),
    ("Czy w tym roku była Pani/był Pan świadkiem przemocy rówieśniczej?", "single", OFTEN),
    ("Czy zgłaszano Pani/Panu przypadki przemocy w internecie wśród {people}?", "single", OFTEN),
    ("Z jakimi substancjami spotkała się Pani/spotkał się Pan na terenie {place_gen} lub w pobliżu?", "multiple",
     ["Papierosy lub e-papierosy", "Alkohol", "Narkotyki lub dopalacze", "Z żadnymi"]),
    ("Które miejsca na terenie {place_gen} lub w pobliżu uważa Pani/Pan za niebezpieczne?", "multiple", PLACES),
    ("Czy zna Pani/Pan procedurę postępowania w sytuacji zagrożenia?", "yes_no", YES_NO),
    ("Czy w tym roku uczestniczyła Pani/uczestniczył Pan w szkoleniu z bezpieczeństwa lub reagowania na przemoc?",
     "yes_no", YES_NO),
    ("Jak ocenia Pani/Pan współpracę z policją? (1 – źle, 5 – bardzo dobrze)", "scale", SCALE),
    ("Na ile ufa Pani/Pan, że kierownictwo reaguje na zgłoszone zagrożenia? (1 – wcale, 5 – bardzo)",
     "scale", SCALE),
    ("Jakie działanie najbardziej poprawiłoby bezpieczeństwo? Bez imion i nazwisk.", "text", []),
]

STUDENTS = [
    ("Jak bezpiecznie czujesz się na terenie uczelni? " + SAFE_SCALE, "scale", SCALE),
    ("Jak bezpiecznie czujesz się w drodze na uczelnię i z uczelni, także wieczorem? " + SAFE_SCALE, "scale", SCALE),
    ("Czy na uczelni lub w akademiku spotkało Cię w tym roku coś z poniższych?", "multiple",
     ["Obrażanie, poniżanie", "Przemoc fizyczna", "Molestowanie", "Kradzież", "Nic takiego"]),
    ("Jak często spotykałeś/-aś się z nękaniem w internecie ze strony osób z uczelni?", "single", OFTEN),
    ("Czy widziałeś/-aś na terenie uczelni lub w akademiku handel narkotykami lub dopalaczami?", "yes_no", YES_NO),
    ("Które miejsca na kampusie lub w pobliżu uważasz za niebezpieczne?", "multiple",
     ["Parkingi", "Przystanki", "Przejścia i kładki", "Teren akademików", "Nieoświetlone ścieżki",
      "Nie ma takiego miejsca"]),
    ("Czy wiesz, do kogo na uczelni zgłosić przemoc lub zagrożenie?", "yes_no", YES_NO),
    ("Na ile ufasz, że uczelnia właściwie reaguje na zgłoszenia? (1 – wcale, 5 – bardzo)", "scale", SCALE),
    ("Na ile ufasz policji? (1 – wcale, 5 – bardzo)", "scale", SCALE),
    ("Co jeszcze chcesz nam powiedzieć o bezpieczeństwie? Nie podawaj imion ani nazwisk.", "text", []),
]

INTRO = ("Ankieta jest anonimowa: nie logujesz się, nie zapisujemy adresu, urządzenia ani godziny. Wyniki "
         "oglądamy tylko zbiorczo. Każde pytanie możesz pominąć. Wypełnienie zajmie około 5 minut.")
INTRO_ADULT = ("Ankieta jest anonimowa: nie zapisujemy adresu, urządzenia ani godziny, a wyniki oglądamy tylko "
               "zbiorczo. Każde pytanie można pominąć. Wypełnienie zajmie około 5 minut.")

SETS = [
    ("SPB", "pupils_primary", "Ankieta dla uczniów klas 4–8: bezpieczeństwo w szkole i w drodze do szkoły",
     INTRO, PUPILS, {}),
    ("SPB", "pupils_secondary", "Ankieta dla uczniów: bezpieczeństwo w szkole i w drodze do szkoły",
     INTRO, PUPILS, {}),
    ("SPB", "parents", "Ankieta dla rodziców: bezpieczeństwo dzieci w szkole i w jej otoczeniu",
     INTRO_ADULT, PARENTS, {}),
    ("SPB", "staff", "Ankieta dla nauczycieli i pracowników szkoły: bezpieczeństwo w szkole",
     INTRO_ADULT, STAFF, {"place_gen": "szkoły", "people": "uczniów"}),
    ("UWPB", "students", "Ankieta dla studentów: bezpieczeństwo na uczelni i w jej otoczeniu",
     INTRO, STUDENTS, {}),
    ("UWPB", "staff", "Ankieta dla pracowników uczelni: bezpieczeństwo na uczelni",
     INTRO_ADULT, STAFF, {"place_gen": "uczelni", "people": "studentów"}),
]


def create(apps, schema_editor):
    Questionnaire = apps.get_model("surveys", "Questionnaire")
    Question = apps.get_model("surveys", "Question")
    Option = apps.get_model("surveys", "Option")
    for programme, audience, title, intro, questions, words in SETS:
        if Questionnaire.objects.filter(programme=programme, audience=audience).exists():
            continue
        questionnaire = Questionnaire.objects.create(programme=programme, audience=audience, version=1, title=title,
                                                     intro=intro, status="published")
        for position, (text, kind, options) in enumerate(questions, start=1):
            text = text.format(**words) if words else text
            question = Question.objects.create(questionnaire=questionnaire, position=position, text=text, kind=kind)
            Option.objects.bulk_create([Option(question=question, position=i, label=label)
                                        for i, label in enumerate(options)])


def remove(apps, schema_editor):
    Questionnaire = apps.get_model("surveys", "Questionnaire")
    Questionnaire.objects.filter(version=1, rounds__isnull=True, copied_from__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]
    operations = [migrations.RunPython(create, remove)]
