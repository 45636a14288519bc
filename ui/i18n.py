"""The app's languages: English (the source text) and Simplified Chinese, made with Qt's
translation tools (`make translations`: pyside6-lupdate, then pyside6-lrelease into
resources/translations/). The language is chosen on the sign-in screen and remembered for
this station; Qt's own strings (OK, Cancel in standard dialogs) follow it.

Only what the ui writes is translated. Refusals worded by the services (labtracker.services)
stay English, as do the record itself and the printed documents.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QSettings,
    QTranslator,
)

#: The languages offered on the sign-in screen, by code, each named in itself.
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
SOURCE_LANGUAGE = "en"
SETTINGS_KEY = "language"

# The core's words that users read (lot statuses, roles, signature meanings). labtracker.domain
# keeps them in English for the record; the ui shows them through `domain_text`. Marked here
# so that lupdate extracts them; tests/ui/test_i18n.py checks this list against the domain's.
DOMAIN_WORDS = (
    QT_TRANSLATE_NOOP("Domain", "Created (awaiting aspirate)"),
    QT_TRANSLATE_NOOP("Domain", "Aspirate collected"),
    QT_TRANSLATE_NOOP("Domain", "Received in lab"),
    QT_TRANSLATE_NOOP("Domain", "In culture"),
    QT_TRANSLATE_NOOP("Domain", "In osteogenic induction"),
    QT_TRANSLATE_NOOP("Domain", "Seeded on scaffold (quarantine)"),
    QT_TRANSLATE_NOOP("Domain", "Released by QA"),
    QT_TRANSLATE_NOOP("Domain", "Rejected by QA"),
    QT_TRANSLATE_NOOP("Domain", "Dispatched to theatre"),
    QT_TRANSLATE_NOOP("Domain", "Implanted"),
    QT_TRANSLATE_NOOP("Domain", "Discarded"),
    QT_TRANSLATE_NOOP("Domain", "Technician"),
    QT_TRANSLATE_NOOP("Domain", "Supervisor / verifier"),
    QT_TRANSLATE_NOOP("Domain", "QA"),
    QT_TRANSLATE_NOOP("Domain", "Surgeon"),
    QT_TRANSLATE_NOOP("Domain", "Administrator"),
    QT_TRANSLATE_NOOP("Domain", "performed"),
    QT_TRANSLATE_NOOP("Domain", "verified"),
    QT_TRANSLATE_NOOP("Domain", "reviewed"),
    QT_TRANSLATE_NOOP("Domain", "approved for release"),
    QT_TRANSLATE_NOOP("Domain", "rejected"),
    QT_TRANSLATE_NOOP("Domain", "implanted"),
    QT_TRANSLATE_NOOP("Domain", "approved"),
)

_installed: list[QTranslator] = []
_current = SOURCE_LANGUAGE
_default_locale: QLocale | None = None


def translations_dir() -> Path:
    """Where the compiled translations (.qm) ship: resources/translations/."""
    import resources

    return Path(resources.__file__).resolve().parent / "translations"


def catalogue(code: str) -> Path:
    """The compiled translation of the app into `code`."""
    return translations_dir() / f"labtracker_{code}.qm"


def station_settings() -> QSettings:
    """This station's own preferences (not the site's regulated settings)."""
    return QSettings("labtracker", "labtracker")


def system_language() -> str:
    """The system's language when the app speaks it (Simplified Chinese), else English."""
    locale = QLocale.system()
    if (
        locale.language() == QLocale.Language.Chinese
        and locale.script() == QLocale.Script.SimplifiedHanScript
    ):
        return "zh_CN"
    return SOURCE_LANGUAGE


def remembered_language() -> str:
    """The language last chosen on this station's sign-in screen; if none was, the
    ``language`` of the station's settings file; else the system's."""
    value = station_settings().value(SETTINGS_KEY)
    if isinstance(value, str) and value in LANGUAGES:
        return value
    # Only now: the settings module (and its TOML parser) is not needed before the first
    # frame on a station whose language was chosen on its sign-in screen.
    from labtracker.settings import readable_settings

    station = readable_settings()
    if station is not None and station.language in LANGUAGES:
        return station.language
    return system_language()


def remember_language(code: str) -> None:
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}; known: {', '.join(LANGUAGES)}")
    settings = station_settings()
    settings.setValue(SETTINGS_KEY, code)
    settings.sync()


def current_language() -> str:
    """The language installed now (English until `install_language` installs another)."""
    return _current


def install_language(app: QCoreApplication, code: str, *, remember: bool = False) -> bool:
    """Show everything built from now on in `code`, replacing the language installed before.
    Widgets already on screen keep their text: rebuild them. With `remember`, this station
    starts in `code` next time. False when the translation could not be loaded (the app then
    speaks English)."""
    global _current, _default_locale
    if code not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}; known: {', '.join(LANGUAGES)}")
    while _installed:
        app.removeTranslator(_installed.pop())
    if _default_locale is None:
        _default_locale = QLocale()
    loaded = True
    if code != SOURCE_LANGUAGE:
        own = QTranslator(app)
        loaded = own.load(str(catalogue(code)))
        if loaded:
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            qt = QTranslator(app)
            # Qt's own texts: standard buttons, the calendar, the file and print dialogs.
            if qt.load(f"qtbase_{code}", qt_dir):
                app.installTranslator(qt)
                _installed.append(qt)
            app.installTranslator(own)
            _installed.append(own)
    if loaded:
        _current = code
        QLocale.setDefault(QLocale(code) if code != SOURCE_LANGUAGE else _default_locale)
    else:
        _current = SOURCE_LANGUAGE
        QLocale.setDefault(_default_locale)
    if remember:
        remember_language(code)
    return loaded


def domain_text(text: str) -> str:
    """One of the core's words (a lot status, a role, a signature meaning, also capitalised:
    "Verified") in the current language; text the list does not know is shown as it is."""
    translated = QCoreApplication.translate("Domain", text)
    if translated == text and text[:1].isupper():
        lower = text[:1].lower() + text[1:]
        translated = QCoreApplication.translate("Domain", lower)
        if translated == lower:
            return text
    return translated


def with_colon(label: str) -> str:
    """A field's label before its value: "Volume:", "体积：" (a full-width colon in Chinese)."""
    return QCoreApplication.translate("Punctuation", "{label}:").format(label=label)


def status_name(status) -> str:
    """A lot status (labtracker.domain.lot_states.LotStatus) as users read it."""
    return domain_text(status.label)


def role_name(role) -> str:
    """A role (labtracker.domain.permissions.Role) as users read it."""
    return domain_text(role.label)


def meaning_name(meaning) -> str:
    """A signature's meaning (labtracker.services.signatures.Meaning) as users read it."""
    return domain_text(meaning.label)
