"""Excel and CSV import of a plan's table (Fokusområde | Aktivitet | … | Uppföljning).

``reading`` turns bytes into rows safely, ``parsing`` cleans cell values,
``analysis`` decides row by row what would happen, and ``spreadsheets.services.import_plan``
is the one entry point that the web page, the admin and the command call.
"""
