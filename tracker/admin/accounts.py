"""Django's own pages for accounts and roles, with the tracker's refusal of a choice posted as
no key (``KeysOnlyAutocompletes``)."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User

from .widgets import KeysOnlyAutocompletes


class AccountAdmin(KeysOnlyAutocompletes, UserAdmin):
    pass


class RoleAdmin(KeysOnlyAutocompletes, GroupAdmin):
    pass


admin.site.unregister(User)
admin.site.register(User, AccountAdmin)
admin.site.unregister(Group)
admin.site.register(Group, RoleAdmin)
