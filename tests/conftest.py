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
def as_role(client, django_user_model):
    """``as_role("Author")``: the client signed in as a staff member of that role (the
    groups desk's migrations make), the same user for the same role."""
    from django.contrib.auth.models import Group

    def login(role: str):
        user, _ = django_user_model.objects.get_or_create(
            username=role.lower(),
            defaults={"is_staff": True, "email": f"{role.lower()}@example.com"},
        )
        user.groups.add(Group.objects.get(name=role))
        client.force_login(user)
        return client

    return login


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


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in English: a request to /ja/… leaves its language active in the
    thread (LocaleMiddleware activates, nothing deactivates), which would leak into the
    next test's reverse() and gettext."""
    from django.utils import translation

    translation.activate("en-gb")
    yield
    translation.activate("en-gb")
