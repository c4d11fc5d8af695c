"""Where each app's contribution goes in the menus and on the shared pages, all in one place.

The apps answer core.signals / institutions.signals / audits.signals with NavItem(s) and Section(s);
core.lib.sections.collect sorts them by these numbers (equal numbers keep the apps' order in LOCAL_APPS).
"""


class MainMenu:
    APPLICATIONS = 5  # institutions (KWP)
    EDITIONS = 20  # audits (KWP)
    RULEBOOKS = 25  # audits (KWP)
    RULES = 26  # audits (coordinators: the rulebooks in force)
    SELF_ASSESSMENTS = 30  # audits (KWP)
    AUDITS = 40  # audits (KWP: all audits; auditors: their own)
    COMMISSION = 50  # certification (auditors on a certification commission)
    CERTIFICATES = 60  # certification (KWP)
    UNIT = 70  # reports (a unit's prevention officers; KWP: any unit)
    SURVEYS = 75  # surveys (KWP: questionnaires and the region's results)
    EXPORTS = 90  # reports (KWP, coordinators: their own exports)


class PublicMenu:
    JOIN = 5  # institutions
    VERIFY = 10  # certification
    REGISTER = 20  # certification
    RULES = 30  # audits (the rulebooks in force)


class StartPage:
    APPLICATIONS = 5  # institutions (KWP)
    EDITION = 10  # audits (KWP: the current edition; coordinators: their enrolments)
    CERTIFICATES = 30  # certification


class InstitutionPage:
    PARTNERS = 10  # partners
    ENROLMENTS = 30  # audits (editions)
    SELF_ASSESSMENTS = 30  # audits (self-assessments)
    AUDITS = 50  # audits
    CERTIFICATES = 80  # certification


class EditionPage:
    AUDITS = 40  # audits


class EnrolmentPage:
    SURVEYS = 20  # surveys
    AUDITS = 40  # audits


class AuditPage:
    SURVEYS = 10  # surveys (the diagnosis in numbers)


class SelfAssessmentDiagnosis:
    SURVEYS = 10  # surveys (the head counts from the surveys, and the button to fill them in)
