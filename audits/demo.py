"""Demo data of the audits app, in order: editions and rulebooks, self-assessments, audits."""

from . import demo_audits, demo_editions, demo_self_assessments


def seed(stdout, password: str) -> None:
    for part in (demo_editions, demo_self_assessments, demo_audits):
        part.seed(stdout, password=password)
