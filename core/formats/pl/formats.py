# Dates as the programme's documents write them (25.11.2026), in every language of the interface.
# Templates use |date:"SHORT_DATE_FORMAT" / |date:"SHORT_DATETIME_FORMAT"; Python uses core.lib.dates.short_date.
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
