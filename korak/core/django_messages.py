"""Django's own messages that Korak's forms show but Django's Bosnian catalogue leaves
untranslated (checked against Django 6.1). Marking them here puts them in Korak's catalogues,
which take precedence over Django's (LOCALE_PATHS), so no form falls back to English.
The msgids must stay identical to Django's; test_i18n checks that each one is translated."""

from django.utils.translation import gettext_noop, ngettext_lazy

MESSAGES = (
    gettext_noop("- Select an option -"),  # the empty choice of ModelChoiceField
    gettext_noop("Enter a valid email address."),
    gettext_noop("email address"),  # named by the password-similarity check
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("This password is too common."),
    gettext_noop("This password is entirely numeric."),
)

PLURAL_MESSAGES = (
    ngettext_lazy("This password is too short. It must contain at least %d character.",
                  "This password is too short. It must contain at least %d characters.", 1),
    ngettext_lazy("Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
                  "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).", 1),
)
