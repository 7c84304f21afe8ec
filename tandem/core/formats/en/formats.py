# Written out in full and with minutes always ("1:00 p.m.", never "1 p.m." or "noon"), so every
# page, PDF and e-mail reads the same way.
DATE_FORMAT = "F j, Y"  # March 12, 2027
TIME_FORMAT = "g:i a"  # 1:30 p.m.
DATETIME_FORMAT = "F j, Y, g:i a"  # March 12, 2027, 1:30 p.m.
MONTH_DAY_FORMAT = "F j"  # March 12
SHORT_DATE_FORMAT = "M j, Y"  # Mar 12, 2027
SHORT_DATETIME_FORMAT = "M j, Y, g:i a"  # Mar 12, 2027, 1:30 p.m.
WEEKDAY_DATE_FORMAT = "l, F j, Y"  # Friday, March 12, 2027
WEEKDAY_MONTH_DAY_FORMAT = "l, F j"  # Friday, March 12
WEEKDAY_DATETIME_FORMAT = "l, F j, Y, g:i a"  # Friday, March 12, 2027, 1:30 p.m.
