"""The street's ledger (台账) of a campaign, as .xlsx and as a PDF with Chinese text.

Yucheng 五星争创 (seed 000): the street keeps a ledger of its review, item by item, and signs it. A summary row
per organization says what it self-assessed and declared, what the review gave, the vetoes hit, how the items
were checked, the stage it is at and its satisfaction share; then every organization's items with their
self-assessed and reviewed points and how each was checked; then how many organizations were reviewed and a
signature block. A fixed number of queries whatever the number of organizations.

``rows`` reads the ledger's rows from the database, ``export`` holds the export (its columns, the workbook and the
audited download) and ``pdf`` lays out the printed ledger.
"""
