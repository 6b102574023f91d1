from django.conf import settings

from portal.celery import app


def test_every_task_beat_schedules_is_registered_with_the_worker():
    app.loader.import_default_modules()

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert "reports.tasks.refresh_frequent_lexemes" in scheduled
    assert scheduled <= set(app.tasks)
