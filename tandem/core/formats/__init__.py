"""Tandem's date and time formats, one file per language (settings.FORMAT_MODULE_PATH).

Only what differs from Django's own files is here, plus the names Django has no setting for
(WEEKDAY_DATE_FORMAT, WEEKDAY_MONTH_DAY_FORMAT, WEEKDAY_DATETIME_FORMAT), which
`tandem.core.dates` reads. Adding a language is adding a folder with a formats.py.
"""
