"""Buyer accounts are Django users with allauth e-mail addresses; ``Buyer`` is the admin's
view of the users who are not staff."""

from django.contrib.auth import get_user_model


class Buyer(get_user_model()):
    class Meta:
        proxy = True
        verbose_name = "customer"
        verbose_name_plural = "customers"
