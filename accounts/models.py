"""Buyer accounts are Django users with allauth e-mail addresses; ``Buyer`` is the admin's
view of the users who are not staff, ``Profile`` the details a buyer keeps for checkout."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django_countries.fields import CountryField


class Buyer(get_user_model()):
    class Meta:
        proxy = True
        verbose_name = "customer"
        verbose_name_plural = "customers"


class Profile(models.Model):
    """What a buyer tells us once and finds prefilled at every checkout; their name and
    company also mark the copies they download."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="buyer_profile"
    )
    full_name = models.CharField(max_length=120, blank=True)
    company = models.CharField(max_length=160, blank=True)
    country = CountryField(blank=True)
    billing_address = models.TextField(max_length=1000, blank=True)
    vat_number = models.CharField("VAT number", max_length=20, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.full_name or str(self.user)


def user_display(user) -> str:
    """How allauth names a buyer in its messages: by address, never the generated username."""
    return user.email or user.get_username()
