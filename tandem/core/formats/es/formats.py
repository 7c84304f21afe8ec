# Spanish writes "12 de marzo de 2027" and the 24-hour clock.
DATE_FORMAT = r"j \d\e F \d\e Y"  # 12 de marzo de 2027
TIME_FORMAT = "H:i"  # 13:30
DATETIME_FORMAT = r"j \d\e F \d\e Y, H:i"  # 12 de marzo de 2027, 13:30
MONTH_DAY_FORMAT = r"j \d\e F"  # 12 de marzo
SHORT_DATE_FORMAT = "d/m/Y"  # 12/03/2027
SHORT_DATETIME_FORMAT = "d/m/Y H:i"  # 12/03/2027 13:30
WEEKDAY_DATE_FORMAT = r"l, j \d\e F \d\e Y"  # viernes, 12 de marzo de 2027
WEEKDAY_MONTH_DAY_FORMAT = r"l, j \d\e F"  # viernes, 12 de marzo
WEEKDAY_DATETIME_FORMAT = r"l, j \d\e F \d\e Y, H:i"  # viernes, 12 de marzo de 2027, 13:30
