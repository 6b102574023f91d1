import pytest


@pytest.fixture(autouse=True)
def _temporary_media_root(settings, tmp_path):
    """Every test writes generated files under its own temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_superuser(
        username="editor", email="editor@example.com", password="a-long-test-password"
    )


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def pytest_report_header(config):
    """The settings, database, task mode, cache and e-mail the suite runs with."""
    import django

    django.setup()
    from portal.runtime import runtime_summary

    return f"portal: {runtime_summary()}"
