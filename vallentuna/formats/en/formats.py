"""English as the pages write it ("30 April 2017", 24-hour time, weeks from Monday), not
Django's American defaults ("April 30, 2017, 9:41 p.m."): the same order as the Swedish
pages, for readers in a Swedish municipality. Input formats stay Django's (ISO first)."""

DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
