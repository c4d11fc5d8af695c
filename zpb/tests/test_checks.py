from zpb.checks import celery_broker_check


def test_inline_celery_is_flagged_for_production(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert [w.id for w in celery_broker_check(None)] == ["zpb.W001"]


def test_a_broker_satisfies_the_check(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    assert celery_broker_check(None) == []
